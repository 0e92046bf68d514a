"""The knowledge base: countries, places, organisations, people with roles over time.

    from didban.kb import load_kb
    kb = load_kb()                      # the shipped data + the user's overlays (see user_kb_dir()), loaded once
    kb.holders("foreign_minister", "IRN", "2025-03-07")   # -> [(KBEntity Abbas Araghchi, Role ...)]

The data files are in didban/kb/data (see docs/knowledge-base.md); scripts/build_kb.py regenerates the generated ones.
"""
from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Iterable

from didban.disk_cache import cached, files_fingerprint
from didban.kb.base import DATA_DIR, KnowledgeBase, user_kb_dir
from didban.kb.model import KBEntity, Role

__all__ = ["load_kb", "clear_cache", "KnowledgeBase", "KBEntity", "Role", "user_kb_dir", "DATA_DIR"]

_CACHE: dict[tuple, KnowledgeBase] = {}
_LOCK = threading.Lock()


def _user_overlays(kb_dir: Path) -> list[Path]:
    """Every *.jsonl file of the user's knowledge-base folder, in name order (imports, then learned.jsonl)."""
    return sorted(kb_dir.glob("*.jsonl")) if kb_dir.is_dir() else []


def load_kb(extra_paths: Iterable[str | Path] | None = None, *, user: bool = True) -> KnowledgeBase:
    """The knowledge base, loaded once per (overlay folder, extra paths) and then shared.

    user=True also reads the overlays in the user's folder ($DIDBAN_KB_DIR or ~/.local/share/didban/kb);
    extra_paths are further overlay files (JSON lines, one entity per line), read last.
    """
    kb_dir = user_kb_dir() if user else None
    extra = tuple(str(Path(p)) for p in (extra_paths or ()))
    key = (str(kb_dir) if kb_dir else None, extra)
    with _LOCK:
        kb = _CACHE.get(key)
        if kb is None:
            overlays = (_user_overlays(kb_dir) if kb_dir else []) + [Path(p) for p in extra]
            kb = _CACHE[key] = _load_built(overlays)
        return kb


def _load_built(overlays: list[Path]) -> KnowledgeBase:
    """The knowledge base read from a pickle in the cache folder when its files and code are unchanged (parsing the
    TSV files and indexing every alias was a large part of a short run's start-up), else loaded and cached."""
    try:
        fingerprint = _fingerprint(overlays)
    except OSError:  # an overlay that cannot be read: the loader says which, with its error code
        return KnowledgeBase.load(DATA_DIR, overlays)
    # a fresh copy per process: callers may add to the knowledge base in memory
    return cached("kb", fingerprint, lambda: KnowledgeBase.load(DATA_DIR, overlays))


def _fingerprint(overlays: list[Path]) -> str:
    from didban import text

    code_dirs = (Path(__file__).parent, Path(text.__file__).parent)
    files = [*sorted(p for p in DATA_DIR.iterdir() if p.is_file()), *overlays,
             *(p for d in code_dirs for p in sorted(d.glob("*.py")))]
    h = hashlib.sha256("\n".join(map(str, files)).encode("utf-8"))
    return files_fingerprint(files, h)


def clear_cache() -> None:
    """Forget loaded knowledge bases (after an import, or in tests), and the runner's shared Resources built on them."""
    with _LOCK:
        _CACHE.clear()
    from didban.resources import forget_shared

    forget_shared()
