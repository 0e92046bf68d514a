"""`didban ingest | reprocess | events | search | export`: the store's commands (wired lazily by didban.cli)."""
from __future__ import annotations

import csv
import json
import sys
from typing import TextIO

import click

from didban.errors import Codes, DidbanError

EVENT_FORMATS = ("table", "json", "jsonl", "csv", "tsv", "parquet")


def db_option(func):
    return click.option("--db", "db", metavar="URL",
                        help="database: a SQLite path or sqlite:///PATH, or postgresql://USER@HOST/DB "
                             "(default: $DIDBAN_DB, else ./didban.sqlite)")(func)


def _open(db, *, create: bool = False):
    """The store behind --db; only `ingest` creates a missing database."""
    from didban.store import open_store

    try:
        return open_store(db, create=create)
    except DidbanError as exc:
        raise click.ClickException(f"{exc} (hint: {exc.hint})") from exc


def _fail(exc: DidbanError):
    raise click.UsageError(f"{exc} (hint: {exc.hint})")


def _merge_available() -> bool:
    try:
        from didban.merge import run_merge  # noqa: F401
    except (ImportError, AttributeError):
        return False
    return True


# --- ingest and reprocess ---------------------------------------------------------------------------------------

@click.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option("--workers", type=click.IntRange(min=1), help="processes to use (default: all cores)")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", metavar="ADDR", help="dask scheduler address (with --engine dask)")
@click.option("--force", is_flag=True, help="re-extract documents that are already stored")
@click.option("--no-merge", is_flag=True, help="skip linking near-duplicate articles and clustering events")
@click.option("--published", help="publication date (YYYY-MM-DD) for inputs that carry none")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar and no summary")
def ingest(inputs, db, workers, engine, scheduler, force, no_merge, published, quiet):
    """Extract events from INPUTS (files, folders) and keep them in the database. Running it again adds nothing."""
    from didban.batch import ingest_inputs
    from didban.cli import build_options, report

    from sqlalchemy.exc import SQLAlchemyError

    from didban.store.engine import translate_db_error

    options = build_options(published=published)
    store = _open(db, create=True)
    try:
        summary = ingest_inputs(list(inputs), store, options, workers=workers, engine=engine, scheduler=scheduler,
                                progress=False if quiet else None, force=force,
                                merge=not no_merge and _merge_available())
    except DidbanError as exc:
        raise click.ClickException(f"{exc} (hint: {exc.hint})") from exc
    except SQLAlchemyError as exc:  # a database failure outside a document's own write (merge, a lookup): no traceback
        error = translate_db_error(exc, store.url)
        raise click.ClickException(f"{error} (hint: {error.hint})") from exc
    finally:
        store.close()
    for failure in summary.failed:
        report(failure.error)
    if not quiet:
        click.echo(summary.render(), err=True)
    sys.exit(1 if summary.failed else 0)


def reprocess_store(store, options=None, *, progress=None) -> dict[str, int]:
    """Run the pipeline again over every stored document's original text and store the result.
    Returns how many documents came out new/updated/unchanged/failed."""
    from didban.document import Document
    from didban.options import Options
    from didban.pipeline import Failure, Pipeline, run_batch

    pipeline = Pipeline(None, options or Options())
    counts = {"updated": 0, "unchanged": 0, "new": 0, "failed": 0}

    def fresh():
        for doc_id in store.document_ids():
            stored = store.get_document(doc_id)
            yield Document(text=stored.text, id=stored.id, source=stored.source, url=stored.url,
                           title=stored.title, outlet=stored.outlet, published=stored.published,
                           published_reason=stored.published_reason, meta=stored.meta)

    for item in run_batch(fresh(), pipeline):
        if isinstance(item, Failure):
            counts["failed"] += 1
            if progress:
                progress(item)
            continue
        counts[store.upsert_document(item)] += 1
    return counts


@click.command()
@db_option
@click.option("--quiet", "-q", is_flag=True)
def reprocess(db, quiet):
    """Re-run extraction over the stored documents (after the pipeline or knowledge base changed)."""
    from didban.cli import build_options, report

    store = _open(db)
    try:
        counts = reprocess_store(store, build_options(), progress=lambda f: report(f.error))
        if _merge_available():
            from didban.merge import run_merge

            run_merge(store)
    finally:
        store.close()
    if not quiet:
        click.echo(f"reprocessed {sum(counts.values())} document(s): updated {counts['updated']}, "
                   f"unchanged {counts['unchanged']}, failed {counts['failed']}", err=True)
    sys.exit(1 if counts["failed"] else 0)


# --- events ---------------------------------------------------------------------------------------------------------

