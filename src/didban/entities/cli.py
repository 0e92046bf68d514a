"""`didban entities`: the people, organisations, places and countries of articles (or of the store)."""
from __future__ import annotations

import json

import click

from didban.cli import exit_status, format_option, help_text, pipeline_options, run_documents


def _row(e) -> str:
    roles = ", ".join(f"{r['role']} ({r['country']})" for r in e.roles) if e.roles else ""
    return (f"{e.type:4s} {e.name} / {e.name_en or '-'}  [{e.country or '-'}]  ×{len(e.mentions)}"
            f"{'  ' + roles if roles else ''}{'  (assumed: no article date)' if e.assumed else ''}")


def entity_records(docs):
    """One record per entity of each document (json and jsonl): the entity with its document's id and source."""
    for doc in docs:
        for e in doc.entities or []:
            yield {"doc_id": doc.id, "source": doc.source, "published": doc.published, **e.to_dict()}


@click.command("entities", help=help_text(
    "List who and what INPUTS name, each resolved to one entity (with the mentions' offsets in json). Without "
    "INPUTS, list the entities stored in the database (see 'didban ingest'), most documents first.",
    "didban entities article.txt",
    "didban entities news/ --format jsonl --no-tagger",
    "didban entities --country TUR --type PER          # from the store"))
@click.argument("inputs", nargs=-1)
@format_option(choices=("table", "json", "jsonl"), default="table")
@click.option("--db", "db_url", help="the database to list when no INPUTS are given (default: $DIDBAN_DB, else "
                                     "./didban.sqlite)")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True, help="rows from a store")
@click.option("--name", help="stored entities whose name contains this (Persian or English)")
@click.option("--type", "type_", type=click.Choice(["PER", "ORG", "GPE", "LOC"]), help="stored entities of this type")
@click.option("--country", help="stored entities of this country (ISO 3166-1 alpha-3 code or name)")
@pipeline_options("normalize", "segment", "entities", "resolve")
def entities_command(inputs, fmt, db_url, limit, name, type_, country, options):
    if not inputs:
        from didban.store_cli import print_entities

        print_entities(db_url, name=name, type=type_, country=country, limit=limit, fmt=fmt)
        return
    docs, failures = run_documents(inputs, options, ["normalize", "segment", "entities", "resolve"])
    if fmt == "json":
        click.echo(json.dumps(list(entity_records(docs)), ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for record in entity_records(docs):
            click.echo(json.dumps(record, ensure_ascii=False))
    else:
        for doc in docs:
            click.echo(f"# {doc.title or doc.source}  [{doc.id}]  published {doc.published or '-'}")
            for e in doc.entities or []:
                click.echo("  " + _row(e))
    exit_status(docs, failures)


__all__ = ["entities_command"]
