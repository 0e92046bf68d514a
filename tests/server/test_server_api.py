"""The HTTP API: read endpoints, pagination, the one error shape, and the token-protected write endpoint."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

TOKEN = "test-token-7f3a9c"  # the token tests/server/conftest.py starts the writer with


def assert_error(response, status: int, code: str) -> dict:
    """Every error has one shape: {"error": {"code", "message", "hint", ...}}."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and {"code", "message", "hint"} <= set(body["error"])
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def test_events_page_with_next_link(client):
    first = client.get("/api/events", params={"limit": 3, "merged": "false"}).json()
    assert first["total"] == 4 and len(first["items"]) == 3 and first["prev"] is None
    second = client.get(first["next"]).json()
    assert len(second["items"]) == 1 and second["next"] is None
    assert {e["id"] for e in first["items"]}.isdisjoint(e["id"] for e in second["items"])


@pytest.mark.parametrize("params, expected", [
    ({"cameo": "04"}, 3),  # CAMEO prefix
    ({"actor": "لاوروف"}, 3),  # Persian name
    ({"actor": "Lavrov", "type": "COOPERATE"}, 1),  # English name and PLOVER type
    ({"country": "TUR"}, 1),
    ({"since": "2025-03-08"}, 2),
    ({"place": "Tehran"}, 2),
])
def test_event_filters(client, params, expected):
    assert client.get("/api/events", params={**params, "merged": "false"}).json()["total"] == expected


def test_one_event_with_evidence_and_sentences(client, meeting_id):
    ev_id = client.get("/api/events", params={"doc": meeting_id, "cameo": "040"}).json()["items"][0]["id"]
    ev = client.get(f"/api/events/{ev_id}").json()
    assert ev["evidence"][0]["text"] == "دیدار" and ev["sentences"][0]["start"] == 0
    assert ev["actors"][0]["name"] == "عباس عراقچی"


def test_document_with_text_and_highlights(client, meeting_id):
    doc = client.get(f"/api/documents/{meeting_id}").json()
    assert len(doc["events"]) == 2
    for mark in doc["highlights"]:  # every highlight points into the original text
        assert doc["text"][mark["start"]:mark["end"]] in ("دیدار", "تمجید", "عراقچی", "لاوروف")
    assert sum(1 for m in doc["highlights"] if m["label"] == "trigger") == 2


def test_entities_search_network_timeline(client):
    ents = client.get("/api/entities", params={"country": "RUS"}).json()["items"]
    assert [e["name_en"] for e in ents] == ["Sergey Lavrov"]
    hits = client.get("/api/search", params={"q": "گفتوگو"}).json()
    assert hits["total"] == 2
    net = client.get("/api/network", params={"cameo": "04"}).json()
    assert {e["weight"] for e in net["edges"]} == {2, 1} and len(net["nodes"]) == 3
    days = client.get("/api/timeline").json()["items"]
    assert sum(d["count"] for d in days) == 4


def test_json_is_not_ascii_escaped(client):
    assert "عراقچی" in client.get("/api/entities").text


def test_documentation_endpoints(client):
    spec = client.get("/openapi.json").json()
    assert "/api/events" in spec["paths"] and "/api/documents/{doc_id}" in spec["paths"]
    assert client.get("/docs").status_code == 200 and client.get("/redoc").status_code == 200


@pytest.mark.parametrize("method, url, status, code", [
    ("get", "/api/nowhere", 404, "E404"),  # unknown route
    ("get", "/api/events/no-such-event", 404, "E404"),  # unknown id
    ("get", "/api/documents/0000000000000000", 404, "E404"),
    ("delete", "/api/events", 405, "E501"),  # wrong method
    ("get", "/api/events?colour=red", 400, "E501"),  # unknown query parameter
    ("get", "/api/events?since=2025-02-30", 400, "E202"),  # malformed date
    ("get", "/api/events?until=soon", 400, "E202"),
    ("get", "/api/events?limit=501", 422, "E501"),  # page size over the limit
    ("get", "/api/events?limit=abc", 422, "E501"),  # validation error
    ("get", "/api/events?cameo=04%27%20OR%201=1", 422, "E501"),  # too long for a CAMEO code
    ("get", "/api/events?cameo=0x", 400, "E201"),  # not digits
    ("get", "/api/search?q=", 422, "E501"),
    ("get", "/api/documents/..%2F..%2Fetc%2Fpasswd", 404, "E404"),  # no file is ever read from a path
])
def test_errors_have_one_shape(client, method, url, status, code):
    assert_error(getattr(client, method)(url), status, code)


