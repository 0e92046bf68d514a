"""A regular expression compiled when first used, from a precompiled form when one was kept.

The codebook holds hundreds of large patterns (verb forms spelled out), and compiling them all took seconds at every
start, while one article only ever reaches the few whose anchor words it contains. A `LazyPattern` compiles on its first
search, once per process; matching and results are `re`'s own.

Even the few an article reaches took about half a second to compile: Python's `re` parses and translates a pattern
in Python code, and a compiled pattern cannot be pickled. What it hands to its C engine, though, is a plain list of
numbers (`_sre.compile(pattern, flags, code, ...)`), and that list can be kept. `precompile()` computes it the way
`re.compile` does; `adopt()` gives it to a pattern, which then compiles in C, a hundred times faster. This reaches
into CPython's private `re._parser`, `re._compiler` and `_sre`, so it is guarded: the kept form records the Python
version and engine it was made for and is ignored on any other, `_sre.compile` checks the code it is given, and any
failure falls back to `re.compile`, which gives the same pattern object.

The modules' own patterns (dates, attribution lines, the normalizer's rules: about fifty, compiled at import) go
the same way through `compile()`: each kept form is a function of the pattern's text, its flags and the interpreter
alone, so one table per interpreter (`patterns-*.pickle` in the cache folder, see `didban.disk_cache`) serves every
module and every version of didban; a pattern not in it compiles the ordinary way and is added to it when the process
ends.
"""
from __future__ import annotations

import re
import sys

try:  # CPython 3.11+; elsewhere patterns simply compile the ordinary way
    import _sre
    from re import _compiler as _re_compiler
    from re import _parser as _re_parser

    # the full version: a bug-fix release may change what the compiler emits
    ENGINE = (sys.implementation.name, tuple(sys.version_info[:3]), _sre.MAGIC, _sre.CODESIZE)
except Exception:  # noqa: BLE001 - an interpreter without these internals
    _sre = None
    ENGINE = None


class LazyPattern:
    __slots__ = ("pattern", "flags", "_compiled", "_kept")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern | None = None
        self._kept: tuple | None = None  # precompile()'s result, used once at the first search

    @property
    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            kept, self._kept = self._kept, None
            if isinstance(kept, KeptSlot):
                kept = kept.read(self.pattern)
            self._compiled = (kept and _from_kept(self.pattern, self.flags, kept)) or \
                re.compile(self.pattern, self.flags)
        return self._compiled

    @property
    def is_compiled(self) -> bool:
        return self._compiled is not None

    def adopt(self, kept) -> None:
        """Use `kept` (this pattern's `precompile()`, possibly from another process, or a `KeptSlot` of a file of
        them) at the first search."""
        if self._compiled is None:
            self._kept = kept

    def search(self, string: str, *args):
        return self.compiled.search(string, *args)

    def match(self, string: str, *args):
        return self.compiled.match(string, *args)

    def fullmatch(self, string: str, *args):
        return self.compiled.fullmatch(string, *args)

    def finditer(self, string: str, *args):
        return self.compiled.finditer(string, *args)

    def findall(self, string: str, *args):
        return self.compiled.findall(string, *args)

    def __reduce__(self):
        # travels between processes as its text; compiled again where it is used
        return (LazyPattern, (self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern[:40]!r}{'…' if len(self.pattern) > 40 else ''})"


def precompile(pattern: str, flags: int = 0) -> tuple | None:
    """What `re.compile(pattern, flags)` hands to the C engine, as picklable data (None where it cannot be had)."""
    if ENGINE is None:
        return None
    try:
        parsed = _re_parser.parse(pattern, flags)
        code = _re_compiler._code(parsed, flags)
        state = parsed.state
        index_group = [None] * state.groups
        for name, index in state.groupdict.items():
            index_group[index] = name
        words = _compact(code)
        return (ENGINE, flags, flags | state.flags, words, state.groups - 1, dict(state.groupdict),
                tuple(index_group))
    except Exception:  # noqa: BLE001 - internals that changed: the pattern compiles the ordinary way
        return None


def _compact(code: list[int]) -> bytes:
    """The code as the bytes of the smallest array that holds it (most fit in 16 bits), its type code first: one
    bytes object pickles and loads as a copy, while an array is rebuilt from one (the codebook keeps ~400)."""
    import array

    for typecode in "HIQ":
        try:
            return typecode.encode("ascii") + array.array(typecode, code).tobytes()
        except OverflowError:
            continue
    raise OverflowError("a code word wider than 64 bits")


def _expand(words) -> list[int]:
    if isinstance(words, bytes):
        import array

        code = array.array(chr(words[0]))
        code.frombytes(words[1:])  # a length that is no multiple of the item size raises: the pattern compiles anew
        return code.tolist()
    return list(words)


