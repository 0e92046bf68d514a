"""The store: round trips, idempotent upserts, one transaction per document, migrations — on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from didban.document import Entity
from didban.errors import DidbanError

CHILD_TABLES = ("sentences", "segments", "entities", "entity_names", "mentions", "events", "participants", "evidence")


def counts(store) -> dict:
    return {t: store.count(t) for t in ("documents", *CHILD_TABLES)}


def test_round_trip_gives_back_the_same_document(store, meeting_doc):
    assert store.upsert_document(meeting_doc) == "new"
    back = store.get_document(meeting_doc.id)
    assert back.to_dict() == meeting_doc.to_dict()
    # fields to_dict leaves out survive too
    assert back.mentions == meeting_doc.mentions and back.entities == meeting_doc.entities
    assert back.events == meeting_doc.events


def test_second_upsert_changes_nothing(store, meeting_doc, other_doc):
    assert [store.upsert_document(d) for d in (meeting_doc, other_doc)] == ["new", "new"]
    before = counts(store)
    assert [store.upsert_document(d) for d in (meeting_doc, other_doc)] == ["unchanged", "unchanged"]
    assert counts(store) == before
    assert before["documents"] == 2 and before["events"] == 4 and before["evidence"] == 8


def test_changed_extraction_replaces_the_rows(store, meeting_doc):
    store.upsert_document(meeting_doc)
    meeting_doc.events = meeting_doc.events[:1]
    assert store.upsert_document(meeting_doc) == "updated"
    assert store.count("events") == 1 and store.count("evidence") == 2
    assert store.get_document(meeting_doc.id).events == meeting_doc.events


def test_the_same_text_from_another_path_keeps_the_first_source(store, meeting_doc):
    store.upsert_document(meeting_doc)
    meeting_doc.source = "elsewhere/copy.txt"
    assert store.upsert_document(meeting_doc) == "unchanged"
    assert store.get_document(meeting_doc.id).source == "irna.txt"


def test_a_failing_document_leaves_no_rows(store, meeting_doc, other_doc):
    store.upsert_document(other_doc)
    before = counts(store)
    # two entities with one id break the primary key half-way through the document's rows
    meeting_doc.entities.append(Entity("e0", "PER", "تکراری"))
    with pytest.raises(DidbanError) as info:
        store.upsert_document(meeting_doc)
    assert info.value.code.name == "E901"  # a bug in the stage that made the rows, not in the database
    assert counts(store) == before and not store.has_document(meeting_doc.id)


def test_unknown_document_is_e404(store):
    with pytest.raises(DidbanError) as info:
        store.get_document("0000000000000000")
    assert info.value.code.name == "E404"


def test_iter_documents_yields_each_once(store, meeting_doc, other_doc):
    for d in (meeting_doc, other_doc, meeting_doc):
        store.upsert_document(d)
    assert sorted(d.id for d in store.iter_documents()) == sorted([meeting_doc.id, other_doc.id])


def test_migrations_are_recorded_once(db_url):
    from sqlalchemy import select

    from didban.store import open_store
    from didban.store import schema as s

    for _ in range(2):
        st = open_store(db_url)
        st.close()
    with st.engine.connect() as conn:
        versions = conn.execute(select(s.migrations.c.version)).scalars().all()
    st.engine.dispose()
    assert versions == [v for v, _, _ in s.MIGRATIONS]


def test_a_newer_database_is_refused_with_e403(db_url):
    from didban.store import open_store
    from didban.store import schema as s

    st = open_store(db_url)
    with st.engine.begin() as conn:
        conn.execute(s.migrations.insert().values(version=s.LATEST + 1, description="future", applied_at=s.now()))
    st.close()
    with pytest.raises(DidbanError) as info:
        open_store(db_url)
    assert info.value.code.name == "E403"


@pytest.mark.parametrize("url, expected", [
    ("data/x.sqlite", "sqlite:///"),  # a bare path is a SQLite file
    ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
    ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),  # psycopg 3 driver
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
])
def test_database_urls(url, expected):
    from didban.store.engine import normalize_url

    assert normalize_url(url)[0].startswith(expected)


def test_default_db_is_didban_sqlite_or_env(monkeypatch, tmp_path):
    from didban.store import default_db_url

    monkeypatch.delenv("DIDBAN_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_db_url() == f"sqlite:///{tmp_path / 'didban.sqlite'}"
    monkeypatch.setenv("DIDBAN_DB", str(tmp_path / "other.db"))
    assert default_db_url() == f"sqlite:///{tmp_path / 'other.db'}"


def test_unopenable_database_is_e401(tmp_path):
    from didban.store import open_store

    with pytest.raises(DidbanError) as info:
        open_store(str(tmp_path / "no" / "such" / "folder" / "x.sqlite"))
    assert info.value.code.name == "E401"
    with pytest.raises(DidbanError) as info:
        open_store("mysql://x@y/z")
    assert info.value.code.name == "E401"


def test_two_writers_storing_the_same_documents_at_once(db_url, meeting_doc, other_doc):
    """Parallel writers (threads here, processes in real life) never fail or duplicate on the same document."""
    from concurrent.futures import ThreadPoolExecutor

    from didban.store import open_store

    stores = [open_store(db_url) for _ in range(2)]
    try:
        def write(store):
            return [store.upsert_document(d) for d in (meeting_doc, other_doc, meeting_doc)]

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(write, stores))
        statuses = sorted(s for r in results for s in r)
        assert statuses.count("new") == 2 and statuses.count("unchanged") == 4
        assert stores[0].count("documents") == 2 and stores[0].count("events") == 4
    finally:
        for st in stores:
            st.close()


def test_importing_the_store_package_stays_light():
    import subprocess
    import sys

    code = "import sys, didban.store; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"  # SQLAlchemy loads when a store is opened, not on import


@pytest.mark.postgres
def test_a_pooled_postgresql_connection_dropped_while_idle_is_replaced_at_checkout(pg_url, meeting_doc, monkeypatch):
    """No ping before every checkout (a round trip per page): a connection idle in the pool for more than
    IDLE_PING seconds is pinged, and one the server dropped is replaced there; the query never sees it. One dropped
    while in recent use fails a single statement, and the pool is renewed for the next."""
    import psycopg
    from sqlalchemy.exc import DBAPIError

    from didban.store import engine as engine_module, open_store
    from pg_support import pg_url_or_skip

    def drop_pooled(store):
        with store.engine.connect() as conn:
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        with psycopg.connect(pg_url_or_skip(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))

    with open_store(pg_url) as store:
        store.upsert_document(meeting_doc)
        store.engine.dispose()  # (the pool then holds only the connection drop_pooled uses)
        monkeypatch.setattr(engine_module, "IDLE_PING", 0.0)  # every connection counts as idle
        drop_pooled(store)
        assert store.query_events().total == len(meeting_doc.events)
        monkeypatch.setattr(engine_module, "IDLE_PING", 3600.0)  # never pinged
        drop_pooled(store)
        with pytest.raises(DBAPIError):
            store.count("documents")
        assert store.count("documents") == 1  # the pool was renewed
