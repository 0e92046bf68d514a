"""The tables, and the migrations that create and change them (recorded in `didban_migrations`).

One SQLAlchemy Core schema for SQLite and PostgreSQL. Offsets are character offsets into `documents.text`, the original
input. Child rows carry `doc_id` so that re-storing a document is "delete its rows, insert the new ones" in one
transaction. Full-text search is backend-specific (SQLite FTS5 virtual table, PostgreSQL GIN index on a tsvector) and is
created by the migration, not by the metadata.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint, func, literal_column, text)
from sqlalchemy.schema import CreateIndex

metadata = MetaData()

ID = String(64)

migrations = Table(
    "didban_migrations", metadata,
    Column("version", Integer, primary_key=True),
    Column("description", Text, nullable=False),
    Column("applied_at", String(40), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", ID, primary_key=True),
    Column("text", Text, nullable=False),
    Column("source", Text),
    Column("url", Text),
    Column("title", Text),
    Column("outlet", Text),
    Column("published", String(40)),
    Column("published_reason", String(20)),
    Column("meta", Text, nullable=False, default="{}"),  # JSON
    Column("attribution", Text),  # JSON list, null when the layer was absent
    Column("layers", Text, nullable=False),  # JSON list of the layers the stored document had
    Column("fingerprint", String(64), nullable=False),  # hash of everything extracted: "unchanged" vs "updated"
    Column("ingested_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
)

segments = Table(
    "segments", metadata,
    Column("doc_id", ID, ForeignKey("documents.id"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("boilerplate", Boolean, nullable=False),
    Column("reason", Text),
)

sentences = Table(
    "sentences", metadata,
    Column("doc_id", ID, ForeignKey("documents.id"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("segment", Integer, nullable=False),
    Column("boilerplate", Boolean, nullable=False),
    Column("token_start", Integer, nullable=False),
    Column("token_end", Integer, nullable=False),
)

entities = Table(
    "entities", metadata,
    Column("doc_id", ID, ForeignKey("documents.id"), primary_key=True),
    Column("id", ID, primary_key=True),
    Column("idx", Integer, nullable=False),  # order within the document
    Column("entity_key", Text, nullable=False),  # identity across documents: kb id, else type + folded name
    Column("type", String(10), nullable=False),
    Column("name", Text, nullable=False),
    Column("name_en", Text),
    Column("country", String(3)),
    Column("kb_id", Text),
    Column("sector", String(20)),
    Column("aliases", Text, nullable=False),  # JSON
    Column("spans", Text, nullable=False),  # JSON list of the entity's mention spans
    Column("roles", Text, nullable=False),  # JSON
    Column("latitude", Float),
    Column("longitude", Float),
    Column("assumed", Boolean, nullable=False),
)
Index("ix_entities_key", entities.c.entity_key)
Index("ix_entities_country", entities.c.country, entities.c.doc_id, entities.c.id)

# every name an entity answers to, folded: what `--actor`, `--place` and `/api/entities?name=` match
entity_names = Table(
    "entity_names", metadata,
    Column("doc_id", ID, ForeignKey("documents.id"), nullable=False),
    Column("entity_id", ID, nullable=False),
    Column("name_key", Text, nullable=False),
    UniqueConstraint("doc_id", "entity_id", "name_key"),
)
# (ix_entity_names_key on name_key alone, dropped by migration 6: this one begins with name_key and serves its reads)
# covering: from a name to the entities answering to it without reading the table (the actor and place filters)
Index("ix_entity_names_lookup", entity_names.c.name_key, entity_names.c.doc_id, entity_names.c.entity_id)

# every distinct name key ever stored, kept by a trigger on entity_names (migration 3): "part of a name" filters
# scan these few thousand keys, not the millions of entity_names rows
entity_name_keys = Table(
    "entity_name_keys", metadata,
    Column("name_key", Text, primary_key=True),
)

# the countries of the entities answering to each name key, kept by triggers (migration 4): a country given by name
# ("Türkiye") is resolved from these few rows, not from every entity so named
entity_name_countries = Table(
    "entity_name_countries", metadata,
    Column("name_key", Text, primary_key=True),
    Column("country", String(3), primary_key=True),
)

# the event list's filters as rows in page order (migration 4; kept by triggers on participants): one row per event
# and filter value it matches. kind 'a': a name key of an actor or recipient; 'p': a name key of the location; 'c':
# the country of any participant. Every actor, place and country filter is then an index range read newest first,
# as narrow as the value (see queries.query_events). `day` is the page key's day ('' when undated).
FILTER_KINDS = {"actor": "a", "place": "p", "country": "c"}
event_filters = Table(
    "event_filters", metadata,
    Column("kind", String(1), primary_key=True),
    Column("value", Text, primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("doc_id", ID, primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("event_id", ID, primary_key=True),
    sqlite_with_rowid=False,  # the primary key is the table: one b-tree, read in order
)

mentions = Table(
    "mentions", metadata,
    Column("doc_id", ID, ForeignKey("documents.id"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String(10), nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("source", String(20), nullable=False),
    Column("kb_id", Text),
    Column("entity_id", ID),
    Column("reason", Text),
    Column("candidates", Text, nullable=False),  # JSON
    Column("info", Text, nullable=False),  # JSON
)

events = Table(
    "events", metadata,
    Column("doc_id", ID, ForeignKey("documents.id"), primary_key=True),
    Column("id", ID, primary_key=True),
    Column("idx", Integer, nullable=False),  # order within the document
    Column("cameo", String(8), nullable=False),
    Column("plover", String(40)),
    Column("mode", String(40)),
    Column("quad_class", Integer),
    Column("intensity", Float),
    Column("location_id", ID),
    Column("occasion", Text),  # JSON span
    Column("event_date", String(40)),
    Column("date_reason", String(20)),
    Column("day", String(10)),  # the event's day, or the article's publication day: what date filters compare
    Column("topics", Text, nullable=False),  # JSON
    Column("confidence", Float, nullable=False),
    Column("sentences", Text, nullable=False),  # JSON
    Column("summary", Text),
)
Index("ix_events_id", events.c.id)
Index("ix_events_cameo", events.c.cameo)
Index("ix_events_day", events.c.day)
# the event list's order (newest day first, undated last; see queries.page_key) and its keyset cursor: a page is a
# range of one of these, the filters on events' own columns covered so that a page reads no table row it drops
PAGE_DAY = func.coalesce(events.c.day, literal_column("''"))
# (PostgreSQL: the raw `day` included too, migration 5: its planner reads an expression index alone, without the
# table, only when the columns under the expression are in it)
PAGE_INDEXES = (
    Index("ix_events_page", PAGE_DAY, events.c.doc_id, events.c.idx, events.c.id, events.c.cameo, events.c.plover,
          postgresql_include=["day"]),
    Index("ix_events_plover_page", events.c.plover, PAGE_DAY, events.c.doc_id, events.c.idx, events.c.id,
          postgresql_include=["day"]),
    Index("ix_events_cameo_page", events.c.cameo, PAGE_DAY, events.c.doc_id, events.c.idx, events.c.id,
          postgresql_include=["day"]),
)

participants = Table(
    "participants", metadata,
    Column("doc_id", ID, ForeignKey("documents.id"), primary_key=True),
    Column("event_id", ID, primary_key=True),
    Column("role", String(10), primary_key=True),  # actor | recipient | location
    Column("position", Integer, primary_key=True),
    Column("entity_id", ID, nullable=False),
)
Index("ix_participants_entity", participants.c.doc_id, participants.c.entity_id)
# covering: from an entity to the events it takes part in, with its role (the actor, country and place filters)
Index("ix_participants_entity_event", participants.c.doc_id, participants.c.entity_id, participants.c.role,
      participants.c.event_id)

evidence = Table(
    "evidence", metadata,
    Column("doc_id", ID, ForeignKey("documents.id"), primary_key=True),
    Column("event_id", ID, primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(20)),
)

# written by the merge step; kept apart from the document rows so that re-storing a document does not lose them
duplicates = Table(
    "duplicates", metadata,
    Column("doc_id", ID, primary_key=True),
    Column("of_doc_id", ID, nullable=False),
)

# a page's cluster figures count the near-duplicates of its articles (migration 5)
Index("ix_duplicates_of", duplicates.c.of_doc_id, duplicates.c.doc_id)

event_clusters = Table(
    "event_clusters", metadata,
    Column("event_id", ID, primary_key=True),
    Column("cluster_id", ID, nullable=False),
)
Index("ix_event_clusters_cluster", event_clusters.c.cluster_id)

# PostgreSQL only (SQLite uses the FTS5 table `doc_fts`): the folded text that full-text search reads
doc_search = Table(
    "doc_search", MetaData(),
    Column("doc_id", ID, primary_key=True),
    Column("body", Text, nullable=False),
)

# the tables that hold one document's rows, children first (the order deletes go in)
DOCUMENT_CHILDREN = (evidence, participants, events, mentions, entity_names, entities, sentences, segments)


def _v1_create(conn) -> None:
    """The first schema: all tables plus full-text search."""
    metadata.create_all(conn, tables=[t for t in metadata.sorted_tables
                                      if t is not migrations and t not in WATCH_TABLES + QUERY_TABLES + FILTER_TABLES])
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("CREATE VIRTUAL TABLE IF NOT EXISTS doc_fts USING fts5("
                             "doc_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')")
    else:
        doc_search.create(conn, checkfirst=True)
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_doc_search_fts ON doc_search "
                          "USING gin (to_tsvector('simple', body))"))


# --- the watcher's state (didban watch; see didban.store.sources) ---------------------------------------------------
# Scheduling columns (next_poll_at, next_try_at, lease_until) are Unix seconds, so "due" and "lease expired" are plain
# comparisons on both backends; the *_at columns people read are ISO 8601 strings like the rest of the store.

watch_feeds = Table(
    "watch_feeds", metadata,
    Column("id", ID, primary_key=True),  # hash of the URL (URLs can be longer than an index entry may be)
    Column("url", Text, nullable=False),
    Column("name", Text),  # the outlet, as the sources list names it
    Column("country", String(3)),  # the outlet's country (ISO 3166-1 alpha-3): what "کشورمان" means in its articles
    Column("kind", String(10)),  # feed | sitemap, known after the first successful poll
    Column("etag", Text),  # the validators of the last 200 response, sent back as If-None-Match / If-Modified-Since
    Column("last_modified", Text),
    Column("added_at", String(40), nullable=False),
    Column("last_poll_at", String(40)),
    Column("last_success_at", String(40)),
    Column("last_failure_at", String(40)),
    Column("last_status", String(20)),  # new | unchanged | not-modified | failed
    Column("last_error", Text),  # JSON {"code", "message"} of the last failure, kept after a success for the record
    Column("failures", Integer, nullable=False, default=0),  # consecutive failed polls: what slows the feed down
    Column("polls", Integer, nullable=False, default=0),
    Column("not_modified", Integer, nullable=False, default=0),  # polls answered 304
    Column("last_new", Integer, nullable=False, default=0),  # articles the last poll found
    Column("new_total", Integer, nullable=False, default=0),
    Column("next_poll_at", Float, nullable=False, default=0.0),
    Column("lease_owner", Text),  # "host:pid:token" of the watcher polling it now
    Column("lease_until", Float),
)
Index("ix_watch_feeds_due", watch_feeds.c.next_poll_at)

watch_articles = Table(
    "watch_articles", metadata,
    Column("id", ID, primary_key=True),  # hash of the canonical URL: "seen by URL"
    Column("url", Text, nullable=False),
    Column("feed_id", ID, nullable=False),  # the feed that first listed it
    Column("title", Text),  # as the feed gives them (they win over what the page says)
    Column("published", String(40)),
    Column("status", String(10), nullable=False),  # pending | done | failed
    Column("doc_id", ID),  # the stored document: its content hash, "seen by content"
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("next_try_at", Float, nullable=False, default=0.0),
    Column("lease_owner", Text),
    Column("lease_until", Float),
    Column("first_seen_at", String(40), nullable=False),
    Column("done_at", String(40)),
)
Index("ix_watch_articles_due", watch_articles.c.status, watch_articles.c.next_try_at)
Index("ix_watch_articles_feed", watch_articles.c.feed_id)
Index("ix_watch_articles_doc", watch_articles.c.doc_id)

WATCH_TABLES = (watch_feeds, watch_articles)
QUERY_TABLES = (entity_name_keys,)  # created by migration 3, not 1
FILTER_TABLES = (entity_name_countries, event_filters)  # created by migration 4


def _v2_watch(conn) -> None:
    """The watcher's state: feeds with their validators and health, articles seen by URL and by content."""
    for table in WATCH_TABLES:
        table.create(conn, checkfirst=True)


