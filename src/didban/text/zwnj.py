"""ZWNJ repair: restore lost zero-width non-joiners and split glued conjunctions, using the lexicon (lexicon.py).

Policy, applied to each Persian word that has no ZWNJ yet:

1. A word the lexicon knows with a frequency stays as it is ("تنها", "ماها", "وزیر", "گفتگو"), unless the lexicon
   also knows a spelling with ZWNJ that is at least as frequent ("بیثباتی" -> "بی‌ثباتی", "همزمان" -> "هم‌زمان").
   Function words (hazm's stopword list) keep their listed spelling: "آنها" stays, "میشود" -> "می‌شود".
2. An unknown word that the lexicon knows with ZWNJs gets them back ("فوقالعاده" -> "فوق‌العاده").
3. Unknown words, and words the lexicon lists without any frequency (hazm lists many glued forms such as "میشود",
   "کردهاند" with count 0), are split at an affix:
   - verbal prefix: می/نمی + an inflected verb form from hazm's verb stems ("میباشد" -> "می‌باشد");
   - plural ها/های/هایی/هایش... after a known word ("گروهها" -> "گروه‌ها"), except a listed word on a function-word
     stem ("اینها" stays, like "آنها"); after a letter that does not join (ا د ذ ر ز ژ و) the word stays glued
     ("کشورهای"): a ZWNJ there is invisible;
   - the clitics ای/ام/ات/اش/ایم/اید/اند and the ezafe ی, only after a final silent ه ("منطقهای" -> "منطقه‌ای",
     "شبکهی" -> "شبکه‌ی", "کتابم" stays; the ه of "کوه", "راه", "گروه" follows a long vowel and is a consonant, so
     "کوهی" stays); when both readings exist ("رابطهای": رابط+های or رابطه+ای) the more frequent, then the longer,
     stem wins;
   - تر/ترین/تری after a known adjective, only for words the lexicon does not list ("بیشتری" stays).
4. Words that are a known word plus a glued suffix (ان، ات، ی، possessives) or a verb form stay. Other unknown words:
   - a lexicon compound plus a glued suffix: "دانشآموزان" -> "دانش‌آموزان";
   - the conjunction و glued to a known word of frequency class >= 4: "وعمان" -> "و عمان" (a space, not a ZWNJ);
   - two frequent known words, the first ending in a joining letter, where the lexicon usually writes the head or the
     tail with a ZWNJ (counts computed from the lexicon by scripts/build_text_lexicon.py): "اطلاعرسانی".
5. Spaced forms are joined: "گروه ها" -> "گروه‌ها", "می باشد" -> "می‌باشد", "منطقه ای" -> "منطقه‌ای";
   "X و Y" when the lexicon writes "X‌وY" ("گفت و گو" -> "گفت‌وگو"); two words the lexicon writes as one with a
   ZWNJ, maybe plus a suffix ("رئیس جمهور" -> "رئیس‌جمهور", "دانش آموزان" -> "دانش‌آموزان") when that compound is
   frequent or has a part that usually takes a ZWNJ, unless the second word is a participle or a short function word
   ("گرفته شده", "این که"). Before these rules, the spacing learned from the UD treebanks decides (spacing.py): a pair
   they write joined ("کوتاه مدت" -> "کوتاه‌مدت") or apart ("آن قدر" stays), an affix or prefix by their counts ("ها",
   "اند"; "می", "برمی"); lexicon compounds after a part they almost never join ("به زودی") stay apart. Joins chain:
   "هم تیمی های" -> "هم‌تیمی‌های".
6. A text whose affixes are set apart (by spaces or ZWNJs) at least once for every SPACED_EVIDENCE_RATIO glued words
   that would get a ZWNJ by a writer's spelling choice (an affix, or a compound the lexicon also lists glued) keeps
   those glued: its author wrote them so ("کتاب ها و فرهنگها" -> "کتاب‌ها و فرهنگها"). Other compounds still get
   their ZWNJ ("رئیسجمهوری"): scrapers lose those whatever the author's habits.

Decisions are cached per word, so repair costs a dictionary lookup for words seen before.
"""
from __future__ import annotations

from didban.lazy_pattern import compile as kept_compile
from didban.text import lexicon as _lexicon
from didban.text import spacing as _spacing
from didban.text.keys import word_key

