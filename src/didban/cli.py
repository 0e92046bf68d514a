"""The command line: thin commands that map flags onto `Options` and call the same runner as the Python API.

Commands that live with their subsystem (kb, store, server ...) are listed in `LAZY_COMMANDS` and imported only when
used, so `didban --help` and `didban extract` stay fast. The conventions every command follows (README "Conventions"):
- the pipeline's settings are flags generated from `Options` (`pipeline_options`), so every command that runs the
  pipeline accepts every setting of the stages it runs;
- one `--format` option whose names mean the same everywhere (`FORMATS`);
- values from closed vocabularies and dates are checked before anything runs (`didban.vocab`, `options.parse_date`);
- `--quiet` drops progress and status lines, never errors;
- exit codes: 0 all went well; 1 some input failed (each failure reported on stderr, the rest still processed) or the
  store/server could not do its job; 2 a usage error (a bad flag or value: nothing was run).
"""
from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
from pathlib import Path

import click

from didban.errors import Codes, DidbanError, needs_extra

# name -> "module:attribute" of a click command defined next to the code it drives
LAZY_COMMANDS: dict[str, str] = {
    "entities": "didban.entities.cli:entities_command",
    "kb": "didban.kb.cli:kb",
    "ingest": "didban.store_cli:ingest",
    "reprocess": "didban.store_cli:reprocess",
    "events": "didban.store_cli:events",
    "search": "didban.store_cli:search",
    "export": "didban.store_cli:export",
    "serve": "didban.server.cli:serve",
    "watch": "didban.watch.cli:watch",
    "codebook": "didban.events.cli:codebook_command",
}

# a module a command needs that only an extra installs -> the extra (the default install carries everything else)
EXTRAS: dict[str, str] = {"psycopg": "postgres", "pyarrow": "export", "dask": "scale", "distributed": "scale",
                          "datasketch": "scale"}

# every output format name, with the one meaning it has in every command that offers it
FORMATS: dict[str, str] = {
    "table": "a readable table",
    "text": "plain text",
    "json": "one JSON document",
    "jsonl": "the json records, one per line",
    "plover": "PLOVER event records, one per line",
    "tsv": "GDELT-style rows, one per event",
    "gdelt": "the same as tsv",
    "csv": "flat rows, one per event",
    "parquet": "the csv rows as Parquet (needs --out)",
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
        except ModuleNotFoundError as exc:  # a part of the default install was removed by hand
            fail(needs_extra(f"'didban {name}'", exc.name or "?", EXTRAS.get((exc.name or "").split(".")[0])))


def main_entry(args=None):
    """The `didban` program: the click group, with a missing optional module reported as E206, not a traceback.

    Called without `args` it is the program itself (the console script, `python -m didban`), whose process ends with
    the command: the data it loads (but in `serve` and `watch`, which run on and reload it) and whatever is alive at
    the end are frozen out of the garbage collector (`gc.freeze`), whose passes over them were a third of a short
    `didban extract`'s CPU time, most of it in the interpreter's final collections. Nothing else changes: objects
    are still freed, exit handlers still run."""
    program = args is None
    if program and sys.argv[1:2] not in (["serve"], ["watch"]):  # not the long-running ones: they reload data
        from didban import disk_cache

        disk_cache.FREEZE_LOADED[0] = True
    try:
        return main.main(args=args, prog_name="didban")
    except ModuleNotFoundError as exc:
        top = (exc.name or "").split(".")[0]
        if top not in EXTRAS and not top.startswith(("sqlalchemy", "fastapi", "uvicorn", "fastapi_offline")):
            raise  # not a missing extra: a bug, keep its traceback
        report(needs_extra("this command", top, EXTRAS.get(top)))
        sys.exit(1)
    finally:
        if program:
            import gc

            gc.freeze()


# --- reporting ------------------------------------------------------------------------------------------------------

def report(error: DidbanError) -> None:
    """One line per failure on stderr: code, file (and line), problem, hint."""
    click.echo(f"didban: error {error} (hint: {error.hint})", err=True)


class DidbanClickError(click.ClickException):
    """A DidbanError ending the command: its code, message and hint on stderr, exit 1."""

    def __init__(self, error: DidbanError, exit_code: int = 1):
        super().__init__(f"{error} (hint: {error.hint})")
        self.error, self.exit_code = error, exit_code

    def show(self, file=None) -> None:
        report(self.error)


def is_usage(error: DidbanError) -> bool:
    """A bad option or value (E2xx) the user can fix in the command line; a missing install (E206) is not one."""
    return error.code.name.startswith("E2") and error.code is not Codes.E206


def fail(error: DidbanError):
    """The store, the server or an output could not do its job: exit 1 with the error's code and hint."""
    raise DidbanClickError(error, 1)


def usage_fail(error: DidbanError):
    """A bad flag or value (nothing was run): exit 2 with the error's code and hint."""
    raise click.UsageError(f"{error} (hint: {error.hint})")


def stop(error: DidbanError):
    """End the command on `error`: exit 2 for a usage error, 1 otherwise."""
    if is_usage(error):
        usage_fail(error)
    fail(error)


def checked(check, value, *args, **kwargs):
    """`check(value)` from `didban.vocab` (or a date parser) at the edge; None passes; a bad value is a usage error."""
    if value is None:
        return None
    try:
        return check(value, *args, **kwargs)
    except DidbanError as exc:  # a bad value; or e.g. a broken knowledge-base overlay met while checking (exit 1)
        stop(exc)


# --- shared options ---------------------------------------------------------------------------------------------

def format_option(choices=("json", "jsonl", "plover", "tsv", "table"), default="json", required=False):
    """The one `--format` option every command shares; each name keeps its meaning (`FORMATS`) everywhere."""
    described = "; ".join(f"{c}: {FORMATS[c]}" for c in choices) + " (see README: Conventions)"
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, required=required,
                        show_default=default is not None, help=described)


