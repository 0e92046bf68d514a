"""Argument frames: given a codebook entry matched in a clause, who acts and who receives.

Each frame is a small function registered under the name the codebook uses (`FRAMES` in codebook.py says what each
means). It gets the `Hit` (the entry, the view, the trigger's words, its clause, the verb's form) and the document's
`Context`, and returns candidates: one per event the words report ("با A، B و C دیدار کرد" is three meetings).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from didban.document import Span
from didban.events.arguments import Context
from didban.events.codebook import Entry
from didban.events.views import Clause, View, key_of, keys_of
from didban.text.verbs import VerbForm

RECIPROCAL = keys_of(("یکدیگر", "همدیگر"))
DELEGATES = keys_of(("نمایندگان", "نماینده", "هیئت‌های", "هیات‌های", "هیئتهای", "هیاتهای", "هیئت", "هیات", "وزرای",
                     "وزیران", "مقامات", "مقام‌های", "مقامهای", "سران", "رهبران"))
# words that may stand before a coordinated clause's subject: "… و سپس ایران …"، "… و همچنین عراق …"
# "به همراه" / "همراه با": the people after it go with the subject
ACCOMPANIED_BY = frozenset(((key_of("به"), key_of("همراه")), (key_of("همراه"), key_of("با"))))
MEETING_NOUNS = keys_of(("دیدار", "ملاقات", "گفتگو", "گفت‌وگو", "نشست", "تماس", "مذاکره", "رایزنی"))
ATTENDANCE = keys_of(("حضور", "شرکت", "مشارکت", "اشتراک"))
SESSION_NOUNS = keys_of(("نشست", "اجلاس", "جلسه", "اجلاسیه", "کنفرانس", "همایش"))
SESSION_INDEFINITE = keys_of(("نشستی", "جلسه‌ای", "اجلاسی", "نشست‌هایی", "سه‌جانبه‌ای", "چهارجانبه‌ای", "مشترکی"))
NEGOTIATION_NOUNS = keys_of(("مذاکرات", "گفتگوهای", "گفت‌وگوهای"))
MANY_SIDED = keys_of(("سه‌جانبه", "چهارجانبه", "دوجانبه", "چندجانبه", "مشترک"))
# a session said to be held: "برگزار شد"، "تشکیل شد"، "آغاز شد"، "پایان یافت"
HELD = keys_of(("برگزار", "تشکیل", "آغاز", "پایان", "دایر"))
# words before what a session is about: "در امور افغانستان"، "درباره سوریه"
TOPIC_WORDS = keys_of(("امور", "درباره", "پیرامون", "خصوص", "باره", "موضوع", "مسئله", "مساله", "بحران", "تحولات"))
# a body's people, met as the body: "در دیدار فرماندهان سپاه"، "در دیدار اعضای کمیسیون …"
GROUP_WORDS = keys_of(("اعضای", "اعضا", "فرماندهان", "مسئولان", "مسئولین", "مقامات", "مقام‌های", "نمایندگان",
                       "مدیران", "کارکنان", "رؤسای", "روسای", "سران", "رهبران", "هیئت", "هیات", "هیئتی", "هیاتی"))
# the kind of a delegation, between "هیئت" and whose it is: "هیئت پارلمانی ایران"، "هیئت عالی‌رتبه طالبان"
DELEGATION_KINDS = keys_of(("پارلمانی", "نظامی", "اقتصادی", "تجاری", "سیاسی", "دیپلماتیک", "امنیتی", "عالی‌رتبه",
                            "بلندپایه", "رسمی", "فنی", "مذاکره‌کننده", "مذاکراتی", "ویژه", "کشورهای", "کشور",
                            "دولت", "دولت‌های"))
CLAUSE_LEAD = keys_of(("سپس", "همچنین", "نیز", "بعد", "آنگاه", "در", "پایان", "ادامه", "ضمن", "اما", "ولی", "لیکن",
                         "ولیکن", "بلکه")) | {"،", ",", "«", "»"}
WITH, RA, IN, ALONG, TO, HOSTING = (key_of(w) for w in ("با", "را", "در", "همراه", "به", "میزبانی"))
# what one welcomes that is not a visitor: "از دعوت X … استقبال کرد"، "از پیشنهاد X استقبال کرد"
WELCOMED_THINGS = keys_of(("دعوت", "دعوت‌نامه", "پیشنهاد", "پیشنهادهای", "تصمیم", "اقدام", "اقدامات", "طرح", "ابتکار",
                           "موضع", "مواضع", "سخنان", "اظهارات", "بیانیه", "حمایت", "حمایت‌های", "تلاش", "تلاش‌های",
                           "سفر", "توافق", "نتایج", "آمادگی"))


@dataclass
class Hit:
    entry: Entry
    view: View
    start: int  # the trigger's words [start, end) in the view
    end: int
    clause: int  # index into view.clauses
    verb: VerbForm | None  # the form of the entry's verb (or of the clause's verb when the entry has none)

    @property
    def clause_obj(self) -> Clause:
        return self.view.clauses[self.clause]


@dataclass
class Candidate:
    entry: Entry
    view: View
    trigger: tuple[int, int]  # word span
    kind: str  # meeting | statement
    cameo: str
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    location: str | None = None
    occasion: tuple[int, int] | None = None
    topics: list[tuple[int, int]] = field(default_factory=list)
    date: str | None = None
    date_reason: str | None = None
    date_words: tuple[int, int] | None = None
    mode: str | None = None
    confidence: float = 0.7
    extra_evidence: list[Span] = field(default_factory=list)
    reported: bool = False  # told by someone else ("… اعلام کرد که X با Y دیدار کرد")
    implied: bool = False  # a meeting implied by a joint act ("X و Y … را امضا کردند")


Frame = Callable[[Context, Hit, "Speakers"], list[Candidate]]
REGISTRY: dict[str, Frame] = {}


def frame(name: str):
    def register(fn: Frame) -> Frame:
        REGISTRY[name] = fn
        return fn
    return register


class _LazyList:
    """A list whose items are computed when first read (most clauses' subjects are never needed)."""

    def __init__(self, compute, length: int):
        self._compute, self._items, self._length = compute, {}, length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, n: int):
        if n not in self._items:
            self._items[n] = self._compute(n)
        return self._items[n]

    def forget(self) -> None:
        """Compute every item again when next read (what they depend on has changed)."""
        self._items.clear()


THIS = key_of("این")
BACK_WORDS = keys_of(("این", "همین"))
STATEMENT_OPENERS = keys_of(("در", "طبق", "براساس", "بنابر"))
STATEMENT_NOUNS = keys_of(("بیانیه", "بیانیه‌ای", "اطلاعیه", "پیام", "نامه", "قطعنامه", "بیانیه‌ی"))
THAT = key_of("که")
QUOTING = [key_of("به"), key_of("نقل"), key_of("از")]
# what may stand between a headline's speaker and its colon: a phrase of the occasion ("در دیدار با …"، "پس از …")
KICKER_PHRASES = keys_of(("در", "پس", "پیش", "خطاب", "ضمن", "طی", "با"))
CLAIM_WORDS = keys_of(("ادعا", "مدعی", "شایعه", "شایعات", "ادعاهایی", "ادعای"))


