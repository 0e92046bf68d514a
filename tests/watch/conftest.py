"""Fixtures of the watcher's tests: a news site on 127.0.0.1 (see watch_site.py) and, for the PostgreSQL cases, a
fresh schema of the local server (see tests/store/pg_support.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from pg_support import fresh_pg_schema  # noqa: E402
from watch_site import Site  # noqa: E402


@pytest.fixture()
def site():
    s = Site()
    yield s
    s.close()


@pytest.fixture()
def pg_url():
    with fresh_pg_schema() as url:
        yield url
