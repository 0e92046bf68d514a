"""Issue 15, the attacks on input, output and the command line: a file name that is not UTF-8 or holds a line break,
JSON nested 100,000 deep or with a 5,000-digit number, impossible dates, a full disk for the output, a FIFO given as a
file, HTML with a million paragraphs or entity references, one huge JSON line, a Persian or space-padded server token.
Each: no traceback; the bad input is reported with its own E1xx code and skipped, the rest goes on; output is valid
UTF-8 and never a 0-byte or half-written file.
"""
from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from didban.cli import main
from didban.errors import DidbanError
from didban.options import Options

ROOT = Path(__file__).resolve().parents[2]
MEETING = "عباس عراقچی وزیر امور خارجه ایران روز دوشنبه در مسکو با سرگئی لاوروف دیدار و گفت‌وگو کرد."
CALL = "عباس عراقچی وزیر امور خارجه ایران در تماس تلفنی با هاکان فیدان درباره تحولات منطقه گفت‌وگو کرد."


def didban(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "didban", *args], cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE,
                          env=env, timeout=600)


def codes(items) -> list[str | None]:
    return [item.code.name if isinstance(item, DidbanError) else None for item in items]


def bytes_name(folder: Path, name: bytes) -> Path:
    """A path whose last part is the raw bytes `name` (as a scraper may save it), as Python shows it."""
    return Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))


# --- file names -----------------------------------------------------------------------------------------------------

@pytest.fixture()
def badly_named_folder(tmp_path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    bytes_name(folder, b"b\xff.txt").write_text(MEETING, encoding="utf-8")
    (folder / "line\nbreak.txt").write_text(CALL, encoding="utf-8")
    (folder / "z.txt").write_text(MEETING + "\n" + CALL, encoding="utf-8")
    return folder


def test_names_that_are_not_utf8_or_hold_a_line_break_are_shown_escaped_and_read(badly_named_folder):
    """The reproduction wrote the raw 0xff byte into `extract --format json` and broke the TSV row at the newline."""
    done = didban("extract", str(badly_named_folder), "--no-tagger", "--format", "jsonl")
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    lines = done.stdout.decode("utf-8").splitlines()  # valid UTF-8, or this raises
    sources = sorted(json.loads(line)["source"] for line in lines)
    assert sources == sorted(str(badly_named_folder / name) for name in ("b\\xff.txt", "line\\nbreak.txt", "z.txt"))

    done = didban("extract", str(badly_named_folder), "--no-tagger", "--format", "tsv")
    assert done.returncode == 0
    rows = done.stdout.decode("utf-8").split("\n")[:-1]
    width = rows[0].count("\t")
    assert len(rows) > 3 and all(row.count("\t") == width for row in rows), "one event, one row of the header's width"
    assert any("line\\\\nbreak.txt" in row for row in rows[1:])  # the shown name "line\\nbreak.txt", TSV-escaped


def test_ingest_of_a_folder_with_a_non_utf8_name_stores_every_document(badly_named_folder, tmp_path):
    """The reproduction: UnicodeEncodeError traceback, later files never stored, the merge never run."""
    db = tmp_path / "s.sqlite"
    done = didban("ingest", str(badly_named_folder), "--db", str(db), "--workers", "1", "--no-tagger", "--quiet")
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")[-2000:]
    from didban.store import open_store

    store = open_store(str(db))
    try:
        sources = sorted(store.get_document(i).source for i in store.document_ids())
    finally:
        store.close()
    assert sources == sorted(str(badly_named_folder / name) for name in ("b\\xff.txt", "line\\nbreak.txt", "z.txt"))


def test_tsv_values_with_tabs_and_line_breaks_stay_on_their_row():
    import io

    from didban.export.gdelt import write_rows

    out = io.StringIO()
    write_rows([{"id": "e1", "document": {"source": "a\tb\nc\\d.txt"}}], out)
    header, row = out.getvalue().rstrip("\n").split("\n")
    assert row.count("\t") == header.count("\t") and "a\\tb\\nc\\\\d.txt" in row


# --- JSON that Python cannot hold -----------------------------------------------------------------------------------

def test_json_nested_too_deep_or_with_a_huge_number_is_E106_and_the_next_lines_are_read(tmp_path):
    from didban.read import read_path

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(["[" * 100_000 + "]" * 100_000,
                               '{"text": "' + MEETING + '", "n": ' + "1" * 5000 + "}",
                               '{"text": "' + "x" * 10 + '", "title": ' + '{"a": ' * 100_000 + "}",
                               json.dumps({"text": MEETING}, ensure_ascii=False)]) + "\n", encoding="utf-8")
    items = list(read_path(feed, Options()))
    assert codes(items) == ["E106", "E106", "E106", None]
    assert [e.line for e in items[:3]] == [1, 2, 3]
    assert "nested too deeply" in items[0].message and "digits" in items[1].message

    folder = tmp_path / "folder"
    folder.mkdir()
    nested = folder / "nested.json"
    nested.write_text('{"text": ' * 100_000, encoding="utf-8")
    number = folder / "number.json"
    number.write_text("[" + "9" * 5000 + "]", encoding="utf-8")
    (folder / "o.txt").write_text(MEETING, encoding="utf-8")
    items = list(read_path(folder, Options()))  # a folder: each bad file reported, the files after it read
    assert codes(items) == ["E106", "E106", None]


