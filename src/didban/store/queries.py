"""Read queries over the store: events, one event, entities, the actor network, the timeline, full-text search.

Every value a caller gives travels as a bound parameter; nothing a user types becomes SQL text. Filters are checked
first (`EventFilters.build`), so a malformed date or an unknown type fails with a clear DidbanError, not a SQL error.
"""
from __future__ import annotations

import base64
import binascii
import functools
import json
import re
import weakref
from dataclasses import dataclass, fields, replace

from sqlalchemy import (and_, bindparam, case, distinct, exists, func, literal, literal_column, or_, select, text,
                        tuple_, union)
from sqlalchemy.types import Integer

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
# the actor, place and country filters read event_filters (migration 4) in page order; tests switch it off to compare
# with the plans that read participants, names and entities
USE_FILTER_ROWS = True
# event_filters ranges are compared by their sizes counted up to this many rows (the smallest drives the page)
STREAM_COUNT_CAP = 10_000
# a name filter matching more keys than this reads them in one range and sorts, instead of merging one range per key
MAX_ARMS = 40
# a full-text query matching more than COUNT_CAP documents is ranked among this many of them only
SEARCH_WINDOW = 5_000
_CAMEO = re.compile(r"^\d{1,4}$")
_ISO3 = re.compile(r"^[A-Za-z]{3}$")
_PLOVER = re.compile(r"^[A-Za-z_]{2,40}$")


@functools.cache
def _alias(table, name: str):
    """One alias object per (table, name), made once: building an alias's column collection anew for every page
    was a good part of the Python time of a page. The event list's statements use these (an alias object may appear
    in several subqueries of a statement: each subquery names it in its own FROM)."""
    return table.alias(name)


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


def resolve_names(conn, f: "EventFilters", stamp: tuple | None = None) -> dict[str, list[str]]:
    """The stored keys each name filter means, read once (a statement would otherwise scan the keys for every
    condition naming them); a name matching more than MAX_NAME_KEYS keys keeps its subquery. `stamp`: the store's
    _name_keys_stamp when the caller read it already."""
    found = {}
    for name in (f.actor, f.place):
        if name and name not in found:
            key = _name_key(name)
            if stamp is None:
                stamp = _name_keys_stamp(conn)
            cached = _NAME_KEYS.get((stamp, key)) if stamp else None
            keys = cached if cached is not None else \
                conn.execute(_matching_keys(key).limit(MAX_NAME_KEYS + 1)).scalars().all()
            if stamp and cached is None:
                if len(_NAME_KEYS) >= _NAME_KEYS_KEPT:
                    _NAME_KEYS.clear()
                _NAME_KEYS[(stamp, key)] = tuple(keys)
            if len(keys) <= MAX_NAME_KEYS:
                found[name] = list(keys)
    if f.country and not _ISO3.match(f.country):  # a country's name: the codes of the entities so named, once
        found[("country", f.country)] = conn.execute(_named_countries(f.country).distinct()).scalars().all()
    return found


# the keys a part of a name matched, by (store, its set of keys, the folded name): "part of a name" scans every
# distinct key (23,000 on the 1,000,000-event store, 2-3 ms), the same answer until a new key is stored
_NAME_KEYS: dict[tuple, tuple] = {}
_NAME_KEYS_KEPT = 2_000


def _has_stamp(conn) -> bool:
    """Whether the store has its name keys' stamp (PostgreSQL: migration 7; only an older store opened by a test
    lacks it, as read-only opening asks for the latest schema), asked once per engine."""
    engine = conn.engine
    if engine not in _STAMPED:
        _STAMPED[engine] = conn.dialect.name == "sqlite" or conn.exec_driver_sql(
            "SELECT to_regclass('entity_name_keys_stamp') IS NOT NULL").scalar_one()
    return _STAMPED[engine]


_STAMPED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _name_keys_stamp(conn) -> tuple | None:
    """What identifies the set of stored name keys (never deleted: a new key changes it), with the store. SQLite:
    the largest rowid of entity_name_keys, which only ever gains rows (INSERT OR IGNORE by a trigger, never a
    delete): without deletes the rowids are 1..n, so the largest says how many keys there are. PostgreSQL: the
    number in entity_name_keys_stamp (migration 7), bumped in the transaction that adds a key."""
    if not _has_stamp(conn):
        return None
    made, largest = conn.exec_driver_sql(f"SELECT {_STAMP_SQL[conn.dialect.name]}").one()
    return str(conn.engine.url), made, largest


# (with the store's creation time: another store made at the same URL is another store)
_STAMP_SQL = {"sqlite": "(SELECT applied_at FROM didban_migrations WHERE version = 1), "
                        "(SELECT max(rowid) FROM entity_name_keys)",
              "postgresql": "(SELECT applied_at FROM didban_migrations WHERE version = 1), "
                            "(SELECT stamp FROM entity_name_keys_stamp WHERE id = 1)"}


def _keys_for(name: str, keys: dict | None):
    return keys[name] if keys and name in keys else _matching_keys(_name_key(name))


def _name_match(role_values, name: str, e, keys: dict | None = None):
    """Condition: the event has a participant in `role_values` answering to `name`."""
    p, n = _alias(s.participants, "p"), _alias(s.entity_names, "n")
    return exists(select(literal(1)).select_from(p.join(n, and_(n.c.doc_id == p.c.doc_id,
                                                                n.c.entity_id == p.c.entity_id)))
                  .where(p.c.doc_id == e.c.doc_id, p.c.event_id == e.c.id, p.c.role.in_(role_values),
                         n.c.name_key.in_(_keys_for(name, keys))))


def _name_events(role_values, name: str, keys: dict | None = None):
    """(doc_id, event_id) of the events with a participant in `role_values` answering to `name`."""
    p, n = _alias(s.participants, "dp"), _alias(s.entity_names, "dn")
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
    """The countries of the entities answering to `name` (the few rows of entity_name_countries, migration 4)."""
    nc = s.entity_name_countries
    return select(nc.c.country).where(nc.c.name_key == fold_name(name))