def quiet_option(func):
    return click.option("--quiet", "-q", is_flag=True,
                        help="no progress bar and no status lines on stderr (errors are still reported, and the "
                             "exit code still tells)")(func)


def build_options(**flags):
    from didban.options import Options

    try:
        return Options.build(**flags)
    except DidbanError as exc:
        stop(exc)


def _flag_for(setting):
    """The click option of one `Options` field: `--no-NAME` for a setting on by default, `--NAME` otherwise."""
    from didban.options import Options

    meta, name = setting.metadata, setting.name
    dashed = name.replace("_", "-")
    default = getattr(Options(), name)
    if isinstance(default, bool):  # the flag says the opposite of the default: --no-tagger, --learn-roles
        flag = meta["flag"] or (f"--no-{dashed}" if default else f"--{dashed}")
        said = f"do not {meta['help']} (on by default)" if default else f"{meta['help']} (off by default)"
        return click.option(flag, *meta["aliases"], name, flag_value=not default, default=None, help=said)
    kind = click.Choice(meta["choices"]) if meta["choices"] else {int: int, float: float}.get(type(default), str)
    shown = f" (default: {default})" if default is not None else ""
    return click.option(meta["flag"] or f"--{dashed}", *meta["aliases"], name, type=kind, default=None,
                        metavar=meta["metavar"], help=meta["help"] + shown)


def pipeline_options(*stages: str):
    """Flags for every setting of `Options` that concerns the given stages (all stages when none is named), generated
    from the fields, so the CLI only maps flags and `Options` stays the one place for defaults and validation. The
    command receives one validated `options` instead of the flags; a bad value is a usage error (exit 2)."""
    from didban.options import Options

    settings = Options.settings(("read", *stages) if stages else None)
    names = [s.name for s in settings]

    def decorate(func):
        @functools.wraps(func)
        def command(*args, **kwargs):
            given = {name: kwargs.pop(name) for name in names}
            return func(*args, options=build_options(**given), **kwargs)

        for setting in reversed(settings):
            command = _flag_for(setting)(command)
        return command

    return decorate


