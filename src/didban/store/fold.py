"""What full-text search indexes and queries, and what name filters compare: `didban.text.keys.name_key`.

Search must not care how a writer typed a word: "گفت‌وگو" (with a zero-width non-joiner) and "گفتوگو" (without) are
the same word, as are Arabic and Persian letter variants ("ي"/"ی", "ك"/"ک"), Persian and Latin digits, and diacritics.
The store's name and text columns hold that key: it must not change without rebuilding them.
"""
from __future__ import annotations

import re

from didban.text.keys import name_key

_WORD = re.compile(r"\w+")


def query_terms(query: str) -> list[str]:
    """The search terms of a user query: folded words only (no operators, quotes or punctuation survive)."""
    return _WORD.findall(name_key(query))


def fold_name(name: str | None) -> str:
    """The key a name filter compares ("Araghchi", "عراقچی", "عراقچي" ...)."""
    return name_key((name or "").replace("\x00", ""))  # a NUL would cut SQLite's LIKE pattern short: match all
