"""From a resolved document to events: triggers, their arguments, coding, and the merge of repeated reports.

A sentence is seen as its folded words ("views"); trigger rules (events/data/triggers.tsv) are matched on them and
each match is given arguments from the sentence's structure around it:

- the subject (actor): the first person, office, country or organisation of the clause that no preposition governs,
  with everything joined to it by "و" or commas ("ایران، روسیه و ترکیه"), or the members of a plural office
  ("وزرای خارجه ایران و مصر");
- for meetings, the other side: the mentions after "با" before the verb — one meeting per person listed
  ("با A، B و C دیدار کرد" is three meetings), or the subject's own members ("X و Y دیدار کردند");
- location (a place after "در", or where the article says the actor is), occasion ("در حاشیه ..."), date (weekday
  and relative-day words against the published date), topics ("در خصوص ...").
Statements are coded by their rule, and a plain statement verb (01) by what its clause says (cues.tsv).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date as Date, timedelta

from didban.document import Document, Event, Mention, Span, Token
from didban.entities.gazetteer import token_key
from didban.events.lexicon import Rule, clause_cues, coding, fold_pattern, rules

PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
ATTRIBUTION_OPENERS = tuple(fold_pattern(w) for w in ("به گزارش", "به نقل از", "بنا به گزارش", "طبق گزارش"))
HEADLINE_KINDS = frozenset({"headline", "subheading", "caption", "title", "lead"})
ACTOR_TYPES = frozenset({"PER", "GPE", "ORG"})


def _k(word: str) -> str:
    return token_key(word) or word


SUBJUNCTIVE = frozenset(_k(w) for w in ("کند", "کنند", "نماید", "نمایند", "باشد", "باشند"))
CLAUSE_BREAKS = frozenset(["،", ",", "؛", ":"] + [_k(w) for w in ("ضمن", "از", "را", "که")])
PREP = frozenset(_k(w) for w in ("با", "به", "از", "در", "برای", "علیه", "نزد", "جز", "بجز", "درباره", "پیرامون",
                                  "همراه", "توسط", "بین", "میان", "نسبت"))
LIST = frozenset({"و", "،", ",", _k("نیز"), _k("همچنین")})
WEEKDAYS = {_k(w): i for i, w in enumerate(("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"))}
WEEKDAYS.update({_k("سه شنبه"): 1, _k("پنج شنبه"): 3, _k("پنج‌شنبه"): 3})
DAY_PARTS = frozenset([_k(w) for w in ("روز", "عصر", "صبح", "شب", "ظهر", "بامداد", "بعدازظهر", "بعد از ظهر",
                                         "شامگاه", "صبحگاه", "غروب", "ظهر", "پیش از ظهر", "نیمه شب")] + ["("])
RELATIVE_DAYS = {_k("دیروز"): -1, _k("امروز"): 0, _k("پریروز"): -2, _k("دیشب"): -1}
TOPIC_OPENERS = ("در خصوص", "در مورد", "درباره", "در باره", "پیرامون", "راجع به", "در رابطه با", "حول")
STOP_OCCASION = frozenset(_k(w) for w in ("با", "و", "،", "که", "به", "دیدار", "ملاقات", "گفتگو", "رایزنی"))


@dataclass
class View:
    index: int
    segment_kind: str
    tokens: list[Token]
    keys: list[str]
    text: str
    starts: list[int]  # character offset in `text` of each word
    mentions: list[Mention]
    base: int = 0  # index of the view's first word in its sentence (long sentences are cut into several views)

    def word_at(self, char: int) -> int:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= char:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def words_of(self, m: Mention) -> tuple[int, int]:
        i, j = m.info["words"]
        return i - self.base, j - self.base


@dataclass
class Candidate:
    rule: Rule
    view: View
    trigger: tuple[int, int]  # word span
    kind: str
    cameo: str
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    arg_mentions: list[tuple[Mention, str]] = field(default_factory=list)
    location: str | None = None
    occasion: tuple[int, int] | None = None
    topics: list[tuple[int, int]] = field(default_factory=list)
    date: str | None = None
    date_reason: str | None = None
    date_words: tuple[int, int] | None = None
    mode: str | None = None
    confidence: float = 0.7
    extra_evidence: list[Span] = field(default_factory=list)


class Extractor:
    def __init__(self, doc: Document, home: str = "IRN"):
        self.doc = doc
        self.home = home
        self._stand_ins: dict[str, str] = {}
        self.last_group: list[str] = []  # the actors of the last event with several (what "آنها" refers to)
        self._verb_spans: list = []  # the current sentence's verb triggers
        self.entities = {e.id: e for e in doc.entities or []}
        self.views = self._views()
        self.rules = rules()
        self.cues = clause_cues()
        self.published = _parse_iso(doc.published)
        self.place_context = self._place_context()

    # ------------------------------------------------------------------ views
    def _views(self) -> list[View]:
        doc = self.doc
        by_sentence: dict[int, list[Mention]] = {}
        for m in doc.mentions or []:
            if m.entity is not None or m.info.get("members") or m.info.get("anaphor") in ("plural", "pair"):
                by_sentence.setdefault(m.sentence, []).append(m)
        views = []
        segments = doc.segments or []
        attribution = [(a.start, a.end) for a in doc.attribution or []]
        for si, sent in enumerate(doc.sentences or []):
            if sent.boilerplate:
                continue
            toks = (doc.tokens or [])[sent.token_start:sent.token_end]
            keys = [_k(t.norm) for t in toks]
            mentions = sorted((m for m in by_sentence.get(si, [])
                               if not any(a <= m.start and m.end <= b for a, b in attribution)),
                              key=lambda m: m.start)
            kind = segments[sent.segment].kind if 0 <= sent.segment < len(segments) else "paragraph"
            if keys and keys[0] and " ".join(keys[:3]).startswith(ATTRIBUTION_OPENERS) and \
                    any(k in ("،", ",") for k in keys[:25]):
                # "به گزارش گروه سیاسی خبرگزاری آنا از خانه ملت، ...": the source, not the story's subject
                cut = next(n for n, k in enumerate(keys) if k in ("،", ","))
                mentions = [m for m in mentions if m.info["words"][0] > cut]
            for a, b in _windows(keys):
                chunk_keys = keys[a:b]
                starts, pos = [], 0
                for k in chunk_keys:
                    starts.append(pos)
                    pos += len(k) + 1
                inside = [m for m in mentions if a <= m.info["words"][0] and m.info["words"][1] <= b]
                views.append(View(si, kind, toks[a:b], chunk_keys, " ".join(chunk_keys), starts, inside, a))
        return views

    def _place_context(self) -> list[tuple[int, str]]:
        """Places where the article puts its actors, by sentence: (sentence, entity id). A place counts when it follows
        "در"/"به" in a sentence that says someone travelled or stays there ("به جده سفر کرده است", "در دوحه به سر
        می‌برد", "وارد رم شده"), or in a headline ("... در نیویورک")."""
        travel = re.compile(r"(?<!\S)(?:" + fold_pattern("سفر|وارد|عازم|آمد|آمده|رفت|رفته|به سر|حضور|اقامت|میزبان") + r")")
        out = []
        for v in self.views:
            if not (travel.search(v.text) or v.segment_kind in HEADLINE_KINDS):
                continue
            for m in v.mentions:
                ent = self.entities.get(m.entity or "")
                if ent is None or ent.type not in ("LOC", "GPE") or m.info.get("inside"):
                    continue
                i, _ = v.words_of(m)
                if i > 0 and v.keys[i - 1] in (_k("در"), _k("به"), _k("وارد")):
                    out.append((v.index, ent.id))
        return out

    def home_entity(self) -> str | None:
        home = self.doc.meta.get("outlet_country") or self.home
        eid = f"GPE:{home}"
        return eid if eid in self.entities else None

    # ------------------------------------------------------------------ helpers
    def _members(self, m: Mention) -> list[str]:
        ids = m.info.get("members") or ([m.entity] if m.entity else [])
        return [self._stand_in(e) for e in ids]

    def _stand_in(self, eid: str) -> str:
        """An office-holder nobody names ("سفیر ایران در بغداد") acts for their country, as CAMEO codes actors
        (IRNGOV): the event keeps the country, and the office's words stay in the evidence."""
        if eid in self._stand_ins:
            return self._stand_ins[eid]
        out = eid
        if self._unnamed_office(eid):
            country = f"GPE:{self.entities[eid].country}" if self.entities[eid].country else None
            if country in self.entities:
                out = country
        self._stand_ins[eid] = out
        return out

    def _entity_type(self, eid: str) -> str | None:
        ent = self.entities.get(eid)
        return ent.type if ent else None

    def _political(self, eid: str) -> bool:
        """States, governments, international bodies, armed forces, legislatures, and people holding an office."""
        ent = self.entities.get(eid)
        if ent is None:
            return False
        if ent.type == "GPE":
            return True
        if ent.type == "ORG":
            return (ent.sector or "") in ("GOV", "IGO", "MIL", "LEG", "JUD", "REB", "OPP", "PTY", "SPY")
        if ent.type == "PER":
            return bool(ent.roles) or any(m.type == "ROLE" for m in self._mentions_of(eid))
        return False

    def _unnamed_office(self, eid: str) -> bool:
        """An office-holder that neither the knowledge base nor the article names (only an office phrase refers to
        them, e.g. "نایب رئیس مجلس ارمنستان")."""
        ent = self.entities.get(eid)
        if ent is None or ent.kb_id is not None or ent.type != "PER":
            return False
        return all(m.type == "ROLE" for m in self._mentions_of(eid))

    def _mentions_of(self, eid: str) -> list[Mention]:
        return [m for m in self.doc.mentions or [] if m.entity == eid]

    def _actorlike(self, m: Mention) -> bool:
        if m.info.get("inside"):
            return False
        if m.type in ("ROLE", "PRON"):
            return True
        return self._entity_type(m.entity or "") in ACTOR_TYPES

    def _governed(self, v: View, m: Mention) -> bool:
        """True if a preposition governs the mention (it is then not a subject)."""
        i, _ = v.words_of(m)
        return i > 0 and v.keys[i - 1] in PREP

    def _subject(self, v: View, upto: int, start: int = 0) -> tuple[list[str], list[Mention]]:
        """The clause subject before word `upto`: the first ungoverned actor-like mention and its coordinated mates."""
        cands = [m for m in v.mentions if start <= v.words_of(m)[0] < upto and self._actorlike(m)]
        for n, m in enumerate(cands):
            if self._governed(v, m) or self._is_object(v, m):
                continue
            if m.type == "PRON" and not self._members(m):
                if m.info.get("anaphor") in ("plural", "pair") and self.last_group:
                    return list(self.last_group), [m]
                continue
            group = [m]
            end = v.words_of(m)[1]
            for other in cands[n + 1:]:
                oi, oj = v.words_of(other)
                gap = v.keys[end:oi]
                if oi < end:  # nested in the previous (an apposition inside it)
                    continue
                if gap and all(g in LIST or g in ("،", ",") for g in gap) and not self._is_object(v, other):
                    group.append(other)
                    end = oj
                elif other.info.get("appos") in {g.start for g in group} or \
                        any(g.info.get("appos") == other.start for g in group):
                    group.append(other)
                    end = oj
                else:
                    break
            ids: list[str] = []
            for g in group:
                for e in self._members(g):
                    if e not in ids:
                        ids.append(e)
            # a subject of people and their countries in one breath ("ایران و عراقچی") keeps the people
            return ids, group
        return [], []

    @staticmethod
    def _is_object(v: View, m: Mention) -> bool:
        """A mention right before "را" is a direct object, not a subject."""
        _, j = v.words_of(m)
        return j < len(v.keys) and v.keys[j] == _k("را")

    def _inside(self, v: View, i: int, j: int) -> list[list[str]]:
        """People named inside the trigger phrase ("استوارنامه خود را به «X» پادشاه ... تسلیم کرد")."""
        out: list[list[str]] = []
        for m in v.mentions:
            if i <= v.words_of(m)[0] < j and m.type in ("PER", "ROLE") and not m.info.get("inside"):
                for e in self._members(m):
                    if [e] not in out:
                        out.append([e])
        return out

    def _after_with(self, v: View, lo: int, hi: int) -> list[list[str]]:
        """The other side of a meeting: mentions after "با" (between lo and hi), one item per person or group member."""
        with_at = None
        for i in range(lo, hi):
            if v.keys[i] == _k("با"):
                with_at = i
                break
        if with_at is None:
            return []
        items: list[list[str]] = []
        seen: set[str] = set()
        stop = hi
        for i in range(with_at + 1, hi):
            if v.keys[i] in (_k("در"), _k("درباره"), _k("پیرامون"), _k("راجع"), _k("برای"), _k("طی")) and \
                    not any(v.words_of(m)[0] < i < v.words_of(m)[1] for m in v.mentions):
                stop = i
                break
        last_end, last_was_person = None, False
        for m in v.mentions:
            i, j = v.words_of(m)
            if i <= with_at or i >= stop or not self._actorlike(m):
                continue
            ids = [e for e in self._members(m) if e not in seen]
            separated = last_end is None or any(k in LIST for k in v.keys[last_end:i])
            is_person = m.type in ("PER", "ROLE") or self._entity_type(ids[0] if ids else "") == "PER"
            last_end = j
            if not ids:
                continue
            if not separated and last_was_person and not is_person:
                continue  # "ایگور ایوانف دبیر سابق امنیت ملی فدراسیون روسیه": the country qualifies the person
            last_was_person = is_person
            for e in ids:
                seen.add(e)
                items.append([e])
        # countries named beside people of that country add nothing
        people_countries = {self.entities[e[0]].country for e in items
                            if self._entity_type(e[0]) == "PER" and self.entities[e[0]].country}
        return [it for it in items if not (self._entity_type(it[0]) == "GPE" and
                                           self.entities[it[0]].country in people_countries)]

    # ------------------------------------------------------------------ arguments
    def _location(self, v: View, lo: int, hi: int, actors: list[str],
                  topics: list[tuple[int, int]] = ()) -> Mention | None:
        """The place of an event: a place after "در"/"به" in its sentence before the verb, not in a topic."""
        best = None
        for m in v.mentions:
            if not lo <= v.words_of(m)[0] < hi or any(a <= v.words_of(m)[0] < b for a, b in topics):
                continue
            ent = self.entities.get(m.entity or "")
            if ent is None or ent.type not in ("LOC", "GPE") or m.info.get("inside"):
                continue
            i, _ = v.words_of(m)
            if not (i > 0 and v.keys[i - 1] in (_k("در"), _k("به"))):
                continue
            if ent.type == "GPE" and ent.id in actors:
                continue
            if best is None or (ent.type == "LOC" and self.entities[best.entity].type != "LOC"):
                best = m
        return best

    def _context_location(self, v: View, near: str | None) -> str | None:
        """A place the article puts its actors in: the nearest before this sentence, else any; a city wins over its
        country (a meeting "در قطر" in an article that says "در دوحه" is in Doha)."""
        if near is not None and self._entity_type(near) == "GPE":
            iso = self.entities[near].country
            for _, eid in self.place_context:
                ent = self.entities[eid]
                if ent.type == "LOC" and ent.country == iso:
                    return eid
            return near
        if near is not None:
            return near
        before = [eid for s, eid in self.place_context if s <= v.index]
        after = [eid for s, eid in self.place_context if s > v.index]
        for pool in (reversed(before), after):
            for eid in pool:
                if self._entity_type(eid) == "LOC":
                    return eid
        return None

    def _occasion(self, v: View, lo: int, hi: int) -> tuple[int, int] | None:
        text = v.text
        for opener in ("در حاشیه", "برای شرکت در", "به منظور شرکت در", "در جریان", "در چارچوب"):
            key = fold_pattern(opener)
            idx = text.find(key)
            while idx != -1 and (idx > 0 and text[idx - 1] != " "):
                idx = text.find(key, idx + 1)
            if idx == -1:
                continue
            start = v.word_at(idx) + len(opener.split())
            end = start
            while end < len(v.keys) and v.keys[end] not in STOP_OCCASION and end - start < 14:
                if v.keys[end] == _k("در") and end > start:
                    nxt = [m for m in v.mentions if v.words_of(m)[0] == end + 1 and
                           self._entity_type(m.entity or "") in ("LOC", "GPE")]
                    if nxt:
                        break
                end += 1
            if end > start:
                return start, end
        return None

    def _topics(self, v: View, lo: int, hi: int) -> list[tuple[int, int]]:
        out = []
        for opener in TOPIC_OPENERS:
            key = fold_pattern(opener)
            for mt in re.finditer(r"(?<!\S)" + re.escape(key) + r"(?!\S)", v.text):
                start = v.word_at(mt.end() + 1) if mt.end() + 1 < len(v.text) else len(v.keys)
                if not lo <= start < hi + 1:
                    continue
                end = min(hi, start + 20)
                if end > start:
                    out.append((start, end))
        return out[:2]

    def _explicit_date(self, v: View) -> tuple[str | None, str | None, tuple[int, int] | None]:
        """A date written in the sentence: in full ("۱۸ اسفند ۱۴۰۳"), or day and Jalali month alone ("18 آذر"),
        the year then being the one that puts it on or just before the publication date."""
        from didban.read.dates import JALALI_MONTHS, find_dates

        if not v.tokens:
            return None, None, None
        base = v.tokens[0].start
        text = self.doc.text[base:v.tokens[-1].end]
        for start, end, found, _ in find_dates(text):
            if found is not None:
                return found.isoformat(), "text", self._word_span(v, base + start, base + end)
        if self.published is None:
            return None, None, None
        months = {_k(m): n + 1 for n, m in enumerate(JALALI_MONTHS)}
        for i in range(len(v.keys) - 1):
            day = v.tokens[i].norm.translate(PERSIAN_DIGITS)
            month = months.get(v.keys[i + 1])
            if month and day.isdigit() and 1 <= int(day) <= 31:
                import jdatetime

                year = jdatetime.date.fromgregorian(date=self.published).year
                for y in (year, year - 1):
                    try:
                        g = jdatetime.date(y, month, int(day)).togregorian()
                    except ValueError:
                        continue
                    if g <= self.published + timedelta(days=1):
                        return g.isoformat(), "text", (i, i + 2)
        return None, None, None

    def _word_span(self, v: View, start: int, end: int) -> tuple[int, int]:
        words = [n for n, t in enumerate(v.tokens) if t.start < end and t.end > start]
        return (words[0], words[-1] + 1) if words else (0, 1)

    def _date(self, v: View) -> tuple[str | None, str | None, tuple[int, int] | None]:
        explicit = self._explicit_date(v)
        if explicit[0]:
            return explicit
        if self.published is None:
            return None, None, None
        for i, k in enumerate(v.keys):
            if k in RELATIVE_DAYS:
                return (self.published + timedelta(days=RELATIVE_DAYS[k])).isoformat(), "relative", (i, i + 1)
            if k == _k("روز") and i + 1 < len(v.keys) and v.keys[i + 1] == _k("گذشته"):
                return (self.published - timedelta(days=1)).isoformat(), "relative", (i, i + 2)
            two = k + (v.keys[i + 1] if i + 1 < len(v.keys) else "")
            wd, width = (WEEKDAYS.get(two), 2) if two in WEEKDAYS and i + 1 < len(v.keys) else (WEEKDAYS.get(k), 1)
            if wd is None:
                continue
            if any(v.words_of(m)[0] <= i < v.words_of(m)[1] for m in v.mentions):
                continue  # "دوشنبه" the city
            prev = v.keys[i - 1] if i else ""
            if prev not in DAY_PARTS:
                continue
            back = (self.published.weekday() - wd) % 7
            return (self.published - timedelta(days=back)).isoformat(), "relative", (i - 1, i + width)
        return None, None, None

    # ------------------------------------------------------------------ main

    def run(self) -> list[Candidate]:
        out: list[Candidate] = []
        last_meeting: Candidate | None = None
        self.last_group = []
        for v in self.views:
            found = self._sentence(v, last_meeting)
            for c in found:
                if c.kind == "meeting":
                    last_meeting = c
                if len(c.actors) >= 2:
                    self.last_group = list(c.actors)
            out.extend(found)
        return out

    def _matches(self, v: View) -> list[tuple[Rule, int, int]]:
        hits = []
        for rule in self.rules:
            for mt in rule.regex.finditer(v.text):
                i, j = v.word_at(mt.start()), v.word_at(max(mt.start(), mt.end() - 1)) + 1
                hits.append((rule, i, j))
        return hits

    def _sentence(self, v: View, last_meeting: Candidate | None) -> list[Candidate]:
        hits = self._matches(v)
        question = bool(v.keys) and v.keys[-1] in ("؟", "?")  # a question reports nothing
        verb_hits = [h for h in hits if h[0].kind in ("meeting", "statement", "plain", "hosted", "held")
                     and not h[0].name.endswith("nominal")]
        self._verb_spans = verb_hits
        phone = any(r.kind == "phone" for r, _, _ in hits)
        future_words = [(i, j) for r, i, j in hits if r.kind == "future"]
        found: list[Candidate] = []
        taken: list[tuple[int, int]] = []
        # meetings first: their verb phrases contain words that statement rules would also see
        order = {"meeting": 0, "hosted": 0, "held": 0, "nominal": 1, "statement": 2, "plain": 3}
        hits = sorted((h for h in hits if h[0].kind in order), key=lambda h: (order[h[0].kind], h[1], -h[2]))
        for rule, i, j in hits:
            if any(a <= i < b or a < j <= b for a, b in taken):
                continue
            clause_from = max((b for _, a, b in verb_hits if b <= i), default=0)
            if any(clause_from <= fi <= j for fi, _ in future_words) or \
                    (rule.kind == "meeting" and v.keys[j - 1] in SUBJUNCTIVE):
                # announced or planned ("دیدار خواهد کرد"): not a meeting that happened; PLOVER codes the announced
                # meeting as AGREE (CAMEO 036, intent to meet). Other announced acts are left out.
                if rule.kind == "meeting":
                    for c in self._meeting(v, rule, i, j, phone) or []:
                        c.kind, c.cameo, c.mode, c.confidence = "statement", "036", None, 0.5
                        c.location = c.occasion = None
                        found.append(c)
                    taken.append((i, j))
                continue
            if i > 0 and v.keys[i - 1] in (_k("این"), _k("آن"), _k("همین")) and rule.kind != "statement":
                continue  # "در این دیدار": a reference back, not a new event
            cand = None
            if rule.kind in ("meeting", "hosted", "held"):
                cand = self._meeting(v, rule, i, j, phone)
            elif rule.kind == "nominal":
                if i == 0 and v.segment_kind in HEADLINE_KINDS | {"paragraph"} and len(v.keys) < 30:
                    cand = self._nominal(v, rule, i, j, phone)
            elif not question:
                before = [h for h in verb_hits if h[2] <= i]
                prev = max(before, key=lambda h: h[2]) if before else None
                # after a saying verb ("گفت روسیه آماده ... است") the words are the speaker's: no new subject
                clause_start = prev[2] if prev and prev[0].kind != "plain" else 0
                cand = self._statement(v, rule, i, j, clause_start)
            if cand:
                for c in (cand if isinstance(cand, list) else [cand]):
                    found.append(c)
                taken.append((i, j))
        # topics reported passively after a meeting ("در این دیدار ... مورد بحث قرار گرفت") belong to it
        if not found and last_meeting is not None and v.text.startswith(fold_pattern("در این دیدار")):
            start = 3
            last_meeting.topics.append((start, len(v.keys) - 1))
            last_meeting.extra_evidence.append(self.doc.span(v.tokens[0].start, v.tokens[-1].end, "topic"))
        return self._one_plain_per_speaker(found)

    @staticmethod
    def _one_plain_per_speaker(found: list[Candidate]) -> list[Candidate]:
        """Plain statement verbs ("تاکید کرد", "دانست") are kept only where they add something: not when the speaker
        has an event of a more specific verb in the same sentence, one per code, and a bare 01 only if nothing
        else was said."""
        def speaker(c):
            return tuple(sorted(c.actors))

        explicit = {speaker(c) for c in found if c.kind == "statement" and c.rule.kind != "plain"}
        # beside a more specific verb, a plain verb adds only an appeal or an intent to cooperate (its most reliable
        # cues: "بر ضرورت ..."، "آمادگی برای گسترش همکاری ..."), not a bare remark or a guessed criticism
        plains = [c for c in found if c.kind == "statement" and c.rule.kind == "plain" and
                  (speaker(c) not in explicit or c.cameo[:2] in ("02", "03"))]
        coded = {speaker(c) for c in plains if not c.cameo.startswith("01")}
        out, seen = [], set()
        for c in found:
            if c.kind == "statement" and c.rule.kind == "plain":
                key = (speaker(c), c.cameo[:2])
                if c not in plains or key in seen or (c.cameo.startswith("01") and speaker(c) in coded):
                    continue
                seen.add(key)
            out.append(c)
        return out

    # ------------------------------------------------------------------ meetings
    def _meeting(self, v: View, rule: Rule, i: int, j: int, phone: bool):
        actors, subj = self._subject(v, i)
        subj_end = max((v.words_of(m)[1] for m in subj), default=0)
        if rule.kind == "hosted":
            hosts = []
            for m in v.mentions:
                if i <= v.words_of(m)[0] < j and self._actorlike(m):
                    hosts.extend(e for e in self._members(m) if e not in hosts)
            others = [[h] for h in hosts if self._entity_type(h) == "PER"] or [[h] for h in hosts]
            cameo = "042"
        elif rule.kind == "held":
            people = []
            for m in v.mentions:
                if i <= v.words_of(m)[0] < j and self._actorlike(m) and m.type in ("PER", "ROLE"):
                    people.extend(e for e in self._members(m) if e not in people)
            if len(people) < 2:
                return None
            actors, others = people[:1], [people[1:]]
            cameo = rule.cameo
        elif rule.name == "in-meeting-with":
            # "X در دیدار با Y ضمن ...": Y is named after the trigger, up to the next clause
            end = next((k for k in range(j, len(v.keys)) if v.keys[k] in CLAUSE_BREAKS), len(v.keys))
            others = self._after_with(v, i, end)
            cameo = rule.cameo
        else:
            others = self._after_with(v, subj_end, i) or self._after_with(v, i, j) or self._inside(v, i, j)
            cameo = rule.cameo
        if not actors:
            return None
        if not others:
            # "X و Y دیدار کردند": the subject's members meet each other
            people = [a for a in actors if self._entity_type(a) == "PER"] or actors
            if len(people) < 2:
                return None
            base, others = people[:1], [people[1:]]
            actors = base
        out = []
        stand_ins = {v for k, v in self._stand_ins.items() if k != v}
        if not any(self._entity_type(a) == "PER" or a in stand_ins for a in actors):
            return None  # "تیم ملی ایران در دیدار با ...": a meeting has people on both sides (a match does not)
        actor_countries = {self.entities[a].country for a in actors if a in self.entities}
        for other in others:
            parts = [a for a in actors]
            rec = [o for o in other if o not in parts]
            if not rec or not any(self._entity_type(o) in ("PER", "ORG", "GPE") for o in rec):
                continue
            if all(self._entity_type(o) == "GPE" and self.entities[o].country in actor_countries for o in rec):
                continue  # an official received by their own country's ambassador: not an international meeting
            c = Candidate(rule, v, (i, j), "meeting", cameo, parts, rec)
            self._meeting_args(c, v, i, j, phone)
            out.append(c)
        return out

    def _meeting_args(self, c: Candidate, v: View, i: int, j: int, phone: bool) -> None:
        c.topics = self._topics(v, 0, j)
        loc_m = self._location(v, 0, j, c.actors + c.recipients, c.topics)
        loc = self._context_location(v, loc_m.entity if loc_m else None) if not phone else None
        c.location = loc
        c.occasion = self._occasion(v, 0, len(v.keys))
        c.date, c.date_reason, c.date_words = self._date(v)
        parts = c.actors + c.recipients
        countries = {self.entities[p].country for p in parts if p in self.entities}
        loc_country = self.entities[loc].country if loc and loc in self.entities else None
        if phone:
            c.cameo = "041"
        elif c.cameo == "046" or c.rule.kind == "held":
            pass
        elif (c.occasion is not None and _k("حاشیه") in v.keys) or (loc_country and loc_country not in countries):
            c.cameo = "044"
        elif c.cameo == "042" or (loc_country and loc_country in countries and len(countries) > 1):
            # a visit: the visitor acts, the host receives
            visitors = [p for p in parts if self.entities[p].country != loc_country] if loc_country else c.actors
            hosts = [p for p in parts if p not in visitors]
            if visitors and hosts:
                c.actors, c.recipients = visitors, hosts
            c.cameo = "042"
        if len(parts) > 2:
            c.mode = "multilateral"
        known = sum(1 for p in parts if self.entities.get(p) and self.entities[p].kb_id)
        c.confidence = 0.6 + 0.35 * known / max(1, len(parts))
        if any(self._unnamed_office(p) for p in parts):
            c.confidence = 0.4  # "نایب رئیس مجلس ارمنستان": someone we cannot name

    def _nominal(self, v: View, rule: Rule, i: int, j: int, phone: bool):
        """A headline naming a meeting: "دیدار X با Y ..." or "رایزنی تلفنی وزرای خارجه X و Y"."""
        with_at = next((k for k in range(j, len(v.keys)) if v.keys[k] == _k("با")), None)
        stop = with_at if with_at is not None else len(v.keys)
        actors = []
        for m in v.mentions:
            if j <= v.words_of(m)[0] < stop and self._actorlike(m):
                actors.extend(e for e in self._members(m) if e not in actors)
            if v.words_of(m)[0] >= stop:
                break
        if not actors:
            # "دیدار وزیر امور خارجه با ...": an office without a country is the home country's
            return None
        if with_at is None:
            people = [a for a in actors if self._entity_type(a) == "PER"]
            if len(people) < 2:
                return None
            return self._meeting_from(v, rule, i, j, phone, people[:1], [people[1:]])
        others = self._after_with(v, with_at, len(v.keys))
        return self._meeting_from(v, rule, i, j, phone, actors[:1], others)

    def _meeting_from(self, v, rule, i, j, phone, actors, others):
        out = []
        for other in others:
            rec = [o for o in other if o not in actors]
            if rec:
                c = Candidate(rule, v, (i, j), "meeting", "040", list(actors), rec)
                self._meeting_args(c, v, i, j, phone or rule.name.endswith("phone"))
                c.confidence -= 0.1  # a headline is a summary: the body usually says more
                out.append(c)
        return out

    # ------------------------------------------------------------------ statements
    def _clause_subject(self, v: View, i: int, clause_start: int):
        """A coordinated clause with its own subject right at its start ("... و ایران و عربستان هم ... تأکید کردند").
        A complement clause ("تصریح کرد که ایران ...", "گفت: ...") reports the speaker's words: no new subject."""
        k = clause_start
        if k < len(v.keys) and v.keys[k] in (_k("که"), ":"):
            return [], []
        while k < len(v.keys) and v.keys[k] in LIST:
            k += 1
        actors, subj = self._subject(v, i, clause_start)
        if subj and v.words_of(subj[0])[0] == k:
            return actors, subj
        return [], []

    def _statement(self, v: View, rule: Rule, i: int, j: int, clause_start: int = 0) -> Candidate | None:
        actors, subj = self._clause_subject(v, i, clause_start) if clause_start else ([], [])
        if not actors:  # no subject of its own in this clause: the sentence's
            actors, subj = self._subject(v, i)
        if not actors:
            return None
        if rule.name == "summoned":
            # "سفیر انگلیس احضار شد": the subject was summoned, by the outlet's country
            home = self.home_entity()
            if home is None:
                return None
            c = Candidate(rule, v, (i, j), "statement", rule.cameo, [home], actors)
            c.date, c.date_reason, c.date_words = self._date(v)
            return c
        subj_end = max((v.words_of(m)[1] for m in subj), default=0)
        cameo = rule.cameo
        if rule.kind == "plain":
            cameo = self._upgrade(v, subj_end, i, j) or cameo
            if cameo.startswith("01") and not all(self._political(a) for a in actors):
                return None  # "سرمربی تیم ملی گفت ...": a plain remark is political news only from political actors
        recipients = []
        actor_countries = {self.entities[a].country for a in actors if a in self.entities}
        # "با قدردانی از X": a noun trigger names its object after itself, up to the clause's verb
        lo, hi = (i, next((b for _, a, b in self._verb_spans if a >= j), len(v.keys))) \
            if rule.name.endswith("nominal") else (subj_end, j)
        for m in v.mentions:
            a, b = v.words_of(m)
            if not (lo <= a < hi) or not self._actorlike(m) or m in subj or m.type == "PRON":
                continue
            for e in self._members(m):
                ent = self.entities.get(e)
                if e in actors or e in recipients or ent is None:
                    continue
                if ent.type == "GPE" and ent.country in actor_countries:
                    continue
                recipients.append(e)
        c = Candidate(rule, v, (i, j), "statement", cameo, actors, recipients[:3])
        c.date, c.date_reason, c.date_words = self._date(v)
        c.confidence = 0.5 if cameo.startswith("01") else 0.7
        return c

    def _upgrade(self, v: View, lo: int, i: int, j: int) -> str | None:
        """Code a plain statement by what its clause says: an appeal, criticism, rejection, intent to cooperate."""
        clause = " ".join(v.keys[lo:i])
        after = " ".join(v.keys[j:])
        if after.startswith(":") or after.startswith(fold_pattern("که")):
            clause = clause + " " + after
        for cameo, _, regex in self.cues:
            if regex.search(clause):
                return cameo
        return None


MAX_VIEW_WORDS = 120


def _windows(keys: list[str]) -> list[tuple[int, int]]:
    """Cut an overlong "sentence" (a scraped page without punctuation) into clauses of at most MAX_VIEW_WORDS words,
    at a comma or "و" where possible, so that the work per sentence stays bounded and a batch never stalls."""
    out, a, n = [], 0, len(keys)
    while n - a > MAX_VIEW_WORDS:
        cut = a + MAX_VIEW_WORDS
        for k in range(a + MAX_VIEW_WORDS, a + MAX_VIEW_WORDS // 2, -1):
            if keys[k - 1] in ("،", ",", "؛", ";", ":") or keys[k] == "و":
                cut = k
                break
        out.append((a, cut))
        a = cut
    out.append((a, n))
    return out


def _parse_iso(value: str | None) -> Date | None:
    try:
        return Date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


# ---------------------------------------------------------------------- merge and build


def _compatible(a: str, b: str, ents) -> bool:
    """Two participants are the same party: the same entity, or a country and a person of that country."""
    if a == b:
        return True
    ea, eb = ents.get(a), ents.get(b)
    if ea is None or eb is None:
        return False
    if ea.type == "GPE" and eb.type == "PER":
        return ea.country is not None and ea.country == eb.country
    if eb.type == "GPE" and ea.type == "PER":
        return eb.country is not None and eb.country == ea.country
    return False


def _same_parties(x: list[str], y: list[str], ents) -> bool:
    if len(x) != len(y):
        return False
    remaining = list(y)
    for a in x:
        hit = next((b for b in remaining if _compatible(a, b, ents)), None)
        if hit is None:
            return False
        remaining.remove(hit)
    return True


def _specificity(c: Candidate, ents) -> int:
    return sum(1 for p in c.actors + c.recipients if ents.get(p) and ents[p].type == "PER")


def _bucket(c: Candidate, ents) -> tuple:
    """Reports that could be the same event share a bucket: the kind and, for meetings, the participants' countries
    (a country and a person of it are the same party), for statements the code root and the speakers. Comparing
    only within a bucket keeps the merge linear in the number of reports."""
    if c.kind == "meeting":
        parts = c.actors + c.recipients
        return ("meeting", len(parts), tuple(sorted((ents[p].country or p) if p in ents else p for p in parts)))
    return ("statement", c.cameo[:2], tuple(sorted(c.actors)))


def merge_candidates(cands: list[Candidate], ents) -> list[list[Candidate]]:
    """Group reports of the same event: meetings with the same parties anywhere in the article; statements with the
    same code root and speakers when one of them is a headline, lead, subheading or caption, or in the same sentence."""
    groups: list[list[Candidate]] = []
    buckets: dict[tuple, list[list[Candidate]]] = {}
    for c in cands:
        home = None
        for g in buckets.get(_bucket(c, ents), []):
            h = g[0]
            if c.kind == "meeting":
                if _same_parties(h.actors + h.recipients, c.actors + c.recipients, ents):
                    home = g
                    break
            elif h.kind == "statement":
                body = any(x.view.segment_kind not in HEADLINE_KINDS for x in g)
                same_sentence = any(x.view.index == c.view.index for x in g)
                if same_sentence or c.view.segment_kind in HEADLINE_KINDS or not body:
                    home = g
                    break
        if home is None:
            home = [c]
            groups.append(home)
            buckets.setdefault(_bucket(c, ents), []).append(home)
        else:
            home.append(c)
    return groups


def build_event(doc: Document, group: list[Candidate], ents, stand_ins: dict[str, str] | None = None) -> Event:
    lead = max(group, key=lambda c: (_specificity(c, ents), c.view.segment_kind not in HEADLINE_KINDS,
                                     c.confidence))
    cameo = lead.cameo
    if lead.kind == "meeting":
        specific = [c.cameo for c in group if c.cameo not in ("040",)]
        cameo = specific[0] if specific else cameo
    code = coding(cameo)
    evidence: list[Span] = []
    seen: set[tuple] = set()

    def add(span: Span):
        key = (span.start, span.end, span.label)
        if key not in seen:
            seen.add(key)
            evidence.append(span)

    location = next((c.location for c in sorted(group, key=lambda c: c is not lead) if c.location), None)
    occasion = next(((c, c.occasion) for c in group if c.occasion), None)
    date = next(((c.date, c.date_reason) for c in group if c.date), None)
    topics = []
    for c in group:
        v = c.view
        i, j = c.trigger
        add(doc.span(v.tokens[0].start, v.tokens[-1].end, "sentence"))
        add(doc.span(v.tokens[i].start, v.tokens[j - 1].end, "trigger"))
        for m in v.mentions:
            if m.info.get("inside"):
                continue
            ids = {(stand_ins or {}).get(e, e) for e in (m.info.get("members") or [m.entity])}
            if ids & set(lead.actors):
                add(doc.span(m.start, m.end, "actor"))
            elif ids & set(lead.recipients):
                add(doc.span(m.start, m.end, "recipient"))
            elif location and m.entity == location:
                add(doc.span(m.start, m.end, "location"))
        for a, b in c.topics:
            if a < b <= len(v.tokens):
                span = doc.span(v.tokens[a].start, v.tokens[b - 1].end, "topic")
                topics.append(span)
        if c.date_words:
            a, b = c.date_words
            add(doc.span(v.tokens[a].start, v.tokens[b - 1].end, "date"))
        for s in c.extra_evidence:
            add(s)
    occ_span = None
    if occasion:
        c, (a, b) = occasion
        occ_span = doc.span(c.view.tokens[a].start, c.view.tokens[b - 1].end, "occasion")
        add(occ_span)
    if date is None and doc.published:
        date = (doc.published, "published")
    confidence = min(0.99, max(c.confidence for c in group) + 0.05 * (len(group) - 1))
    key = f"{doc.id}|{cameo}|{'+'.join(sorted(lead.actors))}|{'+'.join(sorted(lead.recipients))}|{evidence[0].start}"
    return Event(
        id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16], cameo=cameo, plover=code.plover,
        mode=lead.mode or code.mode, quad_class=code.quad_class, intensity=code.intensity,
        actors=list(lead.actors), recipients=list(lead.recipients), location=location, occasion=occ_span,
        date=date[0] if date else None, date_reason=date[1] if date else None, topics=topics[:3],
        confidence=confidence, evidence=evidence, sentences=sorted({c.view.index for c in group}),
    )


def extract_events(doc: Document, home: str = "IRN", min_confidence: float = 0.0) -> list[Event]:
    if not doc.entities:
        return []
    ex = Extractor(doc, home)
    cands = ex.run()
    groups = merge_candidates(cands, ex.entities)
    events = [e for e in (build_event(doc, g, ex.entities, ex._stand_ins) for g in groups) if e.confidence >= min_confidence]
    events.sort(key=lambda e: e.evidence[0].start if e.evidence else 0)
    # an article without a date: what is said after a dated meeting was said at it
    last_dated = None
    for ev in events:
        if ev.date and ev.cameo.startswith("04"):
            last_dated = ev.date
        elif ev.date is None and last_dated:
            ev.date, ev.date_reason = last_dated, "context"
    return events
