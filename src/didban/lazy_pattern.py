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
"""
from __future__ import annotations

import re
import sys

try:  # CPython 3.11+; elsewhere patterns simply compile the ordinary way
    import _sre
    from re import _compiler as _re_compiler
    from re import _parser as _re_parser

    ENGINE = (sys.implementation.name, sys.version_info[:2], _sre.MAGIC, _sre.CODESIZE)
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
            self._compiled = (kept and _from_kept(self.pattern, self.flags, kept)) or \
                re.compile(self.pattern, self.flags)
        return self._compiled

    @property
    def is_compiled(self) -> bool:
        return self._compiled is not None

    def adopt(self, kept: tuple | None) -> None:
        """Use `kept` (this pattern's `precompile()`, possibly from another process) at the first search."""
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


def _compact(code: list[int]):
    """The code as the smallest array that holds it (most fit in 16 bits): quick to pickle and to load."""
    import array

    for typecode in "HIQ":
        try:
            return array.array(typecode, code)
        except OverflowError:
            continue
    return code


def _from_kept(pattern: str, flags: int, kept: tuple) -> re.Pattern | None:
    try:
        engine, made_with, all_flags, words, groups, group_index, index_group = kept
        if engine != ENGINE or made_with != flags:
            return None
        return _sre.compile(pattern, all_flags, list(words), groups, group_index, index_group)
    except Exception:  # noqa: BLE001 - unusable (another engine, damaged): compile the ordinary way
        return None
