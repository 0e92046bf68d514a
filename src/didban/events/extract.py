"""From a resolved document to events: the codebook engine.

1. Views (events/views.py): each sentence as folded words, its finite verbs and its clauses.
2. Matching: the codebook's entries (events/codebook.py) whose first word occurs in the sentence are matched on it; a
   match whose gaps cross a clause boundary or a finite verb, or whose gap ends on another light verb's nominal
   ("دیدار با تیم ملی ایران اظهار داشت"), is not one. Where matches overlap, the longer wins.
3. The verb's form decides what the match becomes: negated → the entry's `negated`; future, scheduled ("قرار است …
   کند") or, for a meeting, the present of an announcement → the entry's `future` (a meeting becomes 036, intent to
   meet); a subjunctive without a plan (what someone asks others to do) → nothing.
4. Frames (events/frames.py) find who acts and who receives; plain saying verbs are coded by what was said (the
   codebook's `content` entries: "باید" an appeal, "محکوم" a criticism …).
5. Arguments of meetings: place, occasion, date, topics; the code refined (041 by phone, 042 a visit, 044 at a third
   place or on the sidelines).
6. The in-document merge (events/merge.py) makes one event of each event's reports.
"""
from __future__ import annotations

from itertools import repeat

from didban.document import Document, Event
from didban.events.arguments import Context
from didban.events.codebook import Codebook, Entry, default_codebook
from didban.events.frames import BACK_REFERENCE, PHONE_WORDS, THAT, Candidate, Hit, Speakers, quoted_before, run_frame
from didban.events.merge import build_event, merge_candidates
from didban.events.views import Verb, View, build_views, key_of, keys_of
from didban.text.verbs import noun_at, takes_light_verb, verb_at

NOMINAL_MARKERS = keys_of(("ضمن", "با"))
CLAUSE_STARTS = keys_of(("که", "و", "تا", "اما", "ولی"))
NOMINALIZERS = keys_of(("ابراز", "اظهار", "اعلام"))
GAP_BREAKS = frozenset({":", "؛", ";", ".", "؟", "?", "!"}) | keys_of(("که",))
TILL = key_of("تا")
RELATIVE_CLAUSE_WORDS = 12  # the longest relative clause a gap passes over, closing comma included
PLAN_WORDS = keys_of(("قرار", "برنامه", "تصمیم", "آماده"))
# words whose subjunctive complement is no appeal: permission, intent, ability, hope ("اجازه نمی‌دهد خاکش … استفاده
# شود"، "قصد دارد … کند"، "می‌تواند … کند"، "امیدوار است … شود")
GOVERNING_WORDS = keys_of(("اجازه", "قصد", "تلاش", "می‌تواند", "نمی‌تواند", "می‌توانند", "نمی‌توانند", "توانست",
                           "امیدوار", "امیدواریم", "امیدوارم", "مایل", "تمایل", "آمادگی", "نگذارد", "نمی‌گذارد",
                           "نمی‌گذاریم", "نخواهد گذاشت"))
# adverbs of habit: what someone always or often did is no event of a day
HABIT_WORDS = keys_of(("همواره", "همیشه", "هماره", "پیوسته", "معمولا", "معمولاً", "همه‌ساله", "هرساله"))
# "سازمان ملل بارها از طالبان خواسته است": words said many times are background (deeds done many times, "بارها نقض
# آتش‌بس کرد", are still news)
REPEATED_WORDS = keys_of(("بارها", "مکرراً", "مکررا"))
SIDELINES = key_of("حاشیه")
# the roots of what is said (not done): statements, appeals, pledges, praise, demands, criticism, rejection, threats
WORD_ROOTS = frozenset({"01", "02", "03", "05", "10", "11", "12", "13"})
# which code a plain statement takes when what was said holds cues of several kinds: the most marked act first
CONTENT_PRIORITY = ("13", "12", "10", "02", "11", "03", "05", "01")
# an adverbial phrase closed by a comma before what was said: "با اشاره به …،"، "ضمن …،"، "در این دیدار،"
ALSO = keys_of(("نیز", "همچنین", "هم", "سپس", "در ادامه"))
ADVERBIAL_OPENERS = keys_of(("با", "ضمن", "در", "پس", "پیش", "به", "طی", "پیرو", "درباره"))
# frames whose speaker is named outside any subject ("به گفته X، …", a headline's "X: …"): what was said is the rest
# of the sentence, and a plain remark there is no event
SOURCE_FRAMES = frozenset({"according-to", "opinion", "kicker"})
SAYING_FRAMES = frozenset({"say"}) | SOURCE_FRAMES
MEETING_FRAMES = frozenset({"meeting", "meeting-with", "host", "hosted", "call-from", "session", "attend",
                            "mediate"})


_DISJOINT = frozenset.isdisjoint  # (mapped over an entry's required parts: no Python frame per part)


