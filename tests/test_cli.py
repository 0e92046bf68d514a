"""The command line's conventions (README "Conventions"), checked on every command: an example in every --help, a
description for every option, pipeline settings generated from `Options` on every command that runs the pipeline,
one meaning per format name, --quiet wherever progress or status is printed, exit codes, no traceback."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from didban.cli import FORMATS, LAZY_COMMANDS, main
from didban.options import Options

ROOT = Path(__file__).resolve().parents[1]
PIPELINE_COMMANDS = ("extract", "show", "demo", "ingest", "reprocess")  # those that run the whole pipeline
STATUS_COMMANDS = ("extract", "demo", "ingest", "reprocess", "export", "serve", "kb import")  # print status lines


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def all_commands() -> dict[str, click.Command]:
    """Every command and sub-command by its full name ("extract", "kb holders" ...)."""
    ctx = click.Context(main)
    found = {}
    for name in main.list_commands(ctx):
        cmd = main.get_command(ctx, name)
        if isinstance(cmd, click.Group):
            for sub in cmd.list_commands(ctx):
                found[f"{name} {sub}"] = cmd.get_command(ctx, sub)
        else:
            found[name] = cmd
    return found


def option_names(cmd: click.Command) -> set[str]:
    return {opt for p in cmd.params if isinstance(p, click.Option) for opt in p.opts + p.secondary_opts}


def test_every_lazy_command_is_listed():
    names = set(all_commands())
    assert set(LAZY_COMMANDS) - {"kb"} <= names and {"kb lookup", "kb holders", "kb import", "kb stats"} <= names


@pytest.mark.parametrize("name", sorted(all_commands()))
def test_help_has_an_example_and_every_option_a_description(name):
    result = run(*name.split(), "--help")
    assert result.exit_code == 0, result.output
    assert "Examples:" in result.output and f"didban {name}" in result.output.split("Examples:")[1], result.output
    cmd = all_commands()[name]
    undocumented = [p.name for p in cmd.params if isinstance(p, click.Option) and not p.help]
    assert undocumented == [], f"{name}: options without a description: {undocumented}"


@pytest.mark.parametrize("name", PIPELINE_COMMANDS)
def test_commands_that_run_the_pipeline_accept_every_setting(name):
    """The flags are generated from Options' fields, so a setting added there reaches every such command."""
    opts = option_names(all_commands()[name])
    for setting in Options.settings():
        dashed = setting.name.replace("_", "-")
        assert {f"--{dashed}", f"--no-{dashed}"} & opts, f"{name} lacks the setting {setting.name}"


def test_extract_ingest_and_reprocess_offer_the_same_generated_settings():
    """One set of pipeline flags, generated from Options: the same on the three commands that run the pipeline over
    inputs or the store, each flag mapping to its field (and no command declaring a setting of its own)."""
    names = {s.name for s in Options.settings()}

    def settings_of(name: str) -> dict[str, tuple]:
        cmd = all_commands()[name]
        return {p.name: tuple(p.opts + p.secondary_opts) for p in cmd.params
                if isinstance(p, click.Option) and p.name in names}

    extract = settings_of("extract")
    assert set(extract) == names
    assert settings_of("ingest") == extract == settings_of("reprocess")
    assert extract["tagger"] == ("--no-tagger",) and extract["learn_roles"] == ("--learn-roles",)


def test_ingest_and_reprocess_honour_no_tagger(tmp_path):
    """--no-tagger reaches the workers of ingest and reprocess: a name only the tagger finds is then not stored."""
    from didban.store import open_store

    article = tmp_path / "names.txt"  # two people the knowledge base does not know: only the tagger finds them
    article.write_text("به گزارش ایرنا، کامران نوروزی سفیر جدید در دیدار با مهدی صفری در تهران گفت‌وگو کرد.\n",
                       encoding="utf-8")
    db = tmp_path / "t.sqlite"

    def stored_mentions() -> set[str]:
        with open_store(str(db)) as store:
            return {m.text for doc_id in store.document_ids() for m in store.get_document(doc_id).mentions}

    def ok(result):
        assert result.exit_code == 0, result.output
        return stored_mentions()

    assert "کامران نوروزی" not in ok(run("ingest", article, "--db", db, "--no-tagger", "--workers", "2", "-q"))
    assert "کامران نوروزی" in ok(run("reprocess", "--db", db, "--workers", "1", "-q"))
    assert "کامران نوروزی" not in ok(run("reprocess", "--db", db, "--no-tagger", "--workers", "2", "-q"))


