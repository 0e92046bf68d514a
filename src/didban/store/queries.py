"""Read queries over the store: events, one event, entities, the actor network, the timeline, full-text search.

Every value a caller gives travels as a bound parameter; nothing a user types becomes SQL text. Filters are checked
first (`EventFilters.build`), so a malformed date or an unknown type fails with a clear DidbanError, not a SQL error.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, fields, replace

from sqlalchemy import and_, distinct, exists, func, literal, literal_column, or_, select, text, tuple_

from didban.errors import Codes, DidbanError
from didban.store import schema as s
from didban.store.fold import fold_name, query_terms
from didban.store.results import Results
from didban.text.keys import name_key

MAX_LIMIT = 10_000
MAX_NAME_KEYS = 500  # a part of a name matching more stored names than this is matched by a subquery
# a filter matching at most this many events is answered from its own index (collect, sort, cut); broader filters
# walk the page index newest first and stop after a page
DRIVE_CAP = 5_000
# the event list counts its matches up to this many; beyond, `total` is this number and `count_capped` is true
COUNT_CAP = 1_000
# when every filter is broad, matches are counted among this many of the list's first events only (a count must not
# read the whole store); when they hold more, `total` is a lower bound and `count_capped` is true
COUNT_WINDOW = 1_000
_CAMEO = re.compile(r"^\d{1,4}$")
_ISO3 = re.compile(r"^[A-Za-z]{3}$")
_PLOVER = re.compile(r"^[A-Za-z_]{2,40}$")


def parse_day(value: str | None, name: str = "date") -> str | None:
    """A filter date as YYYY-MM-DD: Gregorian as is; a Jalali year (1200-1599) is converted ("1403-12-17")."""
    if value is None or value == "":
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(value).strip())
    if not m:
        raise DidbanError(Codes.E202, f"{name}={value!r}")
    year, month, day = map(int, m.groups())
    try:
        if 1200 <= year < 1600:
            import jdatetime

            return jdatetime.date(year, month, day).togregorian().isoformat()
        from datetime import date

        return date(year, month, day).isoformat()
    except ValueError as exc:
        raise DidbanError(Codes.E202, f"{name}={value!r} ({exc})") from exc


@dataclass(frozen=True, slots=True)
class EventFilters:
    """What `didban events`, `/api/events`, the network and the timeline filter on."""

    actor: str | None = None  # a name (Persian or English, part of it is enough) or a knowledge-base id
    country: str | None = None  # ISO 3166-1 alpha-3 of any participant, or a country's name
    plover: str | None = None  # PLOVER type (CONSULT ...)
    cameo: str | None = None  # CAMEO code prefix ("04" matches 040-046)
    since: str | None = None
    until: str | None = None
    place: str | None = None  # the event location's name
    doc_id: str | None = None  # events of one article

    @classmethod
    def build(cls, **given) -> "EventFilters":
        known = {f.name for f in fields(cls)}
        unknown = sorted(k for k in given if k not in known)
        if unknown:
            raise DidbanError(Codes.E201, f"unknown filter(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        values = {k: (v.strip() if isinstance(v, str) else v) or None for k, v in given.items()}
        if values.get("cameo") and not _CAMEO.match(values["cameo"]):
            raise DidbanError(Codes.E201, f"cameo={values['cameo']!r}", hint="a CAMEO code or prefix: 1-4 digits")
        if values.get("plover"):
            if not _PLOVER.match(values["plover"]):
                raise DidbanError(Codes.E201, f"type={values['plover']!r}", hint="a PLOVER type such as CONSULT")
            values["plover"] = values["plover"].upper()
        values["since"] = parse_day(values.get("since"), "since")
        values["until"] = parse_day(values.get("until"), "until")
        if values["since"] and values["until"] and values["since"] > values["until"]:
            raise DidbanError(Codes.E202, f"since {values['since']} is after until {values['until']}")
        return cls(**values)


def _matching_keys(key: str):
    """The stored name keys a name filter means: the key itself or any key holding it (read from the small table of
    distinct keys, not from every entity's names)."""
    k = s.entity_name_keys
    return select(k.c.name_key).where(or_(k.c.name_key == key, k.c.name_key.contains(key, autoescape=True)))


def _name_key(name: str) -> str:
    key = fold_name(name)
    if not key:
        raise DidbanError(Codes.E201, f"empty name {name!r}")
    return key


def resolve_names(conn, f: "EventFilters") -> dict[str, list[str]]:
    """The stored keys each name filter means, read once (a statement would otherwise scan the keys for every
    condition naming them); a name matching more than MAX_NAME_KEYS keys keeps its subquery."""
    found = {}
    for name in (f.actor, f.place):
        if name and name not in found:
            keys = conn.execute(_matching_keys(_name_key(name)).limit(MAX_NAME_KEYS + 1)).scalars().all()
            if len(keys) <= MAX_NAME_KEYS:
                found[name] = keys
    if f.country and not _ISO3.match(f.country):  # a country's name: the codes of the entities so named, once
        found[("country", f.country)] = conn.execute(_named_countries(f.country).distinct()).scalars().all()
    return found


def _keys_for(name: str, keys: dict | None):
    return keys[name] if keys and name in keys else _matching_keys(_name_key(name))


def _name_match(role_values, name: str, e, keys: dict | None = None):
    """Condition: the event has a participant in `role_values` answering to `name`."""
    p, n = s.participants.alias("p"), s.entity_names.alias("n")
    return exists(select(literal(1)).select_from(p.join(n, and_(n.c.doc_id == p.c.doc_id,
                                                                n.c.entity_id == p.c.entity_id)))
                  .where(p.c.doc_id == e.c.doc_id, p.c.event_id == e.c.id, p.c.role.in_(role_values),
                         n.c.name_key.in_(_keys_for(name, keys))))


def _name_events(role_values, name: str, keys: dict | None = None):
    """(doc_id, event_id) of the events with a participant in `role_values` answering to `name`."""
    p, n = s.participants.alias("dp"), s.entity_names.alias("dn")
    return select(p.c.doc_id, p.c.event_id).select_from(
        n.join(p, and_(p.c.doc_id == n.c.doc_id, p.c.entity_id == n.c.entity_id))) \
        .where(n.c.name_key.in_(_keys_for(name, keys)), p.c.role.in_(role_values))


def _countries(country: str, keys: dict | None = None):
    """What a country filter compares `entities.country` with: the code, or the codes of the entities so named."""
    if _ISO3.match(country):
        return [country.upper()]
    if keys and ("country", country) in keys:
        return keys[("country", country)]
    return _named_countries(country).scalar_subquery()


def _named_countries(name: str):
    n = s.entity_names.alias("nc")
    return select(s.entities.c.country).select_from(s.entities.join(n, and_(
        n.c.doc_id == s.entities.c.doc_id, n.c.entity_id == s.entities.c.id))) \
        .where(n.c.name_key == fold_name(name), s.entities.c.country.is_not(None))


def _country_match(country: str, e, keys: dict | None = None):
    """Condition: a participant (actor, recipient or location) belongs to `country` (ISO3 or a country's name)."""
    p, en = s.participants.alias("pc"), s.entities.alias("ec")
    return exists(select(literal(1)).select_from(p.join(en, and_(en.c.doc_id == p.c.doc_id,
                                                                 en.c.id == p.c.entity_id)))
                  .where(p.c.doc_id == e.c.doc_id, p.c.event_id == e.c.id,
                         en.c.country.in_(_countries(country, keys))))


def _country_events(country: str, keys: dict | None = None):
    p, en = s.participants.alias("dpc"), s.entities.alias("dec")
    return select(p.c.doc_id, p.c.event_id).select_from(
        en.join(p, and_(p.c.doc_id == en.c.doc_id, p.c.entity_id == en.c.id))) \
        .where(en.c.country.in_(_countries(country, keys)))


def _cameo_range(prefix: str) -> tuple[str, str]:
    """A CAMEO prefix as a range of codes ("04" → "04" ≤ code < "05"): an index range on both backends, where
    LIKE 'x%' is one only under conditions. Codes are digits only (checked by EventFilters.build)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def event_conditions(f: EventFilters, e, keys: dict | None = None) -> list:
    return [*_participant_conditions(f, e, keys), *_own_conditions(f, e)]


def _participant_conditions(f: EventFilters, e, keys: dict | None = None) -> list:
    conds = []
    if f.actor:
        conds.append(_name_match(("actor", "recipient"), f.actor, e, keys))
    if f.place:
        conds.append(_name_match(("location",), f.place, e, keys))
    if f.country:
        conds.append(_country_match(f.country, e, keys))
    return conds


def _own_conditions(f: EventFilters, e) -> list:
    """The conditions on the events table's own columns (the page indexes hold them)."""
    conds = []
    if f.plover:
        conds.append(e.c.plover == f.plover)
    if f.cameo:
        # checked on each row of the walk (ix_events_page holds the code); `|| ''` keeps SQLite from sorting the
        # whole prefix's range instead: a narrow prefix is read from its own index (see _narrowest)
        low, high = _cameo_range(f.cameo)
        code = e.c.cameo.concat(literal_column("''"))
        conds.append(and_(code >= low, code < high))
    day = page_key(e)[0]  # a range of the page index (an undated event's '' is before any day)
    if f.since:
        conds.append(day >= f.since)
    if f.until:
        conds.append(and_(day > "", day <= f.until))
    if f.doc_id:
        conds.append(e.c.doc_id == f.doc_id)
    return conds


def _cluster_key(e, c):
    """Events the merge step put together share a key; any other event is its own cluster."""
    return func.coalesce(c.c.cluster_id, literal("event:") + e.c.doc_id + literal("/") + e.c.id)


def _check_page(limit: int, offset: int) -> None:
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise DidbanError(Codes.E201, f"limit={limit!r} must be between 1 and {MAX_LIMIT}")
    if not isinstance(offset, int) or offset < 0:
        raise DidbanError(Codes.E201, f"offset={offset!r} must be 0 or more")


def _representatives(f: EventFilters, merged: bool):
    """A subquery of the `doc_id/event_id` keys (column `rep`) of the matching events; when `merged`, one per
    cluster (its smallest key), and near-duplicate articles' unclustered events left out."""
    e, c = s.events.alias("e"), s.event_clusters.alias("c")
    uid = e.c.doc_id + literal("/") + e.c.id
    matching = select(_cluster_key(e, c).label("ck"), uid.label("uid")) \
        .select_from(e.outerjoin(c, c.c.event_id == e.c.id)).where(*event_conditions(f, e))
    if not merged:
        return select(matching.subquery("m").c.uid.label("rep")).subquery("g")
    dup = s.duplicates.alias("dup")
    matching = matching.where(or_(c.c.cluster_id.is_not(None),
                                  ~exists(select(literal(1)).where(dup.c.doc_id == e.c.doc_id))))
    m = matching.subquery("m")
    return select(func.min(m.c.uid).label("rep")).group_by(m.c.ck).subquery("g")


def page_key(e):
    """The event list's order, newest day first and undated events last, as one ascending key read backwards: what
    the page indexes hold (schema.PAGE_DAY) and what a cursor points into."""
    return func.coalesce(e.c.day, literal_column("''")), e.c.doc_id, e.c.idx


def encode_cursor(day: str, doc_id: str, idx: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([day, doc_id, idx]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str, int]:
    try:
        day, doc_id, idx = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if isinstance(day, str) and isinstance(doc_id, str) and isinstance(idx, int):
            return day, doc_id, idx
    except (ValueError, TypeError, binascii.Error):
        pass
    raise DidbanError(Codes.E201, f"cursor={cursor[:80]!r} is not a cursor this list gave",
                      hint="pass the 'cursor' (or follow the 'next' link) of the previous page unchanged")


def _shown(f: EventFilters, e, merged: bool, keys: dict | None = None, checked: str | None = None) -> list:
    """Conditions for the events the list shows. `merged`: one event per cross-article cluster, the one with the
    smallest `doc_id/event_id` among the cluster's matching events, and near-duplicate articles' unclustered events
    left out (what a GROUP BY over all matches did, decided row by row so that a page stops early). `checked`: a
    filter the caller already applies (the narrow filter the rows come from), not checked again on them. Only
    subqueries, no join: both databases then walk the page index in order and stop after a page."""
    conds = event_conditions(replace(f, **{checked: None}) if checked else f, e, keys)
    if not merged:
        return conds
    dup, c0 = s.duplicates.alias("dup"), s.event_clusters.alias("c0")
    c1, c2, e2 = s.event_clusters.alias("c1"), s.event_clusters.alias("c2"), s.events.alias("e2")
    clustered = exists(select(literal(1)).where(c0.c.event_id == e.c.id).correlate(e))  # (two levels down)
    repeated_unclustered = exists(select(literal(1)).where(dup.c.doc_id == e.c.doc_id, ~clustered))
    smaller_sibling = exists(
        select(literal(1)).select_from(c1.join(c2, c2.c.cluster_id == c1.c.cluster_id)
                                       .join(e2, e2.c.id == c2.c.event_id))
        .where(c1.c.event_id == e.c.id,
               e2.c.doc_id + literal("/") + e2.c.id < e.c.doc_id + literal("/") + e.c.id,
               *event_conditions(f, e2, keys)))
    return [*conds, ~repeated_unclustered, ~smaller_sibling]


def _narrowest(conn, f: EventFilters, keys: dict):
    """(filter name, the (doc_id, event_id) select of its events) for the filter matching the fewest events, when it
    matches at most DRIVE_CAP; None when every filter is broad (or there is none)."""
    candidates = []
    if f.doc_id:
        candidates.append(("doc_id", select(s.events.c.doc_id, s.events.c.id).where(s.events.c.doc_id == f.doc_id)))
    if f.actor:
        candidates.append(("actor", _name_events(("actor", "recipient"), f.actor, keys)))
    if f.place:
        candidates.append(("place", _name_events(("location",), f.place, keys)))
    if f.country:
        candidates.append(("country", _country_events(f.country, keys)))
    if f.plover:
        candidates.append(("plover", select(s.events.c.doc_id, s.events.c.id).where(s.events.c.plover == f.plover)))
    if f.cameo:
        low, high = _cameo_range(f.cameo)
        candidates.append(("cameo", select(s.events.c.doc_id, s.events.c.id).where(s.events.c.cameo >= low,
                                                                                    s.events.c.cameo < high)))
    best, best_n = None, DRIVE_CAP + 1
    for candidate in candidates:
        n = conn.execute(select(func.count()).select_from(candidate[1].limit(best_n).subquery())).scalar_one()
        if n < best_n:
            best, best_n = candidate, n
    return best


def _count(conn, matching, cap: int) -> int:
    return conn.execute(select(func.count()).select_from(matching.limit(cap + 1).subquery())).scalar_one()


def _count_in_window(conn, f: EventFilters, merged: bool, cap: int, keys: dict) -> tuple[int, bool]:
    """(matches among the list's first COUNT_WINDOW events, whether the list holds more than the window)."""
    w = s.events.alias("w")
    window = select(w.c.doc_id, w.c.id, w.c.idx, w.c.day, w.c.cameo, w.c.plover).where(*_own_conditions(f, w)) \
        .order_by(*(k.desc() for k in page_key(w))).limit(COUNT_WINDOW).subquery("e")
    seen = conn.execute(select(func.count()).select_from(window)).scalar_one()
    matching = select(window.c.id).where(*_shown(f, window, merged, keys))
    return _count(conn, matching, cap), seen >= COUNT_WINDOW


def query_events(conn, *, limit: int = 100, offset: int = 0, cursor: str | None = None, merged: bool = True,
                 count_cap: int = COUNT_CAP, **filters) -> Results:
    """Events matching the filters, newest first. `merged`: one row per cross-article cluster (the same meeting
    reported by ten outlets is one row with num_articles=10); near-duplicate articles' unclustered events are hidden.

    Pages: `offset`, or `cursor` (the `next_cursor` of the previous page: as fast on page 1,000 as on page 1).
    `total` counts the matches up to `count_cap`; `count_capped` true means "at least `total`": more matched than
    `count_cap`, or the filters are all broad and the count looked at the list's first COUNT_WINDOW events only
    (never when `count_cap` is above COUNT_CAP: then the count goes as far as the cap, however long it takes)."""
    _check_page(limit, offset)
    if cursor is not None and offset:
        raise DidbanError(Codes.E201, "give a cursor or an offset, not both")
    f = EventFilters.build(**filters)
    keys = resolve_names(conn, f)
    e = s.events.alias("e")
    day, doc, idx = page_key(e)
    columns = [e.c.doc_id, e.c.id, day.label("page_day"), e.c.idx]
    narrow = _narrowest(conn, f, keys)
    lower_bound = False
    if narrow is not None:  # few candidates: read them by their index, then sort (no walk down the whole list)
        name, events_of = narrow
        matching = select(*columns).where(tuple_(e.c.doc_id, e.c.id).in_(events_of),
                                          *_shown(f, e, merged, keys, checked=name))
        if cursor is None:  # the count comes with the page: all the matches are read for the sort anyway
            matching = matching.add_columns(func.count().over().label("matches"))
        else:
            counted = _count(conn, matching, count_cap)
    else:
        matching = select(*columns).where(*_shown(f, e, merged, keys))
        if count_cap > COUNT_CAP:  # a caller who needs to know (a download's limit): count for real, up to the cap
            counted = _count(conn, matching, count_cap)
        else:
            counted, lower_bound = _count_in_window(conn, f, merged, count_cap, keys)
    if cursor is not None:
        last = decode_cursor(cursor)
        # the first column's bound alone makes the index range (SQLite does not range-scan a row value over an
        # expression index); the row value then cuts within the cursor's day
        matching = matching.where(day <= last[0], tuple_(day, doc, idx) < tuple_(*last))
    page = conn.execute(matching.order_by(day.desc(), doc.desc(), idx.desc())
                        .limit(limit + 1).offset(offset)).all()
    if narrow is not None and cursor is None:
        counted = page[0].matches if page else _count(conn, matching, count_cap)  # (an offset past the end)
    more = len(page) > limit
    page = page[:limit]
    rows = hydrate_events(conn, [(r.doc_id, r.id) for r in page])
    return Results(rows, total=min(counted, count_cap), limit=limit, offset=offset,
                   count_capped=counted > count_cap or lower_bound,
                   next_cursor=encode_cursor(page[-1].page_day, page[-1].doc_id, page[-1].idx) if more else None)


def get_event(conn, event_id: str) -> dict | None:
    """One event with its evidence, the sentences holding it and the other articles of its cluster."""
    found = conn.execute(select(s.events.c.doc_id, s.events.c.id).where(s.events.c.id == event_id)
                         .order_by(s.events.c.doc_id).limit(1)).first()
    if found is None:
        return None
    event = hydrate_events(conn, [(found.doc_id, found.id)])[0]
    sent_ids = json.loads(conn.execute(select(s.events.c.sentences).where(
        s.events.c.doc_id == found.doc_id, s.events.c.id == found.id)).scalar_one() or "[]")
    if sent_ids:
        doc_text = conn.execute(select(s.documents.c.text).where(s.documents.c.id == found.doc_id)).scalar_one()
        sents = conn.execute(select(s.sentences).where(s.sentences.c.doc_id == found.doc_id,
                                                       s.sentences.c.idx.in_(sent_ids))
                             .order_by(s.sentences.c.idx)).mappings().all()
        event["sentences"] = [{"index": r["idx"], "start": r["start_char"], "end": r["end_char"],
                               "text": doc_text[r["start_char"]:r["end_char"]]} for r in sents]
    else:
        event["sentences"] = []
    return event


def _entity_dicts(conn, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    if not pairs:
        return {}
    docs = {d for d, _ in pairs}
    rows = conn.execute(select(s.entities).where(s.entities.c.doc_id.in_(docs))).mappings()
    out = {}
    for r in rows:
        if (r["doc_id"], r["id"]) in pairs:
            out[(r["doc_id"], r["id"])] = {
                "id": r["id"], "key": r["entity_key"], "name": r["name"], "name_en": r["name_en"], "type": r["type"],
                "country": r["country"], "kb_id": r["kb_id"], "sector": r["sector"],
                "latitude": r["latitude"], "longitude": r["longitude"]}
    return out


def hydrate_events(conn, keys: list[tuple[str, str]]) -> list[dict]:
    """Full event records (participants, evidence, article, cluster counts) for (doc_id, event_id) pairs, in order."""
    if not keys:
        return []
    docs = sorted({d for d, _ in keys})
    ids = sorted({i for _, i in keys})
    wanted = set(keys)
    ev_rows = {(r["doc_id"], r["id"]): r for r in conn.execute(
        select(s.events).where(s.events.c.doc_id.in_(docs), s.events.c.id.in_(ids))).mappings()}
    doc_rows = {r["id"]: r for r in conn.execute(
        select(s.documents.c.id, s.documents.c.title, s.documents.c.outlet, s.documents.c.url,
               s.documents.c.published, s.documents.c.source).where(s.documents.c.id.in_(docs))).mappings()}
    roles: dict[tuple, list] = {}
    for p in conn.execute(select(s.participants).where(s.participants.c.doc_id.in_(docs),
                                                       s.participants.c.event_id.in_(ids))
                          .order_by(s.participants.c.position)).mappings():
        if (p["doc_id"], p["event_id"]) in wanted:
            roles.setdefault((p["doc_id"], p["event_id"], p["role"]), []).append(p["entity_id"])
    ents = _entity_dicts(conn, {(d, ent) for (d, _, _), lst in roles.items() for ent in lst})
    spans: dict[tuple, list] = {}
    for r in conn.execute(select(s.evidence).where(s.evidence.c.doc_id.in_(docs), s.evidence.c.event_id.in_(ids))
                          .order_by(s.evidence.c.idx)).mappings():
        spans.setdefault((r["doc_id"], r["event_id"]), []).append(
            {"start": r["start_char"], "end": r["end_char"], "text": r["text"], "label": r["label"]})
    clusters = cluster_stats(conn, ids)
    out = []
    for key in keys:
        r = ev_rows[key]
        d = doc_rows.get(r["doc_id"], {})

        def people(role):
            return [ents.get((r["doc_id"], i)) or {"id": i, "name": i} for i in roles.get((*key, role), [])]

        location = people("location")
        cluster = clusters.get(r["id"]) or {"cluster_id": None, "num_articles": 1, "num_sources": 1,
                                            "articles": [r["doc_id"]]}
        out.append({
            "id": r["id"], "doc_id": r["doc_id"], "date": r["event_date"], "day": r["day"],
            "date_reason": r["date_reason"], "cameo": r["cameo"], "plover": r["plover"], "mode": r["mode"],
            "quad_class": r["quad_class"], "intensity": r["intensity"], "confidence": r["confidence"],
            "summary": r["summary"], "actors": people("actor"), "recipients": people("recipient"),
            "location": location[0] if location else None,
            "occasion": json.loads(r["occasion"]) if r["occasion"] else None,
            "topics": json.loads(r["topics"]), "evidence": spans.get(key, []),
            "document": {"id": r["doc_id"], "title": d.get("title"), "outlet": d.get("outlet"), "url": d.get("url"),
                         "published": d.get("published"), "source": d.get("source")},
            **cluster,
        })
    return out


def cluster_stats(conn, event_ids: list[str]) -> dict[str, dict]:
    """For clustered events: the cluster id, its articles (with their near-duplicates) and how many outlets."""
    c = s.event_clusters
    mine = dict(conn.execute(select(c.c.event_id, c.c.cluster_id).where(c.c.event_id.in_(event_ids))).all())
    if not mine:
        return {}
    members = conn.execute(
        select(c.c.cluster_id, s.events.c.doc_id).select_from(c.join(s.events, s.events.c.id == c.c.event_id))
        .where(c.c.cluster_id.in_(set(mine.values())))).all()
    docs_of: dict[str, set] = {}
    for cid, doc_id in members:
        docs_of.setdefault(cid, set()).add(doc_id)
    all_docs = set().union(*docs_of.values())
    dups = conn.execute(select(s.duplicates.c.doc_id, s.duplicates.c.of_doc_id)
                        .where(s.duplicates.c.of_doc_id.in_(all_docs))).all()
    for cid, docset in docs_of.items():
        docset |= {d for d, of in dups if of in docset}
    outlets = dict(conn.execute(select(s.documents.c.id, func.coalesce(s.documents.c.outlet, s.documents.c.id))
                                .where(s.documents.c.id.in_(set().union(*docs_of.values())))).all())
    out = {}
    for event_id, cid in mine.items():
        docset = docs_of.get(cid, set())
        out[event_id] = {"cluster_id": cid, "num_articles": len(docset),
                         "num_sources": len({outlets.get(d, d) for d in docset}), "articles": sorted(docset)}
    return out


# --- entities, network, timeline --------------------------------------------------------------------------------

def query_entities(conn, *, name: str | None = None, type: str | None = None, country: str | None = None,
                   limit: int = 100, offset: int = 0) -> Results:
    """Entities across documents (one row per knowledge-base id, else per type and name), most documents first."""
    _check_page(limit, offset)
    en = s.entities
    conds = []
    if name:
        n = s.entity_names
        key = fold_name(name)
        conds.append(exists(select(literal(1)).where(n.c.doc_id == en.c.doc_id, n.c.entity_id == en.c.id,
                                                     n.c.name_key.contains(key, autoescape=True))))
    if type:
        conds.append(en.c.type == type.upper())
    if country:
        if not _ISO3.match(country):
            raise DidbanError(Codes.E201, f"country={country!r}", hint="an ISO 3166-1 alpha-3 code such as IRN")
        conds.append(en.c.country == country.upper())
    p = s.participants
    event_counts = select(en.c.entity_key.label("k"), func.count(distinct(p.c.event_id)).label("n")) \
        .select_from(en.join(p, and_(p.c.doc_id == en.c.doc_id, p.c.entity_id == en.c.id))) \
        .group_by(en.c.entity_key).subquery("ec")
    grouped = select(
        en.c.entity_key.label("key"), func.min(en.c.name).label("name"), func.max(en.c.name_en).label("name_en"),
        func.min(en.c.type).label("type"), func.max(en.c.country).label("country"),
        func.max(en.c.kb_id).label("kb_id"), func.max(en.c.sector).label("sector"),
        func.max(en.c.latitude).label("latitude"), func.max(en.c.longitude).label("longitude"),
        func.count(distinct(en.c.doc_id)).label("num_documents"),
    ).where(*conds).group_by(en.c.entity_key).subquery("grouped")
    total = conn.execute(select(func.count()).select_from(grouped)).scalar_one()
    rows = conn.execute(
        select(grouped, func.coalesce(event_counts.c.n, 0).label("num_events"))
        .select_from(grouped.outerjoin(event_counts, event_counts.c.k == grouped.c.key))
        .order_by(grouped.c.num_documents.desc(), grouped.c.name).limit(limit).offset(offset)).mappings().all()
    return Results([dict(r) for r in rows], total=total, limit=limit, offset=offset)


def network(conn, *, limit: int = 200, **filters) -> dict:
    """The actor network of the matching events: nodes (entities) and edges (actor → recipient), weighted by the
    number of events; the edges of meetings (CAMEO 04) are undirected."""
    _check_page(limit, 0)
    f = EventFilters.build(**filters)
    e = s.events.alias("e")
    pa, pr = s.participants.alias("pa"), s.participants.alias("pr")
    ea, er = s.entities.alias("ea"), s.entities.alias("er")
    rows = conn.execute(
        select(ea.c.entity_key.label("a"), er.c.entity_key.label("r"), e.c.cameo, func.count().label("n"))
        .select_from(e.join(pa, and_(pa.c.doc_id == e.c.doc_id, pa.c.event_id == e.c.id, pa.c.role == "actor"))
                     .join(pr, and_(pr.c.doc_id == e.c.doc_id, pr.c.event_id == e.c.id, pr.c.role == "recipient"))
                     .join(ea, and_(ea.c.doc_id == pa.c.doc_id, ea.c.id == pa.c.entity_id))
                     .join(er, and_(er.c.doc_id == pr.c.doc_id, er.c.id == pr.c.entity_id)))
        .where(*event_conditions(f, e), ea.c.entity_key != er.c.entity_key)
        .group_by(ea.c.entity_key, er.c.entity_key, e.c.cameo)).all()
    edges: dict[tuple, dict] = {}
    for a, r, cameo, n in rows:
        meeting = cameo.startswith("04")
        source, target = (min(a, r), max(a, r)) if meeting else (a, r)
        edge = edges.setdefault((source, target, meeting), {"source": source, "target": target, "weight": 0,
                                                            "directed": not meeting, "cameo": {}})
        edge["weight"] += n
        edge["cameo"][cameo] = edge["cameo"].get(cameo, 0) + n
    kept = sorted(edges.values(), key=lambda x: (-x["weight"], x["source"], x["target"]))[:limit]
    keys = {x["source"] for x in kept} | {x["target"] for x in kept}
    nodes = []
    if keys:
        en = s.entities
        for r in conn.execute(select(en.c.entity_key, func.min(en.c.name), func.max(en.c.name_en),
                                     func.min(en.c.type), func.max(en.c.country))
                              .where(en.c.entity_key.in_(keys)).group_by(en.c.entity_key)).all():
            weight = sum(x["weight"] for x in kept if r[0] in (x["source"], x["target"]))
            nodes.append({"id": r[0], "name": r[1], "name_en": r[2], "type": r[3], "country": r[4],
                          "weight": weight})
    nodes.sort(key=lambda x: (-x["weight"], x["id"]))
    return {"nodes": nodes, "edges": kept}


def timeline(conn, *, merged: bool = True, **filters) -> Results:
    """Event counts per day and PLOVER type (a cross-article cluster counts once, on its first report's day, when
    `merged`)."""
    picked = _representatives(EventFilters.build(**filters), merged)
    e = s.events.alias("e")
    rows = conn.execute(
        select(e.c.day, e.c.plover, func.count().label("count"))
        .select_from(e.join(picked, picked.c.rep == e.c.doc_id + literal("/") + e.c.id))
        .where(e.c.day.is_not(None))
        .group_by(e.c.day, e.c.plover).order_by(e.c.day, e.c.plover.nulls_last())).all()
    return Results([{"day": r.day, "plover": r.plover or None, "count": r.count} for r in rows])


# --- full-text search ------------------------------------------------------------------------------------------

def search(conn, query: str, *, limit: int = 20, offset: int = 0) -> Results:
    """Documents whose folded text holds all the query's words (or the words written together: "گفت و گو" also finds
    "گفت‌وگو"), best first, each with the sentence that matched."""
    _check_page(limit, offset)
    terms = query_terms(query or "")
    if not terms:
        raise DidbanError(Codes.E201, f"empty search query {query!r}", hint="give at least one word")
    joined = "".join(terms)
    if conn.dialect.name == "sqlite":
        match = " ".join(f'"{t}"' for t in terms)  # terms are \w+ only: no quote can reach the FTS syntax
        if len(terms) > 1:
            match = f"({match}) OR \"{joined}\""
        sql = text("SELECT doc_id, bm25(doc_fts) AS score FROM doc_fts WHERE doc_fts MATCH :match "
                   "ORDER BY score, doc_id LIMIT :limit OFFSET :offset")
        count_sql = text("SELECT count(*) FROM doc_fts WHERE doc_fts MATCH :match")
        params = {"match": match}
    else:
        tsq = "(plainto_tsquery('simple', :all) || plainto_tsquery('simple', :joined))"
        sql = text(f"SELECT doc_id, -ts_rank(to_tsvector('simple', body), {tsq}) AS score FROM doc_search "
                   f"WHERE to_tsvector('simple', body) @@ {tsq} ORDER BY score, doc_id LIMIT :limit OFFSET :offset")
        count_sql = text(f"SELECT count(*) FROM doc_search WHERE to_tsvector('simple', body) @@ {tsq}")
        params = {"all": " ".join(terms), "joined": joined}
    total = conn.execute(count_sql, params).scalar_one()
    hits = conn.execute(sql, {**params, "limit": limit, "offset": offset}).all()
    return Results([_search_hit(conn, doc_id, score, terms) for doc_id, score in hits],
                   total=total, limit=limit, offset=offset)


def _search_hit(conn, doc_id: str, score: float, terms: list[str]) -> dict:
    d = conn.execute(select(s.documents.c.id, s.documents.c.title, s.documents.c.outlet, s.documents.c.published,
                            s.documents.c.url, s.documents.c.source, s.documents.c.text)
                     .where(s.documents.c.id == doc_id)).mappings().one()
    sents = conn.execute(select(s.sentences.c.start_char, s.sentences.c.end_char)
                         .where(s.sentences.c.doc_id == doc_id).order_by(s.sentences.c.idx)).all()
    spans = [(a, b) for a, b in sents] or [(0, len(d["text"]))]
    snippet = None
    for a, b in spans:  # the first sentence that holds a query word
        folded = name_key(d["text"][a:b])
        if "".join(terms) in folded.replace(" ", "") or any(t in folded.split() for t in terms):
            snippet = {"start": a, "end": b, "text": d["text"][a:b][:400]}
            break
    n_events = conn.execute(select(func.count()).select_from(s.events).where(s.events.c.doc_id == doc_id)).scalar()
    return {"doc_id": doc_id, "title": d["title"], "outlet": d["outlet"], "published": d["published"],
            "url": d["url"], "source": d["source"], "score": round(-float(score), 4), "snippet": snippet,
            "num_events": n_events}
