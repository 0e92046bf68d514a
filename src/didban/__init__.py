"""didban (دیدبان, "the watch"): Persian news to political event data, every field traced to its words.

    >>> import didban
    >>> doc = didban.extract("path/to/article.txt")
    >>> doc.to_dict()["events"]

Importing the package is cheap: the pipeline, the knowledge base and every optional part load on first use.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["extract", "extract_many", "Document", "Options", "DidbanError", "Pipeline", "__version__"]


def __getattr__(name: str):
    # lazy exports keep `import didban` light (no lxml, no knowledge base, no tagger until used)
    if name in ("extract", "extract_many"):
        from didban import api

        return getattr(api, name)
    if name == "Document":
        from didban.document import Document

        return Document
    if name == "Options":
        from didban.options import Options

        return Options
    if name == "DidbanError":
        from didban.errors import DidbanError

        return DidbanError
    if name == "Pipeline":
        from didban.pipeline import Pipeline

        return Pipeline
    raise AttributeError(f"module 'didban' has no attribute {name!r}")
