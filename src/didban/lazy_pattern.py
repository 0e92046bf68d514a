"""A regular expression compiled when first used.

The codebook holds hundreds of large patterns (verb forms spelled out), and compiling them all took seconds at every
start, while one article only ever reaches the few whose anchor words it contains. A `LazyPattern` compiles on its first
search, once per process; matching and results are `re`'s own.
"""
from __future__ import annotations

import re


class LazyPattern:
    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern | None = None

    @property
    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    @property
    def is_compiled(self) -> bool:
        return self._compiled is not None

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
