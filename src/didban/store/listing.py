"""The store's read methods for the doors above it: the document list, an article's fingerprint, counts, facets,
undated events, actor profiles, document labels and the pages of an export.

`Store` inherits them (`class Store(Listing)`), so the server, the CLI and `didban.export`'s callers ask the store and
never open a connection or write a query themselves; the queries are here and in `didban.store.aggregates`.
"""
from __future__ import annotations

from typing import Iterator

from didban.errors import Codes, DidbanError


class Listing:
    """Mixed into `didban.store.core.Store`: needs its `_read()` connections and `url`."""

    # --- the database, for people -----------------------------------------------------------------------------------

    def location(self) -> str:
        """The database for people: a SQLite file's path, else the URL without its password."""
        from didban.store.engine import _safe_url

        return self.url[len("sqlite:///"):] if self.url.startswith("sqlite:///") else _safe_url(self.url)

    @staticmethod
    def now() -> str:
        """The store's clock (UTC, to the second): what its timestamps (`ingested_at`, `updated_at`) are written in."""
        from didban.store.schema import now

        return now()

    # --- documents ------------------------------------------------------------------------------------------------

    def list_documents(self, limit: int = 50, offset: int = 0):
        """Stored documents, newest first (undated last, then by id): id, title, outlet, published, url, source and
        `num_events`, as `Results` counting them all."""
        with self._read() as conn:
            return documents_page(conn, limit, offset)

    def document_fingerprint(self, doc_id: str) -> str:
        """The hash of everything stored for a document: it changes whenever the document is stored changed. E404
        for an unknown id."""
        from sqlalchemy import select

        from didban.store import schema as s

        with self._read() as conn:
            found = conn.execute(select(s.documents.c.fingerprint).where(s.documents.c.id == doc_id)).first()
        if found is None:
            raise DidbanError(Codes.E404, f"no document with id {doc_id!r}")
        return found.fingerprint

    def document_labels(self, doc_ids, width: int = 90) -> dict[str, str]:
        """Each document's title, else its first words (see `aggregates.document_labels`)."""
        from didban.store import aggregates

        with self._read() as conn:
            return aggregates.document_labels(conn, doc_ids, width=width)

    # --- counts (see didban.store.aggregates) -----------------------------------------------------------------------

    def count_events(self, by, *, merged: bool = True, top: int | None = None, **filters):
        """Events counted by one or more dimensions (`aggregates.DIMENSIONS`), with the event filters."""
        from didban.store import aggregates

        with self._read() as conn:
            return aggregates.count_events(conn, by, merged=merged, top=top, **filters)

    def facets(self, *, merged: bool = True, limit: int = 40, **filters) -> dict:
        """The matching events counted by country, type, quad class, CAMEO root and month, with total and undated."""
        from didban.store import aggregates

        with self._read() as conn:
            return aggregates.facets(conn, merged=merged, limit=limit, **filters)

    def undated_events(self, *, limit: int = 50, offset: int = 0, merged: bool = True, **filters):
        """The matching events that no date places."""
        from didban.store import aggregates

        with self._read() as conn:
            return aggregates.undated_events(conn, limit=limit, offset=offset, merged=merged, **filters)

    def actor_profile(self, key_or_name: str, kb=None) -> dict:
        """An actor by entity key or name: names, country, offices, first and last event, counterparts. E404."""
        from didban.store import aggregates

        with self._read() as conn:
            return aggregates.actor_profile(conn, key_or_name, kb=kb)

    # --- exports ----------------------------------------------------------------------------------------------------

    def add_export_fields(self, events: list[dict]) -> list[dict]:
        """`events` (as `query_events` gives them) with what exports add: `num_mentions` and the article's
        `ingested_at`."""
        from didban.store import aggregates

        with self._read() as conn:
            return aggregates.add_export_fields(conn, events)

    def iter_export_pages(self, *, merged: bool = False, page: int = 1000, **filters) -> Iterator[list[dict]]:
        """Every matching event with its export fields, a page (a list) at a time: memory stays flat."""
        from didban.store import aggregates

        yield from aggregates.iter_export_pages(self, merged=merged, page=page, **filters)


def documents_page(conn, limit: int, offset: int):
    from sqlalchemy import func, select

    from didban.store import schema as s
    from didban.store.queries import _check_page
    from didban.store.results import Results

    _check_page(limit, offset)
    d, e = s.documents, s.events
    n_events = select(func.count()).where(e.c.doc_id == d.c.id).scalar_subquery()
    total = conn.execute(select(func.count()).select_from(d)).scalar_one()
    rows = conn.execute(select(d.c.id, d.c.title, d.c.outlet, d.c.published, d.c.url, d.c.source,
                               n_events.label("num_events"))
                        .order_by(d.c.published.desc().nulls_last(), d.c.id).limit(limit).offset(offset))
    return Results([dict(r) for r in rows.mappings()], total=total, limit=limit, offset=offset)
