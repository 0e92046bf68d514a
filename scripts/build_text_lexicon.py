"""Build src/didban/text/data/lexicon.tsv.gz, the word list the normalizer's ZWNJ repair consults.

Source: hazm's MIT-licensed lexicon (github.com/roshan-research/hazm, hazm/data; copy in ../shared/data/hazm-lexicon):
  words.dat  word<TAB>frequency<TAB>POS tags   (many compounds written with their zero-width non-joiner)
  verbs.dat  past stem#present stem

Output (gzip, UTF-8, one record a line):
  w<TAB>word<TAB>class[a]   class = 0 for frequency 0, else 1 + floor(log10(frequency)); "a" = tagged adjective (AJ)
  v<TAB>past<TAB>present    verb stems, for the verbal prefixes می/نمی
  s<TAB>word                 hazm's stopwords (function words): their listed spelling is authoritative
  h<TAB>head<TAB>z<TAB>g     compound heads: z = compounds written "head‌X" (with ZWNJ), g = known words "headX" glued
  t<TAB>tail<TAB>z<TAB>g     the same for tails ("X‌tail" vs "Xtail"): whether a part usually takes a ZWNJ is data

Letters are normalized the same way the normalizer does (ي→ی, ك→ک, diacritics removed), so lookups agree.

    python scripts/build_text_lexicon.py [--hazm ../shared/data/hazm-lexicon] [--out src/didban/text/data/lexicon.tsv.gz]
"""
from __future__ import annotations

import argparse
import gzip
import math
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_HAZM = ROOT.parent / "shared" / "data" / "hazm-lexicon"
DEFAULT_OUT = ROOT / "src" / "didban" / "text" / "data" / "lexicon.tsv.gz"

_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "\u200d": None, "\u0640": None})
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")
_PERSIAN_WORD = re.compile("^[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c]+$")


def clean(word: str) -> str:
    word = _DIACRITICS.sub("", word.translate(_LETTERS)).strip("\u200c")
    return re.sub("\u200c+", "\u200c", word)


def frequency_class(freq: int) -> int:
    return 0 if freq <= 0 else 1 + int(math.log10(freq))


def read_words(path: Path) -> dict[str, tuple[int, bool]]:
    words: dict[str, tuple[int, bool]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        word = clean(parts[0])
        if not _PERSIAN_WORD.match(word) or len(word) < 1:
            continue
        try:
            freq = int(parts[1])
        except ValueError:
            freq = 0
        adjective = len(parts) > 2 and "AJ" in parts[2].split(",")
        cls = frequency_class(freq)
        old = words.get(word)
        if old is None or cls > old[0]:
            words[word] = (cls, adjective or (old[1] if old else False))
    return words


def read_verbs(path: Path) -> list[tuple[str, str]]:
    stems = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "#" not in line:
            continue
        past, present = (clean(s) for s in line.split("#", 1))
        if past or present:
            stems.append((past, present))
    return stems


def compound_part_stats(words: dict[str, tuple[int, bool]]) -> tuple[dict, dict]:
    """For each head/tail of a two-part compound: how often the lexicon writes it with a ZWNJ, how often glued.

    Glued words count when both parts are themselves frequent words (class >= 4), so "بازیگر" counts against the head
    "بازی" but "بازیچه" does not (چه is short)."""
    heads: dict[str, list[int]] = {}
    tails: dict[str, list[int]] = {}
    for word in words:
        parts = word.split("\u200c")
        if len(parts) == 2 and all(parts):
            heads.setdefault(parts[0], [0, 0])[0] += 1
            tails.setdefault(parts[1], [0, 0])[0] += 1
    for word in words:
        if "\u200c" in word:
            continue
        for i in range(2, len(word) - 1):
            head, tail = word[:i], word[i:]
            if words.get(head, (-1,))[0] >= 4 and words.get(tail, (-1,))[0] >= 4:
                if head in heads:
                    heads[head][1] += 1
                if tail in tails:
                    tails[tail][1] += 1
    return heads, tails


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hazm", type=Path, default=DEFAULT_HAZM)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    words = read_words(args.hazm / "words.dat")
    verbs = read_verbs(args.hazm / "verbs.dat")
    lines = [f"w\t{w}\t{c}{'a' if a else ''}" for w, (c, a) in sorted(words.items())]
    lines += [f"v\t{past}\t{present}" for past, present in verbs]
    stopwords = {clean(w) for w in (args.hazm / "stopwords.dat").read_text(encoding="utf-8").split("\n") if w.strip()}
    lines += [f"s\t{w}" for w in sorted(stopwords)]
    heads, tails = compound_part_stats(words)
    lines += [f"h\t{h}\t{z}\t{g}" for h, (z, g) in sorted(heads.items()) if z >= 2]
    lines += [f"t\t{t}\t{z}\t{g}" for t, (z, g) in sorted(tails.items()) if z >= 2]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same input gives byte-identical output, so a rebuild does not show up as a change
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"wrote {args.out}: {len(words)} words, {len(verbs)} verb stem pairs, {len(stopwords)} stopwords")


if __name__ == "__main__":
    main()
