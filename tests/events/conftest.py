"""Fixtures for the entity, resolution and event specs: one function that runs the whole pipeline on a sentence."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def run():
    """run(text, published="2025-03-07", tagger=False) -> Document, with the whole pipeline and errors raised."""
    import didban

    def _run(text: str, published: str | None = "2025-03-07", **options):
        options.setdefault("tagger", False)  # the specs test rules; the tagger has its own tests
        return didban.extract(text, published=published, on_error="raise", **options)

    return _run


def entity_names(doc, ids):
    by_id = {e.id: e for e in doc.entities}
    return sorted(by_id[i].name_en or by_id[i].name for i in ids)
