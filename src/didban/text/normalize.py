"""Persian normalization with an offset map back to the original text (the keys text is compared by: keys.py).

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

import re
import unicodedata

from didban.document import NormalizedText
from didban.lazy_pattern import compile as kept_compile
from didban.options import Options
from didban.text.keys import LATIN_DIGITS, PERSIAN_DIGITS, ZWNJ, latin_digits, letter_table, presentation_forms
from didban.text.offsets import Mapped, apply_edits, substitute

PERSIAN_LETTER_CLASS = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc"
_LETTER = f"[{PERSIAN_LETTER_CLASS}A-Za-z]"


_LIGATURES = presentation_forms()[1]
_LIGATURE_RE = kept_compile("[" + "".join(re.escape(c) for c in _LIGATURES) + "]") if _LIGATURES else None
_ENTITY = kept_compile(r"&(?:#([0-9۰-۹٠-٩]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));")
_DELETE = kept_compile("[\u064b-\u065f\u0670\u0640\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]+")
_JOINERS = kept_compile("[\u200c\u200d]+")
_CR = kept_compile("\r\n?")
_SPACE_RUN = kept_compile(r" {2,}")
_LINE_EDGE_SPACE = kept_compile(r"^ +| +$", re.MULTILINE)
_SPACE_BEFORE_PUNCT = kept_compile(r" +(?=[،؛!؟?:.)\]»,;])")
_SPACE_AFTER_OPENER = kept_compile(r"(?<=[«(\[]) +")
# not after "." : abbreviations such as "ه.ش" and "ج.ا.ا" are written without spaces
_MISSING_SPACE_AFTER = kept_compile(f"(?<=[،؛!؟])(?={_LETTER})|(?<=[:»)])(?=[{PERSIAN_LETTER_CLASS}])")
_MISSING_SPACE_BEFORE = kept_compile(f"(?<={_LETTER})(?=[«(])")
_LATIN_DIGIT_RUN = kept_compile(r"(?<![A-Za-z0-9])(?<![A-Za-z]-)[0-9]+(?:[.,/:][0-9]+)*(?![A-Za-z0-9])")
_LATIN_TO_PERSIAN = str.maketrans(LATIN_DIGITS, PERSIAN_DIGITS)


def _decode_entity(m: re.Match) -> str:
    """"&#۳۹;" -> "'", "&quot;" -> '"'; an unknown name stays as it is; an invisible or control character goes."""
    decimal, hexadecimal, name = m.groups()
    if name is not None:
        import html  # named entities are rare in text: not imported at every start

        decoded = html.unescape(m.group())
        return m.group() if decoded == m.group() else decoded
    code = int(latin_digits(decimal)) if decimal \
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
    m = Mapped(m.text.translate(letter_table(options.digits)), m.starts, m.ends)
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
