"""The `Store`: one database (SQLite or PostgreSQL) holding documents and everything extracted from them."""
from __future__ import annotations

import os
from operator import itemgetter
from typing import Iterator

from didban.document import Document
from didban.errors import Codes, DidbanError
from didban.store import schema as s
from didban.store.engine import (apply_migrations, create_engine, normalize_url, translate_db_error)
from didban.store.listing import Listing
from didban.store.rows import rows_to_document

_TABLES = {t.name: t for t in s.metadata.sorted_tables}


class Store(Listing):
    """Writing and reading documents, the whole-store streams and the queries here; the read methods the server,
    the CLI and exports ask for (the document list, counts, profiles, export pages) in `didban.store.listing`."""

    def __init__(self, url: str | os.PathLike | None = None, *, create: bool = True, readonly: bool = False,
                 pool_size: int | None = None):
        """`create`: a missing SQLite file becomes a new store. `readonly`: never write, create or migrate (the
        connections cannot write); the database must already be a complete store of this didban's version."""
        from sqlalchemy.exc import SQLAlchemyError

        from didban.store.probe import check_schema, check_sqlite_file, sqlite_path

        self.url, self.schema = normalize_url(url)
        self.readonly = readonly
        path = sqlite_path(self.url)
        new_file = check_sqlite_file(path, create=create, readonly=readonly) if path else False
        if path and not new_file:  # looked at through a connection that cannot write (nor switch it to WAL)
            self._check_schema(readonly)
        self.engine = create_engine(self.url, self.schema, readonly=readonly, pool_size=pool_size)
        self.dialect = self.engine.dialect.name
        try:
            if not path:
                with self.engine.connect() as conn:
                    self.version = check_schema(conn, self.schema, readonly=readonly)
            if not readonly:
                self.version = apply_migrations(self.engine, self.schema)
        except DidbanError:
            self.engine.dispose()
            raise
        except (SQLAlchemyError, OSError, UnicodeError) as exc:
            self.engine.dispose()
            raise translate_db_error(exc, self.url) from exc

    def _check_schema(self, readonly: bool) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        from didban.store.probe import check_schema

        probe = create_engine(self.url, None, readonly=True)
        try:
            with probe.connect() as conn:
                self.version = check_schema(conn, None, readonly=readonly)
        except (SQLAlchemyError, OSError, UnicodeError) as exc:
            raise translate_db_error(exc, self.url) from exc
        finally:
            probe.dispose()

    # --- connections ---------------------------------------------------------------------------------------------

    def _write(self):
        """A connection whose transactions take the write lock at once (SQLite BEGIN IMMEDIATE)."""
        return self.engine.connect().execution_options(didban_write=True)

    def _read(self):
        return self.engine.connect()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.dialect}, schema v{self.version})"

    # --- writing -------------------------------------------------------------------------------------------------

    def upsert_document(self, doc: Document) -> str:
        """Store `doc` and all its layers in one transaction: "new", "unchanged" (nothing written) or "updated"."""
        from didban.store.rows import prepare_document

        return self.write_prepared([prepare_document(doc)])[0]

    def write_prepared(self, docs: list) -> list[str]:
        """Store several prepared documents (`didban.store.rows.PreparedDocument`) in ONE transaction: all of them or,
        if anything fails (or the process dies), none. Their statuses in order: "new", "unchanged", "updated".

        A document's rows breaking a uniqueness rule is E901 (the whole batch is rolled back: the caller writes the
        batch again one document at a time to find which); a database that cannot be written is E401-E405."""
        from sqlalchemy.exc import IntegrityError, SQLAlchemyError

        for attempt in (1, 2):
            try:
                with self._write() as conn, conn.begin():
                    self._tune_for_batches(conn)
                    return [status for run in _distinct_runs(docs) for status in self._write_batch(conn, run)]
            except IntegrityError as exc:
                # another writer may have stored the same document between our check and our insert (PostgreSQL
                # runs writers side by side): look again once; a second failure is in the documents' own rows
                if attempt == 2:
                    detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
                    raise DidbanError(Codes.E901, f"the document's rows break a uniqueness rule ({detail})",
                                      path=docs[0].source if len(docs) == 1 else None) from exc
            except SQLAlchemyError as exc:
                raise translate_db_error(exc, self.url) from exc
        raise AssertionError("unreachable")

    def _tune_for_batches(self, conn) -> None:
        """SQLite settings of the connection that writes batches (measured on a 1,000-article store: 3.0 → 1.6 ms of
        CPU a document): a 64 MB page cache, since documents have random ids and their rows land all over every
        index; and a checkpoint of the write-ahead log every 64 MB instead of every 4 MB."""
        if self.dialect == "sqlite":
            conn.exec_driver_sql("PRAGMA cache_size=-65536")
            conn.exec_driver_sql("PRAGMA wal_autocheckpoint=16384")

    def _write_batch(self, conn, docs: list) -> list[str]:
        """Inside one transaction: one lookup for the whole batch, then one multi-row insert per table."""
        from sqlalchemy import select

        found = {}
        for part in _slices(sorted({d.id for d in docs})):
            found.update(conn.execute(select(s.documents.c.id, s.documents.c.fingerprint)
                                      .where(s.documents.c.id.in_(part))).all())
        stamp = s.now()
        statuses, new_rows, replaced, search, filters = [], [], [], [], []
        children: dict[str, list[dict]] = {table.name: [] for table in s.DOCUMENT_CHILDREN}
        for doc in docs:
            old = found.get(doc.id)
            if old == doc.digest:
                statuses.append("unchanged")
                continue
            doc_row = {**doc.rows["documents"][0], "fingerprint": doc.digest, "updated_at": stamp}
            if old is None:
                new_rows.append({**doc_row, "ingested_at": stamp})
            else:
                self._delete_children(conn, doc.id)
                doc_row.pop("source")  # the first source read is kept
                conn.execute(s.documents.update().where(s.documents.c.id == doc.id).values(**doc_row))
                replaced.append(doc.id)
            for name, rows in children.items():
                rows += doc.rows[name]
            search.append({"id": doc.id, "body": doc.search_body})
            filters += doc.filters
            statuses.append("new" if old is None else "updated")
        if new_rows:
            self._insert_many(conn, s.documents, new_rows)
        for table in WRITE_ORDER:
            if children[table.name]:
                self._insert_many(conn, table, children[table.name])
        self._insert_filter_rows(conn, filters)
        self._index_texts(conn, search, replaced)
        return statuses

    def _insert_filter_rows(self, conn, rows: list[tuple]) -> None:
        """The batch's rows of event_filters, built by the workers (`didban.store.rows.filter_rows`), in one sorted
        insert. The participants went in before their events, so the store's trigger on participants (kept for
        every other writer) found no event and added nothing: the rows are written once, here."""
        if not rows or self.version < 4:  # (a store before migration 4 has no such table: tests of migrations)
            return
        rows.sort()
        columns = [c.name for c in s.event_filters.columns]
        if self.dialect == "sqlite":
            conn.exec_driver_sql(f"INSERT OR IGNORE INTO event_filters ({', '.join(columns)}) "
                                 f"VALUES ({', '.join('?' * len(columns))})", rows)
        else:
            from sqlalchemy.dialects.postgresql import insert

            conn.execute(insert(s.event_filters).on_conflict_do_nothing(),
                         [dict(zip(columns, row)) for row in rows])

    def _insert_many(self, conn, table, rows: list[dict]) -> None:
        """One multi-row insert. On SQLite straight through the driver (rows as tuples): SQLAlchemy's per-row
        parameter processing cost as much as SQLite's own work; the rows are plain values already."""
        if self.dialect != "sqlite":
            conn.execute(table.insert(), rows)
            return
        columns = list(rows[0])
        names = ", ".join(f'"{c}"' for c in columns)  # quoted: some columns are SQL words (text, position, ...)
        sql = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})"
        values = itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))
        conn.exec_driver_sql(sql, list(map(values, rows)))

    def _delete_children(self, conn, doc_id: str) -> None:
        for table in s.DOCUMENT_CHILDREN:
            conn.execute(table.delete().where(table.c.doc_id == doc_id))

    def _index_texts(self, conn, search: list[dict], replaced: list[str]) -> None:
        """Index the folded texts (title and body) for full-text search; `replaced`: ids indexed before."""
        from sqlalchemy import text

        if self.dialect == "sqlite":
            for doc_id in replaced:
                conn.execute(text("DELETE FROM doc_fts WHERE doc_id = :id"), {"id": doc_id})
            if search:
                conn.exec_driver_sql("INSERT INTO doc_fts (doc_id, body) VALUES (?, ?)",
                                     [(r["id"], r["body"]) for r in search])
        else:
            for doc_id in replaced:
                conn.execute(s.doc_search.delete().where(s.doc_search.c.doc_id == doc_id))
            if search:
                conn.execute(s.doc_search.insert(), [{"doc_id": r["id"], "body": r["body"]} for r in search])

    def stored_ids(self, doc_ids: list[str]) -> set[str]:
        """Which of `doc_ids` are stored (one query for many: what ingest asks before extracting)."""
        from sqlalchemy import select

        found: set[str] = set()
        with self._read() as conn:
            for part in _slices(sorted(set(doc_ids))):
                found.update(conn.execute(select(s.documents.c.id).where(s.documents.c.id.in_(part))).scalars())
        return found

    def set_duplicate(self, doc_id: str, of_doc_id: str | None) -> None:
        """Mark `doc_id` as a near-duplicate of `of_doc_id` (None clears the mark)."""
        with self._write() as conn, conn.begin():
            conn.execute(s.duplicates.delete().where(s.duplicates.c.doc_id == doc_id))
            if of_doc_id is not None and of_doc_id != doc_id:
                conn.execute(s.duplicates.insert().values(doc_id=doc_id, of_doc_id=of_doc_id))

    def replace_duplicates(self, links: dict[str, str]) -> None:
        """Replace all near-duplicate links at once: {doc id: id of the document it repeats}."""
        with self._write() as conn, conn.begin():
            conn.execute(s.duplicates.delete())
            rows = [{"doc_id": d, "of_doc_id": o} for d, o in sorted(links.items()) if o and o != d]
            if rows:
                conn.execute(s.duplicates.insert(), rows)

    def duplicates(self) -> dict[str, str]:
        from sqlalchemy import select

        with self._read() as conn:
            return dict(conn.execute(select(s.duplicates.c.doc_id, s.duplicates.c.of_doc_id)).all())

    def replace_clusters(self, clusters: dict[str, str]) -> None:
        """Replace all cross-article event clusters at once: {event id: cluster id}."""
        with self._write() as conn, conn.begin():
            conn.execute(s.event_clusters.delete())
            if clusters:
                conn.execute(s.event_clusters.insert(),
                             [{"event_id": e, "cluster_id": c} for e, c in sorted(clusters.items())])

    def clusters(self) -> dict[str, str]:
        from sqlalchemy import select

        with self._read() as conn:
            return dict(conn.execute(select(s.event_clusters.c.event_id, s.event_clusters.c.cluster_id)).all())

    # --- reading documents -----------------------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        from sqlalchemy import select

        with self._read() as conn:
            return conn.execute(select(s.documents.c.id).where(s.documents.c.id == doc_id)).first() is not None

    def document_ids(self) -> list[str]:
        from sqlalchemy import select

        with self._read() as conn:
            return list(conn.execute(select(s.documents.c.id).order_by(s.documents.c.id)).scalars())

    def count(self, table: str) -> int:
        """Rows in one of didban's tables (for tests and summaries)."""
        from sqlalchemy import func, select

        with self._read() as conn:
            return conn.execute(select(func.count()).select_from(_TABLES[table])).scalar_one()

    def get_document(self, doc_id: str) -> Document:
        """The stored document rebuilt with all its layers (no tokens, no normalized copy). Unknown id: E404."""
        with self._read() as conn:
            doc = self._load(conn, doc_id)
        if doc is None:
            raise DidbanError(Codes.E404, f"no document with id {doc_id!r}")
        return doc

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, in id order, loaded one at a time."""
        for doc_id in self.document_ids():
            with self._read() as conn:
                doc = self._load(conn, doc_id)
            if doc is not None:
                yield doc

    def _load(self, conn, doc_id: str) -> Document | None:
        from sqlalchemy import select

        row = conn.execute(select(s.documents).where(s.documents.c.id == doc_id)).mappings().first()
        if row is None:
            return None
        children = {}
        for table, order in ((s.segments, ("idx",)), (s.sentences, ("idx",)), (s.mentions, ("idx",)),
                             (s.entities, ("idx",)), (s.events, ("idx",)),
                             (s.participants, ("event_id", "role", "position")), (s.evidence, ("event_id", "idx"))):
            query = select(table).where(table.c.doc_id == doc_id).order_by(*(table.c[c] for c in order))
            children[table.name] = [dict(r) for r in conn.execute(query).mappings()]
        return rows_to_document(dict(row), children)

    # --- whole-store streams (see didban.store.records) -----------------------------------------------------------

    def iter_article_rows(self, **where):
        """Stored articles (id, text, published), undated first, then by publication date; `where`: see
        `didban.store.records.article_rows` (the parts an incremental merge reads)."""
        from didban.store import records

        with self._read() as conn:
            yield from records.article_rows(conn, **where)

    def iter_event_rows(self, **where):
        """Stored events with their article's fields and participants, by day (undated first), document, id;
        `where`: a range of days (see `didban.store.records.event_rows`)."""
        from didban.store import records

        with self._read() as conn:
            yield from records.event_rows(conn, **where)

    # --- incremental merge (see didban.merge.incremental) ---------------------------------------------------------

    def clusters_of(self, event_ids: list[str]) -> dict[str, str]:
        """The stored cluster of each of `event_ids` that has one."""
        from sqlalchemy import select

        c = s.event_clusters
        out: dict[str, str] = {}
        with self._read() as conn:
            for part in _slices(sorted(set(event_ids))):
                out.update(conn.execute(select(c.c.event_id, c.c.cluster_id).where(c.c.event_id.in_(part))).all())
        return out

    def unclustered_events(self) -> int:
        """How many stored events have no cluster row (0 when every earlier ingest ended with its merge)."""
        from sqlalchemy import func, select

        with self._read() as conn:
            events = conn.execute(select(func.count()).select_from(s.events)).scalar_one()
            clustered = conn.execute(select(func.count()).select_from(s.event_clusters)).scalar_one()
        return events - clustered

    def undated_unclustered_event_ids(self) -> list[str]:
        """Events without a day and without a cluster row (new ones: each is a cluster of its own)."""
        from sqlalchemy import select

        e, c = s.events, s.event_clusters
        query = (select(e.c.id).where(e.c.day.is_(None))
                 .where(~select(c.c.event_id).where(c.c.event_id == e.c.id).exists()))
        with self._read() as conn:
            return list(conn.execute(query).scalars())

    def update_duplicates(self, removed: list[str], links: dict[str, str]) -> None:
        """In one transaction: drop the near-duplicate links of `removed`, set `links` ({doc id: original})."""
        with self._write() as conn, conn.begin():
            for part in _slices(sorted(set(removed) | set(links))):
                conn.execute(s.duplicates.delete().where(s.duplicates.c.doc_id.in_(part)))
            rows = [{"doc_id": d, "of_doc_id": o} for d, o in sorted(links.items()) if o and o != d]
            if rows:
                conn.execute(s.duplicates.insert(), rows)

    def update_clusters(self, clusters: dict[str, str]) -> None:
        """In one transaction: set the cluster of each event of `clusters` ({event id: cluster id}), others kept."""
        with self._write() as conn, conn.begin():
            for part in _slices(sorted(clusters)):
                conn.execute(s.event_clusters.delete().where(s.event_clusters.c.event_id.in_(part)))
            if clusters:
                conn.execute(s.event_clusters.insert(),
                             [{"event_id": e, "cluster_id": c} for e, c in sorted(clusters.items())])

    # --- queries (see didban.store.queries) ----------------------------------------------------------------------

    def query_events(self, **filters):
        from didban.store import queries

        with self._read() as conn:
            return queries.query_events(conn, **filters)

    def get_event(self, event_id: str) -> dict:
        from didban.store import queries

        with self._read() as conn:
            found = queries.get_event(conn, event_id)
        if found is None:
            raise DidbanError(Codes.E404, f"no event with id {event_id!r}")
        return found

    def search(self, query: str, limit: int = 20, offset: int = 0):
        from didban.store import queries

        with self._read() as conn:
            return queries.search(conn, query, limit=limit, offset=offset)

    def query_entities(self, **filters):
        from didban.store import queries

        with self._read() as conn:
            return queries.query_entities(conn, **filters)

    def network(self, **filters) -> dict:
        from didban.store import queries

        with self._read() as conn:
            return queries.network(conn, **filters)

    def timeline(self, **filters):
        from didban.store import queries

        with self._read() as conn:
            return queries.timeline(conn, **filters)

    def stats(self) -> dict:
        return {name: self.count(name) for name in ("documents", "events", "entities", "mentions", "evidence")}


# the order a batch's rows go in (parents before children), except that participants go before their events: the
# trigger that derives event_filters from a participant joins its event, finds none yet and adds nothing — the batch
# writer inserts those rows itself, built in the workers (`_insert_filter_rows`)
WRITE_ORDER = (s.segments, s.sentences, s.entity_names, s.entities, s.mentions, s.participants, s.events, s.evidence)
assert set(WRITE_ORDER) == set(s.DOCUMENT_CHILDREN)


def _distinct_runs(docs: list) -> list[list]:
    """`docs` cut into consecutive runs without a repeated id: a document given twice is written, then compared
    with what was written (as two calls would do)."""
    runs, run, ids = [], [], set()
    for doc in docs:
        if doc.id in ids:
            runs.append(run)
            run, ids = [], set()
        run.append(doc)
        ids.add(doc.id)
    return runs + [run] if run else runs


def _slices(values: list, size: int = 500):
    """`values` in slices small enough for any database's limit on bound parameters."""
    for start in range(0, len(values), size):
        yield values[start:start + size]
