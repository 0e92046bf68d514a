"""`didban kb ...`: look names up, list office holders, import Wikidata-style JSON into the user overlay."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from didban.errors import DidbanError

KB_DIR_HELP = "the folder of user overlays (default: $DIDBAN_KB_DIR or ~/.local/share/didban/kb)"


def _use_kb_dir(kb_dir: str | None) -> None:
    if kb_dir:
        os.environ["DIDBAN_KB_DIR"] = str(Path(kb_dir).expanduser())


def _fail(exc: DidbanError) -> None:
    click.echo(f"didban: error {exc} (hint: {exc.hint})", err=True)
    sys.exit(1)


def _role_line(role) -> str:
    span = f"{role.start or '?'} – {role.end or 'now'}"
    flags = " (dates uncertain)" if role.uncertain else ""
    kind = " [learned]" if role.kind != "term" else ""
    return f"{role.role} {role.country or ''} {span}{flags}{kind}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def kb():
    """The knowledge base: countries, places, organisations, people and their offices over time."""


@kb.command()
@click.argument("name")
@click.option("--date", "on", help="show who held the offices on this date (YYYY-MM-DD) first")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--kb-dir", type=click.Path(file_okay=False), help=KB_DIR_HELP)
def lookup(name, on, fmt, kb_dir):
    """Entities one of whose names is NAME (all of them when it is ambiguous)."""
    from didban import export
    from didban.kb import load_kb
    from didban.kb.base import check_date

    _use_kb_dir(kb_dir)
    try:
        on = check_date(on, "--date", None) if on else None
        found = load_kb().lookup(name, on)
    except DidbanError as exc:
        if exc.code.name == "E301" and exc.path == "--date":
            raise click.UsageError(f"--date: {on!r} is not a date as YYYY-MM-DD") from exc
        _fail(exc)
    if fmt == "json":
        click.echo(export.dumps([e.to_dict() for e in found]))
    else:
        if not found:
            click.echo(f"no entity is named {name!r}", err=True)
        for e in found:
            where = f" {e.country}" if e.country else ""
            click.echo(f"{e.id}\t{e.type}{where}\t{e.name}\t{e.name_en or ''}")
            for role in e.roles:
                marker = "*" if on and role.covers(on) else " "
                click.echo(f"   {marker} {_role_line(role)}")
    sys.exit(0 if found else 1)


@kb.command()
@click.argument("role")
@click.option("--country", help="ISO 3166-1 alpha-3 code (or an organisation id such as ORG:un)")
@click.option("--date", "on", help="the date (YYYY-MM-DD); default: the most recent holder")
@click.option("--kb-dir", type=click.Path(file_okay=False), help=KB_DIR_HELP)
def holders(role, country, on, kb_dir):
    """Who held ROLE (foreign_minister, president, ...) in COUNTRY on DATE."""
    from didban.kb import load_kb

    _use_kb_dir(kb_dir)
    try:
        found = load_kb().holders(role, country.upper() if country and len(country) == 3 else country, on)
    except DidbanError as exc:
        _fail(exc)
    for entity, r in found:
        click.echo(f"{entity.id}\t{entity.name}\t{entity.name_en or ''}\t{_role_line(r)}")
    sys.exit(0 if found else 1)


@kb.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--kb-dir", type=click.Path(file_okay=False), help=KB_DIR_HELP)
def import_command(file, kb_dir):
    """Import Wikidata-style JSON (entity JSON, a dump, or a simplified list) into the user overlay."""
    from didban.kb import clear_cache, load_kb, user_kb_dir
    from didban.kb.importer import import_file

    _use_kb_dir(kb_dir)
    try:
        target, records = import_file(file, load_kb(user=False), user_kb_dir())
    except DidbanError as exc:
        _fail(exc)
    clear_cache()
    roles = sum(len(r["roles"]) for r in records)
    click.echo(f"didban: imported {len(records)} entities ({roles} offices) into {target}", err=True)


@kb.command()
@click.option("--kb-dir", type=click.Path(file_okay=False), help=KB_DIR_HELP)
def stats(kb_dir):
    """Counts of what the knowledge base holds, and the files it read."""
    from didban.kb import load_kb

    _use_kb_dir(kb_dir)
    try:
        base = load_kb()
    except DidbanError as exc:
        _fail(exc)
    for name, count in base.stats().items():
        click.echo(f"{name}\t{count}")
    for path in base.sources:
        click.echo(f"read\t{path}")
