"""Worker processes end with their parent: `didban ingest --workers 2` killed with SIGKILL (only the parent, as the
out-of-memory killer does) leaves no worker behind. Before, each kill left its two workers waiting for work forever
(~105 MB each)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reliability_corpus import write_corpus

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()  # after "pid (name)": state, ppid, ...
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running (a zombie left for a reaper that never comes is not running)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def stored(db: Path) -> int:
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet, or busy
        return 0


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_sigkill_of_ingest_ends_its_workers(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 400)  # far more than the workers get through before the kill
    db = tmp_path / "d.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "didban", "ingest", str(corpus), "--db", str(db),
                             "--workers", "2", "--quiet", "--no-merge"], cwd=ROOT, env={**os.environ,
                            "PYTHONPATH": "src"}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    workers: set[int] = set()
    try:
        # killed while the workers work: once the first documents they extracted are stored
        assert wait_for(lambda: stored(db) > 0, 240), proc.stderr.read().decode()[-2000:] if proc.poll() else "slow"
        workers = children_of(proc.pid)
        assert len(workers) >= 2
        assert proc.poll() is None, "the ingest ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)  # the parent only: nothing tells the workers
        proc.wait(30)
        assert wait_for(lambda: not any(alive(w) for w in workers), 60), \
            f"workers {[w for w in workers if alive(w)]} outlived their parent"
    finally:
        for pid in [proc.pid, *workers]:  # only the processes this test started
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        proc.wait(30)
