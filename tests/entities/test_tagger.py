"""The learned name tagger: loading, folding, IOB chunks, tagging clear Persian cases, switching it off."""
from __future__ import annotations

import json
import subprocess
import sys
import warnings

import pytest

from didban.entities import tagger as T
from didban.options import Options
from didban.text.keys import tagger_key


@pytest.fixture(scope="module")
def tagger() -> T.Tagger:
    loaded = T.load_tagger()
    assert loaded is not None, "the shipped tagger model (entities/data/tagger.crfsuite) should load"
    return loaded


# --- folding ---------------------------------------------------------------------------------------------------------
# the fold itself is didban.text.keys.tagger_key (tests/text/test_text_keys.py); here: which fold a model gets

@pytest.mark.parametrize("recorded", [
    "tagger_key",  # what scripts/train_tagger.py records now
    "didban.text.normalize.match_key",  # what the shipped model records (match_key with digits 0 = tagger_key)
    "didban.entities.tagger.fold_word",  # the former private fold: tagger_key, and the probe check warns
])
def test_a_models_recorded_fold_name_gives_the_tagger_key(recorded):
    assert T.folder_by_name(recorded) is tagger_key


def test_an_unknown_fold_name_warns_and_falls_back_to_the_tagger_key():
    with pytest.warns(RuntimeWarning, match="unknown fold"):
        assert T.folder_by_name("some.other.fold") is tagger_key


def test_the_shipped_model_loads_with_the_fold_it_was_trained_with(tagger):
    assert tagger.fold is tagger_key
    assert tagger.meta["fold_probe"] == T.fold_probe(tagger_key)  # the same features as when it was trained


@pytest.mark.parametrize("sentence, index, cue", [
    ("آقای ظریف گفت", 0, "cue=title"),  # a title, written with آ (the shared key folds it to ا)
    ("آيت‌الله خامنه‌ای", 0, "cue=title"),  # Arabic yeh and a ZWNJ inside the title
    ("سخنگوی وزارت امور خارجه", 0, "cue=role"),  # a role word
    ("سخنگوی وزارت امور خارجه", 1, "cue=org_head"),  # the head noun of an organisation
    ("در تهران", 1, "-1:cue=location_before"),  # a word after "در" (in)
])
def test_cue_features_fire_under_the_models_fold(tagger, sentence, index, cue):
    assert cue in T.word_features(sentence.split(), tagger.fold)[index]


# --- IOB chunks and scoring ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tags, chunks", [
    ([], []),  # nothing
    (["O", "O"], []),  # no entity
    (["B-pers", "I-pers", "O", "B-loc"], [(0, 2, "pers"), (3, 4, "loc")]),  # two entities
    (["B-org", "B-org"], [(0, 1, "org"), (1, 2, "org")]),  # B after B starts a new chunk
    (["O", "I-loc", "I-loc"], [(1, 3, "loc")]),  # I after O starts a chunk (conlleval)
    (["B-org", "I-loc"], [(0, 1, "org"), (1, 2, "loc")]),  # I of another type starts a chunk
    (["B-event", "I-event", "I-event"], [(0, 3, "event")]),  # an entity that ends the sentence
])
def test_iob_chunks(tags, chunks):
    assert T.iob_chunks(tags) == chunks


def test_score_chunks_exact_match():
    gold = [["B-pers", "I-pers", "O", "B-loc"]]
    pred = [["B-pers", "O", "O", "B-loc"]]  # the person is cut short: wrong; the place is right
    table = T.score_chunks(gold, pred)
    assert table["loc"]["f1"] == 1.0
    assert table["pers"]["precision"] == 0.0 and table["pers"]["recall"] == 0.0
    assert table["ALL"]["precision"] == 0.5 and table["ALL"]["recall"] == 0.5


# --- the shipped model ---------------------------------------------------------------------------------------------

def test_model_is_small():
    assert T.MODEL_PATH.stat().st_size < 10 * 1024 * 1024


