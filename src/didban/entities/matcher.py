"""Finding mentions in a segmented document.

Per sentence, over its words:
1. the knowledge-base gazetteer (names and aliases of people, organisations, countries, places) together with the
   office phrases ("وزیر امور خارجه") and the cue words of entities/data/cues.tsv, longest match first;
2. offices are extended with their country ("وزیر امور خارجه" + "ترکیه", "رئیس جمهور" + "جمهوری اسلامی ایران") and
   marked as a lower office when a deputy word precedes them ("قائم‌مقام وزیر امور خارجه");
3. plural offices with a list of countries ("وزرای خارجه جمهوری اسلامی ایران و مصر") and counterparts with their
   demonyms ("همتای مصری خود", "همتایان پاکستانی، سومالیایی و مصری") become one mention per person;
4. names the knowledge base does not know: after a title ("سید"، "دکتر"), inside quotes («بدر عبدالعاطی»), or found by
   the learned tagger;
5. appositions (a name next to an office) are linked both ways, for the resolve stage.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from didban.disk_cache import cached, files_fingerprint
from didban.document import Document, Mention, Token
from didban.entities.gazetteer import Gazetteer, Match
from didban.text.keys import token_key
from didban.text.verbs import analyse_word, is_light_nominal, verb_at

DATA = Path(__file__).parent / "data"

# words that cannot start or be part of an unknown person's name (function words, verbs' light parts, and the event
# nouns a headline opens with: the tagger reads "تماس تلفنی وزیر …" as a name)
# possessive endings glued to a demonym ("همتای روسی‌اش" his Russian counterpart), folded (no ZWNJ)
POSSESSIVE_CLITICS = ("اش", "شان", "ش")
AND = token_key("و")
STOP_WORDS = frozenset("""
و در با از به را که این آن برای تا بر یا هم نیز همچنین اما ولی پس پیش ضمن طی روز عصر صبح شب دیروز امروز
کرد کردند شد شدند است هست بود بودند دیدار گفت گفتگو گفت‌وگو ملاقات رایزنی خود وی او ایشان آنها نیز هیچ
تماس تلفنی گفتگوی گفت‌وگوی نشست سفر مذاکره مذاکرات خواستار خواهان
""".split())
PLACE_CUES = frozenset(token_key(w) for w in ("در", "به", "از", "تا", "شهر", "پایتخت", "وارد", "عازم", "بندر",
                                              "استان", "فرودگاه", "ولایت", "ولسوالی", "ایالت", "شهرستان", "بر",
                                              "راهی", "رهسپار"))
STRONG_PLACE_CUES = frozenset(token_key(w) for w in ("شهر", "پایتخت", "وارد", "عازم", "بندر", "استان", "فرودگاه",
                                                     "ولایت", "ولسوالی", "ایالت", "شهرستان", "استان‌های", "راهی",
                                                     "رهسپار"))
TRAVEL_WORDS = frozenset(token_key(w) for w in ("سفر", "سر", "وارد", "عازم", "اقامت", "دیدار", "ملاقات", "نشست",
                                                "اجلاس", "برگزار", "رفت", "آمد", "حضور", "میزبان", "کنفرانس"))
PLACE_WORDS = frozenset(token_key(w) for w in ("شهر", "استان", "منطقه", "روستای", "بندر"))
PERSON_CUES = frozenset(token_key(w) for w in ("با", "آقای", "خانم"))
TYPE_PRIORITY = {"GPE": 0, "PER": 1, "ORG": 2, "LOC": 3}
QUOTE_OPEN = {"«": "»", '"': '"', "“": "”", "'": "'"}
MAX_NAME_WORDS = 4
# words after which an unknown name before an office may start (also punctuation, and the sentence's start)
NAME_OPENERS = frozenset(token_key(w) for w in ("با", "و", "از", "به", "میان", "بین", "توسط", "سوی", "جانب", "طرف", "نیز",
                                                "همچنین",
                                                "دیدار", "ملاقات"))
# words between a deputy word and the office it is the deputy of: which deputy ("معاون سیاسی", "مشاور ارشد")
DEPUTY_QUALIFIERS = frozenset(token_key(w) for w in (
    "اول", "دوم", "سوم", "ارشد", "ویژه", "عالی", "سیاسی", "اقتصادی", "اداری", "حقوقی", "پارلمانی", "امنیتی",
    "نظامی", "فرهنگی", "اجرایی", "کنسولی", "مالی", "رسانه‌ای", "بین‌المللی", "بین‌الملل", "ارتباطات", "عمومی"))
# the country the knowledge base files bare ministry names under ("وزارت امور خارجه" is Iran's), and what opens them
GENERIC_BODIES_COUNTRY = "IRN"
MINISTRY_WORDS = frozenset(token_key(w) for w in ("وزارت", "وزارتخانه"))
# words after an office that make it someone who held it before ("سابق", "پیشین", "اسبق")
FORMER = frozenset(token_key(w) for w in ("سابق", "پیشین", "اسبق"))
# words of time that may stand inside an office, after its first word ("رئیس کنونی مجلس")
OFFICE_TIME_WORDS = FORMER | frozenset(token_key(w) for w in ("کنونی", "فعلی", "جدید", "وقت"))
# Jalali month names, Iranian and Afghan (Dari): after a day's number they are dates, not names
MONTHS = frozenset(token_key(w) for w in (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
    "حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت"))


@dataclass(slots=True)
class Cues:
    titles: Gazetteer
    cues: Gazetteer  # kind -> pronoun, plural, pair, home, this_country, counterpart, delegation
    deputy: frozenset
    filler: frozenset
    institution: frozenset
    country_prefix: Gazetteer
    list_words: frozenset
    plural_roles: Gazetteer
    home_titles: frozenset = frozenset()  # "سردار": an unknown person so titled is of the outlet's country
    office_titles: frozenset = frozenset()  # "سرتیپ"، "آیت‌الله": a person so titled is a political actor
    title_words: frozenset = frozenset()  # the first words of the titles, folded ("سید", "دکتر")


@dataclass(slots=True)
class Resources:
    names: Gazetteer  # KB aliases -> ("ent", id) ; offices -> ("role", key, phrase)
    demonyms: dict[str, str]  # folded demonym -> ISO3
    cues: Cues
    kb: object
    tagger: object | None = None
    entity_types: dict[str, str] = field(default_factory=dict)
    given_names: frozenset = frozenset()  # folded first words of the KB's people's full names ("صادق", "کمال")
    office_words: frozenset = frozenset()  # folded first words of offices ("وزیر", "معاون", "سفیر")
    # folded given names of people from abroad, curated (data/given_names.tsv): unlike the KB's first words, none of
    # them is a common Persian word ("جوان", "تیم"), so they may open a name the tagger missed
    given_abroad: frozenset = frozenset()


def _read_cues() -> Cues:
    titles, cues, country_prefix = Gazetteer(), Gazetteer(), Gazetteer()
    deputy, filler, list_words, institution, home_titles, office_titles = set(), set(), set(), set(), set(), set()
    title_words = set()
    for line in (DATA / "cues.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, phrase = line.split("\t")[:2]
        if kind == "title":
            titles.add(phrase, ("title",))
            title_words.add(token_key(phrase.split()[0]))
        elif kind == "deputy":
            deputy.add(token_key(phrase))
        elif kind == "filler":
            filler.add(token_key(phrase))
        elif kind == "institution":
            institution.add(token_key(phrase))
        elif kind == "home_title":
            home_titles.add(token_key(phrase))
        elif kind == "office_title":
            office_titles.add(phrase)
        elif kind == "country_prefix":
            country_prefix.add(phrase, ("prefix",))
        elif kind == "list":
            list_words.add(phrase if phrase in "،," else token_key(phrase))
        else:
            cues.add(phrase, (kind,))
    plural = Gazetteer()
    for line in (DATA / "plural_roles.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, role = line.split("\t")[:2]
            plural.add(phrase, ("plural_role", role))
    return Cues(titles, cues, frozenset(deputy), frozenset(filler), frozenset(institution), country_prefix,
                frozenset(list_words), plural, frozenset(home_titles),
                frozenset(" ".join(token_key(w) or w for w in t.split()) for t in office_titles), frozenset(title_words))


def _load_cues() -> Cues:
    """The cue lists, read and folded into gazetteers once, then loaded from the cache folder (folding every phrase
    through the normalizer was a tenth of a second at each start)."""
    from didban import text

    text_dir = Path(text.__file__).parent
    files = [DATA / "cues.tsv", DATA / "plural_roles.tsv", Path(__file__), Path(__file__).with_name("gazetteer.py"),
             *sorted(text_dir.glob("*.py")), *sorted(p for p in text_dir.glob("data/*") if p.is_file())]
    try:
        fingerprint = files_fingerprint(files)
    except OSError:  # a list that cannot be read: reading it says which
        return _read_cues()
    return cached("cues", fingerprint, _read_cues)


@lru_cache(maxsize=1)
def _given_names_from_abroad() -> frozenset:
    """data/given_names.tsv, folded (a few hundred names: read at each start, no cache needed)."""
    out = set()
    with open(DATA / "given_names.tsv", encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                key = token_key(line.split("\t", 1)[0].strip())
                if key:
                    out.add(key)
    return frozenset(out)


def _build_names(kb) -> tuple[Gazetteer, dict[str, str], frozenset]:
    names: Gazetteer = Gazetteer()
    types = {}
    glued = _glued_town_names(kb)
    for alias, entity_id in kb.aliases():
        names.add(alias, ("ent", entity_id))
        if entity_id not in types:
            ent = kb.get(entity_id)
            types[entity_id] = ent.type if ent else "ORG"
    for alias, entity_id in glued:
        names.add(alias, ("ent", entity_id))
    for phrase, role in kb.role_phrases():
        names.add(phrase, ("role", role, phrase))
    return names, types, _first_words_of_people(kb)


# the countries whose towns Persian news names daily: a town of theirs after "در"/"به" is the place
HOME_REGION = frozenset(("IRN", "AFG", "TJK"))
GLUED_TOWN_MIN_POPULATION = 50_000  # the towns news names; smaller ones keep GeoNames' spelling only


def _glued_town_names(kb) -> list[tuple[str, str]]:
    """GeoNames writes many towns in two words ("شهر کرد"، "نجف آباد"، "بندر عباس") that Persian writes as one
    ("شهرکرد"); the gazetteer never lets one word of the text match two of a name ("اقدام" is no "آق دام"), so the
    one-word spelling is a name of its own — unless it is an ordinary word the lexicon knows well."""
    from didban.text.lexicon import load as load_lexicon

    lexicon = load_lexicon()
    out = []
    for ent in kb.entities.values():
        if ent.type != "LOC" or not ent.id.startswith("LOC:geonames") or \
                ((ent.extra or {}).get("population") or 0) < GLUED_TOWN_MIN_POPULATION:
            continue
        for alias in ent.aliases:
            words = alias.split()
            if len(words) == 2 and all("\u0600" <= w[0] <= "\u06ff" for w in words):
                one = "".join(words)
                if _word_class(lexicon, one) < 7:
                    out.append((one, ent.id))
    return out


def _first_words_of_people(kb) -> frozenset:
    """The folded first words of people's full names in the knowledge base ("صادق", "سید", "امیر")."""
    out = set()
    for alias, eid in kb.aliases():
        if eid.startswith("PER:") and not alias.isascii():
            words = alias.split()
            if len(words) >= 2:
                first = token_key(words[0])
                if first:
                    out.add(first)
    return frozenset(out)


