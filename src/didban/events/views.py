"""Sentence views and their clauses: what the codebook is matched on and where arguments are looked for.

A view is a sentence (or a bounded piece of an overlong one) as its folded words, with the resolved mentions inside
it. Its clauses come from Persian's verb-final order: a clause ends on its finite verb (text/verbs.py), and a new one
starts after "و"/"،" following a verb, after ":" and after "که". Each clause knows how it is attached:

- "start": the sentence's first clause;
- "and": coordinated with the previous one ("… دیدار کرد و بر … تأکید کرد"): without a subject of its own it shares
  the previous clause's;
- "said": the words of a saying verb ("گفت: …", "اعلام کرد که …"): the speaker is the parent clause's subject;
- "relative": a relative clause ("X که در لیگ روسیه بازی می‌کند"); the clause after it ("resume") continues the
  clause the relative clause interrupted.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from didban.document import Document, Mention, Token
from didban.text.keys import token_key
from didban.text.verbs import VerbForm, noun_at, verb_at

HEADLINE_KINDS = frozenset({"headline", "subheading", "caption", "title", "lead"})
MAX_VIEW_WORDS = 120
ATTRIBUTION_OPENERS = ("به گزارش", "به نقل از", "بنا به گزارش", "بنابر گزارش", "طبق گزارش", "بر اساس گزارش",
                       "براساس گزارش", "به نوشته")


@functools.lru_cache(maxsize=100_000)
def key_of(word: str) -> str:
    """The key of a word (`didban.text.keys.token_key`, as `Token.key`), the word itself for punctuation."""
    return token_key(word) or word


def keys_of(words) -> frozenset[str]:
    return frozenset(key_of(w) for w in words)


# what can follow a finite verb and start the next clause
CONNECTORS = keys_of(("و", "اما", "ولی", "لیکن", "ولیکن", "بلکه", "سپس", "همچنین", "نیز", "تا", "زیرا", "چون",
                      "چراکه", "چرا")) | {"،", ",", "؛", ";"}
THAT = keys_of(("که", "اینکه", "آنکه"))
CLOSERS = {"»", ")", "\"", "”"}


@dataclass(slots=True)
class Verb:
    start: int  # word index in the view
    end: int
    form: VerbForm


@dataclass(slots=True)
class Clause:
    start: int  # first word after the connector
    end: int  # index after the clause's last word
    verb: Verb | None
    attach: str  # start | and | said | relative | resume
    parent: int | None = None  # "said": the saying clause; "and": the clause it is coordinated with
    resumes: int | None = None  # "resume": the clause the relative clause interrupted

    def holds(self, i: int) -> bool:
        return self.start <= i < self.end


@dataclass
class View:
    index: int  # the sentence's index in the document
    segment_kind: str
    tokens: list[Token]
    keys: list[str]
    text: str  # the keys joined by single spaces: what patterns are matched on
    starts: list[int]  # character offset in `text` of each word
    mentions: list[Mention]
    base: int = 0  # index of the view's first word in its sentence (long sentences are cut into several views)
    verbs: list[Verb] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)

    @property
    def headline_like(self) -> bool:
        return self.segment_kind in HEADLINE_KINDS

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
        i, j = m.words
        return i - self.base, j - self.base

    def clause_at(self, i: int) -> int:
        for n, c in enumerate(self.clauses):
            if c.holds(i):
                return n
        return len(self.clauses) - 1

    def verb_ending_at(self, j: int) -> Verb | None:
        for v in self.verbs:
            if v.end == j:
                return v
        return None

    def is_verb_word(self, i: int) -> bool:
        return any(v.start <= i < v.end for v in self.verbs)

    def confirm_verbs(self, found: list[Verb], saying: set[int]) -> None:
        """Add the verbs a codebook match names where the analysis alone was unsure ("پزشکیان گفت ایران …": a bare
        past stem before more words), and split the clauses again knowing which verbs introduce reported words."""
        starts = {v.start for v in self.verbs}
        for verb in found:
            if verb.start not in starts and not any(v.start < verb.end and verb.start < v.end for v in self.verbs):
                self.verbs.append(verb)
        self.verbs.sort(key=lambda v: v.start)
        self.clauses = split_clauses(self, saying)


def build_views(doc: Document) -> list[View]:
    by_sentence: dict[int, list[Mention]] = {}
    for m in doc.mentions or []:
        if m.entity is not None or m.members or m.anaphor in ("plural", "pair"):
            by_sentence.setdefault(m.sentence, []).append(m)
    views = []
    segments = doc.segments or []
    attribution = [(a.start, a.end) for a in doc.attribution or []]
    openers = tuple(" ".join(key_of(w) for w in o.split()) for o in ATTRIBUTION_OPENERS)
    for si, sent in enumerate(doc.sentences or []):
        if sent.boilerplate:
            continue
        toks = (doc.tokens or [])[sent.token_start:sent.token_end]
        keys = [t.key or t.norm for t in toks]
        mentions = sorted((m for m in by_sentence.get(si, [])
                           if not any(a <= m.start and m.end <= b for a, b in attribution)), key=lambda m: m.start)
        kind = segments[sent.segment].kind if 0 <= sent.segment < len(segments) else "paragraph"
        if keys and " ".join(keys[:3]).startswith(openers) and any(k in ("،", ",") for k in keys[:25]):
            # "به گزارش گروه سیاسی خبرگزاری آنا از خانه ملت، ...": the source, not the story's subject
            cut = next(n for n, k in enumerate(keys) if k in ("،", ","))
            mentions = [m for m in mentions if m.words[0] > cut]
        for a, b in _windows(keys):
            chunk = keys[a:b]
            starts, pos = [], 0
            for k in chunk:
                starts.append(pos)
                pos += len(k) + 1
            inside = [m for m in mentions if a <= m.words[0] and m.words[1] <= b]
            view = View(si, kind, toks[a:b], chunk, " ".join(chunk), starts, inside, a)
            view.verbs = find_verbs(view)
            view.clauses = split_clauses(view)
            views.append(view)
    return views


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


def _clause_final(keys: list[str], j: int) -> bool:
    """Whether a clause can end before word j: at the end, or before a connector, ":", "که", or punctuation."""
    if j >= len(keys):
        return True
    k = keys[j]
    return k in CONNECTORS or k in THAT or k in (":", ".", "!", "؟", "?", "«") or k in CLOSERS


def find_verbs(view: View) -> list[Verb]:
    """The finite verbs of the view. A word inside a name is never a verb; a bare past stem or participle that could
    be a noun ("گفته", "کرد") counts only where a clause can end."""
    in_name = set()
    for m in view.mentions:
        i, j = view.words_of(m)
        in_name.update(range(i, j))
    out: list[Verb] = []
    i, n = 0, len(view.keys)
    while i < n:
        if i in in_name:
            i += 1
            continue
        found = verb_at(view.keys, i)
        if found is None or noun_at(view.keys, i):
            i += 1
            continue
        end, form = found
        weak = form.tense == "participle" or (form.tense == "past" and end - i == 1 and not form.negative
                                               and form.person == 3 and not form.plural)
        if weak and not _clause_final(view.keys, end):
            i += 1
            continue
        out.append(Verb(i, end, form))
        i = end
    return out


def split_clauses(view: View, saying: set[int] = frozenset()) -> list[Clause]:
    """Clauses in order. `saying`: the start words of verbs that introduce reported words ("گفت", "اعلام کرد"): what
    follows them directly, without "که" or ":" ("پزشکیان گفت ایران آماده است"), is what was said."""
    keys = view.keys
    n = len(keys)
    verb_end = {v.end: v for v in view.verbs}
    verb_start = {v.start: v for v in view.verbs}
    clauses: list[Clause] = []
    start, attach, parent, resumes = 0, "start", None, None
    current_verb: Verb | None = None
    interrupted: list[int] = []  # clauses a relative clause is nested in

    def close(end: int) -> int:
        clauses.append(Clause(start, end, current_verb, attach, parent, resumes))
        return len(clauses) - 1

    i = 0
    while i < n:
        k = keys[i]
        if i in verb_start:
            current_verb = verb_start[i]
            i = current_verb.end
            if attach == "relative":
                # a relative clause ends on its verb; what follows continues the clause it interrupted, unless another
                # "که" describes the same noun ("وعده‌ای که داده شده بود که مذاکرات برگزار شود")
                me = close(i)
                outer = interrupted.pop() if interrupted else None
                if i < n and keys[i] in THAT:
                    interrupted.append(outer if outer is not None else me)
                    start, attach, parent, resumes, current_verb = i + 1, "relative", me, None, None
                    i += 1
                    continue
                start, attach, parent, resumes, current_verb = i, "resume", None, outer, None
                continue
            if i < n and keys[i] in ("،", ",") and current_verb.start in saying:
                # "X اعلام کرد، الکاظمی …": in news style a comma after a saying verb opens what was said
                me = close(i)
                start, attach, parent, resumes, current_verb = i + 1, "said", me, None, None
                i += 1
            elif i < n and keys[i] in CONNECTORS:
                me = close(i)
                start, attach, parent, resumes, current_verb = i + 1, "and", me, None, None
                i += 1
            elif i < n and current_verb.start in saying and keys[i] not in THAT and keys[i] != ":" \
                    and keys[i] not in CLOSERS and keys[i] not in (".", "!", "؟", "?"):
                me = close(i)
                start, attach, parent, resumes, current_verb = i, "said", me, None, None
            continue
        if k == ":":
            me = close(i)
            start, attach, parent, resumes, current_verb = i + 1, "said", me, None, None
        elif k in THAT and i > start:
            me = close(i)
            after_verb = current_verb is not None and current_verb.end == i
            if after_verb or (i in verb_end):
                start, attach, parent, resumes, current_verb = i + 1, "said", me, None, None
            else:
                interrupted.append(me)
                start, attach, parent, resumes, current_verb = i + 1, "relative", me, None, None
        i += 1
    if start < n or not clauses:
        close(n)
    return clauses
