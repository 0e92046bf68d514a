"""The `entities` stage: sets `doc.mentions` (names, offices, counterparts, pronouns), not yet resolved."""
from __future__ import annotations

from didban.document import Document
from didban.options import Options
from didban.pipeline import stage


# what the mentions hand to `resolve` and `events` (see Mention in didban.document)
HANDOFFS = ("words", "inside", "appos", "anaphor", "group", "plural", "role", "country", "country_implicit", "phrase",
            "deputy", "former", "regional", "counterpart", "descriptive", "title", "name_start", "country_hint", "official",
            "body", "body_sector")


@stage("entities", requires=("normalized", "sentences", "tokens"),
       reads=("outlet", "attribution", "meta.outlet_country"),
       provides=("mentions", *(f"mentions.{name}" for name in HANDOFFS)))
def entities_stage(doc: Document, options: Options, resources=None) -> Document:
    from didban.entities.matcher import find_mentions
    from didban.kb.home import home_country

    if resources is None:
        from didban.resources import shared

        resources = shared()
    doc.mentions = find_mentions(doc, resources.gazetteer(options.tagger), home_country(doc, options, resources.kb))
    return doc
