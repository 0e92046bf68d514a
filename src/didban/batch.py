"""Batch ingest: read → pipeline → store, streaming, on all cores, with a progress bar and a summary.

The parent process reads the inputs and is the only writer to the store; documents travel to the workers in small
chunks through a bounded window (at most `max_in_flight` chunks exist at any time), so memory stays flat whatever the
corpus size. Results come back in input order, so a run with 8 workers stores exactly what a run with 1 stores.

Engines (how chunks are processed) live in `didban.engines`: "local" (this machine's processes) and "dask"
(dask.distributed; imported only when chosen).
"""
from __future__ import annotations

import os
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from didban.document import Document
from didban.errors import DidbanError
from didban.options import Options
from didban.pipeline import Failure

CHUNK_SIZE = 16  # documents per task: large enough that IPC is cheap, small enough that progress stays smooth
# Documents per transaction, at most: one commit (and one insert per table) for many documents is what lets the single
# writer keep up with the workers. A killed ingest loses at most the batch not yet committed, never part of a document.
COMMIT_DOCS = 64
COMMIT_SECONDS = 2.0  # a batch is also committed once its first document has waited this long
KEEP_FAILURES = 1000  # failures kept with their details; beyond that only counted (memory stays flat on any corpus)


@dataclass(slots=True)
class IngestSummary:
    read: int = 0  # documents (and unreadable inputs) seen
    new: int = 0
    unchanged: int = 0  # already stored with the same content (not re-extracted unless forced)
    updated: int = 0
    failed: list[Failure] = field(default_factory=list)  # the first KEEP_FAILURES failures, in input order
    events: int = 0  # events found in the documents processed in this run
    seconds: float = 0.0
    skipped_existing: int = 0  # of `unchanged`: documents not re-extracted because their content id was stored
    duplicates: int = 0  # near-duplicate documents linked by the merge step (0 when `merged` is False)
    clusters: int = 0  # cross-article event clusters after the merge step
    multi_source_clusters: int = 0  # of which reported by two outlets or more
    merged: bool = False
    peak_in_flight: int = 0  # most documents held between reading and storing at any time (the memory bound)
    workers: int = 1
    engine: str = "local"
    store_seconds: float = 0.0  # spent in the store (lookups and writes): the part only the parent can do
    merge_seconds: float = 0.0
    failed_total: int = 0  # every failure, kept or not
    reasons: Counter = field(default_factory=Counter)  # failures per reason, all of them
    # where this run's new documents start (didban.merge.incremental.MergeChanges): what `merge_store` merges again
    merge_changes: object = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.failed_total and not self.failed

    def add_failure(self, failure: Failure) -> None:
        self.failed_total += 1
        self.reasons[f"{failure.error.code.name} {failure.error.code.value[0]}"] += 1
        if len(self.failed) < KEEP_FAILURES:
            self.failed.append(failure)

    def failure_reasons(self) -> dict[str, int]:
        """How many documents failed for each reason (error code and message)."""
        counts = self.reasons or Counter(f"{f.error.code.name} {f.error.code.value[0]}" for f in self.failed)
        return dict(counts.most_common())

    @property
    def failed_count(self) -> int:
        return max(self.failed_total, len(self.failed))

    def to_dict(self) -> dict:
        return {
            "read": self.read, "new": self.new, "unchanged": self.unchanged, "updated": self.updated,
            "skipped_existing": self.skipped_existing,
            "failed": self.failed_count, "failure_reasons": self.failure_reasons(),
            "failures": [f.to_dict() for f in self.failed],
            "events": self.events, "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.read / self.seconds, 2) if self.seconds else None,
            "merged": self.merged, "duplicates": self.duplicates, "clusters": self.clusters,
            "multi_source_clusters": self.multi_source_clusters,
            "peak_in_flight": self.peak_in_flight, "workers": self.workers, "engine": self.engine,
            "store_seconds": round(self.store_seconds, 3), "merge_seconds": round(self.merge_seconds, 3),
        }

    def render(self) -> str:
        """The human summary printed at the end of `didban ingest`."""
        rate = f" ({self.read / self.seconds:.1f} articles/s)" if self.seconds else ""
        lines = [
            f"read {self.read} document(s) in {_duration(self.seconds)}{rate} with {self.workers} worker(s)"
            f" [{self.engine}]",
            f"  new: {self.new}   updated: {self.updated}   unchanged: {self.unchanged}"
            + (f" (not re-extracted: {self.skipped_existing})" if self.skipped_existing else ""),
            f"  failed: {self.failed_count}"
            + (f" (details of the first {len(self.failed)})" if self.failed_count > len(self.failed) else ""),
        ]
        lines += [f"    {n} × {reason}" for reason, n in self.failure_reasons().items()]
        lines.append(f"  events found: {self.events}")
        if self.merged:
            lines.append(f"  near-duplicate articles: {self.duplicates}   event clusters: {self.clusters}"
                         f" ({self.multi_source_clusters} reported by several outlets)")
        return "\n".join(lines)


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# errors that concern the database, not the document: no later document could be stored either
DATABASE_FATAL = frozenset({"E401", "E402", "E403"})