def _country_match(country: str, e, keys: dict | None = None):
    """Condition: a participant (actor, recipient or location) belongs to `country` (ISO3 or a country's name)."""
    p, en = _alias(s.participants, "pc"), _alias(s.entities, "ec")
    return exists(select(literal(1)).select_from(p.join(en, and_(en.c.doc_id == p.c.doc_id,
                                                                 en.c.id == p.c.entity_id)))
                  .where(p.c.doc_id == e.c.doc_id, p.c.event_id == e.c.id,
                         en.c.country.in_(_countries(country, keys))))


def _country_events(country: str, keys: dict | None = None):
    p, en = _alias(s.participants, "dpc"), _alias(s.entities, "dec")
    return select(p.c.doc_id, p.c.event_id).select_from(
        en.join(p, and_(p.c.doc_id == en.c.doc_id, p.c.entity_id == en.c.id))) \
        .where(en.c.country.in_(_countries(country, keys)))


def _cameo_range(prefix: str) -> tuple:
    """A CAMEO prefix as a range of codes ("04" → "04" ≤ code < "05"): an index range on both backends, where
    LIKE 'x%' is one only under conditions. Codes are digits only (checked by EventFilters.build)."""
    if isinstance(prefix, _Bind):  # (the range's ends are parameters of their own, see _Binds)
        return bindparam(f"{prefix}_lo"), bindparam(f"{prefix}_hi")
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


# --- statements built once per shape ------------------------------------------------------------------------------
# Building a page's SQLAlchemy statements anew for every request (conditions, subqueries, unions, then their cache
# key) cost about as much CPU as SQLite's own work on them. The event list's statements are built once per *shape* —
# which filters are given, how many name keys drive the page, merged or not, a cursor or not, which plan — with the
# values as named bind parameters, and kept: a statement object reused keeps its cache key, and SQLAlchemy's compiled
# cache then has its SQL. The values a user gives still only ever travel as parameters.

class _Bind(str):
    """A value's stand-in in a statement built once per shape: the name of its bind parameter (a str, so that the
    code building statements tests and passes it like the value; `_b` turns it into the parameter). `n`: how many
    values a list stands for (a name's keys)."""

    n: int = 0
    type_ = None


def _b(value):
    """The parameter a placeholder stands for, or the value itself."""
    return bindparam(str(value), type_=value.type_) if isinstance(value, _Bind) else value


def _in(column, values):
    """`column IN values`: an expanding parameter for a placeholder list."""
    return column.in_(bindparam(str(values), expanding=True) if isinstance(values, _Bind) else values)


def _arms(values) -> list:
    """The values a page reads one range each of (None: all in one range, more than MAX_ARMS)."""
    if isinstance(values, _Bind):
        return [_Bind(f"{values}_{i}") for i in range(values.n)] if values.n <= MAX_ARMS else [None]
    return list(values) if len(values) <= MAX_ARMS else [None]


_STATEMENTS: dict[tuple, object] = {}
_STATEMENTS_KEPT = 500  # ~100 KB each with its compiled SQL: at most ~50 MB a process (the mix of store_targets: 51)


class _Binds:
    """One page's filters as placeholders (`f`, `keys`), their values (`params`) and its shape; `run` executes a
    statement built once per (what, shape). `fixed`: no placeholders (the plans without event_filters, which read
    names through subqueries): every statement is built for the request, as before."""

    def __init__(self, f: EventFilters, keys: dict, streams: list | None, fixed: bool = False):
        if fixed:
            self.f, self.keys, self.params, self.shape = f, keys, {}, None
            return
        params, given = {}, {}
        for field in fields(EventFilters):
            value = getattr(f, field.name)
            if value is not None:
                given[field.name] = _Bind(f"f_{field.name}")
                params[f"f_{field.name}"] = value
        if f.cameo:
            params["f_cameo_lo"], params["f_cameo_hi"] = _cameo_range(f.cameo)
        self.f = EventFilters(**given)
        self.keys, shape = {}, [tuple(given)]
        for name, _, values in streams or []:
            values = list(values)
            stand_in = _Bind(f"s_{name}")
            stand_in.n = len(values)
            params[str(stand_in)] = values
            if len(values) <= MAX_ARMS:
                params.update({f"{stand_in}_{i}": v for i, v in enumerate(values)})
            self.keys[("country", self.f.country) if name == "country" else getattr(self.f, name)] = stand_in
            shape.append((name, len(values) if len(values) <= MAX_ARMS else -1))
        self.params, self.shape = params, tuple(shape)

    def streams(self) -> list | None:
        return _filter_streams(self.f, self.keys)

    def cursor(self, last):
        """The cursor's (day, document, index) as placeholders (their values added to the parameters)."""
        if last is None or self.shape is None:
            return last
        self.params.update(c_day=last[0], c_doc=last[1], c_idx=last[2])
        idx = _Bind("c_idx")
        idx.type_ = Integer()
        return _Bind("c_day"), _Bind("c_doc"), idx

    def run(self, conn, what: tuple, build, **values):
        """Execute `build()`'s statement with the page's values and `values` (limits: `p_*` parameters)."""
        if self.shape is None:
            return conn.execute(build(), values)
        # (the constants built in: tests change them; the dialect: a few statements differ on PostgreSQL)
        key = (what, self.shape, COUNT_WINDOW, MAX_ARMS, conn.dialect.name)
        statement = _STATEMENTS.get(key)
        if statement is None:
            if len(_STATEMENTS) >= _STATEMENTS_KEPT:
                _STATEMENTS.clear()
            statement = _STATEMENTS[key] = build()
        return conn.execute(statement, {**self.params, **values})