def examples(*lines: str) -> str:
    """The "Examples" block of a command's help, kept as written (click's \\b marker stops re-wrapping)."""
    return "\n\nExamples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


def help_text(summary: str, *example_lines: str) -> str:
    return summary + examples(*example_lines)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             help=help_text("didban (دیدبان): Persian news to political event data, every field traced to its words.",
                            "didban demo", "didban extract article.txt --format table", "didban ingest news/",
                            "didban events --cameo 04"))
@click.version_option(package_name="didban")
def main():
    pass


# --- running the pipeline ---------------------------------------------------------------------------------------

def run_documents(inputs, options, stages=None):
    """Read and process inputs through the runner; return (documents, failures) after reporting each failure."""
    from didban.pipeline import Failure, run_inputs

    docs, failures = [], []
    try:
        for item in run_inputs(inputs, options, stages):
            if isinstance(item, Failure):
                report(item.error)
                failures.append(item)
            else:
                docs.append(item)
    except DidbanError as exc:  # the pipeline itself (stages) is not right, or a part is not installed: nothing ran
        stop(exc)
    return docs, failures


_run_documents = run_documents  # the name entities/cli.py and older callers use


def exit_status(docs, failures) -> None:
    sys.exit(1 if failures or not docs else 0)


def write_documents(docs, fmt: str, out=None) -> None:
    """Documents in one of the document formats, to `out` or standard output; several documents as one JSON document
    is E207 (exit 2); a failed write (a full disk, a closed pipe) is E701 (exit 1)."""
    from didban import export
    from didban.output import stdout_errors

    try:
        if out is None:
            with stdout_errors() as stdout:
                export.write(docs, fmt, stdout)
        else:
            export.write(docs, fmt, out)
    except DidbanError as exc:
        stop(exc)


def _output_name(doc, used: set[str]) -> str:
    stem = Path(doc.source).stem if doc.source and doc.source != "-" else doc.id
    stem = stem.replace(":", "_")
    name = stem if stem not in used else f"{stem}-{doc.id}"
    used.add(name)
    return name


DOCUMENT_SUFFIX = {"json": "json", "jsonl": "jsonl", "plover": "jsonl", "tsv": "tsv", "table": "txt"}


def _write_folder(docs, fmt: str, out_dir: str) -> Path:
    """One file per document; each written whole or not at all, and the first that cannot be written (a full disk)
    ends the command with E701: the next ones would fail the same way."""
    from didban import export
    from didban.output import output_file, write_error

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(write_error(exc, out))
    used: set[str] = set()
    for doc in docs:
        target = out / f"{_output_name(doc, used)}.{DOCUMENT_SUFFIX[fmt]}"
        try:
            with output_file(target) as fh:
                export.write([doc], fmt, fh)
        except DidbanError as exc:
            fail(exc)
    return out


@main.command(help=help_text(
    "Extract entities and events from INPUTS: .txt, .html, .jsonl, .json files, folders (recursive), or - for "
    "standard input.",
    "didban extract article.txt                       # the document as JSON (the scorer's shape)",
    "didban extract news/ --format plover > events.jsonl",
    "didban extract news/ --out results/ --no-tagger  # one JSON file per document",
    "didban extract article.txt --published 1403-12-17 --format table"))
@click.argument("inputs", nargs=-1, required=True)
@format_option(default="json")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="write one file per document into this folder (created when missing)")
@pipeline_options()
@quiet_option
def extract(inputs, fmt, out_dir, options, quiet):
    docs, failures = run_documents(inputs, options)
    if out_dir:
        out = _write_folder(docs, fmt, out_dir)
        if not quiet:
            click.echo(f"didban: wrote {len(docs)} file(s) to {out}", err=True)
    elif docs:
        write_documents(docs, fmt)
    exit_status(docs, failures)