class Extractor:
    def __init__(self, doc: Document, home: str = "IRN", codebook: Codebook | None = None):
        self.doc = doc
        self.codebook = codebook or default_codebook()
        self.ctx = Context(doc, home)
        self.views = build_views(doc)
        self.ctx.build_place_context(self.views)
        self.last_group: list[str] = []

    # ------------------------------------------------------------------ matching
    def hits(self, v: View) -> list[Hit]:
        """The codebook's matches in the view, most specific first (longer, then not a plain saying verb, then the
        pattern that requires more words). The verbs the matches name are confirmed in the view, which then splits
        its clauses knowing which verbs introduce reported words."""
        found = []
        word_starts: dict[str, list[int]] = {}  # key -> where the view's words with that key start in its text
        for key, start in zip(v.keys, v.starts):
            word_starts.setdefault(key, []).append(start)
        present = set(v.keys)
        for entry in self.codebook.candidates(present):  # (the same set as ever: its order is the hits' order)
            if entry.frame == "content" or any(map(_DISJOINT, entry.required, repeat(present))):
                continue  # (a word the pattern requires is not in the clause: no match)
            for mt in self._matches(entry, v, word_starts):
                i, j = v.word_at(mt.start()), v.word_at(max(mt.start(), mt.end() - 1)) + 1
                if entry.place == "headline" and not self._headline_position(v, i) or self._verb_is_noun(v, mt):
                    continue
                if mt.re.pattern.startswith(r"(?<!\S)(?:(?P<v") and i > 0 and self._light_part(v, i):
                    continue  # "ترک خواهد گفت"، "تبریک گفت": the verb belongs to the nominal before it
                if entry.verbs and self._after_nominal_marker(v, i) and \
                        not mt.re.pattern.startswith(r"(?<!\S)(?:(?P<v"):
                    continue  # "ضمن تبریک … گفت": a noun after "ضمن"/"با" is not its light verb's (the nominal entries)
                verb = self._named_verb(v, mt)
                if verb is not None and entry.frame not in SAYING_FRAMES and not self._plausible_verb(v, verb):
                    continue  # (a saying verb takes its words bare: "پزشکیان گفت ایران آماده است")
                if verb is not None and verb.form.tense == "future" and entry.verbs and \
                        verb.form.lemma not in {stem for _, stems in entry.verbs for stem in stems.split("|")}:
                    continue  # "از بین خواهد برد": "خواهد" is the future of another verb, not "خواست"
                found.append((entry, i, j, verb))
        saying = {verb.start for entry, _, _, verb in found if verb and entry.frame == "say"}
        v.confirm_verbs([verb for *_, verb in found if verb], saying)
        out = []
        for entry, i, j, verb in found:
            clause = v.clause_at(i)
            clause_verb = v.clauses[clause].verb
            # without a verb of its own, the match takes its clause's verb (tense, polarity), unless the pattern
            # spelled that verb out itself ("محدودیتی … قائل نیست" is negative on purpose)
            form = verb.form if verb else (clause_verb.form if clause_verb and not i <= clause_verb.start < j
                                           and entry.frame not in SOURCE_FRAMES else None)
            # (a colon has no tense, nor has "به باور X،": the clause's verb is what they said, not their saying)
            out.append(Hit(entry, v, i, j, clause, form))
        out.sort(key=lambda h: (h.entry.frame == "say", -(h.end - h.start), -h.entry.weight, len(h.entry.anchors),
                                h.start))
        return out

    def _matches(self, entry: Entry, v: View, word_starts: dict[str, list[int]]):
        """The entry's matches whose gaps are acceptable (a list); a rejected match is retried from its next word (the
        first "دفاع" of "دفاع از خود دفاع کرد" is not the nominal of "کرد", the second is).

        A match starts on a word and its first word is one of the entry's anchors (a pattern starts with a word, a
        group or a verb, and `anchors` are their first words), so the pattern is only tried where those words
        start: the same matches as searching the whole text, without the engine trying every position."""
        anchors = entry.anchors & word_starts.keys()
        # (one anchor word, the usual case: its starts are in text order already)
        starts = word_starts[next(iter(anchors))] if len(anchors) == 1 else \
            sorted([at for key in anchors for at in word_starts[key]])
        match, text = entry.regex.compiled.match, v.text  # (the compiled pattern's own method: no wrapper call)
        found = [mt for at in starts if (mt := match(text, at)) is not None]
        if not found:  # most entries: no match at any of their anchors (the rest as below, on the matches found)
            return found
        out, pos = [], 0
        for mt in found:
            if mt.start() < pos:
                continue
            if self._gaps_ok(v, mt, entry):
                out.append(mt)
                pos = mt.end() + 1
            else:
                pos = mt.start() + 1  # the next word on
        return out

    @staticmethod
    def _named_verb(v: View, mt) -> Verb | None:
        """The verb of the entry's last verb group, as the analysis reads it (the pattern vouches that it is one)."""
        groups = [g for g in mt.re.groupindex if g.startswith("v") and mt.group(g)]
        if not groups:
            return None
        start = v.word_at(mt.start(groups[-1]))
        found = verb_at(v.keys, start, strict=False)
        return Verb(start, found[0], found[1]) if found else None

    @staticmethod
    def _plausible_verb(v: View, verb: Verb) -> bool:
        """A bare past stem in mid-sentence that the analysis did not take for a verb ("از خواست مردم است": the
        noun "will") is one only if a subjunctive clause follows it ("از آنها خواست روابط را قطع کنند")."""
        if any(x.start == verb.start for x in v.verbs):
            return True
        weak = verb.form.tense == "participle" or (verb.form.tense == "past" and verb.end - verb.start == 1 and
                                                   verb.form.person == 3 and not verb.form.plural)
        if not weak or verb.end >= len(v.keys) or v.keys[verb.end] in (".", "،", ",", ":", "؛", "!", "؟", "«", '"') or \
                v.keys[verb.end] in CLAUSE_STARTS or verb_at(v.keys, verb.end) is not None:
            return True  # (a participle before an auxiliary: "به خشونت کشیده شد")
        return any(x.start >= verb.end and x.form.subjunctive for x in v.verbs)

    @staticmethod
    def _after_nominal_marker(v: View, i: int) -> bool:
        """"ضمن …" or "با …" right before the word (also across "ابراز"، "اظهار": "ضمن ابراز همدردی")."""
        k = i - 1
        while k >= 0 and v.keys[k] in NOMINALIZERS:
            k -= 1
        return k >= 0 and v.keys[k] in NOMINAL_MARKERS

    def _light_part(self, v: View, i: int) -> bool:
        found = verb_at(v.keys, i, strict=False)
        return found is not None and (takes_light_verb(v.keys[i - 1], found[1].lemma) or
                                      (v.keys[i - 1], found[1].lemma) in self.codebook.light_pairs)

    @staticmethod
    def _verb_is_noun(v: View, mt) -> bool:
        """"گفت" in "گفت وگو" is the noun "talks", not the verb "said"."""
        return any(noun_at(v.keys, v.word_at(mt.start(g))) for g in mt.re.groupindex
                   if g.startswith("v") and mt.group(g))

    @staticmethod
    def _headline_position(v: View, i: int) -> bool:
        """A nominal report ("دیدار X با Y") is an event at the start of a headline-like segment, or of a short
        paragraph, or after a kicker ("X: …")."""
        at_start = i == 0 or (i > 0 and v.keys[i - 1] == ":")
        return at_start and (v.headline_like or len(v.keys) < 30)

    def _gaps_ok(self, v: View, mt, entry: Entry) -> bool:
        groups = mt.re.groupindex
        for name in groups:
            if not name.startswith("g") or mt.group(name) is None or not mt.group(name).strip():
                continue
            a, b = mt.span(name)
            first, last = v.word_at(a + 1), v.word_at(b - 1)
            w = first
            while w <= last:
                end = self._relative_clause_end(v, w, last)
                if end is not None:
                    w = end + 1  # "در این نشست که در کازان دایر گردید، نمایندگان … اشتراک داشتند"
                    continue
                if v.keys[w] in GAP_BREAKS or v.is_verb_word(w):
                    return False
                w += 1
            # the gap's last word must not be the nominal of the light verb that follows ("اظهار داشت")
            following = [g for g in groups if g.startswith("v") and mt.group(g) and mt.start(g) == b + 1]
            for g in following:
                verb = verb_at(v.keys, v.word_at(mt.start(g)), strict=False)
                if verb and (takes_light_verb(v.keys[last], verb[1].lemma) or
                             (v.keys[last], verb[1].lemma) in self.codebook.light_pairs):
                    return False
        return True

    @staticmethod
    def _relative_clause_end(v: View, w: int, last: int) -> int | None:
        """Where a short relative clause opening at w ("که" after a noun) ends, at the comma that closes it within
        the gap: a gap may pass over it as over a parenthesis. None if there is none (a "که" after a verb opens
        what was said)."""
        if v.keys[w] != THAT or w == 0 or v.is_verb_word(w - 1):
            return None
        for k in range(w + 1, min(last, w + RELATIVE_CLAUSE_WORDS) + 1):
            if v.keys[k] in ("،", ","):
                return k if any(v.is_verb_word(x) for x in range(w + 1, k)) else None
            if v.keys[k] in GAP_BREAKS:
                return None
        return None

    # ------------------------------------------------------------------ what the verb's form makes of a match
    def outcome(self, hit: Hit, speakers: Speakers) -> str | None:
        """The code the hit takes, or None when it reports nothing that happened."""
        entry, verb = hit.entry, hit.verb
        if verb is None:
            return entry.cameo
        if verb.negative:
            return self._apply(entry, entry.negated)
        if entry.affirmative == "drop":
            return None
        meeting = entry.frame in MEETING_FRAMES or (entry.frame == "nominal" and entry.cameo.startswith("04"))
        c = hit.clause_obj
        planned = any(k in PLAN_WORDS for k in hit.view.keys[c.start:hit.end])
        if verb.tense == "future":
            return self._apply(entry, entry.future)
        if verb.subjunctive:
            if planned:
                return self._apply(entry, entry.future)
            # "در ملاقات X با Y، … دعوت کرد به هلند سفر کند": the meeting a phrase presupposes happened, whatever
            # the mood of the sentence's last verb
            return entry.cameo if entry.frame == "meeting-with" else None
        if entry.cameo[:2] in WORD_ROOTS and not meeting and \
                any(k in REPEATED_WORDS for k in hit.view.keys[c.start:hit.end]):
            return None  # "سازمان ملل بارها از طالبان خواسته است": said many times, background
        if verb.tense == "pluperfect" and not meeting and entry.cameo[:2] in WORD_ROOTS:
            return None  # "ترامپ پیش از این گفته بود …": words said before, told as background
        if any(k in HABIT_WORDS for k in hit.view.keys[c.start:hit.end]):
            return None  # "رئیسی همواره از منافع ایران دفاع کرد": a habit told, not an act on a day
        if entry.frame == "say" and verb.tense == "present" and speakers.in_reported_words(hit.clause) and \
                verb.person == 3:
            return None  # "… زیرا امام، این رژیم را غده سرطانی می‌خوانند": a habit cited, not a statement made
        if meeting and verb.tense == "present" and not verb.progressive:
            # a meeting in the present: in someone's words, a habit ("روسیه با طالبان گفت‌وگو می‌کند"); told by
            # the outlet, an announcement ("ظریف فردا با لاوروف دیدار می‌کند")
            if speakers.in_reported_words(hit.clause):
                return None
            return self._apply(entry, entry.future)
        return entry.cameo

    @staticmethod
    def _apply(entry: Entry, rule: str) -> str | None:
        if rule == "drop":
            return None
        if rule == "keep":
            return entry.cameo
        return rule

    # ------------------------------------------------------------------ per sentence
    def sentence(self, v: View, last_meeting: Candidate | None) -> list[Candidate]:
        hits = self.hits(v)  # first: matching confirms verbs and splits the clauses anew
        speakers = Speakers(self.ctx, v)
        views_of: list[tuple[int, list[str]]] = []  # (where an opinion's words start, whose opinion)
        for hit in hits:  # "در بیانیه X آمده است: …": X is the speaker of the clause and of what it says
            if hit.entry.frame in ("according-to", "opinion"):
                made = run_frame(self.ctx, hit, speakers)
                for c in made:
                    speakers.add_source(hit.clause, c.actors, _phrase_end(v, hit))
                if hit.entry.frame == "opinion":
                    views_of.append((hit.end, [a for c in made for a in c.actors]))
        question = bool(v.keys) and v.keys[-1] in ("؟", "?")  # a question reports nothing
        phone = any(k in PHONE_WORDS for k in v.keys)
        found: list[Candidate] = []
        said: list[tuple[Candidate, Hit]] = []  # plain saying verbs, coded by their words once all else is found
        taken: list[tuple[int, int]] = []  # words of matches that reported something
        refused: list[tuple[int, int, str]] = []  # words of matches negated or referring back: (start, end, root)
        for hit in hits:
            if any(a < hit.end and hit.start < b for a, b in taken) or \
                    any(a < hit.end and hit.start < b and root == hit.entry.root for a, b, root in refused):
                continue
            frame = hit.entry.frame
            if frame in MEETING_FRAMES and frame != "session" and hit.start > 0 and \
                    v.keys[hit.start - 1] in BACK_REFERENCE:
                refused.append((hit.start, hit.end, hit.entry.root))
                continue  # "در این دیدار": a reference back, not a new event (a session described with all who
                # attend it, "این نشست که با حضور X و Y برگزار شد", still names them: the merge joins its reports)
            cameo = self.outcome(hit, speakers)
            if cameo is None:
                # "دیدار نکرد": no other meeting reading of these words either (other roots may still read them)
                refused.append((hit.start, hit.end, hit.entry.root))
                continue
            if question and frame not in MEETING_FRAMES:
                continue
            made = run_frame(self.ctx, hit, speakers)
            if hit.entry.meets:
                made += self._joint_act_meetings(hit, made)
            if made:
                taken.append((hit.start, hit.end))
            for c in made:
                if c.implied:  # the meeting a joint act implies: a meeting like any other
                    self._meeting_args(c, v, phone)
                    found.append(c)
                    continue
                if c.kind == "meeting" and not cameo.startswith("04"):
                    if not any(self.ctx.type_of(p) == "PER" for p in c.actors + c.recipients):
                        continue  # countries that will attend or "attend" a session: no one's stated intent
                    # an announced meeting: PLOVER codes it AGREE (CAMEO 036, intent to meet)
                    c.kind, c.cameo, c.confidence = "statement", cameo, 0.5
                    c.date, c.date_reason, c.date_words = self.ctx.date(v)
                    found.append(c)
                    continue
                c.cameo = cameo
                if c.kind == "meeting":
                    self._meeting_args(c, v, phone)
                    self.ctx.last_group = c.actors + c.recipients  # "… و دو طرف …" in the same sentence
                    self.ctx.met.update(c.actors + c.recipients)
                else:
                    if frame in SAYING_FRAMES:
                        if not all(self.ctx.political(a) for a in c.actors):
                            continue  # "سرمربی تیم ملی گفت …": what is said is political news only from politics
                        said.append((c, hit))
                    c.date, c.date_reason, c.date_words = self.ctx.date(v)
                    c.confidence = 0.7
                found.append(c)
        if views_of:
            # "به اعتقاد کارشناسان، ایران آماده مذاکره است": what someone holds true is their view, not another's act
            found = [c for c in found if not (c.kind == "statement" and c.entry.frame not in SAYING_FRAMES and
                                              any(c.trigger[0] >= at and not set(c.actors) <= set(holder)
                                                  for at, holder in views_of))]
            said = [(c, h) for c, h in said if c in found]
        found = self._code_what_was_said(v, speakers, found, said)
        found.sort(key=lambda c: c.trigger[0])
        # topics reported passively after a meeting ("در این دیدار … مورد بحث قرار گرفت") belong to it
        if last_meeting is not None and v.keys[:3] == [key_of("در"), key_of("این"), key_of("دیدار")] and \
                not any(c.kind == "meeting" for c in found):
            last_meeting.topics.append((3, len(v.keys) - 1))
            last_meeting.extra_evidence.append(self.doc.span(v.tokens[0].start, v.tokens[-1].end, "topic"))
        return self._one_plain_per_speaker(found)

    def _code_what_was_said(self, v: View, speakers: Speakers, found: list[Candidate],
                            said: list[tuple[Candidate, Hit]]) -> list[Candidate]:
        """A plain saying verb takes its code from its words. When that code comes from words a more specific entry
        has already read, the saying verb adds nothing: "می‌گوید که … خواهان روابط خوب … است" is the wish for
        relations, not also an appeal ("خواهان"), and "تصریح کرد: … هشدار می‌دهیم" is the warning."""
        read = {k for c in found if c.kind == "statement" and c.entry.frame not in SAYING_FRAMES
                for k in range(*c.trigger)}
        dropped = set()
        for c, hit in said:
            code = self._content_code(v, hit, speakers)
            if read and code is not None and hit.entry.frame not in SOURCE_FRAMES and \
                    code != self._content_code(v, hit, speakers, read):
                dropped.add(id(c))
                continue
            c.cameo = code or c.cameo
            another = any(o is not c and o.trigger[0] >= hit.end and not set(o.actors + o.recipients) & set(c.actors)
                          for o in found)
            # "امیرعبداللهیان گفت که عربستان از ایران خواسته است …": the appeal said is Saudi Arabia's, not his
            echoed = any(o is not c and o.kind == "statement" and o.trigger[0] >= hit.end and
                         o.cameo[:2] == c.cameo[:2] and not set(o.actors + o.recipients) & set(c.actors)
                         for o in found)
            if echoed or another and (c.cameo.startswith("01") or hit.entry.frame == "according-to"):
                # "کرملین اعلام کرد پوتین و ترامپ تلفنی گفتگو کردند", "به گفته X، Y از Z قدردانی کرد": the source of
                # another's act, no remark of its own
                dropped.add(id(c))
                continue
            if hit.entry.frame in SOURCE_FRAMES and c.cameo.startswith("01"):
                dropped.add(id(c))  # "در بیانیه X آمده است: Y با Z دیدار کرد": the report, not a statement of X
            c.confidence = 0.5 if c.cameo.startswith("01") else 0.7
        return [c for c in found if id(c) not in dropped]

    def _joint_act_meetings(self, hit: Hit, made: list[Candidate]) -> list[Candidate]:
        """A joint act of people of several countries done together ("X و Y … را امضا کردند") is also a meeting."""
        out = []
        for c in made:
            people = [a for a in c.actors if self.ctx.type_of(a) == "PER"]
            if len(people) >= 2 and len({self.ctx.country_of(p) for p in people}) >= 2:
                out.append(Candidate(hit.entry, hit.view, c.trigger, "meeting", "040", people[:1], people[1:],
                                     implied=True))
        return out

    def _content_code(self, v: View, hit: Hit, speakers: Speakers, read: set[int] = frozenset()) -> str | None:
        """What a plain saying verb's words say: the clauses of its reported words, and its own clause's words
        between the subject and the verb ("بر ضرورت … تأکید کرد")."""
        n = hit.clause
        if hit.entry.frame in SOURCE_FRAMES:  # "به گفته X، …"، "X: …": all that follows the source
            return self._cued_code(v, [(hit.end, len(v.keys))], [], read)
        # in its own clause, what was said is what stands before the verb, after the subject and any adverbial
        # phrase closed by a comma ("با اشاره به …، بر ضرورت … تأکید کرد" said "بر ضرورت …")
        _, subj = speakers.own[n] if n < len(speakers.own) else ([], [])
        own_start = max([v.clauses[n].start] + [v.words_of(m)[1] for m in subj])
        for k in range(own_start, hit.start):
            first = own_start
            while first < hit.start and v.keys[first] in ALSO:
                first += 1  # "وزیر خارجه ترکیه نیز با اشاره به …،": the adverbial after "نیز"
            opener = v.keys[first] if first < len(v.keys) else ""
            if v.keys[k] in ("،", ",") and opener in ADVERBIAL_OPENERS:
                own_start = k + 1
        ranges = [(own_start, hit.start)]
        quote_end = quoted_before(v, v.clauses[n].start, hit.start)
        if quote_end is not None:  # "«…»؛ این را X گفت": the quote before "این را" was said
            ranges.append((v.clauses[n].start, quote_end - 2))
        opening = _opening_quote(v, hit.start)
        if opening is not None and opening[1] <= own_start:
            ranges.append(opening)  # "«…»، وزیر امور خارجه … گفت": the sentence opens with what was said
        direct = []  # the clauses of what was said (not relative clauses inside it)
        for m in range(n + 1, len(v.clauses)):
            link, seen, relative, reports = m, set(), False, 0
            # up through coordination, relative clauses and what resumes after them; words reported inside the
            # reported words ("X گفت: وزیر … اظهار داشته که …") are the other speaker's, not X's
            while link not in seen and link != n:
                seen.add(link)
                c = v.clauses[link]
                relative = relative or c.attach == "relative"
                reports += c.attach == "said"
                nxt = c.resumes if c.attach == "resume" else c.parent
                if nxt is None or c.attach == "start":
                    break
                link = nxt
            if link == n and reports <= 1:
                ranges.append((v.clauses[m].start, v.clauses[m].end))
                if not relative:
                    direct.append(m)
        return self._cued_code(v, ranges, direct, read)

    def _cued_code(self, v: View, ranges: list[tuple[int, int]], direct: list[int],
                   read: set[int] = frozenset()) -> str | None:
        """The strongest code the cues of what was said give (CONTENT_PRIORITY); a subjunctive in a clause said
        directly, without a plan, is an appeal ("یادآور شد که مراقب مرزها باشند")."""
        best = weak = None
        for a, b in ranges:
            if b <= a:
                continue
            text = " ".join("_" if k in read else v.keys[k] for k in range(a, b))
            for entry in self.codebook.content:
                if not entry.regex.search(text):
                    continue
                if entry.weak:
                    weak = entry.cameo if weak is None or _priority(entry.cameo) < _priority(weak) else weak
                elif best is None or _priority(entry.cameo) < _priority(best):
                    best = entry.cameo
        if weak is not None and (best is None or best.startswith("01")):
            best = weak  # "تروریستی" alone makes words about terrorists a criticism; beside "همکاری" it does not
        if best is None:  # no cue: a subjunctive said directly, without a plan, is still what others should do
            for m in direct:
                c = v.clauses[m]
                form = c.verb.form if c.verb else None
                if form and form.subjunctive and not form.negative and form.person != 1 and \
                        not any(k in PLAN_WORDS for k in v.keys[c.start:c.end]) and \
                        not any(k in GOVERNING_WORDS for k in v.keys[max(0, c.start - 4):c.verb.start]) and \
                        v.keys[c.start] != TILL:  # ("… اعلام کرد تا به این ترتیب … بیافزاید": a purpose)
                    return "020"
        return best

    def _meeting_args(self, c: Candidate, v: View, phone: bool) -> None:
        ctx = self.ctx
        i, j = c.trigger
        c.topics = ctx.topics(v, 0, len(v.keys))
        phone = phone or c.entry.cameo == "041"
        loc_m = ctx.location(v, 0, len(v.keys), c.actors + c.recipients, c.topics)
        c.location = ctx.context_location(v, loc_m.entity if loc_m else None) if not phone else None
        c.occasion = ctx.occasion(v)
        c.date, c.date_reason, c.date_words = ctx.date(v)
        parts = c.actors + c.recipients
        countries = {ctx.country_of(p) for p in parts}
        loc_country = ctx.country_of(c.location) if c.location else None
        if phone:
            c.cameo = "041"
        elif c.cameo in ("046", "043", "042", "045") or c.entry.frame in ("session",):
            pass
        elif (c.occasion is not None and SIDELINES in v.keys) or (loc_country and loc_country not in countries):
            c.cameo = "044"
        elif loc_country and loc_country in countries and len(countries) > 1:
            # a visit: the visitor acts, the host receives
            visitors = [p for p in parts if ctx.country_of(p) != loc_country]
            hosts = [p for p in parts if p not in visitors]
            if visitors and hosts:
                c.actors, c.recipients = visitors, hosts
            c.cameo = "042"
        if len(parts) > 2:
            c.mode = "multilateral"
        known = sum(1 for p in parts if ctx.entities.get(p) and ctx.entities[p].kb_id)
        c.confidence = 0.6 + 0.35 * known / max(1, len(parts))
        if any(ctx.unnamed_office(p) for p in parts):
            c.confidence = 0.4  # "نایب رئیس مجلس ارمنستان": someone we cannot name

    @staticmethod
    def _one_plain_per_speaker(found: list[Candidate]) -> list[Candidate]:
        """Plain saying verbs ("گفت"، "تأکید کرد") are kept only where they add something: not when the speaker has
        an event of a more specific verb in the same sentence (unless what they said is an appeal or an intent to
        cooperate), one per code, and a bare 01 only if nothing else was said."""
        def speaker(c):
            return tuple(sorted(c.actors))

        # (a source's words, "در بیانیه X آمده است: …", are coded like a saying verb's: they too give way)
        explicit = {speaker(c) for c in found if c.kind == "statement" and c.entry.frame not in SAYING_FRAMES}
        plains = [c for c in found if c.kind == "statement" and c.entry.frame in SAYING_FRAMES and
                  (speaker(c) not in explicit or c.cameo[:2] in ("02", "03"))]
        coded = {speaker(c) for c in plains if not c.cameo.startswith("01")}
        # a weak statement gives way to its speaker's rejection or criticism in the sentence ("… را رد کرد و آن را
        # بی‌اساس خواند": calling it baseless is the rejection said again)
        rejecting = {speaker(c) for c in found if c.kind == "statement" and c.cameo[:2] in ("11", "12")}
        out, seen = [], set()
        for c in found:
            if c.kind == "statement" and c.entry.weak and c.entry.frame != "say" and speaker(c) in rejecting:
                continue
            if c.kind == "statement" and c.entry.frame in SAYING_FRAMES:
                key = (speaker(c), c.cameo[:2])
                if c not in plains or key in seen or (c.cameo.startswith("01") and speaker(c) in coded):
                    continue
                seen.add(key)
            out.append(c)
        return out

    def _main_subject(self, v: View) -> list[str]:
        """The people who are the subject of the sentence's first clause (none when it names none, or a country)."""
        if not v.clauses or v.clauses[0].attach != "start":
            return []
        actors, _ = Speakers(self.ctx, v).own[0]
        return actors if actors and all(self.ctx.type_of(a) == "PER" for a in actors) else []

    def _quote_continued(self, v: View, actors: list[str]) -> list[Candidate]:
        """A sentence that is all a quotation, right after someone's statement, goes on quoting them ("X گفت: …"
        then «…» as a paragraph of its own): coded by its words, as a saying verb's would be."""
        entry = self.codebook.by_id("say")
        code = self._cued_code(v, [(0, len(v.keys))], list(range(len(v.clauses))))
        if entry is None or code is None or code.startswith("01"):
            return []
        c = Candidate(entry, v, (0, len(v.keys)), "statement", code, list(actors), confidence=0.5)
        c.date, c.date_reason, c.date_words = self.ctx.date(v)
        return [c]

    # ------------------------------------------------------------------ the document
    def run(self) -> list[Candidate]:
        out: list[Candidate] = []
        last_meeting: Candidate | None = None
        speaker: tuple[int, list[str]] | None = None  # (sentence, actors) of the last statement
        quote_open = False  # whether a quotation opened in an earlier sentence is still open
        for v in self.views:
            self.ctx.last_speaker = speaker  # whose "این بیانیه" a sentence refers back to
            found = self.sentence(v, last_meeting)
            self.ctx.last_subject = (v.index, self._main_subject(v))  # what the next sentence's dropped subject is
            # (also the sentence that closes a quotation its speaker opened up to three sentences before: "X گفت:
            # «… . … .»"; an unclosed mark in scraped text must not make a quotation of all that follows)
            closing = quote_open and "«" not in v.keys and _closes_quote(v)
            if not found and speaker is not None and (speaker[0] >= v.index - 1 and _quoted_whole(v) or
                                                      closing and speaker[0] >= v.index - 3):
                found = self._quote_continued(v, speaker[1])
            quote_open = _opens_quote(v) or quote_open and not _closes_quote(v)
            if any(c.kind == "statement" for c in found):
                speaker = (v.index, next(c.actors for c in found if c.kind == "statement"))
            for c in found:
                if c.kind == "meeting":
                    last_meeting = c
                parties = c.actors + c.recipients if c.kind == "meeting" else c.actors
                if len(parties) >= 2:
                    self.ctx.last_group = list(parties)  # what "آنها"، "دو طرف" refer to next
            out.extend(found)
        return out


