"""Cross-document merging: near-duplicate articles, and the same event reported by several articles.

The algorithms are pure functions over plain records (`find_near_duplicates`, `merge_events`), testable without a
database, with streaming forms over date-ordered records that keep only a window in memory; `run_merge(store)` streams
the stored articles and events through them and writes the links and clusters back. Re-running it on the same store
gives the same answer.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlparse

from didban.document import Document, Event
from didban.merge.duplicates import ArticleRecord, find_near_duplicates, shingles, stream_near_duplicates
from didban.merge.events import (WINDOW_DAYS, ClusterSummary, EventRecord, cluster_id_for, event_order, merge_events,
                                 stream_event_clusters, summarize_clusters)

__all__ = ["ArticleRecord", "ClusterSummary", "EventRecord", "MergeChanges", "MergeResult", "article_record",
           "cluster_id_for", "event_key", "event_records", "find_near_duplicates", "merge_events", "merge_inputs",
           "outlet_of", "participant_key", "run_merge", "run_merge_since", "shingles", "stream_event_clusters",
           "stream_near_duplicates", "summarize_clusters"]


def __getattr__(name: str):
    # the incremental merge (didban.merge.incremental) imports this module: named here, loaded when first asked for
    if name in ("MergeChanges", "run_merge_since"):
        from didban.merge import incremental

        return getattr(incremental, name)
    raise AttributeError(name)


@dataclass(slots=True)
class MergeResult:
    duplicates: int  # documents linked to an earlier near-identical one
    clusters: int  # event clusters (an event alone counts as one)
    events: int
    multi_source_clusters: int  # clusters reported by two outlets or more


def event_key(doc: Document, event: Event) -> str:
    """The corpus-wide id of an event: its own id, which the events stage makes unique across documents (the store
    keys clusters by it)."""
    return event.id


def outlet_of(doc: Document) -> str | None:
    """The outlet that published the article: its own field, else the first outlet of the attribution, else the site."""
    return outlet_from(doc.outlet, [(a.kind, a.name) for a in doc.attribution or []], doc.url)


def outlet_from(outlet: str | None, attribution: list[tuple[str, str]], url: str | None) -> str | None:
    if outlet:
        return outlet
    for kind, name in attribution:
        if kind == "outlet":
            return name
    if url:
        host = urlparse(url).hostname
        if host:
            return host.removeprefix("www.")
    return None


def participant_key(kb_id: str | None, type_: str, name: str) -> str:
    """Who an entity is across articles: its knowledge-base id, else its type and folded name."""
    return f"kb:{kb_id}" if kb_id else f"name:{type_}:{' '.join(sorted(shingles(name, k=1)))}"


def article_record(doc: Document) -> ArticleRecord:
    # the original text, as the store keeps it: shingling folds letter variants itself, so both paths agree
    return ArticleRecord(doc.id, doc.text, doc.published)


def event_records(doc: Document) -> list[EventRecord]:
    """One record per event of the document, its participants and place named by knowledge-base id where known."""
    keys = {e.id: participant_key(e.kb_id, e.type, e.name) for e in doc.entities or []}
    rows = [(event_key(doc, ev), ev.cameo, ev.plover, ev.date, ev.location,
             [*ev.actors, *ev.recipients]) for ev in doc.events or []]
    return build_event_records(doc.id, doc.published, outlet_of(doc), keys, rows)


def build_event_records(doc_id: str, published: str | None, outlet: str | None, keys: dict[str, str],
                        rows) -> list[EventRecord]:
    """Records from plain values: `keys` maps the document's entity ids to participant keys; each row is
    (event id, cameo, plover, date, location entity id, participant entity ids)."""

    def stable(entity_id: str | None) -> str | None:
        if entity_id is None:
            return None
        # an entity id the document does not define matches nothing elsewhere
        return keys.get(entity_id) or f"doc:{doc_id}:{entity_id}"

    return [EventRecord(event_id, doc_id, cameo, frozenset(filter(None, map(stable, people))), date or published,
                        stable(location), plover, outlet)
            for event_id, cameo, plover, date, location, people in rows]


def merge_inputs(store) -> tuple[Iterator[ArticleRecord], Iterator[EventRecord]]:
    """What merging needs of every stored document, each stream in the order the merge takes it: the articles by
    (published, id), the events by (day, id). A didban store streams them (`iter_article_rows`, `iter_event_rows`);
    any other store (one with `iter_documents()` only, e.g. in tests) is read whole and sorted in memory."""
    if hasattr(store, "iter_article_rows") and hasattr(store, "iter_event_rows"):
        from didban.merge.store_records import stored_articles, stored_event_records

        return stored_articles(store), stored_event_records(store)
    articles: list[ArticleRecord] = []
    events: list[EventRecord] = []
    for doc in store.iter_documents():
        articles.append(article_record(doc))
        events.extend(event_records(doc))
    articles.sort(key=lambda a: (a.published or "", a.id))
    events.sort(key=event_order)
    return iter(articles), iter(events)


def run_merge(store, *, window_days: int = WINDOW_DAYS, threshold: float | None = None) -> MergeResult:
    """Link near-duplicate stored articles and cluster the same event across them; write both to the store.

    Re-runnable: links that no longer hold are cleared, and the clusters are replaced as a whole.
    """
    articles, events = merge_inputs(store)
    links = dict(stream_near_duplicates(articles, **({"threshold": threshold} if threshold is not None else {})))
    previous = store.duplicates() if hasattr(store, "duplicates") else {}
    for doc_id in sorted(set(previous) - set(links)):
        store.set_duplicate(doc_id, None)
    for doc_id, of_doc_id in sorted(links.items()):
        if previous.get(doc_id) != of_doc_id:
            store.set_duplicate(doc_id, of_doc_id)
    assignment: dict[str, str] = {}
    outlets: dict[str, str | None] = {}  # cluster -> its one outlet so far, or None once it has two or more
    for rec, cluster in stream_event_clusters(events, window_days):
        assignment[rec.event_id] = cluster
        outlet = rec.outlet or f"doc:{rec.doc_id}"
        if cluster not in outlets:
            outlets[cluster] = outlet
        elif outlets[cluster] != outlet:
            outlets[cluster] = None
    store.replace_clusters(assignment)
    multi = sum(1 for outlet in outlets.values() if outlet is None)
    return MergeResult(len(links), len(outlets), len(assignment), multi)