@main.command(help=help_text(
    "A readable summary of INPUTS: one line per event, in English and Persian (the same as extract --format table).",
    "didban show article.txt", "didban show news/ --no-tagger"))
@click.argument("inputs", nargs=-1, required=True)
@pipeline_options()
def show(inputs, options):
    docs, failures = run_documents(inputs, options)
    write_documents(docs, "table")
    exit_status(docs, failures)


@main.command(help=help_text(
    "Print the normalized text of INPUT (a file, or - for standard input).",
    "didban normalize article.txt", "echo 'گفت و گو' | didban normalize -",
    "didban normalize article.txt --digits latin --format json   # with the map to the original offsets"))
@click.argument("input", default="-")
@format_option(choices=("text", "json"), default="text")
@pipeline_options("normalize")
def normalize(input, fmt, options):
    from didban import export

    docs, failures = run_documents([input], options, ["normalize"])
    if fmt == "json" and len(docs) > 1:
        usage_fail(DidbanError(Codes.E207, f"{input} holds {len(docs)} documents"))
    for doc in docs:
        if fmt == "text":
            click.echo(doc.normalized.text)
        else:
            n = doc.normalized
            click.echo(export.dumps({"id": doc.id, "source": doc.source, "normalized": n.text,
                                     "map": [[n.starts[i], n.ends[i]] for i in range(len(n.text))]}))
    exit_status(docs, failures)


@main.command(help=help_text(
    "Show the structure of INPUT: headline, lead, paragraphs, sentences (with offsets), attribution, boilerplate.",
    "didban segment article.txt", "didban segment article.html --format json"))
@click.argument("input")
@format_option(choices=("table", "json"), default="table")
@pipeline_options("normalize", "segment")
def segment(input, fmt, options):
    from didban import export
    from didban.pipeline import Pipeline

    docs, failures = run_documents([input], options, Pipeline.upto("segment").names)
    if fmt == "json" and len(docs) > 1:
        usage_fail(DidbanError(Codes.E207, f"{input} holds {len(docs)} documents"))
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
    exit_status(docs, failures)


@main.command(help=help_text(
    "The whole job on the sample article shipped with didban: extract its events and print them, store them in the "
    "database (SQLite by default), then serve the web page and the API over it until Ctrl-C.",
    "didban demo                     # then open the address it prints",
    "didban demo --no-serve          # extract and store only",
    "didban demo --db /tmp/demo.sqlite --port 8080 --open"))
@click.option("--db", "db", metavar="URL",
              help="the database to store the sample in (default: $DIDBAN_DB, else ./didban.sqlite)")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to serve on (loopback by default)")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="port to serve on; when it is taken, a free one is used (0: any free port)")
@click.option("--serve/--no-serve", default=True, show_default=True, help="serve the page after storing the sample")
@click.option("--open", "open_browser", is_flag=True, help="open the page in the default web browser")
@pipeline_options()
@quiet_option
def demo(db, host, port, serve, open_browser, options, quiet):
    docs, failures = run_documents([str(SAMPLE)], options)
    write_documents(docs, "table")
    if failures or not docs:
        exit_status(docs, failures)
    from didban.merge import run_merge
    from didban.store_cli import open_db, store_errors

    store = open_db(db, create=True)
    with store_errors(store):
        for doc in docs:
            store.upsert_document(doc)
        run_merge(store)
    if not quiet:
        events = sum(len(doc.events or []) for doc in docs)
        click.echo(f"didban: stored the sample's {events} events in {store.location()}; list them with "
                   f"'didban events{' --db ' + db if db else ''}'", err=True)
    if serve:
        from didban.server.cli import serve_app

        serve_app(db, host, port, any_free_port=True, open_browser=open_browser)


def main_module():  # python -m didban
    main_entry()


if __name__ == "__main__":  # python -m didban.cli
    main_entry()
