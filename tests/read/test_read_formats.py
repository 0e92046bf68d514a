"""Reading: encodings, formats, directories, stdin, and every error path (errors are yielded, never raised)."""
from __future__ import annotations

import io
import json
import os

import pytest

from didban import read
from didban.document import Document
from didban.errors import DidbanError
from didban.options import Options

ARTICLE = "خبرگزاری میزان - وزیر امور خارجه با همتای خود دیدار کرد.\nپنجشنبه 4 مهر 1398"


def one(path, options=None):
    items = list(read.read_path(path, options))
    assert len(items) == 1, items
    return items[0]


def code(item):
    assert isinstance(item, DidbanError), item
    return item.code.name


# (how the file is written, the text the reader must give back)
@pytest.mark.parametrize("encode, expected", [
    (lambda s: s.encode("utf-8"), ARTICLE),  # plain UTF-8
    (lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"), ARTICLE),  # UTF-8 with BOM: the BOM is not text
    (lambda s: s.encode("utf-16"), ARTICLE),  # UTF-16 with BOM
    (lambda s: s.encode("utf-16-le"), ARTICLE),  # UTF-16 LE without BOM (0x06 bytes on odd positions)
    (lambda s: s.encode("utf-16-be"), ARTICLE),  # UTF-16 BE without BOM
    (lambda s: s.replace("ی", "ي").encode("cp1256"), ARTICLE.replace("ی", "ي")),  # Windows-1256 (Arabic yeh)
    (lambda s: s.replace("\n", "\r\n").encode("utf-8"), ARTICLE),  # CRLF line ends become "\n"
])
def test_encodings_round_trip(tmp_path, encode, expected):
    p = tmp_path / "a.txt"
    p.write_bytes(encode(ARTICLE))
    doc = one(p)
    assert isinstance(doc, Document) and doc.text == expected
    assert doc.published == "2019-09-26" and doc.published_reason == "text"


@pytest.mark.parametrize("content, expected_code", [
    (bytes(range(256)) * 8, "E103"),  # binary data with NULs
    (b"\x01\x02\x03\x04 text \x05\x06\x07\x08\x0e\x0f", "E103"),  # control bytes
    ("Grüße aus Köln, très bien".encode("latin-1"), "E104"),  # a legacy page that is not Persian
    (b"   \n\t \n", "E105"),  # whitespace only
    (b"", "E105"),  # empty
])
def test_bad_text_files(tmp_path, content, expected_code):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    item = one(p)
    assert code(item) == expected_code and item.path == str(p)


def test_missing_file_and_unknown_extension(tmp_path):
    assert code(one(tmp_path / "nope.txt")) == "E101"
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    assert code(one(tmp_path / "x.pdf")) == "E108"


def test_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("سلام " * 100, encoding="utf-8")
    assert code(one(p, Options(max_bytes=50))) == "E107"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path):
    p = tmp_path / "locked.txt"
    p.write_text("سلام", encoding="utf-8")
    p.chmod(0)
    assert code(one(p)) == "E111"


def test_jsonl_lines_are_documents_and_bad_lines_are_reported(tmp_path):
    p = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": "متن اول.", "title": "عنوان", "url": "https://x.ir/1", "source": "ایرنا",
                    "published": "۱۸ اسفند ۱۴۰۳"}, ensure_ascii=False),
        "{not json",  # malformed: E106 with its line number
        json.dumps({"text": 5}),  # wrong type: E110
        "",  # blank lines are skipped
        json.dumps({"title": "بی متن"}, ensure_ascii=False),  # neither text nor html: E106
        json.dumps({"text": "متن دوم."}, ensure_ascii=False),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read.read_path(p))
    assert [i.source if isinstance(i, Document) else (i.code.name, i.line) for i in items] == [
        f"{p}:1", ("E106", 2), ("E110", 3), ("E106", 5), f"{p}:6"]
    first = items[0]
    assert (first.title, first.url, first.outlet, first.published, first.published_reason) == (
        "عنوان", "https://x.ir/1", "ایرنا", "2025-03-08", "metadata")
    assert "feed.jsonl:2" in str(items[1])


def test_jsonl_line_over_the_limit_is_skipped_not_loaded(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text(json.dumps({"text": "x" * 500}) + "\n" + json.dumps({"text": "متن."}, ensure_ascii=False) + "\n",
                 encoding="utf-8")
    items = list(read.read_path(p, Options(max_bytes=100)))
    assert code(items[0]) == "E107" and items[0].line == 1
    assert isinstance(items[1], Document) and items[1].source == f"{p}:2"


def test_json_object_and_list(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"text": "متن.", "title": "ت"}, ensure_ascii=False), "utf-8")
    assert one(tmp_path / "one.json").title == "ت"
    (tmp_path / "many.json").write_text(json.dumps([{"text": "الف."}, {"text": []}], ensure_ascii=False), "utf-8")
    items = list(read.read_path(tmp_path / "many.json"))
    assert items[0].source == f"{tmp_path / 'many.json'}#1" and code(items[1]) == "E110"
    (tmp_path / "broken.json").write_text("{", "utf-8")
    assert code(one(tmp_path / "broken.json")) == "E106"


