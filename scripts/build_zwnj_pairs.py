"""Build src/didban/text/data/zwnj_pairs.tsv: how correctly written Persian joins two word parts, with a zero-width
non-joiner or with a space, learned from the UD Persian treebanks' development splits.

Source: ../shared/data/ud-persian (UD_Persian-Seraji and UD_Persian-PerDT dev splits, CC BY-SA 4.0; this derived
table keeps that licence). Only the sentences with an EVEN index in each file are read (0, 2, 4 ...): the odd ones are
held out, and `benchmarks/normalize/run.py --corpus ud-heldout` evaluates on them, so the figures are on text the table
was not learned from.

Each sentence is normalized the way didban normalizes input (letters, diacritics; no ZWNJ repair), then cut into
Persian words, and each word at its ZWNJs into parts ("پیاده‌روی‌ها" -> پیاده, روی, ها). Two parts meet either inside
a word (joined by a ZWNJ) or across a single space (the last part of a word, the first of the next). Output (UTF-8,
tab-separated, one record a line):

  p<TAB>left<TAB>right<TAB>joined<TAB>spaced   a pair of parts: times written "left‌right", times "left right"
  r<TAB>part<TAB>joined<TAB>spaced<TAB>n       a part as the right side: after a ZWNJ vs at the start of a word;
                                               n = how many different parts it was joined to
  l<TAB>part<TAB>joined<TAB>spaced<TAB>n       a part as the left side: before a ZWNJ vs at the end of a word

Pairs are kept when they were ever joined, or when the lexicon or the affix counts could make didban join them
(so a "left right" written apart in the treebanks can veto that join: "آن قدر"). Parts are kept when joined at least
once and seen at least MIN_PART_COUNT times, and left parts also when seen at a word's end at least APART_MIN_COUNT
times (so that "به", never joined, vetoes the lexicon's "به‌زودی").

    python scripts/build_zwnj_pairs.py [--ud ../shared/data/ud-persian] [--out src/didban/text/data/zwnj_pairs.tsv]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from didban.options import Options  # noqa: E402
from didban.text import lexicon  # noqa: E402
from didban.text.normalize import normalize  # noqa: E402
from didban.text.spacing import APART_MIN_COUNT  # noqa: E402
from didban.text.zwnj import PERSIAN_WORD, ZWNJ  # noqa: E402

DEFAULT_UD = ROOT.parent / "shared" / "data" / "ud-persian"
DEFAULT_OUT = ROOT / "src" / "didban" / "text" / "data" / "zwnj_pairs.tsv"
TREEBANKS = ("fa_seraji-ud-dev.conllu", "fa_perdt-ud-dev.conllu")
MIN_PART_COUNT = 3


def _texts(ud: Path, name: str) -> list[str]:
    return [line[len("# text = "):].strip() for line in (ud / name).read_text(encoding="utf-8").splitlines()
            if line.startswith("# text = ")]


def learning_sentences(ud: Path) -> list[str]:
    """The even-indexed `# text` lines of each development treebank (the odd ones are the held-out half)."""
    return [text for name in TREEBANKS for text in _texts(ud, name)[0::2]]


def heldout_sentences(ud: Path) -> list[str]:
    """The odd-indexed `# text` lines: never learned from (the benchmark's `--corpus ud-heldout`)."""
    return [text for name in TREEBANKS for text in _texts(ud, name)[1::2]]


def count(sentences: list[str]) -> tuple[Counter, Counter, Counter, Counter, Counter, Counter]:
    joined, spaced = Counter(), Counter()
    right_joined, right_spaced, left_joined, left_spaced = Counter(), Counter(), Counter(), Counter()
    options = Options(zwnj_repair=False, digits="keep")
    for sentence in sentences:
        text = normalize(sentence, options).text
        words = list(PERSIAN_WORD.finditer(text))
        for k, m in enumerate(words):
            parts = m.group().split(ZWNJ)
            for a, b in zip(parts, parts[1:]):
                joined[a, b] += 1
                left_joined[a] += 1
                right_joined[b] += 1
            if k + 1 < len(words) and words[k + 1].start() == m.end() + 1 and text[m.end()] == " ":
                a, b = parts[-1], words[k + 1].group().split(ZWNJ)[0]
                spaced[a, b] += 1
                left_spaced[a] += 1
                right_spaced[b] += 1
    return joined, spaced, right_joined, right_spaced, left_joined, left_spaced


def build(ud: Path) -> list[str]:
    joined, spaced, right_joined, right_spaced, left_joined, left_spaced = count(learning_sentences(ud))
    lex = lexicon.load()
    lines = []
    partners = {"r": Counter(b for _, b in joined), "l": Counter(a for a, _ in joined)}
    for name, j_counts, s_counts in (("r", right_joined, right_spaced), ("l", left_joined, left_spaced)):
        for part in sorted(set(j_counts) | set(s_counts)):
            j, s = j_counts[part], s_counts[part]
            # parts never seen before a ZWNJ are kept when frequent: "به", "از" are written apart
            if (j > 0 and j + s >= MIN_PART_COUNT) or (name == "l" and s >= APART_MIN_COUNT):
                lines.append(f"{name}\t{part}\t{j}\t{s}\t{partners[name][part]}")
    affix_like = {p for p in right_joined if right_joined[p] > right_spaced[p]}
    prefix_like = {p for p in left_joined if left_joined[p] > left_spaced[p]}
    for a, b in sorted(set(joined) | set(spaced)):
        j, s = joined[a, b], spaced[a, b]
        could_join = j > 0 or lex.compounds.get(a + b) == a + ZWNJ + b or b in affix_like or a in prefix_like \
            or any(lex.compounds.get(a + b[:cut]) == a + ZWNJ + b[:cut] for cut in range(2, len(b)))
        if could_join:
            lines.append(f"p\t{a}\t{b}\t{j}\t{s}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ud", type=Path, default=DEFAULT_UD)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    lines = build(args.ud)
    header = ("# ZWNJ vs space between word parts, learned from the even-indexed sentences of the UD Persian\n"
              "# Seraji and PerDT development treebanks (CC BY-SA 4.0; this derived table keeps that licence).\n"
              "# Built by scripts/build_zwnj_pairs.py; format in its docstring.\n")
    args.out.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(lines)} records)")


if __name__ == "__main__":
    main()