def _from_kept(pattern: str, flags: int, kept: tuple) -> re.Pattern | None:
    try:
        engine, made_with, all_flags, words, groups, group_index, index_group = kept
        if engine != ENGINE or made_with != flags:
            return None
        return _sre.compile(pattern, all_flags, _expand(words), groups, group_index, index_group)
    except Exception:  # noqa: BLE001 - unusable (another engine, damaged): compile the ordinary way
        return None


# --- kept forms in a file, read one by one ---------------------------------------------------------------------

def write_kept(path, items: list[tuple[str, tuple | None]]) -> list[tuple[int, int]] | None:
    """Write the kept forms of patterns [(pattern, kept form)] one after the other into the file `path`: where
    each one is, for `KeptSlot`, or None when the file could not be written. Each record names its pattern (by a
    hash of its text), so that a record is never used for another pattern."""
    import os
    import pickle

    index, parts, at = [], [], 0
    for pattern, kept in items:
        blob = pickle.dumps((_digest(pattern), kept), protocol=pickle.HIGHEST_PROTOCOL)
        index.append((at, len(blob)))
        parts.append(blob)
        at += len(blob)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(b"".join(parts))
        os.replace(tmp, path)  # atomic: a reader sees a whole file or none
    except OSError:
        return None
    return index


class KeptFile:
    """A file of kept forms (`write_kept`), mapped into memory when the first of its patterns is compiled: a short
    run reads the pages of the few patterns it reaches, not the whole file (9 MB for the codebook)."""

    def __init__(self, path):
        self.path = str(path)
        self._data = None

    def slot(self, at: int, size: int) -> "KeptSlot":
        return KeptSlot(self, at, size)

    def _bytes(self):
        if self._data is None:
            import mmap

            with open(self.path, "rb") as fh:  # the mapping stays valid after the file is closed or replaced
                self._data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        return self._data


class KeptSlot:
    """Where one pattern's kept form is in a `KeptFile`."""

    __slots__ = ("file", "at", "size")

    def __init__(self, file: KeptFile, at: int, size: int):
        self.file, self.at, self.size = file, at, size

    def read(self, pattern: str) -> tuple | None:
        """The kept form, if the file holds it for this very pattern (else None: compiled the ordinary way)."""
        import pickle

        try:
            digest, kept = pickle.loads(self.file._bytes()[self.at:self.at + self.size])
            return kept if digest == _digest(pattern) else None
        except Exception:  # noqa: BLE001 - missing, shorter or damaged: the pattern compiles anew
            return None


def _digest(pattern: str) -> bytes:
    import hashlib

    return hashlib.blake2b(pattern.encode("utf-8", "surrogatepass"), digest_size=16).digest()


# --- the modules' own patterns ------------------------------------------------------------------------------------

_TABLE: dict | None = None  # (pattern, flags) -> kept form, read from the cache folder at the first compile()
_ADDED: dict = {}  # kept forms made in this process, added to the table in the cache folder when it ends


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 - re.compile's name, on purpose
    """`re.compile(pattern, flags)`, compiled in C from its kept form when an earlier process made one (the same
    pattern object: `_from_kept` falls back to `re.compile` on any doubt)."""
    global _TABLE
    flags = int(flags)
    if ENGINE is None or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    if _TABLE is None:
        from didban import disk_cache

        _TABLE = disk_cache.read("patterns", _table_fingerprint(), None) or {}
        if not isinstance(_TABLE, dict):
            _TABLE = {}
    key = (pattern, flags)
    kept = _TABLE.get(key)
    if kept is None:
        kept = precompile(pattern, flags)
        if kept is None:
            return re.compile(pattern, flags)
        if not _ADDED:
            import atexit

            atexit.register(_keep_added)
        _TABLE[key] = _ADDED[key] = kept
    return _from_kept(pattern, flags, kept) or re.compile(pattern, flags)


def _table_fingerprint() -> str:
    import hashlib

    return hashlib.sha256(repr((ENGINE, sys.version)).encode("utf-8")).hexdigest()[:20]


def _keep_added() -> None:
    """At the end of a process that compiled patterns the table did not have: the table with them, written again
    (merged with what other processes wrote meanwhile; a lost race only costs a later process one compile)."""
    from didban import disk_cache

    if not _ADDED:
        return
    try:
        fingerprint = _table_fingerprint()
        table = disk_cache.read("patterns", fingerprint, None)
        table = dict(table) if isinstance(table, dict) else {}
        table.update(_ADDED)
        if len(table) > 5000:  # patterns built from data (a test's, an overlay's): start again rather than grow
            table = dict(_ADDED)
        disk_cache.write("patterns", fingerprint, table)
    except Exception:  # noqa: BLE001 - a cache, at the process's end: never an error there
        pass
    _ADDED.clear()
