"""Reading inputs into `Document`s: text files, HTML pages, JSON lines, standard input, directories.

Readers yield either a `Document` or a `DidbanError` naming the file (and line) and the problem, so that a batch can
report a bad input and go on. Nothing here raises for bad input except `read_one`, which is for single documents.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from didban.document import Document
from didban.errors import Codes, DidbanError
from didban.options import Options


def from_text(text: str, *, source: str | None = None, options: Options | None = None, **meta) -> Document:
    """A document from a string already in memory (no file involved)."""
    if not text or not text.strip():
        raise DidbanError(Codes.E105, path=source)
    doc = Document(text=text, source=source, **{k: v for k, v in meta.items() if k in
                                                ("url", "title", "outlet", "published")})
    if options and options.published and not doc.published:
        doc.published, doc.published_reason = options.published, "option"
    return doc


def read_path(path: str | Path, options: Options | None = None) -> Iterator[Document | DidbanError]:
    """Documents from one path (a file, a directory read recursively, or "-" for standard input)."""
    options = options or Options()
    p = Path(path)
    if not p.exists():
        yield DidbanError(Codes.E101, path=str(path))
        return
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        yield DidbanError(Codes.E104, str(exc), path=str(path))
        return
    try:
        yield from_text(text, source=str(path), options=options)
    except DidbanError as exc:
        yield exc


def read_inputs(paths: Iterable[str | Path], options: Options | None = None) -> Iterator[Document | DidbanError]:
    for path in paths:
        yield from read_path(path, options)
