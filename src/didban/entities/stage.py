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
       reads=("outlet", "attribution", "meta.outlet_country"),
       provides=("mentions", *(f"mentions.{name}" for name in HANDOFFS)))
def entities_stage(doc: Document, options: Options, resources=None) -> Document:
    from didban.entities.matcher import find_mentions

    resources = resources or _shared()
    doc.mentions = find_mentions(doc, resources.gazetteer(options.tagger), home_country(doc, options, resources.kb))
    return doc


def _shared():
    from didban.resources import shared

    return shared()


# Persian-writing countries whose outlets speak of "کشورمان" and of offices without naming the country as their own
PERSIAN_OUTLET_COUNTRIES = ("IRN", "AFG", "TJK")


def home_country(doc: Document, options: Options, kb=None) -> str:
    """The country "کشورمان" (our country) and an office named without a country refer to: the one given with the
    document (a watched feed's, `meta["outlet_country"]`), else that of the publishing outlet when the knowledge base
    (`kb`; default: the shared one) knows it as a Persian-writing country's ("به گزارش طلوع نیوز" is Afghan), else the
    option's (Iran by default). An international outlet a story cites ("به نقل از رویترز") never changes it."""
    if doc.meta.get("outlet_country"):
        return doc.meta["outlet_country"]
    outlets = [doc.outlet] if doc.outlet else []
    outlets += [a.name for a in doc.attribution or [] if a.kind == "outlet" and a.name not in outlets]
    if outlets:
        kb = kb if kb is not None else _shared().kb
        for name in outlets[:1]:
            for ent in kb.lookup(name):
                if ent.type == "ORG" and (ent.sector or "") == "JRN" and ent.country in PERSIAN_OUTLET_COUNTRIES:
                    return ent.country
    return options.home_country