def test_model_metadata_states_licence_and_matches_code(tagger):
    assert "ACADEMIC RESEARCH USE ONLY" in tagger.meta["licence"]
    assert tagger.meta["feature_version"] == T.FEATURE_VERSION
    assert tagger.meta["cues_hash"] == T.cues_hash()
    assert tagger.meta["fold_probe"] == T.fold_probe(tagger.fold)


def test_load_tagger_is_cached(tagger):
    assert T.load_tagger() is tagger


def test_empty_input(tagger):
    assert tagger.tag([]) == []
    assert tagger.spans([]) == []


@pytest.mark.parametrize("sentence, expected", [
    # Rouhani, president of Iran, travelled to Moscow: a person (two words) and a city
    ("حسن روحانی رئیس جمهور ایران به مسکو سفر کرد", [("حسن روحانی", "PER"), ("مسکو", "LOC")]),
    # Dr Ali Akbar Velayati spoke at the University of Tehran: a titled person and a facility
    ("دکتر علی اکبر ولایتی در دانشگاه تهران سخنرانی کرد .", [("علی اکبر ولایتی", "PER"), ("دانشگاه تهران", "FAC")]),
    # the United Nations asked ...: an organisation of three words
    ("سازمان ملل متحد از طرفین خواست به درگیری پایان دهند .", [("سازمان ملل متحد", "ORG")]),
    # IRNA reported that ... arrived in Tehran: an outlet of four words and a city
    ("خبرگزاری جمهوری اسلامی ایران گزارش داد که هیئت اقتصادی وارد تهران شد .",
     [("خبرگزاری جمهوری اسلامی ایران", "ORG"), ("تهران", "LOC")]),
    # Badr Abdelatty, Egypt's foreign minister, arrived in Tehran: a person unknown to the corpus, found by context
    ("بدر عبدالعاطی وزیر امور خارجه مصر وارد تهران شد .", [("بدر عبدالعاطی", "PER"), ("تهران", "LOC")]),
    # according to Fars news agency, Iran's national football team ...: two organisations
    ("به گزارش خبرگزاری فارس ، تیم ملی فوتبال ایران در جام جهانی به مصاف اسپانیا رفت .",
     [("خبرگزاری فارس", "ORG"), ("تیم ملی فوتبال ایران", "ORG")]),
    # Hakan Fidan ... met in Jeddah: a foreign name the model must find from context
    ("هاکان فیدان وزیر امور خارجه ترکیه در جده با همتای خود دیدار کرد .", [("هاکان فیدان", "PER")]),
])
def test_clear_cases(tagger, sentence, expected):
    words = sentence.split()
    found = {(" ".join(words[start:end]), kind) for start, end, kind, _ in tagger.spans(words)}
    assert set(expected) <= found


def test_tags_and_spans_agree(tagger):
    words = "آقای محمد جواد ظریف در تهران گفت که ایران به تعهدات خود پایبند است .".split()
    tags = tagger.tag(words)
    spans = tagger.spans(words)
    assert len(tags) == len(words)
    assert [(s, e) for s, e, _, _ in spans] == [(s, e) for s, e, _ in T.iob_chunks(tags)]
    assert all(0.0 < conf <= 1.0 for *_, conf in spans)
    assert {kind for *_, kind, _ in spans} <= set(T.ARMAN_TO_DIDBAN.values())


def test_spellings_are_folded(tagger):
    # Arabic yeh/kaf and a ZWNJ must not change the result
    persian = "علی اکبر ولایتی به کشور لبنان سفر کرد .".split()
    arabic = "علي اكبر ولايتي به كشور لبنان سفر كرد .".split()
    assert tagger.tag(persian) == tagger.tag(arabic)


# --- switching off and degrading -----------------------------------------------------------------------------------

def test_switched_off_by_option(monkeypatch):
    def fail():
        raise AssertionError("the tagger must not load when options.tagger is False")

    monkeypatch.setattr(T, "load_tagger", fail)
    assert T.tagger_for(Options(tagger=False)) is None


