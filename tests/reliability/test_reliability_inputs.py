"""Property-based tests: whatever a scraper hands didban, it either processes it (every span slicing the original text,
the JSON valid) or refuses it with a documented input error (E1xx). Nothing else may escape.

Inputs per CI run: the `fuzz(n)` numbers below (see docs/reliability.md for the total); each is counted and the
total is printed at the end of the pytest run ("reliability: N generated inputs tried").
"""
from __future__ import annotations

import json

import pytest
from hypothesis import example, given, strategies as st

import reliability_strategies as S
from reliability_checks import check_document, check_error, check_outcome, count_input, fuzz
from didban.errors import DidbanError


def process_text(pipeline, text: str, **meta):
    """from_text + the full pipeline; a refusal must be a documented input error."""
    from didban.read import from_text

    try:
        doc = from_text(text, options=pipeline.options, **meta)
    except DidbanError as exc:
        check_error(exc)
        return None
    doc = pipeline(doc)
    check_document(doc)
    return doc


def process_file(pipeline, path) -> list:
    """read_path + the full pipeline over every document the file holds."""
    from didban.read import read_path

    out = []
    for item in read_path(path, pipeline.options):
        check_outcome(item)
        if not isinstance(item, DidbanError):
            out.append(pipeline(item))
            check_document(out[-1])
    return out


# --- text ------------------------------------------------------------------------------------------------------------

@fuzz(500)
@given(text=S.news_like_text())
@example(text="")
@example(text=" \n\t\u200c\u200f\ufeff\u00a0\u2028")
@example(text="\u200c" * 5000)
@example(text="عراقچی\u200d\u200c\u200d\u200cبا\u202eلاوروف\u202c دیدار\u0651\u0651\u0651 کرد.")
def test_any_text_is_processed_or_refused_clearly(pipeline, text):
    count_input("text")
    process_text(pipeline, text)


@fuzz(250)
@given(text=S.mark_storm())
def test_joiner_direction_and_combining_storms(pipeline, text):
    count_input("mark-storm")
    process_text(pipeline, text)


@fuzz(100)
@given(text=S.surrogate_text())
def test_lone_surrogates_are_refused_with_E104(pipeline, text):
    """A Python string may hold lone surrogates (e.g. bytes decoded with 'surrogateescape'): they have no UTF-8, so
    the output could not be written. They are refused at the door, never a UnicodeEncodeError later."""
    from didban.read import from_text

    count_input("surrogates")
    with pytest.raises(DidbanError) as err:
        pipeline(from_text(text, options=pipeline.options))
    assert err.value.code.name == "E104"


@fuzz(150)
@given(text=S.news_like_text(40), title=S.news_like_text(5), url=st.text(max_size=30),
       published=st.one_of(st.none(), st.text(max_size=20), st.sampled_from(["1403-12-18", "2025-02-30", "۱۴۰۳"])))
def test_metadata_of_any_shape(pipeline, text, title, url, published):
    count_input("text+metadata")
    doc = process_text(pipeline, text, title=title, url=url, published=published)
    if doc is not None and doc.published is not None:
        assert len(doc.published) == 10 and doc.published[4] == "-", doc.published


@fuzz(120)
@given(text=S.news_like_text(30))
def test_python_api_extract(text):
    """didban.extract(text) with on_error="raise": the documented entry point, tagger off to keep the run short."""
    import didban

    count_input("didban.extract")
    if "\n" not in text and len(text) < 4096:
        text += "\n"  # one line that happens to name an existing path ("." or "/") would be read as that path
    try:
        doc = didban.extract(text, on_error="raise", tagger=False)
    except DidbanError as exc:
        check_error(exc)
        return
    check_document(doc)


# --- files: random bytes under every extension ----------------------------------------------------------------------

SUFFIXES = [".txt", ".html", ".htm", ".jsonl", ".json", ""]


@fuzz(400)
@given(data=S.file_bytes, suffix=st.sampled_from(SUFFIXES))
@example(data=b"", suffix=".txt")
@example(data=b"\xef\xbb\xbf", suffix=".txt")
@example(data=b"\xff\xfe", suffix="")
@example(data=b"\x00" * 100, suffix=".json")
@example(data="سلام دنیا".encode("utf-16-le"), suffix="")
@example(data=b"\n\n\n \r\n", suffix=".jsonl")
def test_random_bytes_in_every_file_type(pipeline, fuzz_dir, data, suffix):
    count_input("file-bytes")
    path = fuzz_dir / f"bytes{suffix}"
    path.write_bytes(data)
    process_file(pipeline, path)


