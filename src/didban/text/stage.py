"""The `normalize` stage: sets `doc.normalized` (normalized text + offset map)."""
from __future__ import annotations

from didban.document import Document
from didban.options import Options
from didban.pipeline import stage
from didban.text.normalize import normalize


@stage("normalize", requires=("text",), provides=("normalized",))
def normalize_stage(doc: Document, options: Options, resources=None) -> Document:
    doc.normalized = normalize(doc.text, options)
    return doc