def quoted_before(view: View, lo: int, hi: int) -> int | None:
    """"«…»؛ این را X گفت": words quoted first and taken up by "این را" are what was said; the clause's own words
    start after "را". Returns that start, or None."""
    for k in range(lo, hi - 1):
        if view.keys[k] == THIS and view.keys[k + 1] == RA and k > lo:
            # "«…»، X این را گفت": the speaker named between the quote and "این را"
            close = max((j for j in range(lo, k) if view.keys[j] == "»"), default=None)
            if close is not None and any(view.keys[j] not in ("،", ",", "؛") for j in range(close + 1, k)):
                return close + 1
            return k + 2
    return None


def _after_opening_quote(view: View, lo: int, hi: int) -> int | None:
    """"«آمریکا باید …»، او افزود": words quoted first, closed and followed by a comma, are what was said; the clause's
    own words (its subject) start after the comma. Returns that start, or None."""
    if lo >= hi or view.keys[lo] != "«":
        return None
    close = next((k for k in range(lo + 1, hi) if view.keys[k] == "»"), None)
    if close is None or close + 1 >= hi or view.keys[close + 1] not in ("،", ","):
        return None
    if any(view.words_of(m) == (lo + 1, close) for m in view.mentions):
        return None  # "«بدر عبدالعاطی»، وزیر خارجه مصر، گفت": a name in quotation marks of its own
    return close + 2


