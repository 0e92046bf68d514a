"""The Python API reads well: a path is a path and a text is a text, a short repr, the API visible in dir(), events
with their entities resolved, a DataFrame when pandas is installed."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import didban
from didban.errors import DidbanError

TEXT = "سید عباس عراقچی وزیر امور خارجه کشورمان روز شنبه در آنکارا با هاکان فیدان دیدار و گفت‌وگو کرد."


@pytest.fixture(scope="module")
def seed_doc():
    from tests.conftest import SEED

    return didban.extract(Path(SEED))


def test_a_path_and_a_text_are_told_apart(seed_path, tmp_path):
    assert didban.extract(seed_path).source == str(seed_path)  # a Path
    assert didban.extract(str(seed_path)).source == str(seed_path)  # a str naming an existing file
    from_text = didban.extract(text=TEXT)
    assert from_text.text == TEXT and from_text.events
    assert didban.extract(TEXT).id == from_text.id  # a str of Persian text that names no file


@pytest.mark.parametrize("mistyped", ["missing.txt", "news/article-1.html", "no_such_file", "خبر.txt"])
def test_a_mistyped_path_is_an_error_not_an_empty_article(mistyped):
    with pytest.raises(DidbanError) as err:
        didban.extract(mistyped)
    assert err.value.code.name == "E101" and "text=" in err.value.hint


def test_text_keyword_is_never_a_path(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert didban.extract(text=str(path)).text == str(path)  # the words of the path, not the file's
    with pytest.raises(DidbanError) as err:
        didban.extract(text="   ")
    assert err.value.code.name == "E105"
    with pytest.raises(DidbanError):
        didban.extract(path, text=TEXT)  # both: ambiguous


def test_repr_is_short(seed_doc):
    text = repr(seed_doc)
    assert len(text) < 200 and seed_doc.id in text and f"{len(seed_doc.events)} events" in text


def test_dir_shows_the_api():
    names = dir(didban)
    for name in ("extract", "extract_many", "events_frame", "Options", "Document", "Event", "DidbanError",
                 "open_store", "__version__"):
        assert name in names and name in didban.__all__
    assert not [n for n in names if n.startswith("_") and not n.startswith("__")]  # no helpers


def test_events_resolve_their_entities(seed_doc):
    meetings = [ev for ev in seed_doc.events if ev.cameo == "044"]
    assert {a.name_en for ev in meetings for a in seed_doc.actors_of(ev)} == {"Abbas Araghchi"}
    assert {r.name_en for ev in meetings for r in seed_doc.recipients_of(ev)} == \
        {"Hakan Fidan", "Badr Albusaidi", "Badr Abdelatty"}
    assert {seed_doc.location_of(ev).name_en for ev in meetings} == {"Jeddah"}
    assert seed_doc.entity(None) is None and seed_doc.entity("no-such-id") is None


def test_events_frame(seed_doc, seed_path):
    pytest.importorskip("pandas")
    frame = seed_doc.events_frame()
    assert len(frame) == len(seed_doc.events)
    assert set(frame[frame.cameo == "044"].location_en) == {"Jeddah"}
    assert frame.confidence.map(lambda x: x == round(x, 3)).all()  # rounded for people
    many = didban.events_frame(didban.extract_many(seed_path.parent))  # one folder, not its characters
    assert len(many) == len(frame)


def test_events_frame_without_pandas_names_the_install(tmp_path):
    code = ("import sys; sys.modules['pandas'] = None\n"
            "import didban\n"
            "doc = didban.Document(text='سلام')\n"
            "try:\n    doc.events_frame()\nexcept didban.DidbanError as e:\n    print(e.code.name, e.hint)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "E206 pip install pandas"


def test_options_are_keyword_arguments_checked_when_built():
    with pytest.raises(DidbanError) as err:
        didban.extract(text=TEXT, taggr=False)
    assert err.value.code.name == "E201" and "tagger" in err.value.hint
    doc = didban.extract(text=TEXT, published="1403-12-17")
    assert doc.published == "2025-03-07" and doc.meta["published_as"] == "1403-12-17 (Jalali)"