ZWNJ = "\u200c"
# letters that do not connect to the following letter: a ZWNJ after them is invisible, compounds stay glued
NON_JOINING = set("اآأإدذرزژوؤة")
PLURAL_SUFFIXES = ("هایشان", "هایتان", "هایمان", "هایش", "هایت", "هایم", "هایی", "های", "ها")
COMPARATIVE_SUFFIXES = ("ترین", "تری", "تر")
CLITIC_SUFFIXES = ("ایم", "اید", "اند", "ای", "ام", "ات", "اش", "ی")  # only after a silent ه
VERBAL_PREFIXES = ("نمی", "می")
# a preverb before می/نمی: "برمی گردد", "درنمی آید" (spaced) are one verb, "برمی‌گردد"
SPACED_VERBAL_PREFIXES = frozenset(VERBAL_PREFIXES) | frozenset(
    preverb + prefix for preverb in ("بر", "در", "باز", "فرو", "فرا", "وا", "ور") for prefix in VERBAL_PREFIXES)
GLUED_SUFFIXES = ("یان", "گان", "ان", "ات", "ین", "ی", "مان", "تان", "شان", "م", "ت", "ش")
SPACED_JOINABLE = frozenset(PLURAL_SUFFIXES) | frozenset(("ترین",))

CONJUNCTION_MIN_CLASS = 4  # the rest of "وX" must be at least this frequent to split off the و
SHORT_CONJUNCTION_MIN_CLASS = 7  # ... and a rest of three letters at least this frequent
COMPOUND_MIN_CLASS = 5  # both parts of a generic compound split must be at least this frequent
COMPOUND_MIN_PART = 2  # ... and at least this long

PERSIAN_WORD = kept_compile("[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0\u200c]+")

_cache: dict[str, str] = {}
_CACHE_LIMIT = 500_000


def _stem_spelling(lex, stem: str) -> str | None:
    """The stem as it should be written if it is a word (its ZWNJ spelling when the lexicon prefers one), else None."""
    compound = lex.compounds.get(stem)
    if compound is not None and (stem not in lex.classes or lex.classes[compound] >= lex.classes[stem]):
        return compound
    if stem in lex.classes:
        return stem
    return None


def _split_suffix(lex, word: str, listed: bool = False) -> str | None:
    """Best stem + suffix split; "رابطهای" could be رابط+های or رابطه+ای: the more frequent (then longer) stem wins."""
    candidates: list[tuple[int, int, str]] = []
    for suffix in PLURAL_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            if listed and stem in lex.stopwords:  # "آنها", "اینها": listed glued, on a function word: kept
                break
            spelled = _stem_spelling(lex, stem)
            if spelled is not None:
                glue = "" if stem[-1] in NON_JOINING else ZWNJ  # "کشورهای": a ZWNJ after ر would be invisible
                candidates.append((_stem_class(lex, stem), len(stem), spelled + glue + suffix))
                break
    for suffix in COMPARATIVE_SUFFIXES if not listed else ():
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            if stem in lex.adjectives and stem[-1] not in NON_JOINING:
                spelled = _stem_spelling(lex, stem) or stem
                candidates.append((_stem_class(lex, stem), len(stem), spelled + ZWNJ + suffix))
                break
    for suffix in CLITIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            if _silent_h(stem) and _stem_class(lex, stem) >= 1:
                spelled = _stem_spelling(lex, stem) or stem  # a participle ("کرده") need not be listed
                candidates.append((_stem_class(lex, stem), len(stem), spelled + ZWNJ + suffix))
                break
    # ties go to the longer stem: رابطه+ای over رابط+های
    return max(candidates)[2] if candidates else None


def _silent_h(stem: str) -> bool:
    """A final ه that is a vowel (خانه, منطقه), not a consonant after a long vowel (راه, کوه, گروه)."""
    return len(stem) >= 2 and stem[-1] == "ه" and stem[-2] not in "او"


def _stem_class(lex, stem: str) -> int:
    """Frequency class of a stem (its ZWNJ spelling counts too); a verb participle ("کرده") counts as frequent."""
    if stem in lex.verb_forms:
        return max(1, lex.classes.get(stem, -1))
    return max(lex.classes.get(stem, -1), lex.classes.get(lex.compounds.get(stem, ""), -1))


