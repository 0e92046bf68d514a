"""The `segment` stage: sets segments, sentences, tokens and the attribution chain (and the title if missing).

Each non-empty line is a segment (scraped news keeps one paragraph per line); a line may be split when it opens with
page furniture (" date 2025-12-09 ...", "اخبار سیاسی- ..."). Segment kinds:

    headline, kicker (a short "name:" line over the headline), lead (first paragraph), subheading, caption, paragraph,
    dateline, repeated-headline, furniture (date widget, section label, news code, share/comment buttons, source line,
    end-of-story marker), related (related-news links and teasers)

Boilerplate is flagged (`Segment.boilerplate`, with a reason; its sentences get `boilerplate=True`), never deleted:
datelines, the repeated headline, furniture and related-news blocks. Later stages skip boilerplate sentences.
The rules, in `classify`, look at each line alone (its words, its final punctuation, fixed furniture phrases) and at
its place: related-news bullets count only in the trailing block, date widgets only at the top.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from didban.document import Attribution, Document, NormalizedText, Segment, Sentence, Token
from didban.lazy_pattern import compile as kept_compile
from didban.options import Options
from didban.pipeline import stage
from didban.segment import sentences as sentence_rules
from didban.segment.attribution import attribution_records, find_attribution
from didban.segment.lexicon import outlet_name, section_words
from didban.text import dates
from didban.text.keys import aligned_key, line_key

HEADLINE_MAX_WORDS = 30
SUBHEADING_MAX_WORDS = 14
QUESTION_SUBHEADING_MAX_WORDS = 10
_FINAL_PUNCT = tuple(".!?؟…:؛»\")")
_BULLETS = "•·●▪■◾◦►▸‣⁃"
_SEPARATORS = kept_compile(r"\s*[-–—ـ|/›»]\s*")
_END_MARKER = kept_compile(r"^انتهای\s*پیام")
_NEWS_CODE = kept_compile(r"^(?:کد|شناسه)\s*(?:خبر|مطلب|محتوا)\s*[:：]?\s*[\d۰-۹]*$")
_SOURCE_LINE = kept_compile(r"^منبع\s*[:：]")
_RELATED_LABEL = kept_compile(r"^(?:خبر|اخبار|مطالب|مطلب)\s*(?:مرتبط|مشابه|پیشنهادی)|^بیشتر\s*بخوانید|^بخوانید\s*[:：]?$"
                            r"|^پیشنهاد\s*(?:ما|سردبیر)")
_FURNITURE_PHRASES = {line_key(p) for p in (
    "+", "-", "اشتراک گذاری", "اشتراک‌گذاری", "اشتراک", "نظرات", "نظر شما", "ارسال نظر", "ارسال دیدگاه", "دیدگاه‌ها",
    "چاپ", "پرینت", "نسخه چاپی", "ذخیره", "لینک کوتاه", "کپی شد", "کپی لینک", "بازگشت", "تعداد بازدید", "بازدید",
    "این خبر را به اشتراک بگذارید", "به اشتراک بگذارید", "ارسال به دوستان", "برچسب‌ها", "برچسب ها", "تگ‌ها",
    "پربیننده ترین خبرها", "پربیننده‌ترین", "پربحث ترین", "آخرین اخبار")}
_PHOTO = kept_compile(r"^(?:\(?عکس\)?|تصویر|عکس\s*از|فیلم)\s*[:：|\-ـ]|\((?:عکس|تصاویر|فیلم)\)$|^عکس\s*[:：]")
_DATE_LABEL_PREFIX = kept_compile(r"^\s*(?:date|تاریخ)\b", re.I)


# --- offsets between the original and the normalized copy ---------------------------------------------------------

def normalized_slice(norm: NormalizedText, start: int, end: int) -> str:
    """The normalized text of the original span [start, end) (characters whose source lies inside it)."""
    lo, hi = normalized_range(norm, start, end)
    return norm.text[lo:hi].strip()


def normalized_range(norm: NormalizedText, start: int, end: int) -> tuple[int, int]:
    """The normalized [lo, hi) holding the characters that come from the original [start, end)."""
    return bisect_left(norm.starts, start), bisect_left(norm.starts, end)


# --- lines ----------------------------------------------------------------------------------------------------------

def _lines(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as trimmed [start, end) spans."""
    out, pos = [], 0
    for raw in text.split("\n"):
        s, e = pos, pos + len(raw)
        while s < e and (text[s].isspace() or text[s] in "\u200c\ufeff"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in "\u200c\ufeff"):
            e -= 1
        if e > s:
            out.append((s, e))
        pos += len(raw) + 1
    return out


