"""The word list behind ZWNJ repair, loaded once, lazily (the first repair, not `import didban`).

Built from hazm's MIT-licensed lexicon by scripts/build_text_lexicon.py into data/lexicon.tsv.gz (see that script for
the format). Frequencies are kept as coarse classes (0 = seen with no count, n = about 10**(n-1) occurrences).
"""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from didban.disk_cache import cached, files_fingerprint

ZWNJ = "\u200c"
LEXICON_PATH = Path(__file__).parent / "data" / "lexicon.tsv.gz"

# personal endings added to verb stems (present: می‌روم; past: می‌رفتم). "" = third person singular past.
_PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
_PAST_ENDINGS = ("", "م", "ی", "یم", "ید", "ند", "ه")


@dataclass(slots=True)
class Lexicon:
    classes: dict[str, int]  # word -> frequency class
    adjectives: frozenset[str]
    compounds: dict[str, str]  # word with its ZWNJs removed -> the spelling with ZWNJs (the most frequent one)
    verb_forms: frozenset[str]  # inflected verb forms that take the prefix می/نمی
    stopwords: frozenset[str]  # function words (hazm's list): their spelling is authoritative ("آنها", "می‌شود")
    heads: dict[str, tuple[int, int]]  # compound head -> (written with ZWNJ, written glued) counts in the lexicon
    tails: dict[str, tuple[int, int]]

    def known(self, word: str) -> bool:
        return word in self.classes

    def frequency_class(self, word: str) -> int:
        return self.classes.get(word, -1)


def _verb_forms(stems: list[tuple[str, str]]) -> frozenset[str]:
    """Inflected forms that follow می/نمی: present stem (+ ending), past stem (+ ending), participles (also negative)."""
    forms = set()
    for past, present in stems:
        if present:
            forms.add(present)  # impersonal: می‌توان
            for ending in _PRESENT_ENDINGS:
                forms.add(present + ending)
                if present[-1] in "اوآ":  # گو -> گوید, آ -> آید: a ی (or ئ, an older spelling) glides in
                    forms.add(present + "ی" + ending)
                    forms.add(present + "ئ" + ending)
        if past:
            for ending in _PAST_ENDINGS:
                forms.add(past + ending)
            forms.add("ن" + past + "ه")  # نشده, as in نشده‌اند
    return frozenset(f for f in forms if len(f) >= 2)


@lru_cache(maxsize=1)
def load(path: Path = LEXICON_PATH) -> Lexicon:
    """The lexicon, parsed from `path` once and then read from a pickle in the cache folder (several times faster:
    it was most of `didban extract`'s start-up on a short article)."""
    return cached("lexicon", files_fingerprint([Path(path), Path(__file__)]), lambda: _parse(path))


def _parse(path: Path) -> Lexicon:
    classes: dict[str, int] = {}
    adjectives = set()
    stems = []
    heads: dict[str, tuple[int, int]] = {}
    tails: dict[str, tuple[int, int]] = {}
    stopwords = set()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            kind, a, *rest = line.rstrip("\n").split("\t")
            if kind == "s":
                stopwords.add(a)
                continue
            b, counts = rest[0], rest[1:]
            if kind in ("h", "t"):
                (heads if kind == "h" else tails)[a] = (int(b), int(counts[0]))
            elif kind == "w":
                classes[a] = int(b.rstrip("a"))
                if b.endswith("a"):
                    adjectives.add(a)
            elif kind == "v":
                stems.append((a, b))
    compounds: dict[str, str] = {}
    for word, cls in classes.items():
        if ZWNJ in word:
            key = word.replace(ZWNJ, "")
            best = compounds.get(key)
            if best is None or cls > classes[best]:
                compounds[key] = word
    return Lexicon(classes, frozenset(adjectives), compounds, _verb_forms(stems), frozenset(stopwords), heads,
                   tails)
