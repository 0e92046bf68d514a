"""Segmentation: structure, boilerplate, attribution, sentences and tokens, with offsets into the original text."""
from __future__ import annotations

import pytest

from didban.document import Document
from didban.pipeline import Pipeline
from didban.segment import sentences as sentence_rules
from didban.segment.attribution import find_attribution
from didban.segment.stage import classify


def run(text: str) -> Document:
    return Pipeline.upto("segment")(Document(text=text))


def kinds(text: str) -> list[tuple[str, str, bool]]:
    return [(s.kind, text[s.start:s.end], s.boilerplate) for s in classify(text)]


# --- the seed article ------------------------------------------------------------------------------------------------

def test_seed_title_attribution_boilerplate_subheadings(seed_text):
    doc = run(seed_text)
    assert doc.title.startswith("دیدار عراقچی با وزرای ترکیه") and "\n" not in doc.title
    chain = [("رکنا", "outlet"), ("پایگاه اطلاع\u200cرسانی دولت", "cited")]
    assert [(a.name, a.kind) for a in doc.attribution] == chain
    assert [seed_text[a.start:a.end] for a in doc.attribution] == ["رکنا", "پایگاه اطلاعرسانی دولت"]
    last = doc.segments[-1]
    assert last.boilerplate and seed_text[last.start:last.end].startswith("• ایستگاه شارژ")
    assert all(s.boilerplate for s in doc.sentences if s.segment == len(doc.segments) - 1)
    subheadings = [seed_text[s.start:s.end] for s in doc.segments if s.kind == "subheading"]
    assert "عراقچی: ایران هیچ محدودیتی برای گسترش روابط با عمان قائل نیست" in subheadings
    assert "دیدار وزیر امور خارجه با وزیر امور خارجه مصر" in subheadings
    assert doc.outlet == "رکنا"


def test_sentences_slice_the_original_and_tokens_are_inside(seed_text):
    doc = run(seed_text)
    assert len(doc.sentences) >= len(doc.segments)
    for sent in doc.sentences:
        piece = seed_text[sent.start:sent.end]
        assert piece == piece.strip() and "\n" not in piece
        seg = doc.segments[sent.segment]
        assert seg.start <= sent.start < sent.end <= seg.end
        toks = doc.tokens[sent.token_start:sent.token_end]
        assert toks and all(sent.start <= t.start < t.end <= sent.end for t in toks)


