"""`didban ingest | reprocess | events | search | export`: the store's commands (wired lazily by didban.cli).

Thin: flags are checked at the edge (`didban.vocab`, `options.parse_date`), the work is `didban.batch` (ingest and
reprocess run the one pipeline runner through the engines) and the store's query functions; the writers are
`didban.export`'s, so a format gives the same columns whichever command writes it.
"""
from __future__ import annotations

import contextlib
import csv
import json
import sys
from typing import TextIO

import click

from didban.cli import checked, fail, stop, format_option, help_text, pipeline_options, quiet_option, report, usage_fail
from didban.errors import Codes, DidbanError, needs_extra

EVENT_FORMATS = ("table", "json", "jsonl", "plover", "tsv", "csv", "parquet")
EXPORT_FORMATS = ("plover", "tsv", "gdelt", "csv", "jsonl", "parquet")
ENGINE_HELP = ("where the pipeline runs: local (this machine's cores, see --workers) or dask (a Dask cluster: a "
               "LocalCluster, or --scheduler ADDR; needs pip install 'didban[scale]')")


def db_option(func):
    return click.option("--db", "db", metavar="URL",
                        help="database: a SQLite path or sqlite:///PATH, or postgresql://USER@HOST/DB "
                             "(default: $DIDBAN_DB, else ./didban.sqlite)")(func)


def open_db(db, *, create: bool = False, readonly: bool = False):
    """The store behind --db; only `ingest` (and `demo`) create a missing database; `readonly` commands (events,
    search, export, entities) never create, migrate or write."""
    from didban.store import open_store

    try:
        return open_store(db, create=create, readonly=readonly)
    except DidbanError as exc:
        fail(exc)


_open = open_db  # older name


def where(store) -> str:
    """The database for people: a SQLite file's path, else the URL without its password."""
    from didban.store.engine import _safe_url

    return store.url[len("sqlite:///"):] if store.url.startswith("sqlite:///") else _safe_url(store.url)


@contextlib.contextmanager
def store_errors(store):
    """Run a store job: a store error, or a database failure outside a document's own write (merge, a lookup), ends
    the command with its code and hint, never a traceback; the store is closed in every case."""
    from sqlalchemy.exc import SQLAlchemyError

    from didban.store.engine import translate_db_error

    try:
        yield store
    except DidbanError as exc:  # a filter the store refused is the user's to fix (exit 2), the rest exit 1
        stop(exc)
    except SQLAlchemyError as exc:
        fail(translate_db_error(exc, store.url))
    finally:
        store.close()


# --- ingest and reprocess ---------------------------------------------------------------------------------------

def _engine_options(func):
    func = click.option("--scheduler", metavar="ADDR", help="address of a running Dask scheduler (with --engine dask; "
                                                            "default: start a LocalCluster on this machine)")(func)
    func = click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                        help=ENGINE_HELP)(func)
    return click.option("--workers", type=click.IntRange(min=1), help="processes to use (default: all cores)")(func)


def _finish_batch(summary, quiet: bool) -> None:
    for failure in summary.failed:
        report(failure.error)
    if not quiet:
        click.echo(summary.render(), err=True)
    sys.exit(1 if summary.failed else 0)


@click.command(help=help_text(
    "Extract events from INPUTS (files, folders, - for standard input) and keep them in the database. Running it "
    "again adds nothing: documents are known by the hash of their text.",
    "didban ingest news/                              # into ./didban.sqlite",
    "didban ingest feed.jsonl --db postgresql://me@localhost/news --workers 4",
    "didban ingest news/ --no-tagger --published 1403-12-17 --quiet"))
@click.argument("inputs", nargs=-1, required=True)
@db_option
@_engine_options
@click.option("--force", is_flag=True, help="re-extract documents that are already stored")
@click.option("--no-merge", is_flag=True, help="skip linking near-duplicate articles and clustering events")
@pipeline_options()
@quiet_option
def ingest(inputs, db, workers, engine, scheduler, force, no_merge, options, quiet):
    from didban.batch import ingest_inputs

    store = open_db(db, create=True)
    with store_errors(store):
        summary = ingest_inputs(list(inputs), store, options, workers=workers, engine=engine, scheduler=scheduler,
                                progress=False if quiet else None, force=force, merge=not no_merge)
    _finish_batch(summary, quiet)


@click.command(help=help_text(
    "Re-run extraction over every stored document's original text (after didban, its knowledge base or the "
    "settings changed) and store what changed.",
    "didban reprocess", "didban reprocess --db news.sqlite --min-confidence 0.7 --workers 2 --quiet"))
@db_option
@_engine_options
@click.option("--no-merge", is_flag=True, help="skip linking near-duplicate articles and clustering events")
@pipeline_options()
@quiet_option
def reprocess(db, workers, engine, scheduler, no_merge, options, quiet):
    from didban.batch import ingest_documents, stored_documents

    store = open_db(db)
    with store_errors(store):
        summary = ingest_documents(stored_documents(store), store, options, workers=workers, engine=engine,
                                   scheduler=scheduler, progress=False if quiet else None, force=True,
                                   merge=not no_merge, estimate=lambda: store.count("documents"))
    _finish_batch(summary, quiet)


