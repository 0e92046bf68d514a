"""GDELT-style rows (TSV, CSV): one row per event, the columns of `didban.export.columns` (codes as strings).

TSV has no quoting that line-based tools (cut, awk, GDELT loaders) understand, so a tab, a line break or a backslash
inside a value is written as the escape `\\t`, `\\n`, `\\r`, `\\\\` (PostgreSQL's text format): one event is always one
line. CSV quotes such values instead (RFC 4180)."""
from __future__ import annotations

import csv
from typing import Iterable, TextIO

from didban.export.columns import COLUMNS, event_row


def write_rows(events: Iterable[dict], out: TextIO, delimiter: str = "\t", header: bool = True) -> int:
    """Events in `query_events`' shape as flat rows (TSV by default, CSV with delimiter=","); returns the count."""
    w = csv.DictWriter(out, COLUMNS, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    if header:
        w.writeheader()
    n = 0
    for ev in events:
        row = event_row(ev)
        if delimiter == "\t":
            row = {k: _tsv_value(v) for k, v in row.items()}
        w.writerow(row)
        n += 1
    return n


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _tsv_value(value):
    return value.translate(_TSV_ESCAPES) if isinstance(value, str) else value

