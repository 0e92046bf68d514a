"""Hypothesis strategies for hard inputs: mixed-script Unicode, invisible-mark storms, broken HTML, mistyped JSON.

Built so that random draws often look like news text (Persian words, names the knowledge base knows, punctuation,
line breaks), which drives the later stages (entities, events) and not only the readers.
"""
from __future__ import annotations

import json

from hypothesis import strategies as st

# words that reach every stage: names the knowledge base knows, event triggers, attribution and boilerplate furniture
WORDS = [
    "عراقچی", "لاوروف", "پزشکیان", "وزیر", "امور", "خارجه", "ایران", "روسیه", "ترکیه", "تهران", "مسکو", "دیدار",
    "کرد", "گفت", "گفت‌وگو", "تلفنی", "محکوم", "تهدید", "سفر", "رئیس‌جمهور", "سازمان", "ملل", "آمریکا", "اسرائیل",
    "به گزارش", "ایرنا", "به نقل از", "خبرگزاری", "انتهای پیام", "کد خبر:", "منبع:", "اخبار مرتبط", "عکس:",
    "۱۸ اسفند ۱۴۰۳", "2025-03-07", "۱۴۰۳/۱۲/۱۸", "دوشنبه", "او", "وی", "این", "با", "در", "از", "و", "که", "را",
    "می‌کند", "نمی‌شود", "ها", "های", "ای", "ی", "ه", "ۀ", "\u0647\u0654",
]
PUNCT = [".", "،", "؛", "؟", "!", ":", "«", "»", "(", ")", "-", "ـ", "…", "•", "+", "/", "\"", "'", "٫", "٬", " ", "  ",
         "\t", "\n", "\n\n", "\n \n", "\u00a0"]
# invisible and direction marks, joiners, tatweel, BOM, combining marks, letter variants, digits of three scripts
MARKS = ["\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
         "\u2067", "\u2068", "\u2069", "\u061c", "\ufeff", "\u200b", "\u2060", "\u0640", "\u064b", "\u064e",
         "\u0650", "\u0651", "\u0652", "\u0670", "\u0654", "\u0300", "\u0301", "\u20dd", "\u0336",
         "ي", "ك", "ة", "ى", "أ", "إ", "ؤ", "ئ", "ٱ", "٠", "٥", "۵", "5", "\U0001f600", "\U0001f1ee\U0001f1f7",
         "\u0301" * 30, "\u200c" * 20, "\u200d\u200c" * 10]
OTHER_SCRIPTS = ["Hello", "world", "Ελλάδα", "Россия", "中国", "日本語", "한국어", "עברית", "हिन्दी", "ไทย", "Ⅻ",
                 "ﷺ", "ﻻ", "ﺍﻟﻠﻪ", "ﷲ", "ǅ", "ß", "İ", "ﬁ", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\r", "\r\n"]

any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT), st.sampled_from(MARKS),
                  st.sampled_from(OTHER_SCRIPTS), any_text)


@st.composite
def news_like_text(draw, max_pieces: int = 80) -> str:
    """Random text made of Persian words, marks, other scripts and arbitrary characters, mostly space-separated."""
    parts = draw(st.lists(piece, max_size=max_pieces))
    glue = draw(st.sampled_from([" ", "", "\n", " \u200c"]))
    return glue.join(parts)


def mark_storm() -> st.SearchStrategy[str]:
    """Long runs of joiners, direction marks and combining marks around and inside words."""
    return st.lists(st.one_of(st.sampled_from(MARKS), st.sampled_from(WORDS)), min_size=1, max_size=300).map("".join)


@st.composite
def surrogate_text(draw) -> str:
    """Persian words with at least one lone surrogate (U+D800-U+DFFF) somewhere, as Python strings allow."""
    words = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.characters(whitelist_categories=("Cs",))), max_size=20))
    at = draw(st.integers(0, len(words)))
    return " ".join(words[:at] + [draw(st.characters(whitelist_categories=("Cs",)))] + words[at:])

# --- bytes and encodings --------------------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "latin-1"]


