"""The small word lists segmentation needs (segment/data), loaded once, and the folding key to compare with them."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from didban.read.dates import fold

DATA = Path(__file__).parent / "data"


def key(s: str) -> str:
    """Folding key for words and lines: letter variants unified, ZWNJ/tatweel/diacritics dropped, single spaces."""
    s = re.sub("[\u200c\u200d\u0640\u064b-\u0652\u0670]", "", fold(s))
    return " ".join(s.split())


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def outlets() -> dict[str, str]:
    """Folded outlet alias (spaces removed) -> canonical name."""
    out: dict[str, str] = {}
    for line in _lines("outlets.tsv"):
        name, _, aliases = line.partition("\t")
        for alias in [name, *aliases.split("|")]:
            if alias.strip():
                out[key(alias).replace(" ", "")] = name
    return out


@lru_cache(maxsize=1)
def section_words() -> frozenset[str]:
    return frozenset(key(w).replace(" ", "") for w in _lines("sections.txt"))


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    return frozenset(key(w) for w in _lines("abbreviations.dat"))


def outlet_name(phrase: str) -> str | None:
    """The canonical outlet a phrase names exactly ("خبرگزاری مهر" -> "مهر"), or None."""
    return outlets().get(key(phrase).replace(" ", ""))


def longest_outlet_prefix(words: list[str]) -> int:
    """How many of `words` (from the start) form the longest known outlet name; 0 if none."""
    table = outlets()
    for n in range(min(len(words), 6), 0, -1):
        if key("".join(words[:n])) in table:
            return n
    return 0
