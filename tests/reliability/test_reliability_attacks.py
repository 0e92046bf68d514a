"""The HTTP API against the second round of attacks (issue 15): bodies nested 200,000 deep or holding 5,000-digit
numbers, lone surrogates, database errors with internals, 25 clients asking for one big article at once, a POST that
used to freeze the event loop, a full write queue, foreign Host headers (DNS rebinding), missing security headers,
HEAD, 10,000 unknown query parameters, clients that connect and send nothing.
"""
from __future__ import annotations

import asyncio
import json
import logging
import socket
import subprocess
import sys
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "store"))
from store_samples import build_meeting_doc  # noqa: E402
from reliability_checks import free_port, wait_until_listening  # noqa: E402

TOKEN = "attack-token-9c2f"
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}


def client_for(app):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app, raise_server_exceptions=False, base_url="http://127.0.0.1")


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["hint"], body
    return body["error"]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    from didban.store import open_store

    path = tmp_path_factory.mktemp("attacks") / "didban.sqlite"
    with open_store(str(path)) as store:
        store.upsert_document(build_meeting_doc())
    return path


@pytest.fixture(scope="module")
def writer(db_path):
    from didban.server import create_app

    with client_for(create_app(str(db_path), token=TOKEN, allowed_hosts=["127.0.0.1"])) as c:
        yield c


# --- every error code has its status; hostile bodies are 400 ------------------------------------------------------

def test_every_error_code_has_an_http_status():
    from didban.errors import Codes
    from didban.server.guard import STATUS

    assert {c.name for c in Codes} <= set(STATUS), {c.name for c in Codes} - set(STATUS)
    assert all(400 <= STATUS[c.name] < 600 for c in Codes)
    assert all(STATUS[c.name] < 500 for c in Codes if c.name.startswith("E1"))  # input errors are the client's


@pytest.mark.parametrize("body, code", [
    (b'{"text": ' + b"[" * 200_000 + b"]" * 200_000 + b"}", "E501"),
    (b'{"text": "x", "options": {"min_confidence": 1' + b"0" * 5_000 + b"}}", "E501"),
    (b'{"text": "\\ud800"}', "E104"),
    ('{"text": "عراقچی با لاوروف دیدار کرد. \\udfff"}'.encode(), "E104"),
], ids=["nested-200000", "number-5000-digits", "lone-surrogate", "surrogate-in-persian"])
def test_hostile_bodies_are_a_400_with_their_code_and_no_traceback(writer, body, code, caplog):
    with caplog.at_level(logging.DEBUG):
        error = assert_error(writer.post("/api/documents", content=body, headers=AUTH), 400, code)
    assert "Traceback" not in error["message"] and "decoder.py" not in error["message"]
    assert not [r for r in caplog.records if r.exc_info], [r.getMessage() for r in caplog.records]


# --- database errors: the shape, no internals -------------------------------------------------------------------