def ingest_inputs(inputs: list[str], store, options: Options, **settings) -> IngestSummary:
    """Read `inputs` (files, folders, "-"), run the whole pipeline on every new document and store it; return the
    summary. `settings` are those of `ingest_documents`."""
    from didban.pipeline import read_inputs

    inputs = list(inputs)
    settings.setdefault("estimate", lambda: estimate_total(inputs))
    return ingest_documents(read_inputs(inputs, options), store, options, **settings)


def ingest_documents(items: Iterable[Document | DidbanError], store, options: Options, *, workers: int | None = None,
                     engine: str = "local", scheduler: str | None = None, progress: bool | None = None,
                     force: bool = False, merge: bool = True, chunk_size: int = CHUNK_SIZE,
                     max_in_flight: int | None = None, on_failure=None, on_stored=None,
                     estimate=None, commit_docs: int | None = None,
                     commit_seconds: float | None = None) -> IngestSummary:
    """Run the whole pipeline on documents (or reader errors, reported as failures) and store them; the summary.

    - `workers`: processes (default: all cores); 1 runs in this process. `engine="dask"` runs the same per-document
      function on dask.distributed (`scheduler`: an address; none starts a LocalCluster).
    - `progress`: a bar on stderr; None = only when stderr is a terminal. `estimate()`: the expected count, for the ETA.
    - `force`: re-extract documents whose content id is already stored (default: they are skipped as unchanged).
    - `merge`: link near-duplicate articles and cluster the same event across articles at the end.
    - `on_failure(failure)`: called as each failure happens (e.g. to report it at once); the summary keeps the first
      `KEEP_FAILURES` in `failed` and counts all of them.
    - `on_stored(doc, status)`: called once each document is in the store, i.e. after its batch committed (what
      `didban watch` records): status "new", "updated", "unchanged", or "stored" for a document skipped because its
      content id was already there. `doc` has at least `.id` and `.source`.
    - `commit_docs`, `commit_seconds`: documents are written in batches, one transaction each, of at most
      `commit_docs` documents (default `$DIDBAN_COMMIT_EVERY`, else COMMIT_DOCS), committed at the latest
      `commit_seconds` after the first of them arrived (as long as results keep coming) and at the end.
    A bad document never stops the batch (unless `options.on_error == "raise"`): it lands in `summary.failed`.
    With `options.learn_roles`, the offices the documents state are learned here, in the parent, once every document
    is stored (`didban.resolve.learning`): the same facts whatever the order and the number of workers.
    """
    from didban.engines import get_engine
    from didban.resolve.learning import RoleLearning

    started = time.monotonic()
    workers = max(1, workers or os.cpu_count() or 1)
    summary = IngestSummary(workers=workers, engine=engine)
    run_chunks = get_engine(engine)
    bar = make_progress(progress, estimate=estimate)
    raise_errors = options.on_error == "raise"
    learning = RoleLearning(options)

    writer = _Writer(store, summary, raise_errors, on_failure, on_stored, commit_docs or default_commit_docs(),
                     COMMIT_SECONDS if commit_seconds is None else commit_seconds)

    def chunks() -> Iterator[list[Document]]:
        """The documents, already-stored ones taken out (one lookup for each group of `chunk_size`), in chunks."""
        chunk: list[Document] = []
        for group in _groups(items, chunk_size):
            stored = set() if force else _stored_ids(store, [d.id for d in group if isinstance(d, Document)], summary)
            for item in group:
                if isinstance(item, DidbanError):  # an unreadable input: reported and counted, never sent to a worker
                    if raise_errors:
                        raise item
                    writer.add([Failure(item, item.path)])
                    bar.advance(1)
                    continue
                if item.id in stored:
                    summary.read += 1
                    summary.unchanged += 1
                    summary.skipped_existing += 1
                    bar.advance(1)
                    if on_stored is not None:
                        on_stored(item, "stored")
                    continue
                chunk.append(item)
                if len(chunk) >= chunk_size:
                    yield chunk
                    chunk = []
                    preload_merge()
        if chunk:
            yield chunk

    preloaded = [not merge or workers <= 1]

    def preload_merge() -> None:
        """Once the workers are started (the first chunk is theirs), load the merge's libraries (~1 s) while they warm
        up: the parent would only wait. Not in a thread: a process forked while a thread imports can hang."""
        if not preloaded[0]:
            preloaded[0] = True
            from didban.merge.duplicates import preload

            preload()

    prepare = writer.batched and not learning.enabled
    if prepare and merge:
        from didban.engines.worker import PREPARE_FOR_MERGE

        prepare = PREPARE_FOR_MERGE  # the workers compute what the merge needs of each text too
    try:
        for results in run_chunks(chunks(), options, workers=workers, scheduler=scheduler,
                                  max_in_flight=max_in_flight or 2 * workers, stats=summary, prepare=prepare):
            for item in results:
                learning.see(item)  # (it needs whole documents: with it, the parent builds the rows)
            writer.add(results)
            bar.advance(len(results))
        writer.flush()
    except BaseException:
        writer.flush_after_error()  # what was processed before an interruption is kept, whole documents only
        raise
    finally:
        bar.close()
    learning.finish()
    summary.merge_changes = writer.changes
    if merge:
        merge_store(store, summary)
    summary.seconds = time.monotonic() - started
    return summary


