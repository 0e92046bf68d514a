"""A learned name tagger: a linear-chain CRF (python-crfsuite) trained on the Arman corpus.

It finds people, organisations, places, facilities, products and events that the knowledge base does not know. The model
file ships in `entities/data/` with a metadata file beside it (`tagger.json`: how it was trained, its scores, and what
the features depend on). The model inherits the corpus' licence, ACADEMIC RESEARCH USE ONLY: see TAGGER_MODEL_CARD.md.

    tagger = load_tagger()            # None when the model or python-crfsuite is missing (warns once)
    tagger.tag(words)                 # ["B-pers", "I-pers", "O", ...]
    tagger.spans(words)               # [(0, 2, "PER", 0.97), ...]: token start, end (exclusive), type, confidence

Training and evaluation: scripts/train_tagger.py. Nothing here downloads anything.
"""
from __future__ import annotations

import hashlib
import json
import threading
import unicodedata
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

from didban.lazy_pattern import compile as kept_compile
from didban.text.keys import FOLDS, tagger_key

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA_DIR / "tagger.crfsuite"
CUES_PATH = DATA_DIR / "tagger_cues.json"
FEATURE_VERSION = 1  # bump when word_features changes meaning: old models then warn on load

# Arman's six classes -> didban mention types.
ARMAN_TO_DIDBAN = {"pers": "PER", "org": "ORG", "loc": "LOC", "fac": "FAC", "pro": "PRO", "event": "EVENT"}

# --- word folding --------------------------------------------------------------------------------------------------
# The corpus (and real news) spell the same word several ways: Arabic yeh/kaf, teh marbuta, ZWNJ kept or dropped,
# diacritics. Features use one folded form (a member of the fold family, didban.text.keys) so those variants share
# weights. A model's metadata names the fold it was trained with.

DEFAULT_FOLD = "tagger_key"
# the names older models recorded: the shipped model's fold was match_key with digits 0, which is tagger_key; the
# tagger's former private fold is gone (a model trained with it loads with tagger_key, and the probe check warns)
OLD_FOLD_NAMES = {"didban.text.normalize.match_key": "tagger_key", "didban.entities.tagger.fold_word": "tagger_key"}


def folder_by_name(name: str) -> Callable[[str], str]:
    """The fold a model was trained with, by the name its metadata records (tagger_key, with a warning, if unknown)."""
    fold = FOLDS.get(OLD_FOLD_NAMES.get(name, name))
    if fold is None:
        warnings.warn(f"the tagger model was trained with an unknown fold {name!r}; using {DEFAULT_FOLD} "
                      "(results may be worse: retrain it with scripts/train_tagger.py)", RuntimeWarning, stacklevel=3)
        return tagger_key
    return fold


# Spelling variants a fold must handle; a model's metadata keeps how its fold folded them, so a later change to the
# shared key (which would silently change every feature) is noticed when the model loads.
FOLD_PROBE = "آقای أحمد إيران كشور ى ة ۀ رئیس‌جمهور مُحَمَّد ۱۴۰۳ 2025 NATO"


def fold_probe(fold: Callable[[str], str]) -> str:
    return " ".join(fold(word) for word in FOLD_PROBE.split())


# --- lexical cues ----------------------------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def load_cues(fold: Callable[[str], str] = tagger_key) -> dict[str, frozenset[str]]:
    """Cue word lists (titles, role words, head nouns ...), folded with the features' own fold so they match words
    however they are spelled."""
    raw = json.loads(CUES_PATH.read_text(encoding="utf-8"))
    return {name: frozenset(fold(w) for w in words) for name, words in raw.items() if not name.startswith("_")}


def cues_hash() -> str:
    return hashlib.sha256(CUES_PATH.read_bytes()).hexdigest()[:16]


def _cue_names(folded: str, cues: dict[str, frozenset[str]]) -> list[str]:
    return [name for name, words in cues.items() if folded in words]


# --- features --------------------------------------------------------------------------------------------------------