def test_switched_on_by_default(tagger):
    assert isinstance(T.tagger_for(Options()), T.Tagger)


def test_missing_crfsuite_degrades_with_a_warning(monkeypatch):
    monkeypatch.setitem(sys.modules, "pycrfsuite", None)  # makes `import pycrfsuite` raise ImportError
    monkeypatch.setattr(T, "_warned", set())
    T.load_tagger.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="python-crfsuite is not installed"):
            assert T.load_tagger() is None
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the warning is given once only
            assert T.load_tagger("elsewhere.crfsuite") is None
    finally:
        T.load_tagger.cache_clear()


def test_missing_model_degrades_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(T, "_warned", set())
    with pytest.warns(RuntimeWarning, match="no model at"):
        assert T.load_tagger(tmp_path / "absent.crfsuite") is None


def test_stale_model_warns(tmp_path, monkeypatch):
    # a model whose metadata says it was trained with other features than this code
    model = tmp_path / "old.crfsuite"
    model.write_bytes(T.MODEL_PATH.read_bytes())
    meta = dict(T.read_meta(T.MODEL_PATH), feature_version=T.FEATURE_VERSION - 1)
    model.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.setattr(T, "_warned", set())
    with pytest.warns(RuntimeWarning, match="retrain it"):
        assert T.load_tagger(model) is not None


def test_importing_the_module_does_not_load_crfsuite():
    # `import didban` stays light: python-crfsuite is imported only when a tagger is first loaded
    code = "import sys, didban.entities.tagger; assert 'pycrfsuite' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def _features_as_written(words, fold):
    """The features as the tagger's recipe spells them out, word by word (what `word_features` computes with each
    word's share cached): the reference for the test below."""
    from didban.entities.tagger import _cue_names, _token_features, load_cues, word_shape

    cues = load_cues(fold)
    folded = [fold(w) for w in words]
    n, out = len(folded), []
    for i in range(n):
        feats = ["bias"] + _token_features(folded[i], cues)
        if i == 0:
            feats.append("BOS")
        if i == n - 1:
            feats.append("EOS")
        for off in (-3, -2, -1, 1, 2, 3):
            j = i + off
            if not 0 <= j < n:
                feats.append(f"{off}:PAD")
                continue
            feats.append(f"{off}:w={folded[j]}")
            if abs(off) == 3:
                continue
            feats += [f"{off}:cue={name}" for name in _cue_names(folded[j], cues)]
            if abs(off) == 1:
                feats += [f"{off}:s2={folded[j][-2:]}", f"{off}:s3={folded[j][-3:]}", f"{off}:p2={folded[j][:2]}",
                          f"{off}:shape={word_shape(folded[j])}"]
        if i > 0:
            feats.append(f"-1|0={folded[i - 1]}|{folded[i]}")
        if i < n - 1:
            feats.append(f"0|+1={folded[i]}|{folded[i + 1]}")
        if 0 < i < n - 1:
            feats.append(f"-1|+1={folded[i - 1]}|{folded[i + 1]}")
        out.append(feats)
    return out


# (sentence) - one word, two, three, and longer ones with cue words (titles, offices), digits and punctuation
@pytest.mark.parametrize("sentence", [
    "تهران",
    "عراقچی گفت",
    "سردار سلامی گفت",
    "وزیر امور خارجه ایران روز ۱۲ آبان ۱۴۰۳ با همتای ترکیه‌ای خود ، هاکان فیدان ، در آنکارا دیدار کرد .",
    "دکتر محمد جواد ظریف و سرگئی لاوروف در مسکو NATO را نقد کردند",
])
def test_word_features_follow_the_recipe(sentence):
    from didban.entities.tagger import word_features
    from didban.text.keys import tagger_key

    words = sentence.split()
    for _ in range(2):  # the second time from the caches
        assert word_features(words, tagger_key) == _features_as_written(words, tagger_key)
