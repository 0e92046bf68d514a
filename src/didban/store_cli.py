"""`didban ingest | reprocess | events | search | export`: the store's commands (wired lazily by didban.cli).

Thin, and above what they wire: flags are checked at the edge (`didban.vocab`, `options.parse_date`), the work is
`didban.batch` (ingest and reprocess run the one pipeline runner through the engines, then `didban.merge`) and the
store's methods; every format is written by `didban.export` (`export.stored`, `export.counts`), so a format gives the
same bytes whichever command or endpoint writes it. Outside `didban.store` so that the store imports nothing above it.
"""
from __future__ import annotations

import contextlib
import sys

import click

from didban.cli import checked, fail, stop, format_option, help_text, pipeline_options, quiet_option, report, usage_fail
from didban.errors import Codes, DidbanError
from didban.export.stored import EXPORT_FORMATS, LIST_FORMATS as EVENT_FORMATS, NEEDS_EXPORT_FIELDS, output

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


@contextlib.contextmanager
def store_errors(store):
    """Run a store job: a store error, or a database failure outside a document's own write (merge, a lookup), ends
    the command with its code and hint, never a traceback; the store is closed in every case."""
    from didban.store.failures import DatabaseError, translate_db_error

    try:
        yield store
    except DidbanError as exc:  # a filter the store refused is the user's to fix (exit 2), the rest exit 1
        stop(exc)
    except DatabaseError as exc:
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


def write_events(rows, fmt: str, out, out_path: str | None = None, store=None) -> None:
    """Events (as `query_events` returns them) in one of EVENT_FORMATS; the flat formats with the store's GDELT
    counts and DATEADDED (`Store.add_export_fields`) when `store` is given."""
    from didban.export.stored import write_event_list

    if fmt in NEEDS_EXPORT_FIELDS and store is not None:
        store.add_export_fields(rows)
    write_event_list(rows, fmt, out, out_path)


def print_counts(store, count_by: str, fmt: str, out_path: str | None, **filters) -> None:
    """`didban events --count-by DIMS`: the store's counts (`Store.count_events`), written as `fmt`."""
    from didban.export.counts import write_counts
    from didban.store.aggregates import parse_dimensions

    names = parse_dimensions(count_by)
    rows = store.count_events(names, **filters)
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
    from didban.export.stored import search_hit_lines

    store = open_db(db, readonly=True)
    with store_errors(store):
        hits = store.search(query, limit=limit)
    for line in search_hit_lines(hits, fmt):
        click.echo(line)


def print_entities(db=None, *, name=None, type=None, country=None, limit=100, fmt="table") -> None:
    """What `didban entities` without files prints: the stored entities, most documents first."""
    from didban import vocab
    from didban.export.stored import entity_lines

    country = checked(vocab.check_country, country, "--country")
    store = open_db(db, readonly=True)
    with store_errors(store):
        rows = store.query_entities(name=name, type=type, country=country, limit=limit)
    for line in entity_lines(rows, fmt):
        click.echo(line)


# --- export ---------------------------------------------------------------------------------------------------------

def export_store(store, fmt: str, out_path: str) -> int:
    """Write every stored event (one row per article's report), a page at a time: plover (JSON lines), tsv/gdelt
    (GDELT-style), csv, jsonl (event rows) or parquet. Returns the number of events written."""
    from itertools import chain

    from didban.export.stored import export_events

    return export_events(chain.from_iterable(store.iter_export_pages(merged=False)), fmt, out_path)


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
