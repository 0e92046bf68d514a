"""Writing what the store answers: event lists in every format `didban events` offers, whole-store exports, search
hits and entities. Pure writers over rows (the dicts `Store.query_events`, `search` and `query_entities` return);
they never open the store, so the store's commands and the server write the same bytes whoever asks.

PLOVER, GDELT-style TSV and CSV go through `didban.export.write_events` (the one column list); Parquet holds the same
flat rows; JSON and JSON lines are the rows themselves, their scores rounded for people.
"""
from __future__ import annotations

import contextlib
import json
from typing import Iterable, Iterator, TextIO

from didban.errors import Codes, DidbanError, needs_extra

# what `didban events` writes a page of events as, and what `didban export` writes every stored event as
LIST_FORMATS = ("table", "json", "jsonl", "plover", "tsv", "csv", "parquet")
EXPORT_FORMATS = ("plover", "tsv", "gdelt", "csv", "jsonl", "parquet")
# the formats with GDELT's count and date columns: the events need `Store.add_export_fields` first
NEEDS_EXPORT_FIELDS = ("plover", "tsv", "gdelt", "csv", "parquet")


def rounded(row: dict) -> dict:
    """An event row with its scores rounded for people (3 decimals): 0.775, never 0.7749999999999999."""
    out = dict(row)
    for key in ("confidence", "intensity", "goldstein"):
        if isinstance(out.get(key), float):
            out[key] = round(out[key], 3)
    return out


def write_event_list(rows, fmt: str, out: TextIO | None, out_path: str | None = None) -> None:
    """Events (as `query_events` returns them; for the flat formats with `Store.add_export_fields` applied) in one
    of LIST_FORMATS. Parquet is written to `out_path` (`out` is None then)."""
    from didban.export.columns import COLUMNS, event_row

    if fmt in ("plover", "tsv", "gdelt", "csv"):
        from didban import export  # looked up at call time: one writer for every door

        export.write_events(rows, "tsv" if fmt == "gdelt" else fmt, out)
    elif fmt == "parquet":
        write_parquet([event_row(r) for r in rows], COLUMNS, out_path)
    elif fmt == "json":
        out.write(json.dumps([rounded(r) for r in rows], ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(rounded(r), ensure_ascii=False) + "\n")
    else:
        out.write(render_events_table(rows) + "\n")


def export_events(events: Iterable[dict], fmt: str, out_path: str) -> int:
    """Write events (with their export fields) to `out_path` ('-': standard output) as one of EXPORT_FORMATS,
    streaming except for Parquet (pyarrow builds the table in memory). Returns the number written."""
    from didban import export
    from didban.export.columns import COLUMNS, event_row

    fmt = "tsv" if fmt == "gdelt" else fmt
    if fmt == "parquet":
        rows = [event_row(r) for r in events]
        write_parquet(rows, COLUMNS, out_path)
        return len(rows)
    with output(out_path) as fh:
        if fmt == "jsonl":
            n = 0
            for r in events:
                fh.write(json.dumps(rounded(r), ensure_ascii=False) + "\n")
                n += 1
            return n
        return export.write_events(events, fmt, fh)


def write_parquet(rows: list[dict], columns: list[str], path: str | None) -> None:
    if not path or path == "-":
        raise DidbanError(Codes.E201, "parquet is binary: give a file with --out")
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ModuleNotFoundError as exc:
        raise needs_extra("parquet", "pyarrow", "export") from exc
    from didban.output import output_path

    table = pa.Table.from_pydict({c: [r.get(c) for r in rows] for c in columns})
    with output_path(path) as tmp:  # whole or not at all, E701 when it cannot be written
        pq.write_table(table, str(tmp))


@contextlib.contextmanager
def output(out_path: str | None, binary: bool = False):
    """The stream to write to: the file at `out_path`, or standard output (None or "-"); a binary format (parquet)
    writes the path itself, so it gets None."""
    from didban.output import output_file, stdout_errors

    if binary:
        yield None
    elif out_path and out_path != "-":
        with output_file(out_path, newline="") as fh:  # whole or not at all; a failed write is E701
            yield fh
    else:
        with stdout_errors() as stdout:
            yield stdout


# --- the readable event table -----------------------------------------------------------------------------------

def _who(people: list[dict]) -> str:
    return ", ".join(p.get("name") or p.get("id") or "?" for p in people) or "-"


def _quote(evidence: list[dict], width: int = 100) -> str:
    """The trigger words (what happened), else the first evidence span, cut to `width` characters."""
    spans = [sp for sp in evidence if sp.get("label") == "trigger"] or evidence[:1]
    text = " … ".join(sp["text"].replace("\n", " ") for sp in spans)
    return text if len(text) <= width else text[: width - 1] + "…"


def render_events_table(rows) -> str:
    """A readable table: one event per line; a meeting's sides joined with ↔, other events with →."""
    if not rows:
        return "(no events)"
    lines = [f"{'date':10s}  {'cameo':5s} {'type':12s} {'sources':>7s}  who", "-" * 78]
    for r in rows:
        arrow = " ↔ " if r["cameo"].startswith("04") else " → "
        who = _who(r["actors"]) + (arrow + _who(r["recipients"]) if r["recipients"] else "")
        where = f"  @ {r['location']['name']}" if r.get("location") else ""
        lines.append(f"{(r.get('day') or '-'):10s}  {r['cameo']:5s} {(r.get('plover') or '-'):12s} "
                     f"{r.get('num_articles', 1):>3d}/{r.get('num_sources', 1):<3d}  {who}{where}")
        if r.get("evidence"):
            lines.append(f"{'':36s}«{_quote(r['evidence'])}»  [{r['doc_id']}]")
    total = getattr(rows, "total", len(rows))
    if total > len(rows):
        more = "+" if getattr(rows, "count_capped", False) else ""  # the store stops counting there
        lines.append(f"... {len(rows)} of {total}{more} events shown (use --limit/--offset)")
    return "\n".join(lines)


# --- search hits and entities -----------------------------------------------------------------------------------

def search_hit_lines(hits, fmt: str) -> Iterator[str]:
    """`Store.search`'s hits as lines: one JSON document (json), one object a line (jsonl), or a readable list."""
    if fmt == "json":
        yield json.dumps(list(hits), ensure_ascii=False, indent=2)
    elif fmt == "jsonl":
        for h in hits:
            yield json.dumps(h, ensure_ascii=False)
    elif not hits:
        yield "(no matches)"
    else:
        for h in hits:
            yield (f"{h['doc_id']}  {h.get('published') or '-':10.10s}  {h.get('outlet') or '-'}  "
                   f"{h.get('title') or '(no title)'}  [{h['num_events']} events]")
            if h.get("snippet"):
                yield f"    {h['snippet']['text'][:200]}"
        if hits.total > len(hits):
            yield f"... {len(hits)} of {hits.total} documents shown"


def entity_lines(rows, fmt: str) -> Iterator[str]:
    """`Store.query_entities`' rows as lines: json, jsonl, or a readable list (most documents first)."""
    if fmt == "json":
        yield json.dumps(list(rows), ensure_ascii=False, indent=2)
    elif fmt == "jsonl":
        for r in rows:
            yield json.dumps(r, ensure_ascii=False)
    else:
        if not rows:
            yield "(no entities)"
        for r in rows:
            yield (f"{r['type']:4s} {r['name']} / {r['name_en'] or '-'} ({r['country'] or '-'})  "
                   f"documents {r['num_documents']}  events {r['num_events']}")