def write_events(rows, fmt: str, out: TextIO | None, out_path: str | None = None) -> None:
    """Events (as `query_events` returns them) in one of EVENT_FORMATS."""
    from didban.store.results import FLAT_COLUMNS, flat_event

    if fmt == "parquet":
        write_parquet([flat_event(r) for r in rows], FLAT_COLUMNS, out_path)
    elif fmt == "json":
        out.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt in ("csv", "tsv"):
        w = csv.DictWriter(out, FLAT_COLUMNS, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(flat_event(r))
    else:
        out.write(render_events_table(rows) + "\n")


def write_parquet(rows: list[dict], columns: list[str], path: str | None) -> None:
    if not path or path == "-":
        raise DidbanError(Codes.E201, "parquet is binary: give a file with --out")
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ModuleNotFoundError as exc:
        raise DidbanError(Codes.E201, "parquet needs pyarrow", hint="pip install 'didban[export]'") from exc
    table = pa.Table.from_pydict({c: [r.get(c) for r in rows] for c in columns})
    pq.write_table(table, path)


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
        lines.append(f"... {len(rows)} of {total} events shown (use --limit/--offset)")
    return "\n".join(lines)


def _output(out_path: str | None):
    if out_path and out_path != "-":
        return open(out_path, "w", encoding="utf-8", newline="")
    return None


@click.command()
@click.option("--actor", help="a participant's name (Persian or English, or part of it) or knowledge-base id")
@click.option("--country", help="ISO 3166-1 alpha-3 code (IRN) or a country's name, of any participant")
@click.option("--type", "plover", help="PLOVER event type, e.g. CONSULT")
@click.option("--cameo", help="CAMEO code or prefix, e.g. 04 (all meetings)")
@click.option("--since", help="from this day (YYYY-MM-DD, or a Jalali date such as 1403-12-17)")
@click.option("--until", help="up to and including this day")
@click.option("--place", help="the event location's name")
@click.option("--doc", "doc_id", help="only events of this document id")
@click.option("--all-reports", is_flag=True, help="one row per article's report instead of one per merged event")
@db_option
@click.option("--format", "fmt", type=click.Choice(EVENT_FORMATS), default="table", show_default=True)
@click.option("--out", "out_path", help="write to this file (required for parquet)")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
def events(actor, country, plover, cameo, since, until, place, doc_id, all_reports, db, fmt, out_path, limit, offset):
    """List stored events, newest first (filters combine with AND)."""
    store = _open(db)
    try:
        rows = store.query_events(actor=actor, country=country, plover=plover, cameo=cameo, since=since,
                                  until=until, place=place, doc_id=doc_id, merged=not all_reports,
                                  limit=limit, offset=offset)
        fh = _output(out_path) if fmt != "parquet" else None
        try:
            write_events(rows, fmt, fh or sys.stdout, out_path)
        finally:
            if fh:
                fh.close()
    except DidbanError as exc:
        _fail(exc)
    finally:
        store.close()


# --- search and entities --------------------------------------------------------------------------------------

@click.command()
@click.argument("query")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
def search(query, db, fmt, limit):
    """Full-text search over the stored articles ("گفتوگو" and "گفت‌وگو" find the same ones)."""
    store = _open(db)
    try:
        hits = store.search(query, limit=limit)
    except DidbanError as exc:
        _fail(exc)
    finally:
        store.close()
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
    store = _open(db)
    try:
        rows = store.query_entities(name=name, type=type, country=country, limit=limit)
    except DidbanError as exc:
        _fail(exc)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    else:
        for r in rows:
            click.echo(f"{r['type']:4s} {r['name']} / {r['name_en'] or '-'} ({r['country'] or '-'})  "
                       f"documents {r['num_documents']}  events {r['num_events']}")


# --- export ---------------------------------------------------------------------------------------------------------

def export_store(store, fmt: str, out_path: str) -> int:
    """Write the whole store: plover (JSON lines), gdelt (TSV), csv or parquet (one flat row per event).
    Returns the number of events written."""
    from didban.store.results import FLAT_COLUMNS, flat_event

    if fmt in ("plover", "gdelt"):
        from didban.export.gdelt import write_tsv
        from didban.export.plover import plover_records

        fh = _output(out_path) or sys.stdout
        n = 0
        try:
            if fmt == "plover":
                for doc in store.iter_documents():
                    for rec in plover_records(doc):
                        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                        n += 1
            else:
                def counted():
                    nonlocal n
                    for doc in store.iter_documents():
                        n += len(doc.events or [])
                        yield doc
                write_tsv(counted(), fh)
        finally:
            if fh is not sys.stdout:
                fh.close()
        return n
    rows, offset = [], 0
    while True:  # page through every event report
        page = store.query_events(merged=False, limit=1000, offset=offset)
        rows += [flat_event(r) for r in page]
        offset += len(page)
        if offset >= page.total or not page:
            break
    if fmt == "parquet":
        write_parquet(rows, FLAT_COLUMNS, out_path)
    else:
        fh = _output(out_path) or sys.stdout
        try:
            w = csv.DictWriter(fh, FLAT_COLUMNS, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        finally:
            if fh is not sys.stdout:
                fh.close()
    return len(rows)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["plover", "gdelt", "csv", "parquet"]), required=True)
@click.option("--out", "out_path", required=True, help="the file to write ('-' for standard output, not for parquet)")
@db_option
def export(fmt, out_path, db):
    """Export every stored event: PLOVER JSON lines, GDELT-style TSV, CSV or Parquet."""
    store = _open(db)
    try:
        n = export_store(store, fmt, out_path)
    except DidbanError as exc:
        _fail(exc)
    finally:
        store.close()
    click.echo(f"didban: wrote {n} event(s) to {out_path}", err=True)