@pytest.mark.parametrize("name", STATUS_COMMANDS)
def test_quiet_on_every_command_that_prints_status(name):
    cmd = all_commands()[name]
    assert {"--quiet", "-q"} <= option_names(cmd)
    assert next(p for p in cmd.params if p.name == "quiet").help  # described (was missing on reprocess -q)


def test_format_names_are_one_vocabulary():
    for name, cmd in all_commands().items():
        fmt = next((p for p in cmd.params if p.name == "fmt"), None)
        if fmt is not None:
            assert set(fmt.type.choices) <= set(FORMATS), name


def test_engine_is_described():
    help_text = run("ingest", "--help").output
    assert "--engine" in help_text and "Dask" in help_text


def test_search_help_documents_the_query_syntax():
    text = " ".join(run("search", "--help").output.split())
    for point in ("all of which must occur", "no operators", "OR", "prefixes", "گفت‌وگو"):
        assert point in text, point


# --- settings reach the pipeline --------------------------------------------------------------------------------

def test_generated_flags_change_the_run(seed_path, tmp_path):
    default = json.loads(run("extract", seed_path).output)
    strict = json.loads(run("extract", seed_path, "--min-confidence", "1.0").output)
    assert default["events"] and not strict["events"]
    unknown_names = tmp_path / "names.txt"  # two people the knowledge base does not know: only the tagger finds them
    unknown_names.write_text("به گزارش ایرنا، کامران نوروزی سفیر جدید در دیدار با مهدی صفری در تهران گفت‌وگو کرد.\n",
                             encoding="utf-8")

    def mentions(*flags):
        result = run("extract", unknown_names, *flags)
        assert result.exit_code == 0, result.output
        return {m["text"] for m in json.loads(result.output)["mentions"]}

    assert "کامران نوروزی" in mentions() and "کامران نوروزی" not in mentions("--no-tagger")


@pytest.mark.parametrize("args, code", [
    (["--published", "2025-02-30"], "E202"),
    (["--published", "1403-12-31"], "E202"),  # 1403 is not a leap year in the Jalali calendar
    (["--published", "0000-00-00"], "E202"),
    (["--min-confidence", "2"], "E201"),
    (["--home-country", "Germny"], "E205"),
])
def test_bad_settings_are_usage_errors_before_anything_runs(seed_path, args, code):
    result = run("extract", seed_path, *args)
    assert result.exit_code == 2 and code in result.output and "hint" in result.output, result.output


def test_jalali_published_is_converted_and_recorded(tmp_path):
    undated = tmp_path / "undated.txt"
    undated.write_text("وزیر امور خارجه کشورمان با همتای ترکیه‌ای خود در آنکارا دیدار کرد.\n", encoding="utf-8")
    doc = json.loads(run("extract", undated, "--published", "1403-12-17").output)
    assert doc["published"] == "2025-03-07" and doc["published_reason"] == "option"
    assert doc["meta"]["published_as"] == "1403-12-17 (Jalali)"
    # the date decides who held the office: Araghchi in March 2025, Zarif for a 2019 date
    assert "Abbas Araghchi" in {e["name_en"] for e in doc["entities"]}
    older = json.loads(run("extract", undated, "--published", "1398-07-04").output)
    assert older["published"] == "2019-09-26" and "Mohammad Javad Zarif" in {e["name_en"] for e in older["entities"]}


# --- one meaning per format name --------------------------------------------------------------------------------

