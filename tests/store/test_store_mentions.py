"""The typed fields of mentions (word span, apposition, office, members ...) survive the store, and mentions stored
before the fields were typed (every detail in one `info` JSON, nulls and falses included) read back the same."""
from __future__ import annotations

import json

import pytest

from didban.document import MENTION_HANDOFFS
from didban.store.rows import document_to_rows, rows_to_document


@pytest.fixture(scope="module")
def seed_doc(run, seed_text):
    return run(seed_text)


def _round_trip(rows):
    return rows_to_document(rows["documents"][0], {k: v for k, v in rows.items() if k != "documents"})


def test_typed_fields_survive_the_store(seed_doc):
    back = _round_trip(document_to_rows(seed_doc))
    assert back.mentions == seed_doc.mentions
    assert any(m.appos is not None for m in back.mentions) and any(m.members for m in back.mentions)
    assert all(isinstance(m.words, tuple) for m in back.mentions)


def test_the_stored_info_keeps_the_shape_of_older_stores(seed_doc):
    row = next(r for r, m in zip(document_to_rows(seed_doc)["mentions"], seed_doc.mentions) if m.appos is not None)
    info = json.loads(row["info"])
    assert isinstance(info["words"], list) and isinstance(info["appos"], int)  # as before: one JSON object
    assert None not in info.values() and False not in info.values()  # unset fields are left out


def test_mentions_of_an_older_store_read_back_the_same(seed_doc):
    rows = document_to_rows(seed_doc)
    for row, m in zip(rows["mentions"], seed_doc.mentions):
        # the older shape: every key in `info`, written even when null or false ("country": null, "plural": false)
        old = {**m.info, **{name: getattr(m, name) for name in MENTION_HANDOFFS}}
        old["words"] = list(m.words)
        row["info"] = json.dumps({**old, "seen_elsewhere": True}, ensure_ascii=False)
    back = _round_trip(rows)
    assert [(m.words, m.appos, m.country, m.plural, m.members) for m in back.mentions] == \
        [(m.words, m.appos, m.country, m.plural, m.members) for m in seed_doc.mentions]
    assert all(m.info == {"seen_elsewhere": True} for m in back.mentions)  # a detail no stage reads stays free