class Speakers:
    """Who the subject of each clause of a view is, with pro-drop resolved: a coordinated clause shares the previous
    one's subject, the words of a saying verb are the speaker's, a clause after a relative clause continues the clause
    it interrupted. Computed once per view."""

    def __init__(self, ctx: Context, view: View):
        self.ctx = ctx
        self.view = view
        self.own = _LazyList(lambda n: self._own_subject(view.clauses[n]), len(view.clauses))
        self._effective: dict[int, tuple[list[str], list]] = {}
        # clause -> a speaker named outside its subject ("در بیانیه X آمده است: …", "به گفته X، …")
        self.sources: dict[int, tuple[list[str], list]] = {}
        # where the words after a source's phrase opening the sentence start ("به گفته X، Y …": Y is the subject)
        self.source_end: int | None = None

    def add_source(self, n: int, actors: list[str], end: int | None = None) -> None:
        if end is not None:
            self.source_end = end
            self.own.forget()  # the clauses' own subjects are looked for after the source's phrase
            self._effective.clear()
        if actors and not self.own[n][0]:
            self.sources[n] = (list(actors), [])
            self._effective.clear()

    def _own_subject(self, c: Clause, upto: int | None = None) -> tuple[list[str], list]:
        """A clause's own subject. A coordinated clause, or one resuming after a relative clause, has one only at its
        start ("… و ایران و عراق بر … تأکید کردند"); elsewhere in it, a name is an object or a possessor
        ("… و بر تقویت دولت عراق تأکید کرد")."""
        hi = upto if upto is not None else (c.verb.start if c.verb else c.end)
        lo = quoted_before(self.view, c.start, hi) or _after_opening_quote(self.view, c.start, hi) or c.start
        if self.source_end is not None and lo < self.source_end < hi:
            lo = self.source_end
        actors, mentions = self.ctx.subject(self.view, lo, hi)
        if actors and c.attach in ("and", "resume"):
            first = self.view.words_of(mentions[0])[0]
            lead = [k for k in self.view.keys[c.start:first] if k not in CLAUSE_LEAD]
            if lead:
                return [], []
        return actors, mentions

    def effective(self, n: int, depth: int = 0) -> tuple[list[str], list]:
        if n in self._effective:
            return self._effective[n]
        actors, mentions = self.own[n]
        if not actors and n in self.sources:
            actors, mentions = self.sources[n]
        if not actors and depth < 8:
            actors, mentions = self.inherited(n, depth)
        self._effective[n] = (actors, mentions)
        return actors, mentions

    def inherited(self, n: int, depth: int = 0) -> tuple[list[str], list]:
        """The subject a clause without its own takes from the clause it is attached to."""
        c = self.view.clauses[n]
        link = c.parent if c.attach in ("and", "said") else c.resumes if c.attach == "resume" else None
        return self.effective(link, depth + 1) if link is not None else ([], [])

    def _head_of_relative(self, c) -> tuple[list[str], list]:
        """"عراقچی که با لاوروف دیدار کرد، …": a relative clause without a subject of its own, its verb in the
        third person, is about the person or body right before "که" (an object relative has its own subject)."""
        view = self.view
        verb = c.verb.form if c.verb is not None else None
        if verb is None or verb.person != 3:
            return [], []
        that = c.start - 1
        head = [m for m in view.mentions if view.words_of(m)[1] == that and self.ctx.actorlike(m) and
                not self.ctx.governed(view, m)]
        return ([e for m in head[:1] for e in self.ctx.members(m)], head[:1]) if head else ([], [])

    def speaker(self, n: int) -> tuple[list[str], list]:
        """For the words of a saying verb: the speaker (the saying clause's subject, or the one it quotes: "رویترز به
        نقل از X گزارش داد که …" is X's word)."""
        c = self.view.clauses[n]
        if c.attach == "said" and c.parent is not None:
            parent = self.view.clauses[c.parent]
            quoted = self._quoted_source(parent)
            if quoted is not None:
                return quoted
            wished = parent.verb is not None and parent.verb.form is not None and parent.verb.form.subjunctive
            if wished and parent.attach == "said" and parent.parent is not None:
                # "X گفت: آمریکا باید بداند ایران تسلیم نمی‌شود": what the US should know is X's word, not the US's
                return self.speaker(c.parent)
            return self.effective(c.parent)
        if c.attach == "and" and c.parent is not None and self.view.clauses[c.parent].attach == "said":
            return self.speaker(c.parent)
        return [], []

    def _quoted_source(self, c: Clause) -> tuple[list[str], list] | None:
        """"به نقل از X" before the clause's verb: X, when an actor that is not the press."""
        view, ctx = self.view, self.ctx
        hi = c.verb.start if c.verb else c.end
        for k in range(c.start, hi - 3):
            if view.keys[k:k + 3] != QUOTING:
                continue
            m = next((x for x in view.mentions if view.words_of(x)[0] == k + 3 and ctx.actorlike(x)), None)
            if m is not None and ctx.members(m) and not any(ctx.media(e) for e in ctx.members(m)):
                return list(ctx.members(m)), [m]
        return None

    def _claimed(self, n: int) -> bool:
        """Whether the clause is the words of a claim or a rumour ("ادعا کرد که …"، "مدعی شد"، "شایعه شده بود")."""
        view = self.view
        c = view.clauses[n]
        if c.attach != "said" or c.parent is None:
            return False  # (a clause coordinated after it, "… اما کرملین آن را تکذیب کرد", has its own say)
        parent = view.clauses[c.parent]
        return any(k in CLAIM_WORDS for k in view.keys[parent.start:parent.end])

    def press_only(self, actors: list[str]) -> bool:
        return bool(actors) and all(self.ctx.media(e) for e in actors)

    def person_speaker(self, n: int) -> tuple[list[str], list] | None:
        """The nearest speaker up the chain of reported words who is a person (or an office-holder)."""
        seen = set()
        while n not in seen:
            seen.add(n)
            actors, mentions = self.speaker(n)
            if not actors:
                return None
            if any(self.ctx.type_of(a) == "PER" or self.ctx.unnamed_office(a) for a in actors):
                return actors, mentions
            c = self.view.clauses[n]
            while c.attach == "and" and c.parent is not None:
                n = c.parent
                c = self.view.clauses[n]
            if c.attach != "said" or c.parent is None:
                return None
            n = c.parent
        return None

    def in_reported_words(self, n: int) -> bool:
        """Whether the clause is part of what someone said (whether or not we know who)."""
        seen = set()
        while n is not None and n not in seen:
            seen.add(n)
            c = self.view.clauses[n]
            if c.attach == "said":
                return True
            n = c.parent if c.attach == "and" else c.resumes if c.attach == "resume" else None
        return False

    def actors_of(self, hit: Hit) -> tuple[list[str], list, bool]:
        """(actors, subject mentions, reported) for a hit: the clause's own subject before the trigger, else the
        shared subject; in reported words, the speaker — unless the words report someone else's act (a person
        other than the speaker, as the subject of a verb in the past: "کرملین اعلام کرد: رحمان استقبال کرد")."""
        view, c = self.view, hit.clause_obj
        own, mentions = self._own_subject(c, hit.start)
        speaker, speaker_mentions = self.speaker(hit.clause)
        first_person = hit.verb is not None and hit.verb.person == 1
        if own and not first_person and not set(own) & set(speaker) and self._claimed(hit.clause):
            # "رسانه‌ها مدعی شدند که ایران از حماس خواسته است …"، "شایعه شده بود که پوتین … استقبال کرده است":
            # another's act that is only claimed or rumoured is no event
            return [], [], True
        if self.press_only(speaker):
            # "الجزیره نوشت که ایران خواهان …": the press tells; what it tells is no act of its own
            return (own, mentions, True) if own else ([], [], True)
        if speaker:
            if own and not first_person and self._reports_another(own, speaker, hit):
                return own, mentions, True
            if not own and not first_person and c.attach == "and" and c.parent is not None:
                # "… گفت: مقامات آمریکایی ایران را تهدید کردند و اکنون هر روز تهدید می‌کنند": the second verb is
                # still theirs
                theirs, their_mentions = self.own[c.parent]
                parent_verb = self.view.clauses[c.parent].verb
                told = parent_verb is not None and parent_verb.form is not None and \
                    parent_verb.form.tense in ("past", "perfect", "pluperfect")
                if theirs and told and self._someone_else(theirs, speaker):
                    return theirs, their_mentions, True
            if own and not first_person and self._claimed_deed_of_another(own, speaker, hit):
                # "قالیباف گفت: رژیم صهیونیستی هر روز جنایت مرتکب می‌شود": what another country does, in the
                # present of someone's words, is the speaker's charge, not a deed of a day
                return [], [], True
            if not own and not first_person and self._others_in_ones_words(hit, speaker_mentions):
                # "مشاور … افزود: این گروه … را رد کردند": a plural verb, in one person's words, with no subject
                # named: others did it
                return [], [], True
            if not own and not first_person and self._deed_of_someone_unnamed(hit):
                # "عراقچی گفت: سران گروهک‌ها تسلیم شده‌اند": a deed told in the past, by a subject no one can name
                return [], [], True
            if first_person:
                # "وی گفت: نیروهای مسلح … اعلام می‌کند … و هشدار می‌دهیم": "we" is said by the person quoted
                speaker, speaker_mentions = self.person_speaker(hit.clause) or (speaker, speaker_mentions)
            return speaker, speaker_mentions, False
        if own:
            return own, mentions, False
        actors, mentions = self.inherited(hit.clause)
        if not actors and c.attach == "relative" and hit.entry.frame in ("meeting", "meeting-with", "attend"):
            # a meeting told in a relative clause is its head's (what else such a clause says is left to the
            # clause it describes: "رئیس‌جمهوری چچن که هدف تهاجم … قرار گرفته است، گفت")
            actors, mentions = self._head_of_relative(c)
        if not actors and self._continues_last_subject(hit):
            # "عراقچی با البوسعیدی دیدار کرد. در این دیدار، از تلاش‌های عمان قدردانی کرد.": the subject dropped
            # is the one of the sentence before
            return list(self.ctx.last_subject[1]), [], False
        return actors, mentions, False

    def _continues_last_subject(self, hit: Hit) -> bool:
        """A verb in the third person singular with no subject in its sentence, not in anyone's words, right after
        a sentence whose main clause had one (not for meetings: their partners are told anew)."""
        verb, last = hit.verb, self.ctx.last_subject
        if verb is None or verb.person != 3 or verb.plural or hit.entry.cameo[:2] == "04" or last is None or \
                last[0] != self.view.index - 1 or not last[1] or self.in_reported_words(hit.clause):
            return False
        n = hit.clause
        while self.view.clauses[n].attach == "and" and self.view.clauses[n].parent is not None:
            n = self.view.clauses[n].parent
        keys = self.view.keys
        # only after a reference back to what the sentence before told ("در این دیدار،"، "در همین نشست")
        return self.view.clauses[n].attach == "start" and len(keys) > 2 and keys[0] == IN and keys[1] in BACK_WORDS

    @staticmethod
    def _deed_of_someone_unnamed(hit: Hit) -> bool:
        """A material deed (aid, force, surrender, ...) in the third person of the past, in someone's words, with
        no subject this article names: the speaker tells what others did; it is not the speaker's deed."""
        verb = hit.verb
        return hit.entry.cameo[:2] in MATERIAL_ROOTS and verb is not None and verb.person == 3 and \
            verb.tense in ("past", "perfect", "pluperfect", "participle")

    def _others_in_ones_words(self, hit: Hit, speaker_mentions: list) -> bool:
        """A verb in the third person plural, not a wish, in the words of one person (a name or an office)."""
        verb = hit.verb
        if verb is None or verb.person != 3 or not verb.plural or verb.subjunctive or len(speaker_mentions) != 1 or \
                hit.entry.cameo[:2] == "04":
            return False
        m = speaker_mentions[0]
        return not m.plural and not m.members and \
            (m.type in ("PER", "ROLE") or self.ctx.type_of(m.entity or "") == "PER")

    def _claimed_deed_of_another(self, own: list[str], speaker: list[str], hit: Hit) -> bool:
        """A material deed in the present, in someone's words, by a country (or body) not the speaker's."""
        verb = hit.verb
        if hit.entry.cameo[:2] not in MATERIAL_ROOTS or verb is None or verb.tense != "present" or \
                set(own) & set(speaker):
            return False
        ctx = self.ctx
        speaker_countries = {ctx.country_of(e) for e in speaker}
        return all(ctx.type_of(e) != "PER" and not ctx.unnamed_office(e) and ctx.country_of(e) not in speaker_countries
                   for e in own)

    def _someone_else(self, own: list[str], speaker: list[str]) -> bool:
        """Whether a subject in the speaker's words is another person, or a country not the speaker's."""
        ctx = self.ctx
        if set(own) & set(speaker):
            return False
        speaker_countries = {ctx.country_of(e) for e in speaker}
        return any(ctx.type_of(e) == "PER" or ctx.unnamed_office(e) or ctx.country_of(e) not in speaker_countries
                   for e in own)

    def _reports_another(self, own: list[str], speaker: list[str], hit: Hit) -> bool:
        ctx = self.ctx
        if set(own) & set(speaker):
            return False
        people = [e for e in own if ctx.type_of(e) == "PER" or ctx.unnamed_office(e)]
        verb = hit.verb
        past = verb is None or verb.tense in ("past", "perfect", "pluperfect", "participle")
        if not people:
            # "… گفت: ایران آماده است": the speaker's own country in their words is the speaker's claim; but a deed
            # told in the past is its doer's ("عراقچی گفت: اسرائیل به سوریه حمله کرد" is Israel's attack), and so is
            # what another country did ("گفت: مقامات آمریکایی ایران را تهدید کردند")
            if not past or verb is None:
                return False
            speaker_countries = {ctx.country_of(e) for e in speaker}
            # a meeting is a deed too: "مجاهد گفت که هیئت طالبان با مقامات قطری دیدار کرده است"
            return hit.entry.cameo[:2] in MATERIAL_ROOTS or hit.entry.cameo[:2] == "04" or \
                any(ctx.country_of(e) not in speaker_countries for e in own)
        # a person's meeting told in someone's words is that person's, planned or done: "گفت: گروسی با وزیر … دیدار
        # خواهد کرد" announces Grossi's meeting
        return past or hit.entry.cameo[:2] == "04"


