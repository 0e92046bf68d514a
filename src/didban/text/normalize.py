"""Persian normalization with an offset map back to the original text, and the `match_key` folding key.

`normalize(text)` runs small passes in order; each keeps the map from normalized characters to the original (offsets.py):

1. HTML-entity debris from scraping ("&#۳۹;", "&quot;") is decoded; an entity for an invisible or control character
   is dropped.
2. Letters: Arabic forms become Persian (ي ى -> ی, ك -> ک, ة ۀ ە ھ -> ه: the ezafe hamza of ۀ is a pronunciation mark
   and goes like the other diacritics); presentation forms (ﻻ, ﻙ ...) are unfolded as NFKC would.
3. Digits per `options.digits`: "persian" (۰-۹; Arabic-Indic and Latin digits converted, except Latin digits touching
   Latin letters, as in "COVID-19"), "latin" (0-9), "keep".
4. Diacritics, tatweel, bidi marks, zero-width spaces and soft hyphens removed; runs of ZWNJ/ZWJ become one ZWNJ
   between two letters, and none elsewhere.
5. Spaces: every kind of space becomes " ", runs collapse, spaces at line ends go. Lines are never merged ("\\r\\n"
   becomes "\\n"): segmentation needs the line structure.
6. Punctuation: no space before ، ؛ : . ! ؟ ) » and none after « (; a space after ، ؛ ! ؟ (and : » ) before a
   Persian letter; not after ".", which abbreviations like "ه.ش" use) and before « ( when a word is glued to them.
7. ZWNJ repair and glued conjunctions (zwnj.py), when `options.zwnj_repair`.
"""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from didban.document import NormalizedText
from didban.options import Options
from didban.text.offsets import Mapped, apply_edits, substitute

ZWNJ = "\u200c"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

_LETTERS = {"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه", "ہ": "ه", "ۃ": "ه", "ګ": "گ",
            "ڪ": "ک", "ۍ": "ی", "ې": "ی", "ێ": "ی", "\u06d2": "ی"}
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v"
PERSIAN_LETTER_CLASS = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc"
_LETTER = f"[{PERSIAN_LETTER_CLASS}A-Za-z]"


def _presentation_forms() -> tuple[dict[int, str], dict[str, str]]:
    """Arabic presentation forms: single-letter ones (a translate table) and ligatures that expand to several letters."""
    single, multi = {}, {}
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
        ch = chr(cp)
        folded = unicodedata.normalize("NFKC", ch)
        if folded == ch or not folded:
            continue
        folded = "".join(_LETTERS.get(c, c) for c in folded)
        folded = re.sub("[\u064b-\u065f\u0670 ]", "", folded) or ""  # ﱞ (shadda ligatures) fold to marks only
        if len(folded) == 1:
            single[cp] = folded
        else:
            multi[ch] = folded
    return single, multi


@lru_cache(maxsize=3)
def _char_table(digits: str) -> dict[int, str]:
    single, _ = _presentation_forms()
    table = {ord(k): v for k, v in _LETTERS.items()}
    table.update(single)
    table.update({ord(c): " " for c in _SPACES})
    if digits == "persian":
        table.update({ord(a): p for a, p in zip(ARABIC_DIGITS, PERSIAN_DIGITS)})
        table[ord("\u066a")] = "٪"  # Arabic percent is the same glyph; keep one code point
    elif digits == "latin":
        table.update({ord(a): lat for a, lat in zip(ARABIC_DIGITS, LATIN_DIGITS)})
        table.update({ord(p): lat for p, lat in zip(PERSIAN_DIGITS, LATIN_DIGITS)})
    return table


_LIGATURES = _presentation_forms()[1]
_LIGATURE_RE = re.compile("[" + "".join(re.escape(c) for c in _LIGATURES) + "]") if _LIGATURES else None
_ENTITY = re.compile(r"&(?:#([0-9۰-۹٠-٩]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));")
_DELETE = re.compile("[\u064b-\u065f\u0670\u0640\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]+")
_JOINERS = re.compile("[\u200c\u200d]+")
_CR = re.compile("\r\n?")
_SPACE_RUN = re.compile(r" {2,}")
_LINE_EDGE_SPACE = re.compile(r"^ +| +$", re.MULTILINE)
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[،؛!؟?:.)\]»,;])")
_SPACE_AFTER_OPENER = re.compile(r"(?<=[«(\[]) +")
# not after "." : abbreviations such as "ه.ش" and "ج.ا.ا" are written without spaces
_MISSING_SPACE_AFTER = re.compile(f"(?<=[،؛!؟])(?={_LETTER})|(?<=[:»)])(?=[{PERSIAN_LETTER_CLASS}])")
_MISSING_SPACE_BEFORE = re.compile(f"(?<={_LETTER})(?=[«(])")
_LATIN_DIGIT_RUN = re.compile(r"(?<![A-Za-z0-9])(?<![A-Za-z]-)[0-9]+(?:[.,/:][0-9]+)*(?![A-Za-z0-9])")
_LATIN_TO_PERSIAN = str.maketrans(LATIN_DIGITS, PERSIAN_DIGITS)


