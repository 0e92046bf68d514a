"""One `Resources` carries the stages' data: each part built when first asked for, and a run can be given its own."""
from __future__ import annotations

import json

import didban
from didban.options import Options
from didban.pipeline import Pipeline
from didban.resources import Resources

NAMES_THE_OFFICE = "وزیر امور خارجه لیختن‌اشتاین با عراقچی دیدار کرد."


def test_parts_are_built_when_first_asked_for():
    res = Resources()
    assert repr(res) == "Resources(loaded: nothing yet)"
    upto_segment = Pipeline.upto("segment").names
    doc = Pipeline(upto_segment, Options(tagger=False), res)(didban.Document(text=NAMES_THE_OFFICE))
    assert doc.sentences and "nothing yet" in repr(res)  # normalizing and segmenting need no data of a Resources
    Pipeline(None, Options(tagger=False), res)(didban.Document(text=NAMES_THE_OFFICE))
    loaded = repr(res)
    assert "kb" in loaded and "codebook" in loaded and "gazetteer(tagger=False)" in loaded
    assert "tagger," not in loaded and "gazetteer(tagger=True)" not in loaded  # --no-tagger never loads the model
    assert res.gazetteer(False) is res.gazetteer(False) and res.kb is res.gazetteer(False).kb


def test_a_run_takes_its_knowledge_base_from_its_resources(tmp_path):
    """Stages read the knowledge base they are handed, not a module cache: a run over another one resolves by it."""
    from didban.kb import DATA_DIR, KnowledgeBase

    overlay = tmp_path / "people.jsonl"
    term = {"role": "foreign_minister", "country": "LIE", "start": "2025-01-01", "end": "2025-12-31"}
    person = {"id": "PER:test-martini", "type": "PER", "name": "یوهان مارتینی", "country": "LIE", "source": "test",
              "roles": [term]}
    overlay.write_text(json.dumps(person, ensure_ascii=False) + "\n", encoding="utf-8")
    mine = Resources(kb=KnowledgeBase.load(DATA_DIR, [overlay]))

    def people(**kwargs) -> set[str]:
        doc = didban.extract(text=NAMES_THE_OFFICE, published="2025-04-01", tagger=False, on_error="raise", **kwargs)
        return {e.name for e in doc.entities if e.type == "PER"}

    assert "یوهان مارتینی" in people(resources=mine)
    assert "یوهان مارتینی" not in people()  # the shared Resources is untouched


def test_the_shared_resources_follow_the_user_folders(tmp_path, monkeypatch):
    from didban.kb import clear_cache
    from didban.resources import shared

    first = shared()
    assert shared() is first
    monkeypatch.setenv("DIDBAN_KB_DIR", str(tmp_path))
    try:
        assert shared() is not first  # another knowledge-base folder: another Resources
        again = shared()
        clear_cache()  # the knowledge bases were forgotten: so are the Resources built on them
        assert shared() is not again
    finally:
        monkeypatch.undo()
        clear_cache()