@fuzz(120)
@given(page=S.html_page())
@example(page="<" * 5000)
@example(page="<div>" * 3000 + "عراقچی با لاوروف دیدار کرد. " * 20)
@example(page="<html><body><script>" + "x" * 10000)
@example(page="<p>" + "&#1740;&zwnj;&amp;&#0;&#xFFFFFFFF;" * 200 + "</p>")
def test_html_nested_truncated_scripts_entities(pipeline, fuzz_dir, page):
    count_input("html")
    path = fuzz_dir / "page.html"
    path.write_bytes(page.encode("utf-8"))
    process_file(pipeline, path)


@fuzz(120)
@given(data=S.jsonl_bytes())
@example(data=b'{"text": 5}\n{"text": null, "html": []}\n[1, 2]\n"x"\n{"text": "\\ud800 a"}\n{"text": "  "}\n')
def test_json_lines_with_wrong_types(pipeline, fuzz_dir, data):
    count_input("jsonl")
    path = fuzz_dir / "feed.jsonl"
    path.write_bytes(data)
    process_file(pipeline, path)


@fuzz(80)
@given(records=st.one_of(S.json_record(), st.lists(S.json_record(), max_size=3)), ascii_only=st.booleans())
def test_json_files_with_wrong_types(pipeline, fuzz_dir, records, ascii_only):
    count_input("json")
    path = fuzz_dir / "doc.json"
    path.write_text(json.dumps(records, ensure_ascii=ascii_only), encoding="utf-8")
    process_file(pipeline, path)


# --- the stages one by one -------------------------------------------------------------------------------------------

@fuzz(300)
@given(text=S.news_like_text())
def test_normalize_and_segment_alone_keep_offsets(text):
    """The first stages on their own (as `didban normalize` / `didban segment` run them): the normalized copy maps
    back into the original text, and each normalized character comes from within it."""
    from didban.options import Options
    from didban.pipeline import Pipeline
    from didban.read import from_text

    count_input("normalize+segment")
    if not text.strip():
        return
    doc = Pipeline.upto("segment", Options(on_error="raise"))(from_text(text))
    check_document(doc)
    norm = doc.normalized
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    for i in range(len(norm.text)):
        assert 0 <= norm.starts[i] <= norm.ends[i] <= len(text)
        assert norm.to_original(i, i + 1)[1] <= len(text)


# --- fixed hard cases -------------------------------------------------------------------------------------------------

def test_whitespace_only_documents_are_E105(tmp_path):
    from didban.options import Options
    from didban.read import read_path

    for i, data in enumerate([b"", b"   ", b"\n\n\t", "\u00a0\u2028 ".encode(), b'{"text": "   "}', b"[]"]):
        path = tmp_path / f"blank{i}.{'json' if data.startswith((b'{', b'[')) else 'txt'}"
        path.write_bytes(data)
        items = list(read_path(path, Options(on_error="raise")))
        assert [e.code.name for e in items] == ["E105"], (data, items)


@pytest.mark.slow
def test_one_huge_line_without_breaks(pipeline):
    """One line without a sentence mark: 300,000 characters through reading, normalization and segmentation, and
    50,000 characters through the whole pipeline (the full 300,000 take ~30 s in the entities stage: see the notes)."""
    from didban.options import Options
    from didban.pipeline import Pipeline
    from didban.read import from_text

    words = ["عراقچی", "با", "لاوروف", "دیدار", "کرد", "و", "گفت‌وگو", "درباره", "همکاری", "ادامه", "یافت"]
    text = " ".join(words[i % len(words)] for i in range(60_000))[:300_000]
    beyond_the_bound = Options(on_error="raise", max_sentence_chars=len(text))  # the default refuses it (E113)
    doc = Pipeline.upto("segment", beyond_the_bound)(from_text(text, options=beyond_the_bound))
    check_document(doc)
    assert len(doc.sentences) == 1 and doc.text[doc.sentences[0].start:doc.sentences[0].end] == text.strip()
    doc = pipeline(from_text(text[:50_000], options=beyond_the_bound))
    check_document(doc)
    assert doc.mentions