_PERSIAN_LETTER = kept_compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u0622]")
_LATIN = kept_compile("[A-Za-z]")


def word_shape(word: str) -> str:
    """A coarse class: Persian has no capitals, so shape tells script, digits and punctuation apart."""
    if not word:
        return "EMPTY"
    if word.isdigit() or set(word) <= set("0/.,:-٫٬"):
        return "NUM" if any(ch.isdigit() for ch in word) else "PUNCT"
    has_fa, has_lat = bool(_PERSIAN_LETTER.search(word)), bool(_LATIN.search(word))
    has_digit = any(ch.isdigit() for ch in word)
    if has_fa and not has_lat:
        return "FA+NUM" if has_digit else "FA"
    if has_lat and not has_fa:
        if has_digit:
            return "LAT+NUM"
        return "LAT-UP" if word.isupper() else ("LAT-Cap" if word[:1].isupper() else "LAT")
    if has_fa and has_lat:
        return "MIX"
    return "PUNCT" if all(unicodedata.category(ch).startswith("P") for ch in word) else "OTHER"


def _length_bucket(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3" if n == 3 else "4-5" if n <= 5 else "6-8" if n <= 8 else "9+"


def _token_features(word: str, cues: dict[str, frozenset[str]]) -> list[str]:
    """Features of one folded word, on its own (no context)."""
    feats = [f"w={word}", f"shape={word_shape(word)}", f"len={_length_bucket(len(word))}"]
    if len(word) > 2:  # prefixes and suffixes: Persian affixes such as -ی، -ها، -ستان، -زاده، -پور، -یان، ال-
        feats += [f"p{k}={word[:k]}" for k in (1, 2, 3) if len(word) > k]
        feats += [f"s{k}={word[-k:]}" for k in (1, 2, 3, 4) if len(word) > k]
    if any(ch.isdigit() for ch in word):
        feats.append("has_digit")
    feats += [f"cue={name}" for name in _cue_names(word, cues)]
    return feats


_WORD_INFO: dict[tuple[int, str], tuple[tuple[str, ...], tuple[str, ...], str]] = {}
_WORD_INFO_MAX = 200_000


def _word_info(word: str, cues: dict[str, frozenset[str]]) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """The context-free part of a word's features, cached: news repeats its words, and these are most of the cost.
    (Tuples of strings: the garbage collector stops tracking them, where it walked every cached list at each full
    collection.)"""
    key = (id(cues), word)
    info = _WORD_INFO.get(key)
    if info is None:
        if len(_WORD_INFO) >= _WORD_INFO_MAX:
            _WORD_INFO.clear()
        info = _WORD_INFO[key] = (tuple(_token_features(word, cues)), tuple(_cue_names(word, cues)), word_shape(word))
    return info


_OFFSETS = (-3, -2, -1, 1, 2, 3)
_PADS = tuple(f"{off}:PAD" for off in _OFFSETS)
_NEIGHBOUR: dict[tuple[int, str], tuple[tuple[str, ...], ...]] = {}
_NEIGHBOUR_MAX = 10_000  # (about 1.8 kB a word: at most ~18 MB a process)


def _neighbour_features(word: str, info: tuple, cues: dict[str, frozenset[str]]) -> tuple[tuple[str, ...], ...]:
    """What a word lends the words around it, one list per offset of `_OFFSETS` (its identity at ±3, also its cues
    at ±2, also its affixes and shape at ±1), cached like `_word_info`: every word is the neighbour of six others."""
    key = (id(cues), word)
    found = _NEIGHBOUR.get(key)
    if found is None:
        if len(_NEIGHBOUR) >= _NEIGHBOUR_MAX:
            _NEIGHBOUR.clear()
        out = []
        for off in _OFFSETS:
            feats = [f"{off}:w={word}"]
            if abs(off) != 3:  # far words: identity only
                feats += [f"{off}:cue={name}" for name in info[1]]
                if abs(off) == 1:  # the nearest neighbours also lend their affixes and shape
                    feats += [f"{off}:s2={word[-2:]}", f"{off}:s3={word[-3:]}", f"{off}:p2={word[:2]}",
                              f"{off}:shape={info[2]}"]
            out.append(tuple(feats))  # (tuples: see `_word_info`)
        found = _NEIGHBOUR[key] = tuple(out)
    return found


def word_features(words: Sequence[str], fold: Callable[[str], str] = tagger_key) -> list[list[str]]:
    """CRF features for every word of one sentence: the word, its affixes and shape, and its neighbours
    (words ±3, cues ±2, affixes and shape ±1, word bigrams)."""
    cues = load_cues(fold)
    folded = [fold(w) for w in words]
    infos = [_word_info(w, cues) for w in folded]
    lent = [_neighbour_features(w, info, cues) for w, info in zip(folded, infos)]
    n = len(folded)
    out: list[list[str]] = []
    for i in range(n):
        feats = ["bias", *infos[i][0]]
        if i == 0:
            feats.append("BOS")
        if i == n - 1:
            feats.append("EOS")
        for k, off in enumerate(_OFFSETS):
            j = i + off
            if 0 <= j < n:
                feats += lent[j][k]
            else:
                feats.append(_PADS[k])
        if i > 0:
            feats.append(f"-1|0={folded[i - 1]}|{folded[i]}")
        if i < n - 1:
            feats.append(f"0|+1={folded[i]}|{folded[i + 1]}")
        if 0 < i < n - 1:
            feats.append(f"-1|+1={folded[i - 1]}|{folded[i + 1]}")
        out.append(feats)
    return out


# --- IOB chunks ------------------------------------------------------------------------------------------------------

def iob_chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity chunks (start, end exclusive, Arman type) from IOB tags, read as conlleval reads them: an I- after O
    or after another type starts a new chunk."""
    chunks: list[tuple[int, int, str]] = []
    start, kind = -1, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == kind
        if kind is not None and not continues:
            chunks.append((start, i, kind))
            kind = None
        if prefix in ("B", "I") and not continues:
            start, kind = i, label
    return chunks


# --- the tagger ------------------------------------------------------------------------------------------------------

@dataclass
class Tagger:
    """A loaded CRF model. Thread-safe: one crfsuite tagger per thread (crfsuite taggers keep state)."""

    model_path: Path
    meta: dict
    fold: Callable[[str], str]

    def __post_init__(self) -> None:
        self._local = threading.local()

    def _tagged(self, words: Sequence[str]) -> list:
        """[tags, their marginals, `spans` or None until asked] for one sentence, remembered for the last few thousand
        sentences (the entities stage asks twice about the same sentence: once per pass)."""
        key = tuple(words)
        cache = getattr(self._local, "cache", None)
        if cache is None:
            cache = self._local.cache = {}
        hit = cache.get(key)
        if hit is None:
            crf = self._crf()
            tags = crf.tag(word_features(words, self.fold))
            hit = [list(tags), [crf.marginal(t, i) for i, t in enumerate(tags)], None]  # (spans: made when asked)
            if len(cache) >= 4096:
                cache.clear()
            cache[key] = hit
        return hit

    def _crf(self):
        crf = getattr(self._local, "crf", None)
        if crf is None:
            import pycrfsuite

            crf = pycrfsuite.Tagger()
            crf.open(str(self.model_path))
            self._local.crf = crf
        return crf

    def tag(self, words: Sequence[str]) -> list[str]:
        """IOB tags with Arman's labels (B-pers, I-org, O ...), one per word."""
        if not words:
            return []
        return list(self._tagged(words)[0])

    def spans(self, words: Sequence[str]) -> list[tuple[int, int, str, float]]:
        """Entities as (start, end exclusive, didban type, confidence); token indices into `words`.

        The confidence is the lowest CRF marginal probability of the span's tags: a span is as sure as its least sure
        word.
        """
        if not words:
            return []
        hit = self._tagged(words)
        if hit[2] is None:  # remembered with the tags: the entities stage asks again about a sentence it reruns
            tags, marginals = hit[0], hit[1]
            out = []
            for start, end, kind in iob_chunks(tags):
                confidence = min(marginals[i] for i in range(start, end))
                out.append((start, end, ARMAN_TO_DIDBAN.get(kind, kind.upper()), round(confidence, 4)))
            hit[2] = tuple(out)
        return list(hit[2])


_warned: set[str] = set()


def _warn_once(key: str, message: str) -> None:
    if key not in _warned:
        _warned.add(key)
        warnings.warn(message, RuntimeWarning, stacklevel=3)


def read_meta(model_path: Path) -> dict:
    meta_path = model_path.with_suffix(".json")
    return json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}