@st.composite
def encoded_text(draw) -> bytes:
    """Text encoded in one of the encodings a scraper may produce (unencodable characters dropped), maybe damaged."""
    data = draw(news_like_text()).encode(draw(st.sampled_from(ENCODINGS)), errors="ignore")
    if data and draw(st.booleans()):  # cut or flip a byte: a truncated download, a bad disk
        i = draw(st.integers(0, len(data) - 1))
        data = data[:i] if draw(st.booleans()) else data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1:]
    return data


file_bytes = st.one_of(st.binary(max_size=3000), encoded_text())

# --- HTML -----------------------------------------------------------------------------------------------------------

TAGS = ["div", "p", "span", "b", "i", "article", "section", "table", "tr", "td", "ul", "li", "h1", "h2", "a", "font",
        "blockquote", "main", "header", "footer", "nav", "aside", "figure", "figcaption", "br", "hr", "img"]
ENTITIES = ["&amp;", "&lt;", "&gt;", "&nbsp;", "&zwnj;", "&zwj;", "&rlm;", "&lrm;", "&#x200c;", "&#1740;", "&#0;",
            "&#xFFFFFFFF;", "&#55296;", "&bogus;", "&", "&#", "&#x;", "&quot;", "&apos;", "&#1610;"]
SCRIPTS = ["<script>var a = '<p>" + "نه" * 5 + "</p>';</script>", "<style>p{color:red}</style>",
           "<script>document.write('</div>')</script>", "<!-- " + "نظر" + " -->", "<![CDATA[ x ]]>", "<?xml ?>",
           "<noscript>بدون</noscript>", "<iframe src='x'></iframe>", "<meta charset='windows-1256'>",
           "<svg><script>alert(1)</script></svg>"]


@st.composite
def html_page(draw) -> str:
    """A page: nested tags (sometimes hundreds deep), text, entities, scripts; sometimes truncated anywhere."""
    depth = draw(st.sampled_from([0, 1, 3, 10, 50, 300]))
    tags = [draw(st.sampled_from(TAGS)) for _ in range(depth)]
    body = draw(st.lists(st.one_of(news_like_text(30), st.sampled_from(ENTITIES), st.sampled_from(SCRIPTS)),
                         max_size=12))
    inner = "".join(f"<p>{b}</p>" if draw(st.booleans()) else b for b in body)
    page = "".join(f"<{t}>" for t in tags) + inner + "".join(f"</{t}>" for t in reversed(tags))
    if draw(st.booleans()):
        title = draw(news_like_text(5))
        page = f"<!doctype html><html><head><title>{title}</title></head><body>{page}</body></html>"
    if page and draw(st.booleans()):
        page = page[: draw(st.integers(0, len(page)))]
    return page


# --- JSON -----------------------------------------------------------------------------------------------------------

json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                        news_like_text(10))
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=12)
FIELDS = ["text", "html", "title", "url", "source", "published"]


@st.composite
def json_record(draw):
    """A feed record: the known fields with values of any type (often the right one), extra keys, or not an object."""
    if draw(st.integers(0, 9)) == 0:
        return draw(json_value)  # a list, a number, null ... where an object should be
    record = {}
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=6, unique=True)):
        good = draw(st.booleans())
        if name == "html" and good:
            record[name] = draw(html_page())
        elif name == "published" and good:
            record[name] = draw(st.sampled_from(["2025-03-07", "۱۸ اسفند ۱۴۰۳", "1403/12/18", "yesterday", "",
                                                 "9999-99-99", "2025-02-30"]))
        else:
            record[name] = draw(news_like_text(20)) if good else draw(json_value)
    record.update(draw(st.dictionaries(st.text(max_size=5), json_value, max_size=2)))
    return record


@st.composite
def jsonl_bytes(draw) -> bytes:
    """Lines of JSON records, with malformed lines, blank lines and a BOM mixed in."""
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            lines.append(draw(st.text(max_size=30)))  # not JSON at all
        elif kind == 1:
            lines.append("")
        else:
            lines.append(json.dumps(draw(json_record()), ensure_ascii=draw(st.booleans())))
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + data