def _split_prefix(lex, word: str) -> str | None:
    """می/نمی glued to a verb form: "میباشد" -> "می‌باشد"."""
    for prefix in VERBAL_PREFIXES:
        if word.startswith(prefix) and word[len(prefix):] in lex.verb_forms:
            return prefix + ZWNJ + word[len(prefix):]
    return None


def _split_conjunction(lex, word: str) -> str | None:
    """و glued to a frequent word (the caller has checked that the whole is unknown): "وعمان" -> "و عمان"."""
    if len(word) >= 4 and word[0] == "و" and word[1] != "و":
        rest = word[1:]
        # a three-letter rest must be a very common word: "وسپس" splits, "وانگ" (Wang) is no "و انگ"
        wanted = CONJUNCTION_MIN_CLASS if len(rest) > 3 else SHORT_CONJUNCTION_MIN_CLASS
        if lex.classes.get(rest, -1) >= wanted:
            return "و " + (_stem_spelling(lex, rest) or rest)
    return None


# Dari (and older Persian) contractions of a preposition and a demonstrative: "درین" = "در این"
CONTRACTIONS = {"درین": "در این", "ازین": "از این", "برین": "بر این", "دران": "در آن", "ازان": "از آن",
                "درینجا": "در اینجا", "ازینرو": "از این رو", "ازینکه": "از اینکه", "درینباره": "در این باره"}


# "در" / "از" glued to "این" / "آن" ("دراین‌میان", "درآنکارا"), split when the lexicon does not list the whole
# ("ازآنجا" it does); with "بر" and "با" too many words start so ("برایند")
GLUED_DEMONSTRATIVES = tuple(p + d for p in ("در", "از") for d in ("این", "آن"))


def _glued_demonstrative(word: str) -> str | None:
    """"دراین‌میان" -> "در این‌میان", "ازآنجا" -> "از آنجا"."""
    for prefix in GLUED_DEMONSTRATIVES:
        if word.startswith(prefix):
            return prefix[:2] + " " + word[2:]
    return None


def _split_preposition(lex, word: str) -> str | None:
    """The preposition به glued to a frequent word (the caller has checked that the whole is unknown):
    "بهحضور" -> "به حضور", "بهعنوان" -> "به عنوان". Standard Persian writes it apart."""
    if len(word) >= 5 and word.startswith("به") and word[2] not in "ا":
        rest = word[2:]
        if lex.classes.get(rest, -1) >= CONJUNCTION_MIN_CLASS:
            return "به " + (_stem_spelling(lex, rest) or rest)
    return None


def _split_glued_words(lex, word: str) -> str | None:
    """A compound written with ZWNJ glued to the next word without a space (the caller has checked that the whole
    is unknown): "رییسجمهورغنی" -> "رئیس‌جمهور غنی". The head must be a compound the lexicon writes with a ZWNJ and
    the tail a word of its own."""
    for cut in range(len(word) - 3, 4, -1):
        head, tail = word[:cut], word[cut:]
        spelled = lex.compounds.get(head)
        if spelled and lex.classes.get(tail, -1) >= 3 and not _inflected_known(lex, word):
            return spelled + " " + (_stem_spelling(lex, tail) or tail)
    return None


def _split_light_verb(lex, word: str) -> str | None:
    """A light-verb construction written as one word (the caller has checked that the whole is unknown):
    "تاکیدکردند" -> "تاکید کردند", "دیدارکرد" -> "دیدار کرد". The nominal must be one the treebanks saw with that
    light verb, and the rest a finite form of it."""
    from didban.text import verbs

    key = word_key(word)
    for cut in range(3, len(word) - 1):
        nominal, rest = word[:cut], word[cut:]
        form = verbs.analyse_word(word_key(rest))
        if form is not None and verbs.takes_light_verb(word_key(nominal), form.lemma) and \
                (lex.known(nominal) or nominal in lex.compounds):
            return nominal + " " + rest
    return None if key else None


def _usually_zwnj(stats: dict[str, tuple[int, int]], part: str) -> bool:
    """Whether the lexicon writes this compound part with a ZWNJ at least 3 times and more often than glued."""
    zwnj, glued = stats.get(part, (0, 0))
    return zwnj >= 3 and zwnj > glued


