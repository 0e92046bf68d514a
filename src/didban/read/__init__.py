"""Reading inputs into `Document`s: text files, HTML pages, JSON lines, JSON, standard input, directories.

Readers yield either a `Document` or a `DidbanError` naming the file (and line) and the problem, so that a batch can
report a bad input and go on. `read_path` and `read_inputs` never raise for bad input; `from_text` (one string already
in memory) raises.

Formats (by extension; "-" and extension-less files are sniffed):
- .txt: UTF-8 (BOM or not), UTF-16 LE/BE (BOM or not), Windows-1256 (see `decode.py`);
- .html/.htm: the main text, title, date, site name and url extracted by trafilatura; the main text becomes
  `Document.text` (all offsets point into it);
- .jsonl: one article per line (`text` or `html`; optional `title`, `url`, `source`, `published`), read line by line,
  so a feed of any size streams; each line is its own document with source "path:LINE";
- .json: one such object, or a list of them (source "path#N" for the N-th, from 1).
The size limit (`Options.max_bytes`, E107) applies to a whole file, and to each line of a .jsonl file.
A file's name is shown (in `Document.source` and in errors) by `shown_path`: always valid UTF-8, on one line.
Only regular files are read (a pipe or a device named as a file is E112: it could block forever).
"""
from __future__ import annotations

import io
import json
import re
import stat
import sys
from pathlib import Path
from typing import IO, Iterable, Iterator

from didban.document import Document
from didban.errors import Codes, DidbanError
from didban.lazy_pattern import compile as kept_compile
from didban.options import Options
from didban.text.dates import parse_date
from didban.read.decode import decode

TEXT_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".json": "json"}
JSON_FIELDS = ("text", "html", "title", "url", "source", "published")
_SURROGATE = kept_compile("[\ud800-\udfff]")
_SENTENCE_END = kept_compile(r"[.!?؟…\n]")  # what ends a sentence for the segmenter, at least
# HTML markup trafilatura can take in bounded time and memory (measured: 40,000 paragraphs 12 s, 1,000,000 entity
# references 13 s and 107 MB; 100,000 paragraphs took 106 s): a page beyond is refused before it is parsed
MAX_HTML_ELEMENTS = 50_000
MAX_HTML_ENTITIES = 500_000
# what a file name may hold that no output can show as is: control characters (a newline would break a TSV row or a
# one-line error report) and lone surrogates (bytes of a name that are not UTF-8, kept by Python's 'surrogateescape')
_UNSHOWABLE = kept_compile("[\x00-\x1f\x7f\ud800-\udfff]")


def shown_path(path) -> str:
    """A path as didban shows it (document source, error messages): valid UTF-8 on one line. A byte of the name that
    is not UTF-8 is shown as \\xNN (b'b\\xff.txt' → "b\\xff.txt"), a control character escaped ("a\\nb.txt")."""
    text = str(path)
    if not _UNSHOWABLE.search(text):
        return text
    return _UNSHOWABLE.sub(_escape_char, text)


def _escape_char(match: re.Match) -> str:
    char = match.group()
    if "\udc80" <= char <= "\udcff":  # a raw byte 0x80-0xff of the name
        return f"\\x{ord(char) - 0xdc00:02x}"
    return char.encode("unicode_escape").decode("ascii")


def _has_surrogates(*values: str) -> bool:
    return any(_SURROGATE.search(v) for v in values)


