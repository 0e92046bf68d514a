"""Cheap shared fixtures. Nothing heavy loads here automatically: tests ask for what they need."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "src" / "didban" / "data" / "sample" / "seed.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def run():
    """run(text, published="2025-03-07", tagger=False) -> Document, with the whole pipeline and errors raised: what
    the entity, resolution and event specs run their sentences through."""
    import didban

    def _run(text: str, published: str | None = "2025-03-07", **options):
        options.setdefault("tagger", False)  # the specs test rules; the tagger has its own tests
        options.setdefault("plain_remarks", True)  # ... and the rules that code (or drop) plain remarks too
        return didban.extract(text, published=published, on_error="raise", **options)

    return _run


@pytest.fixture()
def options():
    from didban.options import Options

    return Options(on_error="raise")
