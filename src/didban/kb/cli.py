"""`didban kb ...`: look names up, list office holders, import Wikidata-style JSON into the user overlay."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from didban.cli import checked, fail, format_option, help_text, quiet_option
from didban.errors import DidbanError

KB_DIR_HELP = "the folder of user overlays (default: $DIDBAN_KB_DIR or ~/.local/share/didban/kb)"


def _use_kb_dir(kb_dir: str | None) -> None:
    if kb_dir:
        os.environ["DIDBAN_KB_DIR"] = str(Path(kb_dir).expanduser())


def kb_dir_option(func):
    return click.option("--kb-dir", type=click.Path(file_okay=False), help=KB_DIR_HELP)(func)


def _load():
    from didban.kb import load_kb

    try:
        return load_kb()
    except DidbanError as exc:
        fail(exc)


def _day(value: str | None) -> str | None:
    from didban.options import parse_date

    return checked(parse_date, value, "--date")[0] if value else None


def _role_line(role) -> str:
    span = f"{role.start or '?'} – {role.end or 'now'}"
    flags = " (dates uncertain)" if role.uncertain else ""
    kind = " [learned]" if role.kind != "term" else ""
    return f"{role.role} {role.country or ''} {span}{flags}{kind}"


def _write_json(records: list[dict], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, help=help_text(
    "The knowledge base: countries, places, organisations, people and their offices over time.",
    "didban kb lookup عراقچی --date 2025-03-07", "didban kb holders foreign_minister --country IRN --date 2019-09-26",
    "didban kb import wikidata.json", "didban kb stats"))
def kb():
    pass


@kb.command(help=help_text(
    "Entities one of whose names is NAME (all of them when it is ambiguous); with --date, people holding an office "
    "on that day first (marked *).",
    "didban kb lookup ظریف --date 2019-09-26", "didban kb lookup عمان --format json"))
@click.argument("name")
@click.option("--date", "on", help="show who held the offices on this day first: YYYY-MM-DD or a Jalali date "
                                   "such as 1398-07-04")
@format_option(choices=("table", "json", "jsonl"), default="table")
@kb_dir_option
def lookup(name, on, fmt, kb_dir):
    _use_kb_dir(kb_dir)
    on = _day(on)
    found = _load().lookup(name, on)
    if fmt != "table":
        _write_json([e.to_dict() for e in found], fmt)
    else:
        if not found:
            click.echo(f"didban: no entity is named {name!r} (hint: try another spelling, or 'didban kb import')",
                       err=True)
        for e in found:
            where = f" {e.country}" if e.country else ""
            click.echo(f"{e.id}\t{e.type}{where}\t{e.name}\t{e.name_en or ''}")
            for role in e.roles:
                marker = "*" if on and role.covers(on) else " "
                click.echo(f"   {marker} {_role_line(role)}")
    sys.exit(0 if found else 1)


@kb.command(help=help_text(
    "Who held ROLE (a role key such as foreign_minister, or a Persian office such as 'وزیر امور خارجه') in a "
    "country on a day; without --date, the holders still in office (else the most recent).",
    "didban kb holders foreign_minister --country IRN --date 2019-09-26     # Mohammad Javad Zarif",
    "didban kb holders president --country Turkey",
    "didban kb holders secretary_general --country ORG:un --format json"))
@click.argument("role")
@click.option("--country", help="ISO 3166-1 alpha-3 code or a country's name (or an organisation id such as ORG:un)")
@click.option("--date", "on", help="the day: YYYY-MM-DD or a Jalali date such as 1398-07-04 (default: the most "
                                   "recent holder)")
@format_option(choices=("table", "json", "jsonl"), default="table")
@kb_dir_option
def holders(role, country, on, fmt, kb_dir):
    from didban import vocab

    _use_kb_dir(kb_dir)
    role = checked(vocab.check_role, role, "role")
    country = checked(vocab.check_country, country, "--country", bodies=True)
    on = _day(on)
    found = _load().holders(role, country, on)
    if fmt != "table":
        _write_json([{**e.to_dict(), "role": r.to_dict()} for e, r in found], fmt)
    elif not found:
        where = f" of {country}" if country else ""
        click.echo(f"didban: no {role}{where} is known{' on ' + on if on else ''}", err=True)
    for entity, r in found if fmt == "table" else ():
        click.echo(f"{entity.id}\t{entity.name}\t{entity.name_en or ''}\t{_role_line(r)}")
    sys.exit(0 if found else 1)


@kb.command(name="import", help=help_text(
    "Import Wikidata-style JSON (entity JSON, a dump, or a simplified list) into the user overlay, where later runs "
    "find it.",
    "didban kb import wikidata.json", "didban kb import people.json --kb-dir ./my-kb --quiet"))
@click.argument("file", type=click.Path(dir_okay=False))
@kb_dir_option
@quiet_option
def import_command(file, kb_dir, quiet):
    from didban.kb import clear_cache, load_kb, user_kb_dir
    from didban.kb.importer import import_file

    _use_kb_dir(kb_dir)
    try:
        target, records = import_file(file, load_kb(user=False), user_kb_dir())
    except DidbanError as exc:
        fail(exc)
    clear_cache()
    roles = sum(len(r["roles"]) for r in records)
    if not quiet:
        click.echo(f"didban: imported {len(records)} entities ({roles} offices) into {target}", err=True)


@kb.command(help=help_text("Counts of what the knowledge base holds, and the files it read.", "didban kb stats"))
@kb_dir_option
def stats(kb_dir):
    _use_kb_dir(kb_dir)
    base = _load()
    for name, count in base.stats().items():
        click.echo(f"{name}\t{count}")
    for path in base.sources:
        click.echo(f"read\t{path}")