def default_commit_docs() -> int:
    """Documents per transaction: `$DIDBAN_COMMIT_EVERY` when set (1 commits each document alone), else COMMIT_DOCS."""
    value = os.environ.get("DIDBAN_COMMIT_EVERY", "").strip()
    try:
        return max(1, int(value)) if value else COMMIT_DOCS
    except ValueError:
        raise DidbanError("E201", f"DIDBAN_COMMIT_EVERY={value!r}", hint="a whole number of documents, e.g. 64")


def _groups(items: Iterable, size: int) -> Iterator[list]:
    group: list = []
    for item in items:
        group.append(item)
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group


class _Writer:
    """The parent's side of an ingest: stores the results in batches, one transaction per batch.

    A batch is committed when it holds `docs` documents, when its first document has waited `seconds` (checked as
    results arrive) and at the end; `on_stored` is told only after the commit. If a batch cannot be written because
    of one document (its rows break a rule), the batch is written again one document at a time, so that only that
    document fails. A store without `write_prepared` (a test double) is given each document as it comes.
    """

    def __init__(self, store, summary: IngestSummary, raise_errors: bool, on_failure, on_stored, docs: int,
                 seconds: float):
        self.store, self.summary = store, summary
        self.raise_errors, self.on_failure, self.on_stored = raise_errors, on_failure, on_stored
        self.batched = hasattr(store, "write_prepared")
        self.docs, self.seconds = max(1, docs), seconds
        self.pending: list = []
        self.ids: set[str] = set()
        self.since: float | None = None
        from didban.merge.incremental import MergeChanges

        self.changes = MergeChanges()

    def add(self, results: list) -> None:
        for item in results:
            if isinstance(item, Failure):
                self.summary.read += 1
                _fail(item, self.summary, self.on_failure)
            elif not self.batched:
                _store_one(item, self.store, self.summary, self.raise_errors, self.on_failure, self.on_stored,
                           self.changes)
            else:
                if not hasattr(item, "rows"):  # a whole document (the workers were not asked for rows)
                    from didban.store.rows import prepare_document

                    item = prepare_document(item)
                if item.id in self.ids:  # the same text twice: write the first before comparing the second
                    self.flush()
                self.pending.append(item)
                self.ids.add(item.id)
                self.since = self.since or time.monotonic()
                if len(self.pending) >= self.docs:
                    self.flush()
        if self.pending and time.monotonic() - self.since >= self.seconds:
            self.flush()

    def flush(self) -> None:
        batch, self.pending, self.ids, self.since = self.pending, [], set(), None
        if not batch:
            return
        started = time.monotonic()
        try:
            statuses = self.store.write_prepared(batch)
        except DidbanError as exc:
            if self.raise_errors or exc.code.name in DATABASE_FATAL:
                raise
            if len(batch) > 1:  # rolled back whole: find the document at fault, store the others
                self.summary.store_seconds += time.monotonic() - started
                for doc in batch:
                    self.pending, self.ids = [doc], {doc.id}
                    self.flush()
                return
            exc.path = exc.path or batch[0].source
            self.summary.read += 1
            _fail(Failure(exc, batch[0].source), self.summary, self.on_failure)
            return
        finally:
            self.summary.store_seconds += time.monotonic() - started
        for doc, status in zip(batch, statuses):
            _count_stored(doc, status, doc.events, self.summary, self.on_stored, self.changes)

    def flush_after_error(self) -> None:
        """On an interruption or an error, commit what is pending if the database still takes it."""
        try:
            self.flush()
        except Exception:  # noqa: BLE001 - the original error is the one to report
            pass


