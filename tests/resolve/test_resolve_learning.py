"""Offices read from appositions are remembered (opt-in) so that a later article naming only the office resolves."""
from __future__ import annotations


def test_learned_office_resolves_a_later_article(tmp_path, monkeypatch):
    import didban
    from didban.entities.matcher import load_resources
    from didban.kb import clear_cache

    monkeypatch.setenv("DIDBAN_KB_DIR", str(tmp_path))
    clear_cache()
    load_resources.cache_clear()
    try:
        first = didban.extract("«یوهان مارتینی» وزیر امور خارجه لیختن‌اشتاین به تهران آمد.", published="2025-03-07",
                               learn_roles=True, tagger=False, on_error="raise")
        learned = first.meta["learned_roles"]
        assert learned[0]["person"] == "یوهان مارتینی" and learned[0]["country"] == "LIE"
        assert (tmp_path / "learned.jsonl").exists()

        clear_cache()
        load_resources.cache_clear()
        later = didban.extract("وزیر امور خارجه لیختن‌اشتاین با عراقچی دیدار کرد.", published="2025-04-01",
                               tagger=False, on_error="raise")
        names = {e.name for e in later.entities if e.type == "PER"}
        assert "یوهان مارتینی" in names
    finally:
        clear_cache()
        load_resources.cache_clear()


def test_nothing_is_learned_unless_asked(tmp_path, monkeypatch):
    import didban
    from didban.kb import clear_cache

    monkeypatch.setenv("DIDBAN_KB_DIR", str(tmp_path))
    clear_cache()
    try:
        didban.extract("«یوهان مارتینی» وزیر امور خارجه لیختن‌اشتاین به تهران آمد.", published="2025-03-07",
                       tagger=False, on_error="raise")
        assert not (tmp_path / "learned.jsonl").exists()
    finally:
        clear_cache()
