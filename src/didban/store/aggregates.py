"""Aggregates over stored events: counts by month, dyad, country, type, quad class … (GROUP BY in the database),
facet counts for the page's filters, actor profiles, and the GDELT count columns of exports.

Every function takes an open connection and the event filters of `didban.store.queries.EventFilters`; the `Store`
calls them (`Store.count_events`, `facets`, `undated_events`, `actor_profile` … in `didban.store.listing`), and
`didban.export.counts` writes the counts; like `query_events`, events merged across articles count once (`merged=True`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import and_, case, distinct, func, literal, or_, select

from didban.errors import Codes, DidbanError
from didban.store import schema as s
from didban.store.fold import fold_name
from didban.store.queries import EventFilters, _representatives
from didban.store.results import Results

MAX_GROUPS = 10_000


@dataclass(frozen=True)
class Dimension:
    help: str
    temporal: bool = False


DIMENSIONS = {
    "day": Dimension("the event's day (YYYY-MM-DD)", temporal=True),
    "month": Dimension("the event's month (YYYY-MM)", temporal=True),
    "year": Dimension("the event's year", temporal=True),
    "type": Dimension("PLOVER type"),
    "quad": Dimension("quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
                      "4 material conflict"),
    "root": Dimension("CAMEO root code (two digits)"),
    "cameo": Dimension("CAMEO code"),
    "country": Dimension("a participant's country (an event counts once for each country taking part); with "
                         "actor, the actor's own country: top actors per country"),
    "actor": Dimension("a participant: actor or recipient (an event counts once for each)"),
    "dyad": Dimension("first actor's country → first recipient's country (a meeting's pair in alphabetical order)"),
    "place": Dimension("the event's location"),
}


def parse_dimensions(value) -> list[str]:
    """'month,dyad' (or a list) → ['month', 'dyad'], checked against DIMENSIONS."""
    names = value.split(",") if isinstance(value, str) else list(value or [])
    names = [n.strip().lower() for n in names if n and n.strip()]
    if not names:
        raise DidbanError(Codes.E201, "no dimension to count by", hint=f"one or more of {', '.join(DIMENSIONS)}")
    unknown = [n for n in names if n not in DIMENSIONS]
    if unknown:
        raise DidbanError(Codes.E201, f"unknown dimension(s) {', '.join(unknown)}",
                          hint=f"count by one or more of {', '.join(DIMENSIONS)}, separated by commas")
    if len(set(names)) != len(names):
        raise DidbanError(Codes.E201, f"a dimension is repeated in {','.join(names)}")
    return names


def _matching_events(f: EventFilters, merged: bool):
    """The matching events (one per merged cluster) as a subquery `m` with uid, doc_id, id, day, plover, quad, cameo.
    `uid IN (representatives)`, not a join on the computed key: the database indexes the IN list once instead of
    comparing every pair (a join on an expression is quadratic on SQLite)."""
    picked = _representatives(f, merged)
    e = s.events.alias("ev")
    uid = e.c.doc_id + literal("/") + e.c.id
    return select(uid.label("uid"), e.c.doc_id, e.c.id, e.c.day, e.c.plover, e.c.quad_class, e.c.cameo,
                  e.c.location_id) \
        .where(uid.in_(select(picked.c.rep))).subquery("m")


def _participant(m, roles: tuple[str, ...], alias: str, position: int | None = None, outer: bool = False):
    """A join of the events' participants in `roles` to their entities: (join function, entity alias)."""
    p, en = s.participants.alias(f"p_{alias}"), s.entities.alias(f"e_{alias}")
    cond = and_(p.c.doc_id == m.c.doc_id, p.c.event_id == m.c.id, p.c.role.in_(roles))
    if position is not None:
        cond = and_(cond, p.c.position == position)

    def join(source):
        joined = source.outerjoin(p, cond) if outer else source.join(p, cond)
        on = and_(en.c.doc_id == p.c.doc_id, en.c.id == p.c.entity_id)
        return joined.outerjoin(en, on) if outer else joined.join(en, on)

    return join, en


