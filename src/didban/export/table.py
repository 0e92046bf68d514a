"""A readable summary of a document: metadata, structure, entities and one line per event."""
from __future__ import annotations

from didban.document import Document

# Persian labels beside PLOVER's event types (and didban's extension types)
PERSIAN_TYPES = {"CONSULT": "رایزنی", "APPEAL": "درخواست", "AGREE": "اعلام آمادگی همکاری", "SUPPORT": "حمایت",
                 "ACCUSE": "انتقاد", "REJECT": "رد", "THREATEN": "تهدید", "STATEMENT": "اظهار",
                 "COOPERATE": "همکاری", "AID": "کمک", "YIELD": "عقب‌نشینی", "INVESTIGATE": "تحقیق",
                 "DEMAND": "مطالبه", "PROTEST": "اعتراض", "MOBILIZE": "بسیج", "REDUCE": "کاهش روابط",
                 "COERCE": "اجبار", "ASSAULT": "حمله", "FIGHT": "نبرد"}


def render_document(doc: Document) -> str:
    lines = [f"# {doc.title or '(no title)'}", f"  id {doc.id}  source {doc.source or '-'}  published {doc.published or '-'}"]
    if doc.attribution:
        lines.append("  attribution: " + " ← ".join(a.name for a in doc.attribution))
    if doc.segments is not None:
        kinds: dict[str, int] = {}
        for s in doc.segments:
            kinds[s.kind] = kinds.get(s.kind, 0) + 1
        lines.append(f"  {len(doc.sentences or [])} sentences; segments: " +
                     ", ".join(f"{k} {v}" for k, v in kinds.items()))
        for s in doc.segments:
            if s.boilerplate:
                lines.append(f"  boilerplate ({s.reason}): {doc.text[s.start:s.end].strip()[:80]}")
    if doc.entities:
        lines.append(f"  entities ({len(doc.entities)}):")
        for e in doc.entities:
            lines.append(f"    {e.type:4s} {e.name} / {e.name_en or '-'} ({e.country or '-'})  ×{len(e.mentions)}")
    ents = {e.id: e for e in doc.entities or []}

    def names(ids):
        def one(e):
            both = f"{e.name_en} {e.name}" if e.name_en and e.name_en != e.name else e.name
            return f"{both} ({e.country or '-'})"
        return ", ".join(one(ents[i]) for i in ids if i in ents)

    if doc.events is not None:
        lines.append(f"  events ({len(doc.events)}):")
        for ev in doc.events:
            kind = f"{ev.cameo} {ev.plover or '?'}" + (f"/{ev.mode}" if ev.mode else "") + \
                f" {PERSIAN_TYPES.get(ev.plover or '', '')}"
            arrow = " ↔ " if ev.cameo.startswith("04") else " → "
            line = f"    {kind:38s} {names(ev.actors)}"
            if ev.recipients:
                line += arrow + names(ev.recipients)
            if ev.location and ev.location in ents:
                loc = ents[ev.location]
                line += f"  @ {loc.name_en or loc.name} {loc.name} ({loc.country or '-'})"
            if ev.occasion:
                line += f"  occasion: {ev.occasion.text}"
            if ev.date:
                line += f"  on {ev.date}"
            lines.append(line)
    return "\n".join(lines)
