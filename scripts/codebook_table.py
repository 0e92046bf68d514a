#!/usr/bin/env python3
"""The codebook's size per CAMEO root, as a Markdown table read from the shipped TOML files (so docs stay true).

    python scripts/codebook_table.py            # print the table
    python scripts/codebook_table.py --write    # replace the table in docs/codebook.md between its markers

Counts: entries, example sentences (positive and "=> -" counter-examples), and the distinct codes the entries give.
The analyst's overlay folder is left out: the table describes what ships.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "codebook.md"
BEGIN, END = "<!-- codebook-table:begin -->", "<!-- codebook-table:end -->"

# CAMEO's names of the twenty roots
ROOT_NAMES = {
    "01": "make public statement", "02": "appeal", "03": "express intent to cooperate", "04": "consult",
    "05": "engage in diplomatic cooperation", "06": "engage in material cooperation", "07": "provide aid",
    "08": "yield", "09": "investigate", "10": "demand", "11": "disapprove", "12": "reject", "13": "threaten",
    "14": "protest", "15": "exhibit force posture", "16": "reduce relations", "17": "coerce", "18": "assault",
    "19": "fight", "20": "use unconventional mass violence",
}


def table() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from didban.events.codebook import load_codebook

    book = load_codebook(user=False)
    entries, positive, negative, codes, files = (defaultdict(int), defaultdict(int), defaultdict(int),
                                                 defaultdict(set), {})
    for e in book.entries:
        r = e.root
        entries[r] += 1
        positive[r] += sum(1 for x in e.examples if x.actors is not None)
        negative[r] += sum(1 for x in e.examples if x.actors is None)
        codes[r].add(e.cameo)
        files.setdefault(r, set()).add(Path(e.source).name)
    lines = ["| root | CAMEO | file | entries | examples | counter-examples | codes |",
             "|---|---|---|---:|---:|---:|---|"]
    for r in sorted(ROOT_NAMES):
        shown = ", ".join(sorted(codes[r])) if codes[r] else "—"
        lines.append(f"| {r} | {ROOT_NAMES[r]} | {', '.join(sorted(files.get(r, ()))) or '—'} | {entries[r]} | {positive[r]} | "
                     f"{negative[r]} | {shown} |")
    lines.append(f"| | **all** | | **{sum(entries.values())}** | **{sum(positive.values())}** | "
                 f"**{sum(negative.values())}** | |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"replace the table in {DOC.relative_to(ROOT)}")
    args = parser.parse_args()
    text = table()
    if not args.write:
        print(text)
        return 0
    doc = DOC.read_text(encoding="utf-8")
    if BEGIN not in doc or END not in doc:
        print(f"{DOC}: the markers {BEGIN} … {END} are missing", file=sys.stderr)
        return 1
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
