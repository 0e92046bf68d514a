"""Normalization: Persian (input, expected) pairs, each with why; offsets of a few hand-checked cases."""
from __future__ import annotations

import pytest

from didban.options import Options
from didban.text.normalize import normalize

Z = "\u200c"  # zero-width non-joiner

PAIRS = [
    # --- ZWNJ restored in glued words (the seed's list)
    ("فوقالعاده", f"فوق{Z}العاده"),  # compound known to the lexicon with its ZWNJ
    ("اطلاعرسانی", f"اطلاع{Z}رسانی"),  # compound
    ("نسلکشی", f"نسل{Z}کشی"),  # compound
    ("بیثباتی", f"بی{Z}ثباتی"),  # lexicon has both spellings, the ZWNJ one is at least as frequent
    ("راهاندازی", f"راه{Z}اندازی"),  # compound
    ("منطقهای", f"منطقه{Z}ای"),  # clitic ای after a silent ه
    ("رابطهای", f"رابطه{Z}ای"),  # رابطه+ای beats رابط+های (the longer stem wins a frequency tie)
    ("میباشد", f"می{Z}باشد"),  # verbal prefix + a verb form from hazm's stems
    ("نمیشود", f"نمی{Z}شود"),  # negative verbal prefix
    ("گفتوگو", f"گفت{Z}وگو"),  # compound with و inside
    ("گروهها", f"گروه{Z}ها"),  # plural
    ("چالشهای", f"چالش{Z}های"),  # plural + ezafe
    ("زمینههای", f"زمینه{Z}های"),  # plural after ه
    ("ریشهدار", f"ریشه{Z}دار"),  # compound
    ("کردهاند", f"کرده{Z}اند"),  # participle + clitic
    ("خانهام", f"خانه{Z}ام"),  # possessive clitic after ه
    # --- spaced forms joined
    ("گروه ها", f"گروه{Z}ها"),  # plural written with a space
    ("همکاری های", f"همکاری{Z}های"),  # plural + ezafe written with a space
    ("گفت و گو", f"گفت{Z}وگو"),  # lexicon compound written with spaces
    ("می باشد", f"می{Z}باشد"),  # verbal prefix written with a space
    ("منطقه ای", f"منطقه{Z}ای"),  # clitic written with a space
    ("بوده اند", f"بوده{Z}اند"),  # clitic after a participle
    ("کشور ها", "کشورها"),  # after a non-joining letter the space just goes (a ZWNJ would be invisible)
    # --- glued conjunction
    ("وعمان", "و عمان"),  # و + a known word, the whole unknown
    ("وزرای ترکیه وعمان و مصر", "وزرای ترکیه و عمان و مصر"),  # in context
    ("او وسپس رفت", "او و سپس رفت"),  # و + a very common three-letter word
    ("وانگ یو", "وانگ یو"),  # a name opening with و: "انگ" is not common enough to split off (Wang is no "و انگ")
    # --- "در" / "از" glued to "این" / "آن"
    (f"دراین{Z}میان", f"در این{Z}میان"),  # even with a ZWNJ inside: no word starts so
    ("درآنکارا", "در آنکارا"),  # before a name
    ("برایند", "برایند"),  # "بر" + "این" is not split: too many words start so
    # --- must NOT change
    ("وزیر", "وزیر"),  # a word that starts with و
    ("وزارت", "وزارت"),  # idem
    ("ولی", "ولی"),  # idem
    ("واشنگتن", "واشنگتن"),  # a name starting with و
    ("تنها", "تنها"),  # ends in ها but is a word
    ("ماها", "ماها"),  # a name/word that ends in ها
    ("کشورهای", "کشورهای"),  # plural after ر: glued is standard, a ZWNJ would be invisible
    ("داشتند", "داشتند"),  # a verb form, not داش+تند
    ("کنید", "کنید"),  # a verb form
    ("گفتگو", "گفتگو"),  # a standard glued spelling the lexicon knows
    ("بیشتری", "بیشتری"),  # comparatives of listed words stay glued
    ("دوجانبه", "دوجانبه"),  # known word, first part ends in a non-joining letter
    ("فوق‌العاده", "فوق‌العاده"),  # already has its ZWNJ
    ("رهبرای", "رهبرای"),  # a typo stays a typo (no ره+برای split)
    ("ایران و ترکیه", "ایران و ترکیه"),  # a real conjunction with spaces
    # --- documented policy: function words keep hazm's listed spelling
    ("آنها", "آنها"),  # hazm lists آنها glued (and as a stopword)
    ("اینها", "اینها"),  # listed glued, on the function word این
    ("کوهی", "کوهی"),  # ه after a long vowel is a consonant: no ZWNJ before ی
    ("گروهی", "گروهی"),  # idem
    ("این که", "این که"),  # function word: a space is as standard as a ZWNJ
    ("گرفته شده", "گرفته شده"),  # participles stay spaced
    # --- more repairs
    ("نمیتوان", f"نمی{Z}توان"),  # impersonal verb: bare present stem
    ("میگوئیم", f"می{Z}گوئیم"),  # older ئ spelling of a verb form
    ("دانشآموزان", f"دانش{Z}آموزان"),  # lexicon compound + glued plural ان
    ("شبکهی", f"شبکه{Z}ی"),  # ezafe ی after a silent ه
    ("رئیس جمهور", f"رئیس{Z}جمهور"),  # spaced compound the lexicon writes with a ZWNJ
    ("اطلاع رسانی", f"اطلاع{Z}رسانی"),  # idem
    ("سرمایه گذاری", f"سرمایه{Z}گذاری"),  # listed without a count, but گذاری usually follows a ZWNJ in the lexicon
    ("دانش آموزان", f"دانش{Z}آموزان"),  # lexicon compound + plural ان, written with a space
    # --- spaced pairs decided by the UD treebanks' spacing (text/data/zwnj_pairs.tsv)
    ("کوتاه مدت", f"کوتاه{Z}مدت"),  # the treebanks write this pair with a ZWNJ (the lexicon does not say)
    ("ضد انقلاب", f"ضد{Z}انقلاب"),  # idem
    ("به زودی", "به زودی"),  # the treebanks almost never write a ZWNJ after به, though the lexicon lists "به‌زودی"
    ("آن قدر", "آن قدر"),  # the treebanks write this pair apart, though the lexicon lists "آن‌قدر"
    ("هم تیمی های", f"هم{Z}تیمی{Z}های"),  # joins chain: a compound, then its plural
    ("برمی گردد", f"برمی{Z}گردد"),  # a preverb before می
    ("درنمی آید", f"درنمی{Z}آید"),  # idem, negative
    ("شبکه ی", f"شبکه{Z}ی"),  # ezafe ی after a silent ه, written with a space
    # --- a text whose affixes are set apart keeps its author's glued words
    ("کتاب ها و فرهنگها", f"کتاب{Z}ها و فرهنگها"),  # ZWNJs lost to spaces: "فرهنگها" was written glued
    (f"کتاب{Z}ها و فرهنگها", f"کتاب{Z}ها و فرهنگها"),  # the same text with its ZWNJ: same output (idempotent)
    ("گروهها چالشها کتابها فرهنگها تمدنها میباشد همکاری های",  # mostly glued: one spaced plural does not stop repair
     f"گروه{Z}ها چالش{Z}ها کتاب{Z}ها فرهنگ{Z}ها تمدن{Z}ها می{Z}باشد همکاری{Z}های"),
    # --- letters
    ("ايران كشور", "ایران کشور"),  # Arabic yeh and kaf
    ("مدرسة", "مدرسه"),  # teh marbuta -> ه
    ("خانۀ ما", "خانه ما"),  # heh with yeh above -> ه (the ezafe mark goes, like diacritics)
    ("سَلام", "سلام"),  # diacritics removed
    ("کـــتاب", "کتاب"),  # tatweel removed
    ("ﻻ", "لا"),  # presentation-form ligature unfolded
    ("ﷲ", "الله"),  # ligature to four letters
    ("تأکید", "تأکید"),  # hamza on alef is a letter, not a diacritic
    # --- punctuation and spaces
    ("دولت ،", "دولت،"),  # no space before the Persian comma
    ("دولت  ، ملت", "دولت، ملت"),  # repeated spaces too
    ("دولت،ملت", "دولت، ملت"),  # a space after the comma
    ("« سید »", "«سید»"),  # no spaces inside guillemets
    ("( متن )", "(متن)"),  # no spaces inside parentheses
    ("با«بدر»", "با «بدر»"),  # a space before an opening guillemet
    ("چرا ؟", "چرا؟"),  # question mark
    ("عراقچی:ایران", "عراقچی: ایران"),  # a space after a colon before a word
    ("سال ۱۳۹۸ ه.ش", "سال ۱۳۹۸ ه.ش"),  # no space inserted after "." (abbreviations)
    ("ساعت ۱۰:۳۰", "ساعت ۱۰:۳۰"),  # times stay whole
    ("الف   ب", "الف ب"),  # space runs collapse
    ("سطر یک  \n  سطر دو", "سطر یک\nسطر دو"),  # spaces at line edges go, the newline stays
    ("الف\n\nب", "الف\n\nب"),  # blank lines are kept: never merge lines
    ("الف\r\nب", "الف\nب"),  # CRLF -> LF
    ("الف\u00a0ب", "الف ب"),  # no-break space -> space
    # --- HTML-entity debris and invisible characters
    ("&#۳۹;سلام&#۳۹;", "'سلام'"),  # numeric entity with Persian digits
    ("&quot;سلام&quot;", '"سلام"'),  # named entity
    ("&#8203;سلام", "سلام"),  # entity for an invisible character: dropped
    (f"ب{Z}{Z}\u200d{Z}ج", f"ب{Z}ج"),  # ZWNJ/ZWJ storm -> one ZWNJ
    (f"{Z}سلام {Z}دنیا{Z}", "سلام دنیا"),  # ZWNJ at word edges dropped
    ("\u200fسلام\u200e", "سلام"),  # bidi marks dropped
]


