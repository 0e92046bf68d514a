"""Aggregates over the two synthetic documents (SQLite and PostgreSQL): counts by dimension, facets, undated events,
labels, actor profiles, the export count columns, and `didban events --count-by`."""
from __future__ import annotations

import csv
import io
import json

import pytest

from didban.errors import DidbanError

# The two documents: a meeting Araghchi-Lavrov (040, 2025-03-07, in Tehran) and a praise by Lavrov (051, same day);
# the meeting again (040, 2025-03-08, another outlet) and a phone call Araghchi-Fidan (043, 2025-03-08).


def counts(store, by, **kw):
    from didban.store.aggregates import count_events

    with store.engine.connect() as conn:
        return list(count_events(conn, by, **kw))


def test_counts_by_day_type_and_month(filled_store):
    assert counts(filled_store, "day") == [{"day": "2025-03-07", "count": 2}, {"day": "2025-03-08", "count": 2}]
    assert counts(filled_store, ["type"]) == [{"type": "CONSULT", "count": 3}, {"type": "COOPERATE", "count": 1}]
    assert counts(filled_store, "month,root") == [{"month": "2025-03", "root": "04", "count": 3},
                                                  {"month": "2025-03", "root": "05", "count": 1}]


def test_counts_by_country_count_each_event_once_per_country(filled_store):
    rows = {r["country"]: r["count"] for r in counts(filled_store, "country")}
    assert rows == {"IRN": 4, "RUS": 3, "TUR": 1}  # Tehran (IRN) does not count the meeting twice for IRN
    # the filters narrow what is counted, as they narrow /api/events
    assert {r["country"]: r["count"] for r in counts(filled_store, "country", cameo="043")} == {"IRN": 1, "TUR": 1}


def test_dyads_sort_a_meetings_pair_and_keep_a_direction(filled_store):
    rows = {r["dyad"]: r["count"] for r in counts(filled_store, "dyad")}
    assert rows == {"IRN-RUS": 2, "IRN-TUR": 1, "RUS-?": 1}
    by_month = counts(filled_store, "month,dyad")
    assert by_month[0] == {"month": "2025-03", "dyad": "IRN-RUS", "count": 2}


def test_actors_with_their_own_country_and_top_per_group(filled_store):
    rows = counts(filled_store, "country,actor")
    assert [(r["country"], r["actor_name_en"], r["count"]) for r in rows] == [
        ("IRN", "Abbas Araghchi", 3), ("RUS", "Sergey Lavrov", 3), ("TUR", "Hakan Fidan", 1)]
    top = counts(filled_store, "day,actor", top=1)
    assert [(r["day"], r["count"]) for r in top] == [("2025-03-07", 2), ("2025-03-08", 2)]


def test_places_and_unmerged_reports(filled_store):
    rows = counts(filled_store, "place")
    assert {(r["place_name_en"], r["count"]) for r in rows} == {("Tehran", 2), (None, 2)}
    assert sum(r["count"] for r in counts(filled_store, "type", merged=False)) == 4


def test_unknown_or_repeated_dimension_is_a_clear_error(filled_store):
    for bad in ("weekday", "month,month", ""):
        with pytest.raises(DidbanError) as err:
            counts(filled_store, bad)
        assert err.value.code.name == "E201"


def test_facets_and_undated(filled_store):
    from didban.store.aggregates import facets, undated_events

    with filled_store.engine.connect() as conn:
        f = facets(conn, actor="Fidan")
        assert f["total"] == 1 and f["undated"] == 0
        assert f["type"] == [{"value": "CONSULT", "count": 1}] and f["root"] == [{"value": "04", "count": 1}]
        assert {c["value"] for c in f["country"]} == {"IRN", "TUR"}
        assert undated_events(conn).total == 0