def test_sql_in_a_filter_is_only_a_value(client):
    body = client.get("/api/events", params={"actor": "x' OR '1'='1"}).json()
    assert body["total"] == 0
    assert client.get("/api/stats").json()["documents"] == 2


def test_writing_is_disabled_without_a_token(client):
    assert_error(client.post("/api/documents", json={"text": "عراقچی با لاوروف دیدار کرد."}), 401, "E502")


def test_writing_needs_the_exact_token(writer):
    text = {"text": "عراقچی با لاوروف در تهران دیدار کرد.", "published": "2025-03-07"}
    assert_error(writer.post("/api/documents", json=text), 401, "E502")
    assert_error(writer.post("/api/documents", json=text, headers={"Authorization": "Bearer wrong"}), 401, "E502")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    first = writer.post("/api/documents", json=text, headers=auth)
    assert first.status_code == 201 and first.json()["status"] == "new"
    again = writer.post("/api/documents", json=text, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    assert writer.get(f"/api/documents/{first.json()['id']}").json()["published"] == "2025-03-07"


@pytest.mark.parametrize("body, status, code", [
    (b"x" * 30_000, 413, "E503"),  # over the server's size limit
    (b"not json", 400, "E501"),
    (b'{"html": "<p>x</p>"}', 400, "E501"),  # no text
    (b'{"text": "   "}', 400, "E105"),  # empty
    (b'{"text": "\\u0633\\u0644\\u0627\\u0645", "title": 5}', 400, "E110"),  # wrong type
    (b'{"text": "/etc/passwd"}', 201, None),  # a path is only text: stored as text, never opened
])
def test_bad_documents_are_refused(writer, body, status, code):
    response = writer.post("/api/documents", content=body,
                           headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    if code:
        assert_error(response, status, code)
    else:
        assert response.status_code == status
        assert writer.get(f"/api/documents/{response.json()['id']}").json()["text"] == "/etc/passwd"


def test_cors_is_off_by_default(client):
    response = client.get("/api/stats", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in response.headers


def test_serve_binds_loopback_by_default():
    from didban.server.cli import serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"


@pytest.mark.parametrize("url", [
    "/static/%2e%2e/%2e%2e/store/core.py",  # dot-dot, encoded
    "/static/..%2F..%2Fpyproject.toml",
    "/static/nothing.js",
])
def test_static_files_stay_inside_the_web_folder(client, url):
    assert_error(client.get(url), 404, "E404")


def test_the_page_and_its_files_are_served(client):
    import re

    page = client.get("/")
    assert page.status_code == 200 and 'dir="rtl"' in page.text and "/static/js/app.js" in page.text
    # everything the page names is served from here (the vendored libraries too)
    linked = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert len(linked) >= 4 and all(client.get(url).status_code == 200 for url in linked)
    # no external address in didban's own files (the vendored ones are checked in tests/web/test_web_vendor.py)
    from didban.server.app import STATIC

    own = [STATIC / "index.html", STATIC / "app.css", *sorted(STATIC.glob("*.js")), *sorted((STATIC / "js").glob("*.js"))]
    assert len(own) >= 8
    for path in own:
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text, path
        assert client.get("/static/" + path.relative_to(STATIC).as_posix()).status_code == 200


@pytest.mark.postgres
def test_the_api_over_postgresql():
    import warnings

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
    from pg_support import fresh_pg_schema
    from store_samples import build_meeting_doc

    from didban.server import create_app
    from didban.store import open_store

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    with fresh_pg_schema() as url:
        with open_store(url) as store:
            store.upsert_document(build_meeting_doc())
        with TestClient(create_app(url)) as c:
            body = c.get("/api/events", params={"actor": "Araghchi"}).json()
            assert body["total"] == 1 and body["items"][0]["cameo"] == "040"
            assert c.get("/api/search", params={"q": "گفتوگو"}).json()["total"] == 1


def test_events_pages_by_cursor(client):
    """`next` goes on by cursor (issue 17): the pages cover the list once; the count says whether it stopped."""
    seen, url = [], "/api/events?limit=1&merged=false"
    while url:
        body = client.get(url).json()
        assert body["count_capped"] is False and body["total"] == 4
        seen += [e["id"] for e in body["items"]]
        assert (body["next"] is None) == (body["cursor"] is None)
        url = body["next"]
        assert url is None or ("cursor=" in url and "offset=" not in url)
    assert len(seen) == len(set(seen)) == 4
    assert_error(client.get("/api/events", params={"cursor": "garbage"}), 400, "E201")


def test_options_in_the_body_are_honoured(writer):
    """Every pipeline setting reaches POST /api/documents through "options", as at every other door."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    text = {"text": "عراقچی با لاوروف در تهران دیدار و گفت‌وگو کرد.", "published": "2025-03-07"}
    strict = writer.post("/api/documents", json={**text, "options": {"min_confidence": 1.0, "tagger": False}},
                         headers=auth)
    assert strict.status_code == 201, strict.text
    assert writer.get(f"/api/documents/{strict.json()['id']}").json()["events"] == []
    default = writer.post("/api/documents", json=text, headers=auth)
    assert default.json()["id"] == strict.json()["id"] and default.json()["status"] == "updated"
    assert writer.get(f"/api/documents/{default.json()['id']}").json()["events"]


@pytest.mark.parametrize("options, says", [
    ({"tager": False}, "tagger"),  # a misspelt setting: refused, the closest named
    ({"on_error": "skip"}, "on_error"),  # not a user's setting over HTTP
    ({"min_confidence": 2}, "min_confidence"),  # a setting's value is checked as everywhere
    ({"home_country": "Germny"}, "Germany"),
])
def test_bad_options_are_refused_in_the_one_error_shape(writer, options, says):
    response = writer.post("/api/documents", json={"text": "عراقچی با لاوروف دیدار کرد.", "options": options},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    error = assert_error(response, 400, "E205" if "home_country" in options else "E201")
    assert says in error["message"] + error["hint"]


def test_event_list_body_is_the_json_dumps_bytes(client):
    """The event list is encoded by orjson: the same bytes json.dumps gives (compact, UTF-8, never ASCII-escaped)."""
    import json

    for params in ({}, {"limit": 1}, {"merged": "false"}, {"actor": "ظریف"}):
        response = client.get("/api/events", params=params)
        assert response.status_code == 200 and response.headers["content-type"] == "application/json"
        body = response.content
        assert body == json.dumps(response.json(), ensure_ascii=False, separators=(",", ":")).encode()
    assert "\\u" not in client.get("/api/events").text  # Persian text as UTF-8, not \\u escapes


def test_page_response_falls_back_to_json_dumps():
    """A value orjson refuses (an integer beyond 64 bits) is still encoded, by json.dumps."""
    from didban.server.app import PageResponse

    assert PageResponse({"n": 2**70, "s": "تهران"}).body == '{"n":1180591620717411303424,"s":"تهران"}'.encode()


@pytest.mark.parametrize("query", [
    "",  # no parameters: the links carry offset and limit (and the cursor)
    "limit=1",  # the page size kept in every link
    "actor=%D8%B8%D8%B1%DB%8C%D9%81&limit=1",  # a Persian value, percent-encoded again
    "offset=1&limit=1",  # offset replaced in next/prev; dropped from the cursor link
    "limit=1&offset=0&limit=1",  # a repeated parameter collapses to one, at the end, as Starlette's URL does
    "since=&limit=1",  # a blank value kept
    "type=CONSULT&limit=1&merged=true",  # parameters kept in their order before the replaced ones
])
def test_event_links_match_starlettes_url_helpers(query):
    """The links are built from the query parsed once; they are what Starlette's include/remove_query_params give."""
    from starlette.requests import Request

    from didban.server.app import event_page_links

    class Rows:
        offset, limit, total, count_capped, next_cursor = 1, 1, 10, False, "c/+="

    request = Request({"type": "http", "method": "GET", "path": "/api/events", "root_path": "", "headers": [],
                       "query_string": query.encode(), "scheme": "http", "server": ("127.0.0.1", 80)})

    def starlette_link(url):
        return f"{url.path}?{url.query}"

    expected_next = starlette_link(request.url.remove_query_params("offset").include_query_params(cursor="c/+="))
    expected_prev = starlette_link(request.url.include_query_params(offset=0, limit=1))
    links = event_page_links(request, Rows())
    assert links["next"] == expected_next
    assert links["prev"] == expected_prev