def event_conditions(f: EventFilters, e, keys: dict | None = None, by_rows: bool = False) -> list:
    """Conditions for an event `e` matching `f`. `by_rows`: the actor, place and country filters are checked on
    event_filters (a few primary-key lookups per event; needs `keys` resolved, see _filter_streams)."""
    if by_rows:
        return [*(_filter_row_match(kind, values, e) for _, kind, values in _filter_streams(f, keys)),
                *_own_conditions(f, e)]
    return [*_participant_conditions(f, e, keys), *_own_conditions(f, e)]


def _filter_streams(f: EventFilters, keys: dict | None) -> list[tuple[str, str, list[str]]] | None:
    """(filter name, event_filters kind, values) for the actor, place and country filters given; None when a name
    matched too many keys to list (then the plans without event_filters answer)."""
    streams = []
    for name in ("actor", "place"):
        value = getattr(f, name)
        if value:
            if not keys or value not in keys:
                return None
            streams.append((name, s.FILTER_KINDS[name], keys[value]))
    if f.country:
        codes = _countries(f.country, keys)
        if not isinstance(codes, (list, _Bind)):
            return None
        streams.append(("country", s.FILTER_KINDS["country"], codes))
    return streams


def _filter_row_match(kind: str, values: list[str], e):
    """Condition: event `e` has an event_filters row of `kind` with one of `values` (primary-key lookups)."""
    r = _alias(s.event_filters, "fr")
    # a scalar subquery, not EXISTS: PostgreSQL turned EXISTS into a semi-join and hashed the whole range of a broad
    # value (681,000 rows for country=IRN, 300 ms) to check 60 events; this it can only look up, row by row
    return select(literal(1)).where(r.c.kind == kind, _in(r.c.value, values), r.c.day == page_key(e)[0],
                                    r.c.doc_id == e.c.doc_id, r.c.idx == e.c.idx, r.c.event_id == e.c.id) \
        .limit(1).scalar_subquery().is_not(None)


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
    by_key = getattr(e, "own_match", None)
    if by_key is not None and (f.plover or f.cameo):  # an event_filters row as its event, on PostgreSQL
        conds.append(by_key(f))
    elif f.plover:
        conds.append(e.c.plover == _b(f.plover))
    if f.cameo and by_key is None:
        # checked on each row of the walk (ix_events_page holds the code); `|| ''` keeps SQLite from sorting the
        # whole prefix's range instead: a narrow prefix is read from its own index (see _narrowest)
        low, high = _cameo_range(f.cameo)
        code = e.c.cameo.concat(literal_column("''"))
        conds.append(and_(code >= low, code < high))
    day = page_key(e)[0]  # a range of the page index (an undated event's '' is before any day)
    if f.since:
        conds.append(day >= _b(f.since))
    if f.until:
        conds.append(and_(day > "", day <= _b(f.until)))
    if f.doc_id:
        conds.append(e.c.doc_id == _b(f.doc_id))
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


def _shown(f: EventFilters, e, merged: bool, keys: dict | None = None, checked: str | None = None,
           by_rows: bool = False) -> list:
    """Conditions for the events the list shows. `merged`: one event per cross-article cluster, the one with the
    smallest `doc_id/event_id` among the cluster's matching events, and near-duplicate articles' unclustered events
    left out (what a GROUP BY over all matches did, decided row by row so that a page stops early). `checked`: a
    filter the caller already applies (the narrow filter the rows come from), not checked again on them. Only
    subqueries, no join: both databases then walk the page index in order and stop after a page."""
    conds = event_conditions(replace(f, **{checked: None}) if checked else f, e, keys, by_rows)
    if not merged:
        return conds
    dup, c0 = _alias(s.duplicates, "dup"), _alias(s.event_clusters, "c0")
    c1, c2, e2 = _alias(s.event_clusters, "c1"), _alias(s.event_clusters, "c2"), _alias(s.events, "e2")
    # "not a near-duplicate's unclustered event", as (not a duplicate) or (clustered): two lookups by key, written as
    # scalar subqueries: as EXISTS, PostgreSQL read and hashed the whole duplicates and clusters tables for each page
    repeated = select(literal(1)).where(dup.c.doc_id == e.c.doc_id).limit(1).scalar_subquery()
    clustered = select(literal(1)).where(c0.c.event_id == e.c.id).limit(1).scalar_subquery()
    smaller_sibling = exists(
        select(literal(1)).select_from(c1.join(c2, c2.c.cluster_id == c1.c.cluster_id)
                                       .join(e2, e2.c.id == c2.c.event_id))
        # (c2 other than the event itself, checked before e2 is read: most clusters hold one event, and reading
        # e2's row to compare the event with itself was two thirds of a count's time)
        .where(c1.c.event_id == e.c.id, c2.c.event_id != c1.c.event_id,
               e2.c.doc_id + literal("/") + e2.c.id < e.c.doc_id + literal("/") + e.c.id,
               *event_conditions(f, e2, keys, by_rows)))
    return [*conds, or_(repeated.is_(None), clustered.is_not(None)), ~smaller_sibling]


def _narrowest(conn, b: _Binds, own_only: bool = False, cap: int | None = None):
    """(filter name, a function building the (doc_id, event_id) select of its events) for the filter matching the
    fewest events, when it matches at most `cap` (DRIVE_CAP); None when every filter is broad (or there is none).
    `own_only`: only the filters on the events' own columns (the others are read from event_filters)."""
    f, keys, ev = b.f, b.keys, s.events

    def cameo():
        low, high = _cameo_range(f.cameo)
        return select(ev.c.doc_id, ev.c.id).where(ev.c.cameo >= low, ev.c.cameo < high)

    candidates = []
    if f.doc_id:
        candidates.append(("doc_id", lambda: select(ev.c.doc_id, ev.c.id).where(ev.c.doc_id == _b(f.doc_id))))
    if f.actor and not own_only:
        candidates.append(("actor", lambda: _name_events(("actor", "recipient"), f.actor, keys)))
    if f.place and not own_only:
        candidates.append(("place", lambda: _name_events(("location",), f.place, keys)))
    if f.country and not own_only:
        candidates.append(("country", lambda: _country_events(f.country, keys)))
    if f.plover:
        candidates.append(("plover", lambda: select(ev.c.doc_id, ev.c.id).where(ev.c.plover == _b(f.plover))))
    if f.cameo:
        candidates.append(("cameo", cameo))
    best, best_n = None, (DRIVE_CAP if cap is None else cap) + 1
    for name, events_of in candidates:
        n = _count(conn, b, ("narrowest", name), events_of, best_n - 1)
        if n < best_n:
            best, best_n = (name, events_of), n
    return best


