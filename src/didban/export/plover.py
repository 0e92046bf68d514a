"""PLOVER JSON-lines records, one per event, with each actor's CAMEO code and the Jalali date beside the ISO one."""
from __future__ import annotations

from didban.export.cameo_actors import actor_code
from didban.export.columns import document_event_dicts
from didban.text.jalali import to_jalali


def _actor(entity: dict) -> dict:
    return {"name": entity.get("name_en") or entity.get("name"), "name_fa": entity.get("name"),
            "country": entity.get("country"), "sector": entity.get("sector"), "code": actor_code(entity).code or None,
            "id": entity.get("kb_id") or entity.get("id")}


def plover_record(ev: dict) -> dict:
    """One event (in `query_events`' shape) as a PLOVER record."""
    loc = ev.get("location")
    doc = ev.get("document") or {}
    return {
        "id": ev["id"],
        "date": ev.get("date"),
        "date_jalali": to_jalali(ev.get("date")),
        "actor": [_actor(p) for p in ev.get("actors") or []],
        "recipient": [_actor(p) for p in ev.get("recipients") or []],
        "event": ev.get("plover"),
        "mode": ev.get("mode"),
        "context": [],
        "event_loc": {"name": loc.get("name_en") or loc.get("name"), "name_fa": loc.get("name"),
                      "country": loc.get("country"), "lat": loc.get("latitude"), "lon": loc.get("longitude")}
        if loc else None,
        "text_info": {"doc_id": ev.get("doc_id"), "title": doc.get("title"), "evidence": ev.get("evidence") or []},
        "cite_info": {"source": doc.get("source"), "url": doc.get("url"), "outlet": doc.get("outlet"),
                      "published": doc.get("published")},
        "cameo": ev.get("cameo"),
        # PLOVER has no type for plain statements and appeals (CAMEO 01, 02): didban's extension codebook
        "extension": "didban" if ev.get("plover") in ("STATEMENT", "APPEAL") else None,
        "confidence": None if ev.get("confidence") is None else round(ev["confidence"], 3),
    }


def plover_records(doc) -> list[dict]:
    return [plover_record(ev) for ev in document_event_dicts(doc)]