def _split_compound(lex, word: str) -> str | None:
    """Two frequent words where one part usually takes a ZWNJ in the lexicon ("اطلاعرسانی": رسانی does)."""
    best, best_score = None, -1
    classes = lex.classes
    for i in range(COMPOUND_MIN_PART, len(word) - COMPOUND_MIN_PART + 1):
        head, tail = word[:i], word[i:]
        if head[-1] in NON_JOINING:
            continue
        score = min(classes.get(head, -1), classes.get(tail, -1))
        if score >= COMPOUND_MIN_CLASS and score > best_score and (
                _usually_zwnj(lex.heads, head) or _usually_zwnj(lex.tails, tail)):
            best, best_score = head + ZWNJ + tail, score
    return best


def _compound_with_glued_suffix(lex, word: str) -> str | None:
    """A lexicon compound plus a suffix written glued: "دانشآموزان" -> "دانش‌آموزان"."""
    for suffix in GLUED_SUFFIXES:
        if word.endswith(suffix):
            compound = lex.compounds.get(word[: -len(suffix)])
            if compound is not None:
                return compound + suffix
    return None


def _inflected_known(lex, word: str) -> bool:
    """A known word plus a suffix that is written glued (plural ان/ات/ین, ی, possessives): leave it alone."""
    if word in lex.verb_forms:
        return True
    for suffix in GLUED_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            if lex.classes.get(stem, -1) >= 1 or stem in lex.verb_forms:
                return True
    return False


def repair_word(word: str) -> str:
    """The word with its ZWNJs restored (or its glued و split off); the word itself when nothing applies."""
    cached = _cache.get(word)
    if cached is not None:
        return cached
    result = _repair(word)
    if len(_cache) >= _CACHE_LIMIT:
        _cache.clear()
    _cache[word] = result
    return result


def _repair(word: str) -> str:
    glued = _glued_demonstrative(word)
    if glued is not None and word.replace(ZWNJ, "") not in _lexicon.load().classes:
        return glued
    if ZWNJ in word or len(word) < 3:
        return word
    if word in CONTRACTIONS:
        return CONTRACTIONS[word]
    lex = _lexicon.load()
    spelled = _stem_spelling(lex, word)
    if spelled is not None and (spelled != word or lex.classes[word] >= 1):
        return spelled
    if word in lex.stopwords:
        return word
    # a word the lexicon lists with no frequency ("میشود", "کردهاند" are there, glued) may still be an affixed form,
    # but comparatives of listed words stay glued: "بیشتری", "بزرگترین" are common standard spellings
    for found in (_split_prefix(lex, word), _split_suffix(lex, word, listed=spelled is not None)):
        if found is not None:
            return found
    if spelled is not None or _inflected_known(lex, word):
        return word
    for rule in (_compound_with_glued_suffix, _split_conjunction, _split_preposition, _split_light_verb,
                 _split_compound, _split_glued_words):
        found = rule(lex, word)
        if found is not None:
            return found
    return word


_SPACED_SECOND = SPACED_JOINABLE | frozenset(CLITIC_SUFFIXES) | {"تر"}  # what may follow a space and join back
_AFFIXES = frozenset(PLURAL_SUFFIXES + COMPARATIVE_SUFFIXES + CLITIC_SUFFIXES)


def joins_spaced(prev: str, nxt: str) -> bool:
    """Whether "prev nxt" is one word written with a space where a ZWNJ belongs ("گروه ها", "می باشد")."""
    if nxt not in _SPACED_SECOND and prev not in SPACED_VERBAL_PREFIXES:
        return False
    lex = _lexicon.load()
    if nxt in SPACED_JOINABLE:  # the first word may be a glued compound ("فوقالعاده ها")
        return len(prev) >= 2 and _stem_spelling(lex, prev) is not None and prev not in SPACED_JOINABLE
    if nxt == "تر":
        return prev in lex.adjectives
    if nxt in CLITIC_SUFFIXES:
        return _silent_h(prev) and len(prev) >= 3 and prev in lex.classes
    if prev in SPACED_VERBAL_PREFIXES:
        return nxt in lex.verb_forms
    return False


SPACED_COMPOUND_MIN_CLASS = 1
SPACED_EVIDENCE_RATIO = 5  # one affix set apart outweighs this many glued spelling choices (repair_edits)


