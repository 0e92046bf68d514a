"""The command line: thin commands that map flags onto `Options` and call the same functions as the Python API.

Commands that live with their subsystem (kb, store, server ...) are listed in `LAZY_COMMANDS` and imported only when
used, so `didban --help` and `didban extract` stay fast.
Exit codes: 0 all went well; 1 some input failed (each failure is reported on stderr); 2 usage error.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

import click

from didban.errors import DidbanError

# name -> "module:attribute" of a click command defined next to the code it drives
LAZY_COMMANDS: dict[str, str] = {
    "entities": "didban.entities.cli:entities_command",
    "kb": "didban.kb.cli:kb",
    "ingest": "didban.store.cli:ingest",
    "reprocess": "didban.store.cli:reprocess",
    "events": "didban.store.cli:events",
    "search": "didban.store.cli:search",
    "export": "didban.store.cli:export",
    "serve": "didban.server.cli:serve",
    "watch": "didban.watch.cli:watch",
}

SAMPLE = Path(__file__).parent / "data" / "sample" / "seed.txt"


def _module_exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # its parent package is not there yet
        return False


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        available = [n for n, target in LAZY_COMMANDS.items() if _module_exists(target.split(":")[0])]
        return sorted(set(super().list_commands(ctx)) | set(available))

    def get_command(self, ctx, name):
        if name in self.commands:
            return self.commands[name]
        target = LAZY_COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except ModuleNotFoundError as exc:
            raise click.ClickException(f"'didban {name}' needs an optional part that is not installed ({exc.name}); "
                                       f"see README.md for the extra to install") from exc


def report(error: DidbanError) -> None:
    """One line per failure on stderr: code, file (and line), problem, hint."""
    click.echo(f"didban: error {error} (hint: {error.hint})", err=True)


def format_option(choices=("json", "jsonl", "tsv", "table"), default="json"):
    """The one `--format` option every command shares."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help="output format")


def build_options(**flags):
    from didban.options import Options

    try:
        return Options.build(**flags)
    except DidbanError as exc:
        raise click.UsageError(f"{exc} (hint: {exc.hint})") from exc


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="didban")
def main():
    """didban (دیدبان): Persian news to political event data, every field traced to its words."""


def _run_documents(inputs, options, stages):
    """Read and process inputs; return (documents, failures) after reporting each failure."""
    from didban import read
    from didban.pipeline import Failure, Pipeline, run_batch

    try:
        pipeline = Pipeline(stages, options)
    except DidbanError as exc:
        raise click.UsageError(str(exc)) from exc
    docs, failures = [], []
    for item in run_batch(read.read_inputs(inputs, options), pipeline):
        if isinstance(item, Failure):
            report(item.error)
            failures.append(item)
        else:
            docs.append(item)
    return docs, failures


def _output_name(doc, used: set[str]) -> str:
    stem = Path(doc.source).stem if doc.source and doc.source != "-" else doc.id
    stem = stem.replace(":", "_")
    name = stem if stem not in used else f"{stem}-{doc.id}"
    used.add(name)
    return name


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@format_option(default="json")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="write one file per document into this folder")
@click.option("--published", help="publication date (YYYY-MM-DD) for inputs that carry none")
@click.option("--no-tagger", is_flag=True, help="gazetteer and patterns only (no learned name tagger)")
@click.option("--max-bytes", type=int, help="refuse files larger than this (default 50 MB)")
@click.option("--min-confidence", type=float, help="drop events below this confidence (default 0.5)")
@click.option("--learn-roles", is_flag=True,
              help="remember offices the articles state ('X وزیر امور خارجه Y') in the user knowledge base")
