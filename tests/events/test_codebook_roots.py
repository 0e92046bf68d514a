"""The codebook's material roots (06-09, 14-20) beside the verbal ones: their patterns are spelled as the text they
must match is, and their nouns do not take other entries' sentences away.

The sentences are written for these tests, never taken from the evaluation set."""
from __future__ import annotations

import re
import tomllib

import pytest

from didban.events.codebook import DATA
from didban.events.views import key_of
from didban.text.keys import word_key
from didban.text.normalize import normalize
from didban.text.tokenize import tokenize

# the material roots written for issue 16 from the CAMEO manual (the verbal ones are 01-05 and 10-13)
ROOTS = ("06", "07", "08", "09", "14", "15", "16", "17", "18", "19", "20")
ALL_FILES = sorted(DATA.glob("[0-9][0-9]_*.toml"))
FILES = sorted(p for p in DATA.glob("[0-9][0-9]_*.toml") if p.name[:2] in ROOTS)
TOKEN = re.compile(r"\(|\)|\[|\]|<[^>]*>|…\d*|\.\.\.\d*|@\w+|\||[^\s()\[\]|<>…]+")


def _phrases(pattern: str) -> set[str]:
    """The runs of literal words in a pattern ("آتش بس" in "(آتش بس|ترک مخاصمه) …6 اعلام <کرد>")."""
    out, run = set(), []
    for tok in TOKEN.findall(pattern):
        if tok in "()[]|" or tok[0] in "<….@":
            if run:
                out.add(" ".join(run))
            run = []
        else:
            run.append(tok)
    if run:
        out.add(" ".join(run))
    return out


def _text_keys(phrase: str) -> list[str]:
    """The words a text holding this phrase gives the matcher: normalised (ZWNJ repair joins "آتش بس" into
    "آتش‌بس"), split into tokens and folded, as events/views.py does."""
    return [key_of(t.norm) for t in tokenize(normalize(phrase))]


def test_the_material_roots_are_all_there():
    assert [p.name[:2] for p in FILES] == list(ROOTS)


@pytest.mark.parametrize("path", ALL_FILES, ids=[p.name for p in ALL_FILES])
def test_patterns_are_spelled_as_the_text_is(path):
    """A phrase the normaliser writes otherwise can never match ("حکومت نظامی" is "حکومت‌نظامی" in the text)."""
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("entry", [])
    wrong = [(e["id"], phrase, normalize(phrase).text) for e in entries for phrase in _phrases(e["pattern"])
             if _text_keys(phrase) != [word_key(w) for w in phrase.split()]]
    assert not wrong, f"write these phrases as the normaliser does: {wrong}"


def test_classes_are_spelled_as_the_text_is():
    classes = tomllib.loads((DATA / "classes.toml").read_text(encoding="utf-8"))["classes"]
    wrong = [(name, phrase) for name, pattern in classes.items() for phrase in _phrases(pattern)
             if _text_keys(phrase) != [word_key(w) for w in phrase.split()]]
    assert not wrong, f"write these phrases as the normaliser does: {wrong}"


CALLS = [
    # a call whose object ends on a noun that opens a material entry ("آتش‌بس" 0871, "حملات" 190, "تحریم‌ها" 163)
    "عراقچی خواستار برقراری فوری آتش‌بس شد.",
    "عراقچی خواستار توقف حملات شد.",
    "عراقچی خواستار لغو تحریم‌ها شد.",
]


@pytest.mark.parametrize("sentence", CALLS, ids=["ceasefire", "attacks", "sanctions"])
def test_a_call_keeps_its_code_when_its_object_is_another_entrys_noun(run, sentence):
    doc = run(sentence)
    assert [e.cameo[:2] for e in doc.events] == ["02"], [(e.cameo, e.rule) for e in doc.events]


def test_the_docs_table_is_the_codebooks():
    """docs/codebook.md's size table is generated from the files: regenerate it with
    `python scripts/codebook_table.py --write` after changing entries."""
    import importlib.util

    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("codebook_table", root / "scripts" / "codebook_table.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    doc = (root / "docs" / "codebook.md").read_text(encoding="utf-8")
    assert script.table() in doc, "docs/codebook.md is out of date: run python scripts/codebook_table.py --write"
