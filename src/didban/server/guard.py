"""What every response goes through: the Host check (DNS rebinding), security headers, HEAD answered as GET without
a body, and the HTTP status of every error code.

A pure ASGI middleware (no response buffering: downloads still stream).
"""
from __future__ import annotations

import ipaddress
import json

from didban.errors import Codes, DidbanError

# every error code's HTTP status (a test checks that none is missing): the client's mistakes are 4xx, a store the
# server cannot use or a full queue 503, a bug 500
STATUS = {
    **{code.name: 400 for code in Codes if code.name.startswith(("E1", "E2"))},
    "E107": 413, "E113": 413, "E206": 501,
    "E301": 500, "E302": 404, "E303": 500,
    "E401": 503, "E402": 503, "E403": 503, "E404": 404, "E405": 503, "E406": 503, "E407": 503,
    "E501": 400, "E502": 401, "E503": 413, "E504": 500, "E505": 503, "E506": 400,
    "E601": 400, **{code.name: 502 for code in Codes if code.name.startswith("E6") and code.name != "E601"},
    "E701": 507, "E901": 500,
}

# the page loads only this server's files; no inline script or style exists in web/static (d3 sets styles through
# the CSSOM, which style-src does not restrict). /docs and /redoc set their own, looser policy (see docs.py).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = ((b"content-security-policy", CSP.encode()), (b"x-frame-options", b"DENY"),
                    (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"))


def status_for(code: str) -> int:
    return STATUS.get(code, 500)


def host_name(header: str) -> str:
    """The name in a Host header, without its port: 'example.org:80' → 'example.org', '[::1]:8000' → '::1'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def host_allowed(header: str | None, allowed: frozenset[str]) -> bool:
    """An IP address or localhost is always fine (a rebinding attack needs a name the attacker controls); any other
    name only when it was allowed (--allowed-host NAME; '*' allows every name)."""
    if header is None or "*" in allowed:
        return True
    name = host_name(header)
    if name in allowed or name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


class Guard:
    def __init__(self, app, allowed_hosts: list[str] | None = None):
        self.app = app
        # None: no Host check (an app used as a library or in tests); `didban serve` always passes its list
        self.allowed = None if allowed_hosts is None else frozenset(h.strip().lower() for h in allowed_hosts)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.allowed is not None:
            host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), None)
            if not host_allowed(host, self.allowed):
                return await _refuse(send, DidbanError(Codes.E506, f"{host_name(host)[:100]!r}"))
        head = scope["method"] == "HEAD"
        if head:  # answered as GET with the same headers and no body (FastAPI routes only GET)
            scope = {**scope, "method": "GET"}

        async def guarded_send(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, guarded_send)


async def _refuse(send, error: DidbanError) -> None:
    body = json.dumps(error.to_dict(), ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status_for(error.code.name),
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


# requests that run much Python per answer (a page of events with participants and evidence, counts, networks): at
# most HEAVY of them run at once, the others wait here, off the threads, so that light requests (/api/stats, the
# document list, the page's files) neither queue behind them for a thread nor share the interpreter with 8 of them
HEAVY = 3
HEAVY_PATHS = ("/api/events", "/api/search", "/api/network", "/api/timeline", "/api/aggregate", "/api/facets",
               "/api/actor", "/api/undated", "/api/entities", "/api/documents/")


class Lanes:
    def __init__(self, app, heavy: int = HEAVY):
        self.app = app
        self.heavy = heavy
        self._slots = self._loop = None  # made inside the event loop that serves (a test client may start another)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(HEAVY_PATHS):
            return await self.app(scope, receive, send)
        import asyncio

        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._slots, self._loop = asyncio.Semaphore(self.heavy), loop
        async with self._slots:
            await self.app(scope, receive, send)
