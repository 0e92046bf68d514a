"""The `Store`: one database (SQLite or PostgreSQL) holding documents and everything extracted from them."""
from __future__ import annotations

import os
from typing import Iterator

from didban.document import Document
from didban.errors import Codes, DidbanError
from didban.store import schema as s
from didban.store.engine import (apply_migrations, create_engine, normalize_url, translate_db_error)
from didban.store.fold import fold
from didban.store.listing import Listing
from didban.store.rows import document_to_rows, fingerprint, rows_to_document

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
        from sqlalchemy.exc import IntegrityError, SQLAlchemyError

        rows = document_to_rows(doc)
        digest = fingerprint(rows)
        for attempt in (1, 2):
            try:
                return self._upsert(doc, rows, digest)
            except IntegrityError as exc:
                # another writer may have stored the same document between our check and our insert (PostgreSQL
                # runs writers side by side): look again once; a second failure is in the document's own rows
                if attempt == 2:
                    detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
                    raise DidbanError(Codes.E901, f"the document's rows break a uniqueness rule ({detail})",
                                      path=doc.source) from exc
            except SQLAlchemyError as exc:
                raise translate_db_error(exc, self.url) from exc
        raise AssertionError("unreachable")

    def _upsert(self, doc: Document, rows: dict, digest: str) -> str:
        from sqlalchemy import select

        with self._write() as conn, conn.begin():
            found = conn.execute(select(s.documents.c.fingerprint).where(s.documents.c.id == doc.id)).first()
            if found is not None and found.fingerprint == digest:
                return "unchanged"
            stamp = s.now()
            doc_row = {**rows["documents"][0], "fingerprint": digest, "updated_at": stamp}
            if found is None:
                conn.execute(s.documents.insert().values(**doc_row, ingested_at=stamp))
            else:
                self._delete_children(conn, doc.id)
                doc_row.pop("source")  # the first source read is kept
                conn.execute(s.documents.update().where(s.documents.c.id == doc.id).values(**doc_row))
            for table in reversed(s.DOCUMENT_CHILDREN):  # parents before children
                if rows[table.name]:
                    conn.execute(table.insert(), rows[table.name])
            self._index_text(conn, doc, replace=found is not None)
            return "new" if found is None else "updated"

    def _delete_children(self, conn, doc_id: str) -> None:
        for table in s.DOCUMENT_CHILDREN:
            conn.execute(table.delete().where(table.c.doc_id == doc_id))

    def _index_text(self, conn, doc: Document, *, replace: bool) -> None:
        """Index the folded text (title and body) for full-text search."""
        from sqlalchemy import text

        body = fold(f"{doc.title or ''}\n{doc.text}")
        if self.dialect == "sqlite":
            if replace:
                conn.execute(text("DELETE FROM doc_fts WHERE doc_id = :id"), {"id": doc.id})
            conn.execute(text("INSERT INTO doc_fts (doc_id, body) VALUES (:id, :body)"), {"id": doc.id, "body": body})
        else:
            if replace:
                conn.execute(s.doc_search.delete().where(s.doc_search.c.doc_id == doc.id))
            conn.execute(s.doc_search.insert().values(doc_id=doc.id, body=body))

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

    def iter_article_rows(self):
        """Every stored article (id, text, published), undated first, then by publication date."""
        from didban.store import records

        with self._read() as conn:
            yield from records.article_rows(conn)

    def iter_event_rows(self):
        """Every stored event with its article's fields and participants, by day (undated first), document, id."""
        from didban.store import records

        with self._read() as conn:
            yield from records.event_rows(conn)

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