# --- rules, one (input, expected) pair each ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # headline, then the lead, then an unpunctuated short line = subheading, then a paragraph
    ("عنوان خبر\n\nمتن اول خبر است.\nزیرعنوان کوتاه\nمتن دوم.",
     [("headline", "عنوان خبر", False), ("lead", "متن اول خبر است.", False),
      ("subheading", "زیرعنوان کوتاه", False), ("paragraph", "متن دوم.", False)]),
    # the headline repeated under itself is flagged, a standalone dateline too
    ("سفیر احضار شد\nسفیر احضار شد\nپنجشنبه 4 مهر 1398 - 07:50\nمتن خبر.",
     [("headline", "سفیر احضار شد", False), ("repeated-headline", "سفیر احضار شد", True),
      ("dateline", "پنجشنبه 4 مهر 1398 - 07:50", True), ("lead", "متن خبر.", False)]),
    # a short "name:" line over the headline is a kicker
    ("لاریجانی:\nپارلمان‌ها مؤثرند\nرئیس مجلس گفت: پارلمان‌ها مؤثرند.",
     [("kicker", "لاریجانی:", False), ("headline", "پارلمان‌ها مؤثرند", False),
      ("lead", "رئیس مجلس گفت: پارلمان‌ها مؤثرند.", False)]),
    # a first line that opens with attribution is the lead, not a headline
    ("به گزارش ایلنا، وزیر دیدار کرد.\nمتن دوم.",
     [("lead", "به گزارش ایلنا، وزیر دیدار کرد.", False), ("paragraph", "متن دوم.", False)]),
    # a short question over a paragraph is a subheading
    ("عنوان\nمتن اول.\nطرف ایرانی چه گفت؟\nمدیرکل گفت که چنین است.",
     [("headline", "عنوان", False), ("lead", "متن اول.", False), ("subheading", "طرف ایرانی چه گفت؟", False),
      ("paragraph", "مدیرکل گفت که چنین است.", False)]),
    # a photo caption
    ("عنوان\nمتن.\nعکس: دیدار دو وزیر در تهران",
     [("headline", "عنوان", False), ("lead", "متن.", False), ("caption", "عکس: دیدار دو وزیر در تهران", False)]),
])
def test_structure(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize("line, reason", [
    ("انتهای پیام/4034/4123/پ", "end-of-story marker"),  # end marker with desk codes
    ("انتهای پیام/", "end-of-story marker"),
    ("کد خبر: ۴۴۳۶۰۴۶", "news code"),
    ("کد مطلب : 199519", "news code"),
    ("منبع: ایسنا", "source line"),
    ("+", "share/comment furniture"),
    ("-", "share/comment furniture"),
    ("اشتراک گذاری", "share/comment furniture"),
    ("نظرات", "share/comment furniture"),
    ("دیپلماسی", "section label"),  # a section name alone
    ("العالم ـ ایران ـ سیاسی", "section label"),  # outlet and sections joined by separators
])
def test_furniture_lines_are_flagged(line, reason):
    text = f"عنوان خبر\nمتن خبر است.\n{line}\nمتن دیگر است."
    seg = [s for s in classify(text) if text[s.start:s.end] == line][0]
    assert seg.boilerplate and seg.reason == reason


def test_related_news_block_with_teasers_is_flagged():
    text = ("عنوان\nمتن اول است.\n\nخبر مرتبط\nتاسف وزیر از انفعال اروپا\n\nوزیر فنلاند با همتای خود گفتگو کرد.\n\n"
            "متن دوم است.\n  • پیوند به خبری دیگر")
    got = [(text[s.start:s.end], s.boilerplate) for s in classify(text)]
    assert got == [("عنوان", False), ("متن اول است.", False), ("خبر مرتبط", True),
                   ("تاسف وزیر از انفعال اروپا", True), ("وزیر فنلاند با همتای خود گفتگو کرد.", True),
                   ("متن دوم است.", False), ("• پیوند به خبری دیگر", True)]


@pytest.mark.parametrize("text, pieces", [
    # a "date ..." label opening the first line is cut off as a dateline
    (" date 2025-12-09 ایران و چین در سومین نشست کمیته سه‌جانبه دیدار کردند.",
     [("dateline", "date 2025-12-09"), ("lead", "ایران و چین در سومین نشست کمیته سه‌جانبه دیدار کردند.")]),
    # a section label glued in front of a paragraph
    ("عنوان\nاخبار سیاسی-  در حاشیه این مراسم مسائل دوجانبه بحث شد.",
     [("headline", "عنوان"), ("furniture", "اخبار سیاسی-"), ("lead", "در حاشیه این مراسم مسائل دوجانبه بحث شد.")]),
    # one section-like word before a dash is the sentence itself, not a label
    ("عنوان\nایران - ترکیه روابط خوبی دارند و این روابط ادامه دارد.",
     [("headline", "عنوان"), ("lead", "ایران - ترکیه روابط خوبی دارند و این روابط ادامه دارد.")]),    # a place and a news agency before the text: the wires' and IRNA's dateline
    ("عنوان\nتهران ـ رویترز ـ ایران و چین در سومین نشست کمیته سه‌جانبه دیدار کردند.",
     [("headline", "عنوان"), ("dateline", "تهران ـ رویترز ـ"),
      ("lead", "ایران و چین در سومین نشست کمیته سه‌جانبه دیدار کردند.")]),
    ("عنوان\nکابل - پژواک: امیرخان متقی با سفیر چین در کابل دیدار کرد و روابط را بررسی کرد.",
     [("headline", "عنوان"), ("dateline", "کابل - پژواک:"),
      ("lead", "امیرخان متقی با سفیر چین در کابل دیدار کرد و روابط را بررسی کرد.")]),
    # ... with the agency in brackets
    ("عنوان\nکابل (طلوع‌نیوز) - امیرخان متقی با سفیر چین در کابل دیدار کرد و روابط را بررسی کرد.",
     [("headline", "عنوان"), ("dateline", "کابل (طلوع‌نیوز) -"),
      ("lead", "امیرخان متقی با سفیر چین در کابل دیدار کرد و روابط را بررسی کرد.")]),
    # ... or the agency alone, before a colon
    ("عنوان\nطلوع‌نیوز: امیرخان متقی با سفیر چین در کابل دیدار کرد و روابط را بررسی کرد.",
     [("headline", "عنوان"), ("dateline", "طلوع‌نیوز:"),
      ("lead", "امیرخان متقی با سفیر چین در کابل دیدار کرد و روابط را بررسی کرد.")]),
    # a name before a colon that is no outlet is a kicker's, part of the text
    ("عنوان\nعراقچی: آمریکا باید تحریم‌ها را لغو کند و به تعهدات خود عمل کند.",
     [("headline", "عنوان"), ("lead", "عراقچی: آمریکا باید تحریم‌ها را لغو کند و به تعهدات خود عمل کند.")]),
    # brackets that hold no agency are the sentence's own
    ("عنوان\nایران (جمهوری اسلامی) با همسایگان روابط خوبی دارد و این روابط ادامه دارد.",
     [("headline", "عنوان"), ("lead", "ایران (جمهوری اسلامی) با همسایگان روابط خوبی دارد و این روابط ادامه دارد.")]),
])
def test_line_prefix_furniture_is_split(text, pieces):
    assert [(k, t) for k, t, _ in kinds(text)] == pieces


def test_multi_calendar_widget_is_furniture_and_the_article_dateline_is_kept():
    text = ("• شنبه 27 مرداد 1403\n  • السَّبْت 11 صفر 1446\n  • 2024 Aug 17\nپنج شنبه 19 مرداد 1402\n"
            "سفیر احضار شد\nمتن خبر.")
    got = kinds(text)
    assert [r for r in (s.reason for s in classify(text))][:4] == ["date widget"] * 3 + ["dateline"]
    assert got[4][:2] == ("headline", "سفیر احضار شد")
    assert run(text).published is None  # the reader sets it; the segment stage does not invent one
    from didban.read import from_text
    assert from_text(text).published == "2023-08-10"


# (paragraph, [(start, end) of the chain as text, kind])
@pytest.mark.parametrize("line, chain", [
    ("به گزارش رکنا پایگاه اطلاعرسانی دولت ، این ملاقات انجام شد.",
     [("رکنا", "outlet"), ("پایگاه اطلاعرسانی دولت", "cited")]),  # appositive after a known outlet
    ("به گزارش گروه سیاسی خبرگزاری آنا از خانه ملت، علی لاریجانی گفت.",
     [("خبرگزاری آنا", "outlet"), ("خانه ملت", "cited")]),  # desk skipped, "از" cites
    ("به گزارش اقتصادنیوز به نقل از مهر، وزیر گفت.", [("اقتصادنیوز", "outlet"), ("مهر", "cited")]),
    ("به گزارش مشرق به نقل از فارس، رئیس مجلس گفت.", [("مشرق", "outlet"), ("فارس", "cited")]),
    ("به گزارش خبرنگار سیاسی ایسنا، وزیر گفت.", [("ایسنا", "outlet")]),
    ("به گزارش گروه بین الملل خبرگزاری دانشجو در دوشنبه، رئیسی رسید.", [("خبرگزاری دانشجو", "outlet")]),
    ("خبرگزاری میزان - «ناصر کنعانی» گفت.", [("خبرگزاری میزان", "outlet")]),  # leading outlet and dash
    ("باشگاه خبرنگاران جوان ـ رئیس جمهور رسید.", [("باشگاه خبرنگاران جوان", "outlet")]),
    ("به نقل از مهر، وزیر گفت.", [("مهر", "cited")]),
    ("وزیر امور خارجه - که دیروز رسید - گفت.", []),  # a dash after an ordinary phrase is no outlet
    ("تهران- ایرنا- وزیر امور خارجه گفت.", [("ایرنا", "outlet")]),  # city, then outlet
    ("به گزارش خبرنگار ما، وزیر گفت.", [("خبرنگار ما", "reporter-desk")]),  # own reporter: no outlet named
])
def test_attribution_chain(line, chain):
    assert [(line[s:e], k) for s, e, k in find_attribution(line, 0)] == chain


def test_attribution_names_are_canonical_outlets():
    doc = run("عنوان\nبه گزارش خبرگزاری مهر به نقل از روابط عمومی وزارت، وزیر گفت.")
    assert [(a.name, a.kind) for a in doc.attribution] == [("مهر", "outlet"), ("روابط عمومی وزارت", "cited")]
    assert doc.outlet == "مهر"


# (paragraph, expected sentences)
@pytest.mark.parametrize("text, expected", [
    ("وزیر آمد. او رفت!", ["وزیر آمد.", "او رفت!"]),  # . and !
    ("آیا آمد؟ بله آمد.", ["آیا آمد؟", "بله آمد."]),  # Persian question mark
    ("رشد ۲٫۵ درصد بود. نرخ 3.5 شد.", ["رشد ۲٫۵ درصد بود.", "نرخ 3.5 شد."]),  # decimals are not ends
    ("او گفت: «ما آمدیم. شما بروید» و رفت.", ["او گفت: «ما آمدیم. شما بروید» و رفت."]),  # a short quote is one unit
    ("او گفت: «ما آمدیم. شما بروید.» سپس رفت.", ["او گفت: «ما آمدیم. شما بروید.»", "سپس رفت."]),  # ".»" ends it
    ("سال ۱۳۵۷ ه.ش. انقلاب شد. سپس جنگ.", ["سال ۱۳۵۷ ه.ش. انقلاب شد.", "سپس جنگ."]),  # hazm abbreviation
    ("احضار شد.در این احضار اعتراض شد.", ["احضار شد.", "در این احضار اعتراض شد."]),  # lost space after the mark
    ("گفت: «مصداق بارز است.»سفیر نیز گفت.", ["گفت: «مصداق بارز است.»", "سفیر نیز گفت."]),  # quote closes it
    ("سایت www.example.com باز شد.", ["سایت www.example.com باز شد."]),  # a dot inside a web address
])
def test_sentence_split(text, expected):
    assert [text[s:e] for s, e in sentence_rules.split(text, 0, len(text))] == expected


def test_title_is_kept_when_the_reader_gave_one():
    doc = Document(text="عنوان دیگر\nمتن.", title="عنوان HTML")
    assert Pipeline.upto("segment")(doc).title == "عنوان HTML"


def test_every_eval_doc_segments_with_exact_offsets():
    from pathlib import Path

    docs = Path(__file__).resolve().parents[3] / "shared" / "eval" / "docs"
    files = sorted(docs.glob("*.txt"))
    if not files:
        pytest.skip("../shared/eval is not there")
    for f in files:
        text = f.read_text(encoding="utf-8")
        doc = run(text)
        for s in doc.sentences:
            assert text[s.start:s.end].strip() == text[s.start:s.end] != ""
        assert all(0 <= seg.start < seg.end <= len(text) for seg in doc.segments)


@pytest.mark.parametrize("text, outlet", [
    # an agency in a dateline says who published the article, as "به گزارش …" would
    ("کابل (پژواک): امیرخان متقی با سفیر چین در کابل دیدار کرد و روابط را بررسی کرد.", "خبرگزاری پژواک"),
    ("طلوع‌نیوز: امیرخان متقی با سفیر چین در کابل دیدار کرد و روابط را بررسی کرد.", "طلوع نیوز"),
    # a line of its own: a place, a day without its year (a Dari month), the agency in brackets
    ("کابل، ۳۰ عقرب (باختر)\n\nامیرخان متقی با سفیر چین در کابل دیدار کرد و روابط را بررسی کرد.",
     "خبرگزاری باختر"),
])
def test_a_datelines_agency_is_the_outlet(text, outlet):
    import didban

    assert didban.extract(text=text, tagger=False).outlet == outlet


LONG = "در این نشست که با حضور نمایندگان کشورهای منطقه و کارشناسان برگزار شد، گفت‌وگو ادامه یافت "


# (text, the sentences) - the word before a period is read from the end of the paragraph, however long it is
@pytest.mark.parametrize("text, expected", [
    (LONG + "در سال ۱۳۵۷ ه.ش. انقلاب شد.", [LONG + "در سال ۱۳۵۷ ه.ش. انقلاب شد."]),  # an abbreviation, far in
    (LONG + "نامه ج. بایدن رسید. پاسخ آمد.", [LONG + "نامه ج. بایدن رسید.", "پاسخ آمد."]),  # an initial, far in
    ("الف" * 40 + ". دوم.", ["الف" * 40 + ".", "دوم."]),  # a word longer than the tail that is looked at
    ("«" + "الف. " * 80 + "» گفت. بعد.", ["«الف.", *["الف."] * 79, "» گفت.", "بعد."]),  # a long quote: no unit
    ("او گفت «بس است. تمام» و رفت. بعد.", ["او گفت «بس است. تمام» و رفت.", "بعد."]),  # a short quote is one
    ("او گفت «بس است. تمام.» و رفت. بعد.", ["او گفت «بس است. تمام.»", "و رفت.", "بعد."]),  # unless it ends it
])
def test_sentence_split_far_into_a_paragraph(text, expected):
    assert [text[s:e] for s, e in sentence_rules.split(text, 0, len(text))] == expected
