"""Keeping what didban extracts: SQLite by default, PostgreSQL for servers (SQLAlchemy Core), full-text search,
recorded migrations. `open_store(url)` is the door; see docs/store-api-web.md.

Importing this package is light: SQLAlchemy is loaded when a store is opened.
"""
from __future__ import annotations

from didban.store.engine import DEFAULT_DB_FILE, default_db_url


def open_store(url=None, *, create: bool = True, readonly: bool = False, pool_size: int | None = None):
    """Open (creating or upgrading) the database at `url` (a path, sqlite:///PATH or postgresql://...).
    None: `$DIDBAN_DB`, else ./didban.sqlite. `create=False`: a missing SQLite file is an error (E401), not made.
    `readonly=True`: nothing is created, migrated or written (what `events`, `search`, `export` open). A damaged,
    foreign or partial database is refused (E405, E406, E407; see didban.store.probe)."""
    from didban.store.core import Store

    return Store(url, create=create, readonly=readonly, pool_size=pool_size)


def query_entities(url=None, **filters):
    """Stored entities across documents (what `didban entities` without files lists)."""
    store = open_store(url, create=False, readonly=True)
    try:
        return store.query_entities(**filters)
    finally:
        store.close()


__all__ = ["open_store", "default_db_url", "query_entities", "DEFAULT_DB_FILE"]
