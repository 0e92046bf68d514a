"""Helpers for the event specs (the `run` fixture they share with the entity and resolution specs is in
tests/conftest.py)."""
from __future__ import annotations


def entity_names(doc, ids):
    by_id = {e.id: e for e in doc.entities}
    return sorted(by_id[i].name_en or by_id[i].name for i in ids)
