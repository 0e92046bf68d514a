"""Resolution: every mention to one entity of the document, and each entity to the knowledge base where possible.

Mentions are read in text order, keeping a little discourse state: the subject of each sentence, the people named so
far, the last country named. Each resolved mention records why (`reason`):

- alias        the mention is a name or alias of a knowledge-base entity
- role+date    an office ("وزیر امور خارجه ترکیه") resolved to its holder on the article's date
- role+named   an office resolved to a person the article names who held that office (when the date is unknown)
- role+latest  no date: the latest holder, marked as assumed
- apposition   a name standing next to an office ("هاکان فیدان وزیر امور خارجه ترکیه")
- counterpart  "همتای مصری خود": the same office as the sentence's subject, in the other country
- pronoun      "وی"، "او": the subject of the last sentence that had one (or, after a preposition, the other
               person of the same sentence)
- surname      a surname alone, after the full name of a person the knowledge base does not know
- home         "کشورمان": the outlet's country
- unknown      nothing matched: the entity keeps the mention's text as its name
"""
from __future__ import annotations

from dataclasses import dataclass, field

from didban.document import Document, Entity, Mention
from didban.kb.offices import many_holder_offices
from didban.lazy_pattern import compile as kept_compile
from didban.text.keys import token_key

def _is_iso3(code: str | None) -> bool:
    """A country code, not a body's id ("ORG:un") or an unresolved reference."""
    return bool(code) and len(code) == 3 and code.isalpha() and code.isupper()


MANY_HOLDERS = many_holder_offices()
# the words that mark a person named as dead: an epithet before the name, an invocation after it
DEAD_BEFORE = kept_compile(r"(?:^|\s)(?:مرحوم|فقید|شهید|زنده[\s\u200c]?یاد|امام راحل)\s*$")
DEAD_AFTER = kept_compile(r"^\s*[(\[]?\s*(?:ره|رح|رحمه|قدس|قده)")


def _named_as_dead(text: str, m: Mention) -> bool:
    """Whether the name is said with an epithet or invocation for the dead ("مرحوم X"، "X (ره)")."""
    return bool(DEAD_BEFORE.search(text[max(0, m.start - 20):m.start]) or DEAD_AFTER.match(text[m.end:m.end + 12]))


PREPOSITIONS = frozenset(token_key(w) for w in ("با", "به", "برای", "از", "نزد", "همراه"))
DEMONSTRATIVES = frozenset(token_key(w) for w in ("این", "همین", "آن"))
# prepositions that open an adverbial phrase a person may be the possessor inside ("در واکنش به اظهارات X")
PHRASE_OPENERS = frozenset(token_key(w) for w in ("در", "به", "از", "با", "برای", "پس", "پیش", "درباره", "پیرامون",
                                                  "علیه", "طی", "دنبال", "پی"))
# words of time that end such a phrase ("در سال‌های گذشته X …")
PHRASE_ENDS = frozenset(token_key(w) for w in ("گذشته", "اخیر", "آینده", "جاری", "امروز", "دیروز"))
AND, THAT = token_key("و"), token_key("که")
# nouns of someone who is someone else's ("سخنگوی پوتین گفت … وی افزود": the spokesman, not Putin, is "وی"); the
# events' subject finder (events/arguments.py) reads the same nouns
SOMEONE_OF = frozenset(token_key(w) for w in (
    "سخنگوی", "دستیار", "مشاور", "همسر", "وکیل", "وکلای", "پسر", "دختر", "برادر", "خواهر", "پدر", "مادر", "فرزند",
    "فرستاده", "منشی", "محافظ", "مخالفان", "اطرافیان", "نزدیکان", "خانواده", "منتقدان", "رقیب", "رقبای", "جانشین",
    "مشاوران", "دستیاران", "همراهان", "همکاران"))


SIDE = token_key("طرف")


def _one_name_word(m: Mention) -> bool:
    """Whether a name mention is one word once its title is set aside ("دکتر جانسون", "مهاجرانی")."""
    i, j = m.words or (0, 0)
    start = m.name_start if m.name_start is not None else i + len((m.title or "").split())
    return j - start == 1
# a one-word name in an article this many years before the known person's first office is someone else
YEARS_BEFORE_OFFICE = 10


@dataclass
class _State:
    subjects: dict[int, str] = field(default_factory=dict)  # sentence -> entity id of its subject (first person)
    subject_starts: dict[int, int] = field(default_factory=dict)  # sentence -> where that subject's mention starts
    people: list[str] = field(default_factory=list)  # person entity ids in order of mention
    last_place_country: str | None = None
    last_country: str | None = None
    last_group: list[str] = field(default_factory=list)  # entity ids of the last group named together
    surnames: dict[str, str] = field(default_factory=dict)  # last word of an unknown person's name -> entity id
    countries: list[str] = field(default_factory=list)  # ISO3 of countries named or implied, most recent last
    bodies: list[str] = field(default_factory=list)  # organisation entity ids in order of mention
    # sentences opened by someone nobody names, of a person's ("سخنگوی پوتین گفت …"): what "وی" next refers to
    someone_of: set[int] = field(default_factory=set)


