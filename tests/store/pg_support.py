"""PostgreSQL for tests: the server at $DIDBAN_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test), one fresh
schema per use. No server: skip with the reason — except in CI (CI=true), where that is a failure."""
from __future__ import annotations

import contextlib
import functools
import os
import uuid

import pytest

PG_URL = os.environ.get("DIDBAN_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@functools.lru_cache(maxsize=1)
def _usable_server() -> tuple[str | None, str]:
    """(a URL that answers, or None; why not). Asked once per test run."""
    try:
        import psycopg
    except ModuleNotFoundError:
        return None, "psycopg is not installed (pip install 'didban[store]')"
    reason = ""
    for url in dict.fromkeys((PG_URL, PG_URL.replace("postgres@", "root@", 1))):  # trust auth: postgres or root
        try:
            with psycopg.connect(url, connect_timeout=3):
                return url, ""
        except Exception as exc:  # noqa: BLE001 - any failure means "no usable server"
            reason = f"no PostgreSQL server answers at {PG_URL} ({type(exc).__name__}: {' '.join(str(exc).split())[:140]})"
    return None, reason


def pg_url_or_skip() -> str:
    url, reason = _usable_server()
    if url is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but PostgreSQL is unusable: {reason}")
        pytest.skip(reason + "; set DIDBAN_TEST_PG to a server to run these tests")
    return url


@contextlib.contextmanager
def fresh_pg_schema():
    """A PostgreSQL URL with a fresh schema of its own, dropped on exit."""
    import psycopg

    base = pg_url_or_skip()
    schema = f"didban_test_{uuid.uuid4().hex[:12]}"
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}schema={schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
