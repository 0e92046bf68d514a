"""The watcher's state in the store: feeds (validators, health, schedule) and the articles seen, with leases.

Several watchers may share one store. Work is handed out by *leases*: a watcher claims due feeds (or pending articles)
by writing its name and a lease end on their rows, in a transaction that reads them `FOR UPDATE SKIP LOCKED` on
PostgreSQL (two watchers claiming at once never get the same row, and neither waits for the other) and under SQLite's
write lock (BEGIN IMMEDIATE) on SQLite. A lease ends when its work is recorded; a watcher that dies leaves leases that
expire after `Options.watch_lease` seconds, or at once for a watcher of this host whose process is gone.

Writes are ordered so that a watcher killed at any point loses nothing and duplicates nothing: a poll's new articles
and the feed's new validators are written in one transaction (a 304 next time can never hide an article that was not
queued), and an article is marked done only after its document is stored (a kill in between stores it again as
"unchanged").
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
from dataclasses import dataclass
from typing import Iterable

from didban.store import schema as s

MERGE_LOCK_KEY = 4242015  # PostgreSQL advisory lock: one merge step at a time across watchers


def url_id(url: str) -> str:
    """The row id of a feed or an article: the first 32 hex digits of the SHA-256 of its URL."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]


def watcher_name() -> str:
    """A name for this watcher that says where it runs: "host:pid:token"."""
    return f"{socket.gethostname()}:{os.getpid()}:{os.urandom(3).hex()}"


@dataclass(frozen=True, slots=True)
class NewArticle:
    url: str
    title: str | None = None
    published: str | None = None


