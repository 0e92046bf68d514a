"""The `events` stage: sets `doc.events` (coded, merged within the document, each with evidence)."""
from __future__ import annotations

from didban.document import Document
from didban.options import Options
from didban.pipeline import stage


@stage("events", requires=("entities", "sentences", "mentions", "mentions.entity", *(
    f"mentions.{name}" for name in ("words", "inside", "appos", "anaphor", "official", "members"))),
       reads=("outlet", "attribution", "meta.outlet_country"), provides=("events",))
def events_stage(doc: Document, options: Options, resources=None) -> Document:
    from didban.kb.home import home_country
    from didban.events.extract import extract_events

    if resources is None:
        from didban.resources import shared

        resources = shared()
    doc.events = extract_events(doc, home_country(doc, options, resources.kb), options.min_confidence,
                                resources.codebook, plain_remarks=options.plain_remarks)
    return doc
