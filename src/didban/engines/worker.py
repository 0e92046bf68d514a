"""The per-document function every engine runs, in whatever process it runs in.

`process_chunk` is a top-level function of plain, picklable arguments so that a process pool or a Dask worker can
import and call it. The pipeline (and the knowledge base its stages load) is built once per process and cached by the
runner (`didban.pipeline.pipeline_for`).
Failures travel back as `Failure`s: their `DidbanError` pickles itself (`DidbanError.__reduce__`).
"""
from __future__ import annotations

import os
import threading
import time

from didban.document import Document
from didban.options import Options
from didban.pipeline import Failure, pipeline_for, process_one

__all__ = ["process_chunk", "pipeline_for", "warm_up", "for_storage", "finish", "freeze_loaded",
           "PREPARE_FOR_MERGE"]

WARM_UP_TEXT = "وزیر امور خارجه روز شنبه در تهران با همتای خود دیدار و گفت‌وگو کرد."


PARENT_POLL_SECONDS = 1.0


def end_with_parent(interval: float = PARENT_POLL_SECONDS) -> None:
    """End this worker process when the process that started it dies. A parent killed with SIGKILL (the out-of-memory
    killer, kill -9) never tells its pool, and the workers would wait for work forever (about 100 MB each): a daemon
    thread notices that the parent changed (the orphan was adopted) and exits at once, mid-document or idle."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)  # no cleanup to run: the parent, the only writer, is gone

    threading.Thread(target=watch, name="didban-parent-watch", daemon=True).start()


def warm_up(options: Options) -> None:
    """Process initializer: tie the worker's life to its parent's, build the pipeline and run it once on a short
    sentence, so that the data stages load lazily (lexicons, gazetteer, knowledge base) is loaded before the first
    chunk arrives, once per process."""
    end_with_parent()
    pipeline = pipeline_for(options)
    try:
        pipeline(Document(text=WARM_UP_TEXT, source="<warm-up>"))
    except Exception:  # noqa: BLE001 - a stage that fails here fails on real documents too, where it is reported
        pass
    freeze_loaded()


_frozen = [False]


def freeze_loaded() -> None:
    """Move every object alive now — above all the pipeline's data, loaded once — out of the garbage collector's
    generations, once per process. Its full collections walked those millions of long-lived objects every few
    articles: 3-5 ms of CPU an article, measured, more in an ingest (building rows allocates)."""
    import gc

    if not _frozen[0]:
        _frozen[0] = True
        gc.freeze()


def for_storage(doc: Document) -> Document:
    """Drop the layers the store does not keep (tokens and the normalized copy, cheap to recompute): they are three
    quarters of a processed document's pickled size, so the trip back to the writing process costs a quarter."""
    doc.tokens = None
    doc.normalized = None
    return doc


# `prepare` asking for the rows and the merge's signature of the text (see `finish`)
PREPARE_FOR_MERGE = "rows+signature"


def finish(result, prepare: bool | str = False):
    """What travels back to the writing process: a `Failure`, the document slimmed for storage, or (`prepare`) its
    rows ready to insert (`didban.store.rows.PreparedDocument`: the row building, hashing and folding done here, in
    the worker, instead of in the single writer), with the MinHash signature of its text for the merge when
    `prepare` is PREPARE_FOR_MERGE."""
    if isinstance(result, Failure):
        return result
    if prepare:
        from didban.store.rows import prepare_document

        try:
            prepared = prepare_document(result)
        except Exception as exc:  # noqa: BLE001 - the batch policy: one bad document never stops the rest
            from didban.pipeline import internal_error

            return Failure(internal_error(exc, result.source), result.source)
        if prepare == PREPARE_FOR_MERGE:
            try:
                from didban.merge.duplicates import article_signature

                prepared.signature = article_signature(result.text)
            except Exception:  # noqa: BLE001 - only a shortcut: without it, the merge computes it from the text
                prepared.signature = None
        return prepared
    return for_storage(result)


def process_chunk(docs: list[Document], options: Options, prepare: bool | str = False) -> list:
    """Run the pipeline over a chunk: a `Failure` per document that failed, else what `finish` makes of it."""
    pipeline = pipeline_for(options)
    return [finish(process_one(doc, pipeline), prepare) for doc in docs]

