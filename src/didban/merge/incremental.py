"""The merge at the end of an ingest, done again only where the new documents can change it.

Both passes of the merge go through the store in one order (articles by publication date, events by day) and carry
only a window of the recent past: near-duplicates compare an article with the undated ones and those of the
`WINDOW_DAYS` days before it; a cluster takes events for `window_days` days after its first. So documents that come
after everything stored change nothing before them. An ingest records where its new documents start
(`MergeChanges`); the merge then rebuilds the window as it stood there from the store (the recent articles' texts,
the recent events with the clusters they were given) and runs the passes from there to the end of the store. A feed
that brings today's news merges today's news against the last month, not the whole store again, and the answer is the
one a whole-store merge gives (tested).

The whole store is merged again instead when a stored document changed (its old place in the order is not known)
or when an earlier ingest skipped its merge (`--no-merge`: some events have no cluster yet).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from didban.merge.duplicates import WINDOW_DAYS as ARTICLE_WINDOW_DAYS
from didban.merge.events import WINDOW_DAYS

MAX_SIGNATURES = 100_000  # signatures an ingest hands to its merge, at most (~35 MB)


@dataclass(slots=True)
class MergeChanges:
    """Where an ingest's new documents start in the merge's order (the smallest keys), noted as they are stored."""

    first_article: tuple[str, str] | None = None  # smallest (published or "", id) of a new document
    first_day: str | None = None  # earliest day of an event of a new document
    new_events: int = 0
    undated_events: bool = False  # a new document has an event without a day (a cluster of its own)
    whole: bool = False  # a stored document changed: merge the whole store again
    # the MinHash signatures of new documents' texts that the workers computed ({id: bytes}; at most MAX_SIGNATURES,
    # 256 bytes each: the merge computes the others from the stored texts)
    signatures: dict = field(default_factory=dict)

    def note(self, doc, status: str) -> None:
        """`doc`: a stored `Document` or `PreparedDocument`; `status`: "new" or "updated"."""
        if status != "new":
            self.whole = True
            return
        signature = getattr(doc, "signature", None)
        if signature is not None and len(self.signatures) < MAX_SIGNATURES:
            self.signatures[doc.id] = signature
        published, days = _facts(doc)
        key = (published or "", doc.id)
        if self.first_article is None or key < self.first_article:
            self.first_article = key
        self.new_events += len(days)
        dated = [d for d in days if d]
        self.undated_events = self.undated_events or len(dated) < len(days)
        if dated and (self.first_day is None or min(dated) < self.first_day):
            self.first_day = min(dated)

    @property
    def anything(self) -> bool:
        return self.whole or self.first_article is not None


def _facts(doc) -> tuple[str | None, list[str | None]]:
    """(publication date, the day of each event) of a prepared or a plain document, as the store keeps them."""
    rows = getattr(doc, "rows", None)
    if rows is not None:
        return rows["documents"][0]["published"], [r["day"] for r in rows["events"]]
    published_day = (doc.published or "")[:10] or None
    return doc.published, [(ev.date or "")[:10] or published_day for ev in doc.events or []]


def can_merge_part(store) -> bool:
    return all(hasattr(store, name) for name in ("iter_article_rows", "iter_event_rows", "clusters_of",
                                                  "unclustered_events", "update_duplicates", "update_clusters"))


def run_merge_since(store, changes: MergeChanges, *, window_days: int = WINDOW_DAYS,
                    threshold: float | None = None):
    """Merge again the part of the store that the documents of `changes` can change (see the module's text); the
    figures are those of that part. Falls back on the whole-store `run_merge` where a part cannot be trusted."""
    from didban.merge import MergeResult, run_merge

    if not changes.anything:
        return MergeResult(0, 0, 0, 0)
    if changes.whole or not can_merge_part(store) or store.unclustered_events() != changes.new_events:
        return run_merge(store, window_days=window_days, threshold=threshold)
    duplicates = _duplicates_since(store, changes.first_article, threshold, changes.signatures)
    clusters, events, multi = _clusters_since(store, changes, window_days)
    return MergeResult(duplicates, clusters, events, multi)


def _day_before(day: str, days: int) -> str | None:
    try:
        return (date.fromisoformat(day[:10]) - timedelta(days=days)).isoformat()
    except ValueError:
        return None


def _duplicates_since(store, first: tuple[str, str], threshold: float | None, signatures: dict | None = None) -> int:
    from didban.merge.duplicates import stream_near_duplicates
    from didban.merge.store_records import stored_articles

    since_day = _day_before(first[0], ARTICLE_WINDOW_DAYS) if first[0] else None
    history = stored_articles(store, before=first, since_day=since_day)
    previous = store.duplicates()
    links, touched = {}, []
    records = stored_articles(store, start=first)

    def watched():  # the articles merged again that had a link before: their links may have to go
        for rec in records:
            if rec.id in previous:
                touched.append(rec.id)
            yield rec

    for doc_id, original in stream_near_duplicates(watched(), history=history, known=previous, signatures=signatures,
                                                   **({"threshold": threshold} if threshold is not None else {})):
        links[doc_id] = original
    changed = {d: o for d, o in links.items() if previous.get(d) != o}
    removed = [d for d in touched if d not in links]
    if changed or removed:
        store.update_duplicates(removed, changed)
    return len(links)


def _clusters_since(store, changes: MergeChanges, window_days: int) -> tuple[int, int, int]:
    """Cluster again the events from the first new one's day on; (clusters, events, clusters with 2+ outlets)."""
    from didban.merge.events import cluster_id_for, reopen_clusters, stream_event_clusters
    from didban.merge.store_records import stored_event_records

    assignment: dict[str, str] = {}
    outlets: dict[str, str | None] = {}  # cluster -> its one outlet so far, or None once it has two or more
    if changes.first_day:
        since = _day_before(changes.first_day, window_days) or changes.first_day
        history = list(stored_event_records(store, since_day=since, until_day=changes.first_day))
        before = store.clusters_of([rec.event_id for rec in history])
        reopened = reopen_clusters(history, before)
        open_ids = {cluster_id_for(c.first_event) for c in reopened}
        for rec in history:  # the outlets the reopened clusters already have
            if before.get(rec.event_id) in open_ids:
                _note_outlet(outlets, before[rec.event_id], rec)
        records = stored_event_records(store, since_day=changes.first_day)
        for rec, cluster in stream_event_clusters(records, window_days, reopened=reopened):
            assignment[rec.event_id] = cluster
            _note_outlet(outlets, cluster, rec)
    if changes.undated_events:
        for event_id in store.undated_unclustered_event_ids():  # a cluster of its own, one outlet
            assignment[event_id] = cluster_id_for(event_id)
            outlets[assignment[event_id]] = event_id
    if assignment:
        store.update_clusters(assignment)
    return len(outlets), len(assignment), sum(1 for outlet in outlets.values() if outlet is None)


def _note_outlet(outlets: dict[str, str | None], cluster: str, rec) -> None:
    outlet = rec.outlet or f"doc:{rec.doc_id}"
    if cluster not in outlets:
        outlets[cluster] = outlet
    elif outlets[cluster] != outlet:
        outlets[cluster] = None
