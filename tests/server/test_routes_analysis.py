"""/api/aggregate, /api/facets, /api/actor, /api/labels, /api/undated, /api/download over the two synthetic documents."""
from __future__ import annotations

import csv
import io
import json


def test_aggregate_counts_with_the_event_filters(client):
    body = client.get("/api/aggregate", params={"by": "month,dyad"}).json()
    assert body["by"] == ["month", "dyad"]
    assert {(r["month"], r["dyad"]): r["count"] for r in body["items"]} == {
        ("2025-03", "IRN-RUS"): 2, ("2025-03", "IRN-TUR"): 1, ("2025-03", "RUS-?"): 1}
    quad = client.get("/api/aggregate", params={"by": "day,type", "cameo": "04"}).json()["items"]
    assert [(r["day"], r["type"], r["count"]) for r in quad] == [("2025-03-07", "CONSULT", 1),
                                                                 ("2025-03-08", "CONSULT", 2)]


def test_aggregate_errors_are_the_one_json_shape(client):
    r = client.get("/api/aggregate", params={"by": "weekday"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E201" and "month" in r.json()["error"]["hint"]
    r = client.get("/api/aggregate", params={"by": "type", "sinse": "2025-01-01"})
    assert r.status_code == 400 and "sinse" in r.json()["error"]["message"]
    assert client.get("/api/aggregate").status_code == 422  # `by` is required


def test_facets_follow_the_filters(client):
    all_ = client.get("/api/facets").json()
    assert all_["total"] == 4 and all_["undated"] == 0
    assert all_["country"][0] == {"value": "IRN", "count": 4}
    turkey = client.get("/api/facets", params={"country": "TUR"}).json()
    assert turkey["total"] == 1 and turkey["root"] == [{"value": "04", "count": 1}]


def test_actor_profile_and_unknown_actor(client):
    a = client.get("/api/actor", params={"key": "Lavrov"}).json()
    assert (a["name_en"], a["code"], a["num_events"]) == ("Sergey Lavrov", "RUSGOV", 3)
    assert {c["name_en"] for c in a["counterparts"]} == {"Abbas Araghchi"}
    missing = client.get("/api/actor", params={"key": "nobody at all"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "E404"


def test_labels_and_undated(client, meeting_id):
    labels = client.get("/api/labels", params=[("doc", meeting_id), ("doc", "nope")]).json()
    assert labels == {meeting_id: "دیدار عراقچی و لاوروف"}
    body = client.get("/api/undated").json()
    assert body["total"] == 0 and body["items"] == []


def test_download_gives_every_filtered_row(client):
    r = client.get("/api/download", params={"format": "csv", "cameo": "04"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="didban-events.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    listed = client.get("/api/events", params={"cameo": "04", "limit": 500}).json()
    assert sorted(row["event_id"] for row in rows) == sorted(ev["id"] for ev in listed["items"])
    assert {row["EventRootCode"] for row in rows} == {"04"} and rows[0]["Actor1Code"] == "IRNGOV"
    tsv = client.get("/api/download", params={"format": "tsv", "country": "TUR"}).text.splitlines()
    assert len(tsv) == 2 and tsv[0].startswith("event_id\tdoc_id\tSQLDATE")
    plover = [json.loads(line) for line in
              client.get("/api/download", params={"format": "plover", "actor": "Lavrov"}).text.splitlines()]
    assert len(plover) == 3 and all("Sergey Lavrov" in {a["name"] for a in p["actor"] + p["recipient"]} for p in plover)


def test_download_checks_its_filters_before_answering(client):
    r = client.get("/api/download", params={"format": "csv", "since": "2025-02-30"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E202"
    assert client.get("/api/download", params={"format": "xlsx"}).status_code == 422


def test_a_download_of_nothing_is_the_header_alone(client):
    r = client.get("/api/download", params={"format": "csv", "country": "NOR"})
    assert r.status_code == 200 and r.text.splitlines() == [r.text.splitlines()[0]]
    assert r.text.startswith("event_id,doc_id,SQLDATE")
    assert client.get("/api/download", params={"format": "plover", "country": "NOR"}).text == ""


def test_a_download_is_not_stopped_by_the_lists_counting_window(client, monkeypatch):
    """The event list counts broad filters over its first events only (issue 17); a download counts for real up to
    its limit, so a list whose count stopped early still downloads whole, and a list over the limit is refused."""
    from didban.server import routes_analysis
    from didban.store import queries

    monkeypatch.setattr(queries, "COUNT_WINDOW", 1)
    monkeypatch.setattr(queries, "DRIVE_CAP", 0)
    assert client.get("/api/events", params={"merged": "false"}).json()["count_capped"] is True
    rows = list(csv.DictReader(io.StringIO(client.get("/api/download", params={"merged": "false"}).text)))
    assert len(rows) == 4
    monkeypatch.setattr(routes_analysis, "MAX_DOWNLOAD", 3)
    error = client.get("/api/download", params={"merged": "false"})
    assert error.status_code == 400
    assert error.json()["error"]["code"] == "E501" and "more than 3" in error.json()["error"]["message"]
