"""The event list at scale (issue 17): keyset cursors, capped counts, the narrow-filter and page-walk plans giving the
same rows as the GROUP BY they replace, the migration that adds the indexes, and plans that use them."""
from __future__ import annotations

import re

import pytest
from store_samples import make_doc

from didban.errors import DidbanError
from didban.store import queries, schema as s

PEOPLE = [("عراقچی", "عباس عراقچی", "Abbas Araghchi", "IRN", "Q_araghchi"),
          ("لاوروف", "سرگئی لاوروف", "Sergey Lavrov", "RUS", "Q_lavrov"),
          ("فیدان", "هاکان فیدان", "Hakan Fidan", "TUR", "Q_fidan")]
TEHRAN = ("تهران", "تهران", "Tehran", "IRN", 35.69, 51.39)


def sample_docs(n: int = 18):
    """Articles over a few days (two on the same day, some undated), each with two or three events."""
    docs = []
    for i in range(n):
        a, b = PEOPLE[i % 3], PEOPLE[(i + 1) % 3]
        text = f"خبر {i}: {a[0]} با {b[0]} در تهران دیدار کرد و {b[0]} از {a[0]} تمجید کرد. {a[0]} هشدار داد."
        events = [("040", "CONSULT", a[0], b[0], "دیدار"), ("051", "COOPERATE", b[0], a[0], "تمجید")]
        if i % 2:
            events.append(("1305", "THREATEN", a[0], None, "هشدار"))
        published = None if i % 7 == 3 else f"2025-03-{1 + i // 2:02d}"
        docs.append(make_doc(text, title=f"خبر {i}", outlet=f"outlet{i % 4}", published=published,
                             people=[a, b], place=TEHRAN if i % 3 else None, events=events))
    return docs


@pytest.fixture()
def paged(store):
    docs = sample_docs()
    for doc in docs:
        store.upsert_document(doc)
    # the first two articles' meetings are one cluster, and article 5 repeats article 4
    store.replace_clusters({docs[0].events[0].id: "k1", docs[1].events[0].id: "k1", docs[2].events[1].id: "k2",
                            docs[3].events[1].id: "k2"})
    store.replace_duplicates({docs[5].id: docs[4].id})
    return store


FILTERS = [{}, {"actor": "لاوروف"}, {"actor": "avro"}, {"country": "TUR"}, {"country": "IRN"}, {"plover": "CONSULT"},
           {"cameo": "05"}, {"cameo": "1305"}, {"place": "Tehran"}, {"since": "2025-03-03"},
           {"until": "2025-03-04"}, {"since": "2025-03-02", "until": "2025-03-05", "actor": "Fidan"},
           {"country": "RUS", "plover": "COOPERATE"}]


def walk(store, page: int, **filters) -> list[tuple]:
    keys, cursor = [], None
    while True:
        rows = store.query_events(limit=page, cursor=cursor, **filters)
        keys += [(r["doc_id"], r["id"]) for r in rows]
        cursor = rows.next_cursor
        if cursor is None:
            return keys


def grouped_reps(store, merged: bool, **filters) -> set[str]:
    """What the list showed before issue 17: a GROUP BY over every match (kept for the timeline)."""
    from sqlalchemy import select

    with store.engine.connect() as conn:
        picked = queries._representatives(queries.EventFilters.build(**filters), merged)
        return set(conn.execute(select(picked.c.rep)).scalars())


PLANS = [pytest.param((0, False), id="page-walk"), pytest.param((10_000, False), id="narrow-filter"),
         pytest.param((0, True), id="filter-rows"), pytest.param((10_000, True), id="filter-rows-or-narrow")]
COMBINED = [{"actor": "عراقچی", "place": "Tehran"}, {"actor": "Lavrov", "country": "IRN", "cameo": "05"},
            {"country": "Tehran", "since": "2025-03-04"}, {"actor": "avro", "until": "2025-03-06", "plover": "CONSULT"},
            {"country": "Nowhere"}, {"actor": "a", "place": "تهران"}]


def use_plan(monkeypatch, plan) -> None:
    drive_cap, filter_rows = plan
    monkeypatch.setattr(queries, "DRIVE_CAP", drive_cap)
    monkeypatch.setattr(queries, "USE_FILTER_ROWS", filter_rows)


