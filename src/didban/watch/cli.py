"""`didban watch`: follow feeds and sitemaps and keep the store current (wired lazily by didban.cli)."""
from __future__ import annotations

import json
import re
import signal
import sys
import threading

import click

from didban.errors import Codes, DidbanError

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


def parse_duration(text: str) -> float:
    """"90", "90s", "5m", "1.5h", "1d" → seconds; anything else is E201."""
    found = _DURATION.match(str(text))
    if not found or float(found.group(1)) <= 0:
        raise DidbanError(Codes.E201, f"--every {text!r}", hint="give a duration such as 30s, 5m, 1h or 1d")
    return float(found.group(1)) * _UNIT[found.group(2)]


@click.command()
@click.argument("sources", nargs=-1)
@click.option("--db", "db", metavar="URL",
              help="database: a SQLite path or sqlite:///PATH, or postgresql://USER@HOST/DB "
                   "(default: $DIDBAN_DB, else ./didban.sqlite)")
@click.option("--every", default="5m", show_default=True, help="poll each feed this often (30s, 5m, 1h)")
@click.option("--once", is_flag=True, help="one round, then exit (exit code 1 if a feed or an article failed)")
@click.option("--status", is_flag=True, help="show each feed's last poll, new articles and errors, then exit")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="output format of --status and of --once's report")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="processes running the pipeline")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="where the pipeline runs: local processes, or a Dask cluster (--scheduler)")
@click.option("--scheduler", metavar="ADDR", help="dask scheduler address (with --engine dask)")
@click.option("--timeout", type=float, help="seconds per request (default 20)")
@click.option("--max-page-bytes", type=int, help="refuse feeds and pages larger than this (default 5 MB)")
@click.option("--per-host", type=int, help="requests in flight to one host (default 2)")
@click.option("--host-interval", type=float, help="seconds between two requests to one host (default 1)")
@click.option("--retries", type=int, help="extra tries after a timeout or a 5xx (default 2)")
@click.option("--user-agent", help="the User-Agent sent, and matched against robots.txt")
@click.option("--published", help="publication date (YYYY-MM-DD) for articles that carry none")
@click.option("--verbose", "-v", is_flag=True, help="a line per feed and per round even when not on a terminal")
@click.option("--quiet", "-q", is_flag=True, help="only failures")
def watch(sources, db, every, once, status, fmt, workers, engine, scheduler, timeout, max_page_bytes, per_host,
          host_interval, retries, user_agent, published, verbose, quiet):
    """Follow SOURCES (RSS/Atom feeds, sitemaps, or files listing them) and keep the database current.

    Without SOURCES, the feeds already recorded in the database are watched. Each round fetches what changed
    (conditional GET), honours robots.txt, reads the new articles, extracts their events and stores them as
    'didban ingest' does. Stop with Ctrl-C or SIGTERM: nothing stored is lost, the next start resumes.

    Examples:

    \b
      didban watch https://www.irna.ir/rss --once
      didban watch sources.txt --db postgresql://didban@db/news --every 10m
      didban watch --status --format json
    """
    from didban.cli import build_options

    try:
        seconds = parse_duration(every)
    except DidbanError as exc:
        raise click.UsageError(f"{exc} (hint: {exc.hint})") from exc
    options = build_options(published=published, watch_every=seconds, watch_timeout=timeout,
                            watch_max_page_bytes=max_page_bytes, watch_per_host=per_host,
                            watch_host_interval=host_interval, watch_retries=retries, watch_user_agent=user_agent)
    store = _open(db, create=bool(sources) and not status)  # only sources to record make a new database
    try:
        if status:
            _print_status(store, fmt)
            return
        ok = _run(store, options, sources, once=once, fmt=fmt, workers=workers, engine=engine, scheduler=scheduler,
                  chatty=not quiet and (verbose or sys.stderr.isatty()), quiet=quiet)
    finally:
        store.close()
    sys.exit(0 if ok else 1)


def _open(db, *, create: bool):
    from didban.store import open_store

    try:
        return open_store(db, create=create)
    except DidbanError as exc:
        raise click.ClickException(f"{exc} (hint: {exc.hint})") from exc


def _run(store, options, sources, *, once, fmt, workers, engine, scheduler, chatty, quiet) -> bool:
    from didban.watch.rounds import Watcher
    from didban.watch.sources import read_sources

    def progress(line: str) -> None:
        if chatty or line.startswith("failed"):  # failures always reach stderr (the journal, in a service)
            click.echo(f"didban watch: {line}", err=True)

    try:
        listed = read_sources(list(sources)) if sources else None
        if not listed and not store_has_feeds(store):
            raise click.UsageError("no SOURCES given and no feeds recorded in the database yet")
        watcher = Watcher(store, options, listed, workers=workers, engine=engine, scheduler=scheduler,
                          on_progress=progress)
    except DidbanError as exc:
        raise click.ClickException(f"{exc} (hint: {exc.hint})") from exc
    try:
        if once:
            report = watcher.run_round()
            if fmt == "json":
                click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
            elif not quiet:
                click.echo(f"didban watch: {report.render()}", err=True)
            return report.ok
        stop = threading.Event()
        _stop_on_signals(stop)

        def after_round(report) -> None:
            if chatty:
                click.echo(f"didban watch: {report.render()}", err=True)

        watcher.run_forever(stop, on_round=after_round)
        return True
    except DidbanError as exc:  # the database itself failed (E4xx): stop with the reason, no traceback
        raise click.ClickException(f"{exc} (hint: {exc.hint})") from exc
    finally:
        watcher.close()


def store_has_feeds(store) -> bool:
    return store.count("watch_feeds") > 0


def _stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM (systemd stop) and Ctrl-C end the watcher after the round in progress."""
    def handler(signum, _frame):
        if stop.is_set():  # a second signal: stop now (what is stored stays whole either way)
            raise SystemExit(130)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def _print_status(store, fmt: str) -> None:
    from didban.store.sources import SourceState

    feeds = SourceState(store).feeds()
    if fmt == "json":
        click.echo(json.dumps(feeds, ensure_ascii=False, indent=2))
        return
    if not feeds:
        click.echo("(no feeds recorded: start with 'didban watch URL...')")
        return
    for f in feeds:
        label = f"{f['name']} — {f['url']}" if f["name"] else f["url"]
        click.echo(label)
        health = f"failing ({f['failures']} in a row)" if f["failures"] else (f["last_status"] or "not polled yet")
        click.echo(f"    {f['kind'] or '?':8s} {health}; last poll {f['last_poll_at'] or '-'}, "
                   f"last success {f['last_success_at'] or '-'}, next {f['next_poll_at'] or 'now'}")
        a = f["articles"]
        click.echo(f"    new articles: {f['last_new']} last poll, {f['new_total']} in all "
                   f"(stored {a['done']}, waiting {a['pending']}, failed {a['failed']}); "
                   f"{f['polls']} poll(s), {f['not_modified']} answered 304")
        if f["last_error"]:
            click.echo(f"    last error: {f['last_error']['code']}: {f['last_error']['message']}"
                       f" (at {f['last_failure_at']})")
