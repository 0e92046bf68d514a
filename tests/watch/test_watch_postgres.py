"""Several watchers against one PostgreSQL store: every feed polled once and every page fetched once per round, every
article stored once, whatever the interleaving; a row another watcher is claiming is skipped, not waited for."""
from __future__ import annotations

import threading
from urllib.parse import urlsplit

import pytest

from watch_site import Clock, eval_texts, fast_options, publish, rss

pytest.importorskip("httpx")
pytest.importorskip("feedparser")
pytestmark = pytest.mark.postgres


def test_two_watchers_share_the_work_without_doing_any_twice(site, pg_url):
    from didban.store import open_store
    from didban.watch.rounds import Watcher
    from didban.watch.sources import Source

    items = publish(site, eval_texts(6))
    for path in list(site.routes):
        if path.startswith("/news/"):
            site.routes[path].delay = 0.05
    feeds = [site.set(f"/feed-{i}.xml", rss(items[i * 2:i * 2 + 2])) for i in range(3)]
    sources = [Source(url) for url in feeds]
    # one request at a time per watcher and small claims: the two watchers interleave article by article
    options = fast_options(watch_concurrency=1, watch_per_host=1)
    stores = [open_store(pg_url), open_store(pg_url)]
    watchers = [Watcher(st, options, sources, clock=Clock()) for st in stores]
    barrier = threading.Barrier(2)
    reports, errors = [None, None], []

    def run(i):
        try:
            barrier.wait()
            reports[i] = watchers[i].run_round()
        except Exception as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    try:
        assert not errors, errors
        polled = [f.url for r in reports for f in r.feeds]
        assert sorted(polled) == sorted(feeds)  # each feed polled by exactly one of them
        for url in feeds:
            assert site.hits(urlsplit(url).path) == [200]
        for name in (f"dev-{i:03d}" for i in range(1, 7)):
            assert site.hits(f"/news/{name}.html") == [200]  # each page fetched once in all
        assert sum(r.new for r in reports) == 6 and sum(r.fetched for r in reports) == 6
        assert stores[0].count("documents") == 6
        from didban.store.sources import SourceState

        states = SourceState(stores[0]).feeds()
        assert all(f["articles"] == {"pending": 0, "done": 2, "failed": 0} for f in states)
        assert not any(f["polling_now"] for f in states)  # every lease given back
        assert stores[0].count("event_clusters") == stores[0].count("events")  # the last merge saw every document
    finally:
        for w in watchers:
            w.close()
        for st in stores:
            st.close()


def test_claiming_skips_rows_another_watcher_has_locked(pg_url):
    import psycopg

    from didban.store import open_store
    from didban.store.sources import SourceState
    from didban.watch.sources import Source

    store = open_store(pg_url)
    try:
        state = SourceState(store)
        ids = state.add_feeds([Source(f"http://127.0.0.1:9/feed-{i}.xml") for i in range(3)])
        base, schema = pg_url.split("?schema=")
        with psycopg.connect(base) as other:  # another watcher, in the middle of its claiming transaction
            other.execute(f'SET search_path TO "{schema}"')
            other.execute("SELECT id FROM watch_feeds WHERE id = %s FOR UPDATE", (ids[0],))
            claimed = state.claim_feeds("host:1:a", now=1e9, lease=60)  # does not wait for the lock
            other.rollback()
        assert sorted(r["id"] for r in claimed) == sorted(ids[1:])
        assert state.claim_feeds("host:1:b", now=1e9, lease=60)[0]["id"] == ids[0]  # leased ones are not taken
        assert state.claim_feeds("host:1:c", now=1e9, lease=60) == []
        assert len(state.claim_feeds("host:1:d", now=1e9 + 61, lease=60)) == 3  # expired leases are free again
    finally:
        store.close()
