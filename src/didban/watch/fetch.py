"""Polite HTTP: conditional GET, robots.txt, per-host limits, timeouts, a size cap, redirects checked hop by hop,
retries with backoff. Built on httpx (the `watch` extra); every failure is a `DidbanError` naming the URL:

- E602 the server answered 4xx/5xx (5xx and 429 are retried first), E603 timeout or connection failure (retried),
- E605 more than `watch_max_page_bytes` (counted after decompression, so a small gzip bomb is refused too),
- E606 a redirect loop or more than `watch_max_redirects` hops, E607 robots.txt disallows the URL, E608 not http(s).

robots.txt follows RFC 9309: a missing one (4xx) allows everything, an unreachable one (5xx, timeout) disallows the
host for now; it is cached per host for an hour and its Crawl-delay lengthens the interval between requests.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from didban.errors import Codes, DidbanError
from didban.options import Options

ROBOTS_TTL = 3600.0  # seconds a host's robots.txt is trusted
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


def require_watch_extra():
    """httpx and feedparser, or E206 naming the pip install."""
    try:
        import feedparser  # noqa: F401
        import httpx
    except ModuleNotFoundError as exc:
        raise DidbanError(Codes.E206, f"'didban watch' needs {exc.name}, which is not installed",
                          hint="pip install 'didban[watch]'") from None
    return httpx


@dataclass(slots=True)
class Response:
    url: str  # after redirects
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class _Host:
    """One host's share: at most `per_host` requests in flight, their starts at least `interval` seconds apart."""

    def __init__(self, per_host: int, interval: float):
        self.slots = threading.Semaphore(per_host)
        self.lock = threading.Lock()
        self.interval = interval
        self.next_start = 0.0


