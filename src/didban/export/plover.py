"""PLOVER JSON-lines records, one per event."""
from __future__ import annotations

from didban.document import Document


def plover_records(doc: Document) -> list[dict]:
    ents = {e.id: e for e in doc.entities or []}
    out = []
    for ev in doc.events or []:
        def actor(ids):
            return [{"name": ents[i].name_en or ents[i].name, "name_fa": ents[i].name, "country": ents[i].country,
                     "sector": ents[i].sector, "id": ents[i].kb_id or i} for i in ids if i in ents]
        loc = ents.get(ev.location) if ev.location else None
        out.append({
            "id": ev.id,
            "date": ev.date,
            "actor": actor(ev.actors),
            "recipient": actor(ev.recipients),
            "event": ev.plover,
            "mode": ev.mode,
            "context": [],
            "event_loc": {"name": loc.name_en or loc.name, "name_fa": loc.name, "country": loc.country,
                          "lat": loc.latitude, "lon": loc.longitude} if loc else None,
            "text_info": {"doc_id": doc.id, "title": doc.title, "evidence": [s.to_dict() for s in ev.evidence]},
            "cite_info": {"source": doc.source, "url": doc.url, "outlet": doc.outlet, "published": doc.published},
            "cameo": ev.cameo,
            # PLOVER has no type for plain statements and appeals (CAMEO 01, 02): didban's extension codebook
            "extension": "didban" if ev.plover in ("STATEMENT", "APPEAL") else None,
            "confidence": round(ev.confidence, 3),
        })
    return out
