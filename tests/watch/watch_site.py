"""A news site on 127.0.0.1 for the watcher's tests: feeds, sitemaps and article pages built from the evaluation
articles (their text wrapped in HTML), changed between rounds by the tests. Nothing here touches the outside network.

`Site` answers conditional GETs like a real server (ETag and Last-Modified per version of a page), logs every
request, and can misbehave on purpose: an error status, a slow answer, a redirect, a huge body.
"""
from __future__ import annotations

import hashlib
import html
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

EVAL_DOCS = Path(__file__).resolve().parents[3] / "shared" / "eval" / "docs"
ROBOTS = "User-agent: *\nDisallow: /private/\n"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds before answering (a slow server)
    location: str | None = None  # a redirect's target
    validators: bool = True  # answer If-None-Match / If-Modified-Since with 304
    streamed: bool = False  # no Content-Length: the body runs until the connection closes
    stamp: float = field(default_factory=time.time)  # Last-Modified of this version

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


class Site:
    def __init__(self):
        self.routes: dict[str, Route] = {"/robots.txt": Route(ROBOTS.encode(), content_type="text/plain")}
        self.log: list[tuple[str, int, dict]] = []  # (path, status sent, request headers)
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - the stdlib's name
                site._answer(self)

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def set(self, path: str, body: str | bytes = b"", **kwargs) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self.lock:
            self.routes[path] = Route(data, **kwargs)
        return self.url(path)

    def hits(self, path: str) -> list[int]:
        """The statuses sent for `path`, in order."""
        with self.lock:
            return [status for p, status, _ in self.log if p == path]

    def requests(self, path: str) -> list[dict]:
        with self.lock:
            return [headers for p, _, headers in self.log if p == path]

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        with self.lock:
            route = self.routes.get(path)
        if route is not None and route.delay:
            time.sleep(route.delay)
        status, body, headers = self._response(route, handler.headers)
        with self.lock:
            self.log.append((path, status, dict(handler.headers)))
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            if route is not None and route.streamed:
                handler.send_header("Connection", "close")
                handler.close_connection = True
            else:
                handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass

    @staticmethod
    def _response(route: Route | None, request_headers) -> tuple[int, bytes, dict]:
        if route is None:
            return 404, b"not found", {"Content-Type": "text/plain"}
        if route.location:
            return route.status if route.status in (301, 302, 307, 308) else 302, b"", {"Location": route.location}
        headers = {"Content-Type": route.content_type}
        if route.status == 200 and route.validators:
            modified = formatdate(route.stamp, usegmt=True)
            headers.update({"ETag": route.etag, "Last-Modified": modified})
            if request_headers.get("If-None-Match") == route.etag:
                return 304, b"", {"ETag": route.etag}
        return route.status, route.body, headers


# --- fixtures built from the evaluation articles -------------------------------------------------------------------

def eval_texts(count: int) -> list[tuple[str, str]]:
    """(name, text) of the first `count` evaluation articles, in name order: used as fixtures only, never read here."""
    paths = sorted(EVAL_DOCS.glob("dev-*.txt"))[:count]
    return [(p.stem, p.read_text(encoding="utf-8")) for p in paths]


def article_html(text: str, outlet: str = "خبرگزاری آزمایشی") -> str:
    """A news page wrapping an article: navigation and a footer around it, the headline as <h1>, a paragraph a line."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title, body = lines[0], lines[1:]
    paragraphs = "\n".join(f"<p>{html.escape(ln)}</p>" for ln in body)
    return (f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta property="og:site_name" content="{html.escape(outlet)}"></head><body>'
            f'<nav><a href="/">صفحه اصلی</a> | <a href="/politics">سیاسی</a></nav>'
            f"<article><h1>{html.escape(title)}</h1>\n{paragraphs}\n</article>"
            f"<footer>تمام حقوق محفوظ است</footer></body></html>")


def rss(items: list[tuple[str, str, str | None]], title: str = "اخبار") -> str:
    """An RSS 2.0 feed of (url, title, RFC 822 date or None) items."""
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(u)}</link>"
        + (f"<pubDate>{d}</pubDate>" if d else "") + "</item>"
        for u, t, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://127.0.0.1/</link><description>test</description>{entries}</channel></rss>")


def news_sitemap(items: list[tuple[str, str, str]]) -> str:
    """A news sitemap of (url, title, ISO date) items."""
    urls = "".join(
        f"<url><loc>{html.escape(u)}</loc><news:news><news:publication><news:name>test</news:name>"
        f"<news:language>fa</news:language></news:publication><news:publication_date>{d}</news:publication_date>"
        f"<news:title>{html.escape(t)}</news:title></news:news></url>"
        for u, t, d in items)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + urls + "</urlset>")


def publish(site: Site, texts: list[tuple[str, str]], prefix: str = "/news/") -> list[tuple[str, str, str]]:
    """Serve each article as a page; return the feed items (url, title, date) for them."""
    items = []
    for name, text in texts:
        url = site.set(f"{prefix}{name}.html", article_html(text))
        items.append((url, text.strip().splitlines()[0], "Sat, 08 Mar 2025 09:30:00 +0330"))
    return items


class Clock:
    """A clock the tests move forward: the watcher's notion of now (Unix seconds)."""

    def __init__(self, start: float | None = None):
        self.now = start if start is not None else time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def fast_options(**overrides):
    """Short timeouts and no politeness pauses, so the whole tests/watch run takes seconds."""
    from didban.options import Options

    settings = dict(watch_timeout=0.5, watch_retries=1, watch_backoff=0.01, watch_host_interval=0.0,
                    watch_per_host=4, watch_concurrency=4, watch_every=60.0, watch_max_page_bytes=200_000,
                    watch_lease=30.0)
    settings.update(overrides)
    return Options(**settings)
