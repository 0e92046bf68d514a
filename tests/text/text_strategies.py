"""Hypothesis strategies shared by the text tests (a plain module: tests/ has no __init__.py)."""
from __future__ import annotations

from hypothesis import strategies as st

# Persian letters, their Arabic variants, digits of three scripts, marks, tatweel, joiners, spaces, punctuation,
# presentation forms and entity debris: everything the passes touch
ALPHABET = list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآأؤئءيكةۀ") + list("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789") + [
    "\u064e", "\u0650", "\u0651", "\u0640", "\u200c", "\u200d", "\u200f", " ", " ", "\u00a0", "\n", "\r",
    "،", "؛", ".", ":", "!", "؟", "«", "»", "(", ")", "-", "\ufefb", "\ufdf2", "&", "#", ";", "a", "Z"]
CHUNKS = ["ها", "های", "می", "و", "ای", " ها", " و ", "گروه", "منطقه", "&#۳۹;", "&quot;", "فوقالعاده"]
persian_like = st.lists(st.one_of(st.sampled_from(ALPHABET), st.sampled_from(CHUNKS)), max_size=60).map("".join)