@pytest.mark.parametrize("plan", PLANS)
@pytest.mark.parametrize("merged", [True, False])
def test_every_plan_shows_what_the_group_by_showed(paged, monkeypatch, plan, merged):
    use_plan(monkeypatch, plan)
    for filters in FILTERS + COMBINED:
        rows = paged.query_events(limit=1000, merged=merged, **filters)
        assert {f"{r['doc_id']}/{r['id']}" for r in rows} == grouped_reps(paged, merged, **filters), filters
        assert rows.total == len(rows) and not rows.count_capped and rows.next_cursor is None
        days = [r["day"] or "" for r in rows]
        assert days == sorted(days, reverse=True), filters  # newest first, undated last


@pytest.mark.parametrize("plan", PLANS)
def test_cursor_pages_cover_the_list_once_in_order(paged, monkeypatch, plan):
    use_plan(monkeypatch, plan)
    for filters in ({}, {"actor": "عراقچی"}, {"until": "2025-03-06"}, {"country": "IRN", "since": "2025-03-02"}):
        whole = [(r["doc_id"], r["id"]) for r in paged.query_events(limit=1000, merged=False, **filters)]
        assert len(whole) > 7 and any(r["day"] is None for r in paged.query_events(limit=1000, merged=False)
                                      ) and walk(paged, 3, merged=False, **filters) == whole
        by_offset = [(r["doc_id"], r["id"]) for o in range(0, len(whole), 4)
                     for r in paged.query_events(limit=4, offset=o, merged=False, **filters)]
        assert by_offset == whole


def test_count_stops_at_the_cap_and_says_so(paged):
    everything = paged.query_events(limit=1000, merged=False)
    capped = paged.query_events(limit=2, merged=False, count_cap=5)
    assert (capped.total, capped.count_capped) == (5, True) and len(everything) > 5
    exact = paged.query_events(limit=2, merged=False, count_cap=len(everything))
    assert (exact.total, exact.count_capped) == (len(everything), False)


def test_export_pages_go_past_the_count_cap(paged, monkeypatch):
    from didban.store.aggregates import iter_export_pages

    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    exported = [ev["id"] for page in iter_export_pages(paged, page=4) for ev in page]
    assert len(exported) == len(set(exported)) == len(paged.query_events(limit=1000, merged=False, count_cap=10**6))


def test_a_bad_cursor_is_a_clear_error(paged):
    for bad in ("nonsense", "W10", queries.encode_cursor("2025-01-01", "x", 0)[:-3]):
        with pytest.raises(DidbanError) as err:
            paged.query_events(cursor=bad)
        assert err.value.code.name == "E201" and "cursor" in str(err.value)
    with pytest.raises(DidbanError, match="not both"):
        paged.query_events(cursor=queries.encode_cursor("2025-01-01", "x", 0), offset=5)


def test_name_keys_follow_new_documents(paged):
    """Part-of-a-name filters read the table of distinct keys: a trigger keeps it as documents come."""
    assert paged.query_events(actor="فیدا", merged=False).total > 0
    assert paged.query_events(actor="Naledi Pandor").total == 0
    assert paged.query_events(actor="pandor").total == 0  # (remembered per set of keys: a new key changes it)
    text = "ناledi: پاندور با عراقچی دیدار کرد."
    paged.upsert_document(make_doc(text, title="t", outlet="o", published="2025-04-01",
                                   people=[("پاندور", "نالدی پاندور", "Naledi Pandor", "ZAF", "Q_pandor"),
                                           PEOPLE[0]], events=[("040", "CONSULT", "پاندور", "عراقچی", "دیدار")]))
    assert paged.query_events(actor="pandor").total == 1
    assert paged.query_events(actor="pandor", place="Tehran").total == 0


