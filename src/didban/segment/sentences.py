"""Sentence boundaries inside one segment (a line): . ! ? ؟ … end a sentence, except

- between digits ("۲٫۵", "3.5": the mark is not followed by a space there, so it never ends a sentence);
- after an abbreviation from hazm's list ("ه.ش.", "ق.م.") or a single-letter initial ("م.");
- inside a short «...» quote (up to QUOTE_MAX characters to its closing »): the quote is one unit of its sentence,
  unless the mark closes it (".»": the quoted statement ends the sentence).
A mark glued to the next word ("احضار شد.در این") still ends the sentence: scraped text often loses that space.
Closing quotes and brackets after the mark stay with the sentence.
"""
from __future__ import annotations

from didban.lazy_pattern import compile as kept_compile
from didban.segment.lexicon import abbreviations
from didban.text.keys import line_key

QUOTE_MAX = 250
_END = kept_compile(r"[.!?؟…]+[»\")\]]*")
_WORD_BEFORE = kept_compile(r"(\S+)$")
_LETTER_OR_DIGIT = kept_compile(r"[\w\u0600-\u06ff]")
_GUILLEMET = kept_compile("[«»]")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Short «...» quotes: [(open, close)] positions, close the index of »."""
    spans, stack = [], []
    if "«" not in text:
        return spans
    for m in _GUILLEMET.finditer(text):  # (only the quote marks, not every character)
        i = m.start()
        if m.group() == "«":
            stack.append(i)
        elif stack:
            start = stack.pop()
            if i - start <= QUOTE_MAX:
                spans.append((start, i))
    return spans


def _is_abbreviation(before: str) -> bool:
    # the last word: searched in the tail only (a search from the start tries every position of the paragraph),
    # and in the whole text when it reaches back to the tail's start
    tail = max(0, len(before) - 64)
    m = _WORD_BEFORE.search(before, tail)
    if m is not None and m.start() == tail and tail > 0:
        m = _WORD_BEFORE.search(before)
    if not m:
        return False
    word = line_key(m.group(1))
    if word in abbreviations() or word.lstrip("(") in abbreviations():
        return True
    # a single letter with a period: an initial ("م." for میلادی, "J." in a Latin name)
    return len(word.rstrip(".")) == 1 and word.endswith(".") and not word[0].isdigit()


def split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of `text[start:end]` as [(start, end)] in `text` offsets, trimmed of spaces, never empty."""
    piece = text[start:end]
    quotes = _quote_spans(piece)
    cuts = []
    for m in _END.finditer(piece):
        stop = m.end()
        after = piece[stop:stop + 1]
        marks = m.group()
        if after and not after.isspace():
            # "3.5", "ه.ش" or "www.x": a mark between digits or Latin letters is inside a token
            if marks[0] == "." and (piece[m.start() - 1:m.start()].isdigit() or after.isdigit()
                                    or (after.isascii() and after.isalpha())):
                continue
            if not _LETTER_OR_DIGIT.match(after) and after not in "«":
                continue
        if marks[0] == "." and len(marks) == 1 and _is_abbreviation(piece[: m.end()]):
            continue
        if any(qs < m.start() and stop <= qe for qs, qe in quotes):
            continue  # inside a short quote that this mark does not close
        cuts.append(stop)
    out, begin = [], 0
    for cut in cuts + [len(piece)]:
        s, e = begin, cut
        while s < e and piece[s].isspace() or (s < e and piece[s] == "\u200c"):
            s += 1
        while e > s and (piece[e - 1].isspace() or piece[e - 1] == "\u200c"):
            e -= 1
        if e > s:
            out.append((start + s, start + e))
        begin = cut
    return out