def _count(conn, b: _Binds, what: tuple, matching, cap: int) -> int:
    """How many rows `matching()` (a function building a select) gives, counted up to cap + 1."""
    return b.run(conn, ("count", *what), lambda: select(func.count()).select_from(
        matching().limit(bindparam("p_cap")).subquery()), p_cap=cap + 1).scalar_one()


def _count_in_window(conn, b: _Binds, merged: bool, cap: int, by_rows: bool = False) -> tuple[int, bool]:
    """(matches among the list's first COUNT_WINDOW events, whether the list holds more than the window)."""
    f, keys = b.f, b.keys

    def build():
        w = _alias(s.events, "w")
        # every column from ix_events_page (the day as its page key, which the conditions compare anyway): the
        # window reads no events row (with `w.day` it read one per event walked, 5,000 for cameo=04)
        # (the type and the CAMEO code only when filtered on: ix_events_plover_page does not hold the code)
        window = select(w.c.doc_id, w.c.id, w.c.idx, page_key(w)[0].label("day"),
                        *([w.c.cameo] if f.cameo else []), *([w.c.plover] if f.plover else [])) \
            .where(*_own_conditions(f, w)).order_by(*(k.desc() for k in page_key(w))).limit(COUNT_WINDOW) \
            .subquery("e")
        # one walk, one statement: the window's size and its matches side by side (a CASE per row, as the WHERE was)
        conds = _shown(f, window, merged, keys, by_rows=by_rows)
        matched = func.coalesce(func.sum(case((and_(*conds), 1), else_=0)), 0) if conds else func.count()
        return select(func.count(), matched).select_from(window)

    seen, counted = b.run(conn, ("window", merged, by_rows), build).one()
    return min(int(counted), cap + 1), seen >= COUNT_WINDOW


def query_events(conn, *, limit: int = 100, offset: int = 0, cursor: str | None = None, merged: bool = True,
                 count_cap: int = COUNT_CAP, **filters) -> Results:
    """Events matching the filters, newest first. `merged`: one row per cross-article cluster (the same meeting
    reported by ten outlets is one row with num_articles=10); near-duplicate articles' unclustered events are hidden.

    Pages: `offset`, or `cursor` (the `next_cursor` of the previous page: as fast on page 1,000 as on page 1).
    `total` counts the matches up to `count_cap`; `count_capped` true means "at least `total`": more matched than
    `count_cap`, or the count looked at the first COUNT_WINDOW events only (of the list when every filter is broad,
    of the narrowest actor, place or country filter's rows otherwise); never when `count_cap` is above COUNT_CAP:
    then the count goes as far as the cap, however long it takes."""
    _check_page(limit, offset)
    if cursor is not None and offset:
        raise DidbanError(Codes.E201, "give a cursor or an offset, not both")
    f = EventFilters.build(**filters)
    if conn.dialect.name == "postgresql":
        # a page reads a few thousand index entries at most, but PostgreSQL costs its walks as if they read the
        # range whole: it started parallel workers (cameo=04's count: 22 ms with two, 7 ms without) and compiled
        # the statements with JIT (51 ms of compiling for a 2 ms page of country=TUR&type=CONSULT). Both off for
        # this transaction only (set_config(..., true)); the aggregates over the whole store keep them.
        # (the name keys' stamp read in the same round trip)
        stamp, named = None, bool(f.actor or f.place) and _has_stamp(conn)
        settings = conn.exec_driver_sql("SELECT set_config('max_parallel_workers_per_gather', '0', true), "
                                        "set_config('jit', 'off', true)" +
                                        (f", {_STAMP_SQL['postgresql']}" if named else "")).one()
        if named:
            stamp = (str(conn.engine.url), settings[2], settings[3])
    else:
        stamp = None
    keys = resolve_names(conn, f, stamp)
    last = decode_cursor(cursor) if cursor is not None else None
    streams = _filter_streams(f, keys) if USE_FILTER_ROWS and not f.doc_id else None
    # the page's statements built once per shape (see _Binds), but for the plans that read names by subqueries
    b = _Binds(f, keys, streams, fixed=streams is None and bool(f.actor or f.place or f.country))
    narrow = None
    if streams:
        driver, size = _smallest_stream(conn, b, b.streams())
        narrow = _narrowest(conn, b, own_only=True, cap=min(size - 1, DRIVE_CAP))
        if narrow is None:  # the actor, place or country filter's own rows drive the page
            page, counted, lower_bound = _page_by_filter_rows(conn, b, driver, merged, limit, offset, last,
                                                              count_cap)
            return _results(conn, page, limit, offset, counted, count_cap, lower_bound)
    page, counted, lower_bound = _page_by_events(conn, b, merged, limit, offset, last, count_cap,
                                                 by_rows=bool(streams), narrow=narrow)
    return _results(conn, page, limit, offset, counted, count_cap, lower_bound)


def _results(conn, page, limit: int, offset: int, counted: int, count_cap: int, lower_bound: bool) -> Results:
    more = len(page) > limit
    page = page[:limit]
    rows = hydrate_events(conn, [(r.doc_id, r.id) for r in page])
    return Results(rows, total=min(counted, count_cap), limit=limit, offset=offset,
                   count_capped=counted > count_cap or lower_bound,
                   next_cursor=encode_cursor(page[-1].page_day, page[-1].doc_id, page[-1].idx) if more else None)


