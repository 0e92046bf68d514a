"""Engines: how chunks of documents are run through the pipeline. The parent process always does the storing.

An engine is a function `run(chunks, options, *, workers, scheduler, max_in_flight, stats, prepare)` that yields, for
each chunk of documents and in the same order, the list of processed documents and `Failure`s (with `prepare`, each
document as the rows the store inserts, built in the worker: `didban.engines.worker.finish`). At most `max_in_flight` chunks are
submitted and not yet yielded at any time: that window is what keeps memory flat on a corpus of any size.

- "local": the calling process (workers=1) or a pool of processes on this machine;
- "dask": dask.distributed, imported only when chosen (the `scale` extra).
"""
from __future__ import annotations

from typing import Callable, Iterator

from didban.errors import Codes, DidbanError, needs_extra

ENGINES: dict[str, str] = {
    "local": "didban.engines.local:run_local",
    "dask": "didban.engines.dask_engine:run_dask",
}


def get_engine(name: str) -> Callable[..., Iterator[list]]:
    import importlib

    target = ENGINES.get(name)
    if target is None:
        raise DidbanError(Codes.E201, f"engine={name!r}; choose one of {', '.join(ENGINES)}")
    module, attr = target.split(":")
    try:
        return getattr(importlib.import_module(module), attr)
    except ModuleNotFoundError as exc:
        raise needs_extra(f"engine={name!r}", exc.name or "dask", "scale") from exc
