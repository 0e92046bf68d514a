"""The spacing table learned from the UD treebanks (text/spacing.py, scripts/build_zwnj_pairs.py)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from didban.text import spacing

ROOT = Path(__file__).resolve().parents[2]
UD = ROOT.parent / "shared" / "data" / "ud-persian"
needs_ud = pytest.mark.skipif(not (UD / "fa_perdt-ud-dev.conllu").exists(), reason="../shared/data/ud-persian absent")


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pair_evidence_decides_both_ways():
    assert spacing.learned_join("کوتاه", "مدت") is True  # written "کوتاه‌مدت"
    assert spacing.learned_join("آن", "قدر") is False  # written "آن قدر", though the lexicon lists "آن‌قدر"


def test_affixes_join_to_any_word():
    assert spacing.learned_join("درخت", "ها") is True  # ها: an affix by its counts, whatever comes before
    assert spacing.learned_join("می", "نویسیم") is True  # می: a prefix by its counts
    assert spacing.is_affix("درخت", "ها") and spacing.is_affix("می", "نویسیم")


def test_no_evidence_is_none():
    assert spacing.learned_join("کتاب", "خوب") is None  # two words: left to the lexicon's rules
    assert not spacing.is_affix("کتاب", "خوب")


def test_written_apart():
    assert spacing.written_apart("به")  # the preposition is almost never followed by a ZWNJ
    assert not spacing.written_apart("می")


@needs_ud
def test_committed_table_is_what_the_script_builds():
    build = _module(ROOT / "scripts" / "build_zwnj_pairs.py", "build_zwnj_pairs")
    committed = [line for line in spacing.PAIRS_PATH.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#")]
    assert build.build(UD) == committed


@needs_ud
def test_benchmark_evaluates_on_sentences_the_table_did_not_learn_from():
    build = _module(ROOT / "scripts" / "build_zwnj_pairs.py", "build_zwnj_pairs")
    bench = _module(ROOT / "benchmarks" / "normalize" / "run.py", "normalize_benchmark")
    learned, heldout = build.learning_sentences(UD), build.heldout_sentences(UD)
    assert [words for words in bench.ud_heldout_sentences()] == [text.split() for text in heldout]
    everything = learned + heldout
    # the halves share only sentences the treebanks repeat ("ای معاویه!")
    assert all(everything.count(text) >= 2 for text in set(learned) & set(heldout))
    assert len(set(learned) & set(heldout)) <= 5
