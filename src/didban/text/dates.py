"""Dates in Persian news: Jalali ("۱۸ اسفند ۱۴۰۳", "دوشنبه دوم تیرماه ۱۳۹۹") and Gregorian ("2024 Aug 17").

`find_dates(text)` returns every date with its span in `text` (original offsets); `parse_date(s)` reads one date;
`publication_date(text)` picks the article's own date from its top lines (the dateline rule, see below).

Matching runs on a *folded* copy of the text that has exactly the same length (`didban.text.keys.aligned_key`: one
character for one, Arabic yeh/kaf to Persian, Persian/Arabic-Indic digits to ASCII), so every match position is
already an original offset.
Hijri-qamari dates ("۱۱ صفر ۱۴۴۶") are recognised only so that they can be ignored (calendar "hijri", no conversion).
"""
from __future__ import annotations

import re
from datetime import date

import jdatetime

from didban.lazy_pattern import compile as kept_compile
from didban.text.keys import aligned_key

JALALI_MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
# the same solar months by the zodiac names of Afghanistan's (Dari) calendar: "۳۰ عقرب ۱۴۰۳" is 30 Aban 1403
DARI_MONTHS = ["حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت"]
_JALALI_VARIANTS = {"امرداد": 5, "اَمرداد": 5, "جوزای": 3, **{m: n + 1 for n, m in enumerate(DARI_MONTHS)}}
GREGORIAN_MONTHS_FA = [["ژانویه", "ژانویهٔ", "ژانویۀ"], ["فوریه"], ["مارس"], ["آوریل", "اپریل"], ["مه", "می"],
                       ["ژوئن", "جون"], ["ژوئیه", "جولای"], ["اوت", "آگوست"], ["سپتامبر"], ["اکتبر"],
                       ["نوامبر"], ["دسامبر"]]
GREGORIAN_MONTHS_EN = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
HIJRI_MONTHS = ["محرم", "صفر", "ربیع الاول", "ربیع‌الاول", "ربیع الثانی", "ربیع‌الثانی", "ربیع الآخر", "جمادی الاول",
                "جمادی‌الاول", "جمادی الاولی", "جمادی الثانی", "جمادی‌الثانی", "جمادی الآخر", "رجب", "شعبان", "رمضان",
                "شوال", "ذی القعده", "ذی‌القعده", "ذیقعده", "ذی الحجه", "ذی‌الحجه", "ذیحجه"]
WEEKDAYS = ["شنبه", "یکشنبه", "یک‌شنبه", "یک شنبه", "دوشنبه", "دو‌شنبه", "دو شنبه", "سه‌شنبه", "سهشنبه", "سه شنبه",
            "چهارشنبه", "چهار‌شنبه", "چهار شنبه", "پنجشنبه", "پنج‌شنبه", "پنج شنبه", "جمعه"]

# ordinal day words: یکم/اول ... سی و یکم, written with a space, a ZWNJ or glued ("بیست‌ویکم", "بیست و یکم")
_UNITS = ["یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"]
_ORDINAL_1_19 = ["یکم", "دوم", "سوم", "چهارم", "پنجم", "ششم", "هفتم", "هشتم", "نهم", "دهم", "یازدهم", "دوازدهم",
                 "سیزدهم", "چهاردهم", "پانزدهم", "شانزدهم", "هفدهم", "هجدهم", "نوزدهم"]


def _ordinal_words() -> dict[str, int]:
    words = {w: i + 1 for i, w in enumerate(_ORDINAL_1_19)}
    words.update({"اول": 1, "هیجدهم": 18, "هیفدهم": 17, "بیستم": 20, "سی‌ام": 30, "سیام": 30, "سی ام": 30})
    for tens_word, tens in (("بیست", 20), ("سی", 30)):
        for i, unit in enumerate(_UNITS[: 9 if tens == 20 else 1]):
            ordinal = _ORDINAL_1_19[i]
            for joiner in (" و ", "\u200cو", "\u200cو\u200c", "و", " و\u200c"):
                words[f"{tens_word}{joiner}{ordinal}"] = tens + i + 1
    return words