def merge_store(store, summary: IngestSummary) -> None:
    """The cross-article step that ends every ingest (near-duplicates, event clusters), its figures in `summary`.
    Only the part of the store that the run's new documents can change is merged again
    (`didban.merge.run_merge_since` with `summary.merge_changes`); the whole store when the run did not note them."""
    from didban.merge import run_merge, run_merge_since

    merge_started = time.monotonic()
    changes = summary.merge_changes
    result = run_merge(store) if changes is None else run_merge_since(store, changes)
    summary.merge_seconds = time.monotonic() - merge_started
    summary.merged, summary.duplicates, summary.clusters = True, result.duplicates, result.clusters
    summary.multi_source_clusters = result.multi_source_clusters


def stored_documents(store) -> Iterator[Document]:
    """Every stored document as the reader would give it (original text and metadata, no layers): what `reprocess`
    runs through the pipeline again."""
    for doc_id in store.document_ids():
        stored = store.get_document(doc_id)
        yield Document(text=stored.text, id=stored.id, source=stored.source, url=stored.url, title=stored.title,
                       outlet=stored.outlet, published=stored.published, published_reason=stored.published_reason,
                       meta=stored.meta)


def _store_one(item: Document | Failure, store, summary: IngestSummary, raise_errors: bool,
               on_failure=None, on_stored=None, changes: "MergeChanges | None" = None) -> None:
    """Store one document in its own transaction (stores without `write_prepared`)."""
    if isinstance(item, Failure):
        summary.read += 1
        _fail(item, summary, on_failure)
        return
    started = time.monotonic()
    try:
        status = store.upsert_document(item)  # one transaction per document
    except DidbanError as exc:  # e.g. a database error on this document only
        if raise_errors or exc.code.name in DATABASE_FATAL:
            raise  # the database itself cannot be written (read-only, full, gone): stop, do not extract the rest
        exc.path = exc.path or item.source
        summary.read += 1
        _fail(Failure(exc, item.source), summary, on_failure)
        return
    finally:
        summary.store_seconds += time.monotonic() - started
    _count_stored(item, status, len(item.events or []), summary, on_stored, changes)


