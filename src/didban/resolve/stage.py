"""The `resolve` stage: sets `doc.entities` and links every mention to one of them.

It also records, never applies, what the article teaches: `meta["learned_roles"]` (offices stated by appositions)
is read by the role-learning pass after a run (`didban.resolve.learning`), and `meta["inferred_date"]` says which
date the offices were resolved on when the article gave none.
"""
from __future__ import annotations

from didban.document import Document
from didban.options import Options
from didban.pipeline import stage


@stage("resolve",
       requires=("mentions", *(f"mentions.{name}" for name in (
           "words", "appos", "anaphor", "group", "role", "country", "phrase", "deputy", "former", "regional", "counterpart",
           "descriptive", "title", "name_start", "country_hint", "body", "body_sector"))),
       reads=("outlet", "attribution", "meta.outlet_country"),
       provides=("entities", "mentions.entity", "mentions.reason", "mentions.members", "meta.inferred_date",
                 "meta.learned_roles"))
def resolve_stage(doc: Document, options: Options, resources=None) -> Document:
    from didban.kb.home import home_country
    from didban.resolve.resolver import Resolver

    if resources is None:
        from didban.resources import shared

        resources = shared()
    kb = resources.kb
    doc.entities = Resolver(doc, kb, home_country(doc, options, kb)).run()
    return doc