def _page_by_events(conn, b: _Binds, merged: bool, limit: int, offset: int, last, count_cap: int, by_rows: bool,
                    narrow=None):
    """A page read from the events' page indexes (every filter broad) or from a narrow filter's own index."""
    f, keys = b.f, b.keys
    if not by_rows:
        narrow = _narrowest(conn, b)
    name = narrow[0] if narrow is not None else None
    cursor = b.cursor(last)

    def matching(with_count: bool = False, after=None):
        e = _alias(s.events, "e")
        day, doc, idx = page_key(e)
        columns = [e.c.doc_id, e.c.id, day.label("page_day"), e.c.idx]
        if narrow is not None:  # few candidates: read them by their index, then sort (no walk down the whole list)
            q = select(*columns).where(tuple_(e.c.doc_id, e.c.id).in_(narrow[1]()),
                                       *_shown(f, e, merged, keys, checked=name, by_rows=by_rows))
            if with_count:  # the count comes with the page: all the matches are read for the sort anyway
                q = q.add_columns(func.count().over().label("matches"))
        else:
            q = select(*columns).where(*_shown(f, e, merged, keys, by_rows=by_rows))
        if after is not None:
            # the first column's bound alone makes the index range (SQLite does not range-scan a row value over an
            # expression index); the row value then cuts within the cursor's day
            q = q.where(day <= _b(after[0]), tuple_(day, doc, idx) < tuple_(*map(_b, after)))
        return q

    def page_statement(with_count: bool):
        day, doc, idx = page_key(_alias(s.events, "e"))
        return matching(with_count, cursor).order_by(day.desc(), doc.desc(), idx.desc()) \
            .limit(bindparam("p_limit")).offset(bindparam("p_offset"))

    shape = ("events", name, merged, by_rows)
    lower_bound = False
    if narrow is not None:
        if last is not None:
            counted = _count(conn, b, shape, matching, count_cap)
    elif count_cap > COUNT_CAP:  # a caller who needs to know (a download's limit): count for real, up to the cap
        counted = _count(conn, b, shape, matching, count_cap)
    else:
        counted, lower_bound = _count_in_window(conn, b, merged, count_cap, by_rows)
    with_count = narrow is not None and last is None
    page = b.run(conn, (*shape, "page", with_count, last is not None), lambda: page_statement(with_count),
                 p_limit=limit + 1, p_offset=offset).all()
    if with_count:
        counted = page[0].matches if page else \
            _count(conn, b, (*shape, "matches"), lambda: matching(True), count_cap)  # (an offset past the end)
    return page, counted, lower_bound


def _day_range(f: EventFilters, day) -> list:
    """The date filters as a range of a page day ('' when undated: before any day)."""
    return [*([day >= _b(f.since)] if f.since else []), *([day > "", day <= _b(f.until)] if f.until else [])]


def _size(values) -> int:
    return values.n if isinstance(values, _Bind) else len(values)


def _smallest_stream(conn, b: _Binds, streams: list) -> tuple[tuple, int]:
    """The actor, place or country filter with the fewest event_filters rows in the date range (counted up to
    STREAM_COUNT_CAP, the running smallest as the bound), and its size."""
    f, r = b.f, s.event_filters
    best, best_n = streams[0], STREAM_COUNT_CAP + 1
    if len(streams) == 1 and not (f.plover or f.cameo):  # nothing to compare it with
        return best, best_n
    for stream in streams:
        name, kind, values = stream
        n = _count(conn, b, ("stream", name), lambda: select(literal(1)).where(
            r.c.kind == kind, _in(r.c.value, values), *_day_range(f, r.c.day)), best_n - 1)
        if n < best_n:
            best, best_n = stream, n
    return best, best_n


def _filter_rows_ranges(f: EventFilters, driver, last, n, shown: list | None, r):
    """One select per value of the driving filter (or one for all, when it has more than MAX_ARMS), each its
    event_filters range newest first, with `shown` (conditions on `e`) checked and at most `n` rows."""
    name, kind, values = driver
    selects = []
    for value in _arms(values):
        conds = [r.c.kind == kind, r.c.value == _b(value) if value is not None else _in(r.c.value, values),
                 *_day_range(f, r.c.day)]
        if last is not None:  # the day's bound makes the range; the row value cuts within the cursor's day
            conds += [r.c.day <= _b(last[0]), tuple_(r.c.day, r.c.doc_id, r.c.idx) < tuple_(*map(_b, last))]
        q = select(r.c.day.label("page_day"), r.c.doc_id, r.c.idx, r.c.event_id.label("id"))
        if shown is not None:
            conds += shown
        q = q.where(*conds).order_by(r.c.day.desc(), r.c.doc_id.desc(), r.c.idx.desc())
        selects.append(q.limit(n) if n is not None else q)
    return selects


def _first_of(selects: list, n, offset=0):
    """The first `n` distinct rows (after `offset`) of selects each in page order: the one select itself, or the
    union of them (each holds the first `n` of its own range, so the union holds the first `n` of all)."""
    if len(selects) == 1:
        return selects[0].limit(n).offset(offset) if n is not None else selects[0]
    u = union(*(select(q.subquery()) for q in selects)).subquery("u")
    q = select(u).order_by(u.c.page_day.desc(), u.c.doc_id.desc(), u.c.idx.desc())
    return q.limit(n).offset(offset) if n is not None else q