def test_a_name_filter_reads_the_keys_once_until_one_is_added(paged):
    """The keys a part of a name matched are remembered while the store's stamp of its keys is unchanged (SQLite:
    the largest rowid of entity_name_keys; PostgreSQL: migration 7's entity_name_keys_stamp, read with the page's
    settings): later pages read no keys; a document adding a key (committed) changes the stamp, one adding none
    does not, and a rolled-back key leaves the keys as they were."""
    from sqlalchemy import event

    seen = []

    def log(conn, cursor, statement, *args):
        seen.append(statement)

    def key_reads(**filters) -> int:
        seen.clear()
        paged.query_events(limit=2, **filters)
        return sum("entity_name_keys" in q and "LIKE" in q.upper() for q in seen)

    queries._NAME_KEYS.clear()
    event.listen(paged.engine, "before_cursor_execute", log)
    try:
        assert key_reads(actor="avro") == 1 and key_reads(actor="avro") == 0
        assert key_reads(actor="avro", place="Tehran") == 1 and key_reads(actor="avro", place="Tehran") == 0
        docs = sample_docs(20)
        paged.upsert_document(docs[19])  # (no new name: the keys and their stamp unchanged)
        assert key_reads(actor="avro") == 0
        with paged.engine.begin() as conn:  # a key added, then rolled back: still the same keys
            nested = conn.begin_nested()
            conn.execute(s.entity_name_keys.insert().values(name_key="zzavroxx"))
            nested.rollback()
        assert key_reads(actor="avro") == 0
        text = "پاندور با لاوروف دیدار کرد."
        paged.upsert_document(make_doc(text, title="t", outlet="o", published="2025-04-02",
                                       people=[("پاندور", "نالدی پاندور", "Naledi Avrova", "ZAF", "Q_pandor"),
                                               PEOPLE[1]], events=[("040", "CONSULT", "پاندور", "لاوروف", "دیدار")]))
        assert key_reads(actor="avro") == 1
        assert {r["id"] for r in paged.query_events(limit=100, actor="avro", merged=False)} == \
            {r.split("/")[1] for r in grouped_reps(paged, False, actor="avro")}
    finally:
        event.remove(paged.engine, "before_cursor_execute", log)


def test_a_store_made_again_at_the_same_path_is_not_mistaken_for_the_old_one(sqlite_url, tmp_path):
    """The keys a part of a name matched are remembered per store and set of keys: a new store at the same path
    with as many keys is another store."""
    import os
    import time

    from didban.store import open_store

    with open_store(sqlite_url) as first:
        first.upsert_document(sample_docs(1)[0])
        assert first.query_events(actor="avro").total > 0
    os.remove(sqlite_url)
    time.sleep(1.1)  # (a store is known by its creation time, to the second)
    with open_store(sqlite_url) as second:
        a, b = PEOPLE[0], PEOPLE[1]
        other = ("پوتین", "ولادیمیر پوتین", "Vladimir Putin", "RUS", "Q_putin")
        second.upsert_document(make_doc(f"{a[0]} با {other[0]} دیدار کرد.", title="t", outlet="o",
                                        published="2025-04-01", people=[a, other],
                                        events=[("040", "CONSULT", a[0], other[0], "دیدار")]))
        assert second.query_events(actor="avro").total == 0 and second.query_events(actor="putin").total == 1


def test_a_v2_store_is_upgraded_with_indexes_and_name_keys(sqlite_url):
    """Migration 3 on a store made by an earlier didban: the keys of the names already stored, and the indexes."""
    import sqlalchemy as sa

    from didban.store import open_store
    from didban.store.engine import apply_migrations

    v3 = s.MIGRATIONS
    try:
        s.MIGRATIONS = v3[:2]
        s.LATEST = 2
        with open_store(sqlite_url) as old:
            assert old.version == 2
            for doc in sample_docs(3):
                old.upsert_document(doc)
    finally:
        s.MIGRATIONS, s.LATEST = v3, v3[-1][0]
    engine = sa.create_engine(f"sqlite:///{sqlite_url}")
    with engine.connect() as conn:
        assert "entity_name_keys" not in sa.inspect(conn).get_table_names()
    engine.dispose()
    with open_store(sqlite_url) as new:
        assert new.version == s.LATEST and new.query_events(actor="avro", merged=False).total == 5
        with new.engine.connect() as conn:
            indexes = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
            assert {"ix_events_page", "ix_events_plover_page", "ix_entities_country",
                    "ix_participants_entity_event", "ix_entity_names_lookup"} <= indexes
        assert apply_migrations(new.engine) == s.LATEST  # again: nothing to do


def expected_filter_rows(store) -> set[tuple]:
    """event_filters as it should be, computed from the participants, names, entities and events stored."""
    from sqlalchemy import select

    with store.engine.connect() as conn:
        events = {(r.doc_id, r.id): (r.day or "", r.idx) for r in conn.execute(select(s.events))}
        names: dict[tuple, list] = {}
        for r in conn.execute(select(s.entity_names)):
            names.setdefault((r.doc_id, r.entity_id), []).append(r.name_key)
        country = {(r.doc_id, r.id): r.country for r in conn.execute(select(s.entities))}
        rows = set()
        for p in conn.execute(select(s.participants)):
            day, idx = events[(p.doc_id, p.event_id)]
            kind = "p" if p.role == "location" else "a"
            rows |= {(kind, k, day, p.doc_id, idx, p.event_id) for k in names.get((p.doc_id, p.entity_id), [])}
            if country.get((p.doc_id, p.entity_id)):
                rows.add(("c", country[(p.doc_id, p.entity_id)], day, p.doc_id, idx, p.event_id))
        return rows