def count_events(conn, by, *, merged: bool = True, top: int | None = None, **filters) -> Results:
    """Events counted by one or more DIMENSIONS, e.g. by=['month', 'dyad']. Rows: one key per dimension (plus
    readable names for actors and places) and `count`. Time dimensions come first in time order (undated events
    under None), others most events first. `top`: keep the N largest groups of each value of the first dimension."""
    names = parse_dimensions(by)
    f = EventFilters.build(**filters)
    m = _matching_events(f, merged)
    source, columns, group, extra, country_filter = m, [], [], [], None
    actor_entity = None
    for name in sorted(names, key=lambda n: n != "actor"):  # the actor first: "country" may be the actor's own
        if name == "day":
            col = m.c.day
        elif name == "month":
            col = func.substr(m.c.day, 1, 7)
        elif name == "year":
            col = func.substr(m.c.day, 1, 4)
        elif name == "type":
            col = m.c.plover
        elif name == "quad":
            col = m.c.quad_class
        elif name == "root":
            col = func.substr(m.c.cameo, 1, 2)
        elif name == "cameo":
            col = m.c.cameo
        elif name == "country" and actor_entity is not None:  # with `actor`: the actor's own country
            col = actor_entity.c.country
            country_filter = col.is_not(None)
        elif name == "country":
            join, en = _participant(m, ("actor", "recipient", "location"), "country")
            source = join(source)
            col = en.c.country
            country_filter = en.c.country.is_not(None)
        elif name == "actor":
            join, en = _participant(m, ("actor", "recipient"), "actor")
            source = join(source)
            actor_entity, col = en, en.c.entity_key
            extra += [func.min(en.c.name).label("actor_name"), func.max(en.c.name_en).label("actor_name_en"),
                      func.max(en.c.country).label("actor_country"), func.max(en.c.sector).label("actor_sector"),
                      func.max(en.c.kb_id).label("actor_kb_id")]
        elif name == "place":
            join, en = _participant(m, ("location",), "place", outer=True)
            source = join(source)
            col = en.c.entity_key
            extra += [func.min(en.c.name).label("place_name"), func.max(en.c.name_en).label("place_name_en"),
                      func.max(en.c.country).label("place_country"), func.max(en.c.latitude).label("latitude"),
                      func.max(en.c.longitude).label("longitude")]
        else:  # dyad: first actor's country → first recipient's country; a meeting's pair sorted
            join1, a1 = _participant(m, ("actor",), "a1", position=0, outer=True)
            join2, a2 = _participant(m, ("recipient",), "a2", position=0, outer=True)
            source = join2(join1(source))
            swap = and_(m.c.cameo.startswith("04"), a2.c.country.is_not(None),
                        or_(a1.c.country.is_(None), a2.c.country < a1.c.country))
            first = case((swap, a2.c.country), else_=a1.c.country)
            second = case((swap, a1.c.country), else_=a2.c.country)
            columns += [first.label("dyad_1"), second.label("dyad_2")]
            group += [first, second]
            continue
        columns.append(col.label(name))
        group.append(col)
    count = func.count(distinct(m.c.uid)).label("count")
    query = select(*columns, *extra, count).select_from(source).group_by(*group)
    if country_filter is not None:  # events whose participants have no known country are not counted under None
        query = query.where(country_filter)
    rows = [dict(r) for r in conn.execute(query.limit(MAX_GROUPS + 1)).mappings()]
    if len(rows) > MAX_GROUPS:
        raise DidbanError(Codes.E201, f"more than {MAX_GROUPS} groups", hint="count by fewer dimensions or filter")
    for r in rows:
        if "dyad_1" in r:
            r["dyad"] = f"{r.pop('dyad_1') or '?'}-{r.pop('dyad_2') or '?'}"
    rows.sort(key=_order(names))
    if top:
        rows = _top_per_group(rows, names[0], top)
    return Results(rows)


def _order(names: list[str]):
    """Sort rows: time dimensions ascending (undated last), then most events first, then keys for stability."""
    def key(row):
        parts = []
        for name in names:
            if DIMENSIONS[name].temporal:
                parts += [row[name] is None, row[name] or ""]
        parts.append(-row["count"])
        parts += [str(row.get(name) or "") for name in names]
        return parts
    return key


