"""Fixtures for the scale tests."""
from __future__ import annotations

import pytest
from scale_helpers import MemoryStore


@pytest.fixture()
def memory_store():
    return MemoryStore()
