"""The Python API: the same runner the CLI, the server and batch jobs call.

    import didban
    doc = didban.extract(Path("article.txt"))          # a file (a Path, or a str naming an existing file)
    doc = didban.extract(text="متن خبر ...")            # a text in memory
    for ev in doc.events:
        print(ev.cameo, [a.name_en for a in doc.actors_of(ev)])
    doc.events_frame()                                  # a pandas DataFrame, one row per event
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable, Iterator

from didban.document import Document
from didban.errors import Codes, DidbanError
from didban.options import Options
from didban.pipeline import Failure, read_inputs, run_document, run_inputs, run_text

_PERSIAN_LETTER = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_FILE_LIKE = re.compile(r"^\S+\.(txt|html?|jsonl?)$", re.IGNORECASE)


def _exists(source: str) -> bool:
    """Whether a str names an existing file; a sentence too long to be a file name is not one (no OSError)."""
    try:
        return Path(source).exists()
    except (OSError, ValueError):
        return False


def _source_kind(source: str | os.PathLike) -> str:
    """'path' or 'text' for what `extract` was given; a str that is neither an existing file nor Persian text is E101
    (a mistyped path must not be processed as a one-line article)."""
    if isinstance(source, os.PathLike):
        return "path"
    if not isinstance(source, str):
        raise DidbanError(Codes.E201, f"extract() takes a path or a str, not {type(source).__name__}")
    one_line = "\n" not in source and len(source) < 4096
    if one_line and (source == "-" or _exists(source)):
        return "path"
    if _PERSIAN_LETTER.search(source) and not (one_line and _FILE_LIKE.match(source.strip())):
        return "text"
    raise DidbanError(Codes.E101, f"{source[:200]!r} is neither an existing file nor Persian text",
                      hint="give a pathlib.Path for a file, or the article as didban.extract(text=...)")


def extract(source: str | os.PathLike | None = None, *, text: str | None = None,
            stages: Iterable[str] | None = None, resources=None, **options) -> Document:
    """Run the pipeline over one document and return it.

    `source`: a `pathlib.Path` (or a str naming an existing file, or "-" for standard input), or a str of Persian
    text; `text=`: the article's text, never taken for a path. Keyword arguments are `Options` fields
    (`tagger=False`, `published="1403-12-17"` ...). Raises `DidbanError` for bad input; a file holding several
    documents (JSON lines) is refused: use `extract_many`. `resources`: a `didban.resources.Resources` to take the
    knowledge base, gazetteer, tagger and codebook from (default: the process's shared one).
    """
    opts = Options.build(**options)
    if (source is None) == (text is None):
        raise DidbanError(Codes.E201, "give either a path (or text) as the first argument, or text=...")
    if text is not None or _source_kind(source) == "text":
        return run_text(text if text is not None else str(source), opts, stages, resources)
    items = list(read_inputs([source], opts))
    errors = [i for i in items if isinstance(i, DidbanError)]
    if errors:
        raise errors[0]
    if len(items) != 1:
        raise DidbanError(Codes.E201, f"{source} holds {len(items)} documents; use didban.extract_many")
    return run_document(items[0], opts, stages, resources)


def extract_many(paths: Iterable[str | os.PathLike], *, stages: Iterable[str] | None = None, resources=None,
                 **options) -> Iterator[Document | Failure]:
    """Run the pipeline over files and directories; bad documents come back as `Failure` (or raise, per `on_error`).
    With `learn_roles=True` the offices the documents state are learned once the last document is out."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # one folder or file, not its characters
    yield from run_inputs(paths, Options.build(**options), stages, resources)


def events_frame(docs: Iterable[Document | Failure]):
    """One pandas DataFrame of the events of `docs` (failures skipped): a row per event (see
    `Document.events_frame`). Needs pandas."""
    from didban.document import events_frame_of

    return events_frame_of(d for d in docs if isinstance(d, Document))
