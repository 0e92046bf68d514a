"""Finding an event's arguments in its clause: who acts, who receives, where, on what occasion, when, about what.

`Context` holds what one document's extraction knows (its entities, its date, the places it puts its actors) and the
functions every frame uses:

- `subject(view, clause)`: the first person, office, country or organisation of the clause that no preposition
  governs and that is not a "را" object, with everything "و" and commas join to it ("ایران، روسیه و ترکیه") or the
  members of a plural office ("وزرای خارجه ایران و مصر");
- `after(view, lo, hi, preps)`: the mentions a preposition introduces ("با X، Y و Z": one item per person);
- `location`, `occasion`, `date`, `topics`, each with the words that support it.
"""
from __future__ import annotations

import functools
import re
from datetime import date as Date, timedelta

from didban.document import Document, Mention
from didban.events.views import CONNECTORS, Clause, View, key_of, keys_of
from didban.text.keys import latin_digits

ACTOR_TYPES = frozenset({"PER", "GPE", "ORG"})
PREP = keys_of(("با", "به", "از", "در", "برای", "علیه", "نزد", "جز", "بجز", "درباره", "پیرامون", "همراه", "توسط",
                "بین", "میان", "نسبت", "مقابل", "بر", "سوی", "جانب", "طرف", "طی", "پیش", "پس", "بدون", "تا"))
LIST = frozenset({"و", "،", ","}) | keys_of(("نیز", "همچنین"))
# "طرف", "سوی", "جانب" are prepositions only after one ("از طرف X"); alone they are the noun "side"
SIDE_NOUNS = keys_of(("طرف", "سوی", "جانب"))
# "با هیئتی از ازبکستان"، "با هیئتی به ریاست X": after a delegation word, "از" names whose it is and "به ریاست"
# who heads it, so neither ends the partners
DELEGATION_WORDS = keys_of(("هیئت", "هیات", "هیئتی", "هیاتی", "هیئت‌هایی", "هیات‌هایی", "نمایندگانی", "گروهی", "وفد",
                            "وفدی"))
# words naming a side's people, that may open a member of a list of parties ("X و مقامات چینی")
PARTY_WORDS = keys_of(("هیئت", "هیات", "هیئت‌های", "هیات‌های", "مقامات", "مقام‌های", "مقامهای", "نمایندگان",
                       "مسئولان", "مسئولین"))
# the first words of a body that is also a building where meetings are held
VENUE_HEADS = keys_of(("کاخ", "ارگ", "مقر", "ساختمان"))
# words a place of travel or stay follows
PLACE_OPENERS = keys_of(("در", "به", "وارد", "راهی", "رهسپار", "عازم"))
STOP_AFTER_WITH = keys_of(("در", "درباره", "پیرامون", "راجع", "برای", "طی", "پیرامون", "ضمن", "به", "از", "را"))
WEEKDAYS = {key_of(w): i for i, w in enumerate(("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"))}
WEEKDAYS.update({key_of("سه شنبه"): 1, key_of("پنج شنبه"): 3, key_of("پنج‌شنبه"): 3})
DAY_PARTS = keys_of(("روز", "عصر", "صبح", "شب", "ظهر", "بامداد", "بعدازظهر", "شامگاه", "صبحگاه", "غروب", "امروز",
                     "دیروز", "دیشب")) | {"(", "-"}
RELATIVE_DAYS = {key_of("دیروز"): -1, key_of("امروز"): 0, key_of("پریروز"): -2, key_of("دیشب"): -1}
TOPIC_OPENERS = ("در خصوص", "در مورد", "درباره", "در باره", "پیرامون", "راجع به", "در رابطه با", "حول",
                 "در زمینه", "در ارتباط با", "در رابطه به")
OCCASION_OPENERS = ("در حاشیه", "برای شرکت در", "به منظور شرکت در", "در جریان", "در چارچوب", "در خلال", "در پایان",
                    "در آستانه", "در جمع", "در مراسم", "در نشست", "در اجلاس", "در کنفرانس")
STOP_OCCASION = keys_of(("با", "و", "،", "که", "به", "دیدار", "ملاقات", "گفتگو", "رایزنی", "گفت"))
SIDES = frozenset(" ".join(key_of(w) for w in p.split()) for p in ("دو طرف", "طرفین", "آنها", "آنان", "ایشان",
                                                                    "دو مقام", "دو وزیر", "دو رئیس"))
DETERMINERS = keys_of(("این", "آن", "همین", "همان"))
# heads of noun phrases about sport, business or the arts: a country after them does not act
CIVILIAN_HEADS = keys_of(("تیم", "تیم‌های", "سرمربی", "مربی", "بازیکن", "بازیکنان", "کاپیتان", "باشگاه", "هواداران",
                          "تماشاگران", "لیگ", "فدراسیون", "شرکت", "شرکت‌های", "هنرمند", "هنرمندان", "خواننده",
                          "بازیگر", "بازیگران", "فیلم", "جشنواره", "ورزشکار", "ورزشکاران", "قهرمان", "المپیک",
                          # the press of a country speaks for itself, not for the country
                          "مطبوعات", "روزنامه‌های", "رسانه‌های", "روزنامه", "رسانه", "نشریات", "روزنامه‌ها",
                          # nor is a country's public opinion
                          "افکار"))
