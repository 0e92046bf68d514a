"""The word list behind ZWNJ repair, loaded once, lazily (the first repair, not `import didban`).

Built from hazm's MIT-licensed lexicon by scripts/build_text_lexicon.py into data/lexicon.tsv.gz (see that script for
the format). Frequencies are kept as coarse classes (0 = seen with no count, n = about 10**(n-1) occurrences).
"""
from __future__ import annotations

import gzip
from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from didban.disk_cache import cached, files_fingerprint

ZWNJ = "\u200c"
LEXICON_PATH = Path(__file__).parent / "data" / "lexicon.tsv.gz"

# personal endings added to verb stems (present: می‌روم; past: می‌رفتم). "" = third person singular past.
_PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
_PAST_ENDINGS = ("", "م", "ی", "یم", "ید", "ند", "ه")


class WordClasses(Mapping):
    """word -> frequency class for the lexicon's ~190,000 words, kept as one sorted text and found by binary search.

    As a dict this took 0.1 s to unpickle at every start (a third of `didban extract`'s data loading), while the
    lexicon is asked about a hundred words an article (ZWNJ repair keeps its own answers per word): here loading is
    a few large strings, a lookup a few microseconds."""

    __slots__ = ("_text", "_starts", "_classes", "_memo")

    def __init__(self, classes: dict[str, int]):
        words = sorted(classes)
        self._text = "\n".join(words) + "\n"  # (no word has a newline)
        starts, pos = array("I"), 0
        for word in words:
            starts.append(pos)
            pos += len(word) + 1
        starts.append(pos)
        self._starts = starts  # word i is _text[_starts[i]:_starts[i + 1] - 1]
        self._classes = bytes(classes[w] for w in words)  # classes are 0..10
        self._memo: dict[str, int] = {}

    def _index(self, word: str) -> int:
        """The word's index, or -1; remembered for the last words asked (a search is ~18 steps of Python, and the
        stages ask about the same words again and again)."""
        found = self._memo.get(word)
        if found is None:
            if len(self._memo) >= _MEMO_MAX:
                self._memo.clear()
            found = self._memo[word] = self._search(word)
        return found

    def _search(self, word: str) -> int:
        text, starts = self._text, self._starts
        lo, hi = 0, len(self._classes)
        while lo < hi:
            mid = (lo + hi) // 2
            if text[starts[mid]:starts[mid + 1] - 1] < word:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self._classes) and text[starts[lo]:starts[lo + 1] - 1] == word:
            return lo
        return -1

    def __getitem__(self, word: str) -> int:
        i = self._index(word) if isinstance(word, str) else -1
        if i < 0:
            raise KeyError(word)
        return self._classes[i]

    def get(self, word, default=None):
        i = self._index(word) if isinstance(word, str) else -1
        return default if i < 0 else self._classes[i]

    def __contains__(self, word) -> bool:
        return isinstance(word, str) and self._index(word) >= 0

    def __len__(self) -> int:
        return len(self._classes)

    def __iter__(self) -> Iterator[str]:
        return iter(self._text.split("\n")[:-1])

    def __reduce__(self):
        return (_word_classes, (self._text, self._starts, self._classes))


def _word_classes(text: str, starts: array, classes: bytes) -> WordClasses:
    out = WordClasses.__new__(WordClasses)
    out._text, out._starts, out._classes, out._memo = text, starts, classes, {}
    return out


_MEMO_MAX = 50_000


@dataclass(slots=True)
class Lexicon:
    classes: WordClasses  # word -> frequency class
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
    return Lexicon(WordClasses(classes), frozenset(adjectives), compounds, _verb_forms(stems), frozenset(stopwords), heads,
                   tails)
