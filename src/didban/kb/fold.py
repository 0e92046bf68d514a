"""The key under which names are compared: `didban.text.normalize.match_key` when it exists, else a private fold.

The private fold is a stand-in with the same intent: Arabic and Persian letter variants, diacritics, tatweel,
zero-width characters, spacing and case do not matter, so "رئیس‌جمهور", "رییس جمهور" and "رئيس جمهور" share one key.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable

_LETTERS = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ہ": "ه", "ە": "ه",
    "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و", "ٶ": "و", "ڪ": "ک", "ۍ": "ی", "ې": "ی", "ے": "ی",
    "\u200c": " ", "\u200d": "", "\u200e": "", "\u200f": "", "\ufeff": "", "\u0640": "", "\u00a0": " ",
    "-": " ", "‐": " ", "–": " ", "—": " ", ".": " ", "،": " ", ",": " ", "'": "", "’": "", "ʼ": "", "«": "", "»": "",
    "\"": "", "(": " ", ")": " ",
})
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_SPACES = re.compile(r"\s+")


def _private_fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_LETTERS).translate(_DIGITS)
    # drop combining marks: Arabic harakat, shadda, Latin accents ("Abdelatty" == "Abdelatty", "Erdoğan" == "Erdogan")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip().casefold()


@lru_cache(maxsize=1)
def _folder() -> Callable[[str], str]:
    try:
        from didban.text.normalize import match_key  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        return _private_fold
    return match_key


def key_function() -> Callable[[str], str]:
    """The folding function itself, for loops over many names."""
    return _folder()


def key(text: str) -> str:
    """The comparison key of a name (empty for a name made only of punctuation)."""
    return _folder()(text)