def test_extract_json_is_one_document_and_several_are_refused(seed_path, tmp_path):
    one = run("extract", seed_path)
    assert one.exit_code == 0 and isinstance(json.loads(one.output), dict)
    copy = tmp_path / "copy.txt"
    copy.write_text(seed_path.read_text(encoding="utf-8") + "\nانتهای پیام\n", encoding="utf-8")
    several = run("extract", seed_path, copy)
    assert several.exit_code == 2 and "E207" in several.output and "jsonl" in several.output
    lines = run("extract", seed_path, copy, "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [json.loads(one.output)["id"], json.loads(
        run("extract", copy).output)["id"]]  # jsonl: the same document objects, one per line


def test_extract_plover_is_plover_records(seed_path):
    records = [json.loads(line) for line in run("extract", seed_path, "--format", "plover").output.splitlines()]
    assert records and all({"event", "actor", "recipient", "cite_info"} <= set(r) for r in records)


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory, seed_path):
    db = tmp_path_factory.mktemp("cli") / "seed.sqlite"
    done = run("ingest", seed_path, "--db", db, "--workers", "1", "--quiet")
    assert done.exit_code == 0, done.output
    return str(db)


def test_tsv_has_the_same_columns_and_rows_wherever_it_is_written(seed_path, seed_db, tmp_path):
    from_extract = run("extract", seed_path, "--format", "tsv").output
    from_events = run("events", "--db", seed_db, "--format", "tsv", "--all-reports").output
    run("export", "--db", seed_db, "--format", "gdelt", "--out", tmp_path / "g.tsv")
    run("export", "--db", seed_db, "--format", "tsv", "--out", tmp_path / "t.tsv")
    tables = [from_extract, from_events, (tmp_path / "g.tsv").read_text(encoding="utf-8"),
              (tmp_path / "t.tsv").read_text(encoding="utf-8")]
    headers = {table.splitlines()[0] for table in tables}
    assert len(headers) == 1 and "\t" in headers.pop()

    def rows(table):
        # DATEADDED (when the article was stored) and cluster_id (the merge step's) exist only in a store: the same
        # columns, empty from `extract`
        reader = csv.DictReader(io.StringIO(table), delimiter="\t")
        return sorted(tuple(v for k, v in r.items() if k not in ("DATEADDED", "cluster_id")) for r in reader)

    assert rows(from_extract) == rows(from_events) == rows(tables[2]) == rows(tables[3])
    stored = list(csv.DictReader(io.StringIO(from_events), delimiter="\t"))
    assert all(len(r["DATEADDED"]) == 14 for r in stored)


def test_plover_is_the_same_records_from_extract_events_and_export(seed_path, seed_db, tmp_path):
    def ids(text):
        return sorted(json.loads(line)["id"] for line in text.splitlines())

    run("export", "--db", seed_db, "--format", "plover", "--out", tmp_path / "p.jsonl")
    from_extract = ids(run("extract", seed_path, "--format", "plover").output)
    assert from_extract == ids(run("events", "--db", seed_db, "--format", "plover", "--all-reports").output)
    assert from_extract == ids((tmp_path / "p.jsonl").read_text(encoding="utf-8"))


def test_json_and_jsonl_hold_the_same_records(seed_db):
    as_json = json.loads(run("events", "--db", seed_db, "--format", "json").output)
    as_jsonl = [json.loads(line) for line in run("events", "--db", seed_db, "--format", "jsonl").output.splitlines()]
    assert isinstance(as_json, list) and as_json == as_jsonl
    entities = json.loads(run("entities", "--db", seed_db, "--format", "json").output)
    assert isinstance(entities, list) and entities


def test_entities_of_files_json_is_an_array_of_entities(seed_path):
    result = run("entities", seed_path, "--format", "json")
    records = json.loads(result.output)
    assert isinstance(records, list) and all("doc_id" in r and "mentions" in r for r in records)


# --- demo ----------------------------------------------------------------------------------------------------------

