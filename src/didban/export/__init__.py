"""Writing documents and events out: JSON, JSON lines, PLOVER, TSV (GDELT-style), a readable table.

Format names mean the same in every command (README "Conventions"): `json` is one JSON document (here: one
document's object), `jsonl` the same objects one per line, `plover` PLOVER records one per line, `tsv` GDELT-style
rows (`gdelt` is another name for it).
"""
from __future__ import annotations

import json
from typing import Iterable, TextIO

from didban.document import Document

FORMATS = ("json", "jsonl", "plover", "tsv", "table")


def dumps(data) -> str:
    """JSON the way didban writes it everywhere: UTF-8 text, never ASCII-escaped."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def write(docs: Iterable[Document], fmt: str, out: TextIO) -> None:
    """Write documents in one of `FORMATS` to a text stream. `json` takes exactly one document (E207 otherwise)."""
    if fmt == "json":
        docs = list(docs)
        if len(docs) != 1:
            from didban.errors import Codes, DidbanError

            raise DidbanError(Codes.E207, f"{len(docs)} documents")
        out.write(dumps(docs[0].to_dict()) + "\n")
    elif fmt == "jsonl":
        for doc in docs:
            out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
    elif fmt in ("plover", "tsv"):
        from didban.export.columns import document_event_dicts

        write_events((ev for doc in docs for ev in document_event_dicts(doc)), fmt, out)
    elif fmt == "table":
        from didban.export.table import render_document

        for doc in docs:
            out.write(render_document(doc) + "\n")
    else:  # the CLI restricts the choice; this guards the Python API
        from didban.errors import Codes, DidbanError

        raise DidbanError(Codes.E201, f"format {fmt!r}; choose one of {', '.join(FORMATS)}")


EVENT_FORMATS = ("plover", "tsv", "csv")


def write_json_lines(records: Iterable[dict], out: TextIO) -> int:
    """One JSON object a line, never ASCII-escaped; returns how many were written."""
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_events(events: Iterable[dict], fmt: str, out: TextIO) -> int:
    """The one event writer: events in `query_events`' shape (stored, or a Document's through
    `columns.document_event_dicts`) as PLOVER records, or flat rows of `columns.COLUMNS` (GDELT-style TSV, CSV).
    Returns how many events were written."""
    if fmt == "plover":
        from didban.export.plover import plover_record

        return write_json_lines((plover_record(ev) for ev in events), out)
    if fmt in ("tsv", "csv"):
        from didban.export.gdelt import write_rows

        return write_rows(events, out, delimiter="\t" if fmt == "tsv" else ",")
    from didban.errors import Codes, DidbanError

    raise DidbanError(Codes.E201, f"format {fmt!r}; events are written as {', '.join(EVENT_FORMATS)}")


def iter_events(docs: Iterable[Document]):
    for doc in docs:
        for ev in doc.events or []:
            yield doc, ev
