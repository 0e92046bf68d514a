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


# --- the modules' own patterns (lazy_pattern.compile) ------------------------------------------------------------

@needs_engine
def test_a_module_pattern_is_re_s_pattern_whether_compiled_or_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("DIDBAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(lazy_pattern, "_TABLE", None)
    monkeypatch.setattr(lazy_pattern, "_ADDED", {})
    first = lazy_pattern.compile(PATTERN, re.IGNORECASE)  # not in the (empty) table: made, and kept for later
    _same(first, re.compile(PATTERN, re.IGNORECASE))
    lazy_pattern._keep_added()  # what the process's end does
    assert list(tmp_path.glob("patterns-*.pickle"))
    monkeypatch.setattr(lazy_pattern, "_TABLE", None)  # a later process: the table read from the cache folder
    with monkeypatch.context() as patched:
        patched.setattr(lazy_pattern.re, "compile", lambda *a: pytest.fail("compiled by re, not from the kept form"))
        kept = lazy_pattern.compile(PATTERN, re.IGNORECASE)
    _same(kept, re.compile(PATTERN, re.IGNORECASE))
    assert not lazy_pattern._ADDED


@needs_engine
def test_a_damaged_table_of_kept_patterns_falls_back_to_re(tmp_path, monkeypatch):
    monkeypatch.setenv("DIDBAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(lazy_pattern, "_ADDED", {})
    engine, flags, all_flags, words, groups, index, names = precompile(PATTERN)
    damaged = (engine, flags, all_flags, words[: len(words) // 2], groups, index, names)
    monkeypatch.setattr(lazy_pattern, "_TABLE", {(PATTERN, 0): damaged})
    _same(lazy_pattern.compile(PATTERN), re.compile(PATTERN))


def test_the_modules_patterns_are_the_same_text_in_every_process(tmp_path):
    """A pattern built from a set in its set's order would differ from one process to the next (string hashing is
    randomised), and its kept form would never be found again."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = ("import didban.lazy_pattern as L, didban.pipeline as p\n"
              "for s in p.STAGES: p.get_stage(s)\n"
              "import didban.entities.tagger, didban.read\n"
              "print(sorted(repr(k) for k in L._ADDED))\n")
    src = str(Path(lazy_pattern.__file__).resolve().parents[1])
    seen = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "DIDBAN_CACHE_DIR": str(tmp_path / seed), "PYTHONPATH": src}
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        seen.append(out.stdout)
    assert seen[0] == seen[1] and len(seen[0]) > 1000


# --- kept forms in a file (the codebook's) -------------------------------------------------------------------------

@needs_engine
def test_patterns_compile_from_their_records_in_a_kept_file_and_never_from_another_s(tmp_path, monkeypatch):
    other = r"(?<!\S)(?:دیدار|ملاقات)(?!\S)"
    path = tmp_path / "patterns.kept"
    index = lazy_pattern.write_kept(path, [(PATTERN, precompile(PATTERN)), (other, precompile(other))])
    source = lazy_pattern.KeptFile(path)
    mine, swapped = LazyPattern(PATTERN), LazyPattern(PATTERN)
    mine.adopt(source.slot(*index[0]))
    swapped.adopt(source.slot(*index[1]))  # the other pattern's record: refused, compiled anew
    with monkeypatch.context() as patched:
        patched.setattr(lazy_pattern.re, "compile", lambda *a: pytest.fail("compiled by re, not from the kept file"))
        compiled = mine.compiled
    _same(compiled, re.compile(PATTERN))
    _same(swapped.compiled, re.compile(PATTERN))


def test_a_missing_kept_file_compiles_the_ordinary_way(tmp_path):
    pattern = LazyPattern(PATTERN)
    pattern.adopt(lazy_pattern.KeptFile(tmp_path / "gone.kept").slot(0, 100))
    _same(pattern.compiled, re.compile(PATTERN))