def _decode_entity(m: re.Match) -> str:
    """"&#۳۹;" -> "'", "&quot;" -> '"'; an unknown name stays as it is; an invisible or control character goes."""
    decimal, hexadecimal, name = m.groups()
    if name is not None:
        decoded = html.unescape(m.group())
        return m.group() if decoded == m.group() else decoded
    code = int(decimal.translate(str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, LATIN_DIGITS * 2))) if decimal \
        else int(hexadecimal, 16)
    if code > 0x10FFFF or (0xD800 <= code <= 0xDFFF):
        return ""
    ch = chr(code)
    if ch in "\n\t":
        return " "
    return "" if unicodedata.category(ch).startswith("C") and ch != ZWNJ else ch


def _clean_joiners(m: re.Match) -> str:
    """A run of ZWNJ/ZWJ: one ZWNJ between two letters, nothing elsewhere (after a space, at a word's edge)."""
    text, s, e = m.string, m.start(), m.end()
    before = text[s - 1] if s > 0 else " "
    after = text[e] if e < len(text) else " "
    if before.isalpha() and after.isalpha():
        return ZWNJ
    return ""


def _same_length(m: Mapped, pattern: re.Pattern, replace) -> Mapped:
    """A substitution that never changes lengths keeps the map as it is."""
    return Mapped(pattern.sub(replace, m.text), m.starts, m.ends)


def normalize(text: str, options: Options | None = None) -> NormalizedText:
    """Normalized Persian text with, for every character, the span of `text` it came from."""
    options = options or Options()
    n = len(text)
    m = Mapped.identity(text)
    if "&" in text:
        m = substitute(m, _ENTITY, _decode_entity, n)
    if _LIGATURE_RE is not None:
        m = substitute(m, _LIGATURE_RE, lambda x: _LIGATURES[x.group()], n)
    m = Mapped(m.text.translate(_char_table(options.digits)), m.starts, m.ends)
    if options.digits == "persian":
        m = _same_length(m, _LATIN_DIGIT_RUN, lambda x: x.group().translate(_LATIN_TO_PERSIAN))
    m = substitute(m, _DELETE, "", n)
    m = substitute(m, _JOINERS, _clean_joiners, n)
    m = substitute(m, _CR, "\n", n)
    m = _spaces_and_punctuation(m, n)
    if options.zwnj_repair:
        from didban.text.zwnj import repair_edits

        edits = repair_edits(m.text)
        if edits:
            m = apply_edits(m, edits, n)
    return NormalizedText(m.text, m.starts, m.ends)


def _spaces_and_punctuation(m: Mapped, n: int) -> Mapped:
    m = substitute(m, _SPACE_RUN, " ", n)
    m = substitute(m, _LINE_EDGE_SPACE, "", n)
    m = substitute(m, _SPACE_BEFORE_PUNCT, "", n)
    m = substitute(m, _SPACE_AFTER_OPENER, "", n)
    m = substitute(m, _MISSING_SPACE_AFTER, " ", n)
    m = substitute(m, _MISSING_SPACE_BEFORE, " ", n)
    return m


# ---------------------------------------------------------------- match_key

def _key_table() -> dict[int, str | None]:
    table: dict[int, str | None] = dict(_char_table("latin"))
    table.update({ord(c): "ا" for c in "آأإٱ"})
    table.update({ord("ؤ"): "و", ord("ئ"): "ی", ord(ZWNJ): None, ord("\u200d"): None, ord("\u0640"): None})
    table.update({cp: None for cp in list(range(0x064B, 0x0660)) + [0x0670, 0x200B, 0x200E, 0x200F, 0xFEFF, 0xAD]})
    return table


_KEY_TABLE = _key_table()


def match_key(s: str) -> str:
    """A folding key for comparing names and words: letter variants unified, آ/أ/إ -> ا, ZWNJ and diacritics
    removed, digits as Latin digits, Latin lower-cased, whitespace runs as one space. Stable: stored keys depend on it."""
    return " ".join(s.translate(_KEY_TABLE).lower().split())
