"""Persian verb morphology: finite verb forms, with their tense, person, polarity and mood.

Persian is verb-final, and a clause ends on its finite verb; events are mostly light-verb constructions ("دیدار کرد",
"مورد تأکید قرار داد") whose light verb carries the tense, the negation and the mood. Two services:

- `verb_at(keys, i)` analyses the words of a sentence (folded keys) at position i: is a finite verb there, which,
  and in what form? Simple past "کردند", progressive "می‌کرد", present "می‌کند", perfect "کرده‌اند" / "کرده است"
  (and the bare participle "کرده" of Dari and news ellipsis), pluperfect "کرده بود", future "خواهد کرد",
  subjunctive "کند" / "بکند" / "کرده باشد", each also negated ("نکرد", "نمی‌کند", "نخواهد کرد"). Spacing does
  not matter: a zero-width non-joiner that the scraper lost or turned into a space ("کرده اند", "می کند") gives
  the same form.
- `conjugate(past, present)` generates all those forms of one verb (what the event codebook compiles its light
  verbs from).

The stems come from hazm's verb list (text/data/verb_stems.tsv, MIT); the light-verb constructions seen in the UD
Persian treebanks (text/data/light_verbs.tsv, CC BY-SA 4.0) tell which nominals take a light verb.
"""
from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from didban.text.keys import word_key

DATA = Path(__file__).parent / "data"

PAST_ENDINGS = ("م", "ی", "", "یم", "ید", "ند")  # 1sg 2sg 3sg 1pl 2pl 3pl
PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
PERFECT_AUX = ("ام", "ای", "است", "ایم", "اید", "اند")
PERSONS = ((1, False), (2, False), (3, False), (1, True), (2, True), (3, True))
# verbs whose subjunctive is often written without the prefix ب: the light verbs ("دیدار کند", "قرار گیرد")
BARE_SUBJUNCTIVE = frozenset(("کن", "نما", "نمای", "ده", "دار", "شو", "گرد", "گیر", "زن", "باش", "آور", "ساز",
                              "کش", "یاب", "ورز", "گذار", "رسان", "خواه", "توان", "فرما", "فرمای"))
# preverbs: a verb that opens with one takes no "ب" in the subjunctive ("بازگردد", "برگردد", "درآید")
PREVERBS = tuple(word_key(w) for w in ("باز", "بر", "در", "فرا", "وا", "ور"))


def _preverbed(stem: str) -> bool:
    return any(stem.startswith(p) and len(stem) > len(p) + 1 for p in PREVERBS)


# words that parse as verbs but are, in news, almost always something else
NOT_VERBS = frozenset(word_key(w) for w in (
    "مانند", "روند", "آینده", "آیند", "پیوند", "بند", "نامه", "شاید", "بیند", "مردم", "مرد", "گذشته", "برخی",
    "آماده", "نخست", "شدید", "نزد", "نشست", "خرید", "شکست", "تولید", "سخت", "ساخت", "شناخت", "سوخت", "سود", "باد",
    "بافت", "نبرد", "رشته", "وابسته", "شایسته", "پیچیده", "گسترده", "بسته", "خسته", "دسته", "نهاد", "نهادی",
    "بود و نبود", "زنده", "آزاد", "داده", "داده‌ها", "فرستاده", "نماینده", "کننده", "دهنده", "خواننده",
    "گوینده", "رونده", "آورده", "پسند", "گشت", "زد و خورد", "بست", "کشت"))

COMMON_VERBS = ("بود", "شد", "کرد", "داد", "داشت", "گرفت", "زد", "آمد", "گفت", "خواست", "نمود", "گردید", "رفت",
                "آورد", "کشید", "یافت", "رسید", "دانست", "خواند", "ساخت")


@dataclass(frozen=True, slots=True)
class VerbForm:
    lemma: str  # the past stem, which names the verb: "کرد" (the copula: "است")
    tense: str  # past | present | perfect | pluperfect | future | participle
    person: int  # 1, 2, 3
    plural: bool
    negative: bool = False
    subjunctive: bool = False
    progressive: bool = False