def _top_per_group(rows: list[dict], first: str, top: int) -> list[dict]:
    """The first `top` rows of each value of the first dimension (rows come most events first within a value)."""
    kept, seen = [], {}
    for r in rows:
        seen[r[first]] = seen.get(r[first], 0) + 1
        if seen[r[first]] <= top:
            kept.append(r)
    return kept


def facets(conn, *, merged: bool = True, limit: int = 40, **filters) -> dict:
    """Counts beside the page's filters (as datasette shows them): the events matching the filters, counted by
    country, PLOVER type, quad class, CAMEO root and month; plus the total and how many have no date."""
    out = {}
    for name in ("country", "type", "quad", "root", "month"):
        rows = count_events(conn, [name], merged=merged, **filters)
        values = [{"value": r[name], "count": r["count"]} for r in rows if r[name] is not None]
        if name != "month":
            values = values[:limit]
        out[name] = values
    f = EventFilters.build(**filters)
    m = _matching_events(f, merged)
    total, undated = conn.execute(select(func.count(), func.sum(case((m.c.day.is_(None), 1), else_=0)))
                                  .select_from(m)).one()
    out["total"], out["undated"] = total, int(undated or 0)
    return out


def undated_events(conn, *, limit: int = 50, offset: int = 0, merged: bool = True, **filters) -> Results:
    """The matching events without a day (neither their own date nor their article's): what a timeline cannot place,
    listed apart so that they do not vanish."""
    from didban.store.queries import hydrate_events

    m = _matching_events(EventFilters.build(**filters), merged)
    total = conn.execute(select(func.count()).select_from(m).where(m.c.day.is_(None))).scalar_one()
    keys = conn.execute(select(m.c.doc_id, m.c.id).where(m.c.day.is_(None))
                        .order_by(m.c.doc_id, m.c.id).limit(limit).offset(offset)).all()
    return Results(hydrate_events(conn, [(k.doc_id, k.id) for k in keys]), total=total, limit=limit, offset=offset)


# --- the GDELT count and date columns of exports ------------------------------------------------------------------

def add_export_fields(conn, events: list[dict]) -> list[dict]:
    """Fill what exports need beyond `query_events`' rows: `num_mentions` (sentences reporting the event, over all
    the articles of its cluster, as GDELT's NumMentions) and the article's `ingested_at` (GDELT's DATEADDED)."""
    if not events:
        return events
    e, c, d = s.events, s.event_clusters, s.documents
    clusters = {ev.get("cluster_id") for ev in events if ev.get("cluster_id")}
    per_cluster: dict[str, int] = {}
    if clusters:
        for cid, sentences in conn.execute(select(c.c.cluster_id, e.c.sentences)
                                           .select_from(c.join(e, e.c.id == c.c.event_id))
                                           .where(c.c.cluster_id.in_(clusters))):
            per_cluster[cid] = per_cluster.get(cid, 0) + max(1, len(set(json.loads(sentences or "[]"))))
    keys = {(ev["doc_id"], ev["id"]) for ev in events}
    own = {(r.doc_id, r.id): max(1, len(set(json.loads(r.sentences or "[]")))) for r in conn.execute(
        select(e.c.doc_id, e.c.id, e.c.sentences).where(e.c.id.in_({k[1] for k in keys})))
        if (r.doc_id, r.id) in keys}
    stamps = dict(conn.execute(select(d.c.id, d.c.ingested_at).where(d.c.id.in_({k[0] for k in keys}))).all())
    for ev in events:
        ev["num_mentions"] = per_cluster.get(ev.get("cluster_id")) or own.get((ev["doc_id"], ev["id"]), 1)
        ev.setdefault("document", {})["ingested_at"] = stamps.get(ev["doc_id"])
    return events


def iter_export_pages(store, *, merged: bool = False, page: int = 1000, **filters):
    """Every matching event with its export fields, a page (a list) at a time: what exports and downloads write,
    so that memory stays flat whatever the number of events."""
    cursor = None
    while True:  # by cursor: each page as fast as the first, whatever the number of events
        rows = store.query_events(limit=page, cursor=cursor, merged=merged, **filters)
        events = list(rows)
        if events:
            yield store.add_export_fields(events)
        cursor = rows.next_cursor
        if cursor is None:
            return


