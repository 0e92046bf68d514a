"""The outlet chain of an article: "به گزارش رکنا پایگاه اطلاع‌رسانی دولت، ..." -> رکنا, then the source it relays.

Recognised openings (matched on a same-length folded copy, so offsets are original offsets):
- "به گزارش [desk] OUTLET [به نقل از | از | appositive] CITED،" (also "بنا بر / بنابر گزارش")
  where the desk is "گروه سیاسی"، "خبرنگار سیاسی"، "سرویس بین‌الملل" ... and is skipped;
- "به نقل از CITED،" at the start of a paragraph;
- a leading "OUTLET - " / "OUTLET ـ " when OUTLET is a known outlet or starts with خبرگزاری / باشگاه / پایگاه.
"""
from __future__ import annotations

import re

from didban.document import Attribution
from didban.lazy_pattern import compile as kept_compile
from didban.text.keys import aligned_key
from didban.segment.lexicon import longest_outlet_prefix, outlet_name

_SP = r"[ \u00a0\u200c]+"
_REPORT = kept_compile(rf"^(?:به{_SP}گزارش|بنا{_SP}?بر{_SP}گزارش){_SP}"
                     rf"(?P<body>[^،,؛:\n]{{2,160}}?)\s*[،,؛:]")
_QUOTING = kept_compile(rf"^به{_SP}نقل{_SP}از{_SP}(?P<body>[^،,؛:\n]{{2,120}}?)\s*[،,؛:]")
_DASHED = kept_compile(r"^(?P<body>[^\n\-–—ـ،,.:]{2,60}?)\s*[-–—ـ]\s+\S")
_DESK = kept_compile(rf"^(?:(?:گروه|سرویس|خبرنگار|دبیر|تحریریه|میز){_SP}(?:[^ ]+?{_SP})??)"
                   rf"(?=خبرگزاری|باشگاه|پایگاه|روزنامه)"
                   rf"|^(?:گروه|سرویس|خبرنگار){_SP}[^ ]+(?:{_SP}(?:الملل|بین{_SP}الملل|المللی))?{_SP}")
_CITE = kept_compile(rf"{_SP}(?:به{_SP}نقل{_SP}از|از){_SP}")
_OUTLET_WORD = kept_compile(r"^(?:خبرگزاری|باشگاه|پایگاه|روزنامه|شبکه|هفته\s?نامه|ماهنامه)")
_REPORTER = kept_compile(rf"^(?:خبرنگار|گزارشگر|خبرنگاران)(?:{_SP}(?:ما|اعزامی|اعزامی{_SP}ما))?$")
_TAIL = kept_compile(rf"{_SP}در{_SP}.*$|{_SP}امروز.*$")  # "خبرگزاری دانشجو در دوشنبه": where/when, not a name


def _span(line_start: int, text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces off [start, end) of `text` and shift to document offsets."""
    while start < end and text[start] in " \u00a0\u200c":
        start += 1
    while end > start and text[end - 1] in " \u00a0\u200c":
        end -= 1
    return line_start + start, line_start + end


def _split_outlet(body: str, body_start: int) -> list[tuple[int, int, str]]:
    """Links of the chain inside a "به گزارش" body: [(start, end, kind)] relative to the line."""
    links: list[tuple[int, int, str]] = []
    desk = _DESK.match(body)
    offset = desk.end() if desk else 0
    rest = body[offset:]
    cite = _CITE.search(rest)
    main, cited = (rest[: cite.start()], cite.end()) if cite else (rest, None)
    tail = _TAIL.search(main)
    if tail:
        main = main[: tail.start()]
    if _REPORTER.match(main.strip()):  # "به گزارش خبرنگار ما": the outlet's own reporter, no outlet named
        return [(body_start + offset, body_start + offset + len(main), "reporter-desk")]
    words = main.split()
    n = longest_outlet_prefix(words) if words else 0
    if n and n < len(words):  # a known outlet followed by more words: an appositive naming the relayed source
        first_end = _nth_word_end(main, n)
        links.append((body_start + offset, body_start + offset + first_end, "outlet"))
        links.append((body_start + offset + first_end, body_start + offset + len(main), "cited"))
    elif main.strip():
        links.append((body_start + offset, body_start + offset + len(main), "outlet"))
    if cited is not None:
        cited_text = rest[cited:]
        tail = _TAIL.search(cited_text)
        end = cited + (tail.start() if tail else len(cited_text))
        links.append((body_start + offset + cited, body_start + offset + end, "cited"))
    return links


def _nth_word_end(s: str, n: int) -> int:
    count, i = 0, 0
    for m in re.finditer(r"\S+", s):
        count += 1
        if count == n:
            return m.end()
    return len(s)


def _dashed_outlet(body: str, offset: int) -> list[tuple[int, int, str]]:
    """ "OUTLET - ..." or "CITY - OUTLET - ..." (the IRNA style "تهران- ایرنا- ")."""
    for _ in range(2):
        m = _DASHED.match(body)
        if not m:
            return []
        name = m.group("body")
        if outlet_name(name) or (_OUTLET_WORD.match(name.strip()) and len(name.split()) <= 5):
            return [(offset + m.start("body"), offset + m.end("body"), "outlet")]
        if len(name.split()) > 2:  # a place name is one or two words; anything longer is running text
            return []
        skip = m.end() - 1  # _DASHED ends on the first character after the dash and its spaces
        body, offset = body[skip:], offset + skip
    return []


def find_attribution(line: str, line_start: int) -> list[tuple[int, int, str]]:
    """The chain opening `line` (a paragraph): [(start, end, kind)] in document offsets; [] if it opens with none."""
    folded = aligned_key(line)
    lead = len(folded) - len(folded.lstrip())
    folded_body = folded[lead:]
    links: list[tuple[int, int, str]] = []
    m = _REPORT.match(folded_body)
    if m:
        links = _split_outlet(m.group("body"), lead + m.start("body"))
    elif (m := _QUOTING.match(folded_body)):
        links = [(lead + m.start("body"), lead + m.end("body"), "cited")]
    else:
        links = _dashed_outlet(folded_body, lead)
    out = []
    for start, end, kind in links:
        s, e = _span(line_start, line, start, end)
        if e > s:
            out.append((s, e, kind))
    return out


def attribution_records(links: list[tuple[int, int, str]], text: str, name_of) -> list[Attribution]:
    """Attribution records; `name_of(start, end)` gives the display name (normalized text) of a span."""
    records = []
    for start, end, kind in links:
        surface = name_of(start, end)
        records.append(Attribution(outlet_name(surface) or outlet_name(text[start:end]) or surface, start, end, kind))
    return records