def joins_spaced_compound(prev: str, nxt: str) -> bool:
    """Whether "prev nxt" is a compound the lexicon writes "prev‌nxt" ("رئیس جمهور", "بین المللی"), possibly with a
    suffix on the second part ("دانش آموزان": the lexicon has "دانش‌آموز")."""
    lex = _lexicon.load()
    if (nxt[-1] == "ه" and nxt in lex.verb_forms) or (len(nxt) <= 3 and nxt in lex.stopwords):
        return False  # participles and short function words: "گرفته شده", "این که" take a space as often as not
    if _is_compound_at(lex, prev, nxt):
        return True
    for suffix in GLUED_SUFFIXES + PLURAL_SUFFIXES:
        if nxt.endswith(suffix) and len(nxt) - len(suffix) >= 2 and _is_compound_at(lex, prev, nxt[: -len(suffix)]):
            return True
    return False


def _is_compound_at(lex, head: str, tail: str) -> bool:
    """The lexicon writes head+tail as one word with a ZWNJ between them, and it is frequent, or one of its parts
    usually takes a ZWNJ ("سرمایه‌گذاری" is listed without a count, but "گذاری" mostly follows a ZWNJ)."""
    compound = lex.compounds.get(head + tail)
    if compound is None or len(compound) != len(head) + len(tail) + 1 or compound[len(head)] != ZWNJ:
        return False
    return (lex.classes[compound] >= SPACED_COMPOUND_MIN_CLASS or _usually_zwnj(lex.heads, head)
            or _usually_zwnj(lex.tails, tail))


def joins_conjunction_compound(left: str, right: str) -> bool:
    """Whether "left و right" is a compound the lexicon writes "left‌وright" ("گفت و گو" -> "گفت‌وگو"). The treebanks
    write most of these apart ("گفت و گو" 8 times), which would score better, but the event rules read the joined
    noun ("گفت‌وگو کردند"), so the lexicon's spelling stays."""
    lex = _lexicon.load()
    return lex.compounds.get(left + "و" + right) == left + ZWNJ + "و" + right


_pair_cache: dict[tuple[str, str], tuple[bool, bool]] = {}


def _spaced_join(word: str, nxt: str) -> tuple[bool, bool]:
    """Whether "word nxt" is one word written with a space where a ZWNJ belongs, and whether it was an affix (a
    standalone "ها", "می": evidence that this text lost its ZWNJs to spaces). Cached per pair, like words."""
    found = _pair_cache.get((word, nxt))
    if found is None:
        if len(_pair_cache) >= _CACHE_LIMIT:
            _pair_cache.clear()
        found = _pair_cache[word, nxt] = _decide_spaced_join(word, nxt)
    return found


def _decide_spaced_join(word: str, nxt: str) -> tuple[bool, bool]:
    """The treebanks' spacing decides first (spacing.py), then the lexicon's rules."""
    left, right = word.rsplit(ZWNJ, 1)[-1], nxt.split(ZWNJ, 1)[0]
    if len(word) < 2 or (left in _SPACED_SECOND and right in _SPACED_SECOND):
        return False, False  # an initial ("ب ها"), an affix after an affix ("ها ها")
    verdict = _spacing.learned_join(left, right)
    affix = nxt in _SPACED_SECOND or word in SPACED_VERBAL_PREFIXES or _spacing.is_affix(left, right)
    if verdict is not None:
        return verdict, verdict and affix
    if joins_spaced(word, nxt):
        return True, True
    if joins_spaced_compound(word, nxt) and not _spacing.written_apart(left):
        return True, False
    return False, False


def _zwnj_affixes(word: str) -> int:
    """How many affixes the word sets apart with a ZWNJ ("کتاب‌ها", "می‌شود")."""
    parts = word.split(ZWNJ)
    return sum(right in _SPACED_SECOND or left in SPACED_VERBAL_PREFIXES or _spacing.is_affix(left, right)
               for left, right in zip(parts, parts[1:]))


def _spelling_choice(word: str, fixed: str) -> bool:
    """Whether the repair only adds ZWNJs where a writer may choose not to: setting affixes apart ("کتابها" ->
    "کتاب‌ها", "میشود" -> "می‌شود"), or in a compound the lexicon also lists glued ("همزمان"). A compound's ZWNJ
    that only scrapers lose ("رئیسجمهوری") or a missing space is not a choice."""
    if fixed == word or " " in fixed or fixed.count(ZWNJ) <= word.count(ZWNJ):
        return False
    if word in _lexicon.load().classes:
        return True
    parts = fixed.split(ZWNJ)
    return all(right in _AFFIXES or left in SPACED_VERBAL_PREFIXES or _spacing.is_affix(left, right)
               for left, right in zip(parts, parts[1:]))