def _v3_query_indexes(conn) -> None:
    """Indexes for the event list at millions of events (issue 17) and the table of distinct name keys."""
    entity_name_keys.create(conn, checkfirst=True)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("CREATE TRIGGER IF NOT EXISTS tr_entity_name_keys AFTER INSERT ON entity_names BEGIN "
                             "INSERT OR IGNORE INTO entity_name_keys (name_key) VALUES (NEW.name_key); END")
    else:
        conn.exec_driver_sql("CREATE OR REPLACE FUNCTION didban_keep_name_key() RETURNS trigger AS $$ BEGIN "
                             "INSERT INTO entity_name_keys (name_key) VALUES (NEW.name_key) ON CONFLICT DO NOTHING; "
                             "RETURN NEW; END $$ LANGUAGE plpgsql")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS tr_entity_name_keys ON entity_names")
        conn.exec_driver_sql("CREATE TRIGGER tr_entity_name_keys AFTER INSERT ON entity_names FOR EACH ROW "
                             "EXECUTE FUNCTION didban_keep_name_key()")
    conn.execute(text("INSERT INTO entity_name_keys (name_key) SELECT DISTINCT name_key FROM entity_names "
                      "WHERE name_key NOT IN (SELECT name_key FROM entity_name_keys)"))
    for table in (events, entities, entity_names, participants):
        for index in table.indexes:  # (reflection cannot see expression indexes: let the database check)
            conn.execute(CreateIndex(index, if_not_exists=True))