def _names_fingerprint(kb) -> str:
    """What the compiled gazetteer depends on: every alias and office phrase, and the code and lexicon that turn
    them into word keys. A change to any of them builds it anew."""
    import hashlib

    from didban import text

    h = hashlib.sha256()
    # in the knowledge base's own order (the same for the same files): one string hashed, no sort, at every start
    h.update("\n".join(f"{e.id}\t{'|'.join(e.aliases)}" for e in kb.entities.values()).encode("utf-8"))
    h.update("\n".join(f"{phrase}\t{role}" for phrase, role in kb.role_phrases()).encode("utf-8"))
    text_dir = Path(text.__file__).parent
    for path in sorted([Path(__file__), Path(__file__).with_name("gazetteer.py"), *text_dir.glob("*.py"),
                        *text_dir.glob("data/*")]):
        h.update(path.read_bytes())
    return h.hexdigest()[:20]


def _load_names(kb) -> tuple[Gazetteer, dict[str, str], frozenset]:
    """Compiling ~20,000 names through the normalizer takes seconds; the result is cached on disk (see
    `didban.disk_cache`) under a fingerprint of everything it depends on, with the first words of people's names
    (`_first_words_of_people`, also a pass over every alias)."""
    return cached("names", _names_fingerprint(kb), lambda: _build_names(kb))


def load_resources(tagger: bool = True) -> Resources:
    """The gazetteers of the process's shared `didban.resources.Resources` (what the entities stage uses unless the
    runner hands it another)."""
    from didban.resources import shared

    return shared().gazetteer(tagger)


def build_resources(kb, tagger=None) -> Resources:
    """The gazetteers compiled from the knowledge base `kb` and the cue lists, with `tagger` (None: no tagger).
    `didban.resources.Resources.gazetteer` builds it once per Resources."""
    names, types, first_words = _load_names(kb)
    demonyms = {token_key(d): iso for d, iso in kb.demonyms().items() if token_key(d)}
    cues = _load_cues()
    office_words = frozenset(token_key(phrase.split()[0]) for phrase, _ in kb.role_phrases())
    # given names: the first words of people's full names, less titles and offices ("سید", "امیر قطر"), and the
    # curated given names of people from abroad the knowledge base does not hold ("مارکوس", "گنادی")
    abroad = _given_names_from_abroad() - cues.title_words - office_words
    given_names = (first_words - cues.title_words - office_words) | abroad
    return Resources(names, demonyms, cues, kb, tagger, types, given_names, office_words, abroad)


_MENTION_FIELDS = operator.attrgetter(*(f.name for f in fields(Mention)))


def _copy_mention(m: Mention) -> Mention:
    """A shallow copy (every field is an argument of Mention's constructor), several times faster than copy.copy."""
    return Mention(*_MENTION_FIELDS(m))