class Resolver:
    def __init__(self, doc: Document, kb, home: str):
        self.doc, self.kb, self.home = doc, kb, home
        self.on = doc.published  # None: no date known
        self.entities: dict[str, Entity] = {}
        self.roles_of: dict[str, list[dict]] = {}
        self.state = _State()
        self.learned: list[dict] = []
        self.named_as: dict[str, Mention] = {}  # person id -> the first office mention resolved to them
        mentions = doc.mentions or []
        # people the article names alive: "امام خمینی (ره)"، "شهید رئیسی" is remembered, not "the leader" of the day
        self.named_kb_ids = {m.kb_id for m in mentions if m.kb_id and m.type == "PER" and
                             not _named_as_dead(doc.text, m)}
        self.by_start = {m.start: m for m in mentions}
        # offices named with their country, by office, in the article's order (a bare office after them is theirs)
        self.explicit_offices: dict[str, list[tuple[tuple[int, int], str]]] = {}
        for m in mentions:
            if m.type == "ROLE" and m.role and m.country and not m.country_implicit and not m.deputy and \
                    _is_iso3(m.country):
                self.explicit_offices.setdefault(m.role, []).append(((m.sentence, m.start), m.country))
        self.by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            self.by_sentence.setdefault(m.sentence, []).append(m)
        self.doc_facts = self._appositions(mentions)
        self._era: str | None | bool = False  # _era_of_the_named, once computed
        self.inferred_on = self._infer_date() if self.on is None else None
        self._ends_by_sentence: dict[int, dict[int, Mention]] | None = None  # see _mention_ends

    def _infer_date(self) -> str | None:
        """An article without a date still dates itself by the office-holders it names with their office
        ("لوئیس آرسه رئیس جمهور بولیوی"): the offices were all held at once only in the intersection of their terms.
        The latest day of that window stands in for the date (None if the window is open or empty)."""
        start, end = "", None
        for (role, country), name in self.doc_facts.items():
            if not name.kb_id or " " in role:
                continue
            ent = self.kb.get(name.kb_id)
            terms = [r for r in (ent.roles if ent else []) if r.role == role and r.country == country and
                     r.kind == "term"]
            if not terms:
                continue
            term_start = min(r.start or "" for r in terms)
            term_end = None if any(r.end is None for r in terms) else max(r.end for r in terms)
            start = max(start, term_start)
            end = term_end if end is None else (min(end, term_end) if term_end else end)
        if end is None or start > end:
            return self._latest_date_written()
        self.doc.meta["inferred_date"] = {"on": end, "from": start,
                                          "reason": "terms of the office-holders the article names"}
        return end

    def _latest_date_written(self) -> str | None:
        """The latest full date (day, month and year) the text writes, when the article has no date of its own: it
        was written on that day or after ("… روز سه‌شنبه ۱۵ مهر ۱۳۹۸ …"). None if the text writes none."""
        from didban.text.dates import find_dates

        found = [value for _, _, value, calendar in find_dates(self.doc.text) if value is not None and
                 calendar in ("jalali", "gregorian")]
        if not found:
            return None
        latest = max(found).isoformat()
        self.doc.meta["inferred_date"] = {"on": latest, "reason": "the latest date the text writes"}
        return latest

    def _appositions(self, mentions: list[Mention]) -> dict[tuple[str, str], Mention]:
        """Offices the article itself gives a name ("«سایمون شرکلیف» سفیر انگلیس"): (role, country) -> the name, so
        that "سفیر انگلیس" alone, anywhere in the article, is that person."""
        facts: dict[tuple[str, str], Mention] = {}
        for m in mentions:
            if m.type != "ROLE" or m.appos is None or m.counterpart:
                continue
            name = self.by_start.get(m.appos)
            country = m.country or self.kb.role_default_country(m.phrase or "") or self.home
            if name is None or name.type != "PER" or country.startswith("@"):
                continue
            role = ((m.deputy or "") + " " + m.role).strip()
            facts.setdefault((role, country), name)
        return facts

    def _named_in_article(self, role: str, country: str | None) -> Entity | None:
        name = self.doc_facts.get((role, country)) if country else None
        if name is None and country:
            # "نماینده ویژه روسیه" after "X نماینده ویژه رئیس‌جمهور روسیه در امور افغانستان": the office said again,
            # less precisely, is the one the article named
            finer = {id(n): n for (r, c), n in self.doc_facts.items() if c == country and r.startswith(role + "_")}
            name = next(iter(finer.values())) if len(finer) == 1 else None
        if name is None:
            return None
        return self._resolve_name(name) if name.entity is None else self.entities[name.entity]

    # ------------------------------------------------------------------ entities

    def _from_kb(self, kb_id: str) -> Entity | None:
        if kb_id in self.entities:
            return self.entities[kb_id]
        ent = self.kb.get(kb_id)
        if ent is None:
            return None
        # the offices held on the article's date; without a date, those held now (as far as the data knows)
        held = [r for r in ent.roles if (r.covers(self.on) if self.on else r.end is None)]
        roles = [{"role": r.role, "country": r.country, "start": r.start, "end": r.end} for r in held]
        out = Entity(id=ent.id, type=ent.type, name=ent.name, name_en=ent.name_en, country=ent.country,
                     kb_id=ent.id, sector=ent.sector, aliases=list(ent.aliases), roles=roles,
                     latitude=ent.latitude, longitude=ent.longitude)
        self.entities[kb_id] = out
        return out

    def _unknown(self, key: str, type_: str, name: str, country: str | None = None) -> Entity:
        eid = f"X:{key}"
        if eid not in self.entities and type_ == "PER":
            same = self._same_unknown_person(name)
            if same is not None:
                eid = same.id
        if eid not in self.entities:
            self.entities[eid] = Entity(id=eid, type=type_, name=name, country=country)
        ent = self.entities[eid]
        if country and not ent.country:
            ent.country = country
        return ent

    def _same_unknown_person(self, name: str) -> Entity | None:
        """"عبدالکریم محمود" and, later, "عبدالکریم محمود ابراهیم": an unknown person named with two words or more is
        the one whose name begins with (or is the beginning of) those words."""
        words = name.split()
        if len(words) < 2:
            return None
        for ent in self.entities.values():
            if ent.type != "PER" or ent.kb_id is not None or not ent.id.startswith("X:") or ":" in ent.id[2:]:
                continue
            other = ent.name.split()
            if len(other) >= 2 and other != words and (other[:len(words)] == words or words[:len(other)] == other):
                if name not in ent.aliases:
                    ent.aliases.append(name)
                return ent
        return None

    def _attach(self, m: Mention, ent: Entity, reason: str) -> Entity:
        m.entity, m.reason = ent.id, reason
        ent.mentions.append(self.doc.span(m.start, m.end))
        if m.type == "ROLE" and m.role and not m.deputy and not m.counterpart:
            self.named_as.setdefault(ent.id, m)  # the office the article names this person by, first
        if ent.type == "PER":
            if not self.state.people or self.state.people[-1] != ent.id:
                self.state.people.append(ent.id)
            if (m.words or (0, 0))[0] == 1 and self._word_before(m) in SOMEONE_OF:
                self.state.someone_of.add(m.sentence)
            if self._is_subject_position(m):
                # the first person of the sentence by position (an apposition may resolve a later one first)
                here = self.state.subject_starts.get(m.sentence)
                if here is None or m.start < here:
                    self.state.subjects[m.sentence], self.state.subject_starts[m.sentence] = ent.id, m.start
        if ent.type == "ORG" and (not self.state.bodies or self.state.bodies[-1] != ent.id):
            self.state.bodies.append(ent.id)
        if ent.country and ent.type in ("GPE", "PER"):
            if ent.country in self.state.countries:
                self.state.countries.remove(ent.country)
            self.state.countries.append(ent.country)
        if ent.type in ("GPE",) and ent.country:
            self.state.last_country = ent.country
            self.state.last_place_country = ent.country
        elif ent.type == "LOC" and ent.country:
            self.state.last_place_country = ent.country
        return ent

    def _is_subject_position(self, m: Mention) -> bool:
        """A person is the sentence's subject unless a preposition stands right before the mention."""
        i = (m.words or (0, 0))[0]
        if i == 0:
            return True
        prev = self._word_before(m)
        return prev not in PREPOSITIONS and prev not in SOMEONE_OF and not self._in_reported_words(m) and \
            not self._in_opening_phrase(m)

    def _mention_ends(self, sentence: int) -> dict[int, Mention]:
        """Where each mention of the sentence ends, as a token index of the document (computed once per sentence)."""
        if self._ends_by_sentence is None:
            self._ends_by_sentence = {}
            sentences = self.doc.sentences or []
            for x in self.doc.mentions or []:
                if x.words and x.sentence < len(sentences) and not x.inside:
                    end = sentences[x.sentence].token_start + x.words[1]
                    self._ends_by_sentence.setdefault(x.sentence, {}).setdefault(end, x)
        return self._ends_by_sentence.get(sentence, {})

    def _in_opening_phrase(self, m: Mention, depth: int = 0) -> bool:
        """A person inside a phrase a preposition opens ("در واکنش به اظهارات ترامپ، عراقچی …"، "پس از دیدار پوتین
        و ترامپ، مکرون …"): the possessor of the phrase's noun, not the sentence's subject. The look back stops at
        punctuation, "که", a determiner or a word of time that ended the phrase ("در این دیدار عراقچی …"), or another
        mention not joined to it by "و"."""
        toks = self.doc.tokens or []
        sent = (self.doc.sentences or [])[m.sentence]
        i = sent.token_start + (m.words or (0, 0))[0]
        ends = {k: x for k, x in self._mention_ends(m.sentence).items() if x is not m}
        for k in range(i - 1, max(sent.token_start - 1, i - 7), -1):
            key = toks[k].key
            if toks[k].norm in ("«", "»", '"'):
                continue  # ("در واکنش به اظهارات «ترامپ»")
            if k + 1 in ends and k + 1 != i:
                other = ends[k + 1]
                between = [t.key for t in toks[k + 1:i] if t.norm not in ("«", "»", '"')]
                return bool(between) and all(b == AND for b in between) and depth < 3 and \
                    self._in_opening_phrase(other, depth + 1)
            if not key or key == THAT or key in DEMONSTRATIVES or key in PHRASE_ENDS:
                return False
            if key in PHRASE_OPENERS:
                return k < i - 1  # (right before the name, the preposition's object is the name itself)
        return False

    def _in_reported_words(self, m: Mention) -> bool:
        """After "گفت:" the names are in someone's words: the sentence's subject is the one who spoke."""
        toks = self.doc.tokens or []
        sent = (self.doc.sentences or [])[m.sentence]
        i = sent.token_start + (m.words or (0, 0))[0]
        if any(toks[k].norm == ":" for k in range(sent.token_start, i)):
            return True
        # inside quotation marks ("«ایران زیر بار زور ترامپ نمی‌رود»، عراقچی گفت"): words quoted, not the subject's
        opened = [k for k in range(sent.token_start, i) if toks[k].norm == "«"]
        if not opened or any(toks[k].norm == "»" for k in range(opened[-1], i)):
            return False
        # (a name in quotation marks of its own, "«بدر عبدالعاطی» گفت", is no quotation of words)
        j = sent.token_start + (m.words or (0, 0))[1]
        return not (opened[-1] == i - 1 and j < sent.token_end and toks[j].norm == "»")

    def _word_before(self, m: Mention) -> str | None:
        toks = self.doc.tokens or []
        sent = (self.doc.sentences or [])[m.sentence]
        i = sent.token_start + (m.words or (0, 0))[0]
        return toks[i - 1].key if i - 1 >= sent.token_start else None

    # ------------------------------------------------------------------ offices

    def _holder(self, role: str, country: str | None) -> tuple[Entity | None, str]:
        """The holder of an office: on the article's date, else a person the article names, else the latest."""
        if role in MANY_HOLDERS:
            named = self._one_of_many_named(role, country)
            return (named, "role+named") if named is not None else (None, "unknown")
        if self.on:
            found = self.kb.holders(role, country, self.on)
            if found:
                return self._from_kb(found[0][0].id), "role+date"
        if not self.on:
            # an article that names a past holder and then says "the minister" means that holder
            all_holders = self._all_holders(role, country)
            named = [e for e in all_holders if e.id in self.named_kb_ids]
            if named:
                return self._from_kb(named[0].id), "role+named"
            if self.inferred_on:
                found = self.kb.holders(role, country, self.inferred_on)
                if found:
                    ent = self._from_kb(found[0][0].id)
                    ent.assumed = True
                    return ent, "role+inferred"
            peer_day = self._peer_day(role, country)
            if peer_day:
                found = self.kb.holders(role, country, peer_day)
                if found:
                    ent = self._from_kb(found[0][0].id)
                    ent.assumed = True
                    return ent, "role+peer"
            era = self._era_of_the_named()
            if era:
                found = self.kb.holders(role, country, era)
                if found:
                    ent = self._from_kb(found[0][0].id)
                    ent.assumed = True
                    return ent, "role+era"
            latest = self.kb.holders(role, country, None)
            if latest:
                ent = self._from_kb(latest[0][0].id)
                ent.assumed = True
                return ent, "role+latest"
        return None, "unknown"

    def _era_of_the_named(self) -> str | None:
        """An undated article's time, by the people it names alive who held an office: the latest day on which the
        most of them were in office at once ("اشرف غنی … رئیس‌جمهور پاکستان" is of Ghani's years, not of today).
        None when it names no one who held an office, or when that day is still open (today's office-holders)."""
        if self._era is not False:
            return self._era
        terms = []
        for kb_id in sorted(self.named_kb_ids):
            ent = self.kb.get(kb_id)
            spans = [(r.start or "", r.end) for r in (ent.roles if ent else []) if r.kind == "term" and r.start]
            if spans:
                terms.append(spans)
        days = sorted({end for spans in terms for _, end in spans if end}, reverse=True)
        best, best_count = None, 0
        if terms and not any(end is None for spans in terms for _, end in spans):
            for day in days:  # the latest day first: a tie keeps the later one
                count = sum(any(start <= day <= end for start, end in spans) for spans in terms)
                if count > best_count:
                    best, best_count = day, count
        self._era = best
        return best

    def _peer_day(self, role: str, country: str | None) -> str | None:
        """An undated article naming a person who held the same office elsewhere ("محمدجواد ظریف با وزیر امور خارجه
        ترکیه دیدار کرد"): the counterpart is of that person's time in the office — the last day of their term."""
        days = []
        for kb_id in sorted(self.named_kb_ids):
            ent = self.kb.get(kb_id)
            for r in (ent.roles if ent else []):
                if r.role == role and r.country != country and r.kind == "term" and r.end:
                    days.append(r.end)
        return min(days) if days else None

    def _all_holders(self, role: str, country: str | None):
        """Everyone the knowledge base knows to have held the office, latest first."""
        return [ent for ent, _ in self.kb.people_with_role(role, country)]


    def _role_of(self, ent: Entity) -> tuple[str, str | None] | None:
        """The main office a person holds in this article (from the KB on the date, or from an apposition)."""
        if self.roles_of.get(ent.id):
            r = self.roles_of[ent.id][0]
            return r["role"], r.get("country")
        if ent.roles:
            return ent.roles[0]["role"], ent.roles[0]["country"]
        # the office the article itself names them by ("وزیر امور خارجه کشورمان … همتای ترکیه‌ای خود")
        named_as = self.named_as.get(ent.id)
        if named_as is not None:
            return named_as.role, named_as.country or self.home
        if ent.kb_id:
            kb_ent = self.kb.get(ent.kb_id)
            if kb_ent and kb_ent.roles:
                # the office held on the article's day (its inferred day, its era), else the latest one
                on = self.on or self.inferred_on or self._era_of_the_named()
                held = [r for r in kb_ent.roles if on and r.kind == "term" and r.covers(on)]
                r = (held or sorted(kb_ent.roles, key=lambda r: r.start or ""))[-1]
                return r.role, r.country
        return None

    def _resolve_role(self, m: Mention) -> Entity | None:
        country = m.country
        if country == "@this_country":
            country = self.state.last_place_country or self.state.last_country
        if m.counterpart:
            return self._resolve_counterpart(m, country)
        role = m.role
        appos = self.by_start.get(m.appos) if m.appos is not None else None
        if country is None and appos is None and not m.deputy and not m.former:
            named = self._holder_named_after(m, role)
            if named is not None:
                # "رئیس‌جمهور غنی"، "وزیر خارجه متقی": a bare office, then a holder's surname (a common word the
                # tagger leaves): that holder, whatever the outlet's country
                return self._attach(m, named, "role+name")
        if country is None and appos is None and role not in MANY_HOLDERS and not m.deputy:
            # "وزیر امور خارجه" alone, after the article named that office of one country: that country's
            # ("مولوی امیرخان متقی وزیر امور خارجه امارت اسلامی … وزیر امور خارجه از … قدردانی کرد")
            country = self._country_of_that_office_before(m, role)
        if country is None and (appos is not None or
                                (role not in MANY_HOLDERS and self.kb.holders(role, None, None))):
            country = self.home  # "وزیر امور خارجه" alone, in an Iranian outlet, is Iran's
        if appos is not None and appos.type == "PER":
            holder = self._holder_of_that_surname(appos, m, role, country)
            if holder is not None:
                # "خوزه آلبارس وزیر خارجه اسپانیا": the holder, his first name spelled another way ("خوسه")
                self._detach(appos)
                self._attach(appos, holder, "apposition")
                return self._attach(m, holder, "role+date")
            ent = self._resolve_name(appos) if appos.entity is None else self.entities[appos.entity]
            if not ent.country and _is_iso3(country):
                ent.country = country
            fact = {"role": ((m.deputy or "") + " " + role).strip(), "country": country}
            self.roles_of.setdefault(ent.id, []).append(fact)
            if ent.kb_id is None or not m.deputy:
                self.learned.append({"person": ent.name, **fact, "on": self.on,
                                     "evidence": {"start": min(m.start, appos.start), "end": max(m.end, appos.end)}})
            return self._attach(m, ent, "apposition")
        if country is None:
            return None  # "سفیر" alone: an office nobody is known to hold, of no stated country
        named = self._named_in_article(((m.deputy or "") + " " + role).strip(), country)
        if named is not None and not (m.former and named.kb_id == self._holder_id_of_the_day(role, country)):
            return self._attach(m, named, "apposition")
        if m.former:
            return self._former_holder(m, role, country)
        before = self._word_before(m)
        if before in DEMONSTRATIVES or m.descriptive and before is None:
            earlier = self._earlier_holder(role, country)
            # "قاسم جعفری … این نماینده مجلس گفت"، "… نماینده مردم بجنورد در مجلس ادامه داد": the person just named
            if earlier is not None:
                self.roles_of.setdefault(earlier.id, []).append({"role": role, "country": country})
                return self._attach(m, earlier, "demonstrative")
        if m.deputy or m.regional:
            # a deputy, or the office of a region ("رئیس‌جمهوری چچن"): someone the national holders are not
            name = " ".join(t.norm for t in self._words(m))
            return self._attach(m, self._unknown(token_key(name) or name, "PER", name, country), "unknown")
        ent, reason = self._holder(role, country)
        if ent is None:
            name = " ".join(t.norm for t in self._words(m))
            ent = self._unknown(f"{role}:{country}", "PER", name, country)
            self.roles_of.setdefault(ent.id, [{"role": role, "country": country}])
        return self._attach(m, ent, reason)

    def _country_of_that_office_before(self, m: Mention, role: str) -> str | None:
        """The one country whose `role` the article named, with its country, before this mention (None if it named
        none, or that office of several countries, or of the outlet's own)."""
        countries = {country for at, country in self.explicit_offices.get(role, ()) if at < (m.sentence, m.start)}
        if len(countries) != 1 or self.home in countries:
            return None
        # ... unless the outlet's own holder of the office is in the article: "عراقچی با وزیر امور خارجه عمان
        # دیدار کرد. وزیر امور خارجه گفت …" is Araghchi speaking
        home_holder = self._holder_id_of_the_day(role, self.home)
        if home_holder is not None and any(e.kb_id == home_holder for e in self.entities.values()):
            return None
        return countries.pop()

    def _holder_of_that_surname(self, name: Mention, office: Mention, role: str, country: str | None) -> Entity | None:
        """The office's holder on the article's date, when a name the knowledge base does not know stands beside the
        office and ends in one of the holder's surnames."""
        unknown = name.entity is None or self.entities[name.entity].kb_id is None
        if not unknown or name.kb_id or office.deputy or office.former or country is None:
            return None
        words = name.text.split()
        if len(words) < 2:
            return None
        holder, reason = self._holder(role, country)
        if holder is None or reason != "role+date" or holder.kb_id is None:
            return None
        known = self.kb.get(holder.kb_id)
        surnames = {token_key(a.split()[-1]) for a in ([known.name] + list(known.aliases) if known else [])}
        return holder if token_key(words[-1]) in surnames else None

    def _detach(self, m: Mention) -> None:
        """Undo a mention's link to an entity (one it turned out not to name); the entity goes if nothing else
        names it."""
        if m.entity is None:
            return
        ent = self.entities[m.entity]
        ent.mentions = [sp for sp in ent.mentions if (sp.start, sp.end) != (m.start, m.end)]
        if not ent.mentions:
            self.state.people = [p for p in self.state.people if p != ent.id]
            gone = [s for s, p in self.state.subjects.items() if p == ent.id]
            for s in gone:
                del self.state.subjects[s]
                self.state.subject_starts.pop(s, None)
        m.entity, m.reason = None, None

    def _holder_id_of_the_day(self, role: str, country: str | None) -> str | None:
        """The knowledge base's holder of the office on the article's date (inferred, or now, when it has none);
        a lookup only: unlike `_holder`, it makes no entity and marks none as assumed."""
        if role in MANY_HOLDERS:
            return None
        found = self.kb.holders(role, country, self.on or self.inferred_on)
        return found[0][0].id if found else None

    def _holder_named_after(self, m: Mention, role: str) -> Entity | None:
        """The one holder of the office, in any country, on the article's day, whom the word (or two) right after
        the office names."""
        sentences, tokens = self.doc.sentences or [], self.doc.tokens or []
        if m.words is None or m.sentence >= len(sentences):
            return None
        sent = sentences[m.sentence]
        at = sent.token_start + m.words[1]
        after = [t.norm for t in tokens[at:min(at + 2, sent.token_end)]]
        if not after:
            return None
        holders = {e.id for e, _ in self.kb.holders(role, None, self.on or self.inferred_on)}
        found = {e.id for n in range(len(after), 0, -1) for e in self.kb.lookup(" ".join(after[:n]))
                 if e.id in holders}
        return self._from_kb(found.pop()) if len(found) == 1 else None

    def _one_of_many_named(self, role: str, country: str | None) -> Entity | None:
        """Of an office many hold at once (deputies, ambassadors), the one holder of the day the article names
        ("کاظم غریب‌آبادی … معاون وزیر خارجه ایران نیز …")."""
        found = [e.id for e, _ in self.kb.holders(role, country, self.on or self.inferred_on)
                 if e.id in self.named_kb_ids]
        return self._from_kb(found[0]) if len(set(found)) == 1 else None

    def _former_holder(self, m: Mention, role: str, country: str | None) -> Entity:
        """"وزیر خارجه پیشین": a past holder the article names ("ظریف … وزیر خارجه پیشین"), else someone not
        known by name — never the office's holder on the article's date."""
        today = self._holder_id_of_the_day(role, country)
        for eid in reversed(self.state.people):
            ent = self.entities[eid]
            if ent.kb_id and ent.kb_id != today and any(
                    r[0] == role and (r[1] == country or country is None) for r in self._held_ever(ent.kb_id)):
                return self._attach(m, ent, "role+named")
        name = " ".join(t.norm for t in self._words(m))
        return self._attach(m, self._unknown(token_key(name) or name, "PER", name, country), "unknown")

    def _held_ever(self, kb_id: str) -> list[tuple[str, str | None]]:
        ent = self.kb.get(kb_id)
        return [(r.role, r.country) for r in (ent.roles if ent else [])]

    def _earlier_holder(self, role: str, country: str | None) -> Entity | None:
        """The person "این + office" points back to: the latest one named who may hold it — whose office in this
        article is that office, or who has no known office (an unknown name)."""
        for eid in reversed(self.state.people):
            ent = self.entities[eid]
            # (an unknown name's country is only a guess from its neighbourhood: it does not rule the person out)
            if ent.type != "PER" or (ent.kb_id and ent.country and country and ent.country != country):
                continue
            held = self._role_of(ent)
            if held is None and ent.kb_id is None or held is not None and held[0] == role:
                return ent
        return None

    def _resolve_counterpart(self, m: Mention, country: str | None) -> Entity:
        subject_id = self._office_holder_before(m, country) or self.state.subjects.get(m.sentence)
        if subject_id is None:
            # "همتای عمانی وی نیز …" opening a sentence: the counterpart of the last sentence's subject
            subject_id = next((self.state.subjects[s] for s in range(m.sentence - 1, -1, -1)
                               if s in self.state.subjects and
                               self.entities[self.state.subjects[s]].country != country), None)
        anchor = self.entities.get(subject_id) if subject_id else None
        role = self._role_of(anchor) if anchor else None
        appos = self.by_start.get(m.appos) if m.appos is not None else None
        if appos is not None and appos.type == "PER":
            ent = self._resolve_name(appos) if appos.entity is None else self.entities[appos.entity]
            if not ent.country and _is_iso3(country):
                ent.country = country
            return self._attach(m, ent, "apposition")
        if role and country:
            named = self._named_in_article(role[0], country)
            if named is not None:
                return self._attach(m, named, "counterpart")
            ent, reason = self._holder(role[0], country)
            if ent is not None:
                return self._attach(m, ent, "counterpart")
        name = " ".join(t.norm for t in self._words(m))
        key = f"{role[0] if role else 'counterpart'}:{country}"
        return self._attach(m, self._unknown(key, "PER", name, country), "unknown")

    def _office_holder_before(self, m: Mention, country: str | None) -> str | None:
        """The person whose counterpart "همتای X خود" is: the nearest person before it in its sentence who holds an
        office, of another country ("بقائی گفت عراقچی با همتای عمانی خود دیدار کرد": Araghchi's, not the
        spokesman's)."""
        if m.words is None:
            return None
        for other in sorted(self.by_sentence.get(m.sentence, ()), key=lambda x: -(x.words or (0, 0))[0]):
            if other.words is None or other.words[1] > m.words[0] or other.entity is None:
                continue
            ent = self.entities.get(other.entity)
            if ent is not None and ent.type == "PER" and ent.country != country and self._role_of(ent):
                return ent.id
        return None

    # ------------------------------------------------------------------ names and pronouns

    def _words(self, m: Mention):
        sent = (self.doc.sentences or [])[m.sentence]
        i, j = m.words or (0, 0)
        return (self.doc.tokens or [])[sent.token_start + i: sent.token_start + j]

    def _resolve_name(self, m: Mention) -> Entity:
        if m.entity is not None:
            return self.entities[m.entity]
        if m.kb_id and not self._office_belies(m) and not self._before_their_time(m):
            ent = self._from_kb(m.kb_id)
            if ent is not None:
                return self._attach(m, ent, "alias")
        if m.source in ("tagger", "quote", "pattern") and m.title is None:
            # a name the tagger or a quote found may still be one the knowledge base knows ("آمادگی مسکو")
            same_type = [e for e in self.kb.lookup(m.text, self.on) if e.type == m.type or
                         {e.type, m.type} <= {"LOC", "GPE"}]
            if len(same_type) > 1 and all(e.type == "LOC" for e in same_type):
                # places of one name: the larger ("لندن" is London in England, not in Ontario)
                same_type = sorted(same_type, key=lambda e: -((e.extra or {}).get("population") or 0))[:1]
            if len(same_type) == 1 and same_type[0].id != m.body:  # (another country's body under the generic name)
                ent = self._from_kb(same_type[0].id)
                if ent is not None:
                    return self._attach(m, ent, "alias")
        words = [t.norm for t in self._words(m)]
        if m.name_start is not None:  # "سردار X Y": the title is part of the mention, not of the name
            words = words[m.name_start - m.words[0]:]
        elif m.title and words[:len(m.title.split())] == m.title.split():
            words = words[len(m.title.split()):] or words
        name = " ".join(words)
        key = token_key(name.replace(" ", "")) or name
        if m.body and m.country_hint:
            # "وزارت امور خارجه افغانستان" and "وزارت خارجه افغانستان": one body of one country, however written
            key = f"{m.body}@{m.country_hint}"
        if m.type == "PER" and len(words) == 1 and key in self.state.surnames:
            return self._attach(m, self.entities[self.state.surnames[key]], "surname")
        holder = self._holder_so_named(m, words) if m.type == "PER" else None
        if holder is not None:  # "عبدالله شاه اردن", "ملک سلمان": part of the name of the office's holder of the day
            return self._attach(m, holder, "name+role")
        spelled = self.kb.person_spelled_like(words) if m.type == "PER" and not m.kb_id else None
        if spelled is not None and not (m.country_hint and spelled.country and m.country_hint != spelled.country):
            ent = self._from_kb(spelled.id)  # "آنتونی بلینکین": Antony Blinken spelled another way
            if ent is not None:
                return self._attach(m, ent, "spelling")
        ent = self._unknown(key, m.type, name, m.country_hint)
        if m.body_sector and not ent.sector:
            ent.sector = m.body_sector  # "وزارت امور خارجه افغانستان": a government body, like Iran's
        if m.type == "PER" and len(words) >= 2:
            self.state.surnames.setdefault(token_key(words[-1]) or words[-1], ent.id)
        if m.appos is not None:
            role_m = self.by_start.get(m.appos)
            if role_m is not None and role_m.entity is None and role_m.type == "ROLE":
                self._attach(m, ent, "unknown")
                self._resolve_role(role_m)
                return ent
        return self._attach(m, ent, "unknown")

    def _before_their_time(self, m: Mention) -> bool:
        """"دکتر جانسون" in a news story of 2000 is not Boris Johnson: a known person named by one word only, in an
        article dated more than YEARS_BEFORE_OFFICE years before any office the knowledge base knows they held, is
        someone else of that name (a full name stays the person, who may be news before holding office)."""
        on = self.on
        person = self.kb.get(m.kb_id)
        if not on or not _one_name_word(m) or person is None or person.type != "PER" or not person.roles:
            return False
        starts = [r.start for r in person.roles if r.start]
        return len(starts) == len(person.roles) and int(min(starts)[:4]) - int(str(on)[:4]) > YEARS_BEFORE_OFFICE

    def _appos_office(self, m: Mention) -> Mention | None:
        """The office mention in apposition to a name ("X وزیر امور خارجه"), if any."""
        other = self.by_start.get(m.appos) if m.appos is not None else None
        return other if other is not None and other.type == "ROLE" else None

    def _office_belies(self, m: Mention) -> bool:
        """"دکتر مهاجرانی وزیر فرهنگ و ارشاد اسلامی": a known person named by surname alone, beside an office of one
        holder that the knowledge base knows and that this person never held, is someone else of that surname."""
        role_m = self._appos_office(m)
        if role_m is None or role_m.deputy or role_m.regional:
            return False
        role = role_m.role
        if role in MANY_HOLDERS or not _one_name_word(m):
            return False
        person = self.kb.get(m.kb_id)
        country = role_m.country or self.home
        return bool(person and person.roles and not any(r.role == role for r in person.roles)
                    and self._all_holders(role, country))

    def _holder_so_named(self, m: Mention, words: list[str]) -> Entity | None:
        """The holder, on the article's date, of the office in apposition to a name the knowledge base does not know
        as such, when the name is words of the holder's name ("عبدالله" of "عبدالله دوم")."""
        role_m = self._appos_office(m)
        if role_m is None or role_m.role in MANY_HOLDERS:
            return None
        country, on = role_m.country, self.on or self.inferred_on
        if not country or not on or country.startswith("@"):
            return None
        wanted = [token_key(w) for w in words]
        for kb_ent, _ in self.kb.holders(role_m.role, country, on):
            for alias in kb_ent.aliases:
                alias_words = [token_key(w) for w in alias.split()]
                if any(alias_words[k:k + len(wanted)] == wanted for k in range(len(alias_words))):
                    return self._from_kb(kb_ent.id)
        return None

    def _resolve_pronoun(self, m: Mention) -> Entity | None:
        kind = m.anaphor
        st = self.state
        if kind == "pron" and m.country_hint:
            # "این دیپلمات ایرانی": the last person named of that country
            person = self._last_person_of(m.country_hint)
            return self._attach(m, person, "pronoun") if person is not None else None
        if kind == "pron":
            prev = self._word_before(m)
            here = st.subjects.get(m.sentence)
            if prev in PREPOSITIONS and here:
                # "با وی" after a subject: the other person of this sentence
                others = [e for e in st.people if e != here]
                if others:
                    return self._attach(m, self.entities[others[-1]], "pronoun")
            for s in range(m.sentence - 1, -1, -1):
                if s in st.subjects:
                    return self._attach(m, self.entities[st.subjects[s]], "pronoun")
                if s in st.someone_of:
                    return None  # "سخنگوی پوتین گفت … وی افزود": the spokesman, whom the article does not name
            if st.people:
                return self._attach(m, self.entities[st.people[-1]], "pronoun")
            return None
        if kind in ("plural", "pair") and st.last_group:
            ent = self.entities[st.last_group[0]]
            m.members = list(st.last_group)
            m.entity, m.reason = ent.id, "pronoun"
            return ent
        if kind == "pair" and len(st.countries) >= 2:
            # "دو کشور": the last two countries in focus (named, or the countries of the people named)
            members = []
            for iso in st.countries[-2:]:
                country = self.kb.country(iso)
                ent = self._from_kb(country.id) if country else None
                if ent is not None:
                    members.append(ent)
            if len(members) == 2:
                m.members = [e.id for e in members]
                m.entity, m.reason = members[0].id, "pair"
                for e in members:
                    e.mentions.append(self.doc.span(m.start, m.end))
                return members[0]
        return None

    def _resolve_side(self, m: Mention) -> Entity | None:
        """"طرف روس": the last person named of that country, when the article named one (the Russian side of the
        talks is Lavrov); else the country."""
        country = self.kb.get(m.kb_id) if m.kb_id else None
        person = self._last_person_of(country.country) if country is not None and country.country else None
        return self._attach(m, person, "anaphor") if person is not None else self._resolve_name(m)

    def _last_person_of(self, iso: str) -> Entity | None:
        """The person of that country named last in the article, if any."""
        return next((self.entities[eid] for eid in reversed(self.state.people)
                     if self.entities[eid].country == iso), None)

    def _resolve_this_country(self, m: Mention) -> Entity | None:
        subject = self.entities.get(self.state.subjects.get(m.sentence, ""))
        iso = subject.country if subject is not None and subject.type == "PER" and subject.country else None
        iso = iso or self.state.last_country
        ent = self.kb.country(iso) if iso else None
        return self._attach(m, self._from_kb(ent.id), "anaphor") if ent else None

    # ------------------------------------------------------------------ driver

    def run(self) -> list[Entity]:
        mentions = sorted(self.doc.mentions or [], key=lambda m: (m.start, -m.end))
        groups: dict[str, list[str]] = {}
        for m in mentions:
            if m.entity is not None:
                continue
            if m.type == "ROLE":
                ent = self._resolve_role(m)
            elif m.type == "PRON":
                ent = self._resolve_pronoun(m)
            elif m.anaphor == "home":
                ent = self._from_kb(m.kb_id) if m.kb_id else None
                ent = self._attach(m, ent, "home") if ent else None
            elif m.anaphor == "this_country":
                ent = self._resolve_this_country(m)
            elif m.anaphor == "this_body":
                # "این وزارتخانه"، "این سازمان": the organisation named last
                ent = self._attach(m, self.entities[self.state.bodies[-1]], "anaphor") if self.state.bodies else None
            elif m.anaphor == "delegation" and self._word_before(m) == SIDE:
                ent = self._resolve_side(m)
            else:
                ent = self._resolve_name(m)
            if ent is not None and m.group:
                groups.setdefault(m.group, []).append(ent.id)
                self.state.last_group = groups[m.group]
        for m in mentions:
            if m.entity is None:
                m.reason = m.reason or "unknown"
        if self.learned:
            self.doc.meta["learned_roles"] = self.learned
        ordered = sorted(self.entities.values(), key=lambda e: e.mentions[0].start if e.mentions else 1 << 30)
        return [e for e in ordered if e.mentions]
