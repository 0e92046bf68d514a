"""The store's write generation: a value that changes whenever the stored data may have (the server's answer cache
serves a kept answer only while it is unchanged).

- SQLite: `PRAGMA data_version` on a connection of this process that only watches. SQLite changes it whenever another
  connection — of this process (the server's write queue) or of any other (`didban ingest`, another server worker) —
  commits.
- PostgreSQL: `pg_current_snapshot()` as text. Two equal snapshots see the same committed transactions (one that
  commits leaves the in-progress list, one that starts moves xmax), so equal text means unchanged data; any write in
  the cluster changes it, which only costs the cache a recomputation.
"""
from __future__ import annotations

import logging
import os
import threading

log = logging.getLogger("didban.store")


class Generation:
    """The store's write generation as seen from this process: a value that changes whenever the data may have.
    None when it cannot be known (an in-memory database, a failing watch): then nothing is served from the cache."""

    def __init__(self, store):
        from didban.store.probe import sqlite_path

        self._lock = threading.Lock()
        self._path = sqlite_path(store.url)
        self._engine = store.engine if store.dialect == "postgresql" else None
        self._conn = self._pid = None  # opened in the process that asks (a worker forked after the app was built)
        self.blocking = self._engine is not None  # PostgreSQL: a round trip, asked from a thread

    @property
    def enabled(self) -> bool:
        return bool(self._path) or self._engine is not None

    def current(self):
        try:
            if self._path:
                return self._sqlite()
            if self._engine is not None:
                with self._engine.connect() as conn:
                    return conn.exec_driver_sql("SELECT pg_current_snapshot()::text").scalar_one()
        except Exception as exc:  # noqa: BLE001 - the answer is then computed, never served from the cache
            log.warning("store generation unknown (%s): answers are not cached", " ".join(str(exc).split())[:200])
        return None

    def _sqlite(self):
        import sqlite3
        from urllib.parse import quote

        with self._lock:
            if self._pid != os.getpid():
                self._conn = sqlite3.connect(f"file:{quote(self._path, safe='/')}?mode=ro", uri=True,
                                             check_same_thread=False, isolation_level=None)
                self._pid = os.getpid()
            return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = self._pid = None