def stored_filter_rows(store) -> set[tuple]:
    from sqlalchemy import select

    with store.engine.connect() as conn:
        return {tuple(r) for r in conn.execute(select(s.event_filters))}


def test_filter_rows_follow_every_write(paged):
    """Triggers keep event_filters (and the countries of names) as the stored rows say, through re-stores."""
    assert stored_filter_rows(paged) == expected_filter_rows(paged) and len(stored_filter_rows(paged)) > 100
    first = sample_docs()[0]
    changed = make_doc(first.text, title="t", outlet="o", published="2026-01-02", people=[PEOPLE[1], PEOPLE[0]],
                       events=[("111", "DISAPPROVE", "لاوروف", "عراقچی", "تمجید")])
    assert changed.id == first.id
    paged.upsert_document(changed)
    assert stored_filter_rows(paged) == expected_filter_rows(paged)
    assert [r["id"] for r in paged.query_events(actor="Lavrov", since="2026-01-01")] == [changed.events[0].id]
    assert paged.query_events(actor="Lavrov", country="IRN", since="2026-01-01").total == 1
    assert paged.query_events(place="Tehran", since="2026-01-01").total == 0  # the new version has no place
    assert paged.query_events(country="عباس عراقچی", cameo="111").total == 1  # a name's country: IRN


def test_the_batch_writer_stores_the_filter_rows_the_triggers_make(store, monkeypatch):
    """The batch writer inserts participants before their events (the trigger finds no event and adds nothing) and
    the rows built with the document (`filter_rows`); a writer that inserts events first gets them from the
    triggers, kept for it: the same rows either way, document by document."""
    from didban.store import core
    from didban.store.rows import filter_rows, prepare_document

    docs = sample_docs()
    by_triggers = [prepare_document(d) for d in docs[:9]]
    for doc in by_triggers:
        doc.filters = []  # nothing built: only the triggers can write them
    monkeypatch.setattr(core, "WRITE_ORDER", tuple(reversed(s.DOCUMENT_CHILDREN)))  # parents first, events first
    store.write_prepared(by_triggers)
    monkeypatch.undo()
    made = stored_filter_rows(store)
    assert made == expected_filter_rows(store) and len(made) > 50
    for doc in by_triggers:
        assert filter_rows(doc.rows) == sorted(r for r in made if r[3] == doc.id)
    store.write_prepared([prepare_document(d) for d in docs[9:]])  # the batch writer's way
    assert stored_filter_rows(store) == expected_filter_rows(store) and len(stored_filter_rows(store)) > len(made)
    changed = make_doc(docs[10].text, title="t", outlet="o", published="2026-01-02", people=[PEOPLE[2], PEOPLE[1]],
                       events=[("111", "DISAPPROVE", "فیدان", "لاوروف", "تمجید")])
    assert store.upsert_document(changed) == "updated"  # the old rows go by the delete trigger, the new ones in
    assert stored_filter_rows(store) == expected_filter_rows(store)


def test_a_v4_store_loses_the_redundant_name_index_and_a_number_left_free_is_applied_later(sqlite_url,
                                                                                         monkeypatch):
    """Migration 6 drops ix_entity_names_key (a prefix of ix_entity_names_lookup); a migration numbered below the
    store's highest version but never applied to it (5, had it landed after 6) is applied when it comes."""
    from didban.store import open_store
    from didban.store.engine import apply_migrations

    def index_names(store):
        with store.engine.connect() as conn:
            return {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}

    latest = s.MIGRATIONS
    v4 = [m for m in latest if m[0] <= 4]
    monkeypatch.setattr(s, "MIGRATIONS", v4)
    monkeypatch.setattr(s, "LATEST", 4)
    with open_store(sqlite_url) as old:
        old.upsert_document(sample_docs(1)[0])
        with old.engine.begin() as conn:  # as migrations 1 and 3 made it before the index left the metadata
            conn.exec_driver_sql("CREATE INDEX ix_entity_names_key ON entity_names (name_key)")
        old_indexes = index_names(old)
    without_5 = [m for m in latest if m[0] != 5]  # as if 5 had landed after 6
    monkeypatch.setattr(s, "MIGRATIONS", without_5)
    monkeypatch.setattr(s, "LATEST", latest[-1][0])
    with open_store(sqlite_url) as new:
        assert new.version == s.LATEST >= 6
        assert old_indexes - index_names(new) == {"ix_entity_names_key"}
        assert new.query_events(actor="avro", merged=False).total == 2
    done = []
    [five] = [m for m in latest if m[0] == 5]
    monkeypatch.setattr(s, "MIGRATIONS", sorted(without_5 + [(5, five[1], lambda conn: (done.append(5), five[2](conn)))]))
    with open_store(sqlite_url) as new:
        assert done == [5] and apply_migrations(new.engine) == s.LATEST and done == [5]


