"""The local engine: this process (workers=1) or a pool of worker processes on this machine."""
from __future__ import annotations

from collections import deque
from typing import Iterable, Iterator

from didban.engines.worker import finish, freeze_loaded, pipeline_for, process_chunk, warm_up
from didban.options import Options
from didban.pipeline import Failure, process_one


def run_local(chunks: Iterable[list], options: Options, *, workers: int = 1, scheduler: str | None = None,
              max_in_flight: int = 2, stats=None, prepare: bool = False) -> Iterator[list]:
    """`prepare`: results come back as rows ready to insert (see `didban.engines.worker.finish`)."""
    if workers <= 1:
        yield from _run_here(chunks, options, stats, prepare)
    else:
        yield from _run_pool(chunks, options, workers, max_in_flight, stats, prepare)


def _run_here(chunks, options, stats, prepare):
    pipeline = pipeline_for(options)
    for chunk in chunks:
        _note_in_flight(stats, len(chunk))
        results = [finish(process_one(doc, pipeline), prepare) for doc in chunk]
        freeze_loaded()  # after the first chunk: the data the stages load when first used is loaded
        yield results


def _run_pool(chunks, options, workers, max_in_flight, stats, prepare):
    pools = _Pools(workers, options, prepare)
    try:
        yield from ordered_window(chunks, pools.submit, pools.collect, max_in_flight, stats)
    finally:
        pools.close()


class _Pools:
    """A process pool that survives the death of a worker (a crash in a C extension, the out-of-memory killer).

    A dead worker breaks the whole pool and every chunk in flight with it. The pool is then replaced, and the documents
    of each broken chunk are run again one by one: the one that kills its worker again is reported as a failure
    (E901), the others are processed normally, so one bad document still never stops the batch.
    """

    def __init__(self, workers: int, options: Options, prepare: bool = False):
        import multiprocessing

        # fork where available: workers inherit the already-imported package instead of importing it again
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.workers, self.options, self.prepare = workers, options, prepare
        self.generation = 0
        self.pool = self._new_pool()

    def _new_pool(self):
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=self.workers, mp_context=self.context, initializer=warm_up,
                                   initargs=(self.options,))

    def _replace(self, generation: int) -> None:
        if generation == self.generation:  # the first chunk to notice replaces the pool; the others reuse the new one
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new_pool()
            self.generation += 1

    def submit(self, chunk: list):
        return self.pool.submit(process_chunk, chunk, self.options, self.prepare), chunk, self.generation

    def collect(self, handle) -> list:
        from concurrent.futures.process import BrokenProcessPool

        future, chunk, generation = handle
        try:
            return future.result()
        except BrokenProcessPool:
            self._replace(generation)
            return [item for doc in chunk for item in self._run_alone(doc)]

    def _run_alone(self, doc) -> list:
        from concurrent.futures.process import BrokenProcessPool

        from didban.errors import Codes, DidbanError

        generation = self.generation
        try:
            return self.pool.submit(process_chunk, [doc], self.options, self.prepare).result()
        except BrokenProcessPool:
            self._replace(generation)
            error = DidbanError(Codes.E901, "the worker process died on this document (a crash or out of memory)",
                                path=doc.source)
            return [Failure(error, doc.source)]

    def close(self) -> None:
        # on an interruption (Ctrl-C, a raised error) drop the chunks not started yet instead of finishing them
        self.pool.shutdown(wait=True, cancel_futures=True)


def ordered_window(chunks: Iterable[list], submit, collect, max_in_flight: int, stats=None) -> Iterator[list]:
    """Submit chunks, never more than `max_in_flight` unanswered, and yield their results in submission order.

    Shared by the engines: `submit(chunk)` returns a handle, `collect(handle)` waits for its list of results.
    """
    window: deque = deque()
    in_flight = 0
    for chunk in chunks:
        window.append((submit(chunk), len(chunk)))
        in_flight += len(chunk)
        _note_in_flight(stats, in_flight)
        if len(window) >= max(1, max_in_flight):
            handle, size = window.popleft()
            in_flight -= size
            yield collect(handle)
    while window:
        handle, size = window.popleft()
        yield collect(handle)


def _note_in_flight(stats, n: int) -> None:
    if stats is not None and n > stats.peak_in_flight:
        stats.peak_in_flight = n