def _phrase_end(v: View, hit: Hit) -> int | None:
    """Where the words after an opening source phrase start: after its comma ("به گفته X، …"); None when the
    phrase does not open its sentence (a source in mid-sentence stands in its clause's words)."""
    if hit.start > 1:
        return None
    end = next((k + 1 for k in range(hit.end, len(v.keys)) if v.keys[k] in ("،", ",")), None)
    if end is not None and any(m.type == "ROLE" and v.words_of(m)[0] == end for m in v.mentions):
        # "به گفته X، سخنگوی …، Y …": the office after the comma is the source's, in apposition
        close = next((k for k in range(end, len(v.keys)) if v.keys[k] in ("،", ",") or v.is_verb_word(k)), None)
        if close is not None and v.keys[close] in ("،", ","):
            return close + 1
    return end


def _opening_quote(v: View, before: int) -> tuple[int, int] | None:
    """The words of a quotation that opens the sentence, closed and followed by a comma before word `before`,
    as a range; None otherwise."""
    if not v.keys or v.keys[0] != "«":
        return None
    close = next((k for k in range(1, before) if v.keys[k] == "»"), None)
    if close is None or close + 1 >= before or v.keys[close + 1] not in ("،", ",", "؛"):
        return None
    return (1, close)


def _quote_marks(v: View) -> list[str]:
    return [t.norm for t in v.tokens if t.norm in ("«", "»")]


