"""The `normalize` stage: sets `doc.normalized` (normalized text + offset map)."""
from __future__ import annotations

from didban.document import Document, NormalizedText
from didban.options import Options
from didban.pipeline import stage


@stage("normalize", requires=("text",), provides=("normalized",))
def normalize_stage(doc: Document, options: Options) -> Document:
    doc.normalized = NormalizedText.identity(doc.text)  # placeholder until text.normalize lands
    return doc