# --- documents: a label for the ones without a title ------------------------------------------------------------

def document_labels(conn, doc_ids, width: int = 90) -> dict[str, str]:
    """Each document's title, else the start of its first non-boilerplate segment (what a reader takes for a
    headline), cut at a word boundary to about `width` characters."""
    ids = sorted(set(doc_ids))
    if not ids:
        return {}
    d, sg = s.documents, s.segments
    titles = dict(conn.execute(select(d.c.id, d.c.title).where(d.c.id.in_(ids))).all())
    missing = [i for i in ids if not (titles.get(i) or "").strip()]
    labels = {i: titles[i].strip() for i in ids if (titles.get(i) or "").strip()}
    if missing:
        first = select(sg.c.doc_id, func.min(sg.c.idx).label("idx")) \
            .where(sg.c.doc_id.in_(missing), sg.c.boilerplate.is_(False)).group_by(sg.c.doc_id).subquery("f")
        rows = conn.execute(select(sg.c.doc_id, func.substr(d.c.text, sg.c.start_char + 1, width * 2))
                            .select_from(sg.join(first, and_(first.c.doc_id == sg.c.doc_id, first.c.idx == sg.c.idx))
                                         .join(d, d.c.id == sg.c.doc_id))).all()
        for doc_id, head in rows:
            labels[doc_id] = _cut(" ".join((head or "").split()), width)
    return labels


