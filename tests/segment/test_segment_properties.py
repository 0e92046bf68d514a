"""Properties on random Persian-like input: segments and sentences are ordered, disjoint, trimmed, inside the text."""
from __future__ import annotations

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from didban.document import Document
from didban.pipeline import Pipeline

ALPHABET = list("ابپتسجچدرزشعفکگلمنوهی") + list("۰۱۲۳۴۵۶۷۸۹0123456789") + list(" \n\n.،؟!:«»-•+\u200c")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=300))
def test_segment_spans_are_exact(text):
    if not text.strip():
        return
    doc = Pipeline.upto("segment")(Document(text=text))
    last = 0
    for seg in doc.segments:
        assert last <= seg.start < seg.end <= len(text)
        last = seg.end
    last = 0
    for sent in doc.sentences:
        piece = text[sent.start:sent.end]
        assert piece and piece == piece.strip() and sent.start >= last
        seg = doc.segments[sent.segment]
        assert seg.start <= sent.start and sent.end <= seg.end and sent.boilerplate == seg.boilerplate
        assert 0 <= sent.token_start <= sent.token_end <= len(doc.tokens)
        last = sent.end
    for a in doc.attribution:
        assert 0 <= a.start < a.end <= len(text)


def test_cli_segment_json(seed_path):
    import json

    from didban.cli import main

    result = CliRunner().invoke(main, ["segment", "--format", "json", str(seed_path)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [a["name"] for a in out["attribution"]] == ["رکنا", "پایگاه اطلاع\u200cرسانی دولت"]
    assert out["segments"][-1]["boilerplate"] is True
    text = seed_path.read_text(encoding="utf-8")
    assert all(text[s["start"]:s["end"]] == s["text"] for s in out["sentences"])
