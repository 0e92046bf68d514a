"""The fold family: every key didban compares Persian words, names, lines and texts by, built from shared steps.

A fold maps the many ways one word is typed (Arabic or Persian letter forms, ZWNJ or none, diacritics, Persian,
Arabic-Indic or Latin digits) to one key. Nothing outside `didban.text` defines its own: a stage that needs a key takes
one of these members (tests/text/test_text_keys.py checks that no other module builds a Persian letter table).

The steps (each a character table below, or a last step on the translated string):

    FORMS      Arabic letter forms -> Persian: ي ى -> ی, ك -> ک, ة ۀ -> ه (every member)
    RARE       the normalizer's other letter forms (ە ھ ہ ۃ ګ ڪ ۍ ې ێ ے) and Arabic presentation forms (ﻙ ﻻ ...)
    HAMZA      alef and hamza seats: أ إ -> ا (every member); ٱ -> ا, آ -> ا, ؤ -> و, ئ -> ی where the table says
    DIGITS     Persian and Arabic-Indic digits -> Latin (every member; tagger_key: then every digit -> 0)
    ZWNJ       zero-width non-joiner and joiner: dropped, or a word break (a space)
    MARKS      diacritics (harakat, madda and hamza marks, superscript alef ...) and tatweel; "harakat": U+064B-0652,
               superscript alef and tatweel only
    HIDDEN     zero-width space, bidi marks, word joiner, BOM, soft hyphen
    CASE       Latin lower-cased
    SPACES     every run of white space one space, none at the ends

    member       RARE  HAMZA      ZWNJ   MARKS    HIDDEN  CASE   SPACES  used for
    name_key     fold  أإ ٱآ ؤئ   drop   drop     drop    lower  one     names, aliases, the store's name and text keys
    word_key     = name_key with no spaces at all                         gazetteer phrases, codebook, verb lexicon
    token_key    = word_key of one token; None for punctuation, "" for a hyphen     Token.key, set by the tokenizer
    tagger_key   = name_key with every digit 0                             the tagger's features
    aligned_key  keep  أإ ٱ       keep   keep     keep    keep   keep    dates, attribution openings
    line_key     keep  أإ ٱ       drop   harakat  keep    keep   one     segmentation: lines, outlets, abbreviations
    shingle_key  keep  أإ آ       space  drop     keep    lower  keep    near-duplicate shingles

Why members differ: `aligned_key` changes no length (one character for one), so a match on the folded text is a match
at the same offsets of the original, and it keeps what its patterns spell (آ in آبان, ZWNJ in their alternations);
`line_key` is that fold of a whole line with ZWNJ, harakat and spacing ignored; `shingle_key` keeps words apart where a
ZWNJ stood, as a near-duplicate check counts words; `tagger_key` is what the shipped tagger model was trained with
(digits 0, as its corpus writes them). The narrower letter sets of `aligned_key`, `line_key` and `shingle_key` are
those of the folds they replaced: output did not change; widening one is a change to measure on the evaluation first.
`name_key` is stable: stored keys (the store's name and search columns, cached gazetteers) depend on it.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from didban.lazy_pattern import compile as kept_compile

ZWNJ = "\u200c"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

# --- the steps ------------------------------------------------------------------------------------------------------

FORMS = {"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه"}
RARE_FORMS = {"ە": "ه", "ھ": "ه", "ہ": "ه", "ۃ": "ه", "ګ": "گ", "ڪ": "ک", "ۍ": "ی", "ې": "ی", "ێ": "ی", "\u06d2": "ی"}
# the normalizer's letter table (normalize.py): every Arabic letter form that has a Persian one
ARABIC_FORMS = {**FORMS, **RARE_FORMS}
HAMZA_ALEFS = {"أ": "ا", "إ": "ا"}
WASLA = {"ٱ": "ا"}
MADDA = {"آ": "ا"}
HAMZA_SEATS = {"ؤ": "و", "ئ": "ی"}
TO_LATIN_DIGITS = {**dict(zip(PERSIAN_DIGITS, LATIN_DIGITS)), **dict(zip(ARABIC_DIGITS, LATIN_DIGITS))}
JOINERS = ZWNJ + "\u200d"
TATWEEL = "\u0640"
HARAKAT = "".join(map(chr, range(0x064B, 0x0653))) + "\u0670"  # fathatan .. sukun, superscript alef
MARKS = "".join(map(chr, range(0x064B, 0x0660))) + "\u0670"  # harakat and madda, hamza above/below, rarer marks
HIDDEN = "\u200b\u200e\u200f\u2060\ufeff\u00ad"  # zero-width space, bidi marks, word joiner, BOM, soft hyphen
SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v"
_ANY_DIGIT = kept_compile(r"\d")  # every script's decimal digits


def drop(chars: str) -> dict[str, None]:
    """A step that deletes `chars`."""
    return dict.fromkeys(chars)


def table(*steps: dict[str, str | None]) -> dict[int, str | None]:
    """A str.translate table of steps applied at once (a later step wins where two map one character)."""
    out: dict[int, str | None] = {}
    for step in steps:
        out.update({ord(k) if isinstance(k, str) else k: v for k, v in step.items()})
    return out


def complete(mapping: dict[int, str | None]) -> dict[int, str | None]:
    """The same translate table, with every character of the ranges news text is written in (ASCII and Latin-1,
    Arabic, general punctuation) that it leaves alone mapped to itself: `str.translate` looks each character up,
    and a character not in the table costs it a raised and cleared LookupError, most of its time on Persian text.
    The result of translating is unchanged."""
    out = dict(mapping)
    for block in (range(0x0000, 0x0250), range(0x0600, 0x0700), range(0x2000, 0x2070)):
        for code in block:
            out.setdefault(code, code)
    return out


def presentation_forms() -> tuple[dict[int, str], dict[str, str]]:
    """Arabic presentation forms: one-letter ones (a translate table) and ligatures that expand to several letters."""
    single, multi = {}, {}
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
        ch = chr(cp)
        folded = unicodedata.normalize("NFKC", ch)
        if folded == ch or not folded:
            continue
        folded = "".join(ARABIC_FORMS.get(c, c) for c in folded)
        folded = re.sub("[\u064b-\u065f\u0670 ]", "", folded) or ""  # ﱞ (shadda ligatures) fold to marks only
        if len(folded) == 1:
            single[cp] = folded
        else:
            multi[ch] = folded
    return single, multi


@functools.lru_cache(maxsize=3)
def letter_table(digits: str) -> dict[int, str | None]:
    """The normalizer's one-for-one table: letter and presentation forms, spaces, and digits per `options.digits`
    ("persian": Arabic-Indic -> Persian; "latin": both -> Latin; "keep")."""
    single, _ = presentation_forms()
    out = table(ARABIC_FORMS, single, dict.fromkeys(SPACES, " "))
    if digits == "persian":
        out.update(table(dict(zip(ARABIC_DIGITS, PERSIAN_DIGITS)), {"\u066a": "٪"}))  # one code point for percent
    elif digits == "latin":
        out.update(table(TO_LATIN_DIGITS))
    return complete(out)


# --- the members ----------------------------------------------------------------------------------------------------

_NAME = complete(table(letter_table("latin"), HAMZA_ALEFS, WASLA, MADDA, HAMZA_SEATS,
                       drop(JOINERS + TATWEEL + MARKS + HIDDEN)))
_ALIGNED = complete(table(FORMS, HAMZA_ALEFS, WASLA, TO_LATIN_DIGITS))
_LINE = complete(table(_ALIGNED, drop(JOINERS + TATWEEL + HARAKAT)))
_SHINGLE = complete(table(FORMS, HAMZA_ALEFS, MADDA, TO_LATIN_DIGITS, {ZWNJ: " "}, drop(TATWEEL + MARKS)))
_HYPHENS = frozenset({"-", "‐", "–", "ـ"})  # between the words of a name: skipped, never a break


def name_key(text: str) -> str:
    """The key names and words are compared by: letter forms, hamza seats, ZWNJ, diacritics, digits and Latin case
    do not matter ("رئیس‌جمهور" = "رييسجمهور", "NATO" = "nato"); spaces do, one each."""
    return " ".join(text.translate(_NAME).lower().split())


@functools.lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """`name_key` with no spaces at all: "همکاری های" = "همکاری‌های", "امیر عبداللهیان" = "امیرعبداللهیان"."""
    return name_key(word).replace(" ", "")


@functools.lru_cache(maxsize=200_000)
def token_key(word: str) -> str | None:
    """The key of one word of the text: None for punctuation (it ends a phrase), "" for a hyphen (skipped)."""
    if word in _HYPHENS:
        return ""
    key = word_key(word)
    if not key or not any(ch.isalnum() for ch in key):
        return None
    return key


@functools.lru_cache(maxsize=200_000)
def tagger_key(word: str) -> str:
    """`name_key` with every digit 0, as the tagger's training corpus writes numbers."""
    return _ANY_DIGIT.sub("0", name_key(word))


def aligned_key(text: str) -> str:
    """One character for one (offsets unchanged): letter forms, أ إ ٱ and digits unified, nothing dropped."""
    return text.translate(_ALIGNED)


def line_key(text: str) -> str:
    """`aligned_key` of a line with ZWNJ, tatweel and harakat dropped and white space runs one space."""
    return " ".join(text.translate(_LINE).split())


def shingle_key(text: str) -> str:
    """Text for word shingles: letter forms, أ إ آ and digits unified, a ZWNJ a word break, marks gone, lower case."""
    return text.translate(_SHINGLE).lower()


def latin_digits(text: str) -> str:
    """Persian and Arabic-Indic digits as Latin ones, nothing else changed (the DIGITS step alone)."""
    return text.translate(_DIGITS_ONLY)


_DIGITS_ONLY = complete(table(TO_LATIN_DIGITS))

# the family by name: what a stored model records as the fold it was trained with
FOLDS = {"name_key": name_key, "word_key": word_key, "tagger_key": tagger_key, "aligned_key": aligned_key,
         "line_key": line_key, "shingle_key": shingle_key}