def _opens_quote(v: View) -> bool:
    """Whether the sentence opens a quotation it does not close."""
    marks = _quote_marks(v)
    return bool(marks) and marks[-1] == "«"


def _closes_quote(v: View) -> bool:
    """Whether the sentence closes a quotation it did not open ("… لغو کند.»")."""
    marks = _quote_marks(v)
    return bool(marks) and marks[0] == "»"


def _quoted_whole(v: View) -> bool:
    """Whether the sentence is all inside quotation marks: «…» (its last mark may follow the full stop)."""
    words = [t.norm for t in v.tokens]
    return len(words) > 3 and words[0] == "«" and "»" in words[-2:] and "»" not in words[1:-2]


def _priority(cameo: str) -> int:
    return CONTENT_PRIORITY.index(cameo[:2]) if cameo[:2] in CONTENT_PRIORITY else len(CONTENT_PRIORITY)


def _drop_plain_remarks_of_speakers_who_acted(events: list[Event]) -> list[Event]:
    """A speaker's plain remarks (010) are the record of what they said only when they did nothing more specific
    in the article: beside their appeal, praise or criticism elsewhere, the remarks are that act's context, and
    analysts (and the evaluation's annotators) record the act alone."""
    coded = {tuple(sorted(e.actors)) for e in events if not e.cameo.startswith(("01", "04"))}
    return [e for e in events if not (e.cameo == "010" and tuple(sorted(e.actors)) in coded)]


