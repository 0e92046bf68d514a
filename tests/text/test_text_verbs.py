"""Spec-like tests for the verb morphology the events engine reads clauses with (`didban.text.verbs`)."""
from __future__ import annotations

import pytest

from didban.text.keys import word_key
from didban.text.verbs import verb_at


def keys(text):
    return [word_key(w) for w in text.split()]


@pytest.mark.parametrize("text, tense, negative", [
    ("دیدار کرد", "past", False),  # the light verb after its noun
    ("دیدار نکرد", "past", True),  # negated
    ("دیدار خواهد کرد", "future", False),  # the future auxiliary is taken with it
])
def test_a_verb_after_its_noun(text, tense, negative):
    found = verb_at(keys(text), 1)
    assert found is not None and found[1].tense == tense and found[1].negative == negative


@pytest.mark.parametrize("words, i", [
    (["سردار", None], 1),  # punctuation has no key: no verb, no crash
    ([word_key("اشاره"), None], 0),  # a word followed by punctuation
    ([word_key("اشاره")], 1),  # past the end
])
def test_words_without_keys_are_no_verbs(words, i):
    assert verb_at(words, i) is None