@pytest.mark.parametrize("text, expected", PAIRS)
def test_normalize_pairs(text, expected):
    assert normalize(text).text == expected


DIGITS = [
    # (input, policy, expected)
    ("۲۵ 25 ٢٥", "persian", "۲۵ ۲۵ ۲۵"),  # all digits Persian
    ("۲۵ 25 ٢٥", "latin", "25 25 25"),  # all digits Latin
    ("۲۵ 25 ٢٥", "keep", "۲۵ 25 ٢٥"),  # untouched
    ("COVID-19 و H2O", "persian", "COVID-19 و H2O"),  # Latin digits in Latin words stay
    ("۱۴۰۳/۱۲/۱۸", "latin", "1403/12/18"),  # a date
]


@pytest.mark.parametrize("text, policy, expected", DIGITS)
def test_digit_policies(text, policy, expected):
    assert normalize(text, Options(digits=policy)).text == expected


def test_no_zwnj_repair_option_keeps_glued_words():
    # the letters and spacing are still normalized, but no ZWNJ is restored and no و split off
    assert normalize("گروهها وعمان ، ي", Options(zwnj_repair=False)).text == "گروهها وعمان، ی"


def test_inserted_zwnj_has_an_empty_span_between_its_neighbours():
    n = normalize("گروهها")
    i = n.text.index(Z)
    assert (n.starts[i], n.ends[i]) == (4, 4)  # inserted between ه (3) and ه (4)
    assert n.to_original(0, len(n.text)) == (0, 6)


