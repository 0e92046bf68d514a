"""The same real-world event reported by several articles → one cluster listing all its sources.

Two event records belong to the same cluster when they have
- the same type: the same CAMEO root (first two digits), and the same PLOVER type when both have one;
- the same participants: the set of knowledge-base ids of their actors and recipients (direction ignored, since one
  outlet writes "A met B" and another "B received A");
- the same place when both name one;
- dates within `window_days` of the cluster's earliest date;
- and come from different documents (events of one document were already merged by the events stage).

The pass is deterministic: records are sorted by (date, event id) and each joins the first compatible open cluster, so
the result never depends on input order, and re-running it gives the same clusters. A cluster's id is derived from its
earliest member event, so it survives when later reports join it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Iterator

WINDOW_DAYS = 2


@dataclass(frozen=True, slots=True)
class EventRecord:
    """What cross-article merging needs of one event."""

    event_id: str
    doc_id: str
    cameo: str
    participants: frozenset[str]  # kb ids (or stable names) of actors and recipients
    date: str | None = None  # ISO date of the event (the article's date when the text gives none)
    place: str | None = None  # kb id of the location
    plover: str | None = None
    outlet: str | None = None  # the outlet that published the article (for NumSources)


@dataclass(slots=True)
class _Open:
    start: date
    cameo_root: str
    plover: str | None
    participants: frozenset[str]
    place: str | None
    first_event: str
    docs: set[str] = field(default_factory=set)


def cluster_id_for(first_event_id: str) -> str:
    return "c" + hashlib.sha256(first_event_id.encode("utf-8")).hexdigest()[:15]


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _compatible(cluster: _Open, rec: EventRecord, day: date, window_days: int) -> bool:
    return ((day - cluster.start).days <= window_days
            and rec.doc_id not in cluster.docs
            and (cluster.plover is None or rec.plover is None or cluster.plover == rec.plover)
            and (cluster.place is None or rec.place is None or cluster.place == rec.place))


def event_order(rec: EventRecord) -> tuple:
    """The order `stream_event_clusters` takes events in: by day (undated first), then id."""
    day = _day(rec.date)
    return (day or date.min, rec.event_id)


def merge_events(records: Iterable[EventRecord], window_days: int = WINDOW_DAYS) -> dict[str, str]:
    """Map every event id to its cluster id (an event alone is a cluster of one). Any input order."""
    ordered = sorted(records, key=event_order)
    return {rec.event_id: cid for rec, cid in stream_event_clusters(ordered, window_days)}


def stream_event_clusters(records: Iterable[EventRecord], window_days: int = WINDOW_DAYS,
                          reopened: list[_Open] | None = None) -> Iterator[tuple[EventRecord, str]]:
    """Yield (record, cluster id) for records sorted by `event_order`; only the clusters still open (started within
    the window) are kept, so memory does not grow with the corpus. `reopened`: the clusters an earlier pass left
    open where this one starts (`reopen_clusters`), for an incremental merge."""
    open_clusters: dict[tuple[str, frozenset[str]], list[_Open]] = {}
    for cluster in reopened or ():
        open_clusters.setdefault((cluster.cameo_root, cluster.participants), []).append(cluster)
    today: date | None = None
    last: tuple | None = None
    for rec in records:
        day = _day(rec.date)
        if day is None or not rec.participants:
            # without a date or a participant there is nothing to match on safely: the event stays alone
            yield rec, cluster_id_for(rec.event_id)
            continue
        order = (day, rec.event_id)
        if last is not None and order < last:
            raise ValueError(f"events must come sorted by (date, id): {order} after {last}")
        last = order
        if day != today:  # a new day: forget the clusters that can take no more members
            today = day
            open_clusters = {key: kept for key, clusters in open_clusters.items()
                             if (kept := [c for c in clusters if (day - c.start).days <= window_days])}
        group = open_clusters.setdefault((rec.cameo[:2], rec.participants), [])
        target = next((c for c in group if _compatible(c, rec, day, window_days)), None)
        if target is None:
            target = _Open(day, rec.cameo[:2], rec.plover, rec.participants, rec.place, rec.event_id)
            group.append(target)
        target.docs.add(rec.doc_id)
        target.plover = target.plover or rec.plover
        target.place = target.place or rec.place
        yield rec, cluster_id_for(target.first_event)


def reopen_clusters(history: Iterable[EventRecord], assignment: dict[str, str]) -> list[_Open]:
    """The clusters open at the start of an incremental pass, rebuilt from the events of the `window_days` days
    before it (`history`, sorted by `event_order`) and the clusters an earlier pass gave them (`assignment`).

    A cluster is rebuilt only if its first event is in `history`; one that started earlier can take no more members.
    Rebuilt in the order their first events come, as the full pass created them, so the same one is chosen first."""
    clusters: dict[str, _Open] = {}
    for rec in history:
        day, cid = _day(rec.date), assignment.get(rec.event_id)
        if day is None or not rec.participants or cid is None:
            continue
        if cid not in clusters and cid == cluster_id_for(rec.event_id):
            clusters[cid] = _Open(day, rec.cameo[:2], rec.plover, rec.participants, rec.place, rec.event_id)
        target = clusters.get(cid)
        if target is not None:
            target.docs.add(rec.doc_id)
            target.plover = target.plover or rec.plover
            target.place = target.place or rec.place
    return list(clusters.values())


@dataclass(slots=True)
class ClusterSummary:
    id: str
    events: list[str]
    articles: list[str]  # document ids
    sources: list[str]  # distinct outlets

    @property
    def num_articles(self) -> int:  # GDELT's NumArticles
        return len(self.articles)

    @property
    def num_sources(self) -> int:  # GDELT's NumSources
        return len(self.sources)

    def to_dict(self) -> dict:
        return {"id": self.id, "events": self.events, "articles": self.articles, "sources": self.sources,
                "num_articles": self.num_articles, "num_sources": self.num_sources}


def summarize_clusters(records: Iterable[EventRecord], assignment: dict[str, str]) -> dict[str, ClusterSummary]:
    """Each cluster's members, articles and distinct outlets (an article without a known outlet counts as its own)."""
    out: dict[str, ClusterSummary] = {}
    for rec in sorted(records, key=lambda r: r.event_id):
        cid = assignment[rec.event_id]
        summary = out.setdefault(cid, ClusterSummary(cid, [], [], []))
        summary.events.append(rec.event_id)
        if rec.doc_id not in summary.articles:
            summary.articles.append(rec.doc_id)
        outlet = rec.outlet or f"doc:{rec.doc_id}"
        if outlet not in summary.sources:
            summary.sources.append(outlet)
    return out
