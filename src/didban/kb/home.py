"""The country an article speaks of as its own ("کشورمان") and means by an office named without a country."""
from __future__ import annotations

import re
from functools import lru_cache

from didban.document import Document
from didban.options import Options

# Persian-writing countries whose outlets speak of "کشورمان" and of offices without naming the country as their own
PERSIAN_OUTLET_COUNTRIES = ("IRN", "AFG", "TJK")


def home_country(doc: Document, options: Options, kb=None) -> str:
    """The country "کشورمان" (our country) and an office named without a country refer to: the one given with the
    document (a watched feed's), else that of the publishing outlet when the knowledge base knows it as a
    Persian-writing country's (`kb`: the knowledge base to ask, default the shared one) ("به گزارش طلوع نیوز" is Afghan), else the option's (Iran by default). An international
    outlet a story cites ("به نقل از رویترز") never changes it."""
    if doc.meta.get("outlet_country"):
        return doc.meta["outlet_country"]
    outlets = [doc.outlet] if doc.outlet else []
    outlets += [a.name for a in doc.attribution or [] if a.kind == "outlet" and a.name not in outlets]
    if outlets:
        if kb is None:
            from didban.kb import load_kb

            kb = load_kb()
        for name in outlets[:1]:
            for ent in kb.lookup(name):
                if ent.type == "ORG" and (ent.sector or "") == "JRN" and ent.country in PERSIAN_OUTLET_COUNTRIES:
                    return ent.country
    if _dated_the_afghan_way(doc.text):
        return "AFG"  # "۳۰ عقرب": only Afghanistan's calendar names the solar months so
    if _written_the_afghan_way(doc.text):
        return "AFG"  # "ولسوالی"، "سارنوالی"، "پوهنتون"، "قوماندان"…: the words of an Afghan (Dari) newsroom
    return options.home_country


# words of Afghan (Dari) officialdom and press that Iranian Persian does not use, as whole words (a suffix "ی"، "ات"
# or "ها" allowed): three different ones make an article with no named outlet an Afghan outlet's
DARI_MARKERS = ("ولسوال", "ولسی جرگه", "مشرانو جرگه", "لوی جرگه", "سارنوال", "شاروال", "پوهنتون", "پوهنځی",
                "قوماندان", "سرمنشی", "تیلفون", "ریاست الوزرا", "رئیس الوزرا", "جلالتمآب", "داکتر", "انجنیر",
                "پولیس", "کمیشن", "اردوی ملی", "قول اردو", "معین سیاسی", "ملاقات نمود", "دیدار نمود", "اشتراک ورزید",
                "اشتراک داشتند", "فیصد", "کنترول", "سرحد", "موتر", "سرک", "انکشاف", "تذکره", "ښاغلی", "مرستیال")
DARI_MARKERS_NEEDED = 3


def _written_the_afghan_way(text: str) -> bool:
    return len({m.group("marker") for m in _dari_marker().finditer(text)}) >= DARI_MARKERS_NEEDED


@lru_cache(maxsize=1)
def _dari_marker() -> re.Pattern:
    words = "|".join(re.escape(w).replace("\\ ", "[ \u200c]") for w in sorted(DARI_MARKERS, key=len, reverse=True))
    return re.compile(r"(?<![\u0600-\u06ff])(?P<marker>" + words + r")(?:ی|ات|ها|\u200cها)?(?![\u0600-\u06ff])")


def _dated_the_afghan_way(text: str) -> bool:
    """Whether the article's opening dates a day by a Dari solar month ("۳۰ عقرب", "۱۵ حمل ۱۴۰۳")."""
    return bool(_dari_day().search(text[:OPENING_CHARS]))


OPENING_CHARS = 600  # where a dateline or a first date stands


@lru_cache(maxsize=1)
def _dari_day() -> re.Pattern:
    from didban.text.dates import DARI_MONTHS

    return re.compile(r"(?<![\d۰-۹])[\d۰-۹]{1,2}[ \u200c]*(?:" + "|".join(DARI_MONTHS + ["جوزای"]) +
                      r")(?![\u0600-\u06ff])")