def _cut(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    cut = text[:width].rsplit(" ", 1)[0]
    return cut + "…"


# --- actors -----------------------------------------------------------------------------------------------------

def find_actor_key(conn, key_or_name: str) -> str | None:
    """An entity key ('kb:PER:abbas-araghchi', 'PER:…') as given; else the entity answering to the name (exactly,
    else in part, as the events filter matches), the one in the most documents."""
    en, n = s.entities, s.entity_names
    if conn.execute(select(literal(1)).where(en.c.entity_key == key_or_name).limit(1)).first():
        return key_or_name
    folded = fold_name(key_or_name)
    if not folded:
        return None
    docs = func.count(distinct(en.c.doc_id))
    named = select(en.c.entity_key).select_from(en.join(n, and_(n.c.doc_id == en.c.doc_id, n.c.entity_id == en.c.id))) \
        .group_by(en.c.entity_key).order_by(docs.desc(), en.c.entity_key).limit(1)
    for condition in (n.c.name_key == folded, n.c.name_key.contains(folded, autoescape=True)):
        row = conn.execute(named.where(condition)).first()
        if row:
            return row.entity_key
    return None


def actor_events(conn, key: str) -> list[tuple[str, str, str]]:
    """(doc_id, event_id, role) of every event the entity takes part in as actor or recipient."""
    p, en = s.participants, s.entities
    return [tuple(r) for r in conn.execute(
        select(p.c.doc_id, p.c.event_id, p.c.role)
        .select_from(p.join(en, and_(en.c.doc_id == p.c.doc_id, en.c.id == p.c.entity_id)))
        .where(en.c.entity_key == key, p.c.role.in_(("actor", "recipient"))).distinct())]


def actor_profile(conn, key_or_name: str, kb=None) -> dict:
    """Who an actor is and what they did: names, country, sector and CAMEO code, offices held (from the knowledge
    base, with dates and sources), first and last event, event counts by type, counterparts."""
    from didban.export.cameo_actors import actor_code

    key = find_actor_key(conn, key_or_name)
    if key is None:
        raise DidbanError(Codes.E404, f"no actor {key_or_name!r} in the store",
                          hint="give an entity key from /api/entities or a name as the articles write it")
    en = s.entities
    ent = conn.execute(select(func.min(en.c.name).label("name"), func.max(en.c.name_en).label("name_en"),
                              func.min(en.c.type).label("type"), func.max(en.c.country).label("country"),
                              func.max(en.c.sector).label("sector"), func.max(en.c.kb_id).label("kb_id"),
                              func.count(distinct(en.c.doc_id)).label("num_documents"))
                       .where(en.c.entity_key == key)).mappings().one()
    profile = {"key": key, **dict(ent), "code": actor_code(dict(ent)).code or None}
    profile.update(_kb_details(profile.get("kb_id"), kb))
    mine = actor_events(conn, key)
    profile.update(_activity(conn, key, mine))
    return profile


def _kb_details(kb_id: str | None, kb=None) -> dict:
    """Offices with their dates and sources, and aliases, from the knowledge base (none for unknown entities)."""
    if not kb_id:
        return {"offices": [], "aliases": []}
    if kb is None:
        from didban.kb import load_kb

        kb = load_kb()
    entity = kb.get(kb_id)
    if entity is None:
        return {"offices": [], "aliases": []}
    persian = {}
    for phrase, role in kb.role_phrases():
        if role not in persian or len(phrase) < len(persian[role]):
            persian[role] = phrase
    offices = [{"role": r.role, "role_fa": persian.get(r.role), "role_en": r.role.replace("_", " "),
                "country": r.country, "start": r.start, "end": r.end, "uncertain": r.uncertain, "note": r.note,
                "source": r.source} for r in entity.roles]
    offices.sort(key=lambda o: (o["start"] or "", o["end"] or "9999"), reverse=True)
    return {"offices": offices, "aliases": list(entity.aliases), "kb_source": entity.source}


def _activity(conn, key: str, mine: list[tuple[str, str, str]]) -> dict:
    """First and last day, counts by type, and counterparts (with meetings and first/last day) of the actor's
    events, all articles' reports counted (an actor page lists every report)."""
    if not mine:
        return {"num_events": 0, "first_day": None, "last_day": None, "by_type": [], "counterparts": []}
    e, p, en = s.events, s.participants, s.entities
    pairs = {(d, i) for d, i, _ in mine}
    events = {(r.doc_id, r.id): r for r in conn.execute(
        select(e.c.doc_id, e.c.id, e.c.day, e.c.plover, e.c.cameo, e.c.quad_class)
        .where(e.c.id.in_({i for _, i in pairs}))) if (r.doc_id, r.id) in pairs}
    days = sorted(r.day for r in events.values() if r.day)
    by_type: dict[tuple, int] = {}
    for r in events.values():
        by_type[(r.plover, r.cameo[:2])] = by_type.get((r.plover, r.cameo[:2]), 0) + 1
    others: dict[str, dict] = {}
    rows = conn.execute(select(p.c.doc_id, p.c.event_id, en.c.entity_key, en.c.name, en.c.name_en, en.c.country,
                               en.c.sector, en.c.kb_id, en.c.type)
                        .select_from(p.join(en, and_(en.c.doc_id == p.c.doc_id, en.c.id == p.c.entity_id)))
                        .where(p.c.event_id.in_({i for _, i in pairs}), p.c.role.in_(("actor", "recipient")),
                               en.c.entity_key != key)).all()
    seen = set()
    for r in rows:
        ev = events.get((r.doc_id, r.event_id))
        if ev is None or (r.doc_id, r.event_id, r.entity_key) in seen:
            continue
        seen.add((r.doc_id, r.event_id, r.entity_key))
        o = others.setdefault(r.entity_key, {"key": r.entity_key, "name": r.name, "name_en": r.name_en,
                                             "country": r.country, "type": r.type, "events": 0, "meetings": 0,
                                             "first_day": None, "last_day": None})
        o["events"] += 1
        o["meetings"] += ev.cameo.startswith("04")
        if ev.day:
            o["first_day"] = min(filter(None, (o["first_day"], ev.day)))
            o["last_day"] = max(filter(None, (o["last_day"], ev.day)))
    return {
        "num_events": len(events), "num_undated": sum(1 for r in events.values() if not r.day),
        "first_day": days[0] if days else None, "last_day": days[-1] if days else None,
        "by_type": [{"plover": t, "root": root, "count": n}
                    for (t, root), n in sorted(by_type.items(), key=lambda kv: (-kv[1], str(kv[0])))],
        "counterparts": sorted(others.values(), key=lambda o: (-o["events"], -o["meetings"], o["name"] or "")),
    }