def test_replaced_space_maps_to_the_space():
    text = "گروه ها"
    n = normalize(text)
    i = n.text.index(Z)
    assert text[n.starts[i]:n.ends[i]] == " "


def test_chained_joins_map_to_the_spaces():
    text = "هم تیمی های"
    n = normalize(text)
    assert n.text == f"هم{Z}تیمی{Z}های"
    for i, ch in enumerate(n.text):
        original = text[n.starts[i]:n.ends[i]]
        assert original == (" " if ch == Z else ch)


def test_entity_maps_to_the_whole_entity():
    text = "الف &#۳۹;ب"
    n = normalize(text)
    i = n.text.index("'")
    assert text[n.starts[i]:n.ends[i]] == "&#۳۹;"


def test_conjunction_split_keeps_offsets():
    text = "ترکیه وعمان"
    n = normalize(text)
    s = n.text.index("عمان")
    assert text[slice(*n.to_original(s, s + 4))] == "عمان"


def test_seed_words_restored(seed_text):
    out = normalize(seed_text).text
    for word in (f"فوق{Z}العاده", f"اطلاع{Z}رسانی", f"نسل{Z}کشی", f"بی{Z}ثباتی", f"راه{Z}اندازی", f"منطقه{Z}ای",
                 f"می{Z}باشد", f"گروه{Z}ها", f"چالش{Z}های", "ترکیه و عمان", "دولت،"):
        assert word in out, word
    assert out.count("\n") == seed_text.count("\n")  # no line merged