def test_json_nested_too_deep_on_standard_input_is_E106():
    import io

    from didban.read import _read_stdin

    for payload in ("[" * 100_000, '{"text": "x", "n": ' + "1" * 5000 + "}"):
        items = list(_read_stdin(Options(), io.BytesIO(payload.encode())))
        assert codes(items) == ["E106"], items


# --- dates ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("day", ["2025-02-30", "9999-99-99", "0000-00-00", "1403-12-31", "9999-12-31"])
def test_an_impossible_published_date_is_refused_before_anything_runs(day, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(MEETING, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(article), "--published", day, "--no-tagger"])
    assert result.exit_code == 2 and "E202" in result.output and "hint" in result.output, result.output


def test_a_jalali_published_date_is_converted_and_a_bad_one_in_a_feed_is_never_stored_as_a_date(tmp_path):
    from didban.read import read_path

    assert Options(published="1403-12-17").published == "2025-03-07"
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"text": MEETING, "published": day}) for day in
                              ("9999-99-99", "0000-00-00", "2025-02-30", "1403-12-17")) + "\n", encoding="utf-8")
    docs = list(read_path(feed, Options()))
    assert [d.published for d in docs] == [None, None, None, "2025-03-07"]
    assert docs[0].meta["published_raw"] == "9999-99-99"  # kept for the reader, never sorted as a date


