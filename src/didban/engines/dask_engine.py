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
from didban.options import Options


def run_dask(chunks: Iterable[list], options: Options, *, workers: int = 1, scheduler: str | None = None,
             max_in_flight: int = 2, stats=None, cluster_kwargs: dict | None = None) -> Iterator[list]:
    from distributed import Client, LocalCluster

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
        yield from ordered_window(chunks, lambda chunk: client.submit(process_chunk, chunk, options, pure=False),
                                  lambda future: _result_and_release(future), max_in_flight, stats)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _result_and_release(future) -> list:
    result = future.result()
    future.release()  # the cluster can forget the chunk as soon as this process has it
    return result
