"""The watcher's parts alone: the sources list, durations, listings (RSS, Atom, sitemaps, junk), the fetcher's limits
and robots.txt, and the clear error when the `watch` extra is missing."""
from __future__ import annotations

import sys

import pytest

from didban.errors import DidbanError


def test_sources_file_lines(tmp_path):
    from didban.watch.sources import Source, read_sources

    listed = tmp_path / "sources.txt"
    listed.write_text("# Persian outlets\n"
                      "https://www.irna.ir/rss\tخبرگزاری جمهوری اسلامی\tIRN\n"
                      "https://www.isna.ir/sitemap-news.xml   ISNA News   # the news sitemap\n"
                      "\n"
                      "HTTPS://Example.COM/feed.xml?utm_source=x&id=3#top\n", encoding="utf-8")
    assert read_sources([str(listed), "https://www.irna.ir/rss"]) == [
        Source("https://www.irna.ir/rss", "خبرگزاری جمهوری اسلامی", "IRN"),
        Source("https://www.isna.ir/sitemap-news.xml", "ISNA News", None),
        Source("https://example.com/feed.xml?id=3", None, None),
    ]
    listed.write_text("https://ok.example/rss\nnot-a-url Name\n", encoding="utf-8")
    with pytest.raises(DidbanError) as caught:
        read_sources([str(listed)])
    assert (caught.value.code.name, caught.value.line) == ("E601", 2)
    with pytest.raises(DidbanError) as caught:
        read_sources(["file:///etc/passwd"])
    assert caught.value.code.name in ("E601", "E101", "E608")


def test_durations():
    from didban.watch.cli import parse_duration

    assert [parse_duration(t) for t in ("90", "30s", "5m", "1.5h", "1d")] == [90, 30, 300, 5400, 86400]
    for wrong in ("", "0", "5x", "-1m", "soon"):
        with pytest.raises(DidbanError):
            parse_duration(wrong)


def test_listings():
    pytest.importorskip("feedparser")
    from didban.watch.listing import Entry, newest, parse_listing

    atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            '<entry><title>دیدار</title><link href="/news/1"/><updated>2025-03-07T23:30:00+03:30</updated></entry>'
            "</feed>").encode()
    listing = parse_listing(atom, "https://site.example/atom.xml")
    # the day as the outlet wrote it (23:30 Tehran time is still the 7th), the link resolved against the feed
    assert listing.kind == "feed" and listing.entries == [Entry("https://site.example/news/1", "دیدار", "2025-03-07")]
    for junk in (b"", b"<html><body><p>a page, not a feed</p></body></html>", b"\x00\x01 binary",
                 b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>cut off'):
        with pytest.raises(DidbanError) as caught:
            parse_listing(junk, "https://site.example/x")
        assert caught.value.code.name == "E604" and caught.value.path == "https://site.example/x"
    entries = [Entry("a", None, "2025-03-01"), Entry("b", None, None), Entry("c", None, "2025-03-05")]
    import datetime

    assert [e.url for e in newest(entries, 10)] == ["c", "a", "b"]
    assert [e.url for e in newest(entries, 10, 2, datetime.date(2025, 3, 6))] == ["c", "b"]
    assert [e.url for e in newest(entries, 1)] == ["c"]


def test_sitemap_entities_are_not_expanded():
    from didban.watch.listing import parse_listing

    evil = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/&e;</loc></url>'
            b"</urlset>")
    entries = parse_listing(evil, "https://a.example/sitemap.xml").entries
    assert all("root:" not in e.url for e in entries)


def test_fetcher_limits_and_robots(site):
    pytest.importorskip("httpx")
    from watch_site import fast_options

    from didban.watch.fetch import Fetcher

    site.set("/big-streamed", b"x" * 50_000, streamed=True)
    site.set("/small", b"ok")
    site.set("/busy", b"wait", status=429)
    site.routes["/robots.txt"].body = b"User-agent: didban\nDisallow: /no/\n\nUser-agent: *\nDisallow: /\n"
    fetcher = Fetcher(fast_options(watch_max_page_bytes=10_000))
    try:
        with pytest.raises(DidbanError) as caught:  # no Content-Length: counted while it arrives
            fetcher.get(site.url("/big-streamed"))
        assert caught.value.code.name == "E605"
        assert fetcher.get(site.url("/small")).body == b"ok"
        with pytest.raises(DidbanError) as caught:  # the rules for didban's own user agent apply, not '*'
            fetcher.get(site.url("/no/page"))
        assert caught.value.code.name == "E607"
        with pytest.raises(DidbanError) as caught:
            fetcher.get(site.url("/busy"))
        assert caught.value.code.name == "E602" and site.hits("/busy") == [429, 429]  # retried once
        with pytest.raises(DidbanError) as caught:
            fetcher.get("ftp://127.0.0.1/x")
        assert caught.value.code.name == "E608"
        assert site.hits("/robots.txt") == [200]  # read once per host
    finally:
        fetcher.close()


def test_crawl_delay_spaces_the_requests_to_a_host(site):
    pytest.importorskip("httpx")
    from watch_site import fast_options

    from didban.watch.fetch import Fetcher

    site.set("/a", b"a")
    site.routes["/robots.txt"].body = b"User-agent: *\nCrawl-delay: 3\n"
    now, pauses = [1000.0], []

    def sleep(seconds):  # a fake clock: sleeping moves it on at once
        pauses.append(seconds)
        now[0] += seconds

    fetcher = Fetcher(fast_options(watch_host_interval=0.0), sleep=sleep, clock=lambda: now[0])
    try:
        for _ in range(3):
            fetcher.get(site.url("/a"))
    finally:
        fetcher.close()
    assert pauses == [3.0, 3.0]  # the first request at once, each next one 3 s after the one before


def test_unreachable_robots_disallows_and_missing_robots_allows(site):
    pytest.importorskip("httpx")
    from watch_site import fast_options

    from didban.watch.fetch import Fetcher

    site.set("/page", b"ok")
    del site.routes["/robots.txt"]  # 404: no rules, everything allowed
    fetcher = Fetcher(fast_options())
    try:
        assert fetcher.get(site.url("/page")).body == b"ok"
    finally:
        fetcher.close()
    site.set("/robots.txt", b"", status=503)  # unreachable: the host is off limits for now (RFC 9309)
    fetcher = Fetcher(fast_options())
    try:
        with pytest.raises(DidbanError) as caught:
            fetcher.get(site.url("/page"))
        assert caught.value.code.name == "E607"
    finally:
        fetcher.close()


def test_a_missing_extra_names_the_pip_install(monkeypatch):
    from didban.watch.fetch import require_watch_extra

    monkeypatch.setitem(sys.modules, "feedparser", None)
    with pytest.raises(DidbanError) as caught:
        require_watch_extra()
    assert caught.value.code.name == "E206" and "didban[watch]" in caught.value.hint


def test_import_didban_stays_light():
    import subprocess

    code = ("import sys, didban; heavy = [m for m in ('httpx', 'feedparser', 'didban.watch.rounds') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
