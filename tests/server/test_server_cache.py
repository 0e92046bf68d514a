"""Read answers kept until the store changes (`didban.server.cache`): the same bytes as a computed answer, never an
answer older than the last commit (of this process's writer or of another connection, as another process's), ETags
and 304s, errors and streamed downloads untouched; and `didban serve --workers N` serving from N processes."""
from __future__ import annotations

import json
import os
import signal
import time

import pytest

from tests.server.conftest import TOKEN, _client
from tests.server.test_server_cli import get, start, stop

pytest.importorskip("fastapi")

URLS = ["/api/events?limit=50", "/api/events?country=RUS&limit=5", "/api/timeline", "/api/network", "/api/stats",
        "/api/documents", "/api/entities?name=لاوروف", "/api/search?q=عراقچی", "/api/facets"]


@pytest.fixture()
def store_path(tmp_path):
    from store_samples import build_meeting_doc

    from didban.store import open_store

    path = str(tmp_path / "c.sqlite")
    with open_store(path) as store:
        store.upsert_document(build_meeting_doc())
    return path


def _counting(app, monkeypatch) -> list:
    """Count the store's event queries behind the app (each a computed answer of /api/events)."""
    calls = []
    store = app.state.store
    real = store.query_events
    monkeypatch.setattr(store, "query_events", lambda **kw: calls.append(kw) or real(**kw))
    return calls


def test_the_cached_answer_is_the_computed_one_byte_for_byte(store_path):
    from didban.server import create_app

    with _client(create_app(store_path, cache=False)) as plain, _client(create_app(store_path)) as cached:
        for url in URLS:
            expected = plain.get(url)
            for _ in range(2):  # computed, then kept
                got = cached.get(url)
                assert got.status_code == expected.status_code == 200, url
                assert got.content == expected.content, url
                assert got.headers["content-type"] == expected.headers["content-type"]
                assert got.headers["etag"].startswith('W/"') and got.headers["cache-control"] == "no-cache"


def test_a_repeated_query_is_answered_without_the_store(store_path, monkeypatch):
    from didban.server import create_app

    app = create_app(store_path)
    calls = _counting(app, monkeypatch)
    with _client(app) as c:
        first = c.get("/api/events?limit=50").content
        assert c.get("/api/events?limit=50").content == first
        assert len(calls) == 1
        c.get("/api/events?limit=49")  # another query string: computed
        assert len(calls) == 2


def test_without_the_cache_every_answer_is_computed(store_path, monkeypatch):
    from didban.server import create_app

    app = create_app(store_path, cache=False)
    calls = _counting(app, monkeypatch)
    with _client(app) as c:
        first = c.get("/api/events?limit=50")
        again = c.get("/api/events?limit=50", headers={"If-None-Match": first.headers["etag"]})
        assert len(calls) == 2 and again.status_code == 304  # validation still works: the tag is the body's hash


def test_a_commit_by_another_connection_is_seen_at_once(store_path, monkeypatch):
    """Another process writing (here another Store on the same file) moves the generation: nothing stale is served."""
    from store_samples import build_other_doc

    from didban.server import create_app
    from didban.store import open_store

    app = create_app(store_path)  # read-only, as `didban serve` without a token
    calls = _counting(app, monkeypatch)
    with _client(app) as c:
        before = c.get("/api/events?limit=50")
        stats = c.get("/api/stats").json()
        with open_store(store_path) as other:
            other.upsert_document(build_other_doc())
        after = c.get("/api/events?limit=50")
        assert len(calls) == 2
        assert after.json()["total"] > before.json()["total"]
        assert c.get("/api/stats").json()["documents"] == stats["documents"] + 1
        # the old tag no longer validates: the client gets the new answer
        revalidated = c.get("/api/events?limit=50", headers={"If-None-Match": before.headers["etag"]})
        assert revalidated.status_code == 200 and revalidated.content == after.content


def test_a_document_posted_to_this_server_is_listed_at_once(tmp_path):
    from didban.server import create_app

    with _client(create_app(str(tmp_path / "w.sqlite"), token=TOKEN)) as c:
        assert c.get("/api/events").json()["total"] == 0
        text = "سید عباس عراقچی وزیر امور خارجه کشورمان روز شنبه در آنکارا با هاکان فیدان دیدار و گفت‌وگو کرد."
        posted = c.post("/api/documents", json={"text": text, "published": "2025-01-04"},
                        headers={"Authorization": f"Bearer {TOKEN}"})
        assert posted.status_code == 201 and posted.json()["events"] >= 1
        assert c.get("/api/events").json()["total"] == posted.json()["events"]