def _rows(name: str):
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@dataclass(frozen=True, slots=True)
class Stems:
    past: dict  # folded past stem -> lemma (the past stem as written)
    present: dict  # folded present stem -> lemma
    light_nominals: dict  # folded nominal -> light verbs (past stems) it takes, from the treebanks


@functools.lru_cache(maxsize=1)
def stems() -> Stems:
    """The verb stems and light-verb nominals, folded: read from the two lists once, then from the cache folder
    (folding every stem was a few hundredths of a second at each start; see `didban.disk_cache`)."""
    from didban import disk_cache
    from didban.text import keys

    files = [DATA / "light_verbs.tsv", DATA / "verb_stems.tsv", Path(__file__), Path(keys.__file__)]
    try:
        fingerprint = disk_cache.files_fingerprint(files)
    except OSError:  # a list that cannot be read: reading it says which
        return _read_stems()
    return disk_cache.cached("verbs", fingerprint, _read_stems)


def _read_stems() -> Stems:
    light: dict[str, set] = {}
    light_count: dict[str, int] = {}
    for nominal, verb, count in _rows("light_verbs.tsv"):
        light.setdefault(word_key(nominal), set()).add(verb)
        light_count[verb] = light_count.get(verb, 0) + int(count)
    past: dict[str, str] = {}
    present: dict[str, str] = {}
    # where two verbs share a stem (شو: شد and شست; باش: بود and باشید), the common verb wins, then the one the
    # treebanks use most as a light verb
    rows = sorted((r for r in _rows("verb_stems.tsv") if r[0]),
                  key=lambda r: (r[0] not in COMMON_VERBS, -light_count.get(r[0], 0)))
    for p, r in rows:  # "#هست" (no past stem): the copula is handled on its own
        past.setdefault(word_key(p), p)
        if r:
            present.setdefault(word_key(r), p)
    return Stems(past, present, light)


def _copula(word: str) -> VerbForm | None:
    if word in ("است", "هست"):
        return VerbForm("است", "present", 3, False)
    if word == "نیست":
        return VerbForm("است", "present", 3, False, negative=True)
    for (person, plural), ending in zip(PERSONS, PRESENT_ENDINGS):
        if ending == "د":
            continue
        if word == "هست" + ending:
            return VerbForm("است", "present", person, plural)
        if word == "نیست" + ending:
            return VerbForm("است", "present", person, plural, negative=True)
    return None


def _unnegate(word: str) -> list[str]:
    """Readings of the word without a negative prefix: نکرد -> کرد; نیامد -> امد; نیفزود -> افزود."""
    if not word.startswith("ن") or len(word) < 3:
        return []
    out = [word[1:]]
    if word.startswith("نیا"):
        out.append("ا" + word[3:])
    if word.startswith("نی"):
        out.append("ا" + word[2:])
    return out


_COMMON_RANK = {v: n for n, v in enumerate(COMMON_VERBS)}  # (built once, not at every call)


def _with_ending(word: str, endings, table: dict) -> list[tuple[str, int, bool]]:
    """(lemma, person, plural) for every reading of `word` as stem + one of the endings, common verbs first
    (می‌شویم: شو + یم of شد before شوی + م of شست)."""
    out = []
    for (person, plural), ending in zip(PERSONS, endings):
        if (person, plural) == (2, False):
            continue  # "ی" after a stem is, in news, the noun suffix (بازی، کشتی), not "you did"
        if ending and not word.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)] if ending else word
        if stem in table:
            out.append((table[stem], person, plural))
    if len(out) < 2:
        return out  # (most words: nothing to order)
    rank = _COMMON_RANK
    return sorted(out, key=lambda r: rank.get(r[0], len(rank)))


