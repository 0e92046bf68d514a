"""A quality floor for the shipped tagger on Arman's test_fold1 (the fold it was not trained on).

The full figure is in docs/tagger.md (`python scripts/train_tagger.py --evaluate --fold 1`); this test only
guards against a model or feature change that quietly breaks the tagger. Skipped when the corpus is not at hand.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from didban.entities import tagger as T

ARMAN = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "arman"
SENTENCES = 300
# Measured on the first 300 sentences of test_fold1 with the shipped model: micro-F1 0.728 (487 gold entities).
# The floor leaves a margin for retraining noise, not for a broken model.
F1_FLOOR = 0.68


@pytest.mark.skipif(not (ARMAN / "test_fold1.txt").exists(),
                    reason=f"the Arman corpus is not at {ARMAN} (it is not shipped with didban)")
def test_f1_on_first_test_sentences():
    tagger = T.load_tagger()
    assert tagger is not None
    sentences = T.read_conll(ARMAN / "test_fold1.txt", limit=SENTENCES)
    assert len(sentences) == SENTENCES
    table = T.score_chunks([tags for _, tags in sentences], [tagger.tag(words) for words, _ in sentences])
    assert table["ALL"]["f1"] >= F1_FLOOR, table["ALL"]