ORDINAL_DAYS = _ordinal_words()


def _alternation(words) -> str:
    # longest first, so that "یکشنبه" wins over "شنبه"; spaces may be a space, a ZWNJ or nothing. Words of one
    # length in their own order, so that the pattern is the same text in every process (its kept form is found)
    alts = sorted({aligned_key(w) for w in words}, key=lambda w: (-len(w), w))
    # (a space and a ZWNJ of the word both become the class, in one pass: the class itself holds a ZWNJ)
    return "|".join(re.sub(r"\\ |\u200c", "[ \u200c]?", re.escape(w)) for w in alts)


_SP = r"[ \u00a0\u200c\t]*"
_SEP = r"[ \u00a0\u200c\t,،]*"
_DAY_NUM = r"(?P<day>[0-3]?\d)(?!\d)"
_DAY_WORD = rf"(?P<dayword>{_alternation(ORDINAL_DAYS)})"
_JMONTH = rf"(?P<jmonth>{_alternation(JALALI_MONTHS + list(_JALALI_VARIANTS))})(?:{_SP}ماه)?"
_GMONTH_FA = rf"(?P<gmonth_fa>{_alternation(w for ws in GREGORIAN_MONTHS_FA for w in ws)})"
_HMONTH = rf"(?:{_alternation(HIJRI_MONTHS)})"
_YEAR = r"(?P<year>\d{4})(?!\d)"
_LETTER = "\u0600-\u06ff"

PATTERNS: list[tuple[str, re.Pattern]] = [
    # ISO-like numbers: 2025-12-09, 1403/12/18 (Gregorian if the year is >= 1800, Jalali if 1200..1499)
    ("numeric", kept_compile(r"(?<!\d)(?P<year>\d{4})(?P<s>[-/.])(?P<month>[01]?\d)(?P=s)(?P<day>[0-3]?\d)(?!\d)")),
    # ۱۸ اسفند ۱۴۰۳ / دوم تیرماه ۱۳۹۹
    ("jalali", kept_compile(rf"(?<![{_LETTER}\d])(?:{_DAY_NUM}|{_DAY_WORD}){_SP}{_JMONTH}{_SEP}(?:ماه{_SP})?{_YEAR}")),
    # ۷ مارس ۲۰۲۵
    ("gregorian", kept_compile(rf"(?<![{_LETTER}\d]){_DAY_NUM}{_SP}{_GMONTH_FA}{_SEP}{_YEAR}")),
    # 2024 Aug 17, 17 August 2024, Aug 17, 2024
    ("gregorian_en", kept_compile(r"(?i)(?<![\w])(?:(?P<y1>\d{4})\s+(?P<m1>[a-z]{3,9})\.?\s+(?P<d1>[0-3]?\d)"
                                r"|(?P<d2>[0-3]?\d)\s+(?P<m2>[a-z]{3,9})\.?,?\s+(?P<y2>\d{4})"
                                r"|(?P<m3>[a-z]{3,9})\.?\s+(?P<d3>[0-3]?\d),?\s+(?P<y3>\d{4}))(?!\d)")),
    # ۱۱ صفر ۱۴۴۶: recognised so that it is not taken for anything else, never converted
    ("hijri", kept_compile(rf"(?<![{_LETTER}\d])[0-3]?\d{_SP}{_HMONTH}{_SEP}\d{{4}}(?!\d)")),
]

# what every pattern above must find somewhere (each needs four digits in a row, `\d` as the patterns read it)
_YEAR_DIGITS = kept_compile(r"\d{4}")


def _jalali(year: int, month: int, day: int) -> date | None:
    try:
        return jdatetime.date(year, month, day).togregorian()
    except (ValueError, OverflowError):
        return None