# CAMEO's material roots (deeds, not words): aid, force, sanctions, protests, attacks, ...
MATERIAL_ROOTS = frozenset({"06", "07", "08", "09", "14", "15", "16", "17", "18", "19", "20"})


def _span_end(m, view: View) -> int:
    return view.words_of(m)[1]


def _subject_end(mentions, view: View, default: int) -> int:
    return max((_span_end(m, view) for m in mentions), default=default)


def _clause_end(view: View, hit: Hit) -> int:
    return hit.clause_obj.end


# ---------------------------------------------------------------------- meetings


def _meetings(ctx: Context, hit: Hit, actors: list[str], others: list[list[str]], cameo: str,
              delegations: bool = False) -> list[Candidate]:
    """One meeting per item of `others`, with the actors; people on the acting side (a match of national teams is
    not a meeting) unless the words name delegations ("نمایندگان روسیه، چین و ایران … شرکت کردند"); no one
    meeting themselves or their own country."""
    if not actors:
        return []
    stand_ins = {v for k, v in ctx.stand_ins.items() if k != v}
    if not delegations and not any(ctx.type_of(a) == "PER" or a in stand_ins for a in actors):
        return []  # "تیم ملی ایران در دیدار با …": a meeting has people on its acting side (a match does not)
    actor_countries = {ctx.country_of(a) for a in actors}
    out = []
    for other in others:
        rec = [o for o in other if o not in actors]
        if not rec or not any(ctx.type_of(o) in ("PER", "ORG", "GPE") for o in rec):
            continue
        if all(ctx.type_of(o) == "GPE" and ctx.country_of(o) in actor_countries for o in rec):
            continue  # an official received by their own country's ambassador: not an international meeting
        if all(ctx.media(o) for o in rec) or all(ctx.media(a) for a in actors):
            continue  # "در گفت‌وگو با خبرگزاری مهر": an interview, not a meeting
        parties = actors + rec
        if not delegations and not any((ctx.type_of(p) == "PER" and ctx.political(p)) or p in stand_ins
                                       for p in parties) and \
                not (hit.entry.frame == "meeting" and all(ctx.type_of(p) == "PER" for p in parties)):
            # "سرمربی تیم ملی در دیدار با تیم ایران": sport, not politics (no one in office meets); people the
            # knowledge base does not know meeting people with a meeting verb ("حاجی محمد محقق با عطا محمد نور
            # دیدار کرد") still meet ("در این دیدار X و Y … بازی کردند" is a match)
            continue
        out.append(Candidate(hit.entry, hit.view, (hit.start, hit.end), "meeting", cameo, list(actors), rec))
    return out


def _reciprocal(ctx: Context, actors: list[str]) -> tuple[list[str], list[list[str]]]:
    """"X و Y دیدار کردند" / "با یکدیگر": the subject's members meet each other (people first; "امیرخان متقی و سفیر
    قزاقستان": a person and a country standing for its ambassador are two parties)."""
    people = [a for a in actors if ctx.type_of(a) == "PER"]
    if len(people) < 2:
        people = actors
    if len(people) < 2:
        return actors, []
    return people[:1], [people[1:]]