QUOTES = frozenset({"«", "»", "'", '"', "“", "”", "‘", "’"})
AGENT_OPENERS = ("از سوی", "از جانب", "از طرف", "توسط")
# words after which a name still starts a clause (not a noun it would be the possessor of): adverbs of time, and
# the classifiers that head a name ("گروه داعش"، "کشور قطر"، "دولت عراق")
NOT_NOUNS = keys_of(("نیز", "همچنین", "امروز", "دیروز", "روز", "عصر", "صبح", "شب", "بامداد", "ظهر", "اکنون", "هم",
                     "سپس", "آنگاه", "بعد", "قبل", "اخیرا", "اخیراً", "دیشب", "شامگاه", "چنانکه", "همانطور",
                     "گروه", "جنبش", "حزب", "کشور", "کشورهای", "دولت", "دولتهای", "رژیم", "جمهوری", "پادشاهی",
                     "سازمان", "شهر", "استان", "هیئت", "هیات", "جناب", "آقای", "خانم", "سردار", "سرلشکر", "دکتر",
                     "آیت‌الله", "حجت‌الاسلام", "شیخ", "امیر", "ملک", "سلطان", "مقام", "مقامات", "ملت", "مردم"))
# "به ریاست X"، "به سرپرستی X": X heads the delegation named before
HEADED_BY = keys_of(("ریاست", "سرپرستی", "رهبری", "ریاستِ"))
# the words that close a phrase of time ("در سال‌های گذشته"، "طی روزهای اخیر")
TIME_ENDS = keys_of(("گذشته", "اخیر", "آینده", "جاری", "پیش", "قبل", "امسال", "پارسال", "اخیراً"))
# "در حالی (که) X …"، "در صورتی که X …": the noun after "در" opens a clause, whose subject follows it
CLAUSE_NOUNS = keys_of(("حالی", "حالیکه", "حالی‌که", "صورتی", "زمانی", "هنگامی"))
THAT, TO, FROM = key_of("که"), key_of("به"), key_of("از")
# institutions named by their country ("ارتش پاکستان"، "پلیس ترکیه"): opening a clause, the country is theirs and the
# institution acts; inside a noun phrase ("حملات ارتش اسرائیل را") the whole is still the object's possessor
INSTITUTION_HEADS = keys_of(("ارتش", "پلیس", "دادستانی", "نیروهای", "نیروی", "سپاه", "مجلس", "دادگاه", "ستاد",
                             "گارد", "ناوگان", "وزارت", "وزارتخانه", "پارلمان", "کنگره", "سنا", "دستگاه", "نهادهای",
                             # a side's people: "هیئت‌های ایران و آمریکا … مذاکرات را برگزار کردند"
                             "هیئت", "هیات", "هیئت‌های", "هیات‌های", "مقامات", "مقام‌های", "مقامهای", "نمایندگان",
                             "مسئولان", "مسئولین", "دولت", "دولت‌های"))

# titles before a name (entities/data/cues.tsv's, and Dari's): the name after them is still the subject
TITLES = keys_of(("سید", "سیده", "آقای", "خانم", "دکتر", "مهندس", "سردار", "سرلشکر", "سرتیپ", "دریاسالار", "ارتشبد",
                  "سپهبد", "پاسدار", "دوم", "امیر", "دریادار", "سرهنگ", "ژنرال", "مولوی", "ملا", "حاجی", "الحاج",
                  "حجت‌الاسلام", "والمسلمین", "المسلمین", "آیت‌الله", "شیخ", "عالیجناب", "پرفسور", "پروفسور",
                  "العظمی", "حضرت", "مولانا", "مفتی", "قاری", "داکتر", "انجنیر", "جنرال", "دریابان", "شیخ‌الاسلام",
                  "محترم", "سناتور", "جلالتمآب", "جناب", "استاد", "علامه", "پرزیدنت", "حاج", "شهید", "مرحوم"))

# nouns of someone who is someone else's ("سخنگوی پوتین"، "همسر عمران خان"); a person's supporters ("حامیان عمران
# خان") are their camp, and act for it
SOMEONE_OF = keys_of(("سخنگوی", "سخنگو", "دستیار", "مشاور", "همسر", "وکیل", "وکلای", "پسر", "دختر", "برادر", "خواهر",
                      "پدر", "مادر", "فرزند", "فرزندان", "معاون", "نماینده", "فرستاده", "منشی", "محافظ", "محافظان",
                      "رئیس‌دفتر", "مخالفان", "اطرافیان", "نزدیکان",
                      "خانواده", "مدیرعامل", "کارمندان", "کارکنان", "منتقدان", "رقیب", "رقبای", "جانشین", "مشاوران",
                      "دستیاران", "معاونان", "نمایندگان", "وابستگان", "همراهان", "همکاران"))

