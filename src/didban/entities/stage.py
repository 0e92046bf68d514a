"""The `entities` stage: sets `doc.mentions` (names, offices, counterparts, pronouns), not yet resolved."""
from __future__ import annotations

from didban.document import Document
from didban.options import Options
from didban.pipeline import stage


# what the mentions hand to `resolve` and `events` (see Mention in didban.document)
HANDOFFS = ("words", "inside", "appos", "anaphor", "group", "plural", "role", "country", "country_implicit", "phrase",
            "deputy", "regional", "counterpart", "descriptive", "title", "name_start", "country_hint", "official",
            "body", "body_sector")


@stage("entities", requires=("normalized", "sentences", "tokens"),
       provides=("mentions", *(f"mentions.{name}" for name in HANDOFFS)))
def entities_stage(doc: Document, options: Options) -> Document:
    from didban.entities.matcher import find_mentions, load_resources
    from didban.kb.home import home_country

    doc.mentions = find_mentions(doc, load_resources(options.tagger), home_country(doc, options))
    return doc
