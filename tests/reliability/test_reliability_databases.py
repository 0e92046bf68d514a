"""Databases that are not a whole didban store: damaged (truncated, pages overwritten, bytes flipped), another
program's, empty, half set up, or older. Every command refuses them with its own code (E405 damaged, E406 not
didban's, E407 partial or older) and a hint, never a traceback or a silent exit 0; nothing is written to them, and the
read-only commands (events, search, export, entities, serve without a token) never create, migrate or switch a file to
WAL."""
from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "store"))
from store_samples import build_meeting_doc, build_other_doc  # noqa: E402

READ_COMMANDS = [["events"], ["search", "دیدار"], ["export", "--format", "csv", "--out", "{tmp}/out.csv"],
                 ["entities"], ["events", "--count-by", "month"]]
WRITE_COMMANDS = [["ingest", "{corpus}", "--quiet", "--workers", "1", "--no-merge"], ["reprocess", "--quiet"]]


@pytest.fixture(scope="module")
def good_db(tmp_path_factory) -> bytes:
    from didban.store import open_store

    path = tmp_path_factory.mktemp("good") / "good.sqlite"
    with open_store(str(path)) as store:
        for doc in (build_meeting_doc(), build_other_doc()):
            store.upsert_document(doc)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file: the bytes below are the store
    conn.close()
    return path.read_bytes()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    (folder / "a.txt").write_text("عباس عراقچی روز شنبه در تهران با سرگئی لاوروف دیدار کرد.", encoding="utf-8")
    return folder


def run(args: list[str], db: Path, tmp_path: Path, corpus: Path):
    from didban.cli import main

    args = [a.format(tmp=tmp_path, corpus=corpus) for a in args]
    return CliRunner().invoke(main, [*args, "--db", str(db)])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(result, code: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.output[-1500:])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert f"error {code}" in result.output and "hint:" in result.output, result.output[-1500:]
    assert "Traceback" not in result.output


