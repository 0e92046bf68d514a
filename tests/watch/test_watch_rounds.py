"""Rounds against the local test site: new articles stored once with their events, nothing twice, 304s used, every
kind of failure reported and skipped while the other sources go on, failing feeds slowed but not dropped."""
from __future__ import annotations

import pytest

from watch_site import Clock, article_html, eval_texts, fast_options, news_sitemap, publish, rss

pytest.importorskip("httpx")
pytest.importorskip("feedparser")


@pytest.fixture()
def store(tmp_path):
    from didban.store import open_store

    st = open_store(tmp_path / "watch.sqlite")
    yield st
    st.close()


def make_watcher(store, sources, clock, **options):
    from didban.watch.rounds import Watcher
    from didban.watch.sources import Source

    return Watcher(store, fast_options(**options), [Source(*s) if isinstance(s, tuple) else Source(s)
                                                    for s in sources], clock=clock)


def article_rows(store) -> dict[str, tuple[str, str | None]]:
    from sqlalchemy import select

    from didban.store import schema as s

    a = s.watch_articles
    with store.engine.connect() as conn:
        return {r.url: (r.status, r.doc_id) for r in conn.execute(select(a.c.url, a.c.status, a.c.doc_id))}


def test_new_items_are_stored_once_with_their_events_and_unchanged_feeds_cost_a_304(site, store, tmp_path):
    texts = eval_texts(4)
    items = publish(site, texts)
    feed = site.set("/feed.xml", rss(items[:2]), content_type="application/rss+xml")
    clock = Clock()
    with make_watcher(store, [(feed, "خبرگزاری آزمایشی", "IRN")], clock) as watcher:
        first = watcher.run_round()
        assert [f.status for f in first.feeds] == ["new"] and first.feeds[0].new == 2
        assert (first.new, first.fetched, first.failures) == (2, 2, [])
        assert store.count("documents") == 2 and store.count("events") > 0

        # the same ids as `didban ingest` of the same page saved to a file, and the feed's fields on the document
        from didban import read

        page = tmp_path / "page.html"
        page.write_text(article_html(texts[0][1]), encoding="utf-8")
        expected_id = next(iter(read.read_path(page))).id
        rows = article_rows(store)
        assert rows[items[0][0]] == ("done", expected_id)
        doc = store.get_document(expected_id)
        assert doc.url == items[0][0] and doc.outlet == "خبرگزاری آزمایشی" and doc.published == "2025-03-08"
        assert doc.meta["outlet_country"] == "IRN"
        assert store.query_events(doc_id=expected_id, merged=False).total == len(doc.events) > 0

        # round 2: the feed has not changed: a conditional GET answered 304, no page fetched, nothing written
        clock.advance(61)
        pages_before = len(site.log)
        second = watcher.run_round()
        assert [f.status for f in second.feeds] == ["not-modified"]
        assert site.hits("/feed.xml") == [200, 304]
        assert site.requests("/feed.xml")[-1].get("If-None-Match") is not None
        assert len(site.log) == pages_before + 1 and second.fetched == 0 and store.count("documents") == 2

        # round 3: one new item: only its page is fetched, it is stored once with its events
        site.set("/feed.xml", rss(items[:3]), content_type="application/rss+xml")
        clock.advance(61)
        third = watcher.run_round()
        assert third.feeds[0].new == 1 and (third.new, third.fetched) == (1, 1)
        assert site.hits("/news/dev-003.html") == [200]
        assert site.hits("/news/dev-001.html") == [200] and site.hits("/news/dev-002.html") == [200]
        assert store.count("documents") == 3
        new_id = article_rows(store)[items[2][0]][1]
        assert store.query_events(doc_id=new_id, merged=False).total == len(store.get_document(new_id).events)

        # round 4: the feed changed (new ETag) but lists the same items, one of them with tracking parameters
        # and a fragment: nothing new, no page fetched again
        again = items[:3] + [(items[0][0] + "?utm_source=telegram#top", "تکرار", None)]
        site.set("/feed.xml", rss(list(reversed(again))), content_type="application/rss+xml")
        clock.advance(61)
        fourth = watcher.run_round()
        assert [f.status for f in fourth.feeds] == ["unchanged"] and fourth.fetched == 0
        assert site.hits("/feed.xml")[-1] == 200 and store.count("documents") == 3

    from didban.store.sources import SourceState

    (status,) = SourceState(store).feeds()
    assert (status["polls"], status["not_modified"], status["new_total"], status["failures"]) == (4, 1, 3, 0)
    assert status["articles"] == {"pending": 0, "done": 3, "failed": 0}


def test_the_same_text_under_another_url_is_not_stored_twice(site, store):
    (name, text), = eval_texts(1)
    first = site.set("/a/story.html", article_html(text))
    mirror = site.set("/b/copy.html", article_html(text, outlet="بازنشر"))  # the same article on another path
    site.set("/one.xml", rss([(first, "یک", None)]))
    site.set("/two.xml", rss([(mirror, "دو", None)]))
    with make_watcher(store, [site.url("/one.xml"), site.url("/two.xml")], Clock()) as watcher:
        report = watcher.run_round()
    assert report.fetched == 2 and report.new == 1 and report.unchanged == 1
    rows = article_rows(store)
    assert rows[first][1] == rows[mirror][1] and store.count("documents") == 1