def reprocess_store(store, options=None, *, progress=None) -> dict[str, int]:
    """Run the pipeline again over every stored document in this process (the Python API of `reprocess`);
    how many documents came out new/updated/unchanged/failed. `progress(failure)` is called for each failure."""
    from didban.batch import ingest_documents, stored_documents
    from didban.options import Options

    summary = ingest_documents(stored_documents(store), store, options or Options(), workers=1, progress=False,
                               force=True, merge=False, on_failure=progress)
    return {"new": summary.new, "updated": summary.updated, "unchanged": summary.unchanged,
            "failed": summary.failed_count}


# --- events ---------------------------------------------------------------------------------------------------------

def rounded(row: dict) -> dict:
    """An event row with its scores rounded for people (3 decimals): 0.775, never 0.7749999999999999."""
    out = dict(row)
    for key in ("confidence", "intensity", "goldstein"):
        if isinstance(out.get(key), float):
            out[key] = round(out[key], 3)
    return out


def write_events(rows, fmt: str, out: TextIO | None, out_path: str | None = None, store=None) -> None:
    """Events (as `query_events` returns them) in one of EVENT_FORMATS. PLOVER, GDELT-style TSV, CSV and Parquet go
    through `didban.export`'s event writer (the one column list), with the store's GDELT counts and DATEADDED."""
    from didban.store.results import FLAT_COLUMNS, flat_event

    if fmt in ("plover", "tsv", "gdelt", "csv", "parquet") and store is not None:
        from didban.store.aggregates import add_export_fields

        with store.engine.connect() as conn:
            add_export_fields(conn, rows)
    if fmt in ("plover", "tsv", "gdelt", "csv"):
        from didban import export

        export.write_events(rows, "tsv" if fmt == "gdelt" else fmt, out)
    elif fmt == "parquet":
        write_parquet([flat_event(r) for r in rows], FLAT_COLUMNS, out_path)
    elif fmt == "json":
        out.write(json.dumps([rounded(r) for r in rows], ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(rounded(r), ensure_ascii=False) + "\n")
    else:
        out.write(render_events_table(rows) + "\n")


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


def _day(value: str | None, what: str) -> str | None:
    from didban.options import parse_date

    return checked(parse_date, value, what)[0] if value else None


@click.command(help=help_text(
    "List stored events, newest first; filters combine with AND. By default one row per event, however many "
    "articles reported it (see --all-reports).",
    "didban events --cameo 04                          # the meetings",
    "didban events --actor عراقچی --country TUR --since 2025-01-01 --format csv",
    "didban events --type CONSULT --since 1403-12-01 --format plover --out consult.jsonl",
    "didban events --count-by month,dyad                # counts instead of rows"))
@click.option("--actor", help="a participant's name (Persian or English, or part of it) or knowledge-base id")
@click.option("--country", help="a participant's country: ISO 3166-1 alpha-3 code (IRN) or name (Iran, ایران)")
@click.option("--type", "plover", help="PLOVER event type, e.g. CONSULT, APPEAL, REJECT")
@click.option("--cameo", help="CAMEO code or prefix, leading zero kept, e.g. 04 (every meeting) or 044")
@click.option("--since", help="from this day: YYYY-MM-DD, or a Jalali date such as 1403-12-17")
@click.option("--until", help="up to and including this day (Gregorian or Jalali)")
@click.option("--place", help="the event location's name")
@click.option("--doc", "doc_id", help="only events of this document id")
@click.option("--all-reports", is_flag=True, help="one row per article's report instead of one per merged event")
@db_option
@format_option(EVENT_FORMATS, default="table")
@click.option("--out", "out_path", help="write to this file instead of standard output (required for parquet)")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True, help="rows to show")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="rows to skip first (for paging)")
@click.option("--count-by", "count_by", metavar="DIMS",
              help="count the matching events instead of listing them, by dimensions separated by commas: "
                   "month, day, year, dyad, country, actor, type, quad, root, cameo, place (e.g. month,dyad)")
def events(actor, country, plover, cameo, since, until, place, doc_id, all_reports, db, fmt, out_path, limit, offset,
           count_by):
    from didban import vocab

    filters = {"actor": actor, "place": place, "doc_id": doc_id,
               "country": checked(vocab.check_country, country, "--country"),
               "plover": checked(vocab.check_plover, plover, "--type"),
               "cameo": checked(vocab.check_cameo, cameo, "--cameo"),
               "since": _day(since, "--since"), "until": _day(until, "--until")}
    if fmt == "parquet" and (not out_path or out_path == "-"):
        usage_fail(DidbanError(Codes.E201, "parquet is binary: give a file with --out"))
    store = open_db(db, readonly=True)
    with store_errors(store):
        if count_by:
            print_counts(store, count_by, fmt, out_path, merged=not all_reports, **filters)
            return
        rows = store.query_events(**filters, merged=not all_reports, limit=limit, offset=offset)
        with output(out_path, binary=fmt == "parquet") as fh:
            write_events(rows, fmt, fh, out_path, store)