# the rows a participant adds to event_filters (the NEW row of a trigger, or every participant in the migration)
_FILTER_ROWS = {
    "names": ("SELECT CASE WHEN {p}.role = 'location' THEN 'p' ELSE 'a' END, n.name_key, coalesce(e.day, ''), "
              "e.doc_id, e.idx, e.id FROM {src}events e JOIN entity_names n ON n.doc_id = {p}.doc_id AND "
              "n.entity_id = {p}.entity_id WHERE e.doc_id = {p}.doc_id AND e.id = {p}.event_id "
              "AND {p}.role IN ('actor', 'recipient', 'location')"),
    "countries": ("SELECT 'c', en.country, coalesce(e.day, ''), e.doc_id, e.idx, e.id FROM {src}events e "
                  "JOIN entities en ON en.doc_id = {p}.doc_id AND en.id = {p}.entity_id WHERE e.doc_id = {p}.doc_id "
                  "AND e.id = {p}.event_id AND en.country IS NOT NULL"),
}
_FILTER_COLUMNS = "kind, value, day, doc_id, idx, event_id"
# a participant deleted (a document re-stored: participants go before events, names and entities): its rows
_FILTER_DROP = ("DELETE FROM event_filters WHERE kind IN ('a', 'p', 'c') AND value IN ("
                "SELECT name_key FROM entity_names WHERE doc_id = {o}.doc_id AND entity_id = {o}.entity_id "
                "UNION SELECT country FROM entities WHERE doc_id = {o}.doc_id AND id = {o}.entity_id) "
                "AND day = (SELECT coalesce(day, '') FROM events WHERE doc_id = {o}.doc_id AND id = {o}.event_id) "
                "AND doc_id = {o}.doc_id AND idx = (SELECT idx FROM events WHERE doc_id = {o}.doc_id "
                "AND id = {o}.event_id) AND event_id = {o}.event_id")
