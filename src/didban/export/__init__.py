"""Writing documents and events out: JSON, JSON lines (PLOVER), TSV (GDELT-style), a readable table."""
from __future__ import annotations

import json
from typing import Iterable, TextIO

from didban.document import Document

FORMATS = ("json", "jsonl", "tsv", "table")


def dumps(data) -> str:
    """JSON the way didban writes it everywhere: UTF-8 text, never ASCII-escaped."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def write(docs: list[Document], fmt: str, out: TextIO) -> None:
    """Write documents in one of `FORMATS` to a text stream."""
    if fmt == "json":
        data = docs[0].to_dict() if len(docs) == 1 else [d.to_dict() for d in docs]
        out.write(dumps(data) + "\n")
    elif fmt == "jsonl":
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
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def iter_events(docs: Iterable[Document]):
    for doc in docs:
        for ev in doc.events or []:
            yield doc, ev
