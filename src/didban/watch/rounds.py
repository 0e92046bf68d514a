"""Rounds of watching: poll the due feeds, fetch the articles they list, run the pipeline and store, as `didban
ingest` does (same ids, same idempotence, same merge step).

One round:
1. claim the due feeds nobody else polls (leases; see didban.store.sources), poll them side by side with conditional
   GETs, and queue the articles not seen before together with the feed's new validators;
2. claim the queued articles, fetch their pages side by side (a per-host limit keeps it polite), read the main text
   (trafilatura, through `didban.read.from_html`) and hand the documents to `didban.batch.ingest_documents`, which runs
   the pipeline on the chosen engine's workers and stores them; each article is marked done once its document is in
   the store;
3. run the merge step when anything new was stored.
A feed or an article that fails is recorded and reported, and the others go on. A failing feed is polled less and less
often (the interval doubles per failure, up to `watch_max_backoff`), never dropped; an article that failed on a
passing fault (timeout, 5xx) is tried again in later rounds, up to `ARTICLE_TRIES` times.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone

from didban.errors import Codes, DidbanError
from didban.options import Options

ARTICLE_TRIES = 3  # an article failing on a passing fault is given up after this many tries
CLAIM_BATCH = 4  # articles claimed at a time, per allowed concurrent request
SITEMAP_CHILDREN = 3  # the newest sitemaps of a sitemap index read at each poll
TRANSIENT = frozenset({Codes.E603})


@dataclass(slots=True)
class FeedResult:
    url: str
    name: str | None
    status: str  # new | unchanged | not-modified | failed
    new: int = 0
    error: DidbanError | None = None

    def to_dict(self) -> dict:
        return {"url": self.url, "name": self.name, "status": self.status, "new": self.new,
                "error": self.error.to_dict()["error"] if self.error else None}


@dataclass(slots=True)
class RoundReport:
    feeds: list[FeedResult] = field(default_factory=list)
    fetched: int = 0  # article pages fetched
    new: int = 0  # documents stored for the first time
    updated: int = 0
    unchanged: int = 0  # pages whose text was already stored (under another URL, or before a restart)
    events: int = 0
    failures: list[tuple[str, DidbanError]] = field(default_factory=list)  # articles that failed, with why
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures and all(f.status != "failed" for f in self.feeds)

    def to_dict(self) -> dict:
        return {"feeds": [f.to_dict() for f in self.feeds], "fetched": self.fetched, "new": self.new,
                "updated": self.updated, "unchanged": self.unchanged, "events": self.events,
                "failures": [{"url": url, **e.to_dict()["error"]} for url, e in self.failures],
                "seconds": round(self.seconds, 3)}

    def render(self) -> str:
        failed = sum(1 for f in self.feeds if f.status == "failed")
        return (f"round: {len(self.feeds)} feed(s) polled ({failed} failed), {self.fetched} article(s) fetched: "
                f"{self.new} new, {self.updated} updated, {self.unchanged} already stored, "
                f"{len(self.failures)} failed; {self.events} event(s) in {self.seconds:.1f} s")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


class Watcher:
    """Watches `sources` (or every feed in the store when None) and keeps the store current.

    `clock` (Unix seconds) and `sleep` can be replaced by tests; `on_progress(line)` receives one line per feed polled
    and per article that failed.
    """

    def __init__(self, store, options: Options | None = None, sources=None, *, workers: int = 1,
                 engine: str = "local", scheduler: str | None = None, clock=time.time, sleep=time.sleep,
                 on_progress=None):
        from didban.store.sources import SourceState, watcher_name
        from didban.watch.fetch import Fetcher

        self.store = store
        self.options = options or Options()
        self.fetcher = Fetcher(self.options, sleep=sleep)  # first: a missing extra (E206) must not leave half a setup
        self.state = SourceState(store)
        self.feed_ids = self.state.add_feeds(sources) if sources else None
        self.workers, self.engine, self.scheduler = workers, engine, scheduler
        self.clock = clock
        self.owner = watcher_name()
        self.on_progress = on_progress or (lambda line: None)

    def close(self) -> None:
        self.fetcher.close()
        try:
            self.state.release(self.owner)
        except DidbanError:  # the database went away: the leases expire by themselves
            pass

    def __enter__(self) -> "Watcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- a round ---------------------------------------------------------------------------------------------------

    def run_round(self, stop: threading.Event | None = None) -> RoundReport:
        started = time.monotonic()
        report = RoundReport()
        self.state.release_dead(socket.gethostname(), _alive)
        now = self.clock()
        # a feed due within a tenth of the interval is polled now: a cron run or a round starting a few seconds
        # early would otherwise leave it for a whole extra interval
        feeds = self.state.claim_feeds(self.owner, now, self.options.watch_lease, self.feed_ids,
                                       due_by=now + min(self.options.watch_every / 10, 30.0))
        with ThreadPoolExecutor(self.options.watch_concurrency, thread_name_prefix="didban-watch") as pool:
            for result in pool.map(self._poll, feeds):
                report.feeds.append(result)
                self.on_progress(_feed_line(result))
            self._fetch_and_store(pool, report, stop)
        report.seconds = time.monotonic() - started
        return report

    def run_forever(self, stop: threading.Event, on_round=None) -> None:
        """Rounds until `stop` is set; between rounds, wait until something is due (at most `watch_every`)."""
        every = self.options.watch_every
        while not stop.is_set():
            report = self.run_round(stop)
            if on_round is not None:
                on_round(report)
            due = self.state.next_due(self.feed_ids)
            wait = every if due is None else min(every, max(due - self.clock(), min(5.0, every)))
            stop.wait(wait)

    # --- feeds -----------------------------------------------------------------------------------------------------

    def _poll(self, feed: dict) -> FeedResult:
        """Poll one feed and record the outcome; never raises (a bug is recorded as E901 against the feed)."""
        from didban.pipeline import internal_error

        url, name = feed["url"], feed["name"]
        now = self.clock()
        try:
            response = self.fetcher.get(url, etag=feed["etag"], last_modified=feed["last_modified"])
            if response.not_modified:
                self.state.record_poll(feed["id"], now=now, next_poll_at=now + self.options.watch_every,
                                       not_modified=True)
                return FeedResult(url, name, "not-modified")
            kind, articles = self._articles(response)
            new = self.state.record_poll(feed["id"], now=now, next_poll_at=now + self.options.watch_every,
                                         kind=kind, etag=response.etag, last_modified=response.last_modified,
                                         articles=articles)
            return FeedResult(url, name, "new" if new else "unchanged", new)
        except Exception as exc:  # noqa: BLE001 - one feed's failure (or a bug on it) never stops the others
            error = exc if isinstance(exc, DidbanError) else internal_error(exc, url)
            error.path = error.path or url
            delay = min(self.options.watch_every * 2 ** (feed["failures"] + 1), self.options.watch_max_backoff)
            self.state.record_poll_failure(feed["id"], error, next_poll_at=now + delay)
            return FeedResult(url, name, "failed", error=error)

    def _articles(self, response) -> tuple[str, list]:
        from didban.store.sources import NewArticle
        from didban.watch.listing import newest, parse_listing
        from didban.watch.sources import canonical_url

        listing = parse_listing(response.body, response.url, response.content_type)
        entries = list(listing.entries)
        for child in listing.children[:SITEMAP_CHILDREN]:  # a sitemap index: its newest sitemaps
            page = self.fetcher.get(child)
            entries += parse_listing(page.body, page.url, page.content_type).entries
        max_age = self.options.watch_max_age_days if listing.kind == "sitemap" else None
        chosen = newest(entries, self.options.watch_max_new, max_age,
                        datetime.fromtimestamp(self.clock(), timezone.utc).date())
        return listing.kind, [NewArticle(canonical_url(e.url), e.title, e.published) for e in chosen]

    # --- articles --------------------------------------------------------------------------------------------------

    def _fetch_and_store(self, pool: ThreadPoolExecutor, report: RoundReport, stop) -> None:
        from didban.batch import ingest_documents, merge_store

        feeds = {f["id"]: f for f in self.state.feeds()}
        seen_this_round: set[str] = set()  # content ids: the same text under a second URL is "seen by content"

        def documents():
            while stop is None or not stop.is_set():
                batch = self.state.claim_articles(self.owner, self.clock(), self.options.watch_lease, self.feed_ids,
                                                  limit=CLAIM_BATCH * self.options.watch_concurrency)
                if not batch:
                    return
                futures = [pool.submit(self._read_article, row, feeds.get(row["feed_id"], {})) for row in batch]
                for row, future in zip(batch, futures):
                    found = future.result()
                    if isinstance(found, DidbanError):
                        self._article_failed(row, found, report)
                        continue
                    report.fetched += 1
                    if found.id in seen_this_round:  # (ingest checks the store, but this one may still be in flight)
                        self.state.article_done(found.source, found.id)
                        report.unchanged += 1
                        continue
                    seen_this_round.add(found.id)
                    yield found

        def stored(doc, status):
            self.state.article_done(doc.source, doc.id)

        def failed(failure):  # the pipeline or the store failed on one document: not a passing fault
            self.state.article_failed(failure.source, failure.error, retry_at=None)
            report.failures.append((failure.source, failure.error))
            self.on_progress(f"failed  {failure.source}: {failure.error} (hint: {failure.error.hint})")

        summary = ingest_documents(documents(), self.store, self.options, workers=self.workers, engine=self.engine,
                                   scheduler=self.scheduler, progress=False, merge=False, on_stored=stored,
                                   on_failure=failed)
        report.new, report.updated, report.events = summary.new, summary.updated, summary.events
        report.unchanged += summary.unchanged
        if summary.new or summary.updated:
            with self.state.merge_lock():
                merge_store(self.store, summary)

    def _read_article(self, row: dict, feed: dict):
        """Fetch one article page and read it into a Document; a DidbanError (returned, not raised) on failure."""
        from didban import read
        from didban.pipeline import internal_error

        url = row["url"]
        try:
            response = self.fetcher.get(url)
            kind = response.content_type.lower()
            if kind and "html" not in kind and "xml" not in kind:
                raise DidbanError(Codes.E108, f"the page is {kind.split(';')[0]}, not HTML", path=url)
            return read.from_html(_decode_page(response.body, kind, url), source=url, options=self.options,
                                  url=url, title=row["title"], outlet=feed.get("name"), published=row["published"],
                                  outlet_country=feed.get("country"), feed=feed.get("url"))
        except DidbanError as exc:
            exc.path = exc.path or url
            return exc
        except Exception as exc:  # noqa: BLE001 - the batch policy, for a page that trips a reader bug
            return internal_error(exc, url)

    def _article_failed(self, row: dict, error: DidbanError, report: RoundReport) -> None:
        passing = error.code in TRANSIENT or (error.code is Codes.E602 and getattr(error, "status", 0) >= 500)
        retry = passing and row["attempts"] + 1 < ARTICLE_TRIES
        self.state.article_failed(row["url"], error, retry_at=self.clock() + self.options.watch_every if retry else None)
        report.failures.append((row["url"], error))
        again = " (tried again next round)" if retry else ""
        self.on_progress(f"failed  {row['url']}: {error}{again} (hint: {error.hint})")


def _decode_page(body: bytes, content_type: str, url: str) -> str:
    """The page's text: the charset the server declares, else didban's own guess (UTF-8, UTF-16, Windows-1256)."""
    from didban.read.decode import decode

    charset = content_type.split("charset=", 1)[1].split(";")[0].strip(" \"'") if "charset=" in content_type else ""
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(body, url)


def _feed_line(result: FeedResult) -> str:
    label = result.name or result.url
    if result.status == "failed":
        return f"failed  {label}: {result.error} (hint: {result.error.hint})"
    if result.status == "not-modified":
        return f"304     {label}: not modified"
    return f"polled  {label}: {result.new} new article(s)"