class _RowAsEvent:
    """An event_filters row `r` seen as its event by the conditions (`e.c.doc_id`, `e.c.id`, ...): the page then
    reads no events row but for a type or CAMEO filter (a lookup by key), and both databases walk r's range in order
    (a join with events made PostgreSQL misjudge the rows and sort the whole range)."""

    def __init__(self, r, doc_id=None, event_id=None, idx=None, day=None, by_page_key: bool = False):
        from types import SimpleNamespace

        doc_id, event_id = doc_id if doc_id is not None else r.c.doc_id, event_id if event_id is not None else r.c.event_id
        ev = _alias(s.events, "re")
        own = lambda column: select(column).where(ev.c.doc_id == doc_id,  # noqa: E731
                                                  ev.c.id == event_id).scalar_subquery()
        self.table = r
        self.c = SimpleNamespace(doc_id=doc_id, id=event_id, idx=idx if idx is not None else r.c.idx,
                                 day=day if day is not None else r.c.day, plover=own(ev.c.plover),
                                 cameo=own(ev.c.cameo))
        if by_page_key:
            self.own_match = lambda f: self._own_match(f, ev)

    def _own_match(self, f: EventFilters, ev):
        """PostgreSQL: the type and CAMEO conditions as one lookup of the event by its page key in ix_events_page,
        which holds both (an index-only probe): a subquery per column read the events row by (doc_id, id) through
        ix_events_id and the table, twice for a CAMEO range (its two ends), 7.6 buffers a row instead of 3."""
        ev, c = ev, self.c
        conds = [page_key(ev)[0] == c.day, ev.c.doc_id == c.doc_id, ev.c.idx == c.idx, ev.c.id == c.id]
        if f.plover:
            conds.append(ev.c.plover == _b(f.plover))
        if f.cameo:
            low, high = _cameo_range(f.cameo)
            conds += [ev.c.cameo >= low, ev.c.cameo < high]
        return select(literal(1)).where(*conds).limit(1).scalar_subquery().is_not(None)


def _page_by_filter_rows(conn, b: _Binds, driver, merged: bool, limit: int, offset: int, last, count_cap: int):
    """A page read from the driving filter's event_filters rows newest first; the walk stops after a page."""
    f, keys = b.f, b.keys
    r = _alias(s.event_filters, "r")
    pg = conn.dialect.name == "postgresql"
    shown = lambda: _shown(f, _RowAsEvent(r, by_page_key=pg), merged, keys, checked=driver[0],  # noqa: E731
                           by_rows=True)
    if not _size(driver[2]):  # a name or country that nothing stored answers to
        return [], 0, False
    cursor = b.cursor(last)
    shape = ("rows", driver[0], merged)
    page = b.run(conn, (*shape, "page", last is not None), lambda: _first_of(
        _filter_rows_ranges(f, driver, cursor, bindparam("p_n"), shown(), r), bindparam("p_limit"),
        bindparam("p_offset")), p_n=offset + limit + 1, p_limit=limit + 1, p_offset=offset).all()
    if last is None and offset == 0 and len(page) <= limit:  # the page is the whole list
        return page, len(page), False
    if count_cap > COUNT_CAP:  # count for real, up to the cap
        return page, _count(conn, b, (*shape, "all"), lambda: _first_of(
            _filter_rows_ranges(f, driver, None, None, shown(), r), None), count_cap), False

    def window_count():
        # the matches among the driving filter's first COUNT_WINDOW rows (the count must not read a broad filter
        # whole): the first COUNT_WINDOW + 1 rows once (a CTE read twice is computed once on both databases: a name
        # with several keys merges and sorts its ranges once), each row checked as its event (no events row read,
        # as in the page)
        ranges = _filter_rows_ranges(f, driver, None, COUNT_WINDOW + 1, None, r)
        if len(ranges) == 1:  # one range: walked twice in index order (cheaper than sorting what a CTE kept)
            seen = select(func.count()).select_from(ranges[0].subquery("w0")).scalar_subquery()
            w = ranges[0].limit(COUNT_WINDOW).subquery("w")
        else:
            window = _first_of(ranges, COUNT_WINDOW + 1).cte("w0")
            seen = select(func.count()).select_from(window).scalar_subquery()
            w = select(window).order_by(window.c.page_day.desc(), window.c.doc_id.desc(), window.c.idx.desc()) \
                .limit(COUNT_WINDOW).subquery("w")
        ew = _RowAsEvent(w, doc_id=w.c.doc_id, event_id=w.c.id, idx=w.c.idx, day=w.c.page_day, by_page_key=pg)
        matching = select(w.c.id).where(*_shown(f, ew, merged, keys, checked=driver[0], by_rows=True)) \
            .limit(bindparam("p_cap"))
        # (one statement, one round trip)
        return select(select(func.count()).select_from(matching.subquery("m")).scalar_subquery(), seen)

    counted, seen = b.run(conn, (*shape, "window"), window_count, p_cap=count_cap + 1).one()
    return page, counted, seen > COUNT_WINDOW


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


_ENTITY_FIELDS = ("id", "entity_key", "name", "name_en", "type", "country", "kb_id", "sector", "latitude",
                  "longitude")
_ENTITY_KEYS = ("id", "key", "name", "name_en", "type", "country", "kb_id", "sector", "latitude", "longitude")
# the events columns a record shows (not `sentences` or `location_id`: a page reads no more than it returns)
_EVENT_FIELDS = ("doc_id", "id", "event_date", "day", "date_reason", "cameo", "plover", "mode", "quad_class",
                 "intensity", "confidence", "summary", "occasion", "topics")