class SourceState:
    """Read and write the watcher's tables of one `Store`."""

    def __init__(self, store):
        self.store = store
        self.engine = store.engine

    def _write(self):
        return self.engine.connect().execution_options(didban_write=True)

    def _insert_ignoring_duplicates(self, table):
        """INSERT … ON CONFLICT DO NOTHING on either backend: a row another watcher added first is left alone."""
        if self.store.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table).on_conflict_do_nothing(index_elements=["id"])

    # --- feeds -----------------------------------------------------------------------------------------------------

    def add_feeds(self, sources: Iterable) -> list[str]:
        """Record sources (objects with url, name, country); known ones keep their state, their name and country
        are updated when given. Returns their ids in order."""
        ids = []
        with self._write() as conn, conn.begin():
            for src in sources:
                feed_id = url_id(src.url)
                ids.append(feed_id)
                conn.execute(self._insert_ignoring_duplicates(s.watch_feeds).values(
                    id=feed_id, url=src.url, name=src.name, country=src.country, added_at=s.now(), failures=0,
                    polls=0, not_modified=0, last_new=0, new_total=0, next_poll_at=0.0))
                changes = {k: v for k, v in (("name", src.name), ("country", src.country)) if v}
                if changes:
                    conn.execute(s.watch_feeds.update().where(s.watch_feeds.c.id == feed_id).values(**changes))
        return ids

    def claim_feeds(self, owner: str, now: float, lease: float, feed_ids: list[str] | None = None,
                    limit: int = 1000, due_by: float | None = None) -> list[dict]:
        """Take the feeds due by `due_by` (default: now) that nobody holds (of `feed_ids`, or all): their rows,
        leased to `owner`."""
        t = s.watch_feeds
        due = t.c.next_poll_at <= (now if due_by is None else due_by)
        return self._claim(t, owner, now, lease, due, t.c.next_poll_at,
                           t.c.id.in_(feed_ids) if feed_ids is not None else None, limit)

    def _claim(self, t, owner, now, lease, due, order, scope, limit) -> list[dict]:
        from sqlalchemy import or_, select

        free = or_(t.c.lease_owner.is_(None), t.c.lease_until < now)
        query = select(t).where(due, free).order_by(order, t.c.id).limit(limit)
        if scope is not None:
            query = query.where(scope)
        with self._write() as conn, conn.begin():
            # SKIP LOCKED: rows another watcher is claiming right now are passed over, not waited for (SQLite: no-op,
            # its write lock already serialises claims)
            rows = [dict(r) for r in conn.execute(query.with_for_update(skip_locked=True)).mappings()]
            if rows:
                conn.execute(t.update().where(t.c.id.in_([r["id"] for r in rows]))
                             .values(lease_owner=owner, lease_until=now + lease))
        return rows

    def record_poll(self, feed_id: str, *, now: float, next_poll_at: float, kind: str | None = None,
                    etag: str | None = None, last_modified: str | None = None, not_modified: bool = False,
                    articles: list[NewArticle] = ()) -> int:
        """A successful poll: queue its articles not seen before and keep the validators, in one transaction.
        Returns how many articles were new."""
        from sqlalchemy import select

        t, a = s.watch_feeds, s.watch_articles
        stamp = s.now()
        with self._write() as conn, conn.begin():
            new = 0
            if articles:
                by_id = {url_id(art.url): art for art in articles}
                known = set(conn.execute(select(a.c.id).where(a.c.id.in_(list(by_id)))).scalars())
                for art_id, art in by_id.items():
                    if art_id in known:
                        continue
                    result = conn.execute(self._insert_ignoring_duplicates(a).values(
                        id=art_id, url=art.url, feed_id=feed_id, title=art.title, published=art.published,
                        status="pending", attempts=0, next_try_at=0.0, first_seen_at=stamp))
                    new += result.rowcount or 0
            values = {"last_poll_at": stamp, "last_success_at": stamp, "failures": 0, "polls": t.c.polls + 1,
                      "next_poll_at": next_poll_at, "lease_owner": None, "lease_until": None, "last_new": new,
                      "new_total": t.c.new_total + new,
                      "last_status": "not-modified" if not_modified else ("new" if new else "unchanged")}
            if not_modified:
                values["not_modified"] = t.c.not_modified + 1
            else:
                values.update(kind=kind, etag=etag, last_modified=last_modified)
            conn.execute(t.update().where(t.c.id == feed_id).values(**values))
        return new

    def record_poll_failure(self, feed_id: str, error, *, next_poll_at: float) -> None:
        t = s.watch_feeds
        stamp = s.now()
        with self._write() as conn, conn.begin():
            conn.execute(t.update().where(t.c.id == feed_id).values(
                last_poll_at=stamp, last_failure_at=stamp, last_status="failed", last_error=_error_json(error),
                failures=t.c.failures + 1, polls=t.c.polls + 1, last_new=0, next_poll_at=next_poll_at,
                lease_owner=None, lease_until=None))

    def release(self, owner: str) -> None:
        """Give back every lease `owner` still holds (a watcher stopping early)."""
        with self._write() as conn, conn.begin():
            for t in s.WATCH_TABLES:
                conn.execute(t.update().where(t.c.lease_owner == owner).values(lease_owner=None, lease_until=None))

    def release_dead(self, host: str, alive) -> int:
        """Free the leases of watchers of `host` whose process is gone (`alive(pid)` is False): a restarted watcher
        resumes at once instead of waiting for the leases to expire. Returns how many owners were freed."""
        from sqlalchemy import select

        freed = 0
        with self._write() as conn, conn.begin():
            for t in s.WATCH_TABLES:
                owners = conn.execute(select(t.c.lease_owner).where(t.c.lease_owner.like(f"{host}:%"))
                                      .distinct()).scalars().all()
                for owner in owners:
                    pid = owner.split(":")[1] if owner.count(":") >= 2 else ""
                    if pid.isdigit() and not alive(int(pid)):
                        conn.execute(t.update().where(t.c.lease_owner == owner)
                                     .values(lease_owner=None, lease_until=None))
                        freed += 1
        return freed

    # --- articles --------------------------------------------------------------------------------------------------

    def claim_articles(self, owner: str, now: float, lease: float, feed_ids: list[str] | None = None,
                       limit: int = 32) -> list[dict]:
        """Take pending articles that are due (of the feeds `feed_ids`, or all), oldest first, leased to `owner`."""
        a = s.watch_articles
        due = (a.c.status == "pending") & (a.c.next_try_at <= now)
        return self._claim(a, owner, now, lease, due, a.c.first_seen_at,
                           a.c.feed_id.in_(feed_ids) if feed_ids is not None else None, limit)

    def article_done(self, url: str, doc_id: str) -> None:
        a = s.watch_articles
        with self._write() as conn, conn.begin():
            conn.execute(a.update().where(a.c.id == url_id(url)).values(
                status="done", doc_id=doc_id, done_at=s.now(), last_error=None, lease_owner=None, lease_until=None))

    def article_failed(self, url: str, error, *, retry_at: float | None) -> None:
        """A failed article: tried again from `retry_at` (a passing fault), or for good when it is None."""
        a = s.watch_articles
        values = {"attempts": a.c.attempts + 1, "last_error": _error_json(error), "lease_owner": None,
                  "lease_until": None}
        if retry_at is None:
            values.update(status="failed", done_at=s.now())
        else:
            values["next_try_at"] = retry_at
        with self._write() as conn, conn.begin():
            conn.execute(a.update().where(a.c.id == url_id(url)).values(**values))

    def article_attempts(self, url: str) -> int:
        from sqlalchemy import select

        a = s.watch_articles
        with self.engine.connect() as conn:
            return conn.execute(select(a.c.attempts).where(a.c.id == url_id(url))).scalar() or 0

    # --- reading ---------------------------------------------------------------------------------------------------

    def feeds(self) -> list[dict]:
        """Every feed with its health and its articles counted by status: what `--status` and /api/sources show."""
        from sqlalchemy import func, select

        t, a = s.watch_feeds, s.watch_articles
        with self.engine.connect() as conn:
            counts: dict[str, dict[str, int]] = {}
            for feed_id, status, n in conn.execute(select(a.c.feed_id, a.c.status, func.count())
                                                   .group_by(a.c.feed_id, a.c.status)):
                counts.setdefault(feed_id, {})[status] = n
            rows = [dict(r) for r in conn.execute(select(t).order_by(t.c.added_at, t.c.url)).mappings()]
        out = []
        for r in rows:
            n = counts.get(r["id"], {})
            out.append({
                "id": r["id"], "url": r["url"], "name": r["name"], "country": r["country"], "kind": r["kind"],
                "added_at": r["added_at"], "last_poll_at": r["last_poll_at"],
                "last_success_at": r["last_success_at"], "last_failure_at": r["last_failure_at"],
                "last_status": r["last_status"], "last_error": json.loads(r["last_error"]) if r["last_error"] else None,
                "failures": r["failures"], "polls": r["polls"], "not_modified": r["not_modified"],
                "last_new": r["last_new"], "new_total": r["new_total"],
                "next_poll_at": _iso(r["next_poll_at"]) if r["next_poll_at"] else None,
                "articles": {"pending": n.get("pending", 0), "done": n.get("done", 0), "failed": n.get("failed", 0)},
                "polling_now": bool(r["lease_owner"]),
            })
        return out

    def next_due(self, feed_ids: list[str] | None = None) -> float | None:
        """When the next feed or retried article is due (Unix seconds), or None when nothing is scheduled."""
        from sqlalchemy import func, select

        t, a = s.watch_feeds, s.watch_articles
        feeds = select(func.min(t.c.next_poll_at))
        articles = select(func.min(a.c.next_try_at)).where(a.c.status == "pending")
        if feed_ids is not None:
            feeds = feeds.where(t.c.id.in_(feed_ids))
            articles = articles.where(a.c.feed_id.in_(feed_ids))
        with self.engine.connect() as conn:
            found = [conn.execute(q).scalar() for q in (feeds, articles)]
        found = [f for f in found if f is not None]
        return min(found) if found else None

    def new_documents(self, since: str, limit: int = 200) -> dict:
        """Documents stored since `since` (ISO 8601): their count and the newest ids (the page's "new" marker)."""
        from sqlalchemy import func, select

        d = s.documents
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(d).where(d.c.ingested_at > since)).scalar_one()
            ids = conn.execute(select(d.c.id).where(d.c.ingested_at > since)
                               .order_by(d.c.ingested_at.desc(), d.c.id).limit(limit)).scalars().all()
        return {"since": since, "total": total, "ids": list(ids)}

    @contextlib.contextmanager
    def merge_lock(self):
        """One merge step at a time across watchers of one PostgreSQL store (each merge then reads every document
        committed before it started, so the last merge sees them all). SQLite: nothing to do."""
        if self.store.dialect != "postgresql":
            yield
            return
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({MERGE_LOCK_KEY})")
            try:
                yield
            finally:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({MERGE_LOCK_KEY})")
                conn.commit()


def _error_json(error) -> str:
    code = getattr(getattr(error, "code", None), "name", None) or "E901"
    return json.dumps({"code": code, "message": getattr(error, "message", str(error))}, ensure_ascii=False)


def _iso(seconds: float) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="seconds")