@functools.lru_cache(maxsize=50_000)
def analyse_word(word: str, strict: bool = True) -> VerbForm | None:
    """One word as a finite verb form (no auxiliaries after it), or None. Strict analysis refuses the words that are,
    in news, nearly always nouns ("نشست"، "مردم"); a codebook pattern that names its verb asks non-strictly."""
    if not word or (strict and word in NOT_VERBS):
        return None
    form = _copula(word)
    if form:
        return form
    st = stems()
    for negative, body in [(False, word)] + [(True, b) for b in _unnegate(word)]:
        if body.startswith("می") and len(body) > 3:
            rest = body[2:]
            for lemma, person, plural in _with_ending(rest, PRESENT_ENDINGS, st.present):
                return VerbForm(lemma, "present", person, plural, negative)
            for lemma, person, plural in _with_ending(rest, PAST_ENDINGS, st.past):
                return VerbForm(lemma, "past", person, plural, negative, progressive=True)
        for lemma, person, plural in _with_ending(body, PAST_ENDINGS, st.past):
            return VerbForm(lemma, "past", person, plural, negative)
        for (person, plural), aux in zip(PERSONS, PERFECT_AUX):  # glued perfect: کرده‌اند -> کردهاند
            if aux != "است" and body.endswith("ه" + aux) and body[: -len(aux) - 1] in st.past:
                return VerbForm(st.past[body[: -len(aux) - 1]], "perfect", person, plural, negative)
        if body.endswith("ه") and body[:-1] in st.past:
            return VerbForm(st.past[body[:-1]], "participle", 3, False, negative)
        for lemma, person, plural in _with_ending(body, PRESENT_ENDINGS, st.present):
            stem = body[: len(body) - len(PRESENT_ENDINGS[PERSONS.index((person, plural))])]
            if lemma == "داشت":
                return VerbForm(lemma, "present", person, plural, negative)  # دارد: no می in the present
            if stem in BARE_SUBJUNCTIVE or _preverbed(stem):
                return VerbForm(lemma, "present", person, plural, negative, subjunctive=True)
        if not negative and body.startswith("ب") and len(body) > 2:
            candidates = [body[1:]]  # بکند -> کند
            if body.startswith("بی"):
                candidates += [body[2:], "ا" + body[2:]]  # بیاید -> اید (آی + د), بیفزاید -> افزاید
            for candidate in candidates:
                for lemma, person, plural in _with_ending(candidate, PRESENT_ENDINGS, st.present):
                    return VerbForm(lemma, "present", person, plural, subjunctive=True)
    return None


FUTURE_AUX = {word_key("خواه" + e): (p, pl) for (p, pl), e in zip(PERSONS, PRESENT_ENDINGS)}


def verb_at(keys: list[str], i: int, strict: bool = True) -> tuple[int, VerbForm] | None:
    """The finite verb form starting at word i of a sentence's folded keys: (index after it, form), or None.
    Auxiliaries are taken with it: "کرده است", "کرده بود", "خواهد کرد", "می کند" (spaced). A word without a key
    (punctuation, a number) is no verb."""
    if i >= len(keys) or not keys[i]:
        return None
    found = _verb_here(keys[i], (keys[i + 1] if i + 1 < len(keys) else "") or "", strict)
    return (i + found[0], found[1]) if found else None


@functools.lru_cache(maxsize=100_000)
def _verb_here(word: str, nxt: str, strict: bool) -> tuple[int, VerbForm] | None:
    """A verb form made of `word` (and `nxt`, an auxiliary or a spaced stem): (words it takes, form)."""
    # future: خواهد کرد / نخواهند کرد
    for negative, aux in ((False, word), (True, word[1:] if word.startswith("ن") else "")):
        if aux in FUTURE_AUX and nxt in stems().past:
            person, plural = FUTURE_AUX[aux]
            return 2, VerbForm(stems().past[nxt], "future", person, plural, negative)
    # spaced progressive: می کند / نمی کند
    if word in ("می", "نمی") and nxt:
        form = analyse_word(("ن" if word == "نمی" else "") + "می" + nxt, strict)
        if form:
            return 2, form
    form = analyse_word(word, strict)
    if form is None:
        return None
    if form.tense == "participle":
        # کرده است / کرده اند / کرده بود / کرده باشد: the auxiliary completes the perfect
        for (person, plural), aux in zip(PERSONS, PERFECT_AUX):
            if nxt == aux:
                return 2, VerbForm(form.lemma, "perfect", person, plural, form.negative)
        for (person, plural), ending in zip(PERSONS, PAST_ENDINGS):
            if nxt == "بود" + ending:
                return 2, VerbForm(form.lemma, "pluperfect", person, plural, form.negative)
        for (person, plural), ending in zip(PERSONS, PRESENT_ENDINGS):
            if nxt == "باش" + ending:
                return 2, VerbForm(form.lemma, "perfect", person, plural, form.negative, subjunctive=True)
    return 1, form