# nouns of an office that the name of a body or country completes ("نماینده طالبان"، "سفیر ایران")
OFFICE_NOUNS = keys_of(("نماینده", "سفیر", "سخنگوی", "رئیس", "وزیر", "معاون", "مشاور", "فرمانده", "دبیرکل",
                        "رهبر", "سرپرست", "کاردار", "سرکنسول", "فرستاده", "مسئول", "مقام", "والی", "استاندار"))

# words that open a noun phrase by counting it: no possessive chain runs through them
QUANTIFIERS = keys_of(("ده‌ها", "صدها", "هزاران", "چند", "چندین", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت",
                       "هشت", "نه", "ده", "تعدادی", "شماری", "گروهی", "برخی", "بسیاری"))


def _key_text(m: Mention) -> str:
    return " ".join(key_of(w) for w in m.text.split())


@functools.lru_cache(maxsize=4096)
def _fold_phrase(phrase: str) -> str:
    return " ".join(key_of(w) for w in phrase.split())


class Context:
    def __init__(self, doc: Document, home: str = "IRN"):
        self.doc = doc
        self.home = home
        self.entities = {e.id: e for e in doc.entities or []}
        self.published = _parse_iso(doc.published)
        self._stand_ins: dict[str, str] = {}
        self._mentions_by_entity: dict[str, list[Mention]] = {}
        for m in doc.mentions or []:
            if m.entity:
                self._mentions_by_entity.setdefault(m.entity, []).append(m)
        self.place_context: list[tuple[int, str]] = []
        self.last_group: list[str] = []  # the actors of the last event with several: what "آنها" refers to
        self.last_speaker: tuple[int, list[str]] | None = None  # (sentence, actors) of the last statement before
        self.last_subject: tuple[int, list[str]] | None = None  # (sentence, subject) of the sentence before
        self.met: set[str] = set()  # the parties of the meetings found so far
        self._dates: dict[tuple[int, int], tuple] = {}

    # ------------------------------------------------------------------ entities
    def type_of(self, eid: str) -> str | None:
        ent = self.entities.get(eid)
        return ent.type if ent else None

    def country_of(self, eid: str) -> str | None:
        ent = self.entities.get(eid)
        return ent.country if ent else None

    def members(self, m: Mention) -> list[str]:
        ids = m.members or ([m.entity] if m.entity else [])
        return [self.stand_in(e) for e in ids]

    def stand_in(self, eid: str) -> str:
        """An office-holder nobody names ("سفیر ایران در بغداد") acts for their country, as CAMEO codes actors
        (IRNGOV): the event keeps the country, and the office's words stay in the evidence."""
        if eid in self._stand_ins:
            return self._stand_ins[eid]
        out = eid
        if self.unnamed_office(eid):
            country = f"GPE:{self.entities[eid].country}" if self.entities[eid].country else None
            if country in self.entities:
                out = country
        self._stand_ins[eid] = out
        return out

    @property
    def stand_ins(self) -> dict[str, str]:
        return self._stand_ins

    def political(self, eid: str) -> bool:
        """States, governments, international bodies, armed forces, legislatures, people holding an office, and people
        whom a meeting of the article has met (whoever meets officials is news)."""
        ent = self.entities.get(eid)
        if ent is None:
            return False
        if ent.type == "GPE":
            return True
        if ent.type == "ORG":
            return (ent.sector or "") in ("GOV", "IGO", "MIL", "LEG", "JUD", "REB", "OPP", "PTY", "SPY", "REL", "COP")
        if ent.type == "PER":
            return bool(ent.roles) or bool(ent.kb_id) or eid in self.met or \
                any(m.type == "ROLE" or m.official for m in self.mentions_of(eid))
        return False

    def media(self, eid: str) -> bool:
        ent = self.entities.get(eid)
        return ent is not None and ent.type == "ORG" and (ent.sector or "") in ("JRN", "MED")

    def unnamed_office(self, eid: str) -> bool:
        """An office-holder that neither the knowledge base nor the article names (only an office phrase refers to
        them, e.g. "نایب رئیس مجلس ارمنستان")."""
        ent = self.entities.get(eid)
        if ent is None or ent.kb_id is not None or ent.type != "PER":
            return False
        return all(m.type == "ROLE" for m in self.mentions_of(eid))

    def mentions_of(self, eid: str) -> list[Mention]:
        return self._mentions_by_entity.get(eid, [])

    def home_entity(self) -> str | None:
        home = self.doc.meta.get("outlet_country") or self.home
        eid = f"GPE:{home}"
        return eid if eid in self.entities else None

    def actorlike(self, m: Mention) -> bool:
        if m.inside:
            return False
        if m.type in ("ROLE", "PRON"):
            return True
        return self.type_of(m.entity or "") in ACTOR_TYPES

    # ------------------------------------------------------------------ structure
    @classmethod
    def governed(cls, v: View, m: Mention, depth: int = 0) -> bool:
        """True if a preposition governs the mention (it is then not a subject): right before it, at the head of the
        noun phrase it ends ("از مواضع ایران", "در خصوص روابط ایران"), or governing the mention it is coordinated
        with ("میان افغانستان و پاکستان"). The look back stops at punctuation, another mention or a verb."""
        i, _ = v.words_of(m)
        ends = {v.words_of(x)[1]: x for x in v.mentions if x is not m and not x.inside}
        for k in range(i - 1, max(-1, i - 7), -1):
            key = v.keys[k]
            if key in QUOTES:
                continue  # "با «بدر عبدالعاطی»"
            if key in SIDE_NOUNS and (k == 0 or v.keys[k - 1] not in PREP):
                return False  # "طرف روس خواستار … شد": a side, the subject; "از طرف X" is an agent
            if key in PREP:
                # "هیئتی به ریاست عراقچی": the head of a delegation leads it, and acts
                return not (k + 2 == i and v.keys[k + 1] in HEADED_BY)
            if key in CLAUSE_NOUNS:
                return False
            if (key in DETERMINERS or key in TIME_ENDS) and k < i - 1:
                # "در این نشست نمایندگان روسیه …"، "در سال‌های گذشته مقامات آمریکایی …": the phrase of place or
                # time ended before the name
                return False
            if k + 1 in ends and k + 1 != i:
                other = ends[k + 1]
                between = v.keys[k + 1:i]
                coordinated = between and all(w in LIST or w in QUOTES for w in between)
                return coordinated and depth < 4 and cls.governed(v, other, depth + 1)
            if key in ("،", ",") and k in ends and k + 1 == i and cls._listed_on(v, m):
                continue  # "از سوی سازمان ملل، اتحادیه اروپا و ایران": a list the preposition governs
            if not key or not any(ch.isalpha() for ch in key) or v.is_verb_word(k) or key in ("را", "که"):
                return False
        return False

    @staticmethod
    def _listed_on(v: View, m: Mention) -> bool:
        """Whether a list goes on after the mention ("A، B و C": B is followed by "و" or a comma and a name)."""
        _, j = v.words_of(m)
        return j < len(v.keys) and (v.keys[j] == key_of("و") or
                                     v.keys[j] in ("،", ",") and any(v.words_of(x)[0] == j + 1 for x in v.mentions))

    @staticmethod
    def is_object(v: View, m: Mention) -> bool:
        """A mention right before "را" (or its apposition before "را") is a direct object, not a subject."""
        _, j = v.words_of(m)
        while j < len(v.keys) and v.keys[j] in ("،", ","):
            j += 1
        return j < len(v.keys) and v.keys[j] == key_of("را")

    def subject(self, v: View, lo: int, hi: int) -> tuple[list[str], list[Mention]]:
        """The subject of the words [lo, hi): the first ungoverned actor-like mention and its coordinated mates."""
        cands = [m for m in v.mentions if lo <= v.words_of(m)[0] < hi and self.actorlike(m)]
        by_start = {x.start: x for x in v.mentions}
        for n, m in enumerate(cands):
            if self.governed(v, m) or self._object_group(v, m, cands[n + 1:]):
                continue
            if self.civilian_head(v, m):
                break  # "سرمربی تیم ملی فوتبال افغانستان گفت": the coach speaks, not Afghanistan
            if self._persons_possessor(v, m, lo):
                break  # "سخنگوی پوتین گفت"، "وکیل عمران خان …": someone of the person's speaks, not the person
            partner = by_start.get(m.appos)
            if partner is not None and partner.start < m.start and \
                    (self.governed(v, partner) or self.is_object(v, partner)):
                continue  # "با «روبرتو فیکو» رئیس مجلس ایتالیا": the office is in apposition to the partner
            if m.type == "PRON" and (not self.members(m) or _key_text(m) in SIDES) and \
                    m.anaphor in ("plural", "pair") and self.last_group:
                # "آنها"، "دو طرف": the parties of the last event that had several
                return list(self.last_group), [m]
            if m.type == "PRON" and not self.members(m):
                continue
            group = [m]
            end = v.words_of(m)[1]
            for other in cands[n + 1:]:
                oi, oj = v.words_of(other)
                if oi < end:  # nested in the previous (an apposition inside it)
                    continue
                gap = v.keys[end:oi]
                appos = other.appos in {g.start for g in group} or \
                    any(g.appos == other.start for g in group)
                described = by_start.get(other.appos)  # "عراقچی وزیر خارجه ایران را": the office ends the object
                if not appos and (self.is_object(v, other) or described is not None and
                                  described.start > other.start and self.is_object(v, described)):
                    break
                # "هیئت طالبان و مقامات چینی"، "X و هیئت چین": a party word may open the next member of the list
                joint = gap[:-1] if len(gap) > 1 and gap[-1] in PARTY_WORDS else gap
                listed = all(g in LIST or g in ("«", "»") for g in joint) and any(g in LIST for g in joint)
                if listed:
                    group.append(other)
                    end = oj
                elif appos and (not gap or set(gap) <= {"،", ","}):
                    group.append(other)
                    end = oj
                else:
                    break
            head = self._head_after(v, end, cands)
            if head is not None:  # "هیئت امارت اسلامی به ریاست امیرخان متقی": the head acts for the delegation
                return list(self.members(head)), [head]
            named = self._named_in_apposition(v, group, cands, hi)
            if named is not None:  # "سفیر ایران در کابل، علیرضا بیکدلی، گفت": the person the office phrase names
                return list(self.members(named)), [named]
            ids: list[str] = []
            for g in group:
                for e in self.members(g):
                    if e not in ids:
                        ids.append(e)
            return self._people_over_their_countries(ids), group
        return [], []

    def _head_after(self, v: View, end: int, cands: list[Mention]) -> Mention | None:
        """The person named by "به ریاست X" right after the words ending at `end`."""
        if end + 2 >= len(v.keys) or v.keys[end] != TO or v.keys[end + 1] not in HEADED_BY:
            return None
        return next((m for m in cands if v.words_of(m)[0] == end + 2 and
                     (m.type in ("PER", "ROLE") or self.type_of(m.entity or "") == "PER")), None)

    def _persons_possessor(self, v: View, m: Mention, lo: int) -> bool:
        """A person named after the noun (and its adjectives) that opens the clause: "سخنگوی پوتین"، "همسر عمران
        خان"، "مشاور اجتماعی رئیس‌جمهور" — the noun's someone is the subject, not the person. A title ("آقای"،
        "حجت‌الاسلام")، an office told as a mention of its own ("رئیس‌جمهور پزشکیان")، a word of time or a phrase of
        place before the name leaves the name the subject."""
        if not (m.type == "PER" or self.type_of(m.entity or "") == "PER"):
            return False
        i, _ = v.words_of(m)
        ends = {v.words_of(x)[1] for x in v.mentions if x is not m}
        k = i - 1
        while k >= lo and k >= i - 3:
            key = v.keys[k]
            if key in TITLES or key in NOT_NOUNS or key in WEEKDAYS or key in DAY_PARTS or key in PREP or \
                    key in DETERMINERS or key in LIST or key in CONNECTORS or key in QUOTES or key == THAT or \
                    key in TIME_ENDS or not key or not any(ch.isalpha() for ch in key) or v.is_verb_word(k) or \
                    k + 1 in ends or key == key_of("را"):
                return False
            if k == lo or v.keys[k - 1] in ("،", ",", ":", "؛", ".", "«", key_of("و")):
                return key in SOMEONE_OF
            k -= 1
        return False

    def _named_in_apposition(self, v: View, group: list[Mention], cands: list[Mention], hi: int) -> Mention | None:
        """"سفیر ایران در کابل، علیرضا بیکدلی، …"، "نماینده طالبان در دوحه، سهیل شاهین، …": an office phrase that
        names no one (an office nobody names, or a body or country inside it), closed by a comma, then a person's
        name: the person is the subject. Not a list ("ایران، روسیه و ترکیه"), nor a person named before."""
        if len(group) != 1:
            return None
        m = group[0]
        ids = self.members(m)
        if not ids or any(self.type_of(e) == "PER" and not self.unnamed_office(e) for e in ids) or \
                (m.type != "ROLE" and not self._office_word_before(v, m)):
            return None
        end = v.words_of(m)[1]
        comma = next((k for k in range(end, min(hi, end + 5)) if v.keys[k] in ("،", ",")), None)
        if comma is None or any(v.is_verb_word(k) or v.keys[k] in (key_of("را"), THAT) or v.keys[k] in LIST
                                for k in range(end, comma)):
            return None
        person = next((x for x in cands if v.words_of(x)[0] == comma + 1), None)
        if person is None or person.type == "ROLE" or self.type_of(person.entity or "") != "PER":
            return None
        after = v.words_of(person)[1]
        if after < len(v.keys) and v.keys[after] in LIST - {"،", ","}:
            return None  # "…، A و B": a list goes on
        return person

    @staticmethod
    def _office_word_before(v: View, m: Mention) -> bool:
        """Whether an office noun heads the phrase the mention ends ("نماینده طالبان"، "سخنگوی وزارت خارجه")."""
        i, _ = v.words_of(m)
        return i > 0 and v.keys[i - 1] in OFFICE_NOUNS

    @staticmethod
    def civilian_head(v: View, m: Mention) -> bool:
        """A country or body named as the possessor of a team, club, company or artist ("تیم ملی فوتبال ایران",
        "سرمربی تیم افغانستان"): the noun phrase is about sport, business or art, not the country acting."""
        i, _ = v.words_of(m)
        for k in range(i - 1, max(-1, i - 5), -1):
            if v.keys[k] in CIVILIAN_HEADS:
                return True
            if not v.keys[k] or not any(ch.isalpha() for ch in v.keys[k]) or v.keys[k] in PREP:
                return False
        return False

    def _object_group(self, v: View, m: Mention, rest: list[Mention]) -> bool:
        """Whether the mention is part of a "را" object: itself before "را", its apposition before "را"
        ("آلیس ولز، معاون وزیر خارجه آمریکا را"), or a list before "را" joined by "و" ("ایران و عمان را",
        "A، B و C را"). A comma alone does not join: "اشرف غنی، آلیس ولز را پذیرفت" has a subject and an object."""
        if self.is_object(v, m) or self._possessor_in_object(v, m):
            return True
        end, saw_and = v.words_of(m)[1], False
        for other in rest:
            oi, oj = v.words_of(other)
            if oi < end:
                continue
            gap = v.keys[end:oi]
            appos = other.appos == m.start or m.appos == other.start
            if gap == ["و"]:
                saw_and = True
            elif gap and all(g in ("،", ",") for g in gap) and not appos:
                pass
            elif not (appos and all(g in ("،", ",") for g in gap)):
                return False
            if self.is_object(v, other):
                return saw_and or appos or not gap
            end = oj
        return False

    def _possessor_in_object(self, v: View, m: Mention) -> bool:
        """A name after a noun, in a noun phrase that ends in "را": "تمامی حملات نظامی رژیم اشغالگر در سوریه را
        محکوم کردند" — the regime is whose attacks were condemned, not who condemned."""
        i, j = v.words_of(m)
        if i == 0:
            return False
        before = v.keys[i - 1]
        if not before or not any(ch.isalpha() for ch in before) or before in LIST or before in PREP or \
                before in NOT_NOUNS or before in CONNECTORS or before == THAT or v.is_verb_word(i - 1) or \
                any(v.words_of(x)[1] == i for x in v.mentions):
            return False  # (after "که" or "اما" the name opens a clause)
        if before in INSTITUTION_HEADS and self._opens_clause(v, i - 1):
            return False
        if i >= 2 and v.keys[i - 2] in INSTITUTION_HEADS and self._opens_clause(v, i - 2):
            return False  # "نیروهای امنیتی پاکستان … را بازداشت کردند": the forces' adjective, then their country
        if j < len(v.keys) and (v.keys[j] in QUANTIFIERS or any(ch.isdigit() for ch in v.keys[j] or "")):
            return False  # "X ده‌ها مهاجر را …": a count opens the object; the name before it ended its phrase
        ra = key_of("را")
        for k in range(j, min(len(v.keys), j + 8)):
            if v.keys[k] == ra:
                return True
            if v.is_verb_word(k) or v.keys[k] in ("،", ",", ":", "؛", ".") or v.keys[k] == key_of("که"):
                return False
        return False

    @staticmethod
    def _opens_clause(v: View, k: int) -> bool:
        """Whether word k starts its clause: first, or after punctuation, "و" or an adverb of time."""
        return k == 0 or v.keys[k - 1] in ("،", ",", ":", "؛", ".", "«", key_of("و")) or v.keys[k - 1] in NOT_NOUNS

    def _people_over_their_countries(self, ids: list[str]) -> list[str]:
        """A subject of people and their own countries in one breath keeps the people ("ایران و عراقچی")."""
        people_countries = {self.country_of(e) for e in ids if self.type_of(e) == "PER"}
        return [e for e in ids if not (self.type_of(e) == "GPE" and self.country_of(e) in people_countries)] or ids

    def clause_subject(self, v: View, clause: Clause) -> tuple[list[str], list[Mention]]:
        hi = clause.verb.start if clause.verb else clause.end
        return self.subject(v, clause.start, hi)

    def after(self, v: View, lo: int, hi: int, preps: tuple[str, ...]) -> list[list[str]]:
        """The mentions a preposition in [lo, hi) introduces, up to the next preposition of another kind: one item per
        person or list member ("با A، B و C" -> [[A], [B], [C]]); a country qualifying the person before it is not
        an item of its own ("ایگور ایوانف دبیر سابق امنیت ملی فدراسیون روسیه")."""
        if "را" in preps:
            objects = self.objects(v, lo, hi)
            if objects:
                return [[e] for e in objects]
            preps = tuple(p for p in preps if p != "را")
        keyset = {_fold_phrase(p) for p in preps}
        for i in range(lo, hi):
            if v.keys[i] in keyset or (i + 1 < hi and f"{v.keys[i]} {v.keys[i + 1]}" in keyset):
                if not any(v.words_of(m)[0] < i < v.words_of(m)[1] for m in v.mentions):
                    items = self._after_at(v, i, hi, keyset)
                    if items:  # "با حضور در ستاد کل … با سرلشکر باقری": the first "با" names no one, the next does
                        return items
        return []

    def _after_at(self, v: View, at: int, hi: int, keyset: set[str]) -> list[list[str]]:
        first = at + (2 if f"{v.keys[at]} {v.keys[at + 1] if at + 1 < len(v.keys) else ''}" in keyset else 1)
        stop = hi
        for i in range(first, hi):
            if v.keys[i] in STOP_AFTER_WITH and not self._delegation_of(v, i) and \
                    not any(v.words_of(m)[0] < i < v.words_of(m)[1] for m in v.mentions):
                stop = i
                break
            if v.is_verb_word(i):
                stop = i
                break
        items: list[list[str]] = []
        seen: set[str] = set()
        last_end, last_was_person = None, False
        role_ends = {v.words_of(m)[1] for m in v.mentions if m.type == "ROLE"}
        for m in v.mentions:
            i, j = v.words_of(m)
            if i < first or i >= stop or not self.actorlike(m):
                continue
            if i in role_ends and m.type == "ROLE" and last_end is not None and i == last_end:
                continue  # "نماینده ویژه رئیس‌جمهور زیمبابوه": whose envoy, not another partner
            if last_end is not None and i > last_end and \
                    any(k not in LIST and k not in QUOTES for k in v.keys[last_end:i]):
                if items and i == last_end + 2 and v.keys[last_end] == TO and v.keys[last_end + 1] in HEADED_BY \
                        and self.type_of(items[-1][0]) in ("GPE", "ORG") and \
                        (m.type in ("PER", "ROLE") or self.type_of(m.entity or "") == "PER"):
                    # "با هیئت ترکمنستان به رهبری رشید مردوف": the delegation's head is the partner
                    items[-1] = [e for e in self.members(m)]
                break  # "با عباس عراقچی، حملات اسرائیل را …": a word between ends the list of partners
            ids = [e for e in self.members(m) if e not in seen]
            separated = last_end is None or any(k in LIST for k in v.keys[last_end:i])
            is_person = m.type in ("PER", "ROLE") or self.type_of(ids[0] if ids else "") == "PER"
            last_end = j
            if not ids:
                continue
            if not separated and last_was_person and not is_person:
                continue
            last_was_person = is_person
            for e in ids:
                seen.add(e)
                items.append([e])
        people_countries = {self.country_of(e[0]) for e in items if self.type_of(e[0]) == "PER"}
        return [it for it in items if not (self.type_of(it[0]) == "GPE" and self.country_of(it[0]) in people_countries)]

    @staticmethod
    def _delegation_of(v: View, i: int) -> bool:
        """Whether the preposition at i says whose a delegation is or who heads it: "هیئتی از X"، "هیئتی به ریاست
        X" (an adjective may stand between: "هیئتی تجاری از X")."""
        if not any(k in DELEGATION_WORDS for k in v.keys[max(0, i - 3):i]):
            return False
        if v.keys[i] == FROM:
            return True
        return v.keys[i] == TO and i + 1 < len(v.keys) and v.keys[i + 1] in HEADED_BY

    def objects(self, v: View, lo: int, hi: int) -> list[str]:
        """The "را" objects in [lo, hi): the mentions of the noun phrase before each "را" (a list joined by "و")."""
        out: list[str] = []
        ra = key_of("را")
        for k in range(lo, hi):
            if v.keys[k] != ra:
                continue
            back = k
            for m in sorted(v.mentions, key=lambda x: -v.words_of(x)[1]):
                i, j = v.words_of(m)
                if j > back or i < lo or not self.actorlike(m):
                    continue
                gap = v.keys[j:back]
                if gap and not all(g in LIST for g in gap) and back != k:
                    break
                if back == k and any(g in PREP or v.is_verb_word(j + n) for n, g in enumerate(gap)):
                    break
                out.extend(e for e in self.members(m) if e not in out)
                back = i
        return out

    def inside(self, v: View, i: int, j: int, types=("PER", "ROLE"), skip_possessors: bool = False) -> list[str]:
        """Actors named inside the words [i, j) (a trigger phrase such as "مورد استقبال X قرار گرفت")."""
        out: list[str] = []
        role_ends = {v.words_of(m)[1] for m in v.mentions if m.type == "ROLE"}
        for m in v.mentions:
            if skip_possessors and v.words_of(m)[0] in role_ends:
                continue  # "نماینده ویژه رئیس‌جمهور آمریکا": whose envoy, not a party
            if i <= v.words_of(m)[0] < j and self.actorlike(m) and (m.type in types or
                                                                     self.type_of(m.entity or "") in types):
                for e in self.members(m):
                    if e not in out:
                        out.append(e)
        return out

    def agent(self, v: View, lo: int, hi: int) -> list[str]:
        """The agent of a passive: "از سوی X"، "توسط X"."""
        items = self.after(v, lo, hi, AGENT_OPENERS)
        return [e for item in items for e in item]

    # ------------------------------------------------------------------ place, occasion, time, topics
    def build_place_context(self, views: list[View]) -> None:
        """Places where the article puts its actors, by sentence: (sentence, entity id). A place counts when it follows
        "در"/"به" in a sentence that says someone travelled or stays there ("به جده سفر کرده است", "در دوحه به سر
        می‌برد", "وارد رم شده"), or in a headline ("... در نیویورک")."""
        travel = re.compile(r"(?<!\S)(?:" + "|".join(_fold_phrase(w) for w in (
            "سفر", "سفری", "وارد", "عازم", "آمد", "آمده", "رفت", "رفته", "به سر", "حضور", "اقامت", "میزبان", "راهی",
            "رهسپار", "عزیمت")) + r")")
        out = []
        for v in views:
            if not (travel.search(v.text) or v.headline_like):
                continue
            for m in v.mentions:
                ent = self.entities.get(m.entity or "")
                if ent is None or ent.type not in ("LOC", "GPE") or m.inside:
                    continue
                i, _ = v.words_of(m)
                if i > 0 and v.keys[i - 1] in PLACE_OPENERS:  # "راهی بیروت شد"، "رهسپار دمشق شد"
                    out.append((v.index, ent.id))
        self.place_context = out

    def location(self, v: View, lo: int, hi: int, parties: list[str],
                 topics: list[tuple[int, int]] = ()) -> Mention | None:
        """The place of an event: a place after "در"/"به" in its clause, not in a topic, not one of its parties."""
        best = None
        for m in v.mentions:
            i = v.words_of(m)[0]
            if not lo <= i < hi or any(a <= i < b for a, b in topics):
                continue
            ent = self.entities.get(m.entity or "")
            venue = ent is not None and ent.type == "ORG" and v.keys[i] in VENUE_HEADS  # "در کاخ الیزه"، "در ارگ"
            if ent is None or (ent.type not in ("LOC", "GPE") and not venue) or m.inside:
                continue
            if not (i > 0 and v.keys[i - 1] in (key_of("در"), key_of("به"))):
                continue
            if ent.type == "GPE" and ent.id in parties:
                continue
            if best is None or (ent.type in ("LOC", "ORG") and self.entities[best.entity].type == "GPE") or \
                    (venue and self.entities[best.entity].type == "LOC"):
                best = m  # the most precise place: a palace over its city over its country
        return best

    def context_location(self, v: View, near: str | None) -> str | None:
        """A place the article puts its actors in: the nearest before this sentence, else any; a city wins over its
        country (a meeting "در قطر" in an article that says "در دوحه" is in Doha)."""
        if near is not None and self.type_of(near) == "GPE":
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
                if self.type_of(eid) == "LOC":
                    return eid
        return None

    def occasion(self, v: View) -> tuple[int, int] | None:
        for opener in OCCASION_OPENERS:
            key = _fold_phrase(opener)
            for mt in re.finditer(r"(?<!\S)" + re.escape(key) + r"(?!\S)", v.text):
                start = v.word_at(mt.start()) + len(opener.split())
                end = start
                while end < len(v.keys) and v.keys[end] not in STOP_OCCASION and end - start < 14 \
                        and not v.is_verb_word(end):
                    if v.keys[end] == key_of("در") and end > start:
                        nxt = [m for m in v.mentions if v.words_of(m)[0] == end + 1 and
                               self.type_of(m.entity or "") in ("LOC", "GPE")]
                        if nxt:
                            break
                    end += 1
                if end > start:
                    return start, end
        return None

    def topics(self, v: View, lo: int, hi: int) -> list[tuple[int, int]]:
        out = []
        for opener in TOPIC_OPENERS:
            key = _fold_phrase(opener)
            for mt in re.finditer(r"(?<!\S)" + re.escape(key) + r"(?!\S)", v.text):
                start = v.word_at(mt.end() + 1) if mt.end() + 1 < len(v.text) else len(v.keys)
                if not lo <= start < hi + 1:
                    continue
                end = start
                while end < min(hi, start + 20) and not v.is_verb_word(end):
                    end += 1
                if end > start:
                    out.append((start, end))
        return out[:2]

    def explicit_date(self, v: View) -> tuple[str | None, str | None, tuple[int, int] | None]:
        """A date written in the sentence: in full ("۱۸ اسفند ۱۴۰۳"), or day and Jalali month alone ("18 آذر"),
        the year then being the one that puts it on or just before the publication date."""
        from didban.text.dates import DARI_MONTHS, JALALI_MONTHS, find_dates

        if not v.tokens:
            return None, None, None
        base = v.tokens[0].start
        text = self.doc.text[base:v.tokens[-1].end]
        for start, end, found, _ in find_dates(text):
            if found is not None:
                return found.isoformat(), "text", self._word_span(v, base + start, base + end)
        if self.published is None:
            return None, None, None
        months = {key_of(m): n + 1 for table in (JALALI_MONTHS, DARI_MONTHS) for n, m in enumerate(table)}
        for i in range(len(v.keys) - 1):
            day = latin_digits(v.tokens[i].norm)
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

    @staticmethod
    def _word_span(v: View, start: int, end: int) -> tuple[int, int]:
        words = [n for n, t in enumerate(v.tokens) if t.start < end and t.end > start]
        return (words[0], words[-1] + 1) if words else (0, 1)

    def date(self, v: View) -> tuple[str | None, str | None, tuple[int, int] | None]:
        """The event's date from its sentence (computed once per view)."""
        key = (v.index, v.base)
        if key not in self._dates:
            self._dates[key] = self._date(v)
        return self._dates[key]

    def _date(self, v: View) -> tuple[str | None, str | None, tuple[int, int] | None]:
        explicit = self.explicit_date(v)
        if explicit[0]:
            return explicit
        if self.published is None:
            return None, None, None
        for i, k in enumerate(v.keys):
            if k in RELATIVE_DAYS:
                return (self.published + timedelta(days=RELATIVE_DAYS[k])).isoformat(), "relative", (i, i + 1)
            if k == key_of("روز") and i + 1 < len(v.keys) and v.keys[i + 1] == key_of("گذشته"):
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


def _parse_iso(value: str | None) -> Date | None:
    try:
        return Date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