class SentenceMatcher:
    """Finds the mentions of one sentence. Indexes are word indexes within the sentence."""

    def __init__(self, res: Resources, doc: Document, tokens: list[Token], sentence: int, home: str,
                 known_names: Gazetteer | None = None):
        self.res, self.doc, self.tokens, self.sentence, self.home = res, doc, tokens, sentence, home
        self.known_names = known_names  # names this article introduced elsewhere (in quotes, after a title ...)
        self.keys = [t.key for t in tokens]
        self.taken = [False] * len(tokens)
        self.mentions: list[Mention] = []
        self._cue_starts_found: list[bool] | None = None

    # -- helpers
    def _cue_starts(self) -> list[bool]:
        """Where a cue can start (`Gazetteer.starts` of the cue list), once per sentence."""
        if self._cue_starts_found is None:
            self._cue_starts_found = self.res.cues.cues.starts(self.keys)
        return self._cue_starts_found

    def _mention(self, i: int, j: int, type_: str, source: str, **fields) -> Mention:
        start, end = self.tokens[i].start, self.tokens[j - 1].end
        m = Mention(start, end, self.doc.text[start:end], type_, self.sentence, source, words=(i, j), **fields)
        self.mentions.append(m)
        for k in range(i, j):
            self.taken[k] = True
        return m

    def _free(self, i: int, j: int) -> bool:
        return 0 <= i < j <= len(self.tokens) and not any(self.taken[i:j])

    def _country_at(self, i: int) -> tuple[str, int, int] | None:
        """A country (alias, "کشورمان", "این کشور") starting at word i (after fillers such as "جدید", and state-name
        prefixes such as "جمهوری اسلامی"): (iso3, first word of the country, end word)."""
        res = self.res
        j = i
        while j < len(self.keys) and self.keys[j] in res.cues.filler:
            j += 1
        for m in res.names.matches_at(self.keys, j):
            ids = [p[1] for p in m.payloads if p[0] == "ent" and res.entity_types.get(p[1]) == "GPE"]
            if ids:
                ent = res.kb.get(ids[0])
                return (ent.country if ent else ids[0].split(":")[-1]), j, m.end
        pre = res.cues.country_prefix.longest_at(self.keys, j)
        if pre is not None and pre.end > j:
            found = self._country_at(pre.end)
            if found:
                return found[0], j, found[2]
        cue = res.cues.cues.longest_at(self.keys, j)
        if cue is not None:
            kind = cue.payloads[0][0]
            if kind == "home":
                return self.home, j, cue.end
            if kind == "this_country":
                return "@this_country", j, cue.end
        return None

    def _country_list(self, i: int) -> tuple[list[tuple[str, int, int]], int]:
        """Countries joined by "و" and commas from word i: [(iso3, start, end)], end word."""
        out, j = [], i
        while True:
            found = self._country_at(j)
            if not found:
                break
            iso, _, end = found
            out.append((iso, j, end))
            j = end
            k = j
            while k < len(self.keys) and (self.keys[k] in self.res.cues.list_words or self.tokens[k].norm in "،,"):
                k += 1
            if k == j or k >= len(self.keys):
                break
            if not self._country_at(k):
                break
            j = k
        return out, (out[-1][2] if out else i)

    # -- passes
    def run(self) -> list[Mention]:
        self.first_passes()
        return self.later_passes()

    def first_passes(self) -> None:
        """The passes that do not read `known_names`: the same mentions in both of `find_mentions`'s passes."""
        self._plural_roles()
        self._constituency_members()
        self._names_and_roles()
        self._bodies_of_other_countries()
        self._offices_of_offices()
        self._counterparts()
        self._cues()
        self._titled_and_quoted_names()

    def later_passes(self) -> list[Mention]:
        self._names_seen_elsewhere()
        self._tagged_names()
        self._given_and_unknown_names()
        self._link_appositions()
        self.mentions.sort(key=lambda m: m.start)
        return self.mentions

    def state(self) -> tuple:
        """What `first_passes` left (copies: the later passes change mentions), for `resume`."""
        return [_copy_mention(m) for m in self.mentions], self.taken[:], self._tag_cache, self._cue_starts_found

    def resume(self, state: tuple) -> "SentenceMatcher":
        """This matcher as `first_passes` would leave it, from another matcher's `state` of the same sentence (the
        first passes depend only on the sentence and the resources): only the later passes are left to run."""
        mentions, taken, self._tag_cache, self._cue_starts_found = state
        self.mentions, self.taken = mentions, taken
        return self

    def _plural_roles(self) -> None:
        for m in self.res.cues.plural_roles.find(self.keys):
            role = m.payloads[0][1]
            countries, end = self._country_list(m.end)
            if len(countries) < 2:
                continue
            group = f"g{self.sentence}:{m.start}"
            for iso, ci, cj in countries:
                self._mention(m.start if ci == countries[0][1] else ci, cj, "ROLE", "pattern", role=role,
                              country=iso, group=group, plural=True)
                self._inside_country(iso, ci, cj)
            for k in range(m.start, end):
                self.taken[k] = True

    NATIONAL_SECTORS = frozenset(("GOV", "MIL", "LEG", "JUD", "SPY", "COP"))

    def _bodies_of_other_countries(self) -> None:
        """A national body the knowledge base knows under a generic name ("وزارت امور خارجه" is Iran's), followed by
        another country, is that country's body: "وزارت امور خارجه افغانستان" is Afghanistan's ministry, one mention
        of an organisation of Afghanistan (the country named inside it stays a mention, marked `inside`)."""
        gpe_at = {m.words[0]: m for m in self.mentions if m.type == "GPE" and not m.inside}
        for m in list(self.mentions):
            if m.type != "ORG" or not m.kb_id:
                continue
            body = self.res.kb.get(m.kb_id)
            if body is None or not body.country or (body.sector or "") not in self.NATIONAL_SECTORS:
                continue
            i, j = m.words
            g = gpe_at.get(j)
            country = self.res.kb.get(g.kb_id).country if g is not None and g.kb_id and self.res.kb.get(g.kb_id) \
                else None
            if not country and g is None and self.home and self.home != body.country and \
                    body.country == GENERIC_BODIES_COUNTRY and self.keys[i] in MINISTRY_WORDS and \
                    not any(x.type == "GPE" and i <= x.words[0] < j for x in self.mentions):
                # "وزارت امور خارجه" in an Afghan outlet is Afghanistan's, as "وزیر امور خارجه" is its minister (the
                # knowledge base files the ministries' bare names under Iran's)
                m.country_hint, m.body, m.body_sector = self.home, m.kb_id, body.sector
                m.kb_id, m.source = None, "pattern"
                continue
            if not country or country == body.country:
                continue
            gi, gj = g.words
            m.end = self.tokens[gj - 1].end
            m.text = self.doc.text[m.start:m.end]
            m.words = (i, gj)
            m.country_hint, m.body, m.body_sector = country, m.kb_id, body.sector
            m.kb_id, m.source = None, "pattern"
            g.inside = "name"

    def _offices_of_offices(self) -> None:
        """An office that names no country, right before another's office or name, is that one's office
        ("نماینده ویژه رئیس‌جمهور آمریکا" is the US president's envoy, not the president): it takes their country,
        and they are named inside it, never an event's party by themselves. The office's own body said again right
        after it ("رئیس شورای فدراسیون مجلس روسیه") is inside it too."""
        starts = {m.words[0]: m for m in self.mentions if m.type in ("ROLE", "PER") and not m.inside}
        bodies = {m.words[0]: m for m in self.mentions if m.type == "ORG" and not m.inside}
        for m in list(self.mentions):
            if m.type != "ROLE" or m.plural or m.inside:
                continue
            body = bodies.get(m.words[1])
            if body is not None and m.country and self._country_of_body(body) == m.country:
                # "رئیس شورای فدراسیون مجلس روسیه": the office's own body, said once more after it
                body.inside = "role"
            if not m.country_implicit:
                continue
            owner = starts.get(m.words[1])
            if owner is None or owner.plural:
                continue
            if owner.type == "ROLE":
                country = owner.country
            else:
                known = self.res.kb.get(owner.kb_id) if owner.kb_id else None
                country = known.country if known is not None else None
            if not country:
                continue
            m.country, m.country_implicit = country, False
            owner.inside = "role"

    def _country_of_body(self, body: Mention) -> str | None:
        if body.country_hint:
            return body.country_hint
        known = self.res.kb.get(body.kb_id) if body.kb_id else None
        return known.country if known is not None else None

    def _inside_country(self, iso: str, i: int, j: int) -> None:
        """The country named inside an office or counterpart phrase ("روسای جمهور سوئیس", "همتای مصری") is a
        mention of that country too; marked `inside` so it never becomes an event's party by itself."""
        ent = self.res.kb.country(iso) if iso and not iso.startswith("@") else None
        if ent is not None:
            start, end = self.tokens[i].start, self.tokens[j - 1].end
            self.mentions.append(Mention(start, end, self.doc.text[start:end], "GPE", self.sentence, "gazetteer",
                                         kb_id=ent.id, words=(i, j), inside="role"))

    def _inner_names(self, m: Match) -> None:
        """Bodies and countries named inside a longer name or office ("مجمع عمومی سازمان ملل" names the UN, "رئیس
        شورای اروپا" the European Council): mentions too, marked `inside`."""
        for k in range(m.start + 1, m.end):
            inner = self.res.names.longest_at(self.keys, k)
            if inner is None or inner.end > m.end:
                continue
            ids = [p[1] for p in inner.payloads if p[0] == "ent" and
                   self.res.entity_types.get(p[1]) in ("ORG", "GPE")]
            if ids and inner.end - inner.start >= 1:
                start, end = self.tokens[inner.start].start, self.tokens[inner.end - 1].end
                self.mentions.append(Mention(start, end, self.doc.text[start:end], self.res.entity_types[ids[0]],
                                             self.sentence, "gazetteer", kb_id=ids[0],
                                             words=(inner.start, inner.end), inside="name"))
                return

    def _names_and_roles(self) -> None:
        res = self.res
        keys, taken, n = self.keys, self.taken, len(self.keys)  # (taken: the same list, marked as mentions are made)
        can_start = res.names.starts(keys)  # most words start no name: no call for them
        i = 0
        while i < n:
            if taken[i] or not keys[i]:
                i += 1
                continue
            m: Match | None = next((x for x in res.names.matches_at(keys, i) if self._whole_words(x)), None) \
                if can_start[i] else None
            # (`_office_split_by_time`'s first test, inline: most words are not followed by a word of time)
            split = self._office_split_by_time(i) if (m is None or m.end == i + 1) and i + 2 < n and \
                keys[i + 1] in OFFICE_TIME_WORDS else None
            if split is not None:
                m = split
            if m is None or not self._free(m.start, m.end):
                i += 1
                continue
            roles = [p for p in m.payloads if p[0] == "role"]
            ents = [p[1] for p in m.payloads if p[0] == "ent"]
            if roles and not ents:
                if not self.res.kb.role_phrase_is_plural(roles[0][2]):
                    self._role(m, roles[0][1], roles[0][2], former=split is not None and self.keys[i + 1] in FORMER)
                # a plural office without a list of countries ("اجلاس وزرای خارجه") names no one in particular
            elif ents and self._another_bearer(m, ents):
                # "صادق خرازی" is not "کمال خرازی": a first name before a known surname names someone else
                self._mention(m.start - 1, m.end, "PER", "pattern")
            elif ents:
                self._entity(m, ents)
            i = m.end

    def _another_bearer(self, m: Match, ents: list[str]) -> bool:
        """A one-word match of a known person's name, right after a first name that none of their names starts with."""
        if m.end - m.start != 1 or m.start == 0 or self.taken[m.start - 1] or len(ents) != 1 or \
                not ents[0].startswith("PER:"):
            return False
        prev = self.keys[m.start - 1]
        if not prev or prev not in self.res.given_names or self.tokens[m.start - 1].norm in STOP_WORDS or \
                any(p[0] == "ent" and not p[1].startswith("PER:") for x in self.res.names.matches_at(self.keys, m.start - 1)
                    for p in x.payloads):
            return False  # (a word that is also a place or a body, "چین", is no first name here)
        person = self.res.kb.get(ents[0])
        return person is not None and not any(token_key(a.split()[0]) == prev for a in person.aliases if " " in a)

    SPLITTERS = frozenset(token_key(w) for w in ("از", "به", "با", "را", "که", "در"))

    def _whole_words(self, m: Match) -> bool:
        """Names are compared with their spaces dropped, so a one-word name can match two words of the text; never
        across a preposition or a conjunction at its edge ("چین از" is not the town "چیناز")."""
        if m.end - m.start < 2:
            return True
        words = self.keys[m.start:m.end]
        # a phrase that has the preposition as a word of its own matches it ("نماینده ویژه روسیه در امور افغانستان")
        glued = sum(1 for k in words if k) > self.res.names.fewest_words("".join(k for k in words if k))
        return not (glued and set(words) & self.SPLITTERS) and words[-1] != "و" and \
            (words[0] != "و" or self._split_from_next(m.start))

    def _split_from_next(self, i: int) -> bool:
        """Whether word i is a "و" that normalization split off the word after it, glued in the original text: a
        known name that starts there was one word ("وانگ یی", Wang Yi, is not "و انگ یی")."""
        return i + 1 < len(self.tokens) and self.tokens[i].end == self.tokens[i + 1].start

    def _office_split_by_time(self, i: int) -> Match | None:
        """An office whose first word is followed by a word of time ("رئیس کنونی مجلس", "رئیس سابق سازمان انرژی
        اتمی"): the office read without that word, spanning it."""
        if i + 2 >= len(self.keys) or self.keys[i + 1] not in OFFICE_TIME_WORDS or self.taken[i + 1]:
            return None
        joined = self.keys[:i + 1] + self.keys[i + 2:]
        for x in self.res.names.matches_at(joined, i):
            if x.end > i + 1 and any(p[0] == "role" for p in x.payloads) and \
                    not any(p[0] == "ent" for p in x.payloads):
                return Match(i, x.end + 1, x.payloads)
        return None

    def _role(self, m: Match, role: str, phrase: str, former: bool = False) -> None:
        country = None
        end = m.end
        found = self._country_at(m.end)
        if not found and m.end > m.start + 1 and not self.res.kb.role_default_country(phrase):
            # "رئیس جمهوری" + "اسلامی ایران": the office's last word starts it. Not for an office that names its
            # own country or body ("نماینده ویژه روسیه در امور افغانستان" is Russia's envoy, not Afghanistan's)
            found = self._country_at(m.end - 1)
        for skip in (1, 2):  # "رئیس مجلس نمایندگان ایتالیا": a word or two of the office's name, then the country
            if found:
                break
            words = range(m.end, m.end + skip)
            if all(w < len(self.keys) and self.keys[w] in self.res.cues.institution and not self.taken[w]
                   for w in words):
                found = self._country_at(m.end + skip)
        country_start = None
        if found:
            country, country_start, end = found
        region = None if found else self._region_at(m.end)
        if region is not None:
            # "رئیس‌جمهوری چچن": the office of a region of another country, not of that country nor of ours
            country, region_start, end, region_id = region
        if country is None:
            country = self.res.kb.role_default_country(phrase)
        deputy_at = self._deputy_before(m.start)
        start = m.start if deputy_at is None else deputy_at
        # "رئیس‌جمهور سابق آمریکا", "وزیر خارجه پیشین": a former holder (the word may end the office phrase)
        if not found and region is None and end < len(self.keys) and self.keys[end] in FORMER and \
                not self.taken[end]:
            end += 1
        info = {"role": role, "country": country, "phrase": phrase}
        if former or any(self.keys[k] in FORMER for k in range(m.end, end)):
            info["former"] = True
        if region is not None:
            info["regional"] = True
        if deputy_at is not None:
            info["deputy"] = " ".join(t.norm for t in self.tokens[deputy_at:m.start])
        if country is None:
            info["country_implicit"] = True
        self._mention(start, end, "ROLE", "pattern", **info)
        self._inner_names(Match(m.start, m.end, m.payloads))
        if region is not None:  # the region inside the office phrase is a mention of that place too
            self.mentions.append(Mention(self.tokens[region_start].start, self.tokens[end - 1].end,
                                         self.doc.text[self.tokens[region_start].start:self.tokens[end - 1].end],
                                         "LOC", self.sentence, "gazetteer", kb_id=region_id,
                                         words=(region_start, end), info={"region_of": "role"}))
        # the country inside an office phrase is a mention of that country too
        if found and country and not country.startswith("@"):
            ent = self.res.kb.country(country)
            if ent:
                ci = country_start
                self.mentions.append(Mention(self.tokens[ci].start, self.tokens[end - 1].end,
                                             self.doc.text[self.tokens[ci].start:self.tokens[end - 1].end], "GPE",
                                             self.sentence, "gazetteer", kb_id=ent.id,
                                             words=(ci, end), inside="role"))

    def _deputy_before(self, i: int) -> int | None:
        """Where a deputy word before the office at word i starts, if one does: right before it ("معاون وزیر"), or
        with a word saying which deputy between ("مشاور ارشد رهبر انقلاب", "معاون سیاسی رئیس‌الوزرای …"): the
        adviser is not the Leader."""
        for back in (1, 2):
            k = i - back
            if k < 0 or any(self.taken[k:i]):
                return None
            if k > 0 and not self.taken[k - 1] and (self.keys[k - 1] or "") + (self.keys[k] or "") in \
                    self.res.cues.deputy:
                return k - 1  # "قائم مقام" written with a space is the one deputy word "قائم‌مقام"
            if self.keys[k] in self.res.cues.deputy:
                return k
            if self.keys[k] not in DEPUTY_QUALIFIERS:
                return None
        return None

    def _entity(self, m: Match, ids: list[str]) -> None:
        res = self.res
        ents = [res.kb.get(e) for e in ids]
        # one name, several entities ("عمان": Oman and Amman): a country first, then people, bodies, places; of
        # places so named the larger ("لندن" is London in England, not in Ontario)
        ents = sorted((e for e in ents if e is not None),
                      key=lambda e: (TYPE_PRIORITY.get(e.type, 9), e.id.startswith("LOC:geonames"),
                                     -((e.extra or {}).get("population") or 0)))
        if m.end - m.start == 1:
            ents = [e for e in ents if self._single_word_ok(m, e)]
            if m.start > 0 and any(ch.isdigit() for ch in self.tokens[m.start - 1].norm) and \
                    self.keys[m.start] in MONTHS:
                ents = []  # "۲۶ مهر", "۱۵ اسد": a day of a month, not Mehr news agency or Assad
        if not ents:
            return
        ent = ents[0]
        start = m.start
        info = {}
        if ent.type == "PER" and m.start > 0:
            # a title before a known person is part of the mention ("سید عباس عراقچی")
            for back in (2, 1):
                t = self.res.cues.titles.longest_at(self.keys, m.start - back) if m.start >= back else None
                if t and t.end == m.start and self._free(t.start, t.end):
                    start, info["title"] = t.start, " ".join(x.norm for x in self.tokens[t.start:t.end])
                    break
        mention = self._mention(start, m.end, ent.type, "gazetteer", kb_id=ent.id, **info)
        if ent.type in ("ORG", "LOC") and m.end - m.start > 1:
            self._inner_names(m)
        if len(ents) > 1:
            mention.candidates = [e.id for e in ents]

    def _single_word_ok(self, m: Match, ent) -> bool:
        """A one-word name is often also a common word ("اسلامی" the adjective, "بالای" the preposition). Take it
        for a person only where a name can stand (sentence start, after a function word, punctuation or a title),
        and for a city only after a place word ("در جده", "به نیویورک")."""
        prev = self.tokens[m.start - 1].norm if m.start > 0 else None
        if ent.type == "PER":
            from didban.text.lexicon import load as load_lexicon

            word = self.tokens[m.start].norm.replace("\u200c", "")
            if not load_lexicon().known(word):
                return True  # "عراقچی", "لاوروف": no ordinary word to confuse it with ("هشدار عراقچی به …")
            if load_lexicon().frequency_class(word) <= 6 and prev is not None and prev not in STOP_WORDS:
                # "اظهارات ظریف": also an ordinary word, in a name's place after a noun; kept only if the article
                # supports it (the person's full name or an office they held), see _supported_surnames
                return True
            return prev is None or prev in STOP_WORDS or self.keys[m.start - 1] is None or \
                self.res.cues.titles.longest_at(self.keys, m.start - 1) is not None or \
                self._is_role_at(m.end)
        if ent.type == "LOC" and ent.id.startswith("LOC:geonames"):
            if prev is None or self.keys[m.start - 1] not in PLACE_CUES:
                return False
            from didban.text.lexicon import load as load_lexicon

            if ent.ambiguous_word or load_lexicon().known(self.tokens[m.start].norm.replace("\u200c", "")):
                # also an ordinary word ("در بالای کوه"): ask for a city word, the city's country right after it
                # ("جده عربستان"), or a sentence about travel or meeting
                if self.keys[m.start - 1] in STRONG_PLACE_CUES:
                    return True
                big = ent.extra.get("feature") == "capital" or (ent.extra.get("population") or 0) >= 1_000_000
                if big and load_lexicon().frequency_class(self.tokens[m.start].norm.replace("\u200c", "")) <= 6:
                    return True  # "در مسقط"، "در کابل": a capital or a large city after "در" is the place
                word = self.tokens[m.start].norm.replace("\u200c", "")
                if not ent.ambiguous_word and ent.country in HOME_REGION and \
                        (ent.extra.get("population") or 0) >= GLUED_TOWN_MIN_POPULATION and \
                        word == ent.name.replace(" ", "").replace("\u200c", "") and \
                        load_lexicon().frequency_class(word) >= 1:
                    # "در شهرکرد"، "در اراک": a town of the Persian-speaking countries by its own name (an old or
                    # other name that is also a word, "سنه" for Sanandaj, "متون" for Khost, stays out)
                    return True
                after = self._country_at(m.end)
                if after and after[0] == ent.country:
                    return True
                return bool(set(self.keys) & TRAVEL_WORDS)
        return True

    # "نماینده مردم بجنورد در مجلس شورای اسلامی": a member named by constituency and assembly
    REPRESENTATIVE = token_key("نماینده")
    PEOPLE = token_key("مردم")
    IN = token_key("در")
    ASSEMBLIES = {token_key("مجلس"): "IRN", token_key("ولسی"): "AFG"}
    ASSEMBLY_TAILS = ((token_key("شورای"), token_key("اسلامی")), (token_key("جرگه"),))

    def _constituency_members(self) -> None:
        keys = self.keys
        for i in range(len(keys) - 4):
            if keys[i] != self.REPRESENTATIVE or keys[i + 1] != self.PEOPLE or not self._free(i, i + 2):
                continue
            # the constituency: one to four words (towns joined by "و"), then "در" and the assembly
            at = next((j for j in range(i + 3, min(i + 11, len(keys) - 1))
                       if keys[j] == self.IN and keys[j + 1] in self.ASSEMBLIES), None)
            if at is None or any(t.norm in (".", ":", "؛", "!", "؟", "?") for t in self.tokens[i + 2:at]):
                # "نماینده مردم تبریز اظهار داشت": without the assembly, the constituency must be a known place
                end, country = self._places_from(i + 2), "IRN"
                if end is None:
                    continue
            else:
                end, country = at + 2, self.ASSEMBLIES[keys[at + 1]]
                for tail in self.ASSEMBLY_TAILS:
                    if tuple(keys[end:end + len(tail)]) == tail:
                        end += len(tail)
            # (one member, so specific that a news text uses it to name again whoever it quoted: "descriptive")
            self._mention(i, end, "ROLE", "pattern", role="member_of_parliament", descriptive=True,
                          country=country, phrase=" ".join(t.norm for t in self.tokens[i:end]))

    def _region_at(self, i: int) -> tuple[str, int, int, str] | None:
        """(country, start, end, place id) of a place right at word i that is a region of a country other than ours
        ("چچن")."""
        if i >= len(self.keys):
            return None
        for x in self.res.names.matches_at(self.keys, i):
            for p in x.payloads:
                if p[0] == "ent" and p[1].startswith("LOC:"):
                    place = self.res.kb.get(p[1])
                    if place is not None and place.country and place.country != self.home:
                        return place.country, i, x.end, place.id
        return None

    def _places_from(self, i: int) -> int | None:
        """The end of a list of known places starting at word i ("تهران، ری و شمیرانات"), or None if none starts there."""
        end = None
        while i < len(self.keys):
            m = next((x for x in self.res.names.matches_at(self.keys, i)
                      if any(p[0] == "ent" and p[1].startswith(("LOC:", "GPE:")) for p in x.payloads)), None)
            if m is None:
                break
            end = m.end
            if m.end < len(self.keys) and (self.keys[m.end] == AND or self.tokens[m.end].norm in ("،", ",")):
                i = m.end + 1
            else:
                break
        return end

    def _counterparts(self) -> None:
        cue_kinds = self.res.cues.cues
        for i, can in enumerate(self._cue_starts()):
            if not can or self.taken[i]:  # (no cue starts on it: longest_at would say None)
                continue
            m = cue_kinds.longest_at(self.keys, i)
            if m is None or m.payloads[0][0] != "counterpart":
                continue
            found, _ = self._demonym_list(m.end)
            if not found:
                continue
            end = found[-1][1] + 1
            if end < len(self.keys) and self.keys[end] == token_key("خود"):
                end += 1
            group = f"c{self.sentence}:{i}"
            for n, (iso, w) in enumerate(found):
                self._mention(i if n == 0 else w, end if len(found) == 1 else w + 1, "ROLE", "pattern",
                              counterpart=True, country=iso, group=group, plural=len(found) > 1)
                self._inside_country(iso, w, w + 1)
            for k in range(i, end):
                self.taken[k] = True

    def _demonym_list(self, j: int) -> tuple[list[tuple[str, int]], int]:
        """Demonyms joined by "و" and commas from word j ("پاکستانی، سومالیایی و مصری"): [(iso3, word)], end word."""
        found = []
        while j < len(self.keys):
            key = self.keys[j] or ""
            iso = self.res.demonyms.get(key) or next(
                (self.res.demonyms[key[:-len(c)]] for c in POSSESSIVE_CLITICS
                 if key.endswith(c) and key[:-len(c)] in self.res.demonyms), None)  # "همتای ترکیه‌ای‌اش"
            if iso:
                found.append((iso, j))
            elif not (self.keys[j] in self.res.cues.list_words or self.tokens[j].norm in "،,"):
                break
            j += 1
        return found, j

    def _cues(self) -> None:
        cue_kinds = self.res.cues.cues
        can_start = self._cue_starts()
        i = 0
        while i < len(self.keys):
            m = cue_kinds.longest_at(self.keys, i) if can_start[i] and not self.taken[i] else None
            if m is None or not self._free(m.start, m.end):
                i += 1
                continue
            kind = m.payloads[0][0]
            if kind == "pron" and m.end - m.start >= 2 and m.end < len(self.keys) and \
                    self.res.demonyms.get(self.keys[m.end] or "") and not self.taken[m.end]:
                # "این دیپلمات ایرانی"، "این مقام روس": the person of that country last named
                self._mention(m.start, m.end + 1, "PRON", "pattern", anaphor=kind,
                              country_hint=self.res.demonyms[self.keys[m.end]])
                i = m.end + 1
                continue
            if kind in ("pron", "plural", "pair"):
                self._mention(m.start, m.end, "PRON", "pattern", anaphor=kind)
            elif kind == "home":
                ent = self.res.kb.country(self.home)
                self._mention(m.start, m.end, "GPE", "pattern", kb_id=ent.id if ent else None, anaphor="home")
            elif kind == "this_country":
                self._mention(m.start, m.end, "GPE", "pattern", anaphor="this_country")
            elif kind == "this_body":
                self._mention(m.start, m.end, "ORG", "pattern", anaphor="this_body")
            elif kind == "delegation":
                # "طرف ایرانی", "هیئت چینی", "طرفهای ایرانی و عربستانی": a country's side
                isos, j = self._demonym_list(m.end)
                for iso, w in isos:
                    ent = self.res.kb.country(iso)
                    if ent:
                        self._mention(w, w + 1, "GPE", "pattern", kb_id=ent.id, anaphor="delegation")
                i = max(j, m.end)
                continue
            i = m.end

    def _name_words(self, i: int) -> int:
        """End of an unknown name starting at word i (up to MAX_NAME_WORDS words of letters, not stop words)."""
        j = i
        while j < len(self.keys) and j - i < MAX_NAME_WORDS and not self.taken[j]:
            k = self.keys[j]
            if not k or self.tokens[j].norm in STOP_WORDS or any(ch.isdigit() for ch in k):
                break
            if self.res.names.longest_at(self.keys, j) is not None or k in self.res.cues.deputy:
                break  # a known name or office, or "معاون"/"نماینده" (the office that follows) ends the name
            if analyse_word(k) is not None or (j + 1 < len(self.keys) and is_light_nominal(k) and
                                               verb_at(self.keys, j + 1) is not None):
                break  # "سردار شکارچی تأکید کرد": a verb, or the nominal of the verb after it, ends the name
            j += 1
        return j

    def _titled_and_quoted_names(self) -> None:
        n = len(self.tokens)
        # after a title: "سردار X Y"
        for m in self.res.cues.titles.find(self.keys):
            if not self._free(m.start, m.end):
                continue
            end = self._name_words(m.end)
            if end - m.end >= 1 and (end - m.end >= 2 or end < n and self._is_role_at(end)):
                mention = self._mention(m.start, end, "PER", "pattern", name_start=m.end,
                                        title=" ".join(t.norm for t in self.tokens[m.start:m.end]))
                if any(self.keys[k] in self.res.cues.home_titles for k in range(m.start, m.end)):
                    mention.country_hint = self.home
                if " ".join(self.keys[m.start:m.end]) in self.res.cues.office_titles or \
                        self.keys[m.start] in self.res.cues.office_titles:
                    mention.official = True
        # inside quotes: «بدر عبدالعاطی» همتای مصری خود
        i = 0
        while i < n:
            close = QUOTE_OPEN.get(self.tokens[i].norm)
            if close is None:
                i += 1
                continue
            j = i + 1
            while j < n and self.tokens[j].norm != close and j - i <= MAX_NAME_WORDS + 1:
                j += 1
            if j >= n or self.tokens[j].norm != close or j == i + 1:
                i += 1
                continue
            inner = (i + 1, j)
            if self._free(*inner) and all(self.keys[k] and self.tokens[k].norm not in STOP_WORDS for k in range(*inner)):
                kind = self._quoted_kind(inner, j + 1)
                if kind:
                    self._mention(inner[0], inner[1], kind, "quote")
            i = j + 1

    def _names_seen_elsewhere(self) -> None:
        """A name the article introduced once («هارالد پنجم») is the same name when it comes back unquoted."""
        if self.known_names is None:
            return
        for m in self.known_names.find(self.keys):
            if self._free(m.start, m.end):
                payload = m.payloads[0]
                if len(payload) > 1:  # a known person's surname: the person
                    self._mention(m.start, m.end, payload[0], "gazetteer", kb_id=payload[1],
                                  info={"seen_elsewhere": True})
                else:
                    self._mention(m.start, m.end, payload[0], "pattern", info={"seen_elsewhere": True})

    def _is_role_at(self, i: int) -> bool:
        k = i
        while k < len(self.keys) and self.tokens[k].norm in "،,":
            k += 1
        if k >= len(self.keys):
            return False
        if self.keys[k] in self.res.cues.deputy:
            return True
        m = self.res.names.longest_at(self.keys, k)
        if m is not None and any(p[0] == "role" for p in m.payloads):
            return True
        c = self.res.cues.cues.longest_at(self.keys, k)
        return c is not None and c.payloads[0][0] == "counterpart"

    def _quoted_kind(self, inner: tuple[int, int], after: int) -> str | None:
        """What a short quoted phrase names: a person before an office, a place after a place word, else the tagger's."""
        if self._is_role_at(after):
            return "PER"
        before = self.keys[inner[0] - 2] if inner[0] >= 2 else None
        if before in PLACE_WORDS:
            return "LOC"
        tags = self._tags()
        if tags:
            types = {tags[k][2:] for k in range(*inner) if tags[k] != "O"}
            if types == {"PER"}:
                return "PER"
            if types & {"LOC", "ORG"} and len(types) == 1:
                return types.pop()
        if before in PERSON_CUES and inner[1] - inner[0] >= 2:
            return "PER"
        return None

    _tag_cache: list | None = None

    def _tags(self) -> list[str] | None:
        if self.res.tagger is None:
            return None
        if self._tag_cache is None:
            self._tag_cache = self.res.tagger.tag([t.norm for t in self.tokens])
        return self._tag_cache

    def _tagged_names(self) -> None:
        tagger = self.res.tagger
        if tagger is None or not self.tokens:
            return
        for i, j, type_, conf in tagger.spans([t.norm for t in self.tokens]):
            if type_ not in ("PER", "ORG", "LOC") or not self._free(i, j):
                continue
            if any(not self.keys[k] or self.tokens[k].norm in STOP_WORDS for k in (i, j - 1)):
                continue
            if type_ == "PER" and conf < 0.6 or type_ != "PER" and conf < 0.8:
                continue
            iso = self.res.demonyms.get(self.keys[i] or "") if j == i + 1 else None
            if iso:  # "مقامات آمریکایی": the corpus tags nationalities; they stand for their country
                ent = self.res.kb.country(iso)
                if ent:
                    self._mention(i, j, "GPE", "tagger", kb_id=ent.id, info={"demonym": True})
                continue
            self._mention(i, j, type_, "tagger", info={"confidence": round(conf, 3)})

    def _given_and_unknown_names(self) -> None:
        """A curated given name from abroad followed by one or two words the lexicon does not know at all is a person,
        wherever it stands ("مارکوس پوتزل با … دیدار کرد"): the tagger, trained on older news, misses many foreign
        names."""
        from didban.text.lexicon import load as load_lexicon

        lexicon = load_lexicon()
        tagged = {m.words[0]: m for m in self.mentions if m.type == "PER" and m.source in ("tagger", "pattern")}
        for i in range(len(self.keys) - 1):
            if self.taken[i] or self.keys[i] not in self.res.given_abroad:
                continue
            if i + 1 in tagged:
                # "گنادی گاتیلوف": the tagger found the surname only; the given name before it is the name's start
                m = tagged[i + 1]
                m.start, m.words = self.tokens[i].start, (i, m.words[1])
                m.text = self.doc.text[m.start:m.end]
                self.taken[i] = True
                continue
            if i > 0 and self.keys[i - 1] in self.res.given_names:
                continue
            end = i + 1
            while end < len(self.keys) and end - i < 3 and not self.taken[end] and \
                    self._name_like(lexicon, end, strict=True) and self.keys[end] not in self.res.given_names:
                end += 1
            if end > i + 1 and not self._tagged_other(i, end):
                self._mention(i, end, "PER", "pattern", info={"given_name": True})

    def _extend_names_before_offices(self) -> None:
        """A known name followed by one or two more name words and then an office is a longer name: widen the mention
        ("«لوئیس آرسه کاتاکورا» رئیس جمهور بولیوی"). It stays the known person only if the office is of that person's
        country; otherwise it is someone else ("عبدالسلام علی وزیر امور خارجه سومالی" is not the Yemeni "عبدالسلام")."""
        from didban.text.lexicon import load as load_lexicon

        lexicon = load_lexicon()
        roles = {m.words[0]: m for m in self.mentions if m.type == "ROLE"}
        closers = {"»", "،", ",", '"', "”", "'"}
        for m in list(self.mentions):
            if m.type != "PER" or m.source != "gazetteer":
                continue
            i, j = m.words
            for extra in (1, 2):
                k = j + extra
                role_at = k + 1 if k < len(self.tokens) and self.tokens[k].norm in closers else k
                if role_at not in roles or not all(self.keys[w] and not self.taken[w] and
                                                   self.tokens[w].norm not in STOP_WORDS and
                                                   analyse_word(self.keys[w]) is None and
                                                   _word_class(lexicon, self.tokens[w].norm) < 4
                                                   for w in range(j, k)):
                    # a verb or a common word is no part of a name ("پوتین درگذشت رئیس‌جمهور را ..."،
                    # "عراقچی میزبان همتای عمانی خود بود")
                    continue
                person = self.res.kb.get(m.kb_id) if m.kb_id else None
                office_country = roles[role_at].country
                m.end = self.tokens[k - 1].end
                m.text = self.doc.text[m.start:m.end]
                m.words = (i, k)
                if person is None or person.country != office_country:
                    m.kb_id, m.source = None, "pattern"
                for w in range(j, k):
                    self.taken[w] = True
                break

    def _describe_unknown_people(self) -> None:
        """"ایگور ایوانف دبیر سابق امنیت ملی فدراسیون روسیه": a short description after a name that ends in a
        country gives the person that country, when nothing else does."""
        by_start = {m.words[0]: m for m in self.mentions if m.type == "GPE" and not m.inside}
        # a body of a country in the description says the country too ("معاون اداری وزارت خارجه افغانستان")
        by_start.update({m.words[0]: m for m in self.mentions if m.type == "ORG" and not m.inside and
                         (m.country_hint or (m.kb_id and self.res.kb.get(m.kb_id) and
                                                         self.res.kb.get(m.kb_id).country))})
        for m in self.mentions:
            if m.type != "PER" or m.kb_id or m.appos is not None:
                continue
            j = m.words[1]
            while j < len(self.tokens) and self.tokens[j].norm in ("»", "،", ",", '"', "”", ")"):
                j += 1  # «عتیق‌الله عاطفمل»، معاون …
            # an office word opening the description ("معاون آموزش و پژوهش …"، "وزیر ملیت‌های روسیه") holds it
            # together across "و" and makes the person an official of the body or country it ends in
            office = j < len(self.keys) and self.keys[j] in self.res.office_words
            for k in range(j + 1, min(len(self.keys), j + 8)):
                if k in by_start:
                    hint = by_start[k]
                    m.country_hint = hint.country_hint or hint.country or \
                        (self.res.kb.get(hint.kb_id).country if hint.kb_id else None)
                    if hint.type == "ORG" or office:
                        m.official = True  # described by a body: "معاون اداری وزارت خارجه افغانستان"
                    break
                joined = office and self.keys[k - 1] == AND
                if not self.keys[k - 1] or (self.tokens[k - 1].norm in STOP_WORDS and not joined) or \
                        self.taken[k - 1] and k - 1 >= j + 1:
                    break

    def _names_before_offices(self) -> None:
        """Two or three name-like words right before an office, after "با", "و", a comma or the sentence's start,
        name its holder even when the knowledge base and the tagger do not know them ("با جان اسمیت سفیر انگلیس",
        "مارکوس پوتزل سرپرست یوناما"): words the lexicon knows as common are no name, unless they are given names."""
        from didban.text.lexicon import load as load_lexicon

        lexicon = load_lexicon()
        starts = {m.words[0]: m for m in self.mentions if m.type in ("ROLE", "ORG") and not m.plural and
                  not m.inside}
        for r, role in sorted(starts.items()):
            if role.type == "ORG" and not (r > 0 and (self.keys[r - 1] in self.res.cues.deputy or
                                                      self.keys[r - 1] in self.res.office_words)):
                continue  # an organisation only behind its office word: "سرپرست یوناما"
            end = r - 1 if role.type == "ORG" else r
            while end > 0 and self.tokens[end - 1].norm in ("،", ","):
                end -= 1
            for size in (3, 2):
                s = end - size
                if s < 0 or not self._free(s, end) or not (s == 0 or not self.keys[s - 1] or
                                                           self.keys[s - 1] in NAME_OPENERS):
                    continue  # (a word without a key is punctuation)
                given = self.keys[s] in self.res.given_names
                if all(self._name_like(lexicon, k, strict=not given) for k in range(s, end)) and \
                        not self._tagged_other(s, end):
                    self._mention(s, end, "PER", "pattern", info={"before_office": True})
                    break

    def _tagged_other(self, i: int, j: int) -> bool:
        """Whether the tagger, where it runs, reads the words as an organisation or a place (an unknown body before
        an office, "جنبش X رئیس …", is no person)."""
        tags = self._tags()
        return tags is not None and any(names_no_person(t) for t in tags[i:j])

    def _name_like(self, lexicon, k: int, strict: bool) -> bool:
        """A word that may be part of an unknown person's name: rare in the lexicon, or (strict: when the name does
        not open with a known given name) not in it at all."""
        key, norm = self.keys[k], self.tokens[k].norm
        if not key or norm in STOP_WORDS or any(ch.isdigit() for ch in key) or analyse_word(key) is not None:
            return False
        if key in self.res.cues.deputy or key in self.res.cues.title_words or key in self.res.office_words:
            return False
        if key in self.res.given_names:
            return True
        return _word_class(lexicon, norm) < 0 if strict else _word_class(lexicon, norm) < 4

    def _link_appositions(self) -> None:
        """A name right before or after an office (commas allowed) names its holder: link them."""
        self._names_before_offices()
        self._extend_names_before_offices()
        self._describe_unknown_people()
        # (a country named inside an office, "همتای آلمانی خود", stands between the office and the name after it)
        ordered = sorted((m for m in self.mentions if not m.inside), key=lambda m: m.words[0])
        for a, b in zip(ordered, ordered[1:]):
            ai, aj = a.words
            bi, bj = b.words
            gap = [self.tokens[k].norm for k in range(aj, bi)]
            if any(g not in ("،", ",", "-", "ـ", "»", "«", ")", "(", "'", '"', "“", "”") for g in gap):
                continue
            pair = (a.type, b.type)
            if pair in (("PER", "ROLE"), ("ROLE", "PER")) and not (a.plural or b.plural or a.inside or b.inside) \
                    and not self._of_another_country(a if a.type == "PER" else b, b if a.type == "PER" else a):
                a.appos, b.appos = b.start, a.start
        # "سفیر جمهوری اسلامی ایران در کابل حسن کاظمی قمی": an office, where it is held, then the holder's name
        for a, place, b in zip(ordered, ordered[1:], ordered[2:]):
            if a.type == "ROLE" and place.type in ("LOC", "GPE") and b.type == "PER" and b.appos is None and \
                    a.appos is None and not (a.plural or b.plural) and \
                    [self.tokens[k].norm for k in range(a.words[1], place.words[0])] == ["در"] and \
                    place.words[1] == b.words[0] and not self._of_another_country(b, a) and \
                    (b.words[1] >= len(self.keys) or self.tokens[b.words[1]].norm != "را"):  # "… X را دید": X is the object
                a.appos, b.appos = b.start, a.start
        # "سفیر ایران در کابل، علیرضا بیکدلی، …": the office's post ("در" and a place) and a comma stand between it and the name
        punct = ("،", ",", "-", "ـ", "»", "«", ")", "(", "'", '"', "“", "”")
        for a, b, c in zip(ordered, ordered[1:], ordered[2:]):
            if a.type != "ROLE" or c.type != "PER" or a.plural or a.appos is not None or c.appos is not None or \
                    b.type not in ("LOC", "GPE"):
                continue
            before_place = [self.tokens[k].key for k in range(a.words[1], b.words[0])]
            after_place = [self.tokens[k].norm for k in range(b.words[1], c.words[0])]
            if before_place == [token_key("در")] and after_place and all(g in punct for g in after_place) and \
                    not self._of_another_country(c, a):
                a.appos, c.appos = c.start, a.start

    def _of_another_country(self, person: Mention, role: Mention) -> bool:
        """A known person is not the holder of another country's office: "پزشکیان سفیر ژاپن را پذیرفت" is two people
        (the ambassador is the object), not Pezeshkian described as Japan's ambassador."""
        country = role.country
        if not person.kb_id or not country or role.country_implicit or role.counterpart or country.startswith("ORG:"):
            return False  # an office of an international body is held by people of any country
        known = self.res.kb.get(person.kb_id)
        return known is not None and bool(known.country) and known.country != country