def _count_stored(doc, status: str, events: int, summary: IngestSummary, on_stored, changes) -> None:
    summary.read += 1
    if status == "new":
        summary.new += 1
    elif status == "updated":
        summary.updated += 1
    else:
        summary.unchanged += 1
    summary.events += events
    if changes is not None and status != "unchanged":
        changes.note(doc, status)
    if on_stored is not None:
        on_stored(doc, status)


def _stored_ids(store, doc_ids: list[str], summary: IngestSummary) -> set[str]:
    """Which of `doc_ids` are stored: one query when the store can (`stored_ids`), else one per id."""
    started = time.monotonic()
    try:
        if hasattr(store, "stored_ids"):
            return store.stored_ids(doc_ids)
        return {doc_id for doc_id in doc_ids if store.has_document(doc_id)}
    finally:
        summary.store_seconds += time.monotonic() - started


def _fail(failure: Failure, summary: IngestSummary, on_failure) -> None:
    summary.add_failure(failure)
    if on_failure is not None:
        on_failure(failure)


# --- progress -----------------------------------------------------------------------------------------------------

class _NoProgress:
    def advance(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


class ProgressBar:
    """A one-line bar on stderr: done/total, articles/s and ETA; redrawn at most 5 times a second.

    The total is an estimate counted in a background thread (files, JSON lines), so the bar starts at once and shows
    an ETA as soon as the count is known.
    """

    def __init__(self, estimate=None, stream=None, width: int = 28):
        import threading

        self.stream = stream or sys.stderr
        self.width = width
        self.done = 0
        self.total: int | None = None
        self.started = time.monotonic()
        self._last_draw = 0.0
        self._marks: deque[tuple[float, int]] = deque()  # (time, done) from the first result on
        if estimate is not None:
            def count():
                try:
                    self.total = estimate()
                except Exception:  # noqa: BLE001 - an estimate is a nicety; no bar must ever stop a batch
                    self.total = None
            threading.Thread(target=count, daemon=True).start()

    def advance(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self._last_draw >= 0.2:
            self._last_draw = now
            self._draw(now)

    def _rate(self, now: float) -> float:
        """Articles/s over the last half minute, counted from the first result: the start (workers loading their
        data) would otherwise skew the rate and the ETA for long."""
        self._marks.append((now, self.done))
        while len(self._marks) > 2 and now - self._marks[1][0] >= 30:
            self._marks.popleft()
        then, done_then = self._marks[0]
        return (self.done - done_then) / (now - then) if now - then >= 1 else self.done / max(now - self.started, 1e-9)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self._rate(now)
        total = self.total if self.total and self.total >= self.done else None
        if total:
            filled = int(self.width * self.done / total)
            bar = "█" * filled + "·" * (self.width - filled)
            eta = _duration((total - self.done) / rate) if rate > 0 else "?"
            line = f"\r{bar} {self.done}/{total} {rate:6.1f} articles/s ETA {eta}"
        else:
            line = f"\r{self.done} articles {rate:6.1f} articles/s {_duration(elapsed)}"
        self.stream.write(line + "\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        self._draw(time.monotonic())
        self.stream.write("\n")
        self.stream.flush()


def make_progress(progress: bool | None, estimate=None):
    """A progress bar when asked, or by default when stderr is a terminal; a silent stand-in otherwise."""
    if progress is None:
        progress = sys.stderr.isatty()
    return ProgressBar(estimate) if progress else _NoProgress()


def estimate_total(inputs: Iterable[str]) -> int:
    """A quick count of the documents in `inputs` for the ETA: one per file, one per non-empty JSON line."""
    from pathlib import Path

    total = 0
    for raw in inputs:
        path = Path(raw)
        files = (p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for p in files:
            if p.suffix.lower() in (".jsonl", ".json") and p.is_file():  # never open a FIFO: it would block
                total += _count_lines(p)
            elif p.suffix.lower() in (".txt", ".html", ".htm", ".jsonl", ".json") or not path.is_dir():
                total += 1
    return total


def _count_lines(path) -> int:
    count = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            count += block.count(b"\n")
    return max(count, 1)
