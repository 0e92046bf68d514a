"""The `events` stage: sets `doc.events`."""
from __future__ import annotations

from didban.document import Document
from didban.options import Options
from didban.pipeline import stage


@stage("events", requires=("entities", "sentences"), provides=("events",))
def events_stage(doc: Document, options: Options) -> Document:
    doc.events = []
    return doc