def test_each_failure_is_reported_and_skipped_while_the_others_proceed(site, store):
    texts = eval_texts(3)
    items = publish(site, texts[:2])
    good = site.set("/good.xml", rss(items), content_type="application/rss+xml")
    broken = site.set("/broken.xml", "<html><body>oops", status=500)
    slow = site.set("/slow.xml", rss(items), delay=1.5)
    malformed = site.set("/malformed.xml", '<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</ti',
                         content_type="application/rss+xml")
    loop = site.set("/loop-a.xml", status=302, location="/loop-b.xml")
    site.set("/loop-b.xml", status=302, location="/loop-a.xml")
    forbidden = site.set("/private/feed.xml", rss(items))
    # a feed that works, listing a page over the size cap, a page robots.txt disallows, a missing page
    huge = site.set("/news/huge.html", article_html(texts[2][1] * 400))
    hidden = site.set("/private/story.html", article_html(texts[2][1]))
    mixed = site.set("/mixed.xml", rss([(huge, "بزرگ", None), (hidden, "پنهان", None),
                                        (site.url("/news/gone.html"), "حذف", None)]))
    clock = Clock()
    sources = [good, broken, slow, malformed, loop, forbidden, mixed]
    with make_watcher(store, sources, clock) as watcher:
        report = watcher.run_round()
        by_url = {f.url: f for f in report.feeds}
        assert by_url[good].status == "new" and report.new == 2  # the good feed's articles are stored
        codes = {url: (f.error.code.name if f.error else None) for url, f in by_url.items()}
        assert codes == {good: None, broken: "E602", slow: "E603", malformed: "E604", loop: "E606",
                         forbidden: "E607", mixed: None}
        assert site.hits("/broken.xml") == [500, 500]  # one retry with backoff, then reported
        assert site.hits("/private/feed.xml") == [] and site.hits("/private/story.html") == []  # never asked
        article_codes = {url: e.code.name for url, e in report.failures}
        assert article_codes == {huge: "E605", hidden: "E607", site.url("/news/gone.html"): "E602"}
        assert store.count("documents") == 2 and not report.ok

        # the failing feeds are slowed down (not polled a round later), not dropped (polled again later)
        site.set("/broken.xml", rss(items), content_type="application/rss+xml")
        clock.advance(61)
        watcher.run_round()
        assert site.hits("/broken.xml") == [500, 500]
        clock.advance(120)
        later = {f.url: f for f in watcher.run_round().feeds}
        assert later[broken].status == "unchanged" and site.hits("/broken.xml")[-1] == 200

    from didban.store.sources import SourceState

    state = {f["url"]: f for f in SourceState(store).feeds()}
    assert state[broken]["failures"] == 0 and state[broken]["last_error"]["code"] == "E602"  # recovered, on record
    assert state[loop]["failures"] == 2 and state[loop]["last_status"] == "failed"
    assert state[mixed]["articles"] == {"pending": 0, "done": 0, "failed": 3}


def test_a_news_sitemap_and_a_sitemap_index(site, store):
    texts = eval_texts(3)
    items = publish(site, texts)
    today = "2025-03-08"
    site.set("/sitemap-news.xml", news_sitemap([(u, t, f"{today}T09:30:00+03:30") for u, t, _ in items[:2]]),
             content_type="application/xml")
    old = news_sitemap([(items[2][0], items[2][1], "2019-01-01T00:00:00+03:30")])
    site.set("/sitemap-old.xml", old, content_type="application/xml")
    index = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f'<sitemap><loc>{site.url("/sitemap-old.xml")}</loc><lastmod>2019-01-01</lastmod></sitemap>'
             f'<sitemap><loc>{site.url("/sitemap-news.xml")}</loc><lastmod>{today}</lastmod></sitemap>'
             "</sitemapindex>")
    index_url = site.set("/sitemap.xml", index, content_type="application/xml")
    from datetime import datetime, timezone

    clock = Clock(datetime(2025, 3, 8, 12, tzinfo=timezone.utc).timestamp())
    with make_watcher(store, [index_url], clock) as watcher:
        report = watcher.run_round()
    assert report.feeds[0].status == "new" and report.new == 2
    assert site.hits("/news/dev-003.html") == []
    assert set(article_rows(store)) == {items[0][0], items[1][0]}  # the 2019 entry is older than the max age


def test_watch_once_from_python(site, tmp_path):
    from didban.watch import watch_once

    items = publish(site, eval_texts(2))
    feed = site.set("/feed.xml", rss(items))
    report = watch_once([feed], tmp_path / "once.sqlite", fast_options())
    assert (report.new, report.fetched, report.ok) == (2, 2, True)
    again = watch_once([feed], tmp_path / "once.sqlite", fast_options())  # not due yet: nothing fetched
    assert (again.feeds, again.fetched) == ([], 0)