def from_text(text: str, *, source: str | None = None, options: Options | None = None, **meta) -> Document:
    """A document from a string already in memory (no file involved); raises E105 for an empty text.

    `meta` may carry url, title, outlet, published (any date `parse_date` reads; it is stored as ISO); other keys go to
    `Document.meta`. The publication date comes from the metadata, else from a dateline at the top of the text
    (`dates.publication_date`), else from `options.published`.
    """
    from didban.text.dates import publication_date

    if not text or not text.strip():
        raise DidbanError(Codes.E105, path=source)
    check_size(text, options or Options(), source)
    if _has_surrogates(text, *(v for v in meta.values() if isinstance(v, str))):
        # a Python string can hold lone UTF-16 surrogates (bytes decoded with 'surrogateescape'): no UTF-8 for them
        raise DidbanError(Codes.E104, "the text holds lone surrogate code points (U+D800-U+DFFF)", path=source)
    known = {k: v for k, v in meta.items() if k in ("url", "title", "outlet") and v}
    extra = {k: v for k, v in meta.items() if k not in ("url", "title", "outlet", "published") and v is not None}
    doc = Document(text=text, source=source, meta=extra, **known)
    published = meta.get("published")
    if published:
        value = parse_date(str(published))
        if value is not None:
            doc.published, doc.published_reason = value.isoformat(), "metadata"
        else:
            doc.meta["published_raw"] = published  # kept for the reader of the output, not trusted as a date
    if doc.published is None:
        found = publication_date(text)
        if found is not None:
            doc.published, doc.published_reason = found[0].isoformat(), "text"
    if doc.published is None and options and options.published:
        doc.published, doc.published_reason = options.published, "option"
        if options.published_as:  # given in another calendar ("1403-12-17 (Jalali)"): say so beside the ISO date
            doc.meta["published_as"] = options.published_as
    return doc


def check_size(text: str, options: Options, source: str | None = None) -> None:
    """E113 for a text beyond the bounds the pipeline runs in (`max_chars`, `max_sentence_chars`)."""
    if len(text) > options.max_chars:
        raise DidbanError(Codes.E113, f"{len(text):,} characters; the limit is {options.max_chars:,}", path=source,
                          hint="split the document, or raise the limit with --max-chars")
    longest = _longest_sentence(text)
    if longest > options.max_sentence_chars:
        raise DidbanError(Codes.E113, f"{longest:,} characters without a sentence end or line break; the limit is "
                                      f"{options.max_sentence_chars:,}", path=source,
                          hint="check the text (a page's markup or a list flattened into one line?), or raise the "
                               "limit with --max-sentence-chars")


def _longest_sentence(text: str) -> int:
    longest = previous_end = 0
    for end in _SENTENCE_END.finditer(text):
        longest = max(longest, end.start() - previous_end)
        previous_end = end.end()
    return max(longest, len(text) - previous_end)


def _check_markup(html: str, source: str) -> None:
    elements = html.count("<") - html.count("</")  # start tags (and comments): cheap, and close enough for a bound
    if elements > MAX_HTML_ELEMENTS:
        raise DidbanError(Codes.E113, f"about {elements:,} HTML elements; the limit is {MAX_HTML_ELEMENTS:,}",
                          path=source)
    entities = html.count("&")
    if entities > MAX_HTML_ENTITIES:
        raise DidbanError(Codes.E113, f"about {entities:,} HTML entity references; the limit is "
                                      f"{MAX_HTML_ENTITIES:,}", path=source)


# --- one format each ------------------------------------------------------------------------------------------------

def _html_document(html: str, source: str, options: Options) -> Document:
    try:
        import trafilatura
    except ImportError:  # a core dependency, but say clearly what is missing if someone removed it
        raise DidbanError(Codes.E108, "reading HTML needs trafilatura", path=source,
                          hint="pip install trafilatura lxml_html_clean") from None
    _check_markup(html, source)
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise DidbanError(Codes.E109, path=source)
    meta = {"format": "html"}
    return from_text(text, source=source, options=options, title=getattr(extracted, "title", None),
                     url=getattr(extracted, "url", None), outlet=getattr(extracted, "sitename", None),
                     published=getattr(extracted, "date", None), **meta)


def from_html(html: str, *, source: str, options: Options | None = None, url: str | None = None,
              title: str | None = None, outlet: str | None = None, published: str | None = None,
              **meta) -> Document:
    """A document from an HTML page in memory (a JSON line's `html`, a page `didban watch` fetched): the main text by
    trafilatura, as for an .html file. The given fields come from a feed or a list and describe the article better
    than what is guessed from its page, so they win; other keyword arguments go to `Document.meta`. Raises."""
    doc = _html_document(html, source, options or Options())
    doc.title = title or doc.title
    doc.url = url or doc.url
    doc.outlet = outlet or doc.outlet
    value = parse_date(published) if published else None
    if value is not None:
        doc.published, doc.published_reason = value.isoformat(), "metadata"
    doc.meta.update({k: v for k, v in meta.items() if v is not None})
    return doc


