"""What a feed or a sitemap lists: article URLs with the title and date the listing gives them.

RSS and Atom go through feedparser (which copes with the many ways feeds are broken); sitemaps, news sitemaps and
sitemap indexes are read with lxml (already there with trafilatura), entities and network access switched off. A
response that is neither, or a feed too broken to give a single link, is E604.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from didban.errors import Codes, DidbanError

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@dataclass(frozen=True, slots=True)
class Entry:
    url: str
    title: str | None = None
    published: str | None = None  # ISO date (the day in the listing's own time zone)


@dataclass(slots=True)
class Listing:
    kind: str  # "feed" | "sitemap"
    entries: list[Entry]
    children: list[str]  # a sitemap index's sitemaps, newest first


def parse_listing(body: bytes, url: str, content_type: str = "") -> Listing:
    head = body[:4096].lstrip().lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return parse_sitemap(body, url)
    return parse_feed(body, url, content_type)


def parse_feed(body: bytes, url: str, content_type: str = "") -> Listing:
    import feedparser

    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": url,
                                                                  "content-type": content_type or "application/xml"})
    entries = []
    for item in parsed.entries:
        link = item.get("link") or next((ln.get("href") for ln in item.get("links", []) if ln.get("href")), None)
        if not link:
            continue
        raw_date = item.get("published") or item.get("updated")
        parsed_date = item.get("published_parsed") or item.get("updated_parsed")
        entries.append(Entry(urljoin(url, link.strip()), (item.get("title") or "").strip() or None,
                             _day(raw_date, parsed_date)))
    if not entries and (parsed.get("bozo") or not parsed.get("version")):
        problem = parsed.get("bozo_exception")
        detail = f"{type(problem).__name__}: {problem}" if problem else "no RSS or Atom items in it"
        raise DidbanError(Codes.E604, detail, path=url)
    return Listing("feed", entries, [])


def parse_sitemap(body: bytes, url: str) -> Listing:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise DidbanError(Codes.E604, f"broken sitemap XML: {exc}", path=url) from None
    if root is None:
        raise DidbanError(Codes.E604, "an empty or unreadable sitemap", path=url)
    tag = etree.QName(root).localname
    if tag == "sitemapindex":
        children = []
        for node in root.iter(f"{SITEMAP_NS}sitemap", "sitemap"):
            loc = _text(node, "loc")
            if loc:
                children.append((_text(node, "lastmod") or "", urljoin(url, loc)))
        children.sort(key=lambda c: c[0], reverse=True)  # ISO dates sort as strings; undated ones last
        if not children:
            raise DidbanError(Codes.E604, "a sitemap index that lists no sitemaps", path=url)
        return Listing("sitemap", [], [c[1] for c in children])
    entries = []
    for node in root.iter(f"{SITEMAP_NS}url", "url"):
        loc = _text(node, "loc")
        if not loc:
            continue
        news = node.find(f"{NEWS_NS}news")
        title = _text(news, "title", NEWS_NS) if news is not None else None
        raw_date = (_text(news, "publication_date", NEWS_NS) if news is not None else None) or _text(node, "lastmod")
        entries.append(Entry(urljoin(url, loc), title, _day(raw_date, None)))
    if tag != "urlset" or (not entries and len(root) and root.find(f"{SITEMAP_NS}url") is None):
        raise DidbanError(Codes.E604, f"a <{tag}> document is not a sitemap", path=url)
    return Listing("sitemap", entries, [])


def _text(node, name: str, ns: str = SITEMAP_NS) -> str | None:
    found = node.find(f"{ns}{name}")
    if found is None:
        found = node.find(name)
    value = (found.text or "").strip() if found is not None else ""
    return value or None


def _day(raw: str | None, parsed) -> str | None:
    """The day of a listing's date, in the time zone the listing wrote it in (an article dated 23:30 Tehran time
    belongs to that day, not to the next one in UTC)."""
    if raw:
        for parse in (parsedate_to_datetime, datetime.fromisoformat):
            try:
                return parse(raw.strip()).date().isoformat()
            except (TypeError, ValueError, IndexError):
                continue
    if parsed:
        return date(*parsed[:3]).isoformat()
    return None


def newest(entries: list[Entry], limit: int, max_age_days: float | None = None, today: date | None = None
           ) -> list[Entry]:
    """At most `limit` entries, newest first (undated ones keep their order, after the dated ones); entries dated
    more than `max_age_days` ago are dropped (for sitemaps, which may list a site's whole archive)."""
    if max_age_days is not None:
        cutoff = ((today or datetime.now(timezone.utc).date()) - timedelta(days=max_age_days)).isoformat()
        entries = [e for e in entries if e.published is None or e.published >= cutoff]
    dated = sorted((e for e in entries if e.published), key=lambda e: e.published, reverse=True)
    return (dated + [e for e in entries if not e.published])[:limit]
