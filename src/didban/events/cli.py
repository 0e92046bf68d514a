"""`didban codebook`: the Persian CAMEO codebook an analyst codes with: list it, check an overlay, test its examples."""
from __future__ import annotations

import json

import click

from didban.cli import fail, format_option, help_text, usage_fail
from didban.errors import DidbanError


def _entries(root: str | None, frame: str | None, search: str | None, paths: tuple[str, ...], user: bool):
    from pathlib import Path

    from didban.events.codebook import DATA, load_codebook

    files = None
    if paths:  # the shipped codebook, then the given files (as an overlay would be)
        files = tuple(sorted(DATA.glob("[0-9][0-9]_*.toml"))) + tuple(Path(p) for p in paths)
    codebook = load_codebook(files, user=user)
    out = codebook.by_root(root)
    if frame:
        out = [e for e in out if e.frame == frame]
    if search:
        out = [e for e in out if search in e.id or search in e.pattern or search in e.cameo]
    return codebook, out


def run_examples(entries) -> list[tuple[object, object, list]]:
    """Run each example through the whole pipeline; (entry, example, problems) for those that fail."""
    import didban

    failures = []
    for entry in entries:
        for example in entry.examples:
            doc = didban.extract(text=example.text, published="2025-03-07", tagger=False, on_error="raise")
            coded = [e for e in doc.events if (e.cameo[:2] == entry.cameo[:2] if entry.frame == "content"
                                               else e.rule == entry.id)]
            if (example.actors is None) != (not coded):
                failures.append((entry, example, [(e.cameo, e.rule) for e in doc.events]))
    return failures


@click.command("codebook", help=help_text(
    "List the Persian CAMEO codebook didban codes events with: each entry's code, argument frame, pattern and example "
    "sentences. ROOT is a CAMEO root or code prefix (04 meetings, 11 disapproval ...). Entries come from the package "
    "and from the analyst's overlay folder ($DIDBAN_CODEBOOK_DIR, default ~/.local/share/didban/codebook/*.toml), "
    "whose entries add to the shipped ones or replace them by id ('disabled = true' removes one). --check FILE "
    "validates an overlay file before you install it; --test runs every listed entry's examples through the pipeline.",
    "didban codebook 04",
    "didban codebook 11 --format json",
    "didban codebook --frame meeting --search تلفنی",
    "didban codebook --check my_codebook.toml --test"))
@click.argument("root", required=False)
@format_option(choices=("table", "json", "jsonl"), default="table")
@click.option("--frame", help="only entries with this argument frame (meeting, statement, passive, nominal ...)")
@click.option("--search", help="only entries whose id, pattern or code contains this")
@click.option("--check", "paths", multiple=True, metavar="FILE",
              help="read this overlay file too (after the shipped codebook) and report any error in it")
@click.option("--no-user", is_flag=True, help="leave out the analyst's overlay folder")
@click.option("--test", "test_examples", is_flag=True,
              help="run the listed entries' example sentences through the pipeline and report those that fail")
def codebook_command(root, fmt, frame, search, paths, no_user, test_examples):
    if root is not None and not root.isdigit():
        usage_fail(DidbanError("E205", f"ROOT {root!r} is not a CAMEO code or prefix", hint="e.g. 04, 11 or 112"))
    try:
        codebook, entries = _entries(root, frame, search, paths, user=not no_user)
    except DidbanError as exc:
        fail(exc)
    if fmt == "json":
        click.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for e in entries:
            click.echo(json.dumps(e.to_dict(), ensure_ascii=False))
    else:
        for e in entries:
            click.echo(f"{e.cameo:<5} {e.id:<28} {e.frame:<12} {e.pattern}")
            for example in e.examples:
                click.echo(f"      e.g. {example.text}")
        roots = sorted({e.root for e in entries})
        click.echo(f"({len(entries)} entries in {len(roots)} root(s) of {len(codebook.entries)}; files: "
                   f"{len(codebook.files)})", err=True)
    if test_examples:
        failures = run_examples(entries)
        for entry, example, found in failures:
            want = "nothing" if example.actors is None else f"{', '.join(example.actors)}"
            click.echo(f"didban: example of {entry.id} ({entry.source}) fails: {example.text!r} should code {want}; "
                       f"found {found}", err=True)
        total = sum(len(e.examples) for e in entries)
        click.echo(f"{total - len(failures)}/{total} examples pass", err=True)
        if failures:
            raise SystemExit(1)


__all__ = ["codebook_command", "run_examples"]