def _supported_surnames(mentions: list[Mention], res: Resources, home: str | None = None,
                        sentences: dict[int, list[Token]] | None = None) -> list[Mention]:
    """Drop one-word person names that are also ordinary Persian words ("عارف" mystic, "ظریف" delicate: the KB's
    common words, tagged adjective or the like in hazm's lexicon) unless the article backs them: it names the person
    in full somewhere, names an office the person has held, or the sentence has the word where only a person stands
    (between "با" and a meeting: "با متقی دیدار کرد"). A name the lexicon knows only as a noun ("پوتین"،
    "اردوغان", which it has from news) is the person."""
    full = {m.kb_id for m in mentions if m.kb_id and m.type == "PER" and m.words[1] - m.words[0] > 1}
    # where the other known people of each sentence start and end: a list of them names people
    people_edges = {(m.sentence, edge) for m in mentions if m.type == "PER" and m.kb_id and m.words and
                    (m.words[1] - m.words[0] > 1 or not res.kb.is_common_word(m.text))
                    for edge in (("end", m.words[1]), ("start", m.words[0]))}
    # an office named without a country is the home country's ("وزیر امور خارجه" in an Iranian outlet)
    offices = {(m.role, m.country or home) for m in mentions if m.type == "ROLE"}
    out = []
    for m in mentions:
        if m.type == "PER" and _opens_clause(m, (sentences or {}).get(m.sentence)):
            out.append(m)  # "ظریف با …" opening a sentence or clause: the ordinary word would not stand there alone
            continue
        if m.type == "PER" and m.kb_id and m.source == "gazetteer" and m.words[1] - m.words[0] == 1 \
                and m.title is None and res.kb.is_common_word(m.text) and m.kb_id not in full:
            ent = res.kb.get(m.kb_id)
            held = {(r.role, r.country) for r in (ent.roles if ent else [])}
            if not held & offices and \
                    not _met_with(m, (sentences or {}).get(m.sentence)) and \
                    not _listed_among_people(m, (sentences or {}).get(m.sentence), people_edges):
                continue
        out.append(m)
    return out