class Fetcher:
    def __init__(self, options: Options, *, sleep=time.sleep, clock=time.monotonic):
        httpx = require_watch_extra()
        self.httpx = httpx
        self.options = options
        self.sleep, self.clock = sleep, clock
        self.client = httpx.Client(
            timeout=httpx.Timeout(options.watch_timeout), follow_redirects=False,
            headers={"User-Agent": options.watch_user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=max(options.watch_concurrency, options.watch_per_host) + 2))
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, tuple[float, RobotFileParser | bool]] = {}
        self._lock = threading.Lock()
        self.requests = 0  # sent, for reports and tests

    def close(self) -> None:
        self.client.close()

    # --- the public door ---------------------------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            max_bytes: int | None = None, robots: bool = True) -> Response:
        """GET `url`, following redirects (each hop checked against robots.txt); a 304 is returned as such."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = [url]
        while True:
            _check_scheme(url)
            if robots and not self.allowed(url):
                raise DidbanError(Codes.E607, path=url)
            response = self._get_retrying(url, headers, max_bytes or self.options.watch_max_page_bytes)
            if response.status in REDIRECTS and response.headers.get("location"):
                url = urljoin(url, response.headers["location"])
                if url in seen:
                    raise DidbanError(Codes.E606, "the redirects come back to " + url, path=seen[0])
                seen.append(url)
                if len(seen) > self.options.watch_max_redirects + 1:
                    raise DidbanError(Codes.E606, f"more than {self.options.watch_max_redirects} redirects",
                                      path=seen[0])
                continue
            if response.status >= 400:
                error = DidbanError(Codes.E602, f"HTTP {response.status}", path=seen[0])
                error.status = response.status  # what the robots.txt rules and the retry policy look at
                raise error
            return response

    # --- robots.txt --------------------------------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        rules = self._robots_for(_origin(url))
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(self.options.watch_user_agent, url)

    def _robots_for(self, origin: str) -> RobotFileParser | bool:
        now = self.clock()
        with self._lock:
            cached = self._robots.get(origin)
        if cached is not None and now - cached[0] < ROBOTS_TTL:
            return cached[1]
        rules = self._fetch_robots(origin)
        with self._lock:
            self._robots[origin] = (now, rules)
        return rules

    def _fetch_robots(self, origin: str) -> RobotFileParser | bool:
        try:
            response = self.get(origin + "/robots.txt", robots=False, max_bytes=ROBOTS_MAX_BYTES)
        except DidbanError as exc:
            status = _status_of(exc)
            # RFC 9309: "unavailable" (4xx) allows everything; "unreachable" (5xx, network) disallows for now
            return status is not None and 400 <= status < 500
        rules = RobotFileParser(origin + "/robots.txt")
        rules.parse(response.body.decode("utf-8", errors="replace").splitlines())
        delay = rules.crawl_delay(self.options.watch_user_agent)
        if delay:
            host = self._host(urlsplit(origin).netloc)
            host.interval = max(host.interval, min(float(delay), 60.0))
        return rules

    # --- one request, retried --------------------------------------------------------------------------------------

    def _host(self, netloc: str) -> _Host:
        with self._lock:
            if netloc not in self._hosts:
                self._hosts[netloc] = _Host(self.options.watch_per_host, self.options.watch_host_interval)
            return self._hosts[netloc]

    def _get_retrying(self, url: str, headers: dict, max_bytes: int) -> Response:
        retries = int(self.options.watch_retries)
        for attempt in range(retries + 1):
            last = attempt == retries
            try:
                response = self._get_once(url, headers, max_bytes)
            except DidbanError as exc:
                if exc.code is not Codes.E603 or last:
                    raise
                self.sleep(self._backoff(attempt))
                continue
            if response.status in RETRY_STATUSES and not last:
                self.sleep(self._backoff(attempt, response.headers.get("retry-after")))
                continue
            return response
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int, retry_after: str | None = None) -> float:
        wait = self.options.watch_backoff * (2 ** attempt)
        if retry_after and retry_after.strip().isdigit():  # the server's own wish, within reason
            wait = max(wait, min(float(retry_after), 60.0))
        return wait

    def _get_once(self, url: str, headers: dict, max_bytes: int) -> Response:
        host = self._host(urlsplit(url).netloc)
        with host.slots:
            self._wait_turn(host)
            self.requests += 1
            try:
                return self._stream(url, headers, max_bytes)
            except self.httpx.TimeoutException:
                raise DidbanError(Codes.E603, f"no answer within {self.options.watch_timeout:g} s", path=url) from None
            except self.httpx.HTTPError as exc:  # connection refused or reset, a broken response
                raise DidbanError(Codes.E603, f"{type(exc).__name__}: {exc}", path=url) from None

    def _wait_turn(self, host: _Host) -> None:
        with host.lock:
            now = self.clock()
            start = max(now, host.next_start)
            host.next_start = start + host.interval
        if start > now:
            self.sleep(start - now)

    def _stream(self, url: str, headers: dict, max_bytes: int) -> Response:
        deadline = self.clock() + 3 * self.options.watch_timeout  # a server trickling bytes forever is a timeout too
        with self.client.stream("GET", url, headers=headers) as r:
            found = {k.lower(): v for k, v in r.headers.items()}
            declared = found.get("content-length", "")
            if r.status_code == 200 and declared.isdigit() and int(declared) > max_bytes:
                raise DidbanError(Codes.E605, f"{declared} bytes; the limit is {max_bytes}", path=url)
            body = bytearray()
            if r.status_code == 200:
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise DidbanError(Codes.E605, f"more than {max_bytes} bytes", path=url)
                    if self.clock() > deadline:
                        raise DidbanError(Codes.E603, "the body took too long to arrive", path=url)
            return Response(str(r.url), r.status_code, bytes(body), found)


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise DidbanError(Codes.E608, repr(url), path=url)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _status_of(error: DidbanError) -> int | None:
    """The HTTP status of an E602 failure, else None."""
    return getattr(error, "status", None)