def _json_document(obj, source: str, options: Options, *, line: int | None = None,
                   path: str | None = None) -> Document:
    """A document from one JSON object; E106 if it is not an object or has no text, E110 for a mistyped field."""
    if not isinstance(obj, dict):
        raise DidbanError(Codes.E106, f"expected a JSON object, got {type(obj).__name__}", path=path, line=line)
    for name in JSON_FIELDS:
        if obj.get(name) is not None and not isinstance(obj[name], str):
            raise DidbanError(Codes.E110, f"'{name}' is {type(obj[name]).__name__}", path=path, line=line)
    meta = {"url": obj.get("url"), "title": obj.get("title"), "outlet": obj.get("source"),
            "published": obj.get("published")}
    if obj.get("text") is not None:
        try:
            return from_text(obj["text"], source=source, options=options, **meta, format="json")
        except DidbanError as exc:
            exc.path, exc.line = path, line
            raise
    if obj.get("html") is not None:
        try:
            return from_html(obj["html"], source=source, options=options, **meta)
        except DidbanError as exc:
            exc.path, exc.line = path, line
            raise
    raise DidbanError(Codes.E106, "the object has neither 'text' nor 'html'", path=path, line=line)


def _json_loads(text: str, path: str, line: int | None = None, hint: str | None = None):
    """json.loads, with every way it fails as E106: malformed JSON, and well-formed JSON Python cannot hold (nested
    deeper than the interpreter's recursion limit, an integer of more than 4,300 digits)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f" (line {exc.lineno})" if line is None else ""
        raise DidbanError(Codes.E106, exc.msg + where, path=path, line=line if line is not None else exc.lineno,
                          hint=hint) from None
    except RecursionError:
        raise DidbanError(Codes.E106, "the JSON is nested too deeply", path=path, line=line, hint=hint) from None
    except ValueError:  # int('1' * 5000): Python refuses to convert integers of more than 4,300 digits
        raise DidbanError(Codes.E106, "a number has too many digits", path=path, line=line, hint=hint) from None


def _read_jsonl(fh: IO[bytes], path: str, options: Options) -> Iterator[Document | DidbanError]:
    """One document per line, streamed: a line longer than max_bytes is skipped with E107, never loaded whole."""
    line_no = 0
    while True:
        raw = fh.readline(options.max_bytes + 1)
        if not raw:
            return
        line_no += 1
        if len(raw) > options.max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the oversized line in bounded chunks
                raw = fh.readline(1 << 20)
            yield DidbanError(Codes.E107, f"line longer than {options.max_bytes} bytes", path=path, line=line_no)
            continue
        if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            obj = _json_loads(raw.decode("utf-8"), path, line_no)
        except UnicodeDecodeError:
            yield DidbanError(Codes.E104, "the line is not UTF-8", path=path, line=line_no)
            continue
        except DidbanError as exc:
            yield exc
            continue
        try:
            yield _json_document(obj, f"{path}:{line_no}", options, line=line_no, path=path)
        except DidbanError as exc:
            yield exc


def _read_json(text: str, path: str, options: Options) -> Iterator[Document | DidbanError]:
    try:
        data = _json_loads(text, path, hint="a .json file holds one JSON object or a list of them")
    except DidbanError as exc:
        yield exc
        return
    if isinstance(data, list):
        if not data:
            yield DidbanError(Codes.E105, "an empty list", path=path)
        for i, obj in enumerate(data, 1):
            try:
                yield _json_document(obj, f"{path}#{i}", options, path=f"{path}#{i}")
            except DidbanError as exc:
                yield exc
        return
    try:
        yield _json_document(data, path, options, path=path)
    except DidbanError as exc:
        yield exc


def _sniff(text: str) -> str:
    """The format of unnamed input (stdin, a file without extension): html, json, jsonl or text."""
    head = text.lstrip()[:2048].lower()
    if head.startswith(("<!doctype html", "<html")) or (head.startswith("<") and ("<body" in head or "<p" in head)):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        first = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first)
            return "jsonl"
        except (ValueError, RecursionError):  # not one JSON value on the first line (the reader says why)
            return "json"
    return "text"


def _from_decoded(text: str, kind: str, source: str, options: Options) -> Iterator[Document | DidbanError]:
    if kind == "jsonl":
        yield from _read_jsonl(io.BytesIO(text.encode("utf-8")), source, options)
        return
    if kind == "json":
        yield from _read_json(text, source, options)
        return
    try:
        yield _html_document(text, source, options) if kind == "html" else from_text(text, source=source,
                                                                                      options=options)
    except DidbanError as exc:
        yield exc


def _read_bytes_limited(fh: IO[bytes], source: str, options: Options) -> bytes:
    data = fh.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise DidbanError(Codes.E107, f"more than {options.max_bytes} bytes", path=source)
    return data


def _read_file(p: Path, options: Options) -> Iterator[Document | DidbanError]:
    source = shown_path(p)
    kind = TEXT_SUFFIXES.get(p.suffix.lower())
    if kind is None and p.suffix:
        yield DidbanError(Codes.E108, f"'{shown_path(p.suffix)}'", path=source)
        return
    try:
        mode = p.stat().st_mode
        if not stat.S_ISREG(mode):  # a FIFO would block the read forever, a device never end
            yield DidbanError(Codes.E112, _file_kind(mode), path=source)
            return
        with open(p, "rb") as fh:
            if kind == "jsonl":
                yield from _read_jsonl(fh, source, options)
                return
            data = _read_bytes_limited(fh, source, options)
    except DidbanError as exc:
        yield exc
        return
    except OSError as exc:
        yield DidbanError(Codes.E111, exc.strerror or type(exc).__name__, path=source)
        return
    try:
        text = decode(data, source)
    except DidbanError as exc:
        yield exc
        return
    yield from _from_decoded(text, kind or _sniff(text), source, options)


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a regular file"


def _read_directory(root: Path, options: Options) -> Iterator[Document | DidbanError]:
    """Files under `root`, recursively, in sorted order; hidden files and folders and unknown extensions are skipped."""
    found = False
    try:
        paths = sorted(root.rglob("*"))
    except OSError as exc:  # a sub-folder that cannot be listed
        where = getattr(exc, "filename", None) or root
        yield DidbanError(Codes.E111, exc.strerror or type(exc).__name__, path=shown_path(where))
        return
    for p in paths:
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not p.is_file():
            continue
        if p.suffix.lower() not in TEXT_SUFFIXES:
            continue
        found = True
        yield from _read_file(p, options)
    if not found:
        yield DidbanError(Codes.E102, path=shown_path(root))


def _read_stdin(options: Options, stream: IO[bytes] | None = None) -> Iterator[Document | DidbanError]:
    stream = stream if stream is not None else sys.stdin.buffer
    try:
        data = _read_bytes_limited(stream, "-", options)
        text = decode(data, "-")
    except DidbanError as exc:
        yield exc
        return
    yield from _from_decoded(text, _sniff(text), "-", options)


def read_path(path: str | Path, options: Options | None = None) -> Iterator[Document | DidbanError]:
    """Documents from one path (a file, a directory read recursively, or "-" for standard input)."""
    options = options or Options()
    if str(path) == "-":
        yield from _read_stdin(options)
        return
    p = Path(path)
    try:
        exists, is_dir = p.exists(), p.is_dir()
    except OSError as exc:
        yield DidbanError(Codes.E111, exc.strerror or type(exc).__name__, path=shown_path(path))
        return
    if not exists:
        yield DidbanError(Codes.E101, path=shown_path(path))
    elif is_dir:
        yield from _read_directory(p, options)
    else:
        yield from _read_file(p, options)


def read_inputs(paths: Iterable[str | Path], options: Options | None = None) -> Iterator[Document | DidbanError]:
    for path in paths:
        yield from read_path(path, options)