MEETING_NOUNS = frozenset(token_key(w) for w in ("دیدار", "ملاقات", "گفتگو", "گفت‌وگو", "رایزنی", "مذاکره"))


LIST_SEPARATORS = frozenset(("،", ",", token_key("و")))
CLAUSE_OPENERS = frozenset(("،", ",", ":", "؛", "«", token_key("که")))


def _opens_clause(m: Mention, tokens: list[Token] | None) -> bool:
    """Whether the mention opens its sentence or a clause ("… گفت که متقی با …"): no adjective stands there."""
    if m.words[0] == 0:
        return True
    if tokens is None:
        return False
    before = tokens[m.words[0] - 1]
    return (before.key or before.norm) in CLAUSE_OPENERS


def _listed_among_people(m: Mention, tokens: list[Token] | None, people_edges: set) -> bool:
    """A one-word name listed next to a known person ("عراقچی، لاوروف، متقی و سعیدوف"): a person too."""
    if tokens is None or m.words is None:
        return False
    i, j = m.words
    before = i > 0 and (tokens[i - 1].key or tokens[i - 1].norm) in LIST_SEPARATORS and \
        (m.sentence, ("end", i - 1)) in people_edges
    after = j < len(tokens) and (tokens[j].key or tokens[j].norm) in LIST_SEPARATORS and \
        (m.sentence, ("start", j + 1)) in people_edges
    return before or after


