"""Fixtures for the knowledge-base tests: the shipped data (loaded once) and an empty user overlay folder."""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def kb():
    """The shipped knowledge base, without any user overlay."""
    from didban.kb import load_kb

    return load_kb(user=False)


@pytest.fixture()
def kb_dir(tmp_path, monkeypatch):
    """An empty user overlay folder, used through $DIDBAN_KB_DIR; caches are cleared around the test."""
    from didban.kb import clear_cache

    folder = tmp_path / "kb"
    monkeypatch.setenv("DIDBAN_KB_DIR", str(folder))
    clear_cache()
    yield folder
    clear_cache()
