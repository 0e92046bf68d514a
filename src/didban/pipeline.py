"""Composing stages, the per-document error policy, and the one runner every door calls.

A stage is a small function `stage(doc, options, resources) -> doc` that reads the layers it declares in `requires`
(and, when present, the reader's metadata it declares in `reads`), takes its data from `resources` (a
`didban.resources.Resources`: knowledge base, gazetteer, tagger, codebook) and sets the layers it declares in
`provides`; a stage that uses no data may take only `(doc, options)`. Stages register themselves with `@stage(...)`;
a `Pipeline` checks before it runs that every stage's inputs are provided by an earlier stage (or by the reader), so a
mis-ordered or partial pipeline fails at once with E203, not halfway through a corpus. The names are layers, metadata
keys and the typed fields of mentions ("mentions.appos"); `didban.handoffs` checks them (E208) and, with
`audit=True`, that a stage sets nothing it does not declare (E209).

Stage modules are imported when a pipeline is built, never by `import didban`, which keeps the package light.

The runner (the end of this file) is how every door starts the pipeline: the Python API (`didban.extract`), the CLI's
`extract`/`show`/`entities`/`demo`, batch ingest and `reprocess` (through `didban.batch` and the engines, which call
`pipeline_for` and `process_one` in each worker) and the HTTP server's `POST /api/documents` (`run_text`). One
`Options` object carries every setting to all of them, and one `Resources` (the process's `resources.shared()`
unless a caller gives another) carries the data. Role learning (`Options.learn_roles`) is a pass of its own after a
run (`didban.resolve.learning`): no document sees what another taught, so the output does not depend on the order
of the documents or on the workers.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from didban.document import Document
from didban.errors import Codes, DidbanError
from didban.handoffs import Snapshot, check_names, undeclared_writes
from didban.options import Options

if TYPE_CHECKING:
    from didban.resources import Resources

StageFunc = Callable[[Document, Options, "Resources"], Document]


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    func: StageFunc
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    reads: tuple[str, ...] = ()  # optional inputs: used when present (the reader's metadata)


_REGISTRY: dict[str, Stage] = {}

# The full pipeline in order, and the module that registers each stage. `text` and the metadata come from the reader.
STAGES: dict[str, str] = {
    "normalize": "didban.text.stage",
    "segment": "didban.segment.stage",
    "entities": "didban.entities.stage",
    "resolve": "didban.resolve.stage",
    "events": "didban.events.stage",
}
READER_LAYERS = ("text",)
# what a reader may also set, and stages read when it is there: the metadata of the input, and the country of a
# watched feed's outlet (`didban watch` passes the feed's "country"; it decides what "کشورمان" means)
READER_METADATA = ("id", "source", "url", "title", "outlet", "published", "published_reason",
                   "meta.outlet_country")


def stage(name: str, *, requires: Iterable[str] = (), provides: Iterable[str] = (), reads: Iterable[str] = ()):
    """Register `func` as the pipeline stage `name` (decorator)."""

    def register(func: StageFunc) -> StageFunc:
        called = func if _takes_resources(func) else lambda doc, options, resources: func(doc, options)
        _REGISTRY[name] = Stage(name, called, tuple(requires), tuple(provides), tuple(reads))
        return func

    return register


def _takes_resources(func) -> bool:
    """Whether a stage function takes the third argument: one that uses no data may be `stage(doc, options)`."""
    import inspect

    params = inspect.signature(func).parameters.values()
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 3 or any(p.kind is p.VAR_POSITIONAL for p in params)


def get_stage(name: str) -> Stage:
    if name not in _REGISTRY:
        module = STAGES.get(name)
        if module is None:
            raise DidbanError(Codes.E204, f"{name!r}; registered: {', '.join(STAGES)}")
        importlib.import_module(module)
        if name not in _REGISTRY:  # the module exists but forgot to register: a bug worth a clear message
            raise DidbanError(Codes.E204, f"{module} did not register a stage named {name!r}")
    return _REGISTRY[name]


class Pipeline:
    """An ordered, checked list of stages, and the data they use (`resources`; default: `resources.shared()`)."""

    def __init__(self, stages: Iterable[str] | None = None, options: Options | None = None,
                 resources: "Resources | None" = None):
        self.options = options or Options()
        self._resources = resources
        names = list(stages or self.options.stages or STAGES)
        self.stages = [get_stage(n) for n in names]
        available = set(READER_LAYERS)
        for st in self.stages:
            check_names(st.name, st.requires + st.provides + st.reads)
            missing = [layer for layer in st.requires if layer not in available]
            if missing:
                raise DidbanError(Codes.E203, f"stage {st.name!r} needs {', '.join(missing)}, "
                                              f"which no stage before it provides (order: {', '.join(names)})")
            unknown = [layer for layer in st.reads if layer not in READER_METADATA and layer not in available]
            if unknown:
                raise DidbanError(Codes.E203, f"stage {st.name!r} reads {', '.join(unknown)}, which neither the "
                                              f"reader nor a stage before it provides (order: {', '.join(names)})")
            available.update(st.provides)

    @property
    def resources(self) -> "Resources":
        """The data the stages use: the one given, else the process's shared one for the user's folders as they are
        now (asked per document, so a knowledge-base or codebook overlay added meanwhile is seen)."""
        if self._resources is not None:
            return self._resources
        from didban.resources import shared

        return shared()

    @classmethod
    def upto(cls, last: str, options: Options | None = None) -> "Pipeline":
        """The full pipeline cut after stage `last` (e.g. `Pipeline.upto("segment")`)."""
        names = list(STAGES)
        if last not in names:
            raise DidbanError(Codes.E204, f"{last!r}; registered: {', '.join(names)}")
        return cls(names[: names.index(last) + 1], options)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document, *, audit: bool = False) -> Document:
        """Run the stages over `doc`. `audit`: raise E209 when a stage sets something its `provides` does not name
        (each stage's writes are compared with a snapshot taken before it: for tests, not for production runs)."""
        resources = self.resources
        for st in self.stages:
            before = Snapshot(doc) if audit else None
            # a layer already present (e.g. a stored document re-run from `events`) is recomputed on purpose
            doc = st.func(doc, self.options, resources)
            if before is not None:
                undeclared_writes(st.name, st.provides, before, doc)
        return doc


@dataclass(slots=True)
class Failure:
    """A document that could not be read or processed, reported and counted in a batch."""

    error: DidbanError
    source: str | None = None

    def to_dict(self) -> dict:
        return {**self.error.to_dict(), "source": self.source}


def internal_error(exc: BaseException, source: str | None) -> DidbanError:
    """Wrap an unexpected exception (a bug) so that one document cannot stop a batch; keep the last frame for a report."""
    import traceback  # only when something failed

    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
    return DidbanError(Codes.E901, f"{type(exc).__name__}: {exc}{where}", path=source)


def process_one(doc: Document, pipeline: Pipeline) -> Document | Failure:
    """The pipeline over one document with the batch policy: an error becomes a `Failure` (or is raised, per
    `pipeline.options.on_error`)."""
    raise_errors = pipeline.options.on_error == "raise"
    try:
        return pipeline(doc)
    except DidbanError as exc:
        if raise_errors:
            raise
        exc.path = exc.path or doc.source
        return Failure(exc, doc.source)
    except Exception as exc:  # noqa: BLE001 - the batch policy: one bad document never stops the rest
        if raise_errors:
            raise
        return Failure(internal_error(exc, doc.source), doc.source)


def run_batch(items: Iterable[Document | DidbanError], pipeline: Pipeline) -> Iterator[Document | Failure]:
    """Run the pipeline over documents (or reader errors); failures are yielded as `Failure`, or raised.

    The policy comes from `pipeline.options.on_error`: "skip" reports and goes on (the batch's exit code then says
    something failed), "raise" re-raises at once (what tests want).
    """
    raise_errors = pipeline.options.on_error == "raise"
    for item in items:
        if isinstance(item, DidbanError):
            if raise_errors:
                raise item
            yield Failure(item, item.path)
            continue
        yield process_one(item, pipeline)


# --- the runner -----------------------------------------------------------------------------------------------------

_PIPELINES: dict[tuple, Pipeline] = {}


def pipeline_for(options: Options, stages: Iterable[str] | None = None,
                 resources: "Resources | None" = None) -> Pipeline:
    """The pipeline for `options` (and `stages`), built once per process: stages load their data (through the
    shared `Resources`) when first used, and every later document of the run (or of a worker process) reuses it.
    With `resources`, a pipeline over those (not kept)."""
    if resources is not None:
        return Pipeline(stages, options, resources)
    key = (options, tuple(stages) if stages is not None else None)
    pipeline = _PIPELINES.get(key)
    if pipeline is None:
        pipeline = _PIPELINES[key] = Pipeline(stages, options)
    return pipeline


def read_inputs(inputs: Iterable, options: Options) -> Iterator[Document | DidbanError]:
    """The documents of files, folders and "-" (stdin), input by input, so that a reader bug on one input costs that
    input, not the batch: unreadable inputs come back as `DidbanError` (or are raised, per `options.on_error`)."""
    from didban import read

    for path in inputs:
        try:
            yield from read.read_inputs([path], options)
        except DidbanError as exc:
            exc.path = exc.path or read.shown_path(path)
            yield exc
        except Exception as exc:  # noqa: BLE001 - the batch policy
            if options.on_error == "raise":
                raise
            yield internal_error(exc, read.shown_path(path))


def run(items: Iterable[Document | DidbanError], options: Options, stages: Iterable[str] | None = None,
        resources: "Resources | None" = None) -> Iterator[Document | Failure]:
    """Documents (or reader errors) through the pipeline in this process, in order; failures per `options.on_error`.
    With `options.learn_roles`, what the documents taught is applied once the last one is out (`finish_run`)."""
    from didban.resolve.learning import RoleLearning

    learning = RoleLearning(options, resources)
    for item in run_batch(items, pipeline_for(options, stages, resources)):
        learning.see(item)
        yield item
    learning.finish()


def run_inputs(inputs: Iterable, options: Options, stages: Iterable[str] | None = None,
               resources: "Resources | None" = None) -> Iterator[Document | Failure]:
    """Files, folders or "-" read and run through the pipeline: a `Document` or a `Failure` per document."""
    yield from run(read_inputs(inputs, options), options, stages, resources)


def run_document(doc: Document, options: Options, stages: Iterable[str] | None = None,
                 resources: "Resources | None" = None) -> Document:
    """One document read already through the pipeline (raises `DidbanError`), then role learning when asked."""
    doc = pipeline_for(options, stages, resources)(doc)
    finish_run([doc], options, resources)
    return doc


def run_text(text: str, options: Options, stages: Iterable[str] | None = None,
             resources: "Resources | None" = None, **meta) -> Document:
    """One document from a string in memory (never a path) through the pipeline; raises `DidbanError`.
    `meta`: source, url, title, outlet, published (see `didban.read.from_text`)."""
    from didban import read

    source = meta.pop("source", None)
    return run_document(read.from_text(text, source=source, options=options, **meta), options, stages, resources)


def finish_run(docs: Iterable, options: Options, resources: "Resources | None" = None) -> int:
    """What ends every run: with `options.learn_roles`, the offices the run's documents stated are added to the
    user's knowledge base (`didban.resolve.learning`); how many. The engines' runs call it in the parent process
    with the documents the workers sent back."""
    if not options.learn_roles:
        return 0
    from didban.resolve.learning import RoleLearning

    learning = RoleLearning(options, resources)
    for doc in docs:
        learning.see(doc)
    return learning.finish()