def test_demo_stores_the_sample_and_says_where(tmp_path):
    db = tmp_path / "demo.sqlite"
    result = run("demo", "--db", db, "--no-serve")
    assert result.exit_code == 0, result.output
    assert "Abbas Araghchi" in result.output and "Jeddah" in result.output  # the events, readable
    events = json.loads(run("events", "--db", db, "--format", "json", "--cameo", "044").output)
    assert len(events) == 3 and "didban events" in result.output


# --- no traceback on the inputs the first-hour report listed ------------------------------------------------------

def cli(*args: str, env: dict | None = None, blocked: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """`didban ARGS` in a fresh process, with the modules in `blocked` made unimportable (a missing extra)."""
    code = (f"import sys\nfor m in {list(blocked)!r}: sys.modules[m] = None\n"
            "from didban.cli import main_entry\nmain_entry(sys.argv[1:])\n")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env=env)


@pytest.mark.parametrize("blocked, args, extra", [
    (("pyarrow",), ["events", "--format", "parquet", "--out", "{tmp}/e.parquet"], "didban[export]"),
    (("dask", "distributed"), ["ingest", "{seed}", "--engine", "dask", "--quiet"], "didban[scale]"),
    (("psycopg",), ["events", "--db", "postgresql://nobody@127.0.0.1:1/none"], "didban[postgres]"),
])
def test_a_missing_extra_is_E206_naming_the_install(tmp_path, seed_db, seed_path, blocked, args, extra):
    args = [a.format(tmp=tmp_path, seed=seed_path) for a in args]
    if "--db" not in args:
        args += ["--db", seed_db if args[0] != "ingest" else str(tmp_path / "new.sqlite")]
    done = cli(*args, blocked=blocked)
    assert done.returncode == 1, done.stderr
    assert "E206" in done.stderr and f"pip install '{extra}'" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_a_part_of_the_default_install_gone_is_E206_too(seed_db):
    done = cli("events", "--db", seed_db, blocked=("sqlalchemy",))
    assert done.returncode == 1 and "E206" in done.stderr and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("args", [
    ["extract", "{seed}", "--published", "2025-02-30"],
    ["ingest", "{seed}", "--published", "1403-12-31", "--db", "{tmp}/x.sqlite"],
    ["events", "--db", "{db}", "--country", "XXX"],
    ["events", "--db", "{db}", "--type", "FOO"],
    ["events", "--db", "{db}", "--cameo", "99"],
    ["events", "--db", "{db}", "--since", "2025-13-40"],
    ["kb", "holders", "foreign_minister", "--country", "Atlantis"],
    ["kb", "holders", "foreign_ministr", "--country", "IRN"],
    ["kb", "holders", "foreign_minister", "--country", "IRN", "--date", "2019-13-40"],
    ["reprocess", "--db", "{db}", "--min-confidence", "-1"],
])
def test_listed_bad_inputs_exit_2_with_a_hint_and_no_traceback(tmp_path, seed_db, seed_path, args):
    done = cli(*[a.format(seed=seed_path, tmp=tmp_path, db=seed_db) for a in args])
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "hint" in done.stderr and "Traceback" not in done.stderr, done.stderr[-2000:]


def test_unknown_values_suggest_the_closest_valid_ones(seed_db):
    assert "CONSULT" in run("events", "--db", seed_db, "--type", "CONSLT").output
    assert "Germany" in run("events", "--db", seed_db, "--country", "Germny").output
    assert "foreign_minister" in run("kb", "holders", "foreign_ministr").output
    assert "04" in run("events", "--db", seed_db, "--cameo", "4").output  # the leading zero matters


def test_valid_names_and_jalali_dates_work_at_the_edge(seed_db):
    by_name = json.loads(run("events", "--db", seed_db, "--format", "json", "--country", "ترکیه").output)
    by_code = json.loads(run("events", "--db", seed_db, "--format", "json", "--country", "tur").output)
    assert by_name == by_code and by_name
    zarif = run("kb", "holders", "وزیر امور خارجه", "--country", "Iran", "--date", "1398-07-04")
    assert zarif.exit_code == 0 and "Zarif" in zarif.output