def _is_section_label(line: str) -> bool:
    """A line made only of section words and outlet names joined by separators ("العالم ـ ایران ـ سیاسی")."""
    parts = [p for p in _SEPARATORS.split(line.strip(" -–—ـ")) if p.strip()]
    if not parts or len(line.split()) > 6:
        return False
    words = section_words()
    return all(line_key(p).replace(" ", "") in words or outlet_name(p)
               or all(line_key(w) in words for w in p.split()) for p in parts)


# a label glued in front of a paragraph: two to four section words, a separator, then a space ("اخبار سیاسی-  در ...");
# one word is not enough there ("ایران - ترکیه ..." opens many a sentence)
_LABEL_PREFIX = kept_compile(r"^(?P<label>\S+(?:\s+\S+){1,3}?)\s*(?P<sep>[-–—ـ|])\s+")


# a place and an agency before the text, IRNA's and the wires' dateline: "تهران ـ ایرنا ـ"، "کابل - پژواک:"
_PLACE_AGENCY = kept_compile(r"^(?P<place>[^\s\-–—ـ|:]+(?:\s+[^\s\-–—ـ|:]+)?)\s*[-–—ـ]\s*"
                           r"(?P<outlet>[^\-–—ـ|:]+?)\s*[-–—ـ:]\s+")


# the same with the agency in brackets: "کابل (طلوع‌نیوز) -"، "تهران (ایرنا):"، "(ایسنا) -"
_PLACE_PAREN_AGENCY = kept_compile(r"^(?P<place>[^\s\-–—ـ|:()]+(?:\s+[^\s\-–—ـ|:()]+)?)?\s*[(\[](?P<outlet>[^()\[\]]+)"
                                 r"[)\]]\s*[-–—ـ:]?\s+")


# a line of a place, a day (digits, a month, maybe no year) and the agency in brackets: "کابل، ۳۰ عقرب (باختر)"
_PLACE_DAY_AGENCY = kept_compile(r"^\s*[^\s\d()،,]+(?:\s+[^\s\d()،,]+)?\s*[،,]\s*[^()]{0,12}[\d۰-۹][^()]{0,24}"
                                 r"[(\[](?P<outlet>[^()\[\]]+)[)\]]\s*$")


# an agency alone before the text: "طلوع‌نیوز: …"، "ایرنا - …" (only when the words name a known outlet: a kicker
# "عراقچی: …" is no dateline)
_AGENCY_ALONE = kept_compile(r"^(?P<outlet>[^\s\-–—ـ|:()]+(?:\s+[^\s\-–—ـ|:()]+){0,2})\s*[-–—ـ:]\s+")


def _split_prefix(text: str, start: int, end: int) -> list[tuple[int, int, str | None]]:
    """A line opening with furniture is two pieces: [(start, end, reason-or-None)]."""
    line = text[start:end]
    folded = aligned_key(line)
    if _DATE_LABEL_PREFIX.match(folded):
        info = dates.dateline(line)
        if info is not None and info[2] < len(line.rstrip()):
            cut = info[2]
            rest = cut + len(line[cut:]) - len(line[cut:].lstrip())
            return [(start, start + cut, "dateline"), (start + rest, end, None)]
    for pattern in (_PLACE_AGENCY, _PLACE_PAREN_AGENCY, _AGENCY_ALONE):
        m = pattern.match(line)
        if m and len(line) > m.end() + 20 and outlet_name(m.group("outlet").strip()):
            return [(start, start + len(line[:m.end()].rstrip()), "dateline"), (start + m.end(), end, None)]
    m = _LABEL_PREFIX.match(line)
    if m and len(line) > m.end() + 20 and _is_section_label(m.group("label")) and not outlet_name(m.group("label")):
        return [(start, start + m.end("sep"), "section label"),
                (start + m.end(), end, None)]
    return [(start, end, None)]