@lru_cache(maxsize=4)
def load_tagger(model_path: str | Path | None = None) -> Tagger | None:
    """The shipped (or given) tagger, loaded once. None, with a one-time warning, when python-crfsuite or the model
    file is missing: callers then use the gazetteer and patterns alone."""
    try:
        import pycrfsuite  # noqa: F401
    except ImportError:
        _warn_once("crfsuite", "the learned name tagger is off: python-crfsuite is not installed "
                               "(pip install 'python-crfsuite>=0.9'); using the gazetteer and patterns alone")
        return None
    path = Path(model_path) if model_path is not None else MODEL_PATH
    if not path.is_file():
        _warn_once(f"model:{path}", f"the learned name tagger is off: no model at {path} "
                                    "(train one with scripts/train_tagger.py); using the gazetteer and patterns alone")
        return None
    meta = read_meta(path)
    fold = folder_by_name(meta.get("fold", DEFAULT_FOLD))
    if (meta.get("feature_version", FEATURE_VERSION) != FEATURE_VERSION
            or meta.get("cues_hash", cues_hash()) != cues_hash()
            or meta.get("fold_probe", fold_probe(fold)) != fold_probe(fold)):
        _warn_once(f"stale:{path}", f"the tagger model {path.name} was trained with other features, cue lists or "
                                    "word folding than this code; retrain it with scripts/train_tagger.py")
    return Tagger(path, meta, fold)