def extract(inputs, fmt, out_dir, published, no_tagger, max_bytes, min_confidence=None, learn_roles=False):
    """Extract entities and events from FILES (.txt, .html, .jsonl, directories, or - for stdin)."""
    from didban import export

    options = build_options(published=published, tagger=False if no_tagger else None, max_bytes=max_bytes,
                            min_confidence=min_confidence, learn_roles=True if learn_roles else None)
    docs, failures = _run_documents(inputs, options, None)
    if out_dir:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        suffix = {"json": "json", "jsonl": "jsonl", "tsv": "tsv", "table": "txt"}[fmt]
        for doc in docs:
            target = out / f"{_output_name(doc, used)}.{suffix}"
            tmp = target.with_suffix(target.suffix + ".tmp")
            with open(tmp, "w", encoding="utf-8") as fh:  # write then rename: never a half-written output file
                export.write([doc], fmt, fh)
            tmp.replace(target)
        click.echo(f"didban: wrote {len(docs)} file(s) to {out}", err=True)
    elif docs:
        export.write(docs, fmt, sys.stdout)
    sys.exit(1 if failures or not docs else 0)


@main.command()
@click.argument("input", default="-")
@click.option("--digits", type=click.Choice(["persian", "latin", "keep"]), help="digit policy (default: persian)")
@click.option("--no-zwnj", is_flag=True, help="do not restore zero-width non-joiners or split glued words")
@format_option(choices=("text", "json"), default="text")
def normalize(input, digits, no_zwnj, fmt):
    """Print the normalized text of INPUT (a file, or - for stdin)."""
    from didban import export
    from didban.pipeline import Pipeline

    options = build_options(digits=digits, zwnj_repair=False if no_zwnj else None)
    docs, failures = _run_documents([input], options, ["normalize"])
    for doc in docs:
        if fmt == "text":
            click.echo(doc.normalized.text)
        else:
            n = doc.normalized
            click.echo(export.dumps({"id": doc.id, "source": doc.source, "normalized": n.text,
                                     "map": [[n.starts[i], n.ends[i]] for i in range(len(n.text))]}))
    sys.exit(1 if failures or not docs else 0)


@main.command()
@click.argument("input")
@format_option(choices=("table", "json"), default="table")
def segment(input, fmt):
    """Show the structure of INPUT: headline, lead, paragraphs, sentences, attribution, boilerplate."""
    from didban import export
    from didban.pipeline import Pipeline

    options = build_options()
    docs, failures = _run_documents([input], options, list(Pipeline.upto("segment").names))
    for doc in docs:
        if fmt == "json":
            d = doc.to_dict()
            click.echo(export.dumps({k: d[k] for k in ("id", "source", "title", "published", "attribution",
                                                        "segments", "sentences")}))
            continue
        click.echo(f"# {doc.title or '(no title)'}   [{doc.id}]")
        if doc.attribution:
            click.echo("attribution: " + " ← ".join(a.name for a in doc.attribution))
        for i, seg in enumerate(doc.segments or []):
            flag = f"  [boilerplate: {seg.reason}]" if seg.boilerplate else ""
            click.echo(f"\n[{i}] {seg.kind} {seg.start}-{seg.end}{flag}")
            for sent in doc.sentences or []:
                if sent.segment == i:
                    click.echo(f"    {sent.start:5d}-{sent.end:<5d} {doc.text[sent.start:sent.end]}")
    sys.exit(1 if failures or not docs else 0)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--published", help="publication date (YYYY-MM-DD) for inputs that carry none")
@click.pass_context
def show(ctx, inputs, published):
    """A readable summary of FILES: one line per event, in English and Persian (= extract --format table)."""
    ctx.invoke(extract, inputs=inputs, fmt="table", out_dir=None, published=published, no_tagger=False,
               max_bytes=None)


@main.command()
@format_option(default="table")
def demo(fmt):
    """Run the whole pipeline on the sample article shipped with didban and print a summary."""
    from didban import export

    options = build_options()
    docs, failures = _run_documents([str(SAMPLE)], options, None)
    export.write(docs, fmt, sys.stdout)
    sys.exit(1 if failures or not docs else 0)


if __name__ == "__main__":  # python -m didban.cli
    main()