@functools.cache
def _record_statements() -> tuple:
    """The five statements of a page's records, built once (with expanding parameters: a page's documents, its
    events, their clusters' articles): building SQLAlchemy constructs anew for every page cost more Python time than
    SQLite's own work on them, and a statement object reused keeps its cache key (computed once)."""
    docs = bindparam("docs", expanding=True)
    ev, d = s.events, _alias(s.documents, "hd")
    # each event with its article's title, outlet, url, published and source
    events = select(*(ev.c[name] for name in _EVENT_FIELDS), d.c.title, d.c.outlet, d.c.url, d.c.published,
                    d.c.source).select_from(ev.outerjoin(d, d.c.id == ev.c.doc_id)).where(ev.c.doc_id.in_(docs))
    p, en = s.participants, _alias(s.entities, "hen")
    people = select(p.c.doc_id, p.c.event_id, p.c.role, p.c.entity_id, *(en.c[name] for name in _ENTITY_FIELDS)) \
        .select_from(p.outerjoin(en, and_(en.c.doc_id == p.c.doc_id, en.c.id == p.c.entity_id))) \
        .where(p.c.doc_id.in_(docs)).order_by(p.c.position)
    x = s.evidence
    spans = select(x.c.doc_id, x.c.event_id, x.c.start_char, x.c.end_char, x.c.text, x.c.label) \
        .where(x.c.doc_id.in_(docs)).order_by(x.c.idx)
    c1, c2, e = _alias(s.event_clusters, "hc1"), _alias(s.event_clusters, "hc2"), _alias(s.events, "he")
    hd = _alias(s.documents, "hd")
    members = select(c1.c.event_id, c1.c.cluster_id, e.c.doc_id, func.coalesce(hd.c.outlet, hd.c.id)) \
        .select_from(c1.join(c2, c2.c.cluster_id == c1.c.cluster_id).join(e, e.c.id == c2.c.event_id)
                     .outerjoin(hd, hd.c.id == e.c.doc_id)) \
        .where(c1.c.event_id.in_(bindparam("ids", expanding=True)))
    dup, dd = s.duplicates, _alias(s.documents, "dd")
    dups = select(dup.c.doc_id, dup.c.of_doc_id, func.coalesce(dd.c.outlet, dd.c.id)) \
        .select_from(dup.outerjoin(dd, dd.c.id == dup.c.doc_id)) \
        .where(dup.c.of_doc_id.in_(bindparam("docs", expanding=True)))
    return events, people, spans, members, dups


def hydrate_events(conn, keys: list[tuple[str, str]]) -> list[dict]:
    """Full event records (participants, evidence, article, cluster counts) for (doc_id, event_id) pairs, in order."""
    if not keys:
        return []
    # rows by document only (the few other events of a page's articles are read and dropped): `doc_id IN (...) AND
    # event_id IN (...)` made the databases probe every document with every id, 2,500 lookups for a page of 50.
    # Only the columns shown, as tuples (SQLAlchemy's mappings cost more than the database's own work).
    docs = sorted({d for d, _ in keys})
    ids = sorted({i for _, i in keys})
    wanted = set(keys)
    events, people, evidence, _, _ = _record_statements()
    by_docs = {"docs": docs}
    ev_rows = {}
    for r in conn.execute(events, by_docs).all():
        if (r[0], r[1]) in wanted:
            ev_rows[(r[0], r[1])] = r
    roles: dict[tuple, list] = {}
    ents: dict[tuple, dict] = {}
    for doc_id, event_id, role, entity_id, *entity in conn.execute(people, by_docs).all():  # each with its entity
        if (doc_id, event_id) in wanted:
            roles.setdefault((doc_id, event_id, role), []).append(entity_id)
            if entity[0] is not None and (doc_id, entity_id) not in ents:
                ents[(doc_id, entity_id)] = dict(zip(_ENTITY_KEYS, entity))
    spans: dict[tuple, list] = {}
    for doc_id, event_id, start, end, text_, label in conn.execute(evidence, by_docs).all():
        if (doc_id, event_id) in wanted:
            spans.setdefault((doc_id, event_id), []).append(
                {"start": start, "end": end, "text": text_, "label": label})
    clusters = cluster_stats(conn, ids)
    out = []
    for key in keys:
        (doc_id, event_id, event_date, day, date_reason, cameo, plover, mode, quad_class, intensity, confidence,
         summary, occasion, topics, title, outlet, url, published, source) = ev_rows[key]

        def people_of(role):
            return [ents.get((doc_id, i)) or {"id": i, "name": i} for i in roles.get((*key, role), [])]

        location = people_of("location")
        cluster = clusters.get(event_id) or {"cluster_id": None, "num_articles": 1, "num_sources": 1,
                                             "articles": [doc_id]}
        out.append({
            "id": event_id, "doc_id": doc_id, "date": event_date, "day": day,
            "date_reason": date_reason, "cameo": cameo, "plover": plover, "mode": mode,
            "quad_class": quad_class, "intensity": intensity, "confidence": confidence,
            "summary": summary, "actors": people_of("actor"), "recipients": people_of("recipient"),
            "location": location[0] if location else None,
            "occasion": json.loads(occasion) if occasion else None,
            "topics": json.loads(topics), "evidence": spans.get(key, []),
            "document": {"id": doc_id, "title": title, "outlet": outlet, "url": url, "published": published,
                         "source": source},
            **cluster,
        })
    return out