def _met_with(m: Mention, tokens: list[Token] | None) -> bool:
    """A one-word name between "با" and a meeting noun: "با متقی دیدار کرد" (an adjective could not stand there)."""
    if tokens is None or m.words is None:
        return False
    i, j = m.words
    return i > 0 and j < len(tokens) and tokens[i - 1].key == token_key("با") and tokens[j].key in MEETING_NOUNS


def _surnames_of_named_people(mentions: list[Mention]) -> dict[str, str]:
    """Once an article has named a known person in full ("برهم صالح"), their surname alone is them ("با صالح"),
    unless two people of the article share it, or it is one of the most common words (خان، حسین)."""
    from didban.text.lexicon import load as load_lexicon

    lexicon = load_lexicon()
    owners: dict[str, set[str]] = {}
    for m in mentions:
        words = m.text.split()[(m.name_start if m.name_start is not None else m.words[0]) - m.words[0]:]
        if m.type == "PER" and len(words) >= 2 and (m.kb_id or m.source in ("pattern", "quote", "tagger")):
            last = words[-1]
            if len(last) >= 3 and last not in STOP_WORDS and lexicon.frequency_class(last.replace("\u200c", "")) < 8:
                owners.setdefault(last, set()).add(m.kb_id or "".join(words))
    # a known person's surname carries their id; an unknown person's is found and then resolved by the resolver
    return {surname: next(iter(ids)) for surname, ids in owners.items() if len(ids) == 1}


