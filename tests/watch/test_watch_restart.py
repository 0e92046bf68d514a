"""A watcher killed with SIGKILL in the middle of a round, then started again, leaves the store exactly as a clean run
does: nothing lost, nothing twice, no article fetched again once its document is stored."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from watch_site import eval_texts, publish, rss

pytest.importorskip("httpx")
pytest.importorskip("feedparser")

SRC = Path(__file__).resolve().parents[2] / "src"
KILL_AT = Path(__file__).resolve().parents[1] / "reliability" / "kill_at.py"
# statements of a batch after its INSERT INTO documents: one insert per other document table, the event list's filter
# rows and the search index
STATEMENTS_TO_COMMIT = 10
FAST = ["--host-interval", "0", "--timeout", "5", "--retries", "0", "--per-host", "2"]


def snapshot(db: Path) -> dict:
    """Everything the store says, less the clocks: documents, events, merge results, the watcher's state."""
    queries = {
        "documents": "SELECT id, fingerprint, url, title, outlet, published FROM documents",
        "events": "SELECT doc_id, id, cameo, plover FROM events",
        "participants": "SELECT doc_id, event_id, role, position, entity_id FROM participants",
        "duplicates": "SELECT doc_id, of_doc_id FROM duplicates",
        "clusters": "SELECT event_id, cluster_id FROM event_clusters",
        "articles": "SELECT url, status, doc_id, attempts, lease_owner FROM watch_articles",
        "feeds": "SELECT url, kind, etag, new_total, failures, polls, lease_owner FROM watch_feeds",
        "search": "SELECT doc_id FROM doc_fts",
    }
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {name: sorted(conn.execute(sql).fetchall()) for name, sql in queries.items()}


def count_documents(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def run_cli(*args) -> tuple[int, str]:
    from click.testing import CliRunner

    from didban.cli import main

    result = CliRunner().invoke(main, ["watch", *args])
    return result.exit_code, result.output


@pytest.mark.slow
def test_sigkill_during_a_round_then_restart_equals_a_clean_run(site, tmp_path):
    # ten slow pages, two at a time: about 2.5 s of fetching, so the kill lands half-way even on a loaded machine
    articles = 10
    items = publish(site, eval_texts(articles))
    for path in list(site.routes):
        if path.startswith("/news/"):
            site.routes[path].delay = 0.5
    feed = site.set("/feed.xml", rss(items), content_type="application/rss+xml")

    killed = tmp_path / "killed.sqlite"
    # three documents a transaction (the ten would otherwise be one batch), and the kill at a chosen statement (see
    # tests/reliability/kill_at.py): right after the second batch's commit, before the watcher records its articles
    # as done — the widest gap there is between the store and the watcher's own state
    env = {**os.environ, "PYTHONPATH": str(SRC), "DIDBAN_COMMIT_EVERY": "3"}
    done = subprocess.run([sys.executable, str(KILL_AT), "2", str(STATEMENTS_TO_COMMIT), "watch", "--once", "-q",
                           "--db", str(killed), *FAST, feed], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, start_new_session=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    stored_before = count_documents(killed)
    assert stored_before == 6  # two whole batches, killed half-way
    with sqlite3.connect(killed) as conn:
        done_before = {url for (url,) in conn.execute("SELECT url FROM watch_articles WHERE status = 'done'")}

    # restart: the feed is not due again, the queued articles are taken over from the dead watcher
    site.log.clear()
    code, output = run_cli("--once", "--db", str(killed), *FAST, feed)
    assert code == 0, output
    assert site.hits("/feed.xml") == []  # resumed from the store: the feed was not fetched again
    refetched = {site.url(p) for p, _, _ in site.log if p.startswith("/news/")}
    assert refetched and not refetched & done_before  # a page whose document was stored is never fetched again

    clean = tmp_path / "clean.sqlite"
    code, output = run_cli("--once", "--db", str(clean), *FAST, feed)
    assert code == 0, output
    after, reference = snapshot(killed), snapshot(clean)
    assert len(reference["documents"]) == articles and reference["events"]
    assert after == reference
