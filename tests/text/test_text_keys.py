"""The fold family (didban.text.keys): what each member folds and keeps, and that no other module builds its own."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from didban.text.keys import (FOLDS, aligned_key, latin_digits, line_key, name_key, shingle_key, tagger_key,
                              token_key, word_key)

SRC = Path(__file__).resolve().parents[2] / "src" / "didban"

# --- name_key ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("علي", "علی"),  # Arabic yeh
    ("كشور", "کشور"),  # Arabic kaf
    ("مدرسة", "مدرسه"),  # teh marbuta
    ("ھند", "هند"),  # a rarer letter form (heh doachashmee)
    ("ﻛﺸﻮﺭ", "کشور"),  # presentation forms
    ("آمریکا", "امریکا"),  # alef madda
    ("إسلام", "اسلام"),  # alef hamza below
    ("أحمد", "احمد"),  # alef hamza above
    ("رئیس", "رییس"),  # hamza seat ئ
    ("مؤسسه", "موسسه"),  # hamza seat ؤ
    ("آن‌ها", "انها"),  # ZWNJ dropped
    ("مُحَمَّد", "محمد"),  # diacritics dropped
    ("خارجهٔ", "خارجه"),  # hamza above (the ezafe mark) dropped
    ("تهـــران", "تهران"),  # tatweel dropped
    ("گفت\u2060وگو", "گفتوگو"),  # a word joiner dropped, like the other invisible characters
    ("۲۵", "25"),  # Persian digits
    ("٢٥", "25"),  # Arabic-Indic digits
    ("UN", "un"),  # Latin lower-cased
    ("  سید\u00a0  عباس \n", "سید عباس"),  # white space runs one space, none at the ends
    ("وزیر امور خارجهٔ ترکيه", "وزیر امور خارجه ترکیه"),  # stable: stored keys depend on it
])
def test_name_key(text, expected):
    assert name_key(text) == expected


@pytest.mark.parametrize("a, b", [("عمان", "عمار"), ("ایران", "ایرانی"), ("و عمان", "وعمان")])
def test_name_key_keeps_different_words_apart(a, b):
    assert name_key(a) != name_key(b)


# --- word_key and token_key -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("همکاری های", "همکاریهای"),  # spaces dropped: spacing variants meet
    ("همکاری‌های", "همکاریهای"),  # as does the ZWNJ spelling
    ("امیر عبداللهیان", "امیرعبداللهیان"),  # a name written apart or together
    ("NATO", "nato"),  # otherwise name_key
])
def test_word_key(text, expected):
    assert word_key(text) == expected


@pytest.mark.parametrize("word, expected", [
    ("رئيس", "رییس"),  # a word: its word_key
    ("۱۴۰۳", "1403"),  # a number is a word too
    ("،", None),  # punctuation: None (it ends a phrase)
    ("«", None),  # a quote mark too
    ("-", ""),  # a hyphen: "" (skipped inside a name)
    ("ـ", ""),  # a lone tatweel, used as a dash
])
def test_token_key(word, expected):
    assert token_key(word) == expected


def test_the_tokenizer_sets_each_tokens_key_once():
    from didban.text.normalize import normalize
    from didban.text.tokenize import tokenize

    tokens = tokenize(normalize("رئيس‌جمهور، گفت-وگو"))
    assert [(t.norm, t.key) for t in tokens] == [("رئیس‌جمهور", "رییسجمهور"), ("،", None), ("گفت", "گفت"),
                                                ("-", ""), ("وگو", "وگو")]


# --- the other members ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("word, expected", [
    ("۱۴۰۳", "0000"),  # every digit 0, as the tagger's corpus writes numbers
    ("2025", "0000"),  # Latin digits too
    ("رئیس‌جمهور", "رییسجمهور"),  # otherwise name_key
    ("NATO", "nato"),  # lower case
])
def test_tagger_key(word, expected):
    assert tagger_key(word) == expected


@pytest.mark.parametrize("text, expected", [
    ("ي ى ك ة ۀ", "ی ی ک ه ه"),  # the common Arabic letter forms
    ("أ إ ٱ", "ا ا ا"),  # hamza and wasla alefs
    ("آبان رئیس مؤسسه", "آبان رئیس مؤسسه"),  # madda and hamza seats kept: the date and outlet patterns spell them
    ("۱۸ ٢٥", "18 25"),  # digits
    ("گفت‌وگو  مُحَمَّد", "گفت‌وگو  مُحَمَّد"),  # ZWNJ, spaces and diacritics kept: nothing is dropped
    ("ھ", "ھ"),  # rarer letter forms kept (the normalizer has already unified them)
])
def test_aligned_key(text, expected):
    assert aligned_key(text) == expected
    assert len(aligned_key(text)) == len(text)  # one character for one: offsets stay original


@pytest.mark.parametrize("text, expected", [
    ("خبرگزاري  مهر\n", "خبرگزاری مهر"),  # letter forms, white space one space
    ("گفت‌وگو", "گفتوگو"),  # ZWNJ dropped
    ("مُحَمَّد", "محمد"),  # harakat dropped
    ("تهـران", "تهران"),  # tatweel dropped
    ("خارجهٔ", "خارجهٔ"),  # hamza above kept (only the harakat go)
    ("آبان IRNA", "آبان IRNA"),  # madda and Latin case kept
    ("۱۴۰۳", "1403"),  # digits
])
def test_line_key(text, expected):
    assert line_key(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("همکاری‌های", "همکاری های"),  # a ZWNJ breaks the word: shingles count words
    ("آمریکا أحمد", "امریکا احمد"),  # madda and hamza alefs
    ("رئیس", "رئیس"),  # hamza seats kept
    ("مُحَمَّد تهـران", "محمد تهران"),  # marks and tatweel dropped
    ("۲۵ UN", "25 un"),  # digits, lower case
])
def test_shingle_key(text, expected):
    assert shingle_key(text) == expected


def test_latin_digits_changes_digits_only():
    assert latin_digits("ساعت ۱۰:۳۰ و ٢٥ آ") == "ساعت 10:30 و 25 آ"


def test_every_member_is_named():
    assert set(FOLDS) == {"name_key", "word_key", "tagger_key", "aligned_key", "line_key", "shingle_key"}
    assert all(FOLDS[name].__name__ == name for name in FOLDS)


# --- one family -------------------------------------------------------------------------------------------------------

# a translate table that maps an Arabic-script letter (str.maketrans of one, or a one-letter-to-one-letter dict entry
# such as "ي": "ی"): a fold of its own
LETTER_TABLE = re.compile(r"maketrans\((?:[^()]|\([^()]*\))*[\u0600-\u06ff]|"
                          r"[\"'][\u0600-\u06ff][\"']\s*:\s*[\"'][\u0600-\u06ff][\"']", re.S)
# a character class of Persian marks or joiners deleted by a regex: the other way to write a fold
MARK_DELETION = re.compile(r"\\u064b-\\u06(?:5f|52)|\\u200c\\u200d\\u0640")


def test_no_module_outside_text_builds_a_persian_fold():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("text/"):
            continue
        source = path.read_text(encoding="utf-8")
        found += [f"{rel}: {m.group(0)[:60]!r}" for pattern in (LETTER_TABLE, MARK_DELETION)
                  for m in pattern.finditer(source)]
    assert not found, "a Persian fold outside didban.text (use a member of didban.text.keys):\n" + "\n".join(found)


def test_a_completed_translate_table_translates_as_the_table_does():
    from didban.text import keys

    raw = keys.table(keys.FORMS, keys.HAMZA_ALEFS, keys.TO_LATIN_DIGITS, keys.drop(keys.JOINERS + keys.HARAKAT))
    full = keys.complete(raw)
    text = "".join(map(chr, [*range(0x20, 0x250), *range(0x600, 0x700), *range(0x2000, 0x2070), 0xFB8A, 0x1F600]))
    assert text.translate(full) == text.translate(raw)
    assert "كتاب أ ۱۲ مُحمد\u200cها".translate(full) == "کتاب ا 12 محمدها"
