"""The store's commands: ingest (idempotent, real pipeline), events in every format, search, export, reprocess."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from didban.cli import main


@pytest.fixture()
def db(tmp_path, meeting_doc, other_doc):
    from didban.store import open_store

    path = str(tmp_path / "didban.sqlite")
    with open_store(path) as store:
        store.upsert_document(meeting_doc)
        store.upsert_document(other_doc)
    return path


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


def test_events_table_lists_the_meetings(db):
    result = run("events", "--db", db, "--cameo", "04")
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if line[:4] == "2025"]
    assert len(lines) == 3 and all(" ↔ " in line for line in lines)
    assert "«دیدار" in result.output  # the evidence is shown


@pytest.mark.parametrize("args, expected", [
    (["--actor", "Fidan"], 1),  # English name
    (["--actor", "فیدان"], 1),  # Persian name
    (["--type", "CONSULT"], 3),
    (["--country", "RUS", "--cameo", "05"], 1),
    (["--since", "2025-03-08"], 2),
])
def test_events_json_filters(db, args, expected):
    result = run("events", "--db", db, "--format", "json", "--all-reports", *args)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == expected


def test_events_csv_tsv_jsonl(db):
    rows = list(csv.DictReader(io.StringIO(run("events", "--db", db, "--format", "csv").output)))
    assert len(rows) == 4 and {r["EventCode"] for r in rows} == {"040", "043", "051"}
    tsv = run("events", "--db", db, "--format", "tsv").output.splitlines()
    assert len(tsv) == 5 and "\t" in tsv[0]
    jsonl = run("events", "--db", db, "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["cameo"] for line in jsonl].count("040") == 2
    assert "\\u" not in run("events", "--db", db, "--format", "json").output  # never ASCII-escaped


def test_events_parquet(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"
    assert run("events", "--db", db, "--format", "parquet", "--out", out).exit_code == 0
    assert pq.read_table(out).num_rows == 4
    assert run("events", "--db", db, "--format", "parquet").exit_code == 2  # no --out: a usage error


def test_bad_date_is_a_usage_error(db):
    result = run("events", "--db", db, "--since", "2025-02-30")
    assert result.exit_code == 2 and "E202" in result.output


def test_search_command(db):
    result = run("search", "گفت‌وگو", "--db", db, "--format", "json")
    assert {h["title"] for h in json.loads(result.output)} == {"دیدار عراقچی و لاوروف", "گفتوگوی وزیران"}


@pytest.mark.parametrize("fmt, check", [
    ("plover", lambda text: [json.loads(x)["event"] for x in text.splitlines()].count("CONSULT") == 3),
    ("gdelt", lambda text: len(text.splitlines()) == 5 and text.startswith("event_id\t")),
    ("csv", lambda text: len(list(csv.DictReader(io.StringIO(text)))) == 4),
])
def test_export_text_formats(db, tmp_path, fmt, check):
    out = tmp_path / f"out.{fmt}"
    assert run("export", "--db", db, "--format", fmt, "--out", out).exit_code == 0
    assert check(out.read_text(encoding="utf-8"))


def test_export_parquet(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "all.parquet"
    assert run("export", "--db", db, "--format", "parquet", "--out", out).exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows == 4 and {"NumSources", "SQLDATE", "Actor1Code", "date_jalali"} <= set(table.column_names)


def test_ingest_twice_adds_nothing_and_reprocess_changes_nothing(tmp_path, seed_path):
    from didban.store import open_store

    db = str(tmp_path / "didban.sqlite")
    first = run("ingest", seed_path, "--db", db, "--workers", "1", "--quiet")
    assert first.exit_code == 0, first.output
    with open_store(db) as store:
        before = store.stats()
        doc = store.get_document(store.document_ids()[0])
    assert before["documents"] == 1 and doc.text == seed_path.read_text(encoding="utf-8")
    again = run("ingest", seed_path, "--db", db, "--workers", "1", "--force")
    assert again.exit_code == 0 and "new: 0   updated: 0   unchanged: 1" in again.output
    assert run("reprocess", "--db", db).exit_code == 0
    with open_store(db) as store:
        assert store.stats() == before


def test_reading_commands_do_not_create_a_database(tmp_path):
    missing = tmp_path / "none.sqlite"
    result = run("events", "--db", missing)
    assert result.exit_code == 1 and "E401" in result.output and "didban ingest" in result.output
    assert not missing.exists()
