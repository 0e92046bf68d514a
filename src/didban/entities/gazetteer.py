"""A fast longest-match phrase matcher over the words of a sentence.

Phrases and text are compared by their folded words (`didban.text.keys.word_key`) with the spaces between words
dropped, so that spelling and spacing variants meet: "امیر عبداللهیان" = "امیرعبداللهیان", "همکاری های" = "همکاری‌های",
"گفت و گو" = "گفتوگو". Matching only starts and ends on word boundaries, so "وعمان" never matches "عمان" here
(the normalizer splits glued conjunctions first).

Lookup is a dict probe per (start word, length) up to the longest phrase, which is cheaper than a character trie in
Python and keeps memory to one string per phrase.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Generic, Hashable, Iterable, Iterator, TypeVar

from didban.text.keys import token_key, word_key

P = TypeVar("P", bound=Hashable)


def phrase_words(phrase: str) -> list[str]:
    """The words of a phrase as the tokenizer would split them (punctuation inside names is kept out)."""
    from didban.document import NormalizedText
    from didban.text.normalize import normalize
    from didban.text.tokenize import tokenize

    norm: NormalizedText = normalize(phrase)
    return [t.norm for t in tokenize(norm)]


@functools.lru_cache(maxsize=8192)
def _phrase_key_words(phrase: str) -> tuple[str, ...]:
    """The words of a phrase that have a key. Cached: each article adds the names it learned to a gazetteer of its
    own (`matcher.find_mentions`), and the same names come back from article to article; normalizing a phrase is a
    pure function of its text."""
    return tuple(w for w in phrase_words(phrase) if token_key(w))


@dataclass(frozen=True, slots=True)
class Match(Generic[P]):
    start: int  # index of the first word
    end: int  # index after the last word
    payloads: tuple


class Gazetteer(Generic[P]):
    def __init__(self, max_words: int = 8):
        self.max_words = max_words
        self._phrases: dict[str, list] = {}
        self._min_words: dict[str, int] = {}  # fewest words of a phrase with this key
        self._prefixes: set[str] = set()  # every leading part of every key: lets a lookup stop early
        self._with_and: set[str] = set()  # keys of phrases that have "و" as a word of their own ("گفت و گو")
        self._longest = 1

    def add(self, phrase: str, payload: P) -> None:
        words = _phrase_key_words(phrase)
        if not words or len(words) > self.max_words:
            return
        key = "".join(word_key(w) for w in words)
        if not key:
            return
        self._min_words[key] = min(self._min_words.get(key, len(words)), len(words))
        if any(w == "و" for w in words):
            self._with_and.add(key)
        self._prefixes.update(key[:n] for n in range(1, len(key)))
        bucket = self._phrases.setdefault(key, [])
        if payload not in bucket:
            bucket.append(payload)
        self._longest = max(self._longest, len(words))

    def add_all(self, items: Iterable[tuple[str, P]]) -> "Gazetteer[P]":
        for phrase, payload in items:
            self.add(phrase, payload)
        return self

    def __len__(self) -> int:
        return len(self._phrases)

    def fewest_words(self, phrase_key: str) -> int:
        """The number of words of the shortest phrase with this key (0 if there is none)."""
        return self._min_words.get(phrase_key, 0)

    def lookup(self, phrase_key: str) -> list:
        return self._phrases.get(phrase_key, [])

    def starts(self, keys: list[str | None]) -> list[bool]:
        """For each word, whether a phrase can start there (the first test of `matches_at` and `longest_at`: a word
        marked False has no match starting on it). Computed once per sentence by callers that try every word."""
        prefixes, phrases = self._prefixes, self._phrases
        return [bool(k) and (k in prefixes or k in phrases) for k in keys]

    def matches_at(self, keys: list[str | None], start: int) -> Iterator[Match]:
        """All matches starting at word `start`, longest first."""
        return reversed(self._matches_at(keys, start, every=True))

    def longest_at(self, keys: list[str | None], start: int) -> Match | None:
        """The longest match starting at word `start` (the first of `matches_at`), or None."""
        first = keys[start] if 0 <= start < len(keys) else None
        if not first or (first not in self._prefixes and first not in self._phrases):
            return None  # most words start no phrase: answered here, without a further call (as _matches_at would)
        found = self._matches_at(keys, start, every=False)
        return found[-1] if found else None

    def _matches_at(self, keys: list[str | None], start: int, every: bool) -> list[Match]:
        if not 0 <= start < len(keys):
            return []
        first = keys[start]
        # most words start no phrase: one probe, no loop (this runs for every word of every sentence, many times)
        if not first or (first not in self._prefixes and first not in self._phrases):
            return []
        phrases, prefixes = self._phrases, self._prefixes
        concat = ""
        words, has_and = 0, False  # the words of the text so far (keys that are not ""), and whether "و" is one
        found: list[Match] = []
        for end in range(start, min(len(keys), start + self._longest)):
            key = keys[end]
            if key is None:  # punctuation ends a phrase; "" (a hyphen inside a name) is skipped over
                break
            if not key:
                continue
            concat += key
            words += 1
            has_and = has_and or key == "و"
            hit = phrases.get(concat)
            if not hit:
                if concat not in prefixes:
                    break
                continue
            # fewer words in the text than in the phrase would let "آق دام" match the word "اقدام": refuse
            if words >= self._min_words[concat] and \
                    (not has_and or concat in self._with_and):  # "خبر داد و" is not "دادو"
                match = Match(start, end + 1, tuple(hit))
                if every or not found:
                    found.append(match)
                else:  # only the longest is wanted: keep one
                    found[0] = match
        return found

    def find(self, keys: list[str | None]) -> list[Match]:
        """Non-overlapping longest matches, left to right."""
        out, i = [], 0
        prefixes, phrases = self._prefixes, self._phrases
        while i < len(keys):
            first = keys[i]
            if not first or (first not in prefixes and first not in phrases):  # (longest_at's first test, inline)
                i += 1
                continue
            best = self.longest_at(keys, i)
            if best is None:
                i += 1
            else:
                out.append(best)
                i = best.end
        return out
