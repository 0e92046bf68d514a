"""Merge records from a didban store's whole-store streams (`iter_article_rows`, `iter_event_rows`), in the order
the merge takes them.

The store orders by day only; each day's records are sorted here by the exact key the merge functions expect, so the
result never depends on the database's collation, and only one day of records is held at a time.
"""
from __future__ import annotations

from itertools import groupby
from typing import Iterator

from didban.merge.duplicates import ArticleRecord, _canonical_key
from didban.merge.events import EventRecord, event_order


def stored_articles(store, **where) -> Iterator[ArticleRecord]:
    """Every stored article (id, text, publication date), sorted by (published or "", id); `where`: a part of them
    (see `didban.store.records.article_rows`)."""
    for _, day_rows in groupby(store.iter_article_rows(**where), key=lambda r: (r.published or "")[:10]):
        batch = [ArticleRecord(r.id, r.text, r.published) for r in day_rows]
        batch.sort(key=_canonical_key)
        yield from batch


def stored_event_records(store, **where) -> Iterator[EventRecord]:
    """Every stored event as an `EventRecord`, sorted by `event_order` (day, then id); `where`: a range of days."""
    from didban.merge import build_event_records, outlet_from, participant_key

    for _, day_events in groupby(store.iter_event_rows(**where), key=lambda ev: ev.day):
        batch: list[EventRecord] = []
        for ev in day_events:
            keys = {p.entity_id: participant_key(p.kb_id, p.type, p.name) for p in ev.participants
                    if p.type is not None}
            people = [p.entity_id for p in ev.participants if p.role in ("actor", "recipient")]
            outlet = outlet_from(ev.outlet, list(ev.attribution), ev.url)
            batch += build_event_records(ev.doc_id, ev.published, outlet, keys,
                                         [(ev.id, ev.cameo, ev.plover, ev.event_date, ev.location_id, people)])
        batch.sort(key=event_order)
        yield from batch
