"""The evaluation gate: accuracy floors on ../shared/eval that CI keeps from regressing (like trafilatura's eval gate).

It runs the whole pipeline in this process over every evaluation document, scores it with the evaluation's own
score.py, and fails when a figure drops below its floor. Raise a floor when the project gets better; never lower one
to make a change pass. Floors are a little under the measured figures (README, "Evaluation") to absorb ties.
"""
from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from tests.conftest import SHARED

EVAL = SHARED / "eval"

# The first 16 articles (seed-000, dev-001..015) are the ones the first rules grew from: their floors are the ones
# the project reached on them and stay. The whole set (52 articles, 36 of them added later) has its own floors.
RULES_FLOORS = {
    "meetings_f1": 0.95,  # measured 0.981 (stop 22; 0.943 at stop 9)
    "statements_f1": 0.95,  # measured 1.000 (stop 22, plain remarks off by default)
    "entities_found": 0.95,  # share of gold entities found; measured 0.986
    "countries_right": 0.95,  # share of found gold entities with the right country; measured 0.985
}
ALL_FLOORS = {  # all 52 documents (before the codebook of issue 16: 0.683, 0.584, 0.916, 0.955)
    "meetings_f1": 0.91,  # measured 0.933 (stop 22; 0.899 two stops before)
    "statements_f1": 0.83,  # measured 0.852 (stop 22, plain remarks off by default; 0.824 with them)
    "entities_found": 0.96,  # measured 0.976
    "countries_right": 0.96,  # measured 0.977
}
SEED_FLOORS = {"meetings_f1": 1.0, "statements_f1": 0.8}  # the bar for the seed article


def _scorer():
    spec = importlib.util.spec_from_file_location("didban_eval_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results():
    if not (EVAL / "score.py").exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the evaluation set is missing at {EVAL}; CI must have ../shared beside the checkout")
        pytest.skip(f"no evaluation set at {EVAL} (it lives beside the repository, in ../shared/eval)")
    import didban

    score = _scorer()
    out = {}
    for gold_path in sorted((EVAL / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc_path = (gold_path.parent / gold["text_file"]).resolve()
        text = doc_path.read_text(encoding="utf-8")
        # exactly what `didban extract --format json FILE` prints, but without a process per document
        pred = json.loads(json.dumps(didban.extract(doc_path, on_error="raise").to_dict(), ensure_ascii=False))
        out[gold["id"]] = score.score_document(gold, pred, text)
    return score, out


def _figures(score, per_doc: dict) -> dict:
    total = {k: {"tp": 0, "fp": 0, "fn": 0} for k in ("meetings", "statements")}
    pairs = {k: [0, 0] for k in ("spans", "entities", "countries")}
    no_evidence = 0
    for res in per_doc.values():
        for k in total:
            for c in ("tp", "fp", "fn"):
                total[k][c] += res["tally"][k][c]
        for k in pairs:
            pairs[k][0] += res[k][0]
            pairs[k][1] += res[k][1]
        no_evidence += res["events_without_evidence"]
    return {
        "meetings_f1": score.prf(total["meetings"])[2],
        "statements_f1": score.prf(total["statements"])[2],
        "entities_found": pairs["entities"][0] / max(1, pairs["entities"][1]),
        "countries_right": pairs["countries"][0] / max(1, pairs["countries"][1]),
        "spans": pairs["spans"],
        "no_evidence": no_evidence,
    }


def _first_sixteen(doc_id: str) -> bool:
    return doc_id == "seed-000" or int(doc_id.split("-")[1]) <= 15


def test_floors_on_the_first_sixteen_articles(results):
    score, per_doc = results
    figures = _figures(score, {k: v for k, v in per_doc.items() if _first_sixteen(k)})
    low = {k: round(figures[k], 3) for k, floor in RULES_FLOORS.items() if figures[k] < floor}
    assert not low, f"below the floors {RULES_FLOORS}: {low} (all figures: {figures})"


def test_floors_on_the_whole_evaluation_set(results):
    score, per_doc = results
    assert len(per_doc) >= 52, f"the evaluation set has {len(per_doc)} articles; the floors are for 52"
    figures = _figures(score, per_doc)
    low = {k: round(figures[k], 3) for k, floor in ALL_FLOORS.items() if figures[k] < floor}
    assert not low, f"below the floors {ALL_FLOORS}: {low} (all figures: {figures})"


def test_every_evidence_span_is_valid_and_every_event_has_one(results):
    score, per_doc = results
    figures = _figures(score, per_doc)
    ok, total = figures["spans"]
    assert total > 0 and ok == total
    assert figures["no_evidence"] == 0


def test_seed_floors(results):
    score, per_doc = results
    figures = _figures(score, {"seed-000": per_doc["seed-000"]})
    assert figures["meetings_f1"] >= SEED_FLOORS["meetings_f1"]
    assert figures["statements_f1"] >= SEED_FLOORS["statements_f1"]
    res = per_doc["seed-000"]
    assert res["location"][0] == res["location"][1] == 3  # the three meetings are in Jeddah
    assert res["cameo_exact"][0] == res["cameo_exact"][1] == 3  # and coded 044