def noun_at(keys: list[str], i: int) -> bool:
    """Whether the verb-like word at i begins a noun written in several words: "گفت و گو" / "گفت وگو" (talks)."""
    nxt = keys[i + 1] if i + 1 < len(keys) else ""
    if keys[i] == "گفت":
        return nxt.startswith("وگو") or (nxt == "و" and i + 2 < len(keys) and keys[i + 2].startswith("گو"))
    return False


def takes_light_verb(nominal_key: str, light_verb: str) -> bool:
    """Whether the treebanks saw this nominal with this light verb ("اظهار" + "داشت")."""
    return light_verb in stems().light_nominals.get(nominal_key, ())


def is_light_nominal(nominal_key: str) -> bool:
    return nominal_key in stems().light_nominals


# ---------------------------------------------------------------------- generation (for the event codebook)


def _variants(written: str) -> list[tuple[str, ...]]:
    """'می|کند' -> ('میکند',) and ('می', 'کند'): a "|" is where a zero-width non-joiner goes, glued or spaced."""
    parts = written.split("|")
    out = []
    for joins in itertools.product(("", " "), repeat=len(parts) - 1):
        text = parts[0] + "".join(j + p for j, p in zip(joins, parts[1:]))
        out.append(tuple(word_key(w) for w in text.split()))
    return out


def _negate(stem: str) -> str:
    if stem.startswith("آ"):
        return "نیا" + stem[1:]
    if stem.startswith("ا"):
        return "نی" + stem[1:]
    return "ن" + stem


@functools.lru_cache(maxsize=256)
def conjugate(past: str) -> dict[tuple[str, ...], VerbForm]:
    """Every finite form of the verb with this past stem ("کرد"), keyed by its folded words, all spacing variants.
    Every generated form is checked by `verb_at`, so generation and analysis never disagree."""
    st = stems()
    presents = [r for r, lemma in st.present.items() if lemma == past] or []
    written: set[str] = set()
    for pe, pre, aux in zip(PAST_ENDINGS, PRESENT_ENDINGS, PERFECT_AUX):
        for neg in (False, True):
            stem = _negate(past) if neg else past
            written.add(stem + pe)
            written.add(("نمی|" if neg else "می|") + past + pe)
            written.add(stem + "ه" + ("|" + aux if aux != "است" else " است"))
            written.add(stem + "ه بود" + pe)
            written.add(stem + "ه باش" + pre)
            written.add(("نخواه" if neg else "خواه") + pre + " " + past)
            for present in presents:
                written.add(("نمی|" if neg else "می|") + present + pre)
                if present in BARE_SUBJUNCTIVE or past == "داشت":
                    written.add((_negate(present) if neg else present) + pre)
                if not neg:
                    written.add("ب" + present + pre)
    written.add(past + "ه")
    written.add(_negate(past) + "ه")
    out: dict[tuple[str, ...], VerbForm] = {}
    for w in written:
        for keys in _variants(w):
            found = verb_at(list(keys), 0, strict=False)
            if found and found[0] == len(keys) and found[1].lemma == past:
                out[keys] = found[1]
    return out


@functools.lru_cache(maxsize=256)
def verb_regex(past: str) -> str:
    """A regular expression over space-joined word keys matching every form of the verb (longest first)."""
    words = sorted({" ".join(k) for k in conjugate(past)}, key=lambda s: (-len(s), s))
    if not words:
        raise KeyError(f"unknown verb {past!r}: add its stems to text/data/verb_stems.tsv")
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"