def find_mentions(doc: Document, res: Resources, home: str) -> list[Mention]:
    """Two passes: the first finds names the knowledge base does not know (quoted, titled, tagged); the second runs
    again with those names as a small gazetteer of the article, so that each is found wherever it recurs."""
    tokens = doc.tokens or []
    sentences = [(si, tokens[s.token_start:s.token_end]) for si, s in enumerate(doc.sentences or []) if not s.boilerplate]
    first, states = [], []
    for si, toks in sentences:
        matcher = SentenceMatcher(res, doc, toks, si, home)
        matcher.first_passes()
        states.append(matcher.state())  # the second pass starts from here (its first passes would find the same)
        first.extend(matcher.later_passes())
    learned: Gazetteer = Gazetteer()
    for m in first:
        if m.kb_id is None and m.type in ("PER", "ORG", "LOC") and m.source in ("quote", "pattern", "tagger") \
                and m.name_start is None:
            learned.add(m.text, (m.type,))
    surnames = _surnames_of_named_people(first)
    for surname, owner in surnames.items():
        learned.add(surname, ("PER", owner) if ":" in owner else ("PER",))
    if not len(learned):
        return _supported_surnames(first, res, home, dict(sentences))
    # only sentences holding a word of a learned name need the second pass
    words = {token_key(w) for m in first if m.kb_id is None for w in m.text.split()} | \
        {token_key(w) for w in surnames}
    out = []
    for (si, toks), state in zip(sentences, states):
        if any(t.key in words for t in toks):
            out.extend(SentenceMatcher(res, doc, toks, si, home, learned).resume(state).later_passes())
        else:
            out.extend(m for m in first if m.sentence == si)
    return _supported_surnames(out, res, home, dict(sentences))


def names_no_person(label: str) -> bool:
    """Whether a tagger label (the Arman corpus's IOB labels: "B-org", "I-loc", "B-pers", "O") marks an organisation,
    a place or a facility."""
    return label.rpartition("-")[2].lower() in ("org", "loc", "fac")


_PLURAL_ENDINGS = ("\u200cهایی", "\u200cهای", "\u200cها", "هایی", "های", "ها")


def _word_class(lexicon, word: str) -> int:
    """The lexicon's frequency class of a word or, for a plural the lexicon does not list ("ادعاهای"), of its
    singular: a common noun in the plural is no part of a name."""
    found = lexicon.frequency_class(word)
    for ending in _PLURAL_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return max(found, lexicon.frequency_class(word[:-len(ending)]))
    if word.endswith("ات") and len(word) > 4:
        # an Arabic plural ("اتهامات") of a very common noun; a rarer stem may be a name ("عرفات")
        singular = lexicon.frequency_class(word[:-2])
        return max(found, singular) if singular >= 7 else found
    return found
