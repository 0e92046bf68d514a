"""The Dask engine: the same per-chunk function as the local engine, run on dask.distributed workers.

With no scheduler address a LocalCluster is started on this machine (one single-threaded worker process per core:
the pipeline is pure Python, so threads would only fight over the GIL) and closed at the end; with an address the
engine connects to that existing cluster and leaves it running. Results come back to this process in input order
and are stored here, so the store holds exactly what a local run stores. Dask is imported only here (the `scale` extra).
"""
from __future__ import annotations

from typing import Iterable, Iterator

from didban.engines.local import ordered_window
from didban.engines.worker import process_chunk
from didban.errors import Codes, DidbanError
from didban.options import Options
from didban.pipeline import Failure


def run_dask(chunks: Iterable[list], options: Options, *, workers: int = 1, scheduler: str | None = None,
             max_in_flight: int = 2, stats=None, cluster_kwargs: dict | None = None,
             prepare: bool = False) -> Iterator[list]:
    from distributed import Client, KilledWorker, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
        # keep every worker busy on a cluster larger than this machine
        max_in_flight = max(max_in_flight, 2 * max(1, len(client.scheduler_info().get("workers", {}))))
    else:
        cluster = LocalCluster(**{"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                  "dashboard_address": None, **(cluster_kwargs or {})})
        client = Client(cluster)
    try:
        # chunks hold distinct documents: pure=False stops Dask from hashing each chunk to deduplicate tasks
        def submit(chunk):
            return client.submit(process_chunk, chunk, options, prepare, pure=False), chunk

        def collect(handle):
            future, chunk = handle
            try:
                return _result_and_release(future)
            except KilledWorker:
                # a document killed the workers that tried its chunk: run the chunk's documents one by one, so that
                # only the one that kills again is lost (reported as E901)
                return [item for doc in chunk for item in _run_alone(client, doc, options, prepare)]

        yield from ordered_window(chunks, submit, collect, max_in_flight, stats)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _result_and_release(future) -> list:
    result = future.result()
    future.release()  # the cluster can forget the chunk as soon as this process has it
    return result


def _run_alone(client, doc, options: Options, prepare: bool = False) -> list:
    from distributed import KilledWorker

    try:
        return _result_and_release(client.submit(process_chunk, [doc], options, prepare, pure=False))
    except KilledWorker:
        error = DidbanError(Codes.E901, "the worker process died on this document (a crash or out of memory)",
                            path=doc.source)
        return [Failure(error, doc.source)]
