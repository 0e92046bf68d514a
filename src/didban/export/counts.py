"""Writing event counts (`Store.count_events`, what `didban events --count-by` prints): a table, json, jsonl, csv or
tsv. Pure: the rows come from the store, this only formats them."""
from __future__ import annotations

import csv
import json

from didban.errors import Codes, DidbanError

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
# the dimensions of `didban.store.aggregates.DIMENSIONS` that are dates: no value there means undated
TEMPORAL = ("day", "month", "year")
COUNT_FORMATS = ("table", "json", "jsonl", "csv", "tsv")


def _label(row: dict, name: str) -> str:
    value = row.get(name)
    if name == "actor":
        return f"{row.get('actor_name_en') or row.get('actor_name') or value} ({row.get('actor_country') or '-'})"
    if name == "place":
        return row.get("place_name_en") or row.get("place_name") or ("(no place)" if value is None else value)
    if name == "quad" and value is not None:
        return f"{value} {QUAD_NAMES.get(value, '')}".strip()
    if value is None:
        return "(undated)" if name in TEMPORAL else "-"
    return str(value)


def write_counts(rows, names: list[str], fmt: str, out) -> None:
    """Counts by the dimensions `names` as `didban events --count-by` prints them, in one of COUNT_FORMATS."""
    if fmt == "json":
        out.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt in ("csv", "tsv"):
        columns = list(dict.fromkeys(k for r in rows for k in r)) or [*names, "count"]
        w = csv.DictWriter(out, columns, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    elif fmt == "table":
        if not rows:
            out.write("(no events)\n")
            return
        labels = [[_label(r, n) for n in names] for r in rows]
        widths = [max(len(n), *(len(lab[i]) for lab in labels)) for i, n in enumerate(names)]
        out.write("  ".join(n.ljust(w) for n, w in zip(names, widths)) + "  count\n")
        for lab, r in zip(labels, rows):
            out.write("  ".join(v.ljust(w) for v, w in zip(lab, widths)) + f"  {r['count']:>5d}\n")
    else:
        raise DidbanError(Codes.E201, f"--count-by prints table, json, jsonl, csv or tsv, not {fmt}")
