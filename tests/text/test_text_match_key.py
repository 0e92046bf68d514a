"""match_key: the folding key other stages compare names with."""
from __future__ import annotations

import pytest

from didban.text.normalize import match_key

SAME = [
    ("علي", "علی"),  # Arabic yeh
    ("كشور", "کشور"),  # Arabic kaf
    ("آمریکا", "امریکا"),  # alef madda
    ("إسلام", "اسلام"),  # alef hamza below
    ("أحمد", "احمد"),  # alef hamza above
    ("آن‌ها", "آنها"),  # ZWNJ removed
    ("مُحَمَّد", "محمد"),  # diacritics removed
    ("۲۵", "25"),  # Persian digits
    ("٢٥", "25"),  # Arabic-Indic digits
    ("UN", "un"),  # Latin lower-cased
    ("  سید   عباس ", "سید عباس"),  # whitespace runs
    ("رئیس", "رییس"),  # hamza seat folded
    ("مدرسة", "مدرسه"),  # teh marbuta
]


@pytest.mark.parametrize("a, b", SAME)
def test_same_key(a, b):
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize("a, b", [("عمان", "عمار"), ("ایران", "ایرانی"), ("و عمان", "وعمان")])
def test_different_key(a, b):
    # different words keep different keys
    assert match_key(a) != match_key(b)


def test_key_is_stable():
    assert match_key("وزیر امور خارجهٔ ترکيه") == "وزیر امور خارجه ترکیه"
