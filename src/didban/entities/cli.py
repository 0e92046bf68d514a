"""`didban entities`: the people, organisations, places and countries of articles (or of the store)."""
from __future__ import annotations

import sys

import click

from didban.cli import build_options, format_option, report


def _row(e) -> str:
    roles = ", ".join(f"{r['role']} ({r['country']})" for r in e.roles) if e.roles else ""
    return (f"{e.type:4s} {e.name} / {e.name_en or '-'}  [{e.country or '-'}]  ×{len(e.mentions)}"
            f"{'  ' + roles if roles else ''}{'  (assumed: no article date)' if e.assumed else ''}")


@click.command("entities")
@click.argument("inputs", nargs=-1)
@format_option(choices=("table", "json"), default="table")
@click.option("--db", "db_url", help="list the entities of a store instead (default store when no FILE is given)")
@click.option("--published", help="publication date (YYYY-MM-DD) for inputs that carry none")
@click.option("--no-tagger", is_flag=True, help="gazetteer and patterns only (no learned name tagger)")
@click.option("--limit", type=int, default=100, show_default=True, help="rows from a store")
@click.option("--name", help="stored entities whose name contains this (Persian or English)")
@click.option("--type", "type_", type=click.Choice(["PER", "ORG", "GPE", "LOC"]), help="stored entities of this type")
@click.option("--country", help="stored entities of this country (ISO3)")
def entities_command(inputs, fmt, db_url, published, no_tagger, limit, name, type_, country):
    """List who and what FILES name, each resolved to one entity (with the mentions' offsets in --format json).

    Without FILES, list the entities stored in the database (see `didban ingest`)."""
    from didban import export

    if not inputs:
        from didban.store.cli import print_entities

        print_entities(db_url, name=name, type=type_, country=country, limit=limit, fmt=fmt)
        return
    from didban.cli import _run_documents

    options = build_options(published=published, tagger=False if no_tagger else None)
    docs, failures = _run_documents(inputs, options, ["normalize", "segment", "entities", "resolve"])
    for doc in docs:
        if fmt == "json":
            click.echo(export.dumps({"id": doc.id, "source": doc.source, "published": doc.published,
                                     "entities": [e.to_dict() for e in doc.entities or []]}))
        else:
            click.echo(f"# {doc.title or doc.source}  [{doc.id}]  published {doc.published or '-'}")
            for e in doc.entities or []:
                click.echo("  " + _row(e))
    sys.exit(1 if failures or not docs else 0)


__all__ = ["entities_command", "report"]
