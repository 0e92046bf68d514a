"""An API client over a SQLite store holding the two synthetic documents of tests/store."""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_samples import build_meeting_doc, build_other_doc  # noqa: E402  (the store tests' synthetic documents)

TOKEN = "test-token-7f3a9c"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    from didban.store import open_store

    path = str(tmp_path_factory.mktemp("api") / "didban.sqlite")
    with open_store(path) as store:
        for doc in (build_meeting_doc(), build_other_doc()):
            store.upsert_document(doc)
    return path


def _client(app):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app)


@pytest.fixture(scope="module")
def client(db_path):
    pytest.importorskip("fastapi")
    from didban.server import create_app

    with _client(create_app(db_path)) as c:
        yield c


@pytest.fixture()
def writer(tmp_path):
    """A client of a server started with a token, over an empty database of its own."""
    from didban.server import create_app

    with _client(create_app(str(tmp_path / "w.sqlite"), token=TOKEN, max_body=20_000)) as c:
        yield c


@pytest.fixture(scope="module")
def meeting_id():
    return build_meeting_doc().id