def _words(line: str) -> int:
    return len(line.split())


def _furniture_reason(line: str, start: int, chrome: set[int]) -> str | None:
    k = line_key(line)
    if start in chrome:
        return "date widget"
    if _END_MARKER.match(k):
        return "end-of-story marker"
    if _NEWS_CODE.match(k):
        return "news code"
    if _SOURCE_LINE.match(k) and _words(line) <= 8:
        return "source line"
    if k in _FURNITURE_PHRASES or re.fullmatch(r"[+\-*|/\\=_.•·\s]+", k):
        return "share/comment furniture"
    if dates.dateline(line) is not None:
        return "dateline"
    m = _PLACE_DAY_AGENCY.match(line)
    if m and outlet_name(m.group("outlet").strip()):
        return "dateline"  # "کابل، ۳۰ عقرب (باختر)": a place, a day without its year, the agency in brackets
    if _is_section_label(line):
        return "section label"
    return None


def classify(text: str) -> list[Segment]:
    """The segments of an article (see the module docstring)."""
    chrome = dates.chrome_lines(text)
    pieces: list[tuple[int, int, str | None]] = []
    for s, e in _lines(text):
        pieces.extend(_split_prefix(text, s, e))
    segments: list[Segment] = []
    for s, e, reason in pieces:
        line = text[s:e]
        reason = reason or _furniture_reason(line, s, chrome)
        if reason == "dateline":
            segments.append(Segment("dateline", s, e, True, "dateline"))
        elif reason:
            segments.append(Segment("furniture", s, e, True, reason))
        else:
            segments.append(Segment("paragraph", s, e))
    _mark_related(text, segments)
    _mark_headline_and_structure(text, segments)
    return segments


def _mark_related(text: str, segments: list[Segment]) -> None:
    """Related-news blocks: a label ("خبر مرتبط") with its teaser (a title, and a one-sentence summary after an
    unpunctuated title); and the trailing run of bullet lines ("• ...") at the end of the article."""
    i = 0
    while i < len(segments):
        seg = segments[i]
        if not seg.boilerplate and _RELATED_LABEL.match(line_key(text[seg.start:seg.end])) and _words(
                text[seg.start:seg.end]) <= 4:
            _flag(seg, "related", "related-news label")
            title = _next_content(segments, i)
            if title is not None:
                _flag(segments[title], "related", "related-news teaser")
                title_text = text[segments[title].start:segments[title].end]
                summary = _next_content(segments, title)
                if (summary is not None and not title_text.rstrip().endswith(_FINAL_PUNCT)
                        and len(sentence_rules.split(text, segments[summary].start, segments[summary].end)) == 1
                        and _words(text[segments[summary].start:segments[summary].end]) <= 40):
                    _flag(segments[summary], "related", "related-news teaser")
                i = title
        i += 1
    for seg in reversed(segments):
        line = text[seg.start:seg.end]
        if seg.boilerplate:
            continue
        if line[:1] in _BULLETS:
            _flag(seg, "related", "related-news link")
        else:
            break


def _next_content(segments: list[Segment], i: int) -> int | None:
    for j in range(i + 1, len(segments)):
        if not segments[j].boilerplate:
            return j
    return None


def _flag(seg: Segment, kind: str, reason: str) -> None:
    seg.kind, seg.boilerplate, seg.reason = kind, True, reason


def _headline_like(line: str) -> bool:
    return (0 < _words(line) <= HEADLINE_MAX_WORDS and not line.rstrip().endswith((".", "!", "…"))
            and not find_attribution(line, 0))


