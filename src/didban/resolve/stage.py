"""The `resolve` stage: sets `doc.entities` and links every mention to one of them."""
from __future__ import annotations

from didban.document import Document
from didban.options import Options
from didban.pipeline import stage


@stage("resolve",
       requires=("mentions", *(f"mentions.{name}" for name in (
           "words", "appos", "anaphor", "group", "role", "country", "phrase", "deputy", "regional", "counterpart",
           "descriptive", "title", "name_start", "country_hint", "body", "body_sector"))),
       provides=("entities", "mentions.entity", "mentions.reason", "mentions.members", "meta.inferred_date",
                 "meta.learned_roles"))
def resolve_stage(doc: Document, options: Options) -> Document:
    from didban.kb.home import home_country
    from didban.kb import load_kb
    from didban.resolve.resolver import Resolver

    kb = load_kb()
    doc.entities = Resolver(doc, kb, home_country(doc, options)).run()
    if options.learn_roles:
        for fact in doc.meta.get("learned_roles", []):
            if fact.get("country") and " " not in fact["role"]:
                kb.learn_role(fact["person"], fact["role"], fact["country"], fact.get("on"),
                              evidence={"doc": doc.id, **fact["evidence"]})
    return doc
