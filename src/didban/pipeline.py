"""Composing stages, the per-document error policy, and the one runner every door calls.

A stage is a small function `stage(doc, options, resources) -> doc` that reads the layers it declares in `requires`
(and, when present, those in `reads`), takes its data from `resources` (a `didban.resources.Resources`: knowledge
base, gazetteer, tagger, codebook) and sets the layers it declares in `provides`. Stages register themselves with
`@stage(...)`; a `Pipeline` checks before it runs that every stage's inputs are provided by an earlier stage (or by
the reader), so a mis-ordered or partial pipeline fails at once with E203, not halfway through a corpus; and after
each stage that it set nothing it did not declare (a layer is a `Document` field, or "meta.KEY" for a key of
`Document.meta`), so the hand-offs between stages stay the ones written down.

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
import traceback
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from didban.document import Document
from didban.errors import Codes, DidbanError
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
        _REGISTRY[name] = Stage(name, func, tuple(requires), tuple(provides), tuple(reads))
        return func

    return register


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

    def __call__(self, doc: Document) -> Document:
        resources = self.resources
        for st in self.stages:
            # a layer already present (e.g. a stored document re-run from `events`) is recomputed on purpose
            before = _layers(doc)
            doc = st.func(doc, self.options, resources)
            _check_provides(st, before, _layers(doc))
        return doc


_DOCUMENT_FIELDS = tuple(f.name for f in fields(Document))


def _layers(doc: Document) -> dict[str, object]:
    """What each layer holds: the document's fields and, as "meta.KEY", the keys of its meta (compared by identity:
    the objects are kept, so a replaced one cannot share an id with its successor)."""
    found: dict[str, object] = {name: getattr(doc, name) for name in _DOCUMENT_FIELDS if name != "meta"}
    found.update((f"meta.{key}", value) for key, value in doc.meta.items())
    return found


_ABSENT = object()


def _check_provides(st: Stage, before: dict[str, object], after: dict[str, object]) -> None:
    """A stage that set a layer it does not declare is a bug (an undeclared hand-off): E203 names it."""
    undeclared = sorted(k for k, v in after.items() if before.get(k, _ABSENT) is not v and k not in st.provides)
    if undeclared:
        raise DidbanError(Codes.E203, f"stage {st.name!r} set {', '.join(undeclared)}, which it does not declare "
                                      f"in its provides ({', '.join(st.provides)})")


@dataclass(slots=True)
class Failure:
    """A document that could not be read or processed, reported and counted in a batch."""

    error: DidbanError
    source: str | None = None

    def to_dict(self) -> dict:
        return {**self.error.to_dict(), "source": self.source}


def internal_error(exc: BaseException, source: str | None) -> DidbanError:
    """Wrap an unexpected exception (a bug) so that one document cannot stop a batch; keep the last frame for a report."""
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
