"""The store's read methods for the server, the CLI and exports (didban.store.listing), on SQLite and PostgreSQL: the
document list, fingerprints, the database's name for people, and the aggregates answered through the store."""
from __future__ import annotations

import pytest

from didban.errors import DidbanError

# The two documents: the meeting article (irna, 2025-03-07, 2 events) and the other (2025-03-08, 2 events).


def test_list_documents_newest_first_with_their_event_counts(store, meeting_doc, other_doc):
    undated = meeting_doc.__class__(text="متنی بی‌تاریخ.", title=None, source="x.txt")
    for doc in (meeting_doc, other_doc, undated):
        store.upsert_document(doc)
    rows = store.list_documents()
    assert [r["id"] for r in rows] == [other_doc.id, meeting_doc.id, undated.id]  # undated last
    assert rows.total == 3 and (rows.limit, rows.offset) == (50, 0)
    assert [r["num_events"] for r in rows] == [2, 2, 0]
    assert set(rows[0]) == {"id", "title", "outlet", "published", "url", "source", "num_events"}
    assert rows[1]["title"] == meeting_doc.title and rows[1]["outlet"] == "irna"
    second = store.list_documents(limit=1, offset=1)
    assert [r["id"] for r in second] == [meeting_doc.id] and second.total == 3


def test_list_documents_refuses_a_page_out_of_bounds(store):
    for limit, offset in ((0, 0), (10_001, 0), (10, -1)):
        with pytest.raises(DidbanError) as err:
            store.list_documents(limit, offset)
        assert err.value.code.name == "E201"


def test_a_fingerprint_changes_when_the_document_is_stored_changed(store, meeting_doc):
    store.upsert_document(meeting_doc)
    before = store.document_fingerprint(meeting_doc.id)
    assert len(before) == 64
    meeting_doc.events = meeting_doc.events[:1]
    assert store.upsert_document(meeting_doc) == "updated"
    assert store.document_fingerprint(meeting_doc.id) not in ("", before)
    with pytest.raises(DidbanError) as err:
        store.document_fingerprint("no-such-document")
    assert err.value.code.name == "E404"


def test_location_names_the_file_or_the_url_without_its_password(store, tmp_path):
    shown = store.location()
    if store.dialect == "sqlite":
        assert shown == str(tmp_path / "didban.sqlite")
    else:
        assert shown == store.url and shown.startswith("postgresql")  # the test server has no password
    store.url = "postgresql+psycopg://me:secret@db.example/news"  # what a message would show of another URL
    assert store.location() == "postgresql+psycopg://me:***@db.example/news"


def test_now_is_utc_to_the_second(store):
    stamp = store.now()
    assert stamp.endswith("+00:00") and len(stamp) == len("2026-01-01T00:00:00+00:00")


def test_aggregates_through_the_store_answer_as_on_a_connection(filled_store):
    from didban.store import aggregates

    with filled_store.engine.connect() as conn:
        by_conn = {
            "counts": list(aggregates.count_events(conn, ["month", "dyad"])),
            "facets": aggregates.facets(conn, actor="Fidan"),
            "profile": aggregates.actor_profile(conn, "Araghchi"),
            "labels": aggregates.document_labels(conn, filled_store.document_ids()),
        }
    assert list(filled_store.count_events(["month", "dyad"])) == by_conn["counts"] != []
    assert filled_store.facets(actor="Fidan") == by_conn["facets"] and by_conn["facets"]["total"] == 1
    assert filled_store.actor_profile("Araghchi") == by_conn["profile"]
    assert filled_store.document_labels(filled_store.document_ids()) == by_conn["labels"]
    assert filled_store.undated_events().total == 0
    with pytest.raises(DidbanError):
        filled_store.actor_profile("nobody at all")


def test_export_pages_carry_the_export_fields(filled_store):
    pages = list(filled_store.iter_export_pages(page=3))
    assert [len(p) for p in pages] == [3, 1]  # four reports, merged=False
    assert all(ev["num_mentions"] >= 1 and ev["document"]["ingested_at"] for p in pages for ev in p)
    rows = filled_store.add_export_fields(list(filled_store.query_events(cameo="043")))
    assert rows[0]["num_mentions"] == 1
