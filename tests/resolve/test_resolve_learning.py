"""Offices read from appositions are remembered (opt-in) so that a later article naming only the office resolves; the
learning is a pass after a run, so a run's output does not depend on the order of its documents or on the workers."""
from __future__ import annotations

import json

import pytest

from didban.document import Document

TEACHES = "«یوهان مارتینی» وزیر امور خارجه لیختن‌اشتاین به تهران آمد."
NAMES_THE_OFFICE = "وزیر امور خارجه لیختن‌اشتاین با عراقچی دیدار کرد."


@pytest.fixture
def kb_dir(tmp_path, monkeypatch):
    from didban.kb import clear_cache

    monkeypatch.setenv("DIDBAN_KB_DIR", str(tmp_path))
    clear_cache()
    yield tmp_path
    clear_cache()


def people(doc) -> set[str]:
    return {e.name for e in doc.entities if e.type == "PER"}


def test_learned_office_resolves_a_later_article(kb_dir):
    import didban
    from didban.kb import clear_cache

    first = didban.extract(TEACHES, published="2025-03-07", learn_roles=True, tagger=False, on_error="raise")
    learned = first.meta["learned_roles"]
    assert learned[0]["person"] == "یوهان مارتینی" and learned[0]["country"] == "LIE"
    assert (kb_dir / "learned.jsonl").exists()
    # in the same process (the shared knowledge base was added to after the run) and in a fresh load
    later = didban.extract(NAMES_THE_OFFICE, published="2025-04-01", tagger=False, on_error="raise")
    assert "یوهان مارتینی" in people(later)
    clear_cache()
    later = didban.extract(NAMES_THE_OFFICE, published="2025-04-01", tagger=False, on_error="raise")
    assert "یوهان مارتینی" in people(later)


def test_nothing_is_learned_unless_asked(kb_dir):
    import didban

    didban.extract(TEACHES, published="2025-03-07", tagger=False, on_error="raise")
    assert not (kb_dir / "learned.jsonl").exists()


def _docs() -> list[Document]:
    from didban import read

    return [read.from_text(text, source=name, published=day) for name, text, day in
            (("teaches", TEACHES, "2025-03-07"), ("names", NAMES_THE_OFFICE, "2025-04-01"))]


def _learned(kb_dir) -> list[dict]:
    lines = (kb_dir / "learned.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_a_run_learns_after_its_last_document_whatever_the_order(kb_dir, order):
    """The article naming only the office comes after the one that teaches it, or before: either way it is not
    resolved from what the same run taught (it would be with learning mid-run), and the same fact is learned."""
    from didban.options import Options
    from didban.pipeline import run

    docs = _docs()
    out = {doc.source: doc for doc in run([docs[i] for i in order], Options(learn_roles=True, tagger=False,
                                                                           on_error="raise"))}
    assert "یوهان مارتینی" not in people(out["names"])
    assert [(r["name"], r["roles"][0]["role"], r["roles"][0]["country"]) for r in _learned(kb_dir)] == [
        ("یوهان مارتینی", "foreign_minister", "LIE")]


class _Store:
    """The two methods ingest calls on a store, in memory."""

    def __init__(self):
        self.docs: dict[str, Document] = {}

    def upsert_document(self, doc) -> str:
        self.docs[doc.source] = doc
        return "new"

    def has_document(self, doc_id: str) -> bool:
        return False


def _ingest(kb_dir, order, workers) -> tuple[dict, list[dict]]:
    from didban.batch import ingest_documents
    from didban.kb import clear_cache
    from didban.options import Options

    for path in kb_dir.glob("*.jsonl"):
        path.unlink()
    clear_cache()
    store = _Store()
    docs = _docs()
    summary = ingest_documents([docs[i] for i in order], store, Options(learn_roles=True, tagger=False),
                               workers=workers, progress=False, merge=False, chunk_size=1)
    assert summary.ok, summary.failure_reasons()
    entities = {source: sorted((e.name, e.type) for e in doc.entities) for source, doc in store.docs.items()}
    return entities, _learned(kb_dir)


def test_ingest_learns_the_same_whatever_the_order_and_the_workers(kb_dir):
    one_by_one = _ingest(kb_dir, (0, 1), workers=1)
    assert one_by_one == _ingest(kb_dir, (1, 0), workers=1) == _ingest(kb_dir, (0, 1), workers=2)
    entities, learned = one_by_one
    assert ("یوهان مارتینی", "PER") not in entities["names"] and len(learned) == 1


def test_facts_are_sorted_and_without_repeats():
    from didban.resolve.learning import learned_facts

    fact = {"person": "الف ب", "role": "foreign_minister", "country": "LIE", "on": "2025-03-07",
            "evidence": {"start": 0, "end": 9}}
    deputy = {**fact, "role": "deputy foreign_minister"}  # not an office of the roles table: not learned
    no_country = {**fact, "country": None}
    a = Document(text="x", id="a", meta={"learned_roles": [fact, deputy, no_country]})
    b = Document(text="y", id="b", meta={"learned_roles": [fact, fact]})
    facts = learned_facts([b, a])
    assert [(f.doc, f.role) for f in facts] == [("a", "foreign_minister"), ("b", "foreign_minister")]
    assert learned_facts([a, b]) == facts