def test_document_labels_fall_back_to_the_first_words(filled_store):
    from sqlalchemy import update

    from didban.store import schema as s
    from didban.store.aggregates import document_labels
    from store_samples import build_meeting_doc, build_other_doc

    meeting, other = build_meeting_doc(), build_other_doc()
    with filled_store.engine.begin() as conn:
        conn.execute(update(s.documents).where(s.documents.c.id == other.id).values(title=None))
    try:
        with filled_store.engine.connect() as conn:
            labels = document_labels(conn, [meeting.id, other.id], width=20)
        assert labels[meeting.id] == "دیدار عراقچی و لاوروف"
        assert labels[other.id] == "عراقچی و لاوروف…" and len(labels[other.id]) <= 21
    finally:
        with filled_store.engine.begin() as conn:
            conn.execute(update(s.documents).where(s.documents.c.id == other.id).values(title=other.title))


def test_actor_profile(filled_store):
    from didban.store.aggregates import actor_profile

    with filled_store.engine.connect() as conn:
        a = actor_profile(conn, "Araghchi")
        assert a["key"] == "kb:Q_araghchi" and a["code"] == "IRNGOV" and a["country"] == "IRN"
        assert a["num_events"] == 3 and (a["first_day"], a["last_day"]) == ("2025-03-07", "2025-03-08")
        assert a["by_type"] == [{"plover": "CONSULT", "root": "04", "count": 3}]
        lavrov, fidan = a["counterparts"]
        assert (lavrov["name_en"], lavrov["meetings"], lavrov["events"]) == ("Sergey Lavrov", 2, 2)
        assert (fidan["name_en"], fidan["first_day"]) == ("Hakan Fidan", "2025-03-08")
        assert a["offices"] == []  # Q_araghchi is no knowledge-base id
        assert actor_profile(conn, a["key"])["num_events"] == 3
        with pytest.raises(DidbanError):
            actor_profile(conn, "nobody at all")


def test_export_fields_count_mentions_over_a_cluster(filled_store):
    from didban.store.aggregates import add_export_fields
    from didban.store.results import flat_event
    from store_samples import build_meeting_doc, build_other_doc

    meeting, other = build_meeting_doc(), build_other_doc()
    filled_store.replace_clusters({meeting.events[0].id: "c1", other.events[0].id: "c1"})
    try:
        rows = filled_store.query_events(cameo="040")
        with filled_store.engine.connect() as conn:
            add_export_fields(conn, rows)
        row = flat_event(rows[0])
        assert (row["NumArticles"], row["NumSources"], row["NumMentions"]) == (2, 2, 2)
        assert str(row["DATEADDED"]).isdigit() and len(str(row["DATEADDED"])) == 14
        assert (row["Actor1Code"], row["Actor2Code"]) == ("IRNGOV", "RUSGOV")
    finally:
        filled_store.replace_clusters({})


def test_events_count_by_on_the_command_line(tmp_path):
    from click.testing import CliRunner

    from didban.cli import main
    from didban.store import open_store
    from store_samples import build_meeting_doc, build_other_doc

    db = str(tmp_path / "c.sqlite")
    with open_store(db) as st:
        for doc in (build_meeting_doc(), build_other_doc()):
            st.upsert_document(doc)
    run = CliRunner().invoke
    table = run(main, ["events", "--db", db, "--count-by", "month,dyad"])
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[1].split() == ["2025-03", "IRN-RUS", "2"]
    rows = list(csv.DictReader(io.StringIO(run(main, ["events", "--db", db, "--count-by", "type",
                                                      "--format", "csv"]).output)))
    assert rows == [{"type": "CONSULT", "count": "3"}, {"type": "COOPERATE", "count": "1"}]
    as_json = json.loads(run(main, ["events", "--db", db, "--count-by", "country", "--country", "TUR",
                                    "--format", "json"]).output)
    assert as_json == [{"country": "IRN", "count": 1}, {"country": "TUR", "count": 1}]
    bad = run(main, ["events", "--db", db, "--count-by", "weekday"])
    assert bad.exit_code == 2 and "E201" in bad.output and "Traceback" not in bad.output
