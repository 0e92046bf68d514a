"""Jalali and Gregorian dates in text and metadata, and the publication-date (dateline) rule."""
from __future__ import annotations

from datetime import date

import pytest

from didban.text.dates import chrome_lines, dateline, find_dates, parse_date, publication_date


@pytest.mark.parametrize("text, expected", [
    ("۱۸ اسفند ۱۴۰۳", date(2025, 3, 8)),  # Persian digits, Jalali month
    ("پنجشنبه 4 مهر 1398 - 07:50", date(2019, 9, 26)),  # weekday, Latin digits, a time
    ("17 شهريور 1401", date(2022, 9, 8)),  # Arabic yeh in the month name
    ("دوشنبه دوم تیرماه ۱۳۹۹", date(2020, 6, 22)),  # ordinal day word, "تیرماه" glued
    ("بیست و یکم آذر ۱۴۰۲", date(2023, 12, 12)),  # two-word ordinal
    ("2024 Aug 17", date(2024, 8, 17)),  # Gregorian, year first
    ("Aug 17, 2024", date(2024, 8, 17)),  # Gregorian, month first
    ("2025-12-09", date(2025, 12, 9)),  # ISO
    ("1403/12/18", date(2025, 3, 8)),  # numeric Jalali (year < 1500)
    ("۷ مارس ۲۰۲۵", date(2025, 3, 7)),  # Persian name of a Gregorian month
    ("۳۰ عقرب ۱۴۰۳", date(2024, 11, 20)),  # Afghanistan's (Dari) name of the eighth solar month
    ("۵ جوزای ۱۴۰۳", date(2024, 5, 25)),  # ... with its ezafe
    ("بشار اسد ۱۴۰۰ نفر", None),  # a name that is also a month, with no day before it, is no date
    ("السَّبْت 11 صفر 1446", None),  # Hijri-qamari: recognised, ignored
    ("31 اسفند 1402", None),  # no such day (1402 is not a leap year)
    ("به نقل از مهر، وزیر گفت", None),  # the outlet Mehr is not the month Mehr
    ("", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_find_dates_gives_original_offsets():
    text = "روز دوشنبه ۱۸ اسفند ۱۴۰۳ و نیز 2024 Aug 17."
    found = find_dates(text)
    assert [text[s:e] for s, e, _, _ in found] == ["۱۸ اسفند ۱۴۰۳", "2024 Aug 17"]
    assert [c for _, _, _, c in found] == ["jalali", "gregorian"]


@pytest.mark.parametrize("line, is_dateline", [
    ("پنجشنبه 4 مهر 1398 - 07:50", True),  # weekday, date, time
    ("11:31 - 17 شهريور 1401", True),  # time first
    ("  • 2024 Aug 17", True),  # a bullet item
    ("وزیر روز ۱۸ اسفند ۱۴۰۳ به تهران رفت.", False),  # a date inside a sentence is no dateline
])
def test_dateline(line, is_dateline):
    assert (dateline(line) is not None) == is_dateline


def test_leading_date_label_is_a_dateline_up_to_the_date():
    line = " date 2025-12-09 ایران و چین"
    value, _, end = dateline(line)
    assert value == date(2025, 12, 9) and line[:end] == " date 2025-12-09"


# (text, expected publication date) - the crawl-day widget (bullets, several calendars) never wins
@pytest.mark.parametrize("text, expected", [
    ("عنوان\nپنجشنبه 4 مهر 1398 - 07:50\n\nمتن خبر.", date(2019, 9, 26)),  # plain dateline under the headline
    ("• شنبه 27 مرداد 1403\n  • السَّبْت 11 صفر 1446\n  • 2024 Aug 17\nپنج شنبه 19 مرداد 1402\nعنوان\nمتن.",
     date(2023, 8, 10)),  # bulleted 3-calendar widget, then the article's own line
    ("شنبه ۱ تیر ۱۴۰۳\n۱۴ ذی‌الحجه ۱۴۴۵\n2024 Jun 21\nعنوان\nمتن.", None),  # same day in 3 calendars, nothing else
    ("عنوان\nوزیر روز ۱۸ اسفند ۱۴۰۳ به تهران رفت.", None),  # a date in running text is the event's, not the article's
])
def test_publication_date_rule(text, expected):
    found = publication_date(text)
    assert (found[0] if found else None) == expected


def test_chrome_lines_point_at_the_widget_lines():
    text = "• شنبه 27 مرداد 1403\n  • 2024 Aug 17\nعنوان"
    assert sorted(chrome_lines(text)) == [0, text.index("•", 1)]


def test_month_names_take_no_brackets():
    # a name's space or ZWNJ may be a space, a ZWNJ or nothing, and nothing else: no "[" or "]" inside a name
    import re

    from didban.text.dates import _alternation

    pattern = re.compile(f"(?:{_alternation(['سی و یکم'])})$")
    assert pattern.match("سی و یکم") and pattern.match("سی\u200cو\u200cیکم") and pattern.match("سیویکم")
    assert not pattern.match("سی[و[یکم") and not pattern.match("سی]و]یکم")


def test_every_date_pattern_needs_four_digits_in_a_row():
    # find_dates answers "no date" without running its patterns when the text has no four digits in a row: each
    # pattern needs a year; a pattern added without one would break that shortcut
    from didban.text.dates import PATTERNS

    for _, pattern in PATTERNS:
        text = pattern.pattern
        assert r"\d{4}" in text, text


def test_folding_makes_digits_only_of_digits():
    # the same shortcut asks the text before folding: aligned_key maps one character to one, and a character it
    # maps to a digit is a digit already (so four digits in a row of the folded text are four of the text)
    import re
    import sys

    from didban.text.keys import aligned_key

    digit = re.compile(r"\d")
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        folded = aligned_key(ch)
        assert len(folded) == 1 and (not digit.match(folded) or digit.match(ch)), hex(code)


# (text, dates found) - texts without a year of four digits have none, with one they keep theirs
@pytest.mark.parametrize("text, expected", [
    ("۱۸ اسفند", []),  # a day and month without a year: no date
    ("دیدار روز دوشنبه ۱۲ آبان در تهران", []),  # the same in running text
    ("۱۸ اسفند ۱۴۰۳", [date(2025, 3, 8)]),  # with the year (Persian digits)
    ("18 اسفند 1403", [date(2025, 3, 8)]),  # with the year (Latin digits)
])
def test_dates_need_a_year(text, expected):
    assert [value for _, _, value, _ in find_dates(text)] == expected
