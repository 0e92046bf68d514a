"""Is this database didban's, whole, and safe to open? Checked before the store changes anything.

A damaged SQLite file (truncated, overwritten, byte-flipped in its structure) is refused with E405, another program's
database with E406, a database holding only part of didban's tables with E407 — by every command, before any migration
or pragma runs. Commands that only read never migrate and never create: an empty file or database is not a store.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from didban.errors import Codes, DidbanError

SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER = 100
# the page walk costs ~2 ms per MB at every open: above this size (a store of millions of events) it is skipped, so a
# query stays a query; the header check still runs, and damage a query meets is still E405
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024


def sqlite_path(url: str) -> str | None:
    """The file behind a `sqlite:///PATH` URL (None for PostgreSQL, memory or URI forms)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///"):]
    return None if not path or path == ":memory:" or path.startswith("file:") else path


def readonly_sqlite_url(path: str) -> str:
    """A URL whose connections cannot write (SQLite's `mode=ro`): what read-only commands open."""
    return f"sqlite:///file:{quote(str(Path(path)), safe='/')}?mode=ro&uri=true"


def check_sqlite_file(path: str, *, create: bool, readonly: bool) -> bool:
    """Refuse a SQLite file didban must not open; True when the file holds no database yet (a new store).

    Checks the header against the file's size (a truncated copy), then lets SQLite walk every page (`quick_check`,
    about 2 ms per MB; files over QUICK_CHECK_MAX_BYTES skip it) so that a damaged file is named as such here instead
    of failing half-way through a query.
    """
    exists = os.path.exists(path)
    if not exists or os.path.getsize(path) == 0:
        if create and not readonly:
            return True
        what = f"no database at {path}" if not exists else f"{path} is an empty file"
        code = Codes.E401 if not exists else Codes.E406
        raise DidbanError(code, what, hint="store documents first with 'didban ingest', or give --db")
    try:
        with open(path, "rb") as fh:
            header = fh.read(_HEADER)
    except OSError as exc:
        raise DidbanError(Codes.E401, f"{path}: {exc.strerror or exc}", hint="check the file's permissions") from exc
    if not header.startswith(SQLITE_MAGIC):
        raise DidbanError(Codes.E406, f"{path} is not a SQLite database file")
    size = os.path.getsize(path)
    problem = _header_problem(header, size)
    if problem is None and size <= QUICK_CHECK_MAX_BYTES:
        problem = _quick_check(path)
    if problem:
        raise DidbanError(Codes.E405, f"{path}: {problem}")
    return False


def _header_problem(header: bytes, size: int) -> str | None:
    if len(header) < _HEADER:
        return f"the file is cut short ({size} bytes, less than a database header)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "the header is damaged (impossible page size)"
    pages = int.from_bytes(header[28:32], "big")
    header_count_valid = header[24:28] == header[92:96]  # SQLite's own rule for trusting the page count
    if header_count_valid and pages and size < pages * page_size:
        return f"the file is cut short ({size:,} bytes, its header says {pages * page_size:,})"
    if size % page_size:
        return f"the file is cut short or padded ({size:,} bytes is not a whole number of {page_size}-byte pages)"
    return None


def _quick_check(path: str) -> str | None:
    try:
        conn = sqlite3.connect(f"file:{quote(path, safe='/')}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as exc:
        return _first_line(exc)
    try:
        conn.text_factory = bytes  # a damaged file's messages may not be UTF-8
        rows = [r[0].decode("utf-8", "replace") if isinstance(r[0], bytes) else str(r[0])
                for r in conn.execute("PRAGMA quick_check(3)").fetchall() if r]
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower():  # a writer holds the file: it is in use, not damaged
            return None
        return _first_line(exc)
    except sqlite3.Error as exc:
        return _first_line(exc)
    except UnicodeError:
        return "its schema holds bytes that are not text (damaged pages)"
    finally:
        conn.close()
    found = [_first_line(r) for r in rows if r != "ok"]
    return "; ".join(found)[:300] if found else None


def _first_line(exc: BaseException | str) -> str:
    """The driver's message, one printable line (a damaged file may put raw bytes into it), without the stored text
    SQLite quotes after "with text"."""
    line = (str(exc).strip().splitlines() or [type(exc).__name__])[0].split(" with text ", 1)[0]
    return "".join(ch if ch.isprintable() else "?" for ch in line)[:300]


# --- the tables: didban's, whole, or someone else's --------------------------------------------------------------

def expected_tables(version: int, dialect: str) -> set[str]:
    """The tables a didban store at schema `version` holds."""
    from didban.store import schema as s

    tables = {"didban_migrations"}
    if version >= 1:
        tables |= {t.name for t in s.metadata.sorted_tables
                   if t not in s.WATCH_TABLES + s.QUERY_TABLES + s.FILTER_TABLES and t.name != "doc_search"}
        tables.add("doc_fts" if dialect == "sqlite" else "doc_search")
    if version >= 2:
        tables |= {t.name for t in s.WATCH_TABLES}
    if version >= 3:
        tables |= {t.name for t in s.QUERY_TABLES}
    if version >= 4:
        tables |= {t.name for t in s.FILTER_TABLES}
    return tables


def check_schema(conn, schema: str | None, *, readonly: bool) -> int:
    """The schema version of the store behind `conn`, or 0 for an empty database a writing command may set up.

    E406: tables, none of them didban's; E407: some of didban's tables without their migration record, or fewer than
    the recorded version has, or (for read-only commands, which never migrate) an older or empty store; E403: newer.
    """
    from sqlalchemy import inspect, text

    from didban.store import schema as s

    inspector = inspect(conn)
    names = set(inspector.get_table_names(schema=schema))
    ours = {t.name for t in s.metadata.sorted_tables} | {"doc_fts"}
    if "didban_migrations" not in names:
        if not names:
            if readonly:
                raise DidbanError(Codes.E407, "the database is empty",
                                  hint="store documents first with 'didban ingest', or give --db")
            return 0
        if names & ours:
            raise DidbanError(Codes.E407, f"it has {len(names & ours)} of didban's tables but no record of their "
                                          "set-up (didban_migrations)")
        shown = ", ".join(sorted(names)[:5]) + (" …" if len(names) > 5 else "")
        raise DidbanError(Codes.E406, f"its tables ({shown}) are not didban's")
    table = f'"{schema}".didban_migrations' if schema else "didban_migrations"
    version = conn.execute(text(f"SELECT max(version) FROM {table}")).scalar() or 0
    if version > s.LATEST:
        raise DidbanError(Codes.E403, f"database schema version {version}, this didban knows up to {s.LATEST}")
    missing = expected_tables(version, conn.dialect.name) - names
    if missing:
        raise DidbanError(Codes.E407, f"schema version {version} lacks {', '.join(sorted(missing))}")
    for table in s.metadata.sorted_tables:
        if table.name in names:
            lacking = set(table.c.keys()) - {c["name"] for c in inspector.get_columns(table.name, schema=schema)}
            if lacking:
                raise DidbanError(Codes.E407, f"table {table.name} lacks column(s) {', '.join(sorted(lacking))}",
                                  hint="the file was changed by another program or is damaged: give the right "
                                       "--db, or restore the store from a backup")
    if readonly and version < s.LATEST:
        raise DidbanError(Codes.E407, f"the store has schema version {version}, this didban reads version {s.LATEST}",
                          hint="read-only commands never change a database: upgrade it once with a writing command "
                               "(didban ingest or didban reprocess with this --db)")
    return version