def test_a_database_error_while_reading_keeps_its_internals_in_the_log(db_path, caplog, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from didban.server import create_app

    app = create_app(str(db_path))
    statement = "SELECT secret_column FROM events WHERE doc_id = ?"

    def broken(**_filters):
        raise OperationalError(statement, ("x",), Exception("no such table: hidden_table_name"))

    monkeypatch.setattr(app.state.store, "query_events", broken)
    with client_for(app) as c, caplog.at_level(logging.ERROR, logger="didban.server"):
        response = c.get("/api/events")
    error = assert_error(response, 503, "E401")
    text = response.text
    assert "secret_column" not in text and "hidden_table_name" not in text and "SELECT" not in text
    assert any("hidden_table_name" in r.getMessage() for r in caplog.records)  # the operator still learns why


def test_a_bug_answers_E901_without_internals(db_path, monkeypatch):
    from didban.server import create_app

    app = create_app(str(db_path))
    monkeypatch.setattr(app.state.store, "stats", lambda: 1 / 0)
    with client_for(app) as c:
        error = assert_error(c.get("/api/stats"), 500, "E901")
    assert "ZeroDivisionError" not in error["message"] and ".py" not in error["message"]


# --- one big article, many clients ------------------------------------------------------------------------------

def test_concurrent_requests_for_one_article_build_it_once(db_path, monkeypatch):
    """25 clients at once: one build (one article's layers in memory), the others read the finished answer."""
    from didban.server import documents
    from didban.store import open_store

    builds = []
    real = documents.document_view

    def counted(store, doc_id):
        builds.append(doc_id)
        time.sleep(0.2)  # hold the build so that the other requests arrive while it runs
        return real(store, doc_id)

    monkeypatch.setattr(documents, "document_view", counted)
    doc_id = build_meeting_doc().id
    with open_store(str(db_path), readonly=True) as store:
        views = documents.DocumentViews(store)
        with ThreadPoolExecutor(25) as pool:
            bodies = list(pool.map(lambda _: views.answer(doc_id).body, range(25)))
    assert builds == [doc_id] and len(set(bodies)) == 1


def test_the_pool_has_a_connection_for_every_reading_thread(db_path):
    from didban.server import create_app

    app = create_app(str(db_path), threads=8)
    pool = app.state.store.engine.pool
    assert pool.size() >= 8 + 2  # the readers, the writer, a streamed download


def test_an_article_is_answered_without_repeating_its_text(writer):
    doc = writer.get(f"/api/documents/{build_meeting_doc().id}").json()
    assert doc["text"] and doc["highlights"]
    for layer in ("segments", "sentences", "mentions"):
        assert all("text" not in item for item in doc[layer]), layer
    assert all("mentions" not in e for e in doc["entities"])
    assert all("document" not in ev and "evidence" not in ev for ev in doc["events"])
    for mark in doc["highlights"]:  # the evidence, once, as offsets into the text
        assert 0 <= mark["start"] < mark["end"] <= len(doc["text"]) and mark["event"]


# --- POST off the event loop, bounded -------------------------------------------------------------------------------

def test_readers_are_answered_while_a_document_is_extracted(db_path, tmp_path, monkeypatch):
    import didban.server.app as server_app
    from didban.server import create_app

    release, started = threading.Event(), threading.Event()

    def slow(store, body):
        started.set()
        assert release.wait(60)
        return build_meeting_doc(), "unchanged"

    monkeypatch.setattr(server_app, "_extract_and_store", slow)
    with client_for(create_app(str(db_path), token=TOKEN)) as c:
        with ThreadPoolExecutor(1) as pool:
            posted = pool.submit(c.post, "/api/documents", json={"text": "x"}, headers=AUTH)
            assert started.wait(60)
            stats = c.get("/api/stats")  # before: the pipeline held the event loop, this waited for it
            release.set()
            assert stats.status_code == 200 and posted.result(60).status_code == 200


def test_a_full_write_queue_is_503_with_retry_after(db_path, monkeypatch):
    import didban.server.app as server_app
    from didban.server import create_app
    from didban.server.writer import QUEUE

    release = threading.Event()
    running = threading.Semaphore(0)

    def slow(store, body):
        running.release()
        assert release.wait(60)
        return build_meeting_doc(), "unchanged"

    monkeypatch.setattr(server_app, "_extract_and_store", slow)
    app = create_app(str(db_path), token=TOKEN)
    with client_for(app) as c, ThreadPoolExecutor(QUEUE + 1) as pool:
        queued = [pool.submit(c.post, "/api/documents", json={"text": "x"}, headers=AUTH) for _ in range(QUEUE + 1)]
        assert running.acquire(timeout=60)  # one runs, QUEUE wait
        deadline = time.monotonic() + 60
        while app.state.writes.pending < QUEUE + 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        refused = c.post("/api/documents", json={"text": "x"}, headers=AUTH)
        release.set()
        assert [f.result(60).status_code for f in queued] == [200] * (QUEUE + 1)
    assert_error(refused, 503, "E505")
    assert int(refused.headers["retry-after"]) >= 1


def test_write_queue_refuses_beyond_its_bound():
    from didban.errors import DidbanError
    from didban.server.writer import WriteQueue

    async def scenario():
        queue = WriteQueue(queue=1)
        gate = threading.Event()
        first = asyncio.ensure_future(queue.run(gate.wait, 30))
        second = asyncio.ensure_future(queue.run(gate.wait, 30))
        await asyncio.sleep(0.05)
        with pytest.raises(DidbanError) as caught:
            await queue.run(gate.wait, 30)
        gate.set()
        await asyncio.gather(first, second)
        queue.close()
        return caught.value.code.name

    assert asyncio.run(scenario()) == "E505"


# --- Host, security headers, HEAD, unknown parameters ------------------------------------------------------------

@pytest.mark.parametrize("host, allowed", [("127.0.0.1:8000", True), ("localhost:8000", True), ("[::1]:8000", True),
                                           ("10.1.2.3", True), ("evil.example", False),
                                           ("127.0.0.1.evil.example:8000", False), ("localhost.evil.example", False)])
def test_only_addresses_localhost_and_allowed_names_are_served(writer, host, allowed):
    response = writer.get("/api/stats", headers={"Host": host})
    if allowed:
        assert response.status_code == 200
    else:
        assert_error(response, 400, "E506")


def test_an_allowed_name_is_served(db_path):
    from didban.server import create_app

    with client_for(create_app(str(db_path), allowed_hosts=["127.0.0.1", "news.example"])) as c:
        assert c.get("/api/stats", headers={"Host": "news.example"}).status_code == 200
        assert c.get("/api/stats", headers={"Host": "other.example"}).status_code == 400


def test_page_links_never_carry_the_clients_host(db_path):
    from didban.server import create_app

    with client_for(create_app(str(db_path), allowed_hosts=["*"])) as c:
        page = c.get("/api/events", params={"limit": 1}, headers={"Host": "attacker.example"}).json()
    assert page["next"] and page["next"].startswith("/api/events?") and "attacker" not in json.dumps(page)


@pytest.mark.parametrize("path", ["/", "/api/stats", "/api/nothing", "/static/js/app.js"])
def test_security_headers_on_every_answer(writer, path):
    headers = writer.get(path).headers
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp


def test_the_page_needs_no_inline_script_or_style():
    """The CSP forbids inline scripts and styles: the page must have none (the browser tests run it under the CSP)."""
    import re

    static = ROOT / "src" / "didban" / "web" / "static"
    for page in static.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page
        assert "<style" not in html and not re.search(r"\sstyle=", html) and not re.search(r"\son[a-z]+=", html)


def test_docs_pages_keep_their_own_policy(writer):
    assert "unsafe-inline" in writer.get("/docs").headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/api/stats", "/", f"/api/documents/{build_meeting_doc().id}"])
def test_head_is_answered_like_get_without_a_body(writer, path):
    response = writer.head(path)
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"] == writer.get(path).headers["content-type"]


def test_ten_thousand_unknown_parameters_get_a_short_answer():
    from starlette.requests import Request

    from didban.errors import DidbanError
    from didban.server.app import check_params

    query = "&".join(f"unknown_parameter_{i}={i}" for i in range(10_000)).encode()
    request = Request({"type": "http", "method": "GET", "path": "/api/stats", "query_string": query, "headers": []})
    with pytest.raises(DidbanError) as caught:
        check_params(request, ("limit",))
    assert len(caught.value.message) < 400 and "9995 more" in caught.value.message


# --- a real `didban serve`: Host check, header timeout, options --------------------------------------------------

@pytest.fixture(scope="module")
def served(db_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "didban", "serve", "--db", str(db_path), "--port", str(port),
                             "--timeout-headers", "1", "--quiet"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        wait_until_listening(proc, port)
        yield port, proc
    finally:
        proc.terminate()
        proc.wait(10)


def raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data


def test_served_foreign_host_is_refused(served):
    port, _ = served
    answer = raw(port, b"GET /api/stats HTTP/1.1\r\nHost: rebound.example\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400") and b"E506" in answer
    answer = raw(port, f"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 200")


def test_a_connection_that_sends_nothing_is_closed(served):
    """Before, uvicorn kept it open for ever: a thousand of them used up the server's file descriptors."""
    port, proc = served
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        assert s.recv(1024) == b""  # closed by the server (--timeout-headers 1), not by our 30 s timeout
    assert proc.poll() is None


def test_serve_offers_the_limits_as_options():
    from didban.server.cli import serve

    options = {p.name: p.default for p in serve.params}
    assert options["timeout_headers"] > 0 and options["timeout_keep_alive"] > 0
    assert options["limit_concurrency"] >= 1 and options["allowed_hosts"] is not None


def test_light_requests_are_not_stuck_behind_heavy_ones(db_path, monkeypatch):
    """More slow event pages than the server has threads: /api/stats is still answered while they all wait."""
    from didban.server import create_app
    from didban.server.guard import HEAVY

    app = create_app(str(db_path), threads=4)
    release = threading.Event()
    real = app.state.store.query_events

    def slow(**filters):
        assert release.wait(60)
        return real(**filters)

    monkeypatch.setattr(app.state.store, "query_events", slow)
    with client_for(app) as c, ThreadPoolExecutor(HEAVY + 5) as pool:
        pages = [pool.submit(c.get, "/api/events") for _ in range(HEAVY + 5)]
        time.sleep(0.3)  # let them all arrive (not a timing assertion: the test passes however long they take)
        stats = c.get("/api/stats")
        release.set()
        assert stats.status_code == 200
        assert [p.result(60).status_code for p in pages] == [200] * (HEAVY + 5)


def test_security_headers_also_with_cors(db_path):
    from didban.server import create_app

    with client_for(create_app(str(db_path), cors_origins=["https://ok.example"])) as c:
        preflight = c.options("/api/events", headers={"Origin": "https://ok.example",
                                                      "Access-Control-Request-Method": "GET"})
    assert preflight.headers["x-content-type-options"] == "nosniff"
