"""`didban watch --once` against the local site fills a store that `--status`, `/api/sources` and the page show."""
from __future__ import annotations

import json

import pytest

from watch_site import eval_texts, publish, rss

pytest.importorskip("httpx")
pytest.importorskip("feedparser")

FAST = ["--host-interval", "0", "--timeout", "1", "--retries", "0"]


def cli(*args):
    from click.testing import CliRunner

    from didban.cli import main

    return CliRunner().invoke(main, ["watch", *args])


def test_once_then_status_then_the_api_and_the_page(site, tmp_path):
    items = publish(site, eval_texts(3))
    good = site.set("/feed.xml", rss(items), content_type="application/rss+xml")
    bad = site.set("/down.xml", "down", status=503)
    sources = tmp_path / "sources.txt"
    sources.write_text(f"# outlets\n{good}\tخبرگزاری آزمایشی\tIRN\n\n{bad}   Down   News\n", encoding="utf-8")
    db = tmp_path / "w.sqlite"

    result = cli("--once", "--db", str(db), *FAST, "--format", "json", str(sources))
    assert result.exit_code == 1  # one feed failed: reported, the others stored
    report = json.loads(result.stdout)
    assert report["new"] == 3 and {f["status"] for f in report["feeds"]} == {"new", "failed"}
    assert "E602" in result.stderr and "down.xml" in result.stderr and "Traceback" not in result.output

    result = cli("--status", "--db", str(db))
    assert result.exit_code == 0
    assert "خبرگزاری آزمایشی" in result.stdout and "Down News" in result.stdout and "E602" in result.stdout
    status = {f["url"]: f for f in json.loads(cli("--status", "--db", str(db), "--format", "json").stdout)}
    assert status[good]["new_total"] == 3 and status[good]["country"] == "IRN"
    assert status[bad]["failures"] == 1 and status[bad]["last_error"]["code"] == "E602"

    from fastapi.testclient import TestClient

    from didban.server.app import create_app

    with TestClient(create_app(str(db), create=False)) as client:
        sources_api = client.get("/api/sources").json()
        assert sources_api["total"] == 2 and sources_api["failing"] == 1 and sources_api["articles"]["done"] == 3
        assert {f["url"] for f in sources_api["items"]} == {good, bad}
        docs = client.get("/api/documents").json()
        assert docs["total"] == 3 and {d["url"] for d in docs["items"]} == {u for u, _, _ in items}
        assert client.get("/api/events").json()["total"] > 0
        fresh = client.get("/api/sources/new", params={"since": "2000-01-01T00:00:00Z"}).json()
        assert fresh["total"] == 3 and len(fresh["ids"]) == 3
        assert client.get("/api/sources/new", params={"since": "2999-01-01T00:00:00Z"}).json()["total"] == 0
        wrong = client.get("/api/sources/new", params={"since": "yesterday at noon"})
        assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "E202"
        assert client.get("/api/sources", params={"x": "1"}).status_code == 400

    # without SOURCES the feeds recorded in the store are watched; nothing is due yet, so nothing is fetched
    before = len(site.log)
    result = cli("--once", "--db", str(db), *FAST)
    assert result.exit_code == 0 and len(site.log) == before


def test_usage_errors_are_clear(tmp_path):
    result = cli("--once", "--db", str(tmp_path / "w.sqlite"), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1 and "E101" in result.output and "Traceback" not in result.output
    bad = tmp_path / "bad.txt"
    bad.write_text("https://ok.example/feed\nftp://nope.example/feed\n", encoding="utf-8")
    result = cli("--once", "--db", str(tmp_path / "w.sqlite"), str(bad))
    assert result.exit_code == 1 and "E601" in result.output and "bad.txt:2" in result.output
    result = cli("--once", "--every", "soon", "https://example.com/feed")
    assert result.exit_code == 2 and "E201" in result.output
    result = cli("--once", "--db", str(tmp_path / "none.sqlite"))  # no sources, no database: nothing is created
    assert result.exit_code == 1 and "E401" in result.output and not (tmp_path / "none.sqlite").exists()
    from didban.store import open_store

    open_store(tmp_path / "empty.sqlite").close()
    result = cli("--once", "--db", str(tmp_path / "empty.sqlite"))
    assert result.exit_code == 2 and "no SOURCES" in result.output
