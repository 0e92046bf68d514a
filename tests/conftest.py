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


@pytest.fixture()
def options():
    from didban.options import Options

    return Options(on_error="raise")