def test_a_v3_store_is_upgraded_with_filter_rows(sqlite_url):
    """Migration 4 on a store made before it: the rows of what is stored, then the triggers for what comes."""
    from didban.store import open_store

    latest = s.MIGRATIONS
    try:
        s.MIGRATIONS, s.LATEST = latest[:3], 3
        with open_store(sqlite_url) as old:
            for doc in sample_docs(4):
                old.upsert_document(doc)
    finally:
        s.MIGRATIONS, s.LATEST = latest, latest[-1][0]
    with open_store(sqlite_url) as new:
        assert new.version == s.LATEST and stored_filter_rows(new) == expected_filter_rows(new)
        new.upsert_document(sample_docs(6)[5])
        assert stored_filter_rows(new) == expected_filter_rows(new) and len(stored_filter_rows(new)) > 50
        filters = {"actor": "avro", "country": "Tehran"}
        shown = {f"{r['doc_id']}/{r['id']}" for r in new.query_events(merged=False, **filters)}
        assert len(shown) > 3 and shown == grouped_reps(new, False, **filters)


# --- the plans (SQLite's EXPLAIN QUERY PLAN): which index each page reads, not how long it takes -----------------

def page_plan(store, monkeypatch, drive_cap: int, filter_rows: bool = False, **filters) -> str:
    """The query plan of the statement that reads the page (the one with ORDER BY ... LIMIT)."""
    from sqlalchemy import event

    use_plan(monkeypatch, (drive_cap, filter_rows))
    seen = []
    listener = lambda conn, cur, sql, params, ctx, many: seen.append((sql, params))  # noqa: E731
    event.listen(store.engine, "before_cursor_execute", listener)
    try:
        store.query_events(limit=50, **filters)
    finally:
        event.remove(store.engine, "before_cursor_execute", listener)
    (sql, params), = [(q, p) for q, p in seen if "ORDER BY" in q and "page_day" in q and "count(*) AS count_1" not in q]
    return explain(store, sql, params)


def explain(store, sql: str, params) -> str:
    with store.engine.connect() as conn:
        return "\n".join(r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params))


@pytest.fixture()
def sqlite_paged(sqlite_url):
    from didban.store import open_store

    with open_store(sqlite_url) as st:
        for doc in sample_docs(6):
            st.upsert_document(doc)
        yield st


@pytest.mark.parametrize("filters, index", [
    ({}, "ix_events_page"),
    ({"cameo": "04"}, "ix_events_page"),
    ({"since": "2025-03-02", "until": "2025-03-04"}, "ix_events_page (<expr>>? AND <expr><?)"),
    ({"plover": "CONSULT"}, "ix_events_plover_page (plover=?)"),
    ({"country": "TUR", "actor": "Lavrov"}, "ix_events_page"),
    ({"cursor": queries.encode_cursor("2025-03-03", "f" * 16, 9)}, "ix_events_page (<expr><?)"),  # a range
])
def test_a_broad_filter_walks_a_page_index_without_sorting(sqlite_paged, monkeypatch, filters, index):
    plan = page_plan(sqlite_paged, monkeypatch, 0, **filters)
    assert f"USING INDEX {index}" in plan.splitlines()[0] or f"USING COVERING INDEX {index}" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("filters, driver", [
    ({"country": "TUR"}, "ix_entities_country (country=?)"),
    ({"actor": "Lavrov"}, "ix_entity_names_lookup (name_key=?)"),
    ({"place": "Tehran"}, "ix_entity_names_lookup (name_key=?)"),
    ({"cameo": "1305"}, "ix_events_cameo_page (cameo>? AND cameo<?)"),
])
def test_a_narrow_filter_is_read_from_its_own_index(sqlite_paged, monkeypatch, filters, driver):
    plan = page_plan(sqlite_paged, monkeypatch, 10_000, **filters)
    assert driver in plan, plan
    # nothing read whole: every table is searched through an index
    assert not re.search(r"^SCAN (?!entity_name_keys|\(subquery)", plan, re.M), plan


