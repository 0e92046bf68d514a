"""Data built from the shipped files once, then loaded from a pickle in the user's cache folder.

Parsing the lexicon or compiling the gazetteer costs a large part of a short run's start-up; a pickle of the result
loads several times faster. Each cache file is named by a fingerprint of everything it was built from (data and code),
so a change to either builds it anew; a cache that cannot be read or written is simply rebuilt, never an error.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")

KEPT_PER_KIND = 8  # older builds of a kind are removed when a new one is written (other versions may still use some)


def cache_dir() -> Path:
    """$DIDBAN_CACHE_DIR, else $XDG_CACHE_HOME/didban, else ~/.cache/didban."""
    base = os.environ.get("DIDBAN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "didban")
    return Path(base)


def files_fingerprint(paths: Iterable[Path], h=None) -> str:
    """A short hash of the files' bytes (in the order given)."""
    h = h or hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()[:20]


def cached(kind: str, fingerprint: str, build: Callable[[], T]) -> T:
    """`build()`'s result, read from `<cache dir>/<kind>-<fingerprint>.pickle` when there, else built and written."""
    found = read(kind, fingerprint, _MISSING)
    if found is not _MISSING:
        return found
    built = build()
    write(kind, fingerprint, built)
    return built


_MISSING = object()


def read(kind: str, fingerprint: str, default=None):
    """What `write(kind, fingerprint, ...)` left in the cache folder, or `default` (missing, stale or unreadable).

    The cyclic garbage collector is paused while a pickle loads: unpickling creates hundreds of thousands of objects
    and none of them is garbage, but each allocation counts towards a collection, and the collections that ran while
    the data loaded were about a fifth of its cost."""
    path = cache_dir() / f"{kind}-{fingerprint}.pickle"
    collecting = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as fh:
            found = pickle.load(fh)
    except Exception:  # noqa: BLE001 - missing, stale or unreadable: the caller builds it
        return default
    finally:
        if collecting:
            gc.enable()
    if FREEZE_LOADED[0]:
        # a process that keeps what it loads until it ends: out of the collector's generations at once (paused, the
        # collector would only have walked them later, several times over)
        gc.freeze()
    return found


# Set by the `didban` program (`didban.cli.main_entry`), whose process ends with its command: what it loads is then
# frozen (`gc.freeze`, as the ingest workers do after their warm-up). Not in a library caller's process, where a
# freeze would also keep whatever cyclic garbage is alive at that moment.
FREEZE_LOADED = [False]


def write(kind: str, fingerprint: str, value) -> None:
    """Keep `value` as `<cache dir>/<kind>-<fingerprint>.pickle` (atomically; a folder that cannot be written is
    no error), and only the newest builds of `kind`."""
    path = cache_dir() / f"{kind}-{fingerprint}.pickle"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: parallel workers never read half a file
        _prune(kind)
    except OSError:
        pass


def _prune(kind: str) -> None:
    def age(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    for old in sorted(cache_dir().glob(f"{kind}-*.pickle"), key=age, reverse=True)[KEPT_PER_KIND:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".kept").unlink(missing_ok=True)  # what a build keeps beside its pickle (the codebook's)