HTML = ("<html><head><title>دیدار وزیران</title><meta property='og:site_name' content='ایرنا'>"
        "<meta property='article:published_time' content='2025-03-07'></head><body><article><h1>دیدار وزیران</h1>"
        + "<p>" + "وزیر امور خارجه ایران امروز با همتای ترکیه‌ای خود دیدار و گفت‌وگو کرد. " * 5 + "</p>"
        + "<p>" + "این دیدار در آنکارا انجام شد و دو طرف درباره روابط دوجانبه گفتگو کردند. " * 4 + "</p>"
        + "</article></body></html>")


def test_html_main_text_and_metadata(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    doc = one(p)
    assert doc.title == "دیدار وزیران" and doc.outlet == "ایرنا"
    assert doc.published == "2025-03-07" and doc.published_reason == "metadata"
    assert "<p>" not in doc.text and "در آنکارا انجام شد" in doc.text
    (tmp_path / "empty.htm").write_text("<html><body></body></html>", encoding="utf-8")
    assert code(one(tmp_path / "empty.htm")) == "E109"  # a page with no article


def test_directory_is_read_recursively_in_order_skipping_hidden_and_unknown(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("دوم.", "utf-8")
    (tmp_path / "1.txt").write_text("اول.", "utf-8")
    (tmp_path / ".hidden.txt").write_text("پنهان.", "utf-8")
    (tmp_path / "notes.md").write_text("x", "utf-8")
    docs = list(read.read_path(tmp_path))
    assert [d.text for d in docs] == ["اول.", "دوم."]
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.md").write_text("x", "utf-8")
    assert code(one(empty)) == "E102"


def test_stdin_is_sniffed(monkeypatch):
    for payload, check in [
        (ARTICLE.encode("utf-8"), lambda items: items[0].text == ARTICLE),
        ((json.dumps({"text": "الف."}) + "\n" + json.dumps({"text": "ب."})).encode(), lambda items: len(items) == 2),
        (HTML.encode("utf-8"), lambda items: items[0].title == "دیدار وزیران"),
    ]:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(payload)))
        items = list(read.read_path("-"))
        assert check(items) and all(isinstance(i, Document) for i in items)


def test_read_inputs_goes_on_after_a_bad_input(tmp_path):
    (tmp_path / "good.txt").write_text("خبر.", "utf-8")
    items = list(read.read_inputs([tmp_path / "missing.txt", tmp_path / "good.txt"]))
    assert code(items[0]) == "E101" and isinstance(items[1], Document)


def test_from_text_dates_metadata_then_text_then_option():
    opts = Options(published="2020-01-01")
    assert read.from_text("خبر.", options=opts).published_reason == "option"
    assert read.from_text("عنوان\n۱۸ اسفند ۱۴۰۳\nخبر.", options=opts).published == "2025-03-08"
    doc = read.from_text("خبر.", published="2024-05-01", options=opts)
    assert (doc.published, doc.published_reason) == ("2024-05-01", "metadata")
    with pytest.raises(DidbanError):
        read.from_text("  \n ")


def test_os_error_while_opening_is_e111(tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text("سلام.", "utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(read, "open", refuse, raising=False)
    item = one(p)
    assert code(item) == "E111" and "Permission denied" in str(item)


def test_jsonl_streams_line_by_line(tmp_path):
    """The reader never asks for the whole file: a 10 GB feed reads in constant memory."""

    class LinesOnly(io.BytesIO):
        def read(self, *args):  # a whole-file read would be a bug
            raise AssertionError("read() called on a JSON-lines stream")

    feed = LinesOnly(("\n".join(json.dumps({"text": f"خبر {i}."}, ensure_ascii=False) for i in range(50))).encode())
    docs = list(read._read_jsonl(feed, "feed.jsonl", Options()))
    assert len(docs) == 50 and docs[-1].source == "feed.jsonl:50"


def test_extensionless_file_is_sniffed(tmp_path):
    p = tmp_path / "article"
    p.write_text("<html><body><article><p>" + "وزیر امروز به تهران آمد و با همتای خود دیدار کرد. " * 4
                 + "</p></article></body></html>", encoding="utf-8")
    doc = one(p)
    assert doc.meta.get("format") == "html" and "<p>" not in doc.text


def test_jsonl_html_field_uses_the_feed_metadata(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text(json.dumps({"html": HTML, "published": "1403-12-17", "source": "ایسنا"}, ensure_ascii=False) + "\n"
                 + json.dumps({"html": "<html><body></body></html>"}) + "\n", encoding="utf-8")
    doc, bad = list(read.read_path(p))
    assert (doc.published, doc.published_reason, doc.outlet, doc.title) == ("2025-03-07", "metadata", "ایسنا",
                                                                           "دیدار وزیران")
    assert code(bad) == "E109" and bad.line == 2 and doc.source == f"{p}:1"