def test_the_table_says_when_the_count_stopped():
    from didban.export.stored import render_events_table
    from didban.store.results import Results

    row = {"cameo": "040", "plover": "CONSULT", "day": "2025-03-07", "actors": [{"name": "a"}], "recipients": []}
    assert "1 of 1000+ events shown" in render_events_table(Results([row], total=1000, count_capped=True))
    assert "1 of 7 events shown" in render_events_table(Results([row], total=7))


# every filter and combination as the list reads it by default (event_filters on): the rows come from one index
# range in page order, every other table is searched by its key, nothing is sorted but a union of a few ranges
EVERY_FILTER = FILTERS + [f for f in COMBINED if f.get("country") != "Nowhere"] + [
    {"country": "تهران"}, {"actor": "Lavrov", "since": "2025-03-02"},
    {"place": "Tehran", "plover": "CONSULT", "until": "2025-03-04"}]


def tables_read_whole(plan: str) -> list[str]:
    """The lines of a plan that read a table whole (an index walked in order, a subquery's rows are fine)."""
    return [line for line in plan.splitlines() if re.match(r"\s*SCAN ", line) and "USING" not in line
            and not re.match(r"\s*SCAN (entity_name_keys|\(subquery|anon_\d+|u)\b", line)]


@pytest.mark.parametrize("filters", EVERY_FILTER, ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items()) or "none")
def test_every_filter_reads_its_page_from_an_index(sqlite_paged, monkeypatch, filters):
    plan = page_plan(sqlite_paged, monkeypatch, 0, True, **filters)  # (0: no narrow own-column filter drives)
    if {"actor", "place", "country"} & set(filters):
        # event_filters, a range per value (merged when a name has several keys), in page order
        assert "SEARCH r USING PRIMARY KEY (kind=? AND value=?" in plan, plan
        assert "TEMP B-TREE FOR ORDER BY" not in plan or "UNION USING TEMP B-TREE" in plan, plan
    else:
        assert re.search(r"USING (COVERING )?INDEX ix_events_", plan), plan
    assert not tables_read_whole(plan), plan


def tables_read_whole_but_subqueries(plan: str) -> list[str]:
    """tables_read_whole, the plan's own subqueries (CO-ROUTINE x, MATERIALIZE x: rows already made) left out."""
    made = set(re.findall(r"(?:CO-ROUTINE|MATERIALIZE) (\S+)", plan)) | {"CONSTANT"}  # (SELECT (...), (...))
    return [line for line in tables_read_whole(plan) if line.split()[1] not in made]


def page_statements(store, monkeypatch, **filters) -> list[tuple[str, object]]:
    """Every statement one page of the event list runs (the filters, the page, its count, its records)."""
    from sqlalchemy import event

    use_plan(monkeypatch, (0, True))
    seen = []
    listener = lambda conn, cur, sql, params, ctx, many: seen.append((sql, params))  # noqa: E731
    event.listen(store.engine, "before_cursor_execute", listener)
    try:
        store.query_events(limit=2, **filters)  # (a page smaller than the matches: the count runs too)
    finally:
        event.remove(store.engine, "before_cursor_execute", listener)
    return [(q, p) for q, p in seen if q.lstrip().upper().startswith(("SELECT", "WITH"))]


@pytest.mark.parametrize("filters", EVERY_FILTER, ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items()) or "none")
def test_no_statement_of_a_page_reads_a_table_whole(sqlite_paged, monkeypatch, filters):
    """The page, its capped count and the records of its events (participants, entities, evidence, clusters and
    the near-duplicates of its articles, migration 5) are all index lookups or index ranges."""
    statements = page_statements(sqlite_paged, monkeypatch, **filters)
    for sql, params in statements:
        plan = explain(sqlite_paged, sql, params)
        assert not tables_read_whole_but_subqueries(plan), (sql, plan)


@pytest.mark.parametrize("filters", [{}, {"cameo": "04"}, {"plover": "CONSULT"}, {"since": "2025-03-02"}],
                         ids=["none", "cameo", "type", "since"])
