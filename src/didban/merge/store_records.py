"""Reading what merging needs straight from didban's SQL store: a few ordered queries instead of rebuilding every
document with all its layers (which costs ~20 ms a document), joined by document id as the rows stream by.
"""
from __future__ import annotations

import json
from itertools import groupby
from typing import Iterator

from didban.merge import ArticleRecord, EventRecord, build_event_records, outlet_from, participant_key


def sql_merge_inputs(store, events_out: list[EventRecord]) -> Iterator[ArticleRecord]:
    """Yield one `ArticleRecord` per stored document (in id order) and append its events' records to `events_out`."""
    from sqlalchemy import select

    from didban.store import schema as s

    d, e, p, n = s.documents, s.events, s.participants, s.entities
    with store.engine.connect() as conn:
        docs = conn.execute(select(d.c.id, d.c.text, d.c.published, d.c.outlet, d.c.url, d.c.attribution)
                            .order_by(d.c.id))
        ents = _by_doc(conn.execute(select(n.c.doc_id, n.c.id, n.c.kb_id, n.c.type, n.c.name)
                                    .order_by(n.c.doc_id, n.c.idx)))
        evs = _by_doc(conn.execute(select(e.c.doc_id, e.c.id, e.c.cameo, e.c.plover, e.c.event_date, e.c.location_id)
                                   .order_by(e.c.doc_id, e.c.idx)))
        parts = _by_doc(conn.execute(select(p.c.doc_id, p.c.event_id, p.c.entity_id)
                                     .where(p.c.role.in_(("actor", "recipient")))
                                     .order_by(p.c.doc_id, p.c.event_id, p.c.role, p.c.position)))
        for doc in docs:
            attribution = [(a.get("kind", "outlet"), a.get("name")) for a in json.loads(doc.attribution or "[]")]
            keys = {row.id: participant_key(row.kb_id, row.type, row.name) for row in ents.take(doc.id)}
            people: dict[str, list[str]] = {}
            for row in parts.take(doc.id):
                people.setdefault(row.event_id, []).append(row.entity_id)
            rows = [(ev.id, ev.cameo, ev.plover, ev.event_date, ev.location_id, people.get(ev.id, []))
                    for ev in evs.take(doc.id)]
            events_out.extend(build_event_records(doc.id, doc.published, outlet_from(doc.outlet, attribution, doc.url),
                                                  keys, rows))
            yield ArticleRecord(doc.id, doc.text, doc.published)


class _by_doc:
    """Rows ordered by doc_id, handed out one document at a time (documents without rows get none)."""

    def __init__(self, rows):
        self._groups = groupby(rows, key=lambda r: r.doc_id)
        self._current = next(self._groups, None)

    def take(self, doc_id: str) -> list:
        while self._current is not None and self._current[0] < doc_id:  # rows of a document no longer stored
            self._current = next(self._groups, None)
        if self._current is None or self._current[0] != doc_id:
            return []
        rows = list(self._current[1])
        self._current = next(self._groups, None)
        return rows
