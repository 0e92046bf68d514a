"""What search indexes and name filters compare (didban.text.keys.name_key, through the store's helpers)."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from didban.store.fold import fold_name, query_terms

ZWNJ = "\u200c"


@pytest.mark.parametrize("text, expected", [
    ("گفت‌وگو", "گفتوگو"),  # ZWNJ joins the parts
    ("گفتوگو", "گفتوگو"),  # already joined
    ("می‌شود", "میشود"),  # verb prefix with ZWNJ
    ("عراقچي", "عراقچی"),  # Arabic yeh → Persian yeh
    ("كشور", "کشور"),  # Arabic kaf → Persian kaf
    ("مُحَمَّد", "محمد"),  # diacritics dropped
    ("۱۴۰۳", "1403"),  # Persian digits → Latin
    ("Araghchi", "araghchi"),  # case folded
])
def test_fold_name(text, expected):
    assert fold_name(text) == expected


@pytest.mark.parametrize("query, expected", [
    ("گفت و گو", ["گفت", "و", "گو"]),  # words; the store also tries them joined
    ('"گفت‌وگو" OR *', ["گفتوگو", "or"]),  # quotes and operators never survive as syntax
    ("  ؟!  ", []),  # nothing to search for
])
def test_query_terms(query, expected):
    assert query_terms(query) == expected


persian_words = st.text(alphabet="ابپتثجچحخدذرزسشصضطظعغفقکگلمنوهی", min_size=2, max_size=12)


@given(persian_words, st.integers(min_value=1, max_value=11))
def test_a_zwnj_anywhere_inside_a_word_does_not_change_its_fold(word, cut):
    cut = min(cut, len(word) - 1)
    assert fold_name(word[:cut] + ZWNJ + word[cut:]) == fold_name(word)
