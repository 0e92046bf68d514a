"""Tokenizer: words, numbers and punctuation, with spans that slice the original text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings

from didban.text.normalize import normalize
from didban.text.tokenize import tokenize

from text_strategies import persian_like

Z = "\u200c"

CASES = [
    # (original, normalized tokens)
    ("گروه‌ها آمدند.", [f"گروه{Z}ها", "آمدند", "."]),  # ZWNJ stays inside a word
    ("رشد ۲٫۵ درصد", ["رشد", "۲٫۵", "درصد"]),  # decimal number whole
    ("نتیجه 1+4 شد", ["نتیجه", "۱+۴", "شد"]),  # 1+4 whole
    ("«سید» (بدر) ، وزیر؛ آری: نه! چرا؟", ["«", "سید", "»", "(", "بدر", ")", "،", "وزیر", "؛", "آری", ":", "نه", "!",
                                          "چرا", "؟"]),  # punctuation separate
    ("ایران-ترکیه", ["ایران", "-", "ترکیه"]),  # hyphen separate
    ("۱۴۰۳/۱۲/۱۸", ["۱۴۰۳/۱۲/۱۸"]),  # a date whole
    ("ساعت ۱۰:۳۰", ["ساعت", "۱۰:۳۰"]),  # a time whole
    ("۵٪ و ۲۰-۳۰", ["۵٪", "و", "۲۰", "-", "۳۰"]),  # percent kept, hyphen separate
    ("یک ، دو", ["یک", "،", "دو"]),  # the normalized comma, original span still valid
    ("وعمان", ["و", "عمان"]),  # the split conjunction gives two tokens
]


@pytest.mark.parametrize("text, expected", CASES)
def test_tokens(text, expected):
    assert [t.norm for t in tokenize(normalize(text))] == expected


def test_token_spans_slice_the_original(seed_text):
    n = normalize(seed_text)
    tokens = tokenize(n)
    assert len(tokens) > 500
    for t in tokens:
        original = seed_text[t.start:t.end]
        assert original.strip() == original and original  # a real, trimmed piece of the original
    # glued words map back to the glued original
    assert any(seed_text[t.start:t.end] == "فوقالعاده" and t.norm == f"فوق{Z}العاده" for t in tokens)
    # a spaced plural joined into one token covers "گروه ها" in the original
    n2 = normalize("همه گروه ها آمدند")
    t = [t for t in tokenize(n2) if t.norm == f"گروه{Z}ها"][0]
    assert "همه گروه ها آمدند"[t.start:t.end] == "گروه ها"


def test_start_end_window():
    n = normalize("یک دو سه")
    assert [t.norm for t in tokenize(n, 3, 5)] == ["دو"]


@settings(max_examples=150, deadline=None)
@given(persian_like)
def test_tokens_are_ordered_and_inside_the_original(text):
    n = normalize(text)
    previous = 0
    for t in tokenize(n):
        assert previous <= t.start <= t.end <= len(text)
        assert t.norm and t.norm.strip() == t.norm
        previous = t.start