_NAME_COUNTRIES = {  # either insert order: names after their entity, or an entity after its names
    "entity_names": ("SELECT NEW.name_key, en.country FROM entities en WHERE en.doc_id = NEW.doc_id "
                     "AND en.id = NEW.entity_id AND en.country IS NOT NULL"),
    "entities": ("SELECT n.name_key, NEW.country FROM entity_names n WHERE n.doc_id = NEW.doc_id "
                 "AND n.entity_id = NEW.id AND NEW.country IS NOT NULL"),
}


def _v4_filter_rows(conn) -> None:
    """The event list's filters as rows in page order, and the countries of names (issue 17), kept by triggers."""
    entity_name_countries.create(conn, checkfirst=True)
    event_filters.create(conn, checkfirst=True)
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        add = "; ".join(f"INSERT OR IGNORE INTO event_filters ({_FILTER_COLUMNS}) " + q.format(p="NEW", src="")
                        for q in _FILTER_ROWS.values())
        conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS tr_event_filters_add AFTER INSERT ON participants "
                             f"BEGIN {add}; END")
        conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS tr_event_filters_drop AFTER DELETE ON participants "
                             f"BEGIN {_FILTER_DROP.format(o='OLD')}; END")
        for table, rows in _NAME_COUNTRIES.items():
            conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS tr_name_countries_{table} AFTER INSERT ON {table} "
                                 f"BEGIN INSERT OR IGNORE INTO entity_name_countries (name_key, country) {rows}; END")
    else:
        add = " ".join(f"INSERT INTO event_filters ({_FILTER_COLUMNS}) {q.format(p='NEW', src='')} "
                       f"ON CONFLICT DO NOTHING;" for q in _FILTER_ROWS.values())
        _pg_trigger(conn, "tr_event_filters_add", "participants", "AFTER INSERT", f"{add} RETURN NEW;")
        _pg_trigger(conn, "tr_event_filters_drop", "participants", "AFTER DELETE",
                    f"{_FILTER_DROP.format(o='OLD')}; RETURN OLD;")
        for table, rows in _NAME_COUNTRIES.items():
            _pg_trigger(conn, f"tr_name_countries_{table}", table, "AFTER INSERT",
                        f"INSERT INTO entity_name_countries (name_key, country) {rows} ON CONFLICT DO NOTHING; "
                        f"RETURN NEW;")
    if not sqlite:  # full-text search reads a stored tsvector, not one computed again for every row it ranks
        conn.exec_driver_sql("ALTER TABLE doc_search ADD COLUMN IF NOT EXISTS tsv tsvector "
                             "GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED")
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_doc_search_tsv ON doc_search USING gin (tsv)")
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_doc_search_fts")
    # the rows of what is already stored, sorted once (an append to the b-tree, not a random insert per row)
    ignore, conflict = ("OR IGNORE ", "") if sqlite else ("", " ON CONFLICT DO NOTHING")
    union = " UNION ALL ".join(q.format(p="p", src="participants p CROSS JOIN ") for q in _FILTER_ROWS.values())
    conn.exec_driver_sql(f"INSERT {ignore}INTO event_filters ({_FILTER_COLUMNS}) SELECT * FROM ({union}) AS x "
                         f"ORDER BY 1, 2, 3, 4, 5, 6{conflict}")
    conn.exec_driver_sql(f"INSERT {ignore}INTO entity_name_countries (name_key, country) SELECT DISTINCT n.name_key, "
                         f"en.country FROM entity_names n JOIN entities en ON en.doc_id = n.doc_id "
                         f"AND en.id = n.entity_id WHERE en.country IS NOT NULL{conflict}")