def _mark_headline_and_structure(text: str, segments: list[Segment]) -> None:
    content = [i for i, s in enumerate(segments) if not s.boilerplate]
    if not content:
        return
    first = content[0]
    headline = None
    line = text[segments[first].start:segments[first].end]
    if (_words(line) <= 4 and line.rstrip().endswith(":") and len(content) > 1
            and _headline_like(text[segments[content[1]].start:segments[content[1]].end])):
        segments[first].kind = "kicker"
        headline = content[1]
    elif _headline_like(line):
        headline = first
    if headline is not None:
        segments[headline].kind = "headline"
        head_key = line_key(text[segments[headline].start:segments[headline].end])
        for i in content:
            if i > headline and line_key(text[segments[i].start:segments[i].end]) == head_key:
                _flag(segments[i], "repeated-headline", "repeats the headline")
    lead_seen = False
    for i in content:
        seg = segments[i]
        if seg.kind != "paragraph":
            continue
        line = text[seg.start:seg.end]
        if _PHOTO.search(line):
            seg.kind = "caption"
        elif _is_subheading(line, segments, i):
            seg.kind = "subheading"
        elif not lead_seen:
            seg.kind = "lead"
            lead_seen = True
        else:
            lead_seen = True


def _is_subheading(line: str, segments: list[Segment], i: int) -> bool:
    if line.rstrip().endswith(("؟", "?")) and _words(line) <= QUESTION_SUBHEADING_MAX_WORDS:
        return _next_content(segments, i) is not None  # a short question over a paragraph
    # a heading heads something: a short unpunctuated last line is a fragment, not a subheading
    return (_words(line) <= SUBHEADING_MAX_WORDS and not line.rstrip().endswith(_FINAL_PUNCT)
            and _next_content(segments, i) is not None)


# --- the stage ------------------------------------------------------------------------------------------------------

def _attribution(doc: Document, segments: list[Segment]) -> list[Attribution]:
    norm = doc.normalized
    name_of = (lambda s, e: normalized_slice(norm, s, e) or doc.text[s:e]) if norm else (lambda s, e: doc.text[s:e])
    checked = 0
    for seg in segments:
        if seg.boilerplate or seg.kind in ("headline", "kicker", "subheading", "caption"):
            continue
        links = find_attribution(doc.text[seg.start:seg.end], seg.start)
        if links:
            return attribution_records(links, doc.text, name_of)
        checked += 1
        if checked >= 3:
            break
    # no "به گزارش ...": a section label or a dateline naming an outlet ("العالم ـ ایران ـ سیاسی"، "کابل (پژواک):")
    # still says who published it
    for seg in segments:
        if seg.reason in ("section label", "dateline"):
            for m in re.finditer(r"[^\-–—ـ|/›»():\[\]]+", doc.text[seg.start:seg.end]):
                if outlet_name(m.group().strip()):
                    s = seg.start + m.start() + (len(m.group()) - len(m.group().lstrip()))
                    e = seg.start + m.end() - (len(m.group()) - len(m.group().rstrip()))
                    return [Attribution(outlet_name(m.group().strip()), s, e, "outlet")]
    return []


# the title and outlet are the reader's when it found them; else the headline and the attribution's outlet fill them
@stage("segment", requires=("normalized",), reads=("title", "outlet"),
       provides=("segments", "sentences", "tokens", "attribution", "title", "outlet"))
def segment_stage(doc: Document, options: Options, resources=None) -> Document:
    segments = classify(doc.text)
    norm = doc.normalized if doc.normalized is not None else NormalizedText.identity(doc.text)
    from didban.text.tokenize import tokenize  # the words layer comes from text/, like the normalized copy

    sentences: list[Sentence] = []
    tokens: list[Token] = []
    for index, seg in enumerate(segments):
        for s, e in sentence_rules.split(doc.text, seg.start, seg.end):
            words = tokenize(norm, *normalized_range(norm, s, e))
            sentences.append(Sentence(s, e, index, seg.boilerplate, len(tokens), len(tokens) + len(words)))
            tokens.extend(words)
    doc.segments, doc.sentences, doc.tokens = segments, sentences, tokens
    doc.attribution = _attribution(doc, segments)
    if not doc.title:
        parts = [seg for seg in segments if seg.kind in ("kicker", "headline")]
        if parts:
            doc.title = " ".join(normalized_slice(norm, p.start, p.end) or doc.text[p.start:p.end] for p in parts)
    if not doc.outlet:
        outlets = [a for a in doc.attribution if a.kind == "outlet"]
        if outlets:
            doc.outlet = outlets[0].name
    return doc
