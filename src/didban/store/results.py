"""Query results: a list of dicts that also knows its total and turns into a pandas DataFrame or flat rows."""
from __future__ import annotations

from didban.export.columns import COLUMNS as FLAT_COLUMNS, event_row  # noqa: F401  (the one column list)


class Results(list):
    """A page of results (`list` of dicts). `total` counts all matches, or the first `total` when `count_capped`;
    `next_cursor` (event lists) asks for the page after this one; `to_pandas()` needs pandas."""

    def __init__(self, rows=(), *, total: int | None = None, limit: int | None = None, offset: int = 0,
                 count_capped: bool = False, next_cursor: str | None = None):
        super().__init__(rows)
        self.total = len(self) if total is None else total
        self.limit = limit
        self.offset = offset
        self.count_capped = count_capped
        self.next_cursor = next_cursor

    def to_pandas(self):
        try:
            import pandas as pd
        except ModuleNotFoundError as exc:
            from didban.errors import needs_extra

            raise needs_extra("to_pandas()", "pandas", None) from exc
        rows = [flat_event(r) if "cameo" in r and "actors" in r else r for r in self]
        return pd.DataFrame(rows)


def flat_event(ev: dict) -> dict:
    """One event as a flat row (CSV, TSV, Parquet, DataFrame): the columns of `didban.export.columns`."""
    return event_row(ev)