def page_size(data: bytes) -> int:
    return int.from_bytes(data[16:18], "big")


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def table_page_broken(data: bytes) -> bytes:
    """The `documents` table's root page gets an impossible page type."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.sqlite"
        copy.write_bytes(data)
        conn = sqlite3.connect(copy)
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'documents'").fetchone()[0]
        conn.close()
    broken = bytearray(data)
    broken[(root - 1) * page_size(data)] = 0x00
    return bytes(broken)


def page_zeroed(data: bytes) -> bytes:
    ps = page_size(data)
    middle = len(data) // ps // 2
    return data[: middle * ps] + b"\x00" * ps + data[(middle + 1) * ps:]


def bytes_flipped(data: bytes) -> bytes:
    flipped = bytearray(data)
    for i in range(page_size(data), len(flipped), 997):
        flipped[i] ^= 0xFF
    return bytes(flipped)


DAMAGE = {"truncated": truncated, "table-page-broken": table_page_broken, "page-zeroed": page_zeroed,
          "bytes-flipped": bytes_flipped}


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("command", READ_COMMANDS + WRITE_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_damaged_file_is_refused_by_every_command_and_left_as_it_is(good_db, damage, command, tmp_path, corpus):
    db = tmp_path / "damaged.sqlite"
    db.write_bytes(DAMAGE[damage](good_db))
    before = digest(db)
    result = run(command, db, tmp_path, corpus)
    assert_refused(result, "E405")
    assert "restore it from a backup" in result.output  # the hint for a damaged file, not "locked or read-only"
    assert digest(db) == before


def test_a_damaged_file_is_refused_by_the_server(good_db, tmp_path):
    from didban.errors import DidbanError
    from didban.server import create_app

    db = tmp_path / "damaged.sqlite"
    db.write_bytes(truncated(good_db))
    for token in (None, "t"):
        with pytest.raises(DidbanError) as caught:
            create_app(str(db), token=token)
        assert caught.value.code.name == "E405"


def test_the_page_walk_is_skipped_above_its_bound_and_the_header_still_checked(good_db, tmp_path, monkeypatch):
    """A store of millions of events is not walked page by page at every command; a cut-short file still is refused."""
    from didban.errors import DidbanError
    from didban.store import probe

    walked = []
    monkeypatch.setattr(probe, "_quick_check", lambda path: walked.append(path))
    db = tmp_path / "big.sqlite"
    db.write_bytes(good_db)
    monkeypatch.setattr(probe, "QUICK_CHECK_MAX_BYTES", len(good_db) - 1)
    probe.check_sqlite_file(str(db), create=False, readonly=True)
    assert walked == []
    monkeypatch.setattr(probe, "QUICK_CHECK_MAX_BYTES", len(good_db))
    probe.check_sqlite_file(str(db), create=False, readonly=True)
    assert walked == [str(db)]
    db.write_bytes(truncated(good_db))
    monkeypatch.setattr(probe, "QUICK_CHECK_MAX_BYTES", 0)
    with pytest.raises(DidbanError) as caught:
        probe.check_sqlite_file(str(db), create=False, readonly=True)
    assert caught.value.code.name == "E405"


def test_damage_found_by_a_query_is_E405_not_E402():
    """Damage beyond what the opening check sees surfaces in a query; SQLite's words mention the disk, which used to
    give E402 'locked or read-only' and its wrong hint."""
    from sqlalchemy.exc import DatabaseError

    from didban.store.engine import translate_db_error

    for message in ("database disk image is malformed", "file is not a database",
                    "Could not decode to UTF-8 column 'text' with text '\udcff\udcfe'"):
        error = translate_db_error(DatabaseError("SELECT 1", {}, Exception(message)), "sqlite:///x.sqlite")
        assert error.code.name == "E405", message
        assert "\udcff" not in error.message and "with text" not in error.message
    assert translate_db_error(DatabaseError("x", {}, Exception("database or disk is full")), "u").code.name == "E402"


# --- another program's database, an empty file ---------------------------------------------------------------------

def foreign_db(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('mine')")
    conn.commit()
    conn.close()
    return path


def journal_mode(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("command", READ_COMMANDS + WRITE_COMMANDS[:1], ids=lambda c: " ".join(c[:2]))
def test_another_programs_database_is_refused_and_untouched(command, tmp_path, corpus):
    db = foreign_db(tmp_path / "other.sqlite")
    before = digest(db)
    assert_refused(run(command, db, tmp_path, corpus), "E406")
    assert digest(db) == before and journal_mode(db) == "delete"
    assert not Path(f"{db}-wal").exists()
    conn = sqlite3.connect(db)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["notes"]
    conn.close()


def test_the_server_refuses_another_programs_database(tmp_path):
    from didban.errors import DidbanError
    from didban.server import create_app

    db = foreign_db(tmp_path / "other.sqlite")
    before = digest(db)
    with pytest.raises(DidbanError) as caught:
        create_app(str(db))
    assert caught.value.code.name == "E406" and digest(db) == before


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_an_empty_file_does_not_become_a_store_for_a_read_only_command(command, tmp_path, corpus):
    db = tmp_path / "empty.sqlite"
    db.write_bytes(b"")
    assert_refused(run(command, db, tmp_path, corpus), "E406")
    assert db.read_bytes() == b""


def test_ingest_may_make_a_store_of_an_empty_file(tmp_path, corpus):
    db = tmp_path / "empty.sqlite"
    db.write_bytes(b"")
    result = run(WRITE_COMMANDS[0], db, tmp_path, corpus)
    assert result.exit_code == 0, result.output


def test_a_text_file_is_not_a_database(tmp_path, corpus):
    db = tmp_path / "notes.sqlite"
    db.write_text("not a database\n" * 100)
    assert_refused(run(["events"], db, tmp_path, corpus), "E406")
    assert_refused(run(WRITE_COMMANDS[0], db, tmp_path, corpus), "E406")


# --- half set up, older --------------------------------------------------------------------------------------------

def half_set_up(good: bytes, path: Path, drop: str | None = "events", forget: bool = False) -> Path:
    path.write_bytes(good)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    if drop:
        conn.execute(f"DROP TABLE {drop}")
    if forget:
        conn.execute("DROP TABLE didban_migrations")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("how", [{"drop": "events"}, {"drop": None, "forget": True}], ids=["table-missing",
                                                                                         "no-migration-record"])
@pytest.mark.parametrize("command", [READ_COMMANDS[0], READ_COMMANDS[2], WRITE_COMMANDS[0]],
                         ids=lambda c: " ".join(c[:2]))
def test_a_half_set_up_store_is_a_clear_error(good_db, how, command, tmp_path, corpus):
    db = half_set_up(good_db, tmp_path / "half.sqlite", **how)
    before = digest(db)
    assert_refused(run(command, db, tmp_path, corpus), "E407")
    assert digest(db) == before


def test_the_server_refuses_a_half_set_up_store(good_db, tmp_path):
    from didban.errors import DidbanError
    from didban.server import create_app

    db = half_set_up(good_db, tmp_path / "half.sqlite")
    with pytest.raises(DidbanError) as caught:
        create_app(str(db))
    assert caught.value.code.name == "E407"


def older_store(good: bytes, path: Path) -> Path:
    """A store as didban's schema version 1 left it (before `didban watch` added its tables)."""
    path.write_bytes(good)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE watch_feeds")
    conn.execute("DROP TABLE watch_articles")
    conn.execute("DELETE FROM didban_migrations WHERE version > 1")
    conn.commit()
    conn.close()
    return path


def test_read_only_commands_never_migrate_a_writing_command_does(good_db, tmp_path, corpus):
    db = older_store(good_db, tmp_path / "v1.sqlite")
    before = digest(db)
    for command in READ_COMMANDS:
        result = run(command, db, tmp_path, corpus)
        assert_refused(result, "E407")
        assert "upgrade it once with a writing command" in result.output
    assert digest(db) == before
    assert run(WRITE_COMMANDS[0], db, tmp_path, corpus).exit_code == 0
    assert run(["events"], db, tmp_path, corpus).exit_code == 0


def test_read_only_commands_leave_a_store_in_its_journal_mode(good_db, tmp_path, corpus):
    """A store copied without its WAL setting (a backup made with .dump, a file from another machine) stays so."""
    db = tmp_path / "store.sqlite"
    db.write_bytes(good_db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    before = digest(db)
    for command in READ_COMMANDS:
        assert run(command, db, tmp_path, corpus).exit_code == 0
    assert journal_mode(db) == "delete" and digest(db) == before