def tagger_for(options) -> Tagger | None:
    """The tagger a run should use: None when `options.tagger` is False (gazetteer and patterns alone), without
    loading python-crfsuite or the model at all."""
    if options is not None and not getattr(options, "tagger", True):
        return None
    return load_tagger()


# --- corpus reading and scoring (training script and quality test) ------------------------------------------------

def read_conll(path: str | Path, limit: int | None = None) -> list[tuple[list[str], list[str]]]:
    """Sentences of a `token TAG` file (blank line between sentences) as (words, tags) pairs."""
    sentences: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                if words:
                    sentences.append((words, tags))
                    words, tags = [], []
                    if limit is not None and len(sentences) >= limit:
                        return sentences
                continue
            word, _, tag = line.rpartition(" ")
            words.append(word or tag)  # a line with one field is a word with no tag: keep it as O
            tags.append(tag if word else "O")
    if words:
        sentences.append((words, tags))
    return sentences[:limit] if limit is not None else sentences


def score_chunks(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]]) -> dict[str, dict[str, float]]:
    """Entity-level exact-match precision, recall and F1 per type and micro-averaged ("ALL"), as conlleval does."""
    counts: dict[str, list[int]] = {}  # type -> [true positives, predicted, gold]
    for gold_tags, pred_tags in zip(gold, predicted, strict=True):
        gold_chunks, pred_chunks = set(iob_chunks(gold_tags)), set(iob_chunks(pred_tags))
        for chunk in gold_chunks | pred_chunks:
            c = counts.setdefault(chunk[2], [0, 0, 0])
            c[0] += chunk in gold_chunks and chunk in pred_chunks
            c[1] += chunk in pred_chunks
            c[2] += chunk in gold_chunks
    counts["ALL"] = [sum(c[k] for c in counts.values()) for k in range(3)]
    table = {}
    for kind, (tp, n_pred, n_gold) in counts.items():
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        table[kind] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                       "gold": n_gold, "predicted": n_pred}
    return table
