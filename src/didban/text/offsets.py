"""Rewriting text while keeping, for every character, the original span it came from.

A `Mapped` is a string plus two arrays: character i of the string came from original `[starts[i], ends[i])`.
Each normalization pass produces a list of edits `(start, end, replacement)` in the current string; `apply_edits`
builds the next `Mapped`, aligning each replacement with the characters it replaces:

- same length: character for character (a letter swapped for another);
- the old text is a subsequence of the new (insertions, e.g. a restored ZWNJ): kept characters keep their spans, the
  inserted ones get an empty span where they were inserted;
- the new text is a subsequence of the old (deletions, e.g. a space before a comma): kept characters keep their spans;
- otherwise (an entity decoded, a ligature expanded): every new character maps to the whole replaced span.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Iterable


@dataclass(slots=True)
class Mapped:
    text: str
    starts: array
    ends: array

    @classmethod
    def identity(cls, text: str) -> "Mapped":
        n = len(text)
        counting = _counting(n + 1)
        return cls(text, counting[:n], counting[1:n + 1])  # (slices of an array are copies, made in C)


_COUNTING = array("i")  # 0, 1, 2, ...: the identity map of any text is two slices of it


def _counting(n: int) -> array:
    """An array 0, 1, ..., at least n - 1 (built once, grown when a longer text comes)."""
    global _COUNTING
    if len(_COUNTING) < n:
        _COUNTING = array("i", range(max(n, 2 * len(_COUNTING), 4096)))
    return _COUNTING


def _subsequence_positions(short: str, long: str) -> list[int] | None:
    """Positions in `long` of the characters of `short`, matched greedily from the left; None if not a subsequence."""
    positions, j = [], 0
    for ch in short:
        j = long.find(ch, j)
        if j < 0:
            return None
        positions.append(j)
        j += 1
    return positions


def _insertion_point(m: Mapped, i: int, original_length: int) -> int:
    """Original position for a character inserted before current character i."""
    if i < len(m.text):
        return m.starts[i]
    return m.ends[-1] if m.text else original_length


def apply_edits(m: Mapped, edits: Iterable[tuple[int, int, str]], original_length: int) -> Mapped:
    """Apply non-overlapping edits (sorted by start) to `m`; returns a new `Mapped`."""
    text, starts, ends = m.text, m.starts, m.ends
    out_text: list[str] = []
    out_starts, out_ends = array("i"), array("i")
    pos = 0
    for start, end, new in edits:
        if start < pos:  # overlapping edit: the earlier one wins
            continue
        out_text.append(text[pos:start])
        out_starts.extend(starts[pos:start])
        out_ends.extend(ends[pos:start])
        old = text[start:end]
        out_text.append(new)
        if len(new) == len(old):
            out_starts.extend(starts[start:end])
            out_ends.extend(ends[start:end])
        elif len(new) > len(old) and (kept := _subsequence_positions(old, new)) is not None:
            # insertions: walk the new text; kept characters take their old spans, others an empty one
            k = 0
            for j in range(len(new)):
                if k < len(kept) and kept[k] == j:
                    out_starts.append(starts[start + k])
                    out_ends.append(ends[start + k])
                    k += 1
                else:
                    at = _insertion_point(m, start + k, original_length)
                    out_starts.append(at)
                    out_ends.append(at)
        elif len(new) < len(old) and (kept := _subsequence_positions(new, old)) is not None:
            for k in kept:
                out_starts.append(starts[start + k])
                out_ends.append(ends[start + k])
        else:
            lo = starts[start] if end > start else _insertion_point(m, start, original_length)
            hi = ends[end - 1] if end > start else lo
            for _ in new:
                out_starts.append(lo)
                out_ends.append(hi)
        pos = end
    out_text.append(text[pos:])
    out_starts.extend(starts[pos:])
    out_ends.extend(ends[pos:])
    return Mapped("".join(out_text), out_starts, out_ends)


def substitute(m: Mapped, pattern, replace, original_length: int) -> Mapped:
    """Like `pattern.sub(replace, text)` (replace: a string or a function of the match), keeping the map."""
    if isinstance(replace, str) and "\\" not in replace:  # a plain replacement: what `expand` would return
        edits = [(x.start(), x.end(), replace) for x in pattern.finditer(m.text)]
    elif isinstance(replace, str):
        edits = [(x.start(), x.end(), x.expand(replace)) for x in pattern.finditer(m.text)]
    else:
        edits = [(x.start(), x.end(), replace(x)) for x in pattern.finditer(m.text)]
    edits = [e for e in edits if e[2] != m.text[e[0]:e[1]]]
    return apply_edits(m, edits, original_length) if edits else m
