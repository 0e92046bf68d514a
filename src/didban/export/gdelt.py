"""GDELT-style rows (TSV, CSV): one row per event, the columns of `didban.export.columns` (codes as strings)."""
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
        w.writerow(event_row(ev))
        n += 1
    return n