def test_the_count_window_reads_the_page_index_alone(sqlite_paged, monkeypatch, filters):
    """A broad filter's count walks ix_events_page once (the window's size and its matches in one statement) and
    reads no events row for the walk: every column it needs is in the index."""
    counts = [(q, p) for q, p in page_statements(sqlite_paged, monkeypatch, **filters)
              if q.lstrip().startswith("SELECT count(*)") and "ORDER BY" in q]
    assert len(counts) == 1, [q for q, _ in counts]
    # the day as the index holds it (coalesce(day, '')), not the column: SQLite's plan does not say it, but a
    # window selecting `w.day` read an events row for every event it walked
    assert "coalesce(w.day, '') AS day" in counts[0][0] and "w.day AS day" not in counts[0][0]
    plan = explain(sqlite_paged, *counts[0])
    walks = [line for line in plan.splitlines() if re.match(r"\s*(SCAN|SEARCH) w\b", line)]
    assert walks and all("ix_events_page" in line or "ix_events_plover_page" in line for line in walks), plan
    assert not re.search(r"SEARCH w USING (INTEGER )?PRIMARY KEY|SEARCH w USING INDEX sqlite_autoindex", plan), plan


@pytest.mark.parametrize("filters, ranges", [({"actor": "عراقچی"}, 2), ({"country": "IRN"}, 1)])
def test_the_filter_rows_count_reads_event_filters_only(sqlite_paged, monkeypatch, filters, ranges):
    """A name with several keys merges its ranges once for its count (a CTE read twice); a single range is walked
    in index order without a sort. Each row is checked as its event, reading no events row (as the page does)."""
    counts = [(q, p) for q, p in page_statements(sqlite_paged, monkeypatch, **filters)
              if "count(*)" in q and "page_day" in q]
    assert len(counts) == 1
    sql, params = counts[0]
    plan = explain(sqlite_paged, sql, params)
    assert "SEARCH r USING PRIMARY KEY (kind=? AND value=?" in plan, plan
    if ranges > 1:
        assert sql.lstrip().startswith("WITH w0 AS"), sql
    else:
        assert "WITH" not in sql and "TEMP B-TREE" not in plan, plan
    assert not re.search(r"SEARCH e USING", plan), plan
    assert not tables_read_whole_but_subqueries(plan), plan


def test_a_v4_store_is_upgraded_with_page_lookups(db_url):
    """Migration 5 on a store made before it: an index more (PostgreSQL: the page indexes remade with the day
    included), nothing lost, the same pages."""
    from sqlalchemy import inspect, text

    from didban.store import open_store

    latest = s.MIGRATIONS
    try:
        s.MIGRATIONS, s.LATEST = latest[:4], 4
        with open_store(db_url) as old:
            docs = sample_docs(8)
            for doc in docs:
                old.upsert_document(doc)
            old.replace_duplicates({docs[5].id: docs[4].id})
            old.replace_clusters({docs[0].events[0].id: "k1", docs[1].events[0].id: "k1"})
            before = [old.query_events(limit=100, **f) for f in FILTERS]
            counts = {t: old.count(t) for t in ("documents", "events", "duplicates", "event_clusters")}
    finally:
        s.MIGRATIONS, s.LATEST = latest, latest[-1][0]
    with open_store(db_url) as new:
        assert new.version == s.LATEST >= 5
        assert {t: new.count(t) for t in counts} == counts
        after = [new.query_events(limit=100, **f) for f in FILTERS]
        assert [list(r) for r in after] == [list(r) for r in before]
        assert [r.total for r in after] == [r.total for r in before]
        with new.engine.connect() as conn:
            assert "ix_duplicates_of" in {ix["name"] for ix in inspect(conn).get_indexes("duplicates")}
            if conn.dialect.name == "postgresql":
                defs = dict(conn.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'events' "
                                              "AND schemaname = current_schema()")).all())
                for name in ("ix_events_page", "ix_events_plover_page", "ix_events_cameo_page"):
                    assert defs[name].endswith("INCLUDE (day)"), defs[name]


