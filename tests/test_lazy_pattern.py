"""A pattern compiled from its kept (precompiled) form is the pattern `re.compile` gives; a kept form that does not fit
this interpreter or is damaged is ignored, never an error."""
import pickle
import re

import pytest

from didban import lazy_pattern
from didban.events.codebook import default_codebook
from didban.lazy_pattern import LazyPattern, precompile

PATTERN = r"(?<!\S)(?:(?P<v0>(?:دیدار\ کرد|دیدار))(?P<g0>(?: \S+){0,3}?) با)(?!\S)"
TEXT = "وزیر امروز دیدار کرد با همتای خود و دیدار با او"

needs_engine = pytest.mark.skipif(lazy_pattern.ENGINE is None, reason="no CPython regular-expression internals here")


def _same(a: re.Pattern, b: re.Pattern) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    assert [m.span() for m in a.finditer(TEXT)] == [m.span() for m in b.finditer(TEXT)]
    assert [m.groupdict() for m in a.finditer(TEXT)] == [m.groupdict() for m in b.finditer(TEXT)]


@needs_engine
def test_a_kept_form_compiles_to_the_pattern_re_gives_even_after_pickling(monkeypatch):
    kept = pickle.loads(pickle.dumps(precompile(PATTERN, re.IGNORECASE)))
    expected = re.compile(PATTERN, re.IGNORECASE)
    pattern = LazyPattern(PATTERN, re.IGNORECASE)
    pattern.adopt(kept)
    with monkeypatch.context() as patched:  # the kept form is used: re.compile is not called
        patched.setattr(lazy_pattern.re, "compile", lambda *a: pytest.fail("compiled by re, not from the kept form"))
        compiled = pattern.compiled
    _same(compiled, expected)


@needs_engine
@pytest.mark.parametrize("spoil", ["engine", "flags", "code"])
def test_a_kept_form_for_another_engine_or_damaged_falls_back_to_re(spoil):
    engine, flags, all_flags, words, groups, index, names = precompile(PATTERN)
    if spoil == "engine":
        engine = ("cpython", (2, 7), 0, 4)
    elif spoil == "flags":
        flags = re.IGNORECASE
    else:
        words = words[: len(words) // 2]  # the C engine refuses code that does not validate
    pattern = LazyPattern(PATTERN)
    pattern.adopt((engine, flags, all_flags, words, groups, index, names))
    _same(pattern.compiled, re.compile(PATTERN))


def test_the_codebook_s_patterns_compile_as_re_compiles_them():
    entries = default_codebook().entries
    for entry in entries[:: max(1, len(entries) // 25)]:
        _same(entry.regex.compiled, re.compile(entry.regex.pattern, entry.regex.flags))
