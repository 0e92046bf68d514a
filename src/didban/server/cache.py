"""Answers kept until the store changes, and HTTP validation (ETag, If-None-Match → 304) on the read endpoints.

The read endpoints are functions of the query and the store's contents, so an answer stays right until the store
changes. `ResponseCache` keeps recent answers (the uncompressed body and its headers) keyed by path and query string,
each tagged with the store's write generation (`didban.store.generation`) read *before* the answer was computed; an
answer is served again only while the generation is still that one.

Every cached answer carries a weak ETag, the hash of its body (not of the generation: equal across worker processes
and restarts, never equal for different bodies), and `Cache-Control: no-cache` (a browser may keep it but must ask
again); a request whose If-None-Match names the current body's tag gets 304 without a body. Only 200 answers sent in
one piece are kept (errors and streamed downloads pass through untouched); the bodies kept are bounded in bytes.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict

from didban.store.generation import Generation

# GET endpoints whose answer depends only on the request and the store (not on the clock, files or the knowledge base)
CACHED_PATHS = ("/api/events", "/api/documents", "/api/entities", "/api/search", "/api/network", "/api/timeline",
                "/api/stats", "/api/aggregate", "/api/facets", "/api/undated", "/api/labels")
MAX_BYTES = 64 * 1024 * 1024  # bodies kept per server process
MAX_ENTRY = 4 * 1024 * 1024  # a larger answer is not kept


def cacheable(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in CACHED_PATHS)


def etag_of(body: bytes) -> bytes:
    return b'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def _matches(if_none_match: bytes | None, etag: bytes) -> bool:
    """If-None-Match's weak comparison: '*' or any listed tag equal to ours, W/ or not."""
    if not if_none_match:
        return False
    bare = etag[2:]
    for tag in if_none_match.split(b","):
        tag = tag.strip()
        if tag == b"*" or tag == etag or tag == bare or tag.removeprefix(b"W/") == bare:
            return True
    return False


class ResponseCache:
    """ASGI middleware: see the module's description. `generation`: a Generation (None or disabled: validation only,
    every answer computed)."""

    def __init__(self, app, generation: Generation | None = None, max_bytes: int = MAX_BYTES,
                 max_entry: int = MAX_ENTRY):
        self.app = app
        self.generation = generation if generation is not None and generation.enabled else None
        self.max_bytes = max_bytes if self.generation is not None else 0
        self.max_entry = max_entry
        self.entries: OrderedDict = OrderedDict()  # key → (generation, status, headers, body, etag)
        self.size = 0
        self.hits = self.misses = 0

    async def _current(self):
        if self.generation is None:
            return None
        if self.generation.blocking:
            import anyio.to_thread

            return await anyio.to_thread.run_sync(self.generation.current)
        return self.generation.current()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or not cacheable(scope["path"]):
            return await self.app(scope, receive, send)
        if_none_match = next((v for k, v in scope["headers"] if k == b"if-none-match"), None)
        key = (scope["path"], scope.get("query_string", b""))
        generation = await self._current()
        entry = self.entries.get(key) if generation is not None else None
        if entry is not None and entry[0] == generation:
            self.entries.move_to_end(key)
            self.hits += 1
            _, status, headers, body, etag = entry
            return await _answer(send, status, headers, body, etag, _matches(if_none_match, etag))
        self.misses += 1
        held = {}

        async def keep(message):
            if message["type"] == "http.response.start":
                held["start"] = message  # sent with the body: the ETag is the body's hash
                return
            if "start" not in held:  # already passed on
                return await send(message)
            start = held.pop("start")
            body = message.get("body", b"")
            if message["type"] != "http.response.body" or message.get("more_body") or start["status"] != 200:
                await send(start)  # streamed, or not a success: as it came
                return await send(message)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"etag", b"cache-control")]
            etag = etag_of(body)
            if generation is not None and len(body) <= self.max_entry:
                self._keep(key, (generation, 200, headers, body, etag))
            await _answer(send, 200, headers, body, etag, _matches(if_none_match, etag))

        await self.app(scope, receive, keep)
        if "start" in held:  # a start without a body (not expected from these endpoints)
            await send(held["start"])

    def _keep(self, key, entry) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= _weight(key, old)
        self.entries[key] = entry
        self.size += _weight(key, entry)
        while self.size > self.max_bytes and self.entries:
            dropped_key, dropped = self.entries.popitem(last=False)
            self.size -= _weight(dropped_key, dropped)


def _weight(key, entry) -> int:
    """Bytes an entry holds: its body, its key and about 1 KB of headers and bookkeeping (many tiny answers count)."""
    return len(entry[3]) + len(key[0]) + len(key[1]) + 1024


async def _answer(send, status: int, headers: list, body: bytes, etag: bytes, not_modified: bool) -> None:
    extra = [(b"etag", etag), (b"cache-control", b"no-cache")]
    if not_modified:  # no body, and none of the body's own headers
        kept = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-type")]
        await send({"type": "http.response.start", "status": 304, "headers": [*kept, *extra]})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": status, "headers": [*headers, *extra]})
    await send({"type": "http.response.body", "body": body})