def test_if_none_match_gets_304_without_a_body(store_path):
    from didban.server import create_app

    with _client(create_app(store_path)) as c:
        first = c.get("/api/events?limit=50")
        tag = first.headers["etag"]
        for sent in (tag, tag.removeprefix("W/"), f'"other", {tag}', "*"):
            again = c.get("/api/events?limit=50", headers={"If-None-Match": sent})
            assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag, sent
            assert "content-length" not in again.headers or again.headers["content-length"] == "0"
        other = c.get("/api/events?limit=50", headers={"If-None-Match": 'W/"0123"'})
        assert other.status_code == 200 and other.content == first.content
        gz = c.get("/api/events?limit=50", headers={"Accept-Encoding": "gzip", "If-None-Match": tag})
        assert gz.status_code == 304


def test_errors_and_downloads_pass_through_untouched(store_path, monkeypatch):
    from didban.server import create_app

    app = create_app(store_path)
    calls = _counting(app, monkeypatch)
    with _client(app) as c:
        for _ in range(2):
            bad = c.get("/api/events?colour=red")
            assert bad.status_code == 400 and set(bad.json()) == {"error"} and "etag" not in bad.headers
            missing = c.get("/api/events/nope")
            assert missing.status_code == 404 and set(missing.json()) == {"error"} and "etag" not in missing.headers
        assert calls == []
        download = c.get("/api/download?format=csv")
        assert download.status_code == 200 and "etag" not in download.headers
        assert c.get("/api/sources").headers.get("etag") is None  # answers with the clock in them are never kept


def test_serve_with_two_workers_answers_from_two_processes(store_path):
    proc, base = start("serve", "--db", store_path, "--port", "0", "--workers", "2")
    try:
        children = _children(proc.pid)
        deadline = time.monotonic() + 30
        while len(children) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            children = _children(proc.pid)
        assert len(children) == 2, children
        assert json.loads(get(base + "api/stats"))["documents"] == 1
        answers = {get(base + "api/events?limit=50") for _ in range(10)}  # whichever worker answers: the same bytes
        assert len(answers) == 1
    finally:
        stop(proc)
    assert proc.returncode == 0
    for pid in children:  # the workers end with the parent
        assert not _alive(pid), pid


def test_workers_end_when_the_parent_is_killed(store_path):
    proc, base = start("serve", "--db", store_path, "--port", "0", "--workers", "2")
    try:
        get(base + "api/stats")
        children = _children(proc.pid)
        assert len(children) == 2
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in children)


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        pytest.skip("needs Linux /proc")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.postgres
def test_over_postgresql_a_commit_elsewhere_is_seen_at_once(monkeypatch):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
    from pg_support import fresh_pg_schema
    from store_samples import build_meeting_doc, build_other_doc

    from didban.server import create_app
    from didban.store import open_store

    with fresh_pg_schema() as url:
        with open_store(url) as store:
            store.upsert_document(build_meeting_doc())
        app = create_app(url)
        calls = _counting(app, monkeypatch)
        with _client(app) as c:
            before = c.get("/api/events?limit=50")
            assert c.get("/api/events?limit=50").content == before.content and len(calls) == 1
            with open_store(url) as other:
                other.upsert_document(build_other_doc())
            after = c.get("/api/events?limit=50")
            assert len(calls) == 2 and after.json()["total"] > before.json()["total"]


def test_the_kept_answers_stay_within_their_bytes(store_path):
    from didban.server import create_app
    from didban.server.cache import ResponseCache

    app = create_app(store_path)
    with _client(app) as c:
        c.get("/api/stats")
        cache = _find(app.middleware_stack, ResponseCache)
        cache.max_bytes = 20_000
        for limit in range(1, 60):
            assert c.get(f"/api/events?limit={limit}").status_code == 200
        assert 0 < cache.size <= 20_000 and len(cache.entries) < 59
        assert ("/api/events", b"limit=59") in cache.entries  # the newest kept, the oldest dropped
        assert ("/api/events", b"limit=1") not in cache.entries


def _find(app, kind):
    while app is not None and not isinstance(app, kind):
        app = getattr(app, "app", None)
    assert app is not None, kind
    return app
