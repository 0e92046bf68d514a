"""The HTTP API under attack: schemathesis over the OpenAPI spec (no 5xx, every error in the one JSON shape), the
write token, size and page limits, SQL fragments in every filter, path traversal on the static route, CORS off by
default, `didban serve` bound to 127.0.0.1, and a tiny smoke load (no timing assertion; the measured load test is
benchmarks/reliability/load_test.py).
"""
from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given, strategies as st

from reliability_checks import count_input, free_port, fuzz, wait_until_listening

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "store"))
from store_samples import build_meeting_doc, build_other_doc  # noqa: E402

TOKEN = "reliability-token-5b1e"
ERROR_KEYS = {"code", "message", "hint"}


def assert_error_shape(response) -> None:
    """The one JSON error shape: {"error": {"code": "E…", "message", "hint", ...}}."""
    content_type = response.headers.get("content-type", "")
    if isinstance(content_type, list):  # schemathesis keeps every value of a header
        content_type = content_type[0] if content_type else ""
    assert content_type.startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error"}, body
    assert ERROR_KEYS <= set(body["error"]), body
    assert body["error"]["code"].startswith("E") and body["error"]["message"], body


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    from didban.store import open_store

    path = tmp_path_factory.mktemp("api") / "didban.sqlite"
    with open_store(str(path)) as store:
        for doc in (build_meeting_doc(), build_other_doc()):
            store.upsert_document(doc)
    return path


def _client(app):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def app(db_path):
    from didban.server import create_app

    return create_app(str(db_path), token=TOKEN, max_body=50_000)


@pytest.fixture(scope="module")
def client(app):
    with _client(app) as c:
        yield c


