"""The codebook's patterns are compiled when first used, not at load: one article reaches few of them."""
import pickle

from didban.events.codebook import default_codebook
from didban.lazy_pattern import LazyPattern


def test_loading_the_codebook_compiles_no_pattern():
    entries = default_codebook().entries
    assert entries
    assert all(isinstance(e.regex, LazyPattern) for e in entries)


def test_a_lazy_pattern_matches_as_re_does_and_compiles_once():
    pattern = LazyPattern(r"(?<!\S)(?:دیدار)(?!\S)")
    assert not pattern.is_compiled
    found = pattern.search("وزیر در دیدار با همتای خود", 0)
    assert found is not None and found.group(0) == "دیدار"
    compiled = pattern.compiled
    assert pattern.is_compiled and pattern.compiled is compiled
    assert pattern.search("دیدارها") is None


def test_a_lazy_pattern_travels_between_processes_as_its_text():
    pattern = LazyPattern("a+b", 0)
    pattern.search("aab")
    copy = pickle.loads(pickle.dumps(pattern))
    assert copy.pattern == "a+b" and not copy.is_compiled
    assert copy.search("xaab").span() == (1, 4)
