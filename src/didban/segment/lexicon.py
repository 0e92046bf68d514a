"""The small word lists segmentation needs (segment/data), loaded once, keyed by `didban.text.keys.line_key`."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from didban.text.keys import line_key

DATA = Path(__file__).parent / "data"


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
                out[line_key(alias).replace(" ", "")] = name
    return out


@lru_cache(maxsize=1)
def section_words() -> frozenset[str]:
    return frozenset(line_key(w).replace(" ", "") for w in _lines("sections.txt"))


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    return frozenset(line_key(w) for w in _lines("abbreviations.dat"))


def outlet_name(phrase: str) -> str | None:
    """The canonical outlet a phrase names exactly ("خبرگزاری مهر" -> "مهر"), or None."""
    return outlets().get(line_key(phrase).replace(" ", ""))


def longest_outlet_prefix(words: list[str]) -> int:
    """How many of `words` (from the start) form the longest known outlet name; 0 if none."""
    table = outlets()
    for n in range(min(len(words), 6), 0, -1):
        if line_key("".join(words[:n])) in table:
            return n
    return 0
