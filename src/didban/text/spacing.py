"""What correctly written Persian does where two word parts meet: a ZWNJ or a space, learned from the UD Persian
treebanks (data/zwnj_pairs.tsv, built by scripts/build_zwnj_pairs.py from half of the development splits; CC BY-SA
4.0). Used by ZWNJ repair (zwnj.py) to decide whether "left right" written with a space is one word.

Evidence, most specific first:
- the pair itself: "پیاده روی" was written "پیاده‌روی" more often than apart (join), "به زودی" apart (do not join);
- the right part alone, when it is an affix: written after a ZWNJ at least AFFIX_MIN_COUNT times, after
  AFFIX_MIN_PARTNERS different parts, and AFFIX_RATIO times more often than starting a word ("ها", "اند", "ترین");
- the left part alone, when it is a prefix in the same sense ("می", "نمی", "برمی", "بی").
`written_apart(left)` says that a left part is almost never followed by a ZWNJ ("به", "این"): lexicon compounds
starting with it ("به‌زودی") are not joined from a space.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PAIRS_PATH = Path(__file__).parent / "data" / "zwnj_pairs.tsv"
PAIR_MIN_JOINED = 1  # (2 was tried: a pair seen joined once is still evidence, F1 fell on both corpora)
AFFIX_MIN_COUNT = 10
AFFIX_MIN_PARTNERS = 5
AFFIX_RATIO = 10
APART_MIN_COUNT = 50  # a left part seen this often at a word's end ...
APART_MAX_SHARE = 0.05  # ... and before a ZWNJ at most this share of the time is "written apart"


@dataclass(frozen=True, slots=True)
class Spacing:
    pairs: dict[tuple[str, str], tuple[int, int]]  # (left, right) -> (joined, spaced)
    right: dict[str, tuple[int, int, int]]  # part -> (after a ZWNJ, at a word's start, different parts before it)
    left: dict[str, tuple[int, int, int]]


@lru_cache(maxsize=1)
def load(path: Path = PAIRS_PATH) -> Spacing:
    pairs, right, left = {}, {}, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, *fields = line.split("\t")
        if kind == "p":
            pairs[fields[0], fields[1]] = (int(fields[2]), int(fields[3]))
        else:
            (right if kind == "r" else left)[fields[0]] = (int(fields[1]), int(fields[2]), int(fields[3]))
    return Spacing(pairs, right, left)


def _affix(counts: tuple[int, int, int] | None) -> bool:
    if counts is None:
        return False
    joined, spaced, partners = counts
    return joined >= AFFIX_MIN_COUNT and partners >= AFFIX_MIN_PARTNERS and joined >= AFFIX_RATIO * spaced


def learned_join(left: str, right: str) -> bool | None:
    """Whether the treebanks write `left` and `right` as one word with a ZWNJ (True), apart (False), or no evidence."""
    spacing = load()
    counts = spacing.pairs.get((left, right))
    if counts is not None and counts[0] != counts[1] and (counts[0] < counts[1] or counts[0] >= PAIR_MIN_JOINED):
        return counts[0] > counts[1]
    if _affix(spacing.right.get(right)) or _affix(spacing.left.get(left)):
        return True
    return None


def written_apart(left: str) -> bool:
    """A part the treebanks almost always end a word with ("به", "این", "یک"): not the head of a ZWNJ compound."""
    counts = load().left.get(left)
    if counts is None:
        return False
    joined, spaced, _ = counts
    return spaced >= APART_MIN_COUNT and joined <= APART_MAX_SHARE * (joined + spaced)


def is_affix(left: str, right: str) -> bool:
    """Whether `right` is an affix or `left` a prefix by the treebanks' counts ("ها", "اند"; "می", "نمی")."""
    spacing = load()
    return _affix(spacing.right.get(right)) or _affix(spacing.left.get(left))