def repair_edits(text: str) -> list[tuple[int, int, str]]:
    """Edits (start, end, replacement) that repair the ZWNJs of `text`; positions are in `text`.

    A text whose affixes are set apart, by a space ("کتاب ها", "می شود": ZWNJs lost to spaces) or by a ZWNJ
    ("کتاب‌ها"), at least once for every SPACED_EVIDENCE_RATIO glued words that would get a ZWNJ by a spelling choice
    (`_spelling_choice`: "کتابها", "همزمان") keeps those glued: its author wrote them so. Other repairs still apply
    ("رئیسجمهوری", "وعمان"). Counting the ZWNJ affixes too keeps normalization idempotent."""
    words = list(PERSIAN_WORD.finditer(text))
    n = len(words)
    # each word's text and span read once (this runs over every word of every article)
    groups = [m.group() for m in words]
    starts = [m.start() for m in words]
    ends = [m.end() for m in words]
    joins: dict[int, str | None] = {}  # word index -> what replaces the space after it (None: "گفت و گو", a و)
    spaced_affixes = 0
    current, built_until = "", -1  # the word built by joins ("هم تیمی های": هم‌تیمی, then هم‌تیمی‌های), its end
    pair_get = _pair_cache.get
    i = 0
    while i + 1 < n:
        end, nxt = ends[i], groups[i + 1]
        current = current if built_until == i else groups[i]
        if starts[i + 1] != end + 1 or text[end] != " ":
            i += 1
            continue
        if (i + 2 < n and nxt == "و" and text[ends[i + 1]:starts[i + 2]] == " "
                and joins_conjunction_compound(current, groups[i + 2])):
            joins[i] = None
            current, built_until = current + ZWNJ + "و" + groups[i + 2], i + 2
            i += 2
            continue
        join, affix = pair_get((current, nxt)) or _spaced_join(current, nxt)  # (the cache's answer, inline)
        if join:
            glue = "" if current[-1] in NON_JOINING and nxt in SPACED_JOINABLE else ZWNJ  # "کشور ها": کشورها
            joins[i] = glue
            spaced_affixes += affix and glue == ZWNJ  # counted as it will read once joined (idempotence)
            current, built_until = current + glue + nxt, i + 1
        i += 1
    cache_get = _cache.get
    fixes = [word if i - 1 in joins and word in _SPACED_SECOND else cache_get(word) or repair_word(word)
             for i, word in enumerate(groups)]
    # (`_spelling_choice` is False for a word the repair leaves alone, most words: not called for them)
    glued = [fixed != word and _spelling_choice(word, fixed) for word, fixed in zip(groups, fixes)]
    apart = spaced_affixes + sum(_zwnj_affixes(word) for word in groups if ZWNJ in word)
    spaced_text = apart > 0 and SPACED_EVIDENCE_RATIO * apart >= sum(glued)
    edits: list[tuple[int, int, str]] = []
    for i, word in enumerate(groups):
        fixed = fixes[i]
        if spaced_text and glued[i]:
            fixed = word
        if fixed != word:
            edits.extend(_word_edits(starts[i], word, fixed))
        if i not in joins:
            continue
        if joins[i] is None:  # "گفت و گو": a ZWNJ before و, the space after it goes
            edits.append((ends[i], ends[i] + 1, ZWNJ))
            edits.append((ends[i + 1], ends[i + 1] + 1, ""))
        else:
            edits.append((ends[i], ends[i] + 1, joins[i]))
    return edits


def _word_edits(offset: int, word: str, fixed: str) -> list[tuple[int, int, str]]:
    """Insertions turning `word` into its repaired form `fixed` (repair only inserts ZWNJs and spaces)."""
    if fixed == word:
        return []
    edits, j = [], 0
    for k, ch in enumerate(fixed):
        if j < len(word) and word[j] == ch:
            j += 1
        else:
            edits.append((offset + j, offset + j, ch))
    return edits