def test_a_page_shape_is_built_once_and_answers_each_value(paged, monkeypatch):
    """The event list's statements are kept per shape (which filters, how many keys, merged, cursor, plan) with
    the values as parameters: pages of one shape with other values reuse them and still answer for their values."""
    monkeypatch.setattr(queries, "_STATEMENTS", {})
    shapes = [[{"actor": "لاوروف"}, {"actor": "Fidan"}], [{"country": "TUR", "plover": "CONSULT"},
                                                        {"country": "RUS", "plover": "COOPERATE"}],
              [{"cameo": "05", "since": "2025-03-02"}, {"cameo": "13", "since": "2025-03-04"}]]
    for first, second in shapes:
        queries._STATEMENTS.clear()
        one = paged.query_events(limit=2, **first)
        built = dict(queries._STATEMENTS)
        two = paged.query_events(limit=2, **second)
        assert queries._STATEMENTS == built and built, (first, second)  # nothing built for the second
        for filters, rows in ((first, one), (second, two)):
            everything = paged.query_events(limit=1000, **filters)
            assert [r["id"] for r in rows] == [r["id"] for r in everything][:2] and everything.total > 0, filters
            assert {f"{r['doc_id']}/{r['id']}" for r in everything} == grouped_reps(paged, True, **filters)
        after = paged.query_events(limit=2, cursor=one.next_cursor, **first) if one.next_cursor else None
        assert after is None or [r["id"] for r in after] == [r["id"] for r in
                                                             paged.query_events(limit=1000, **first)][2:4]


@pytest.mark.parametrize("cap, window", [(1000, 5000), (5, 10)], ids=["all-ranked", "window"])
def test_search_pages_are_the_rows_sorted_by_score_then_document(paged, monkeypatch, cap, window):
    """SQLite ranks by rowid and reads the document ids of the rows that can be on the page only: the same hits in
    the same order (score, then document id, ties included) as sorting the whole window, page after page."""
    from sqlalchemy import text

    monkeypatch.setattr(queries, "COUNT_CAP", cap)
    monkeypatch.setattr(queries, "SEARCH_WINDOW", window)
    everything = [h["doc_id"] for h in paged.search("دیدار", limit=100)]
    assert len(everything) == min(18, window if cap < 18 else 18)
    pages = [h["doc_id"] for o in range(0, 20, 3) for h in paged.search("دیدار", limit=3, offset=o)]
    assert pages == everything
    if paged.dialect == "sqlite":  # against the statement that read every row's document id and sorted them all
        with paged.engine.connect() as conn:
            n = 19 if cap >= 18 else window
            reference = conn.execute(text(
                "SELECT doc_id FROM (SELECT doc_id, bm25(doc_fts) AS score FROM doc_fts WHERE doc_fts MATCH :m AND "
                "rowid >= coalesce((SELECT rowid FROM doc_fts WHERE doc_fts MATCH :m ORDER BY rowid DESC LIMIT 1 "
                "OFFSET :n - 1), 0)) ORDER BY score, doc_id"), {"m": '"دیدار"', "n": n}).scalars().all()
        assert everything == reference


@pytest.mark.postgres
@pytest.mark.parametrize("filters", [{"country": "TUR", "plover": "CONSULT"}, {"country": "RUS", "cameo": "05"},
                                     {"actor": "Lavrov", "plover": "COOPERATE", "cameo": "05"}])
def test_postgresql_checks_a_type_or_code_on_filter_rows_by_the_page_index(pg_url, monkeypatch, filters):
    """PostgreSQL: a page driven by event_filters rows checks the type and CAMEO code of each row's event with one
    probe of a page index by the row's page key (it holds both), not by (doc_id, id) through ix_events_id and the
    table (once per column, twice for a CAMEO range). Sequential scans off: the tiny test tables would be read whole
    otherwise, which says nothing about the plan at scale."""
    import json

    from sqlalchemy import event

    from didban.store import open_store

    monkeypatch.setattr(queries, "DRIVE_CAP", 0)  # (the filter rows drive: the type or code is checked on them)
    with open_store(pg_url) as st:
        for doc in sample_docs(6):
            st.upsert_document(doc)
        seen = []
        listener = lambda conn, cursor, statement, parameters, *args: seen.append((statement, parameters))  # noqa: E731
        event.listen(st.engine, "before_cursor_execute", listener)
        st.query_events(limit=2, **filters)
        event.remove(st.engine, "before_cursor_execute", listener)
        probes = []
        with st.engine.connect() as conn:
            conn.exec_driver_sql("SET enable_seqscan = off")
            for statement, parameters in seen:
                if " AS re" not in statement:
                    continue
                plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar_one()
                plan = plan if isinstance(plan, list) else json.loads(plan)
                stack = [plan[0]["Plan"]]
                while stack:
                    node = stack.pop()
                    stack += node.get("Plans", [])
                    if node.get("Alias") == "re":
                        probes.append(node.get("Index Name"))
        assert probes and set(probes) <= {"ix_events_page", "ix_events_plover_page", "ix_events_cameo_page"}, probes
