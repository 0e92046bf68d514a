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


def threads_of(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
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
    write_corpus(corpus, 60)
    proc = subprocess.Popen([sys.executable, "-m", "didban", "ingest", str(corpus), "--db", str(tmp_path / "d.sqlite"),
                             "--workers", "2", "--quiet", "--no-merge"], cwd=ROOT, env={**os.environ,
                            "PYTHONPATH": "src"}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    workers: set[int] = set()
    try:
        # the workers are up once they run more than their main thread (the pool's and didban's helper threads)
        assert wait_for(lambda: len(children_of(proc.pid)) >= 2, 240), "no workers started"
        workers = children_of(proc.pid)
        assert wait_for(lambda: all(threads_of(w) >= 2 for w in workers), 60)
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
