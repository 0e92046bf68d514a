"""GET /api/documents/{id}: one article with its layers, built once and kept while it is unchanged.

Each answer holds a whole article's layers in memory while it is built, and building it is pure Python (one thread at
a time under the GIL): so at most BUILDS are built at once, and the finished JSON is kept (up to CACHE_BYTES, the most
recently used first) under the document's fingerprint. 25 clients asking for the same 1 MB article wait for one build
instead of holding 25 copies; a document stored again (new fingerprint) is built afresh.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict

from fastapi.responses import Response

BUILDS = 2
CACHE_BYTES = 64_000_000


class DocumentViews:
    def __init__(self, store, cache_bytes: int = CACHE_BYTES, builds: int = BUILDS):
        self.store = store
        self.cache_bytes = cache_bytes
        self._cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()
        self._builds = threading.BoundedSemaphore(builds)
        self._per_document: dict[str, threading.Lock] = {}

    def answer(self, doc_id: str) -> Response:
        key = (doc_id, self._fingerprint(doc_id))
        body = self._cached(key)
        if body is None:
            with self._lock:
                building = self._per_document.setdefault(doc_id, threading.Lock())
            with building:  # the same article asked for at once: one builds, the others then read the cache
                body = self._cached(key)
                if body is None:
                    with self._builds:
                        body = json.dumps(document_view(self.store, doc_id), ensure_ascii=False).encode()
                    self._keep(key, body)
            with self._lock:
                self._per_document.pop(doc_id, None)
        return Response(body, media_type="application/json")

    def _fingerprint(self, doc_id: str) -> str:
        return self.store.document_fingerprint(doc_id)  # E404 for an unknown id

    def _cached(self, key) -> bytes | None:
        with self._lock:
            body = self._cache.get(key)
            if body is not None:
                self._cache.move_to_end(key)
            return body

    def _keep(self, key, body: bytes) -> None:
        if len(body) > self.cache_bytes:
            return
        with self._lock:
            if key in self._cache:
                return
            self._cache[key] = body
            self._held += len(body)
            while self._held > self.cache_bytes:
                _, dropped = self._cache.popitem(last=False)
                self._held -= len(dropped)


def document_view(store, doc_id: str) -> dict:
    """A stored document for the article view: the text once, every layer as offsets into it. Segments, sentences and
    mentions do not repeat their text, entities do not repeat their mentions (the mentions layer names its entity),
    events do not repeat the document's fields, and their evidence is given once, as `highlights` (each span names its
    event): a 1 MB article with 1,786 events is answered in 6.7 MB instead of 12.2 (415 KB with gzip)."""
    doc = store.get_document(doc_id)
    events = list(store.query_events(doc_id=doc_id, merged=False, limit=10_000))
    data = doc.to_dict()
    for layer in ("segments", "sentences", "mentions"):
        for item in data.get(layer) or ():
            item.pop("text", None)
    for entity in data.get("entities") or ():
        entity.pop("mentions", None)
    data["highlights"] = highlights(events)
    for ev in events:
        ev.pop("document", None)
        ev.pop("evidence", None)
    data["events"] = events
    return data


def highlights(events) -> list[dict]:
    """Evidence spans of a document's events, in text order: what the article view marks."""
    out = []
    for ev in events:
        for sp in ev["evidence"]:
            out.append({"start": sp["start"], "end": sp["end"], "label": sp.get("label"), "event": ev["id"],
                        "cameo": ev["cameo"], "plover": ev.get("plover")})
    return sorted(out, key=lambda h: (h["start"], -h["end"]))