def db_fingerprint(db: Path) -> tuple:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'doc_fts%' ORDER BY name")]
        return tuple((t, conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables)
    finally:
        conn.close()


# --- schemathesis --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def api_schema(served):
    """The spec as a real `didban serve` (no token: read-only) publishes it; requests go over loopback."""
    port, _ = served
    return schemathesis.openapi.from_url(f"http://127.0.0.1:{port}/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@fuzz(25)
def test_openapi_no_5xx_and_one_error_shape(case, db_path):
    """Every operation of the spec with generated (valid and invalid) parameters, schemathesis' boundary cases
    included: never a 5xx; every 4xx in the error shape. The server has no token, so writes must all be refused."""
    count_input("api-request")
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, case.query, response.text[:500])
    if response.status_code >= 400:
        assert_error_shape(response)
    if case.method.upper() == "POST" and case.path == "/api/documents":
        assert response.status_code == 401


# --- the write endpoint ---------------------------------------------------------------------------------------------

ARTICLE = {"text": "هاکان فیدان وزیر خارجه ترکیه روز دوشنبه در آنکارا با عباس عراقچی دیدار کرد.",
           "title": "دیدار", "published": "2025-03-10"}


@pytest.mark.parametrize("headers", [
    {},                                              # no token
    {"Authorization": "Bearer wrong"},               # wrong token
    {"Authorization": f"Bearer {TOKEN}x"},           # the token plus one character
    {"Authorization": f"Bearer {TOKEN[:-1]}"},       # a prefix of the token
    {"Authorization": f"Basic {TOKEN}"},             # right value, wrong scheme
    {"Authorization": TOKEN},                        # no scheme
    {"X-Token": TOKEN},                              # another header
], ids=["none", "wrong", "longer", "prefix", "basic", "bare", "other-header"])
def test_write_is_refused_without_the_right_token(client, db_path, headers):
    before = db_fingerprint(db_path)
    response = client.post("/api/documents", json=ARTICLE, headers=headers)
    assert response.status_code == 401
    assert_error_shape(response)
    assert response.json()["error"]["code"] == "E502"
    assert db_fingerprint(db_path) == before


def test_write_with_the_right_token_is_accepted(tmp_path):
    from didban.server import create_app

    with _client(create_app(str(tmp_path / "w.sqlite"), token=TOKEN)) as c:
        response = c.post("/api/documents", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 201, response.text
        again = c.post("/api/documents", json=ARTICLE, headers={"Authorization": f"bearer  {TOKEN} "})
        assert again.status_code == 200 and again.json()["status"] == "unchanged"
        assert c.get("/api/stats").json()["documents"] == 1


def test_a_server_without_a_token_is_read_only(db_path):
    from didban.server import create_app

    with _client(create_app(str(db_path))) as c:
        for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Bearer None"}):
            response = c.post("/api/documents", json=ARTICLE, headers=headers)
            assert response.status_code == 401
            assert_error_shape(response)


def test_the_token_is_compared_in_constant_time():
    import inspect

    from didban.server import app as server_app

    assert "hmac.compare_digest" in inspect.getsource(server_app._authorise)


# --- limits ---------------------------------------------------------------------------------------------------------

def test_request_size_limit(client, db_path):
    before = db_fingerprint(db_path)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = {"text": "عراقچی با لاوروف دیدار کرد. " * 3000}  # ~150 KB > the 50 KB limit of this app
    response = client.post("/api/documents", json=big, headers=auth)
    assert response.status_code == 413 and response.json()["error"]["code"] == "E503"

    def chunks():  # no Content-Length: the body is counted while it streams
        for _ in range(100):
            yield b"x" * 1000

    response = client.post("/api/documents", content=chunks(), headers={**auth, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert_error_shape(response)
    assert db_fingerprint(db_path) == before


@pytest.mark.parametrize("path", ["/api/events", "/api/documents", "/api/entities", "/api/search?q=x&",
                                  "/api/network"])
@pytest.mark.parametrize("limit,status", [(500, 200), (501, 422), (10**9, 422), (0, 422), (-1, 422)])
def test_page_size_limit(client, path, limit, status):
    sep = "" if path.endswith("&") else "?"
    response = client.get(f"{path}{sep}limit={limit}")
    assert response.status_code == status, response.text[:300]
    if status >= 400:
        assert_error_shape(response)


# --- SQL injection --------------------------------------------------------------------------------------------------

SQL_FRAGMENTS = ["' OR '1'='1", "\" OR \"\"=\"", "'; DROP TABLE documents; --", "1; DELETE FROM events",
                 "' UNION SELECT id, text FROM documents --", "%' OR 1=1 --", "\\'", "' AND sleep(5) --",
                 "عراقچی' OR 'a'='a", "*", "%", "_", "NEAR(a b)", "a OR b", "\"unterminated", "docs:*",
                 "); DROP TABLE events; --", "\x00", "' || (SELECT sqlite_version()) || '"]
FILTERED = [("/api/events", ["actor", "country", "type", "cameo", "since", "until", "place", "doc"]),
            ("/api/entities", ["name", "type", "country"]), ("/api/search", ["q"]),
            ("/api/network", ["actor", "place"]), ("/api/timeline", ["actor", "country"])]


@pytest.mark.parametrize("fragment", SQL_FRAGMENTS)
def test_sql_fragments_in_filters_are_just_text(client, db_path, fragment):
    before = db_fingerprint(db_path)
    for path, params in FILTERED:
        for param in params:
            response = client.get(path, params={param: fragment})
            assert response.status_code < 500, (path, param, response.text[:300])
            if response.status_code >= 400:
                assert_error_shape(response)
            elif "items" in response.json() and param != "q" and fragment != "_":  # "_" is in kb ids (q_...)
                assert response.json()["items"] == [], (path, param, "an injected filter widened the query")
    for doc_id in (fragment, "x' OR '1'='1"):
        response = client.get(f"/api/documents/{quote(doc_id, safe='')}")
        assert response.status_code in (404, 422), response.text[:300]
    assert db_fingerprint(db_path) == before


@fuzz(150)
@given(value=st.text(st.sampled_from("'\";-*%_()=|\\/ORANDSELECTUNION0123 عراقچی\u200c\x00"), max_size=40),
       param=st.sampled_from(["actor", "place", "country", "cameo", "type", "since", "q", "name"]))
def test_random_filter_strings_never_fail_the_server(client, value, param):
    count_input("api-filter")
    path = {"q": "/api/search", "name": "/api/entities"}.get(param, "/api/events")
    response = client.get(path, params={param: value})
    assert response.status_code < 500, (param, value, response.text[:300])
    if response.status_code >= 400:
        assert_error_shape(response)


# --- CORS ----------------------------------------------------------------------------------------------------------

def test_no_cors_headers_by_default(client):
    origin = {"Origin": "https://evil.example"}
    response = client.get("/api/stats", headers=origin)
    assert response.status_code == 200
    assert not any(h.lower().startswith("access-control-") for h in response.headers)
    preflight = client.options("/api/events", headers={**origin, "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers
    assert preflight.status_code >= 400


def test_cors_only_for_the_origin_given(db_path):
    from didban.server import create_app

    with _client(create_app(str(db_path), cors_origins=["https://ok.example"])) as c:
        assert c.get("/api/stats", headers={"Origin": "https://ok.example"}).headers[
            "access-control-allow-origin"] == "https://ok.example"
        assert "access-control-allow-origin" not in c.get("/api/stats", headers={"Origin": "https://evil.example"}
                                                          ).headers


# --- a real `didban serve` on loopback: binding, raw-path traversal, smoke load --------------------------------------

@pytest.fixture(scope="module")
def served(db_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "didban", "serve", "--db", str(db_path), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_listening(proc, port)
        yield port, proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port`, from /proc/net/tcp and tcp6 (state 0A = LISTEN)."""
    found = set()
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_serve_binds_to_loopback_by_default(served):
    from didban.server.cli import serve

    port, _ = served
    assert {p.name: p.default for p in serve.params}["host"] == "127.0.0.1"
    addresses = _listening_addresses(port)
    if not addresses:
        pytest.skip("/proc/net/tcp is not readable here")
    assert addresses == {"0100007F"}, f"listening on {addresses}, expected 127.0.0.1 only"


def raw_get(port: int, target: str) -> tuple[int, bytes]:
    """Send the request line exactly as given (no client-side normalisation of '..' or '%2e')."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


TRAVERSALS = ["/static/../../../../etc/passwd", "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
              "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/%252e%252e/%252e%252e/etc/passwd",
              "/static/..\\..\\..\\etc\\passwd", "/static/....//....//....//etc/passwd", "/static//etc/passwd",
              "/static/%2F..%2F..%2Fetc%2Fpasswd", "/../../../../etc/passwd", "/static/..%c0%af..%c0%afetc/passwd",
              "/static/../server/app.py", "/static/..%2fserver%2fapp.py", "/static/%2e%2e/%2e%2e/pyproject.toml",
              "/api/documents/..%2f..%2f..%2fetc%2fpasswd", "/static/index.html%00.png"]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_no_path_traversal(served, target):
    port, _ = served
    status, body = raw_get(port, target)
    assert b"root:" not in body and b"create_app" not in body and b"[project]" not in body, (target, status)
    assert status in (400, 404, 422), (target, status, body[:200])


def test_smoke_load_on_loopback(served):
    """A few dozen requests over a real socket, all answered (the measured load test is in benchmarks/)."""
    import httpx

    port, proc = served
    endpoints = ["/api/events", "/api/documents", "/api/entities", "/api/search?q=" + "دیدار", "/api/network",
                 "/api/timeline", "/api/stats", f"/api/events?doc={build_meeting_doc().id}"]
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
        for _ in range(5):
            for path in endpoints:
                response = http.get(path)
                assert response.status_code == 200, (path, response.text[:300])
                json.loads(response.text)
    assert proc.poll() is None