def _gregorian(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_index(name: str, table) -> int | None:
    name = aligned_key(name).replace("\u200c", "").replace(" ", "")
    for i, variants in enumerate(table):
        spellings = variants if isinstance(variants, list) else [variants]
        if any(name == aligned_key(v).replace("\u200c", "") for v in spellings):
            return i + 1
    return None


def _convert(kind: str, m: re.Match) -> tuple[date | None, str]:
    g = m.groupdict()
    if kind == "numeric":
        y, mo, d = int(g["year"]), int(g["month"]), int(g["day"])
        if 1200 <= y < 1500:
            return _jalali(y, mo, d), "jalali"
        if 1800 <= y < 2200:
            return _gregorian(y, mo, d), "gregorian"
        return None, "numeric"
    if kind == "jalali":
        day = int(g["day"]) if g.get("day") else _ORDINAL_BY_KEY.get(_key(g["dayword"]))
        month = _month_index(g["jmonth"], JALALI_MONTHS) or _JALALI_VARIANTS.get(_key(g["jmonth"]))
        if day is None or month is None:
            return None, "jalali"
        return _jalali(int(g["year"]), month, day), "jalali"
    if kind == "gregorian":
        month = _month_index(g["gmonth_fa"], GREGORIAN_MONTHS_FA)
        return (_gregorian(int(g["year"]), month, int(g["day"])) if month else None), "gregorian"
    if kind == "gregorian_en":
        for n in "123":
            if g.get(f"y{n}"):
                name = g[f"m{n}"][:3].lower()
                if name not in GREGORIAN_MONTHS_EN:
                    return None, "gregorian"
                return _gregorian(int(g[f"y{n}"]), GREGORIAN_MONTHS_EN.index(name) + 1, int(g[f"d{n}"])), "gregorian"
    return None, "hijri"


def _key(word: str) -> str:
    return re.sub(r"[ \u200c]", "", aligned_key(word))


_ORDINAL_BY_KEY = {_key(k): v for k, v in ORDINAL_DAYS.items()}


def find_dates(text: str) -> list[tuple[int, int, date | None, str]]:
    """Every date in `text`: `(start, end, date, calendar)`, sorted, not overlapping; spans are offsets into `text`.

    `calendar` is "jalali", "gregorian" or "hijri"; a hijri date (and an impossible one such as "31 اسفند 1402")
    comes back with `date=None` so that callers can see it and skip it.
    """
    if _YEAR_DIGITS.search(text) is None:
        # every pattern has a year of four digits: most lines and sentences have none, and no pattern runs (asked of
        # the text itself: `aligned_key` maps one character to one and makes a digit only of a digit, tested)
        return []
    folded = aligned_key(text)
    found: list[tuple[int, int, date | None, str]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value, calendar = _convert(kind, m)
            if calendar == "numeric":
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), value, calendar))
    return sorted(found)


def parse_date(s: str) -> date | None:
    """The first convertible date in `s` ("1403-12-18", "۱۸ اسفند ۱۴۰۳", "2024 Aug 17", "2025-03-07T10:00") or None."""
    if not isinstance(s, str) or not s.strip():
        return None
    for _, _, value, calendar in find_dates(s):
        if value is not None and calendar != "hijri":
            return value
    return None


# --- the publication date from the text (the dateline rule) ---------------------------------------------------------

_BULLET = "•·●▪■◾◦►▸‣⁃*"
_TIME = kept_compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_WEEKDAY = kept_compile(_alternation(WEEKDAYS))
_LEFTOVER_OK = kept_compile(r"^[\s\-–—ـ|،,:/()\[\]\u200c" + re.escape(_BULLET) + r"]*$")
# words that may stand in a dateline besides the date: "date", "تاریخ", "انتشار", "ساعت", "روز", am/pm, "امروز"
_DATELINE_WORDS = kept_compile(r"(?i)\b(date|published|updated)\b|تاریخ(?:[ \u200c]انتشار)?|انتشار|ساعت|روز|امروز|"
                             r"بروزرسانی|به‌روزرسانی|منتشر[ \u200c]شده|ق\.?ظ|ب\.?ظ|\bam\b|\bpm\b")
_DIACRITICS = kept_compile("[\u064b-\u0652\u0670\u0640]")  # harakat and tatweel, as in "السَّبْت"
_ARABIC_WEEKDAY = kept_compile(r"ال(سبت|أحد|احد|اثنين|إثنين|ثلاثاء|أربعاء|اربعاء|خميس|جمعة)")
TOP_LINES = 8  # a dateline is looked for among the first non-empty lines


