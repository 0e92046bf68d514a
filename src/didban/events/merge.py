"""The in-document merge: reports of the same event become one `Event`, with all their evidence.

A headline, lead, subheading or caption reporting an event of the body is the same event; the same meeting told twice
is one event; a country and a person of that country count as the same party ("دیدار عراقچی با وزرای ترکیه و …" and
the body's meeting with Fidan).
"""
from __future__ import annotations

import hashlib

from didban.document import Document, Event, Span
from didban.events.frames import Candidate
from didban.events.coding import coding
from didban.events.views import HEADLINE_KINDS

def _compatible(a: str, b: str, ents, office_only: frozenset = frozenset()) -> bool:
    """Two participants are the same party: the same entity, or a country and a person of that country; given
    `office_only` (a headline's summary against the body), also two people of the same country when one of them the
    article refers to only by an office ("دیدار وزیر خارجه با همتای ترکیه‌ای" in the headline, names in the body)."""
    if a == b:
        return True
    ea, eb = ents.get(a), ents.get(b)
    if ea is None or eb is None:
        return False
    if ea.type == "GPE" and eb.type == "PER":
        return ea.country is not None and ea.country == eb.country
    if eb.type == "GPE" and ea.type == "PER":
        return eb.country is not None and eb.country == ea.country
    if office_only and ea.type == eb.type == "PER" and ea.country and ea.country == eb.country:
        return a in office_only or b in office_only
    return False


def _same_parties(x: list[str], y: list[str], ents, office_only: frozenset = frozenset()) -> bool:
    if len(x) != len(y):
        return False
    remaining = list(y)
    for a in x:
        hit = next((b for b in remaining if _compatible(a, b, ents, office_only)), None)
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
    if once_per_article(c.cameo):
        return ("act", c.cameo, tuple(sorted(c.actors)))
    return ("statement", c.cameo[:2], tuple(sorted(c.actors)))


# acts that happen once between the same actors in one article however often it tells them: a signing, an attack, a
# sanction (material acts, CAMEO 06-09 and 14-20, and 057); what someone says twice may be two statements
ONCE_ROOTS = frozenset(("06", "07", "08", "09", "14", "15", "16", "17", "18", "19", "20"))


def once_per_article(cameo: str) -> bool:
    """Acts counted once per article between the same actors; also plain remarks (010): what a speaker says without
    appealing, praising, criticising … is one record of their remarks, with each sentence as its evidence."""
    return cameo[:2] in ONCE_ROOTS or cameo in ("057", "010")


def _two_acts(c: Candidate, group: list[Candidate]) -> bool:
    """"X از Y ابراز امتنان کرد و حمایت کشورش را از Z ابراز داشت": two verbs of their own, of other entries and
    towards other parties, are two acts of one speaker in one sentence. Towards the same party ("سفیر را احضار و
    اعتراض … را ابلاغ کرد"), with no party ("هشدار می‌دهیم … تهدید می‌کنیم"), or beside a plain saying verb, it is one
    act told twice."""
    if c.entry.frame == "say" or not c.recipients:
        return False
    same = [x for x in group if x.view.index == c.view.index]
    return all(x.entry.frame != "say" and x.entry.id != c.entry.id and x.recipients and
               not set(x.recipients) & set(c.recipients) for x in same)


def merge_candidates(cands: list[Candidate], ents, office_only: frozenset = frozenset()) -> list[list[Candidate]]:
    """Group reports of the same event: meetings with the same parties anywhere in the article; statements with the
    same code root and speakers when one of them is a headline, lead, subheading or caption, or in the same sentence."""
    groups: list[list[Candidate]] = []
    buckets: dict[tuple, list[list[Candidate]]] = {}
    for c in cands:
        home = None
        for g in buckets.get(_bucket(c, ents), []):
            h = g[0]
            if c.kind == "meeting":
                # a summary (headline, lead) against the body's report: one side headline-like, the other not, and
                # never two reports of one sentence (a welcome by the vice-president and a meeting with the Leader)
                summary = (c.view.headline_like != all(x.view.headline_like for x in g)) and \
                    not any(x.view.index == c.view.index for x in g)
                if _same_parties(h.actors + h.recipients, c.actors + c.recipients, ents,
                                 office_only if summary else frozenset()):
                    home = g
                    break
            elif once_per_article(c.cameo):
                home = g
                break
            elif h.kind == "statement":
                body = any(x.view.segment_kind not in HEADLINE_KINDS for x in g)
                same_sentence = any(x.view.index == c.view.index for x in g) and not _two_acts(c, g)
                if same_sentence or c.view.segment_kind in HEADLINE_KINDS or not body:
                    home = g
                    break
        if home is None:
            home = [c]
            groups.append(home)
            buckets.setdefault(_bucket(c, ents), []).append(home)
        else:
            home.append(c)
    return _fold_encounters(groups)


def _fold_encounters(groups: list[list[Candidate]]) -> list[list[Candidate]]:
    """A welcome at the airport (a weak meeting entry) of people who then meet with others in the same article is
    the start of that meeting, not a meeting of its own: it joins the larger meeting as one more report."""
    meetings = [g for g in groups if g[0].kind == "meeting" and not all(c.entry.weak for c in g)]
    out = []
    for g in groups:
        if g[0].kind == "meeting" and all(c.entry.weak for c in g):
            parties = set(g[0].actors + g[0].recipients)
            home = next((m for m in meetings if parties < set(m[0].actors + m[0].recipients)), None)
            if home is not None:
                home.extend(g)
                continue
        out.append(g)
    return out


def build_event(doc: Document, group: list[Candidate], ents, stand_ins: dict[str, str] | None = None) -> Event:
    lead = max(group, key=lambda c: (_specificity(c, ents), c.view.segment_kind not in HEADLINE_KINDS,
                                     c.entry.frame != "say", c.confidence))
    cameo = lead.cameo
    if lead.kind == "meeting":
        specific = [c.cameo for c in group if c.cameo not in ("040",)]
        cameo = specific[0] if specific else cameo
    code = coding(cameo)
    recipients = list(lead.recipients)
    if lead.kind == "statement":  # "با A و B دیدار خواهد کرد"، one statement told twice: every party it names
        for c in group:
            recipients += [r for r in c.recipients if r not in recipients and r not in lead.actors]
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
            if m.inside:
                continue
            ids = {(stand_ins or {}).get(e, e) for e in (m.members or [m.entity])}
            if ids & set(lead.actors):
                add(doc.span(m.start, m.end, "actor"))
            elif ids & set(recipients):
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
    key = f"{doc.id}|{cameo}|{'+'.join(sorted(lead.actors))}|{'+'.join(sorted(recipients))}|{evidence[0].start}"
    return Event(
        id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16], cameo=cameo, plover=code.plover,
        mode=lead.mode or code.mode, quad_class=code.quad_class, intensity=code.intensity,
        actors=list(lead.actors), recipients=recipients, location=location, occasion=occ_span,
        date=date[0] if date else None, date_reason=date[1] if date else None, topics=topics[:3],
        confidence=confidence, evidence=evidence, sentences=sorted({c.view.index for c in group}), rule=lead.entry.id,
    )
