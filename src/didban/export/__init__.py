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
    elif fmt == "plover":
        from didban.export.plover import plover_records

        for doc in docs:
            for rec in plover_records(doc):
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    elif fmt == "tsv":
        from didban.export.gdelt import write_tsv

        write_tsv(docs, out)
    elif fmt == "table":
        from didban.export.table import render_document

        for doc in docs:
            out.write(render_document(doc) + "\n")
    else:  # the CLI restricts the choice; this guards the Python API
        from didban.errors import Codes, DidbanError

        raise DidbanError(Codes.E201, f"format {fmt!r}; choose one of {', '.join(FORMATS)}")


def iter_events(docs: Iterable[Document]):
    for doc in docs:
        for ev in doc.events or []:
            yield doc, ev
