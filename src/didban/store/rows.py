"""A `Document` to table rows and back. Pure functions: no database here.

Everything a stage produced is kept except tokens and the normalized copy (both cheap to recompute, and large), so
`rows_to_document(document_to_rows(doc))` gives back a document whose `to_dict()` equals the original's.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from didban.document import Attribution, Document, Entity, Event, Mention, Segment, Sentence, Span
from didban.store.fold import fold_name
from didban.text.keys import name_key

LAYERS = ("segments", "sentences", "attribution", "mentions", "entities", "events")


_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # one encoder: json.dumps makes one a call


def dumps(value) -> str:
    return _ENCODE(value)


def _span(span: Span | None):
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text, "label": span.label}


def _to_span(data) -> Span | None:
    return None if data is None else Span(data["start"], data["end"], data["text"], data.get("label"))


def entity_key(entity: Entity) -> str:
    """Who an entity is across documents: its knowledge-base id, else its type and folded name."""
    return f"kb:{entity.kb_id}" if entity.kb_id else f"{entity.type}:{fold_name(entity.name)}"


def document_to_rows(doc: Document) -> dict[str, list[dict]]:
    """Rows per table name. The `documents` row has no fingerprint or timestamps yet (see `fingerprint`)."""
    present = [layer for layer in LAYERS if getattr(doc, layer) is not None]
    published_day = (doc.published or "")[:10] or None
    rows: dict[str, list[dict]] = {
        "documents": [{
            "id": doc.id, "text": doc.text, "source": doc.source, "url": doc.url, "title": doc.title,
            "outlet": doc.outlet, "published": doc.published, "published_reason": doc.published_reason,
            "meta": dumps(doc.meta or {}),
            "attribution": None if doc.attribution is None else dumps([asdict(a) for a in doc.attribution]),
            "layers": dumps(present),
        }],
        "segments": [{"doc_id": doc.id, "idx": i, "kind": s.kind, "start_char": s.start, "end_char": s.end,
                      "boilerplate": s.boilerplate, "reason": s.reason} for i, s in enumerate(doc.segments or [])],
        "sentences": [{"doc_id": doc.id, "idx": i, "start_char": s.start, "end_char": s.end, "segment": s.segment,
                       "boilerplate": s.boilerplate, "token_start": s.token_start, "token_end": s.token_end}
                      for i, s in enumerate(doc.sentences or [])],
        "mentions": [{"doc_id": doc.id, "idx": i, "start_char": m.start, "end_char": m.end, "text": m.text,
                      "type": m.type, "sentence": m.sentence, "source": m.source, "kb_id": m.kb_id,
                      "entity_id": m.entity, "reason": m.reason, "candidates": dumps(m.candidates),
                      "info": dumps(m.stored_info())} for i, m in enumerate(doc.mentions or [])],
        "entities": [], "entity_names": [], "events": [], "participants": [], "evidence": [],
    }
    for i, e in enumerate(doc.entities or []):
        rows["entities"].append({
            "doc_id": doc.id, "id": e.id, "idx": i, "entity_key": entity_key(e), "type": e.type, "name": e.name,
            "name_en": e.name_en, "country": e.country, "kb_id": e.kb_id, "sector": e.sector,
            "aliases": dumps(e.aliases), "spans": dumps([_span(s) for s in e.mentions]), "roles": dumps(e.roles),
            "latitude": e.latitude, "longitude": e.longitude, "assumed": e.assumed})
        keys = {fold_name(n) for n in [e.name, e.name_en, *e.aliases] if n} | ({e.kb_id.casefold()} if e.kb_id else set())
        rows["entity_names"] += [{"doc_id": doc.id, "entity_id": e.id, "name_key": k} for k in sorted(keys) if k]
    for i, ev in enumerate(doc.events or []):
        rows["events"].append({
            "doc_id": doc.id, "id": ev.id, "idx": i, "cameo": ev.cameo, "plover": ev.plover, "mode": ev.mode,
            "quad_class": ev.quad_class, "intensity": ev.intensity, "location_id": ev.location,
            "occasion": None if ev.occasion is None else dumps(_span(ev.occasion)),
            "event_date": ev.date, "date_reason": ev.date_reason, "day": (ev.date or "")[:10] or published_day,
            "topics": dumps([_span(t) for t in ev.topics]), "confidence": ev.confidence,
            "sentences": dumps(ev.sentences), "summary": ev.summary})
        for role, ids in (("actor", ev.actors), ("recipient", ev.recipients),
                          ("location", [ev.location] if ev.location else [])):
            rows["participants"] += [{"doc_id": doc.id, "event_id": ev.id, "role": role, "position": p,
                                      "entity_id": ent} for p, ent in enumerate(ids)]
        rows["evidence"] += [{"doc_id": doc.id, "event_id": ev.id, "idx": j, "start_char": s.start,
                              "end_char": s.end, "text": s.text, "label": s.label} for j, s in enumerate(ev.evidence)]
    return rows


def fingerprint(rows: dict[str, list[dict]]) -> str:
    """A hash of everything stored for a document except where it was read from (the same text read from two paths
    is the same document: the first source is kept)."""
    doc_row = {k: v for k, v in rows["documents"][0].items() if k != "source"}
    payload = dumps({**rows, "documents": [doc_row]})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def filter_rows(rows: dict[str, list[dict]]) -> list[tuple]:
    """The document's rows of `event_filters` (kind, value, day, doc_id, idx, event_id), sorted: what the store's
    triggers on `participants` derive from the stored rows (schema `_FILTER_ROWS`), built here from the same rows, so
    that a batch writer inserts them in one statement instead of a trigger joining four tables for every participant.
    Kind 'a'/'p': each name key of an actor or recipient / of the location; 'c': the country of any participant."""
    if not rows["participants"]:
        return []
    events = {r["id"]: (r["day"] or "", r["idx"]) for r in rows["events"]}
    names: dict[str, list[str]] = {}
    for r in rows["entity_names"]:
        names.setdefault(r["entity_id"], []).append(r["name_key"])
    countries = {r["id"]: r["country"] for r in rows["entities"] if r["country"] is not None}
    out = set()
    for p in rows["participants"]:
        event = events.get(p["event_id"])
        if event is None:
            continue
        day, idx = event
        doc_id, event_id, entity = p["doc_id"], p["event_id"], p["entity_id"]
        if p["role"] in ("actor", "recipient", "location"):
            kind = "p" if p["role"] == "location" else "a"
            out.update((kind, key, day, doc_id, idx, event_id) for key in names.get(entity, ()))
        country = countries.get(entity)
        if country is not None:
            out.add(("c", country, day, doc_id, idx, event_id))
    return sorted(out)


@dataclass(slots=True)
class PreparedDocument:
    """A processed document as the store writes it: its rows, their fingerprint and its folded search text.

    Built where the document was processed (a worker process), so that the writing process only executes inserts:
    it is the part of storing that every worker can do in parallel."""

    id: str
    source: str | None
    events: int  # how many events the document has (for the summary)
    rows: dict[str, list[dict]]
    digest: str
    search_body: str  # folded title and text, for full-text search
    filters: list[tuple] = field(default_factory=list)  # its rows of event_filters (`filter_rows`)
    # its text's MinHash signature for the merge, when the worker computed it (`didban.engines.worker.finish`)
    signature: bytes | None = None


def prepare_document(doc: Document) -> PreparedDocument:
    rows = document_to_rows(doc)
    return PreparedDocument(doc.id, doc.source, len(doc.events or []), rows, fingerprint(rows),
                            name_key(f"{doc.title or ''}\n{doc.text}"), filter_rows(rows))


def rows_to_document(doc_row: dict, children: dict[str, list[dict]]) -> Document:
    """Rebuild a `Document` from its `documents` row and child rows (each list in `idx` order)."""
    layers = set(json.loads(doc_row["layers"]))
    doc = Document(text=doc_row["text"], id=doc_row["id"], source=doc_row["source"], url=doc_row["url"],
                   title=doc_row["title"], outlet=doc_row["outlet"], published=doc_row["published"],
                   published_reason=doc_row["published_reason"], meta=json.loads(doc_row["meta"] or "{}"))
    if "attribution" in layers:
        doc.attribution = [Attribution(**a) for a in json.loads(doc_row["attribution"] or "[]")]
    if "segments" in layers:
        doc.segments = [Segment(r["kind"], r["start_char"], r["end_char"], bool(r["boilerplate"]), r["reason"])
                        for r in children["segments"]]
    if "sentences" in layers:
        doc.sentences = [Sentence(r["start_char"], r["end_char"], r["segment"], bool(r["boilerplate"]),
                                  r["token_start"], r["token_end"]) for r in children["sentences"]]
    if "mentions" in layers:
        # (`info` holds the typed hand-off fields too, in the shape of this version or of an older one)
        doc.mentions = [Mention(r["start_char"], r["end_char"], r["text"], r["type"], r["sentence"], r["source"],
                                r["kb_id"], r["entity_id"], r["reason"], json.loads(r["candidates"])
                                ).set_stored_info(json.loads(r["info"])) for r in children["mentions"]]
    if "entities" in layers:
        doc.entities = [Entity(r["id"], r["type"], r["name"], r["name_en"], r["country"], r["kb_id"], r["sector"],
                               json.loads(r["aliases"]), [_to_span(s) for s in json.loads(r["spans"])],
                               json.loads(r["roles"]), r["latitude"], r["longitude"], bool(r["assumed"]))
                        for r in children["entities"]]
    if "events" in layers:
        roles: dict[tuple[str, str], list[str]] = {}
        for p in sorted(children["participants"], key=lambda p: p["position"]):
            roles.setdefault((p["event_id"], p["role"]), []).append(p["entity_id"])
        spans: dict[str, list[Span]] = {}
        for r in children["evidence"]:
            spans.setdefault(r["event_id"], []).append(Span(r["start_char"], r["end_char"], r["text"], r["label"]))
        doc.events = []
        for r in children["events"]:
            location = roles.get((r["id"], "location"))
            doc.events.append(Event(
                r["id"], r["cameo"], r["plover"], r["mode"], r["quad_class"], r["intensity"],
                roles.get((r["id"], "actor"), []), roles.get((r["id"], "recipient"), []),
                location[0] if location else None,
                _to_span(json.loads(r["occasion"])) if r["occasion"] else None,
                r["event_date"], r["date_reason"], [_to_span(t) for t in json.loads(r["topics"])],
                r["confidence"], spans.get(r["id"], []), json.loads(r["sentences"]), r["summary"]))
    return doc