def _pg_trigger(conn, name: str, table: str, when: str, body: str) -> None:
    conn.exec_driver_sql(f"CREATE OR REPLACE FUNCTION didban_{name}() RETURNS trigger AS $$ BEGIN {body} END $$ "
                         f"LANGUAGE plpgsql")
    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    conn.exec_driver_sql(f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION didban_{name}()")


def _v5_page_lookups(conn) -> None:
    """The near-duplicates of an article by a lookup (a page's cluster figures read the whole duplicates table
    without it); on PostgreSQL, the page indexes remade with the raw `day` included, so that a page walk and its
    count read the index alone (index-only scans), not a table row per event walked."""
    conn.execute(CreateIndex(next(ix for ix in duplicates.indexes if ix.name == "ix_duplicates_of"),
                             if_not_exists=True))
    if conn.dialect.name == "postgresql":
        for index in PAGE_INDEXES:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
            conn.execute(CreateIndex(index))


def _v6_drop_name_key_index(conn) -> None:
    """ix_entity_names_key (name_key) is a prefix of ix_entity_names_lookup (name_key, doc_id, entity_id), which
    answers every read it did: the ~50 entries an article's names added to it were the writer's costliest index."""
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_entity_names_key")


def _v7_name_keys_stamp(conn) -> None:
    """PostgreSQL: a number that changes whenever a name key is added (`entity_name_keys_stamp`, one row), so that
    the keys a part of a name matched can be remembered until then (queries.resolve_names; SQLite has the largest
    rowid of entity_name_keys for it). Bumped by a deferred trigger, at commit: the row's lock is then the last a
    writer takes, held for its commit only (taken at the first new key, two writers adding keys would wait for each
    other's whole batch and could deadlock on each other's keys). Read in the reader's snapshot with the keys, it
    is transactional: equal stamps, the same keys (they are never deleted)."""
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS entity_name_keys_stamp (id INTEGER PRIMARY KEY CHECK (id = 1), "
                         "stamp BIGINT NOT NULL)")
    conn.exec_driver_sql("INSERT INTO entity_name_keys_stamp (id, stamp) VALUES (1, 0) ON CONFLICT DO NOTHING")
    conn.exec_driver_sql("CREATE OR REPLACE FUNCTION didban_tr_name_keys_stamp() RETURNS trigger AS $$ BEGIN "
                         "UPDATE entity_name_keys_stamp SET stamp = stamp + 1 WHERE id = 1; RETURN NULL; END $$ "
                         "LANGUAGE plpgsql")
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS tr_name_keys_stamp ON entity_name_keys")
    conn.exec_driver_sql("CREATE CONSTRAINT TRIGGER tr_name_keys_stamp AFTER INSERT ON entity_name_keys "
                         "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION didban_tr_name_keys_stamp()")


# (version, description, function): append new versions at the end; never edit an applied one
MIGRATIONS = [
    (1, "documents, sentences, entities, mentions, events, participants, evidence, clusters, full-text search",
     _v1_create),
    (2, "didban watch: feeds, their validators and health, articles seen", _v2_watch),
    (3, "event list at scale: page and filter indexes, distinct name keys", _v3_query_indexes),
    (4, "event list at scale: filter rows in page order, countries of names; stored tsvector", _v4_filter_rows),
    (5, "event list at scale: near-duplicates by article; PostgreSQL page indexes with the day included",
     _v5_page_lookups),
    (6, "ingest speed: drop ix_entity_names_key (a prefix of ix_entity_names_lookup)", _v6_drop_name_key_index),
    (7, "event list at scale: PostgreSQL stamp of the name keys (the keys a name matched kept until it changes)",
     _v7_name_keys_stamp),
]
LATEST = MIGRATIONS[-1][0]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
