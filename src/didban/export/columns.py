"""The one list of columns of didban's flat event rows: TSV (GDELT-style), CSV, Parquet and DataFrames.

Columns named as in GDELT 2.0's event table (SQLDATE, Actor1Code, EventCode, NumMentions, ActionGeo_Lat, DATEADDED …)
hold what GDELT's hold; lower-case columns are didban's additions (Persian names, PLOVER type, confidence, the Jalali
date, evidence). Every writer builds its rows with `event_row`, from one event shape: the dict `query_events` returns
for stored events, which `document_event_dicts` also makes for a freshly extracted Document.
"""
from __future__ import annotations

from datetime import date as _date

from didban.export.cameo_actors import actor_code
from didban.text.jalali import to_jalali


def _actor_columns(n: int) -> list[str]:
    return [f"Actor{n}Code", f"Actor{n}Name", f"Actor{n}CountryCode", f"Actor{n}KnownGroupCode",
            f"Actor{n}Type1Code", f"actor{n}_name_fa", f"actor{n}_kb_id"]


COLUMNS = [
    "event_id", "doc_id",
    "SQLDATE", "MonthYear", "Year", "FractionDate", "date", "date_jalali", "date_reason",
    *_actor_columns(1), *_actor_columns(2), "actors", "actor_codes", "recipients", "recipient_codes",
    "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "plover", "mode", "confidence",
    "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long", "location_fa",
    "occasion", "cluster_id", "DATEADDED", "SOURCEURL", "title", "outlet", "published", "evidence",
]

# GDELT's ActionGeo_Type: 1 a country, 4 a world city, 5 a world state/region (2 and 3 are US states and cities)
_GEO_COUNTRY, _GEO_CITY, _GEO_REGION = 1, 4, 5


def _day_numbers(day: str | None) -> tuple:
    """SQLDATE (20250307), MonthYear (202503), Year (2025), FractionDate (2025.1836) of an ISO day, or blanks."""
    try:
        d = _date.fromisoformat(str(day)[:10])
    except (TypeError, ValueError):
        return None, None, None, None
    fraction = round(d.year + (d.timetuple().tm_yday - 1) / 365, 4)  # GDELT: year + day-of-year / 365
    return int(d.strftime("%Y%m%d")), d.year * 100 + d.month, d.year, fraction


def _date_added(stamp: str | None):
    """GDELT's DATEADDED (YYYYMMDDHHMMSS, UTC) from the ISO time the event's article was stored."""
    if not stamp:
        return None
    digits = "".join(ch for ch in str(stamp)[:19] if ch.isdigit())
    return int(digits) if len(digits) == 14 else None


def _actor_values(entity: dict | None) -> list:
    code = actor_code(entity)
    e = entity or {}
    return [code.code or None, e.get("name_en") or e.get("name"), code.country or None, code.known_group or None,
            code.type1 or None, e.get("name"), e.get("kb_id")]


def _geo_type(loc: dict) -> int | None:
    if not loc:
        return None
    if loc.get("type") == "GPE":
        return _GEO_COUNTRY
    return _GEO_CITY if "geonames" in (loc.get("kb_id") or "") else _GEO_REGION


def _joined(people: list[dict], value) -> str | None:
    return "; ".join(v for v in (value(p) for p in people) if v) or None


def event_row(ev: dict) -> dict:
    """One event as a flat row of `COLUMNS`: the first actor and recipient spelled out GDELT-style, all of them listed
    in `actors`/`recipients` (Persian names) and `actor_codes`/`recipient_codes` (CAMEO codes), joined with "; ".
    A missing value is None (an empty cell in CSV/TSV, a null in Parquet)."""
    actors, recipients = ev.get("actors") or [], ev.get("recipients") or []
    loc = ev.get("location") or {}
    doc = ev.get("document") or {}
    day = ev.get("day") or ev.get("date")
    cameo = ev.get("cameo") or ""
    values = [
        ev["id"], ev.get("doc_id"),
        *_day_numbers(day), ev.get("date") or day, to_jalali(day), ev.get("date_reason"),
        *_actor_values(actors[0] if actors else None), *_actor_values(recipients[0] if recipients else None),
        _joined(actors, lambda p: p.get("name")), _joined(actors, lambda p: actor_code(p).code),
        _joined(recipients, lambda p: p.get("name")), _joined(recipients, lambda p: actor_code(p).code),
        cameo, cameo[:3], cameo[:2], ev.get("quad_class"),
        None if ev.get("intensity") is None else round(ev["intensity"], 3), ev.get("plover"), ev.get("mode"),
        None if ev.get("confidence") is None else round(ev["confidence"], 3),
        ev.get("num_mentions"), ev.get("num_sources"), ev.get("num_articles"),
        _geo_type(loc), loc.get("name_en") or loc.get("name"), loc.get("country"),
        loc.get("latitude"), loc.get("longitude"), loc.get("name"),
        (ev.get("occasion") or {}).get("text"), ev.get("cluster_id"),
        _date_added(doc.get("ingested_at")), doc.get("url") or doc.get("source"),
        doc.get("title"), doc.get("outlet"), doc.get("published"),
        " | ".join(sp["text"].replace("\n", " ") for sp in ev.get("evidence") or []) or None,
    ]
    return dict(zip(COLUMNS, values, strict=True))


def _entity_dict(entity) -> dict:
    return {"id": entity.id, "name": entity.name, "name_en": entity.name_en, "type": entity.type,
            "country": entity.country, "kb_id": entity.kb_id, "sector": entity.sector,
            "latitude": entity.latitude, "longitude": entity.longitude}


def document_event_dicts(doc) -> list[dict]:
    """A Document's events in the shape `query_events` returns (so that one writer serves both). Not yet stored:
    one article, one source; a mention per sentence holding the event's evidence."""
    ents = {e.id: _entity_dict(e) for e in doc.entities or []}
    published = (doc.published or "")[:10] or None
    document = {"id": doc.id, "title": doc.title, "outlet": doc.outlet, "url": doc.url, "published": doc.published,
                "source": doc.source}
    out = []
    for ev in doc.events or []:
        location = ents.get(ev.location) if ev.location else None
        out.append({
            "id": ev.id, "doc_id": doc.id, "date": ev.date, "day": (ev.date or "")[:10] or published,
            "date_reason": ev.date_reason, "cameo": ev.cameo, "plover": ev.plover, "mode": ev.mode,
            "quad_class": ev.quad_class, "intensity": ev.intensity, "confidence": ev.confidence,
            "summary": ev.summary,
            "actors": [ents[i] for i in ev.actors if i in ents],
            "recipients": [ents[i] for i in ev.recipients if i in ents],
            "location": location, "occasion": ev.occasion.to_dict() if ev.occasion else None,
            "topics": [t.to_dict() for t in ev.topics], "evidence": [sp.to_dict() for sp in ev.evidence],
            "document": document, "cluster_id": None, "num_articles": 1, "num_sources": 1,
            "num_mentions": max(1, len(set(ev.sentences))),
        })
    return out
