"""Whatever the bytes, reading yields a Document or a DidbanError: never a traceback."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from didban.document import Document
from didban.errors import DidbanError
from didban.read import read_path
from didban.text.dates import find_dates


@settings(max_examples=80, deadline=None)
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".json", ".jsonl", ".html"]))
def test_any_bytes_give_a_document_or_an_error(tmp_path_factory, data, suffix):
    p = tmp_path_factory.mktemp("in") / f"x{suffix}"
    p.write_bytes(data)
    for item in read_path(p):
        assert isinstance(item, (Document, DidbanError))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=list("۰۱۲۳۴۵۶۷۸۹0123456789 /-:اسفندمهرتیرAugدوم\n"), max_size=60))
def test_find_dates_spans_are_inside_and_ordered(text):
    last = 0
    for start, end, _, calendar in find_dates(text):
        assert last <= start < end <= len(text) and calendar in ("jalali", "gregorian", "hijri")
        last = end