def test_an_impossible_published_date_in_the_api_is_E202(tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from didban.server import create_app

    with TestClient(create_app(str(tmp_path / "w.sqlite"), token="t0ken")) as client:
        for day in ("2025-02-30", "9999-99-99", "0000-00-00"):
            response = client.post("/api/documents", json={"text": MEETING, "published": day},
                                   headers={"Authorization": "Bearer t0ken"})
            assert response.status_code == 400 and response.json()["error"]["code"] == "E202", response.text
        assert client.get("/api/stats").json()["documents"] == 0


# --- output on a full disk --------------------------------------------------------------------------------------------

def test_extract_to_a_full_standard_output_is_E701_without_a_traceback(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(MEETING, encoding="utf-8")
    with open("/dev/full", "wb") as full:
        done = didban("extract", str(article), "--no-tagger", stdout=full)
    stderr = done.stderr.decode()
    assert done.returncode == 1 and "E701" in stderr and "hint" in stderr, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr


def _fill_the_disk_midway(monkeypatch, module, name):
    """Replace module.name (a writer taking a stream as its third argument) by one that writes a part, then fails
    as a full disk does."""
    def write_then_fail(*args, **kwargs):
        out = args[2] if len(args) > 2 else kwargs["out"]
        out.write("a partial line\n")
        out.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(module, name, write_then_fail)


def test_extract_out_on_a_full_disk_leaves_no_partial_file(tmp_path, monkeypatch):
    from didban import export

    article = tmp_path / "a.txt"
    article.write_text(MEETING, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.json").write_text("the previous result\n", encoding="utf-8")
    _fill_the_disk_midway(monkeypatch, export, "write")
    result = CliRunner().invoke(main, ["extract", str(article), "--no-tagger", "--out", str(out)])
    assert result.exit_code == 1 and "E701" in result.output and "No space left" in result.output, result.output
    assert not isinstance(result.exception, OSError)
    assert [p.name for p in out.iterdir()] == ["a.json"], "no temporary or partial file left"
    assert (out / "a.json").read_text(encoding="utf-8") == "the previous result\n"


@pytest.fixture(scope="module")
def stored(tmp_path_factory, pipeline) -> str:
    from didban.read import from_text
    from didban.store import open_store

    db = str(tmp_path_factory.mktemp("store") / "s.sqlite")
    store = open_store(db, create=True)
    try:
        store.upsert_document(pipeline(from_text(MEETING)))
    finally:
        store.close()
    return db


@pytest.mark.parametrize("command", [["export", "--format", "tsv"], ["events", "--format", "plover"]])
def test_export_and_events_out_on_a_full_disk_leave_no_file(stored, tmp_path, monkeypatch, command):
    from didban import export

    _fill_the_disk_midway(monkeypatch, export, "write_events")
    target = tmp_path / "events.out"
    result = CliRunner().invoke(main, [*command, "--db", stored, "--out", str(target)])
    assert result.exit_code == 1 and "E701" in result.output, result.output
    assert not isinstance(result.exception, OSError)
    assert list(tmp_path.iterdir()) == [], "neither the file nor a temporary one is left"


def test_export_and_events_written_whole_are_renamed_into_place(stored, tmp_path):
    for command in (["export", "--format", "tsv"], ["events", "--format", "jsonl"]):
        target = tmp_path / f"{command[0]}.out"
        result = CliRunner().invoke(main, [*command, "--db", stored, "--out", str(target)])
        assert result.exit_code == 0, result.output
        assert target.read_text(encoding="utf-8").strip()
        assert stat.S_IMODE(target.stat().st_mode) & 0o044, "created like any file (the umask), not private"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.out", "export.out"]


def test_events_to_a_full_standard_output_is_E701(stored):
    with open("/dev/full", "wb") as full:
        done = didban("events", "--db", stored, stdout=full)
    stderr = done.stderr.decode()
    assert done.returncode == 1 and "E701" in stderr and "Traceback" not in stderr, stderr


# --- things that are not files ----------------------------------------------------------------------------------------

class FifoWatch:
    """A FIFO with a writer thread that opens and closes it whenever a reader has opened it: a reader that opens it
    gets an empty input instead of blocking forever (so a test fails rather than hangs), and `opened` tells."""

    def __init__(self, path: Path):
        self.path, self.opened, self._stop = path, False, threading.Event()
        os.mkfifo(path)
        self._thread = threading.Thread(target=self._write, daemon=True)

    def _write(self):
        while not self._stop.is_set():
            try:
                os.close(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))  # ENXIO while no reader has it open
                self.opened = True
            except OSError:
                self._stop.wait(0.01)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def test_a_fifo_given_as_a_file_is_refused_with_E112_and_never_read(tmp_path):
    from didban.read import read_inputs

    after = tmp_path / "after.txt"
    after.write_text(MEETING, encoding="utf-8")
    with FifoWatch(tmp_path / "feed.txt") as fifo:
        items = list(read_inputs([fifo.path, after], Options()))
    assert codes(items) == ["E112", None]
    assert items[0].path == str(fifo.path) and "pipe" in items[0].message
    assert not fifo.opened


def test_the_progress_estimate_never_opens_a_fifo(tmp_path):
    from didban.batch import estimate_total

    with FifoWatch(tmp_path / "feed.jsonl") as fifo:
        assert estimate_total([str(fifo.path)]) == 1
    assert not fifo.opened


# --- input bounds -----------------------------------------------------------------------------------------------------

def _page(body: str) -> str:
    return f"<html><head><title>t</title></head><body><article>{body}</article></body></html>"


@pytest.mark.parametrize("what", ["HTML elements", "entity references"])
def test_html_beyond_the_markup_bound_is_E113_before_it_is_parsed(tmp_path, what):
    """The reproductions: 1 M <p> (1.79 GB), 4 M entity references (7.27 GB). Refused by counting, never parsed."""
    from didban.read import MAX_HTML_ELEMENTS, MAX_HTML_ENTITIES, read_inputs

    body = ("<p>خبر</p>" * (MAX_HTML_ELEMENTS + 1) if what == "HTML elements"
            else "<p>" + "&amp;" * (MAX_HTML_ENTITIES + 1) + "</p>")
    page = tmp_path / "page.html"
    page.write_text(_page(body), encoding="utf-8")
    good = tmp_path / "good.html"
    good.write_text(_page("<p>" + MEETING + "</p>"), encoding="utf-8")
    items = list(read_inputs([page, good], Options()))
    assert codes(items) == ["E113", None], items
    assert what in items[0].message and items[0].path == str(page)


def test_a_huge_json_line_is_E113_and_the_lines_around_it_are_read(tmp_path):
    """The reproduction: one 5-million-character line; killed at 240 s with no output even for line 1."""
    from didban.read import read_path

    feed = tmp_path / "feed.jsonl"
    sentence = MEETING + "\n"
    lines = [{"text": MEETING},
             {"text": sentence * (1_000_000 // len(sentence) + 1)},  # many sentences, over max_chars
             {"text": ("عراقچی دیدار کرد و " * 1200)},  # ~22,000 characters without a sentence end
             {"text": CALL}]
    feed.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    items = list(read_path(feed, Options()))
    assert codes(items) == [None, "E113", "E113", None]
    assert [e.line for e in items[1:3]] == [2, 3]
    assert "--max-chars" in items[1].hint and "--max-sentence-chars" in items[2].hint
    raised = Options(max_chars=2_000_000, max_sentence_chars=30_000)  # the bounds are settings, as --max-bytes is
    assert codes(read_path(feed, raised)) == [None, None, None, None]


def test_the_size_bounds_are_flags_of_the_commands_that_read():
    result = CliRunner().invoke(main, ["extract", "--help"])
    assert "--max-chars" in result.output and "--max-sentence-chars" in result.output
    result = CliRunner().invoke(main, ["extract", "-", "--max-chars", "0"])
    assert result.exit_code == 2 and "E201" in result.output


# --- the server's token -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("token", ["تست", "سلام", "کلید-۱۲۳"])  # 'م' ends in byte 0x85, which str.strip() removes
def test_a_persian_token_sent_as_utf8_is_accepted(tmp_path, token):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from didban.server import create_app

    with TestClient(create_app(str(tmp_path / "w.sqlite"), token=token)) as client:
        right = client.post("/api/documents", content=b"{}",
                            headers={"Authorization": b"Bearer " + token.encode("utf-8"),
                                     "Content-Type": "application/json"})
        assert right.status_code == 400 and right.json()["error"]["code"] == "E501", right.text  # past the token
        wrong = client.post("/api/documents", content=b"{}",
                            headers={"Authorization": b"Bearer " + (token + "x").encode("utf-8")})
        assert wrong.status_code == 401


@pytest.mark.parametrize("token", [" secret", "secret ", "secret\n", "sec\tret"])
def test_a_token_no_client_can_send_is_refused_at_start(monkeypatch, token):
    pytest.importorskip("fastapi")
    from didban.server import cli as server_cli

    started = []
    monkeypatch.setattr(server_cli, "serve_app", lambda *a, **k: started.append(k))
    result = CliRunner().invoke(main, ["serve", "--token", token, "--port", "0"])
    assert result.exit_code == 2 and "E201" in result.output and "hint" in result.output, result.output
    assert not started