def dateline(line: str) -> tuple[date | None, str, int] | None:
    """If `line` is a dateline (a date with at most a weekday, a time, a bullet and separators around it), return
    `(date, calendar, end of the dateline within the line)`; a line that only *starts* with a date and a keyword such as
    " date 2025-12-09 ..." is a dateline up to the date. Otherwise None."""
    dates = find_dates(line)
    if not dates:
        return None
    start, end, value, calendar = dates[0]
    folded = aligned_key(line)
    rest = folded
    for s, e, _, _ in dates:
        rest = rest[:s] + " " * (e - s) + rest[e:]
    if _only_furniture(rest):
        return value, calendar, len(line.rstrip())
    # a leading "date 2025-12-09" (a scraper's or CMS's label) before the text proper
    if re.search(r"(?i)\bdate\b|تاریخ", folded[:start]) and _only_furniture(folded[:start]):
        return value, calendar, end
    return None


def _only_furniture(rest: str) -> bool:
    """True if, dates removed, `rest` holds nothing but weekdays, times, dateline words, bullets and separators."""
    rest = _DIACRITICS.sub("", rest)
    for pattern in (_TIME, _WEEKDAY, _ARABIC_WEEKDAY, _DATELINE_WORDS):
        rest = pattern.sub(" ", rest)
    return bool(_LEFTOVER_OK.match(rest))


def _bulleted(line: str) -> bool:
    return line.lstrip()[:1] in _BULLET


def _is_chrome_block(block: list[tuple[str, tuple]]) -> bool:
    """A run of two or more dateline lines is site chrome (the day of the visit, not of the article) when its lines are
    bullet items (a header widget), or when it gives one day in several calendars (a Hijri-qamari line, or a Jalali and
    a Gregorian date that are the same day)."""
    if len(block) < 2:
        return False
    if all(_bulleted(line) for line, _ in block):
        return True
    if any(info[1] == "hijri" for _, info in block):
        return True
    days = [(info[0], info[1]) for _, info in block if info[0] is not None]
    return any(d1 == d2 and c1 != c2 for i, (d1, c1) in enumerate(days) for d2, c2 in days[i + 1:])


def _dateline_blocks(text: str) -> list[list[tuple[int, str, tuple]]]:
    """Runs of consecutive dateline lines among the first TOP_LINES non-empty lines; a change from bulleted to plain
    lines (or back) starts a new run, so that the article's own dateline under a header widget stands alone."""
    blocks: list[list[tuple[int, str, tuple]]] = []
    pos, seen, previous = 0, 0, None  # previous: bullet status of the last dateline, None after a non-dateline
    for raw in text.split("\n"):
        if raw.strip():
            seen += 1
            if seen > TOP_LINES:
                break
            info = dateline(raw)
            if info is None:
                previous = None
            else:
                if previous is None or previous != _bulleted(raw):
                    blocks.append([])
                blocks[-1].append((pos, raw, info))
                previous = _bulleted(raw)
        pos += len(raw) + 1
    return blocks


def publication_date(text: str) -> tuple[date, int, int] | None:
    """The article's own date from its top lines, with the span of the dateline it came from, or None.

    Rule: among the first TOP_LINES non-empty lines, group consecutive dateline lines into blocks; a block that is site
    chrome (see `_is_chrome_block`) is skipped; the first convertible dateline left wins. Dates inside running sentences
    are not publication dates (they are usually the event's date).
    """
    for block in _dateline_blocks(text):
        if _is_chrome_block([(raw, info) for _, raw, info in block]):
            continue
        for offset, raw, (value, calendar, end) in block:
            if value is not None and calendar != "hijri":
                begin = offset + len(raw) - len(raw.lstrip())
                return value, begin, offset + end
    return None


def chrome_lines(text: str) -> set[int]:
    """Where the top lines that form a site-chrome date block start (first non-space character of each line)."""
    out: set[int] = set()
    for block in _dateline_blocks(text):
        if _is_chrome_block([(raw, info) for _, raw, info in block]):
            out.update(pos + len(raw) - len(raw.lstrip()) for pos, raw, _ in block)
    return out
