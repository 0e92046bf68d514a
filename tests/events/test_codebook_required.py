"""`Entry.required`: the anchors of every word, group or verb a pattern requires after its first. The extractor skips
an entry when a clause lacks one of them; that must never skip a match."""
from __future__ import annotations

import pytest

from didban.events.codebook import build_entry, load_codebook
from didban.text.keys import word_key


# (pattern, the required parts' anchors that must be there, how many parts are required after the first)
@pytest.mark.parametrize("pattern, contains, count", [
    ("دیدار با", [{"با"}], 1),  # a word after the first
    ("دیدار … با", [{"با"}], 1),  # a gap requires nothing
    ("دیدار [رسمی] با", [{"با"}], 1),  # an optional word requires nothing
    ("(دیدار|ملاقات) با (وزیر|رئیس)", [{"با"}, {"وزیر", "رئیس"}], 2),  # a group: one of its first words
    ("دیدار", [], 0),  # the first word is `anchors`, not `required`
])
def test_required_parts(pattern, contains, count):
    entry = build_entry({"id": "t", "cameo": "040", "frame": "nominal", "pattern": pattern}, {}, "test")
    assert len(entry.required) == count
    for words, anchors in zip(contains, entry.required):
        assert {word_key(w) for w in words} <= anchors


def test_content_cues_require_nothing():
    # a content cue may end inside a longer word ("مداخله" in "مداخله‌جویانه"): its words are not whole keys
    entry = build_entry({"id": "t", "cameo": "112", "frame": "content", "pattern": "دخالت در"}, {}, "test")
    assert entry.required == ()


def test_no_example_loses_a_match_to_required():
    # every codebook example sentence, in one article: an entry that `required` rules out in a clause has no match
    # anywhere in it
    import didban
    from didban.events.views import build_views

    codebook = load_codebook(user=False)
    text = "\n\n".join(ex.text for entry in codebook.entries for ex in entry.examples)
    doc = didban.extract(text, published="2025-03-07", on_error="raise", tagger=False)
    ruled_out = 0
    for view in build_views(doc):
        present = set(view.keys)
        for entry in codebook.candidates(present):
            if entry.frame != "content" and any(r.isdisjoint(present) for r in entry.required):
                ruled_out += 1
                assert entry.regex.search(view.text) is None, (entry.id, view.text)
    assert ruled_out > 100
