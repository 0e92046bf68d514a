"""Store fixtures: synthetic documents with entities and events, and a `store` over SQLite and PostgreSQL.

PostgreSQL: the server at $DIDBAN_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test). Each test gets its own
schema (dropped afterwards), so parallel runs never collide. No server: the PostgreSQL cases are skipped with the
reason, except in CI (CI=true), where they fail.
"""
from __future__ import annotations

import contextlib
import os
import uuid

import pytest

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from store_samples import build_meeting_doc, build_other_doc, make_doc  # noqa: E402,F401

BACKENDS_ = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
PG_URL = os.environ.get("DIDBAN_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_unavailable() -> str | None:
    """Why PostgreSQL cannot be used, or None when it answers."""
    try:
        import psycopg
    except ModuleNotFoundError:
        return "psycopg is not installed (pip install 'didban[store]')"
    for url in (PG_URL, PG_URL.replace("postgres@", "root@", 1)):
        try:
            with psycopg.connect(url, connect_timeout=3):
                os.environ["_DIDBAN_PG_WORKING_URL"] = url
                return None
        except Exception as exc:  # noqa: BLE001 - any failure means "no usable server"
            reason = f"no PostgreSQL server answers at {PG_URL} ({type(exc).__name__}: {str(exc).strip()[:120]})"
    return reason


def pg_url_or_skip() -> str:
    reason = _pg_unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but PostgreSQL is unusable: {reason}")
        pytest.skip(reason + "; set DIDBAN_TEST_PG to a server to run these tests")
    return os.environ["_DIDBAN_PG_WORKING_URL"]


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


@pytest.fixture()
def pg_url():
    with fresh_pg_schema() as url:
        yield url


@pytest.fixture()
def sqlite_url(tmp_path):
    return str(tmp_path / "didban.sqlite")


@pytest.fixture(params=BACKENDS_)
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "didban.sqlite")
    return request.getfixturevalue("pg_url")


@pytest.fixture()
def store(db_url):
    from didban.store import open_store

    st = open_store(db_url)
    yield st
    st.close()


@pytest.fixture()
def meeting_doc():
    return build_meeting_doc()


@pytest.fixture()
def other_doc():
    return build_other_doc()


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module", params=BACKENDS)
def filled_store(request, tmp_path_factory):
    """A store holding the two synthetic documents, shared by a module's read-only tests."""
    from didban.store import open_store

    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = str(tmp_path_factory.mktemp("filled") / "didban.sqlite")
        else:
            url = stack.enter_context(fresh_pg_schema())
        st = open_store(url)
        stack.callback(st.close)
        for doc in (build_meeting_doc(), build_other_doc()):
            st.upsert_document(doc)
        yield st
