"""Store fixtures: synthetic documents with entities and events, and a `store` over SQLite and PostgreSQL.

PostgreSQL: the server at $DIDBAN_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test). Each test gets its own
schema (dropped afterwards), so parallel runs never collide. No server: the PostgreSQL cases are skipped with the
reason, except in CI (CI=true), where they fail.
"""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pg_support import fresh_pg_schema, pg_url_or_skip  # noqa: E402,F401
from store_samples import build_meeting_doc, build_other_doc, make_doc  # noqa: E402,F401

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture()
def pg_url():
    with fresh_pg_schema() as url:
        yield url


@pytest.fixture()
def sqlite_url(tmp_path):
    return str(tmp_path / "didban.sqlite")


@pytest.fixture(params=BACKENDS)
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
