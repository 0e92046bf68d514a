"""The folded form of Persian text that full-text search indexes and queries, and that name filters compare.

Search must not care how a writer typed a word: "گفت‌وگو" (with a zero-width non-joiner) and "گفتوگو" (without) are
the same word, as are Arabic and Persian letter variants ("ي"/"ی", "ك"/"ک"), Persian and Latin digits, and diacritics.
The fold deletes ZWNJ (joining the parts) and then applies the project's name key (`didban.kb.fold.key`, which uses
`didban.text.normalize.match_key` when it exists).
"""
from __future__ import annotations

import re

from didban.kb.fold import key as name_key

_JOINERS = dict.fromkeys(map(ord, "\u200c\u200d\u2060\ufeff\u00ad"), None)
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Folded text for indexing and comparing: letters unified, ZWNJ joined, no diacritics, lower case."""
    return name_key(text.translate(_JOINERS)).translate(_JOINERS)


def query_terms(query: str) -> list[str]:
    """The search terms of a user query: folded words only (no operators, quotes or punctuation survive)."""
    return _WORD.findall(fold(query))


def fold_name(name: str | None) -> str:
    """The key a name filter compares ("Araghchi", "عراقچی", "عراقچي" ...)."""
    return fold((name or "").replace("\x00", ""))  # a NUL would cut SQLite's LIKE pattern short: match all
