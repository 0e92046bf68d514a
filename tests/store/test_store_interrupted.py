"""An ingest killed half-way (SIGKILL) leaves the database consistent; running it again completes it, no duplicates."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVAL_DOCS = ROOT.parent / "shared" / "eval" / "docs"

# writes N synthetic documents (2 events, 4 evidence spans each), one upsert (= one transaction) per document
WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from store_samples import make_doc
    from didban.store import open_store

    store = open_store(sys.argv[1])
    for i in range(int(sys.argv[2])):
        text = f"گزارش شماره {{i}}: عراقچی با لاوروف دیدار کرد. لاوروف از عراقچی تمجید کرد."
        doc = make_doc(text, title=f"خبر {{i}}", outlet="irna", published="2025-03-07",
                       people=[("عراقچی", "عباس عراقچی", "Abbas Araghchi", "IRN", "Q_a"),
                               ("لاوروف", "سرگئی لاوروف", "Sergey Lavrov", "RUS", "Q_l")],
                       events=[("040", "CONSULT", "عراقچی", "لاوروف", "دیدار"),
                               ("051", "COOPERATE", "لاوروف", "عراقچی", "تمجید")])
        store.upsert_document(doc)
    store.close()
""")


def _run_until(cmd: list[str], store_url: str, at_least: int, timeout: float = 60, env: dict | None = None) -> int:
    """Start `cmd`, SIGKILL it once the store holds `at_least` documents; return how many it held then."""
    from didban.store import open_store

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                            env={**os.environ, **(env or {})})
    watcher = None
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                watcher = watcher or open_store(store_url)
                if watcher.count("documents") >= at_least:
                    break
            except Exception:  # noqa: BLE001 - the writer may still be creating the schema
                pass
            time.sleep(0.05)
        assert proc.poll() is None, f"the writer ended before it could be killed: {proc.stderr.read()[-2000:]!r}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        return watcher.count("documents")
    finally:
        if proc.poll() is None:
            proc.kill()
        if watcher:
            watcher.close()


def _check_complete_rows(store, docs: int) -> None:
    """Every stored document has all its rows: no half-written document anywhere."""
    assert store.count("documents") == docs
    assert store.count("events") == 2 * docs
    assert store.count("evidence") == 4 * docs
    assert store.count("participants") == 4 * docs
    assert store.count("entities") == 2 * docs
    assert store.search("دیدار", limit=1).total == docs


def test_killed_writer_leaves_whole_documents_and_rerun_completes(db_url, tmp_path):
    from didban.store import open_store

    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(tests=str(Path(__file__).parent)), encoding="utf-8")
    total = 150
    held = _run_until([sys.executable, str(script), db_url, str(total)], db_url, at_least=30)
    assert 30 <= held < total, "the kill must land half-way"
    with open_store(db_url) as store:
        _check_complete_rows(store, store.count("documents"))
    subprocess.run([sys.executable, str(script), db_url, str(total)], check=True, cwd=ROOT, timeout=120)
    with open_store(db_url) as store:
        _check_complete_rows(store, total)


@pytest.mark.slow
def test_killed_didban_ingest_rerun_has_no_duplicate_and_no_gap(tmp_path):
    """The real command and the real pipeline: kill `didban ingest` half-way, rerun, compare with the inputs."""
    from didban.document import content_id
    from didban.store import open_store

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    sources = sorted(EVAL_DOCS.glob("*.txt"))
    if not sources:
        pytest.skip(f"no evaluation documents at {EVAL_DOCS}")
    expected = set()
    for i in range(24):  # 24 distinct articles: the evaluation texts, each with a numbered closing line
        text = sources[i % len(sources)].read_text(encoding="utf-8").rstrip() + f"\n\nشماره {i}\n"
        (inputs / f"doc-{i:03d}.txt").write_text(text, encoding="utf-8")
        expected.add(content_id(text))
    db = str(tmp_path / "didban.sqlite")
    cmd = [sys.executable, "-m", "didban", "ingest", str(inputs), "--db", db, "--workers", "1", "--quiet",
           "--no-merge"]
    # two documents a transaction (24 would otherwise fit in one batch): the kill lands between batches or inside one
    held = _run_until(cmd, db, at_least=2, timeout=120, env={"DIDBAN_COMMIT_EVERY": "2"})
    assert held < len(expected), "the kill must land half-way"
    assert held % 2 == 0, "a batch is stored whole or not at all"
    done = subprocess.run(cmd, cwd=ROOT, timeout=600, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    with open_store(db) as store:
        assert set(store.document_ids()) == expected  # no gap, and ids are unique keys: no duplicate
        for doc in store.iter_documents():
            assert doc.sentences, f"{doc.id} has no sentences"