def cluster_stats(conn, event_ids: list[str]) -> dict[str, dict]:
    """For clustered events: the cluster id, its articles (with their near-duplicates) and how many outlets. Two
    queries: the clusters' members with their outlets, then the near-duplicates of those articles with theirs."""
    _, _, _, members, near = _record_statements()
    rows = conn.execute(members, {"ids": list(event_ids)}).all()
    if not rows:
        return {}
    mine: dict[str, str] = {}
    docs_of: dict[str, set] = {}
    outlets: dict[str, str] = {}
    for event_id, cid, doc_id, outlet in rows:
        mine[event_id] = cid
        docs_of.setdefault(cid, set()).add(doc_id)
        if outlet is not None:
            outlets[doc_id] = outlet
    all_docs = set().union(*docs_of.values())
    dups = conn.execute(near, {"docs": sorted(all_docs)}).all()
    for doc_id, _, outlet in dups:
        if outlet is not None:
            outlets[doc_id] = outlet
    for cid, docset in docs_of.items():
        docset |= {doc for doc, of, _ in dups if of in docset}
    out = {}
    for event_id, cid in mine.items():
        docset = docs_of.get(cid, set())
        out[event_id] = {"cluster_id": cid, "num_articles": len(docset),
                         "num_sources": len({outlets.get(doc, doc) for doc in docset}), "articles": sorted(docset)}
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
    "گفت‌وگو"), best first, each with the sentence that matched.

    Like the event list, the count stops at COUNT_CAP (`count_capped`: "at least `total`"); a query matching more
    documents than that is ranked among SEARCH_WINDOW of them (SQLite: those stored last; PostgreSQL: the first
    its index yields),
    so that a common word does not score every document of a big store."""
    _check_page(limit, offset)
    terms = query_terms(query or "")
    if not terms:
        raise DidbanError(Codes.E201, f"empty search query {query!r}", hint="give at least one word")
    joined = "".join(terms)
    if conn.dialect.name == "sqlite":
        match = " ".join(f'"{t}"' for t in terms)  # terms are \w+ only: no quote can reach the FTS syntax
        if len(terms) > 1:
            match = f"({match}) OR \"{joined}\""
        matches = "SELECT rowid AS n FROM doc_fts WHERE doc_fts MATCH :match"
        # the window as a range of rowids (FTS5 reads a rowid range of a match without scoring the rest)
        ranked = ("SELECT doc_id, bm25(doc_fts) AS score FROM doc_fts WHERE doc_fts MATCH :match AND rowid >= "
                  "coalesce((SELECT n FROM ({matches} ORDER BY rowid DESC LIMIT 1 OFFSET :window - 1)), 0)")
        params = {"match": match}
    else:
        tsq = "(plainto_tsquery('simple', :all) || plainto_tsquery('simple', :joined))"
        # tsv: the stored tsvector of the body (migration 4), read by the GIN index and by the ranking
        matches = f"SELECT doc_id AS n FROM doc_search WHERE tsv @@ {tsq}"
        ranked = (f"SELECT doc_id, -ts_rank(tsv, {tsq}) AS score FROM doc_search "
                  f"WHERE doc_id IN (SELECT n FROM ({{matches}} LIMIT :window) AS w)")
        params = {"all": " ".join(terms), "joined": joined}
    counted = conn.execute(text(f"SELECT count(*) FROM ({matches} LIMIT :cap) AS c"),
                           {**params, "cap": COUNT_CAP + 1}).scalar_one()
    window = COUNT_CAP + 1 if counted <= COUNT_CAP else SEARCH_WINDOW  # (all of them, when they are few)
    if conn.dialect.name == "sqlite":
        # the window's scores by rowid, and the document ids only of the rows that can be on the page (scores up to
        # the page's last, ties included): reading `doc_id` from doc_fts loads the row's whole text, and doing so
        # for 5,000 rows was 40 % of a common query's time. The same rows in the same order as sorting them all.
        by_rowid = ranked.replace("SELECT doc_id,", "SELECT rowid AS n,", 1).format(matches=matches)
        sql = text(f"WITH r AS MATERIALIZED ({by_rowid}) "
                   "SELECT (SELECT f.doc_id FROM doc_fts AS f WHERE f.rowid = r.n) AS doc_id, score FROM r "
                   "WHERE score <= coalesce((SELECT score FROM r ORDER BY score LIMIT 1 OFFSET :limit + :offset - 1), "
                   "1e308) ORDER BY score, doc_id LIMIT :limit OFFSET :offset")
    else:
        sql = text(f"SELECT doc_id, score FROM ({ranked.format(matches=matches)}) AS r "
                   f"ORDER BY score, doc_id LIMIT :limit OFFSET :offset")
    hits = conn.execute(sql, {**params, "window": window, "limit": limit, "offset": offset}).all()
    return Results(_search_hits(conn, hits, terms), total=min(counted, COUNT_CAP), limit=limit, offset=offset,
                   count_capped=counted > COUNT_CAP)


def _search_hits(conn, hits: list, terms: list[str]) -> list[dict]:
    """The hits with their documents, matching sentences and event counts: one query per table, not per hit."""
    ids = [doc_id for doc_id, _ in hits]
    if not ids:
        return []
    d = s.documents
    docs = {r["id"]: r for r in conn.execute(select(d.c.id, d.c.title, d.c.outlet, d.c.published, d.c.url,
                                                    d.c.source, d.c.text).where(d.c.id.in_(ids))).mappings()}
    sents: dict[str, list] = {}
    for doc_id, a, b in conn.execute(select(s.sentences.c.doc_id, s.sentences.c.start_char, s.sentences.c.end_char)
                                     .where(s.sentences.c.doc_id.in_(ids)).order_by(s.sentences.c.doc_id,
                                                                                    s.sentences.c.idx)):
        sents.setdefault(doc_id, []).append((a, b))
    n_events = dict(conn.execute(select(s.events.c.doc_id, func.count()).where(s.events.c.doc_id.in_(ids))
                                 .group_by(s.events.c.doc_id)).all())
    return [_search_hit(docs[doc_id], score, terms, sents.get(doc_id), n_events.get(doc_id, 0))
            for doc_id, score in hits]


def _search_hit(d, score: float, terms: list[str], sentences: list | None, n_events: int) -> dict:
    spans = sentences or [(0, len(d["text"]))]
    snippet = None
    for a, b in spans:  # the first sentence that holds a query word
        folded = name_key(d["text"][a:b])
        if "".join(terms) in folded.replace(" ", "") or any(t in folded.split() for t in terms):
            snippet = {"start": a, "end": b, "text": d["text"][a:b][:400]}
            break
    return {"doc_id": d["id"], "title": d["title"], "outlet": d["outlet"], "published": d["published"],
            "url": d["url"], "source": d["source"], "score": round(-float(score), 4), "snippet": snippet,
            "num_events": n_events}
