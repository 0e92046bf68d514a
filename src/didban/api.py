"""The Python API: the same functions the CLI, the server and batch jobs call."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from didban.document import Document
from didban.errors import Codes, DidbanError
from didban.options import Options
from didban.pipeline import Failure, Pipeline, run_batch


def _looks_like_path(value: str | os.PathLike) -> bool:
    if isinstance(value, os.PathLike):
        return True
    # a string is a path only if it is short, on one line and names something that exists; otherwise it is text
    return "\n" not in value and len(value) < 4096 and (value == "-" or Path(value).exists())


def extract(text_or_path: str | os.PathLike, *, stages: Iterable[str] | None = None, **options) -> Document:
    """Run the pipeline over one document: a string of Persian text, or the path of a file holding one.

    Keyword arguments are `Options` fields (`tagger=False`, `published="2025-03-07"` ...). Raises `DidbanError`
    for bad input. A file holding several documents (JSON lines) is refused: use `extract_many`.
    """
    from didban import read

    opts = Options.build(**options)
    pipeline = Pipeline(stages, opts)
    if _looks_like_path(text_or_path):
        items = list(read.read_path(text_or_path, opts))
        errors = [i for i in items if isinstance(i, DidbanError)]
        if errors:
            raise errors[0]
        if len(items) != 1:
            raise DidbanError(Codes.E201, f"{text_or_path} holds {len(items)} documents; use didban.extract_many")
        doc = items[0]
    else:
        doc = read.from_text(str(text_or_path), options=opts)
    return pipeline(doc)


def extract_many(paths: Iterable[str | os.PathLike], *, stages: Iterable[str] | None = None,
                 **options) -> Iterator[Document | Failure]:
    """Run the pipeline over files and directories; bad documents come back as `Failure` (or raise, per `on_error`)."""
    from didban import read

    opts = Options.build(**options)
    yield from run_batch(read.read_inputs(paths, opts), Pipeline(stages, opts))
