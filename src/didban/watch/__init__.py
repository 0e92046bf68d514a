"""didban watch: follow news feeds and sitemaps and keep the event store current.

- `sources.py`: what to watch (URLs, or a file listing them with the outlet's name and country);
- `fetch.py`: polite HTTP (conditional GET, robots.txt, per-host limits, timeouts, size cap, retries with backoff);
- `listing.py`: what a feed (feedparser) or a sitemap (lxml) lists;
- `rounds.py`: the `Watcher` and its rounds: poll, fetch, read, run the pipeline and store as `didban ingest` does;
- the state (feeds, validators, health, articles seen, leases) lives in the store: `didban.store.sources`.
httpx and feedparser are the `watch` extra, imported only when a watcher starts. Details: docs/watching.md.
"""
from __future__ import annotations


def watch_once(sources, db=None, options=None, **kwargs):
    """One round over `sources` (URLs or files listing them) into the store at `db`; returns the RoundReport."""
    from didban.store import open_store
    from didban.watch.rounds import Watcher
    from didban.watch.sources import read_sources

    store = open_store(db)
    try:
        with Watcher(store, options, read_sources(list(sources)) if sources else None, **kwargs) as watcher:
            return watcher.run_round()
    finally:
        store.close()