def extract_events(doc: Document, home: str = "IRN", min_confidence: float = 0.0,
                   codebook: Codebook | None = None, plain_remarks: bool = True) -> list[Event]:
    """The document's events. `plain_remarks`: keep plain remarks (010) of speakers who did nothing more specific
    (the pipeline's default, `Options.plain_remarks`, drops them: PLOVER has no such category)."""
    if not doc.entities:
        return []
    ex = Extractor(doc, home, codebook)
    cands = ex.run()
    office_only = frozenset(e for e in ex.ctx.entities if ex.ctx.mentions_of(e) and
                            all(m.type == "ROLE" for m in ex.ctx.mentions_of(e)))
    groups = merge_candidates(cands, ex.ctx.entities, office_only)
    events = [e for e in (build_event(doc, g, ex.ctx.entities, ex.ctx.stand_ins) for g in groups)
              if e.confidence >= min_confidence]
    events = _drop_plain_remarks_of_speakers_who_acted(events) if plain_remarks else \
        [e for e in events if e.cameo != "010"]
    events.sort(key=lambda e: e.evidence[0].start if e.evidence else 0)
    # an article without a date: what is said after a dated meeting was said at it
    last_dated = None
    for ev in events:
        if ev.date and ev.cameo.startswith("04"):
            last_dated = ev.date
        elif ev.date is None and last_dated:
            ev.date, ev.date_reason = last_dated, "context"
    return events
