"""Reading the knowledge-base data files: tab-separated tables with a header line, and JSON lines.

TSV rules (so the files stay editable by hand): UTF-8; the first non-comment line is the header; lines starting with
"#" and blank lines are ignored; lists inside a cell are separated by "|"; an empty cell is None.
Every problem is a DidbanError E301 naming the file and the line.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from didban.errors import DidbanError

LIST_SEP = "|"


def read_tsv(path: Path, required: tuple[str, ...] = ()) -> Iterator[tuple[int, dict[str, str | None]]]:
    """Yield (line number, row) for each record of a TSV file."""
    header: list[str] | None = None
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise DidbanError("E301", f"cannot read it ({exc.strerror})", path=str(path)) from exc
    with handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                missing = [c for c in required if c not in header]
                if missing:
                    raise DidbanError("E301", f"the header lacks the column(s) {', '.join(missing)}",
                                      path=str(path), line=number)
                continue
            if len(cells) > len(header):
                raise DidbanError("E301", f"{len(cells)} cells for {len(header)} columns (a stray tab?)",
                                  path=str(path), line=number)
            cells += [""] * (len(header) - len(cells))
            yield number, {h: (c.strip() or None) for h, c in zip(header, cells)}


def split_list(cell: str | None) -> list[str]:
    return [part.strip() for part in cell.split(LIST_SEP) if part.strip()] if cell else []


def read_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise DidbanError("E301", f"cannot read it ({exc.strerror})", path=str(path)) from exc
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DidbanError("E301", f"not JSON ({exc.msg})", path=str(path), line=number) from exc
            if not isinstance(record, dict):
                raise DidbanError("E301", "each line must be one JSON object", path=str(path), line=number)
            yield number, record
