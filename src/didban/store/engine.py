"""Opening a database: URLs, the default path, SQLite pragmas, PostgreSQL schemas, and applying migrations."""
from __future__ import annotations

import os
import re
import time
import weakref
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from didban.errors import Codes, DidbanError, needs_extra

DEFAULT_DB_FILE = "didban.sqlite"
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
IDLE_PING = 10.0  # seconds a PostgreSQL connection may sit in the pool before a checkout pings it


def default_db_url() -> str:
    """`$DIDBAN_DB` when set, else the SQLite file `didban.sqlite` in the current directory."""
    return normalize_url(os.environ.get("DIDBAN_DB") or DEFAULT_DB_FILE)[0]


def normalize_url(url: str | os.PathLike | None) -> tuple[str, str | None]:
    """(SQLAlchemy URL, PostgreSQL schema or None) from what a user typed.

    A bare path is a SQLite file; `postgresql://` and `postgres://` go through psycopg 3; `?schema=NAME` on a
    PostgreSQL URL keeps didban's tables in that schema (created when missing).
    """
    if url is None:
        url = os.environ.get("DIDBAN_DB") or DEFAULT_DB_FILE
    url = os.fspath(url)
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}", None
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        query = dict(parse_qsl(parts.query))
        schema = query.pop("schema", None)
        if schema is not None and not _SCHEMA_NAME.match(schema):
            raise DidbanError(Codes.E401, f"schema name {schema!r}", hint="use lower-case letters, digits and _")
        return urlunsplit(("postgresql+psycopg", parts.netloc, parts.path, urlencode(query), "")), schema
    if scheme.startswith("sqlite"):
        return url, None
    raise DidbanError(Codes.E401, f"unsupported database URL scheme {scheme!r}",
                      hint="use a file path, sqlite:///PATH or postgresql://USER@HOST:PORT/DB")


def create_engine(url: str, schema: str | None, *, readonly: bool = False, pool_size: int | None = None):
    """A SQLAlchemy engine with didban's connection settings (WAL and a busy timeout on SQLite). `readonly`: SQLite
    connections that cannot write (mode=ro) and leave the journal mode as it is. `pool_size`: connections kept for
    that many threads at once (the server's), instead of SQLAlchemy's 5 + 10 overflow."""
    from sqlalchemy import create_engine as sa_create_engine, event

    from didban.store.probe import readonly_sqlite_url, sqlite_path

    pool = {"pool_size": pool_size, "max_overflow": pool_size, "pool_timeout": 60} if pool_size else {}
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:" and not Path(path).parent.exists():
            raise DidbanError(Codes.E401, f"the folder of {path} does not exist")
        if readonly and sqlite_path(url):
            url = readonly_sqlite_url(sqlite_path(url))
        engine = sa_create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # SQLAlchemy, not the driver, decides where transactions begin
            cur = dbapi_conn.cursor()
            if not readonly:
                cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer; a killed writer loses nothing
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            # writes take the lock up front so two writers queue instead of failing on a lock upgrade
            mode = conn.get_execution_options().get("didban_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if mode else "BEGIN")

        return engine

    try:
        import psycopg  # noqa: F401
    except ModuleNotFoundError as exc:
        raise needs_extra("PostgreSQL", "psycopg", "postgres") from exc
    # no pool_pre_ping (a round trip before every checkout: one more for each page of the event list, which is
    # about ten statements); a connection is pinged at checkout only when it has sat idle in the pool for more than
    # IDLE_PING seconds — what a server restart, an idle timeout or a proxy drops — and one that fails is replaced
    # there (DisconnectionError: the pool reconnects). One that the server dropped while it was busy fails its
    # statement as a disconnect: SQLAlchemy then invalidates the whole pool, so only that request fails.
    engine = sa_create_engine(url, **pool)

    idle_since = weakref.WeakKeyDictionary()  # DBAPI connection → when it was checked in

    @event.listens_for(engine, "checkin")
    def _checked_in(dbapi_conn, _record):
        if dbapi_conn is not None:  # (None: a connection invalidated on its way back)
            idle_since[dbapi_conn] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_conn, _record, _proxy):
        since = idle_since.pop(dbapi_conn, None)
        if since is not None and time.monotonic() - since > IDLE_PING:
            from sqlalchemy.exc import DisconnectionError

            try:
                with dbapi_conn.cursor() as cur:
                    cur.execute("SELECT 1")
                dbapi_conn.rollback()
            except Exception as exc:  # noqa: BLE001 - any failure: the pool makes a new connection
                raise DisconnectionError(str(exc)) from exc

    if schema:
        @event.listens_for(engine, "connect")
        def _pg_schema(dbapi_conn, _record):
            with dbapi_conn.cursor() as cur:  # the name was checked against _SCHEMA_NAME; created by the migrator
                cur.execute(f'SET search_path TO "{schema}"')
            dbapi_conn.commit()
    return engine


def apply_migrations(engine, schema: str | None = None) -> int:
    """Create or upgrade the schema; return the version now in place. A newer database than this didban: E403."""
    from sqlalchemy import select

    from didban.store import schema as s

    with engine.connect().execution_options(didban_write=True) as conn:
        with conn.begin():
            if conn.dialect.name == "postgresql":  # one migrator at a time, whatever the number of processes
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242014)")
                if schema:  # checked against _SCHEMA_NAME when the URL was read
                    conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            s.migrations.create(conn, checkfirst=True)
            applied = set(conn.execute(select(s.migrations.c.version)).scalars())
            current = max(applied, default=0)
            if current > s.LATEST:
                raise DidbanError(Codes.E403, f"database schema version {current}, this didban knows up to "
                                              f"{s.LATEST}")
            for version, description, migrate in s.MIGRATIONS:
                if version not in applied:  # (not only those above the highest: a number left free is filled later)
                    migrate(conn)
                    conn.execute(s.migrations.insert().values(version=version, description=description,
                                                              applied_at=s.now()))
                    current = max(current, version)
    return current


def translate_db_error(exc: Exception, url: str) -> DidbanError:
    """A driver error as a DidbanError with the right code (locked/read-only vs cannot open)."""
    from didban.store.probe import _first_line

    message = _first_line(getattr(exc, "orig", None) or exc)
    lowered = message.lower()
    if any(sign in lowered for sign in _DAMAGED):
        return DidbanError(Codes.E405, message)
    if "locked" in lowered or "readonly" in lowered or "read-only" in lowered or "disk" in lowered:
        return DidbanError(Codes.E402, message)
    return DidbanError(Codes.E401, f"{_safe_url(url)}: {message}")


# what SQLite says about a file whose pages or schema are damaged (found only when a query reaches the damage)
_DAMAGED = ("malformed", "not a database", "could not decode to utf-8", "disk image", "database corrupt")


def _safe_url(url: str) -> str:
    """The URL without a password, for messages."""
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)