def print_counts(store, count_by: str, fmt: str, out_path: str | None, **filters) -> None:
    """`didban events --count-by DIMS`: the counts of didban.store.aggregates, written as `fmt`."""
    from didban.store.aggregates import count_events, parse_dimensions, write_counts

    names = parse_dimensions(count_by)
    with store.engine.connect() as conn:
        rows = count_events(conn, names, **filters)
    with output(out_path) as fh:
        write_counts(rows, names, fmt, fh)


# --- search and entities --------------------------------------------------------------------------------------

@click.command(help=help_text(
    "Full-text search over the stored articles, best match first. QUERY is words, all of which must occur in an "
    "article, in any order. Spelling does not matter: letter variants, diacritics, digits and the zero-width "
    "non-joiner are folded ('گفتوگو' finds 'گفت‌وگو'), and words written apart also find them written together "
    "('گفت و گو'). There are no operators: OR, quotes and * are read as words or ignored, and whole words match "
    "(no prefixes).",
    "didban search گفتوگو", "didban search 'عراقچی جده' --format json --limit 5"))
@click.argument("query")
@db_option
@format_option(("table", "json", "jsonl"), default="table")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True, help="documents to show")
def search(query, db, fmt, limit):
    store = open_db(db, readonly=True)
    with store_errors(store):
        hits = store.search(query, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(list(hits), ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for h in hits:
            click.echo(json.dumps(h, ensure_ascii=False))
    elif not hits:
        click.echo("(no matches)")
    else:
        for h in hits:
            click.echo(f"{h['doc_id']}  {h.get('published') or '-':10.10s}  {h.get('outlet') or '-'}  "
                       f"{h.get('title') or '(no title)'}  [{h['num_events']} events]")
            if h.get("snippet"):
                click.echo(f"    {h['snippet']['text'][:200]}")
        if hits.total > len(hits):
            click.echo(f"... {len(hits)} of {hits.total} documents shown")


def print_entities(db=None, *, name=None, type=None, country=None, limit=100, fmt="table") -> None:
    """What `didban entities` without files prints: the stored entities, most documents first."""
    from didban import vocab

    country = checked(vocab.check_country, country, "--country")
    store = open_db(db, readonly=True)
    with store_errors(store):
        rows = store.query_entities(name=name, type=type, country=country, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    else:
        if not rows:
            click.echo("(no entities)")
        for r in rows:
            click.echo(f"{r['type']:4s} {r['name']} / {r['name_en'] or '-'} ({r['country'] or '-'})  "
                       f"documents {r['num_documents']}  events {r['num_events']}")


# --- export ---------------------------------------------------------------------------------------------------------

def export_store(store, fmt: str, out_path: str) -> int:
    """Write every stored event (one row per article's report), a page at a time: plover (JSON lines), tsv/gdelt
    (GDELT-style), csv, jsonl (event rows) or parquet. Returns the number of events written."""
    from itertools import chain

    from didban import export
    from didban.store.aggregates import iter_export_pages
    from didban.store.results import FLAT_COLUMNS, flat_event

    fmt = "tsv" if fmt == "gdelt" else fmt
    events = chain.from_iterable(iter_export_pages(store, merged=False))
    if fmt == "parquet":  # pyarrow builds the table in memory
        rows = [flat_event(r) for r in events]
        write_parquet(rows, FLAT_COLUMNS, out_path)
        return len(rows)
    with output(out_path) as fh:
        if fmt == "jsonl":
            n = 0
            for r in events:
                fh.write(json.dumps(rounded(r), ensure_ascii=False) + "\n")
                n += 1
            return n
        return export.write_events(events, fmt, fh)


@click.command(help=help_text(
    "Export every stored event (one row per article's report): PLOVER JSON lines, GDELT-style TSV, CSV, event rows "
    "as JSON lines, or Parquet.",
    "didban export --format plover --out events.jsonl",
    "didban export --format tsv --out events.tsv        # GDELT-style; 'gdelt' is the same format",
    "didban export --format parquet --out events.parquet --db news.sqlite"))
@format_option(EXPORT_FORMATS, default=None, required=True)
@click.option("--out", "out_path", required=True, help="the file to write ('-' for standard output, not for parquet)")
@db_option
@quiet_option
def export(fmt, out_path, db, quiet):
    if fmt == "parquet" and out_path == "-":
        usage_fail(DidbanError(Codes.E201, "parquet is binary: give a file with --out"))
    store = open_db(db, readonly=True)
    with store_errors(store):
        n = export_store(store, fmt, out_path)
    if not quiet:
        click.echo(f"didban: wrote {n} event(s) to {out_path}", err=True)