@frame("meeting")
def meeting(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    view = hit.view
    actors, subj, _ = speakers.actors_of(hit)
    if not actors:
        return []
    subj_end = _subject_end(subj, view, hit.clause_obj.start)
    # a subject shared with an earlier clause: the partners are in this clause first ("X با A دیدار کرد و سپس با B
    # گفتگو کرد" is a second meeting, with B)
    own_start = max(subj_end, hit.clause_obj.start)
    own_start = _past_other_meetings(view, own_start, hit.start)
    reciprocal = any(k in RECIPROCAL for k in view.keys[hit.clause_obj.start:hit.end])
    # a pattern that opens with "با" ("با X دیدار و …") names its partner itself: an earlier "با" is another
    # phrase's ("که به منظور دیدار با مقامات لبنان … سفر کرده است، با بشار اسد دیدار و گفت‌وگو کرد")
    own_with = ctx.after(view, hit.start, hit.end, ("با",)) if view.keys[hit.start] == WITH and not reciprocal else []
    others = [] if reciprocal else (own_with or ctx.after(view, own_start, hit.start, ("با",))
                                    or (ctx.after(view, subj_end, hit.start, ("با",)) if own_start > subj_end else [])
                                    or ctx.after(view, hit.start, hit.end, ("با",))
                                    or [[e] for e in ctx.inside(view, hit.start, hit.end)])
    if others and not reciprocal:
        others += [item for item in _partners_in_sequence(ctx, view, own_start, hit.start)
                   if not any(set(item) & set(o) for o in others)]
        if any(view.keys[k] == WITH and view.keys[k + 1] in REPRESENTATIVES for k in range(own_start, hit.end - 1)):
            # "با نمایندگان چین، روسیه و ایران دیدار کرد": the countries' representatives, met together
            others = [[e for item in others for e in item]]
    if not others:
        actors, others = _reciprocal(ctx, actors)
    # negotiations are never a match: countries that negotiate do so by their delegations
    delegations = hit.entry.cameo == "046" or _delegations(view, hit, subj)
    return _meetings(ctx, hit, actors, others, hit.entry.cameo, delegations=delegations)


# words before a meeting's noun that refer back to one told before ("در این دیدار")
BACK_REFERENCE = keys_of(("این", "آن", "همین", "همان"))
REPRESENTATIVES = keys_of(("نمایندگان", "هیئت‌های", "هیات‌های", "هیئتهای", "هیاتهای"))
# words that make a meeting a call (041): by telephone or video (Dari writes the telephone "تیلفون" / "تلیفون")
PHONE_WORDS = keys_of(("تلفنی", "تلفن", "ویدئویی", "ویدیویی", "مجازی", "تیلفون", "تیلفونی", "تلیفون", "تلیفونی"))
CALL_NOUNS = keys_of(("تماس", "تماسی", "مکالمه")) | PHONE_WORDS


# words that may stand between "و" or a comma and a next "با" of the same verb: order and time
SEQUENCE_WORDS = keys_of(("سپس", "پس", "از", "آن", "ابتدا", "بعد", "بعدا", "بعداً", "روز", "صبح", "ظهر", "عصر", "شب",
                          "شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "پنج‌شنبه", "جمعه",
                          "همچنین", "نیز", "هم", "در", "ادامه", "نهایت"))


def _partners_in_sequence(ctx: Context, view: View, lo: int, hi: int) -> list[list[str]]:
    """"با A و سپس با B دیدار کرد"، "روز دوشنبه با A، روز سه‌شنبه با B …": every "با" after the first that
    follows "و" or a comma with only words of order and time between is one more partner of the same verb."""
    withs = [k for k in range(lo, hi) if view.keys[k] == WITH]
    out: list[list[str]] = []
    for k in withs[1:]:
        j = k - 1
        while j > lo and view.keys[j] in SEQUENCE_WORDS:
            j -= 1
        if j <= lo or view.keys[j] not in ("و", "،", ","):
            continue
        nxt = next((w for w in withs if w > k), hi)
        out.extend(ctx.after(view, k, nxt, ("با",)))
    return out


def _past_other_meetings(view: View, lo: int, hi: int) -> int:
    """Where this verb's "با" partners are looked for: past a "با" that is not the verb's, when a later one follows —
    another meeting's ("پیش از دیدار با A، با B گفتگو کرد" talks with B), a companion's ("همراه با هیئتی … با X"), or
    one inside an adverbial phrase its comma closes ("با تاکید بر همکاری با چین، با وانگ یی دیدار کرد")."""
    withs = [k for k in range(lo, hi) if view.keys[k] == WITH]
    starts = {view.words_of(m)[0] for m in view.mentions}
    # a stretch closed by a comma whose "با" opens no name ("با تاکید بر …، ") is an adverbial phrase: its "با"s are
    # not the verb's (a list "با لاوروف، با فیدان و …" is: each "با" there opens a name)
    commas = [j for j in range(lo, hi) if view.keys[j] in ("،", ",")]
    adverbial: set[int] = set()
    seg_start = lo
    for comma in commas:
        seg = [k for k in withs if seg_start <= k < comma]
        if any(k + 1 not in starts for k in seg):
            adverbial.update(seg)
        seg_start = comma + 1
    other = [k for k in withs if k in adverbial or
             (k > 0 and (view.keys[k - 1] in MEETING_NOUNS or view.keys[k - 1] == ALONG))]
    if other and any(k > other[-1] for k in withs):
        return other[-1] + 1
    return lo


def _delegations(view: View, hit: Hit, subj) -> bool:
    """Whether the words name delegations, so that bodies and countries meet without a person named: "هیئت طالبان
    با مقامات پاکستانی دیدار کردند"، "نمایندگان روسیه … شرکت کردند"، "هیئت پارلمانی ایران" (one adjective between)."""
    first = view.words_of(subj[0])[0] if subj else 0
    if first > 0 and view.keys[first - 1] in DELEGATES:
        return True
    if first > 1 and view.keys[first - 2] in DELEGATES and view.keys[first - 1] in DELEGATION_KINDS:
        return True
    c = hit.clause_obj
    return any(view.keys[k] == WITH and view.keys[k + 1] in DELEGATES for k in range(c.start, min(c.end, hit.end) - 1))


@frame("meeting-with")
def meeting_with(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    """"X در دیدار با Y …": the partner is named after the trigger, up to the next preposition or verb."""
    view = hit.view
    actors, _, _ = speakers.actors_of(hit)
    if not actors:
        # "در دیدار با Y، X گفت": the subject comes after the phrase
        verb = hit.clause_obj.verb
        actors, _ = ctx.subject(view, hit.end, verb.start if verb else hit.clause_obj.end)
        actors = [a for a in actors if a not in {e for item in ctx.after(view, hit.start, hit.end + 6, ("با",))
                                                  for e in item}]
    with_at_end = view.keys[hit.end - 1] == WITH
    others = ctx.after(view, hit.start, _clause_end(view, hit), ("با",)) if with_at_end else []
    if others and ((hit.end < len(view.keys) and view.keys[hit.end] in ATTENDANCE | REPRESENTATIVES) or
                   any(k in SESSION_NOUNS | SESSION_INDEFINITE for k in view.keys[hit.start:hit.end])):
        # "در نشستی با حضور X و Y"، "در نشستی با نمایندگان چین، روسیه و ایران": one session of them all, not a
        # meeting with each ("در دیدار با X و Y" stays a meeting with each)
        others = [[e for item in others for e in item]]
    if not with_at_end:  # "در دیدار وزیر امور خارجه عمان": the partner right after the noun, without "با"
        right_after = [m for m in view.mentions if view.words_of(m)[0] == hit.end and ctx.actorlike(m)
                       and (m.type in ("PER", "ROLE") or ctx.type_of(m.entity or "") == "PER")]
        if not right_after and hit.end < len(view.keys) and view.keys[hit.end] in GROUP_WORDS:
            # "در دیدار فرماندهان سپاه"، "در دیدار اعضای کمیسیون امنیت ملی": a body's people, the body meets
            right_after = [m for m in view.mentions if view.words_of(m)[0] == hit.end + 1 and ctx.actorlike(m)
                           and ctx.type_of(m.entity or "") == "ORG"]
        others = [[e] for m in right_after for e in ctx.members(m)]
        partners = ctx.after(view, hit.end, min(_clause_end(view, hit), hit.end + 12), ("با",)) if right_after else []
        if partners:
            # "در دیدار X با Y، …": the meeting of the two named in the phrase, whoever speaks after it
            actors, others = list(ctx.members(right_after[0])), partners
    if not others and any(k in CALL_NOUNS for k in view.keys[hit.start:hit.end]):
        # "اردوغان طی تماسی تلفنی به پزشکیان گفت …": the one told, by telephone, is the other party
        verb = hit.clause_obj.verb
        if verb is not None and verb.start >= hit.end:
            others = ctx.after(view, hit.end, verb.start, ("به",))[:1]
    return _meetings(ctx, hit, actors, others, hit.entry.cameo)


@frame("host")
def host(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    """"X Y را به حضور پذیرفت": X hosts; the guest is the "را" object."""
    view = hit.view
    hosts, subj, _ = speakers.actors_of(hit)
    subj_end = _subject_end(subj, view, hit.clause_obj.start)
    guests = []
    for m in view.mentions:
        i = view.words_of(m)[0]
        if subj_end <= i < hit.start and ctx.actorlike(m) and not ctx.governed(view, m) and m not in subj:
            guests.extend(e for e in ctx.members(m) if e not in guests and e not in hosts)
    if not guests and view.keys[hit.start] == RA:
        # "در کاخ سعدآباد نخست‌وزیر پاکستان را پذیرفت": the person right before "را" is the object, whatever
        # preposition stands before it (a place's phrase ended there: no noun before "در" heads an object)
        guests = [e for m in view.mentions if view.words_of(m)[1] == hit.start and m not in subj and
                  ctx.actorlike(m) for e in ctx.members(m) if e not in hosts]
    if not guests:
        guests = _welcomed_guests(ctx, hit, hosts) if "از" in hit.entry.recipient else \
            ctx.inside(view, hit.start, hit.end, ("PER", "ROLE"))  # "… میزبان X بود": the guest follows the trigger
    # a guest is a person (or an office-holder standing for their country): welcoming an idea is not hosting
    people = [g for g in guests if ctx.type_of(g) == "PER" or g in ctx.stand_ins.values() and g not in ctx.stand_ins]
    if any(k in REPRESENTATIVES for k in view.keys[hit.start:hit.end]):
        # "میزبان نشستی با حضور نمایندگان چین، روسیه و ایران بود": the countries' representatives are the guests
        people += [g for g in ctx.inside(view, hit.start, hit.end, ("GPE",)) if g not in people and g not in hosts]
    if any(k in SESSION_NOUNS | SESSION_INDEFINITE for k in view.keys[hit.start:hit.end]):
        # "میزبان نشست وزرای خارجه روسیه و ترکیه بود": one session of the host and all the guests
        return _meetings(ctx, hit, hosts, [people], hit.entry.cameo)
    return _meetings(ctx, hit, hosts, [[g] for g in people], hit.entry.cameo)


def _welcomed_guests(ctx: Context, hit: Hit, hosts: list[str]) -> list[str]:
    """"از X استقبال کرد": the guest right after "از" (a title or quotes may stand between); "از دعوت X برای سفر …
    استقبال کرد" welcomes an invitation, not X."""
    view = hit.view
    first = next((m for m in sorted(view.mentions, key=lambda x: view.words_of(x)[0])
                  if hit.start < view.words_of(m)[0] <= hit.start + 4 and ctx.actorlike(m)), None)
    if first is None or any(k in WELCOMED_THINGS for k in view.keys[hit.start + 1:view.words_of(first)[0]]):
        return []
    return [e for e in ctx.members(first) if e not in hosts]


@frame("hosted")
def hosted(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    """"X مورد استقبال Y قرار گرفت": X (the visitor) is received by Y, named inside the trigger."""
    visitors, _, _ = speakers.actors_of(hit)
    hosts = ctx.inside(hit.view, hit.start, hit.end, ("PER", "ROLE", "GPE", "ORG"))
    people = [h for h in hosts if ctx.type_of(h) == "PER"] or hosts
    return _meetings(ctx, hit, visitors, [[h] for h in people], hit.entry.cameo)


@frame("call-from")
def call_from(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    """"X تماس تلفنی Y را دریافت کرد" / "… تماس تلفنی را از Y دریافت کرد": Y calls X."""
    view = hit.view
    receivers, _, _ = speakers.actors_of(hit)
    callers = [e for item in ctx.after(view, hit.start, hit.end, ("از",)) for e in item] or \
        ctx.inside(view, hit.start, hit.end, ("PER", "ROLE"))
    callers = [c for c in callers if c not in receivers]
    out = []
    for caller in callers[:1]:
        out += _meetings(ctx, hit, [caller], [receivers], hit.entry.cameo) if receivers else []
    return out


@frame("session")
def session(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    """"نشست … با حضور X، Y و Z برگزار شد": one meeting of everyone named inside (an office's possessor, as in
    "نماینده ویژه رئیس‌جمهور آمریکا", is not one of them)."""
    view = hit.view
    # the session's topic is no party: "… در امور افغانستان"، "… درباره سوریه"
    topics = {e for m in view.mentions if view.words_of(m)[0] > 0 and view.keys[view.words_of(m)[0] - 1] in TOPIC_WORDS
              for e in ctx.members(m)}
    # "امیرخان متقی در نشستی که با شرکت … برگزار شد، سخنرانی کرد": who is in the session the relative clause
    # describes takes part in it
    attendee = _subject_in_the_session(ctx, hit)
    people = [e for e in attendee + ctx.inside(view, hit.start, hit.end, ("PER", "ROLE"), skip_possessors=True)
              if e not in topics]
    if len(people) < 2:
        people = [e for e in attendee + ctx.inside(view, hit.start, hit.end, ("PER", "ROLE", "GPE"),
                                                   skip_possessors=True) if e not in topics]
    people = list(dict.fromkeys(people))
    if attendee:
        # the attendee stands for their own country: "باقری … در نشستی که با حضور مقامات دو کشور برگزار شد"
        own = {ctx.country_of(a) for a in attendee}
        people = [p for p in people if p in attendee or not (ctx.type_of(p) == "GPE" and ctx.country_of(p) in own)]
    if len(people) < 2:
        return []
    # negotiations are never a match: "مذاکرات ایران و آمریکا … برگزار شد" is the countries' delegations meeting
    # ... nor a meeting of delegations named by their countries ("نشستی میان هیئت‌های افغانستان و پاکستان"), nor a
    # session that countries attend ("نشست تاشکند با حضور چین، روسیه و ایران برگزار شد")
    delegations = hit.entry.cameo == "046" or any(k in DELEGATES for k in hit.view.keys[hit.start:hit.end]) or \
        _countries_attend(ctx, people)
    return _meetings(ctx, hit, people[:1], [people[1:]], hit.entry.cameo, delegations=delegations)


def _subject_in_the_session(ctx: Context, hit: Hit) -> list[str]:
    """The subject of the clause a session's relative clause interrupts, when it is "در" that session ("X در
    [این] نشستی که … برگزار شد، …")."""
    view, k = hit.view, hit.start
    if k > 0 and view.keys[k - 1] in BACK_REFERENCE:
        k -= 1
    if k == 0 or view.keys[k - 1] != IN or THAT not in view.keys[hit.start:hit.end]:
        return []
    c = hit.clause_obj
    lo = view.clauses[c.parent].start if c.attach == "relative" and c.parent is not None else 0
    actors, _ = ctx.subject(view, lo, k - 1)
    return actors


# words before a session's noun that make it a meeting talked of rather than held: its chance, a plan, a wish, a
# report of it, its cancellation
NOT_HELD_BEFORE = keys_of(("احتمال", "امکان", "درباره", "پیرامون", "خصوص", "مورد", "باره", "شایعه", "شایعات", "گزارش", "گزارش‌ها",
                           "گزارش‌های", "خبر", "پیشنهاد", "درخواست", "خواستار", "خواهان", "برای", "جهت", "قرار",
                           "برنامه", "زمینه", "انتظار", "امید", "آمادگی", "ترتیب", "تدارک", "مقدمات", "تکذیب", "رد",
                           "لغو", "تعویق", "عدم"))


@frame("session-of")
def session_of(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    """"اجلاس وزیران خارجه ایران، روسیه و ترکیه": a session named by its participants, listed right after it (a
    plural office, or names joined by "و" and commas): one meeting of them all."""
    view = hit.view
    if hit.start > 0 and view.keys[hit.start - 1] in NOT_HELD_BEFORE:
        return []  # "احتمال دیدار X و Y", "گزارش‌ها درباره دیدار X و Y تکذیب شد": a meeting talked of, not held
    people: list[str] = []
    end = hit.end
    for m in sorted(view.mentions, key=lambda x: view.words_of(x)[0]):
        i, j = view.words_of(m)
        if i < hit.end or m.inside or not ctx.actorlike(m):
            continue
        gap = view.keys[end:i]
        if gap and not all(g in ("و", "،", ",") for g in gap):
            break
        for e in ctx.members(m):
            if e not in people:
                people.append(e)
        end = j
    persons = [p for p in people if ctx.type_of(p) == "PER"]
    if len(persons) < 2:
        # "نشست سه‌جانبه ایران، روسیه و ترکیه … برگزار شد": the countries' delegations, when the session is said to
        # be held or is many-sided ("دیدار ایران و ژاپن" stays a match: its noun is not a session's)
        countries = [p for p in people if ctx.type_of(p) in ("GPE", "ORG")]
        sided = any(k in MANY_SIDED for k in view.keys[hit.start:hit.end])
        held = any(k in HELD for k in view.keys[end:hit.clause_obj.end])
        if len(countries) < 2 or view.keys[hit.start] not in SESSION_NOUNS | NEGOTIATION_NOUNS or not (sided or held):
            return []
        return _meetings(ctx, hit, countries[:1], [countries[1:]], hit.entry.cameo, delegations=True)
    return _meetings(ctx, hit, persons[:1], [persons[1:]], hit.entry.cameo)


@frame("mediate")
def mediate(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    """"عمان میان ایران و آمریکا میانجیگری کرد": one meeting of the mediator and those it mediates between."""
    actors, _, _ = speakers.actors_of(hit)
    parties = [e for e in ctx.inside(hit.view, hit.start, hit.end, ("PER", "ROLE", "GPE", "ORG")) if e not in actors]
    if not actors or len(parties) < 2:
        return []
    return _meetings(ctx, hit, actors, [parties], hit.entry.cameo, delegations=True)


def _companions(ctx: Context, hit: Hit) -> list[str]:
    """"X به همراه Y و Z در نشست … شرکت کرد": those accompanying the subject attend with it."""
    view, c = hit.view, hit.clause_obj
    for k in range(c.start, hit.start - 1):
        if (view.keys[k], view.keys[k + 1]) in ACCOMPANIED_BY:
            return [e for item in ctx.after(view, k + 1, hit.start, (view.tokens[k + 1].norm,)) for e in item]
    return []


def _session_partners(ctx: Context, hit: Hit) -> list[str]:
    """"در نشست سه‌جانبه با لاوروف و فیدان شرکت کرد"، "در نشستی با حضور همتایان روس و ترک خود": those the session is
    held with attend it too."""
    view = hit.view
    for k in range(hit.start + 1, hit.end - 1):
        if view.keys[k] == WITH and (view.keys[k - 1] in SESSION_NOUNS | MANY_SIDED | SESSION_INDEFINITE or
                                     view.keys[k + 1] in ATTENDANCE):
            return ctx.inside(view, k + 1, hit.end, ("PER", "ROLE"), skip_possessors=True)
        if view.keys[k] == HOSTING and view.keys[k - 1] == TO:
            # "در این نشست که به میزبانی X برگزار شد، … شرکت کردند": the host is there too
            hosts = ctx.after(view, k - 1, hit.end, ("به میزبانی",))[:1]
            return [e for item in hosts for e in item]
    return []


@frame("attend")
def attend(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    """"X، Y و Z در نشست … شرکت کردند": the subject's members meet at the session (one multilateral meeting)."""
    actors, subj, _ = speakers.actors_of(hit)
    if not actors:  # "در این نشست نمایندگان … اشتراک داشتند": the subject stands inside the matched words
        c = hit.clause_obj
        actors, subj = ctx.subject(hit.view, c.start, c.verb.start if c.verb else c.end)
    if not actors:
        # "در این نشست که در کازان دایر گردید، نمایندگان … اشتراک داشتند": past the relative clause's comma
        commas = [k for k in range(hit.start, hit.end) if hit.view.keys[k] in ("،", ",")]
        if commas:
            actors, subj = ctx.subject(hit.view, commas[0] + 1, hit.end)
    actors = actors + [e for e in _companions(ctx, hit) + _session_partners(ctx, hit) if e not in actors]
    people = [a for a in actors if ctx.type_of(a) == "PER"]
    parties = people if len(people) >= 2 else actors
    if len(parties) < 2:
        return []
    # "نمایندگان روسیه، چین و ایران": the countries' delegations meet; so do countries that attend a session
    return _meetings(ctx, hit, parties[:1], [parties[1:]], hit.entry.cameo,
                     delegations=_delegations(hit.view, hit, subj) or _countries_attend(ctx, parties))


def _countries_attend(ctx: Context, parties: list[str]) -> bool:
    """Whether a session's parties are countries (two or more): their delegations meet there, with no one named
    ("در این نشست چین، روسیه و ایران شرکت داشتند"); a conference of scholars is no such meeting."""
    return sum(1 for p in parties if ctx.type_of(p) == "GPE") >= 2


@frame("nominal")
def nominal(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    """A headline's noun phrase: "دیدار X با Y"، "گفت‌وگوی تلفنی X و Y"، "انتقاد X از Y"، "هشدار X به Y"."""
    view = hit.view
    meeting_entry = hit.entry.cameo.startswith("04")
    preps = tuple(hit.entry.recipient) or (("با",) if meeting_entry else ("به", "از", "با"))
    prep_keys = {key_of(p) for p in preps}
    stop = next((k for k in range(hit.end, len(view.keys)) if view.keys[k] in prep_keys or view.keys[k] == ":"),
                len(view.keys))
    actors: list[str] = []
    for m in view.mentions:
        i = view.words_of(m)[0]
        if hit.end <= i < stop and ctx.actorlike(m) and not ctx.governed(view, m):
            if ctx.civilian_head(view, m):
                continue  # "انتقاد روزنامه‌های روسیه از پوتین": the press criticises, not Russia
            actors.extend(e for e in ctx.members(m) if e not in actors)
    if not actors:
        return []
    others = ctx.after(view, stop, len(view.keys), preps) if stop < len(view.keys) else []
    if meeting_entry:
        if not others:
            actors, others = _reciprocal(ctx, actors)
        out = _meetings(ctx, hit, actors[:1], others, hit.entry.cameo)
        for c in out:
            c.confidence -= 0.1  # a headline is a summary: the body usually says more
        return out
    recipients = [e for item in others for e in item if e not in actors][:3]
    if not recipients and speakers.in_reported_words(hit.clause):
        # in someone's words a noun phrase is a topic, and its name is as often the one acted on as the actor
        # ("گفت: تهدید جمهوری اسلامی به شوخی شبیه است" is no threat by Iran)
        return []
    return [Candidate(hit.entry, view, (hit.start, hit.end), "statement", hit.entry.cameo, actors, recipients)]


# ---------------------------------------------------------------------- statements


def _recipients(ctx: Context, hit: Hit, actors: list[str], subj) -> list[str]:
    view, c = hit.view, hit.clause_obj
    subj_end = _subject_end(subj, view, c.start)
    nominal_trigger = hit.entry.frame == "statement" and not hit.entry.verbs
    lo, hi = (hit.start, c.verb.start if c.verb and c.verb.start > hit.start else c.end) if nominal_trigger \
        else (max(subj_end, c.start) if subj_end <= hit.start else c.start, hit.start)
    if nominal_trigger:
        # "با محکوم کردن این حملات، همبستگی کشورش با … ایران را ابراز کرد": the noun's phrase ends at the comma
        hi = next((k for k in range(hit.end, hi) if view.keys[k] in ("،", ",")), hi)
    if hi <= lo:
        lo, hi = hit.start, c.end
    actor_countries = {ctx.country_of(a) for a in actors}
    out: list[str] = []
    if hit.entry.recipient:
        preps = tuple(p for p in hit.entry.recipient if p != "را")
        # a "را" object stands before its verb, between the subject and the trigger's end ("X را احضار و …")
        candidates = ctx.objects(view, max(subj_end, c.start) if subj_end <= hit.start else c.start, hit.end) \
            if "را" in hit.entry.recipient else []
        if preps:
            items = ctx.after(view, lo, max(hi, hit.end), preps)
            candidates += [e for item in items for e in item if e not in candidates]
    else:
        candidates = []
        for m in view.mentions:
            a = view.words_of(m)[0]
            if lo <= a < hi and ctx.actorlike(m) and m not in subj and m.type != "PRON":
                candidates.extend(ctx.members(m))
    for e in candidates:
        ent = ctx.entities.get(e)
        if e in actors or e in out or ent is None:
            continue
        if ent.type == "GPE" and ent.country in actor_countries:
            continue
        out.append(e)
    return out[:3]


def _act_of_the_name_before(ctx: Context, hit: Hit, subj, actors: list[str]) -> bool:
    """"از موضع عربستان در محکومیت حملات … قدردانی کرد": an act named by a noun ("در محکومیت") right after
    someone of another country named inside another's words is that one's act, not the subject's."""
    view = hit.view
    if hit.entry.verbs or hit.start == 0 or view.keys[hit.start] != IN:
        return False
    before = [m for m in view.mentions if view.words_of(m)[1] == hit.start and ctx.actorlike(m)]
    if not before or any(m in subj for m in before):
        return False
    # "با تشریح موضع کشورش در محکومیت …": the speaker's own country's position is the speaker's
    own = {ctx.country_of(a) for a in actors}
    return not any(ctx.country_of(e) in own for m in before for e in ctx.members(m))


@frame("statement")
def statement(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    actors, subj, reported = speakers.actors_of(hit)
    if not actors:
        return []
    if _act_of_the_name_before(ctx, hit, subj, actors):
        return []
    recipients = _recipients(ctx, hit, actors, subj)
    if hit.entry.needs_recipient and not recipients:
        return []  # "از … خواست" with no one asked: "خواست" is something else here (the will of …)
    c = Candidate(hit.entry, hit.view, (hit.start, hit.end), "statement", hit.entry.cameo, actors, recipients,
                  reported=reported)
    return [c]


@frame("passive")
def passive(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    """"سفیر X احضار شد": the subject undergoes the act; the actor is the agent ("از سوی Y"), else the outlet's
    country when the entry says so (a summons is by the country that reports it)."""
    view, c = hit.view, hit.clause_obj
    undergoers, _, _ = speakers.actors_of(hit)
    agents = [e for item in ctx.after(view, c.start, c.end, tuple(p for p in hit.entry.agent if p != "home"))
              for e in item if e not in undergoers]
    if not agents:  # "مورد انتقاد شدید X قرار گرفت": the agent is the trigger noun's possessor
        agents = [e for e in ctx.inside(view, hit.start, hit.end, ("PER", "ROLE", "GPE", "ORG")) if e not in undergoers]
    if not agents:  # "در (این) بیانیه X … محکوم شد": the statement's issuer
        agents = [e for e in _statement_source(ctx, view, c.start, hit.start) if e not in undergoers]
    if not agents and "home" in hit.entry.agent:
        home = ctx.home_entity()
        agents = [home] if home else []
    if not agents or (not undergoers and "home" in hit.entry.agent):
        return []  # a summons needs who was summoned; a criticism may be of a policy, not of an actor
    return [Candidate(hit.entry, view, (hit.start, hit.end), "statement", hit.entry.cameo, agents,
                      [u for u in undergoers if u not in agents][:3])]


def _statement_source(ctx: Context, view: View, lo: int, hi: int) -> list[str]:
    """Who issued the statement a clause's words are in: "در بیانیه X …" names X right after the noun; "در این
    بیانیه …" refers to the statement the sentence before (or the one before it) told of."""
    for k in range(lo, hi - 1):
        if view.keys[k] not in STATEMENT_OPENERS:
            continue
        n = k + 1
        back = n < hi and view.keys[n] in BACK_WORDS
        n += back
        if n >= hi or view.keys[n] not in STATEMENT_NOUNS:
            continue
        if back:
            last = ctx.last_speaker
            return list(last[1]) if last is not None and last[0] >= view.index - 2 else []
        first = next((m for m in sorted(view.mentions, key=lambda x: view.words_of(x)[0])
                      if n < view.words_of(m)[0] <= n + 4 and ctx.actorlike(m)), None)
        if first is not None and not any(view.keys[j] in (",", "،", ":") or view.is_verb_word(j)
                                          for j in range(n + 1, view.words_of(first)[0])):
            return list(ctx.members(first))
    return []


@frame("by-inside")
def by_inside(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    """"سند … به امضای X و Y رسید": the actors are named inside the trigger phrase."""
    actors = ctx.inside(hit.view, hit.start, hit.end, ("PER", "ROLE", "GPE", "ORG"))
    if not actors:
        return []
    return [Candidate(hit.entry, hit.view, (hit.start, hit.end), "statement", hit.entry.cameo, actors, [])]


@frame("according-to")
@frame("opinion")
def according_to(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    """"به گفته X، …", "در بیانیه X آمده است: …": the speaker is named right after the trigger's noun; what was
    said is the rest of the sentence (coded like a saying verb's words)."""
    view = hit.view
    first = next((m for m in sorted(view.mentions, key=lambda x: view.words_of(x)[0])
                  if hit.start < view.words_of(m)[0] <= hit.end + 3 and ctx.actorlike(m)
                  and not ctx.is_object(view, m)), None)
    if first is not None and any(view.keys[k] in (",", "،", ":", "؛", THAT) or view.is_verb_word(k)
                                 for k in range(hit.end, view.words_of(first)[0])):
        first = None  # "به گفته کارشناسان، ایران …"، "در این بیانیه آمده است که پکن …": the phrase ended before
    if first is None:
        # "در این بیانیه آمده است: …": the statement the sentence before told of is its speaker's
        last = ctx.last_speaker
        if last is None or last[0] < view.index - 2 or not last[1] or \
                not any(k in BACK_WORDS for k in view.keys[hit.start:hit.end]):
            return []
        return [Candidate(hit.entry, view, (hit.start, hit.end), "statement", hit.entry.cameo, list(last[1]), [],
                          confidence=0.5)]
    actors = ctx.members(first)
    return [Candidate(hit.entry, view, (hit.start, hit.end), "statement", hit.entry.cameo, actors, [],
                      confidence=0.5)]


@frame("kicker")
def kicker(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    """A headline's "X: …" ("عراقچی: آمریکا باید به تعهداتش عمل کند"): the name opening the headline, right before the
    colon, said what follows it (coded like a saying verb's words)."""
    view = hit.view
    if not view.headline_like:
        return []
    named = [m for m in view.mentions if view.words_of(m)[1] == hit.start and ctx.actorlike(m)]
    if not named or view.words_of(named[0])[0] > 2:
        # "عراقچی در دیدار با لاوروف: …"، "X خطاب به اروپا: …": the name opening the headline, then a phrase of
        # the occasion, said what follows
        first = next((m for m in sorted(view.mentions, key=lambda x: view.words_of(x)[0])
                      if ctx.actorlike(m) and view.words_of(m)[0] <= 2), None)
        after = view.words_of(first)[1] if first is not None else len(view.keys)
        if after >= len(view.keys) or view.keys[after] not in KICKER_PHRASES:
            return []  # (a name ending the view has no phrase after it)
        named = [first]
    if any(view.is_verb_word(k) for k in range(0, hit.start)) or \
            view.words_of(named[0])[0] > 2:  # (a title or two before the name: "سردار شکارچی:")
        return []
    return [Candidate(hit.entry, view, (hit.start, hit.end), "statement", hit.entry.cameo,
                      list(ctx.members(named[0])), [], confidence=0.5)]


@frame("say")
def say(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    """A plain saying verb: its code comes from what was said (`content` entries, applied by the extractor)."""
    actors, subj, reported = speakers.actors_of(hit)
    if not actors:
        return []
    return [Candidate(hit.entry, hit.view, (hit.start, hit.end), "statement", hit.entry.cameo, actors,
                      _recipients(ctx, hit, actors, subj), confidence=0.5, reported=reported)]


def run_frame(ctx: Context, hit: Hit, speakers: Speakers) -> list[Candidate]:
    fn = REGISTRY.get(hit.entry.frame)
    return fn(ctx, hit, speakers) if fn else []
