"""25 (or --clients) concurrent GET /api/documents/<id> of one big stored document, and /api/stats while a big
document is POSTed: statuses, response sizes, seconds and the server's peak memory.

    python benchmarks/reliability/concurrent_document.py --db big.sqlite            # the store holding the document
    python benchmarks/reliability/concurrent_document.py --db big.sqlite --post big.txt --token T

The store is made with `didban ingest big.txt --db big.sqlite` (a ~1 MB article: the seed article's paragraphs
repeated). Only 127.0.0.1 is addressed. The server's peak resident memory is read from /proc (VmHWM).
"""
from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db: str, port: int, token: str | None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "didban", "serve", "--db", db, "--port", str(port), "--quiet"]
    proc = subprocess.Popen(cmd + (["--token", token] if token else []), cwd=ROOT, stderr=subprocess.PIPE, text=True)
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    raise SystemExit(proc.stderr.read())


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--clients", type=int, default=25)
    parser.add_argument("--post", help="a text file to POST while /api/stats is polled")
    parser.add_argument("--token")
    args = parser.parse_args()
    port = free_port()
    server = start(str(Path(args.db).resolve()), port, args.token)
    base = f"http://127.0.0.1:{port}"
    result: dict = {}
    try:
        with httpx.Client(base_url=base, timeout=300) as http:
            doc_id = http.get("/api/documents", params={"limit": 1}).json()["items"][0]["id"]

        def get(_):
            started = time.perf_counter()
            with httpx.Client(base_url=base, timeout=300) as http:
                r = http.get(f"/api/documents/{doc_id}")
            wire.append(r.num_bytes_downloaded)
            return r.status_code, len(r.content), time.perf_counter() - started

        wire: list[int] = []

        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            answers = list(pool.map(get, range(args.clients)))
        result["get"] = {"clients": args.clients, "statuses": sorted({s for s, _, _ in answers}),
                         "failed": sum(s != 200 for s, _, _ in answers),
                         "bytes_per_response": max(n for _, n, _ in answers),
                         "bytes_on_the_wire (gzip)": max(wire),
                         "max_seconds": round(max(t for _, _, t in answers), 2),
                         "wall_seconds": round(time.perf_counter() - started, 2),
                         "server_peak_rss_mb": round(peak_rss_mb(server.pid), 1)}
        if args.post:
            text = Path(args.post).read_text(encoding="utf-8")
            stats_waits: list[float] = []
            done = threading.Event()

            def poll():
                with httpx.Client(base_url=base, timeout=300) as http:
                    while not done.is_set():
                        t = time.perf_counter()
                        http.get("/api/stats")
                        stats_waits.append(time.perf_counter() - t)
                        time.sleep(0.05)

            poller = threading.Thread(target=poll)
            poller.start()
            t = time.perf_counter()
            with httpx.Client(base_url=base, timeout=600) as http:
                r = http.post("/api/documents", json={"text": text, "options": {"tagger": False}},
                              headers={"Authorization": f"Bearer {args.token}"})
            post_seconds = time.perf_counter() - t
            done.set()
            poller.join()
            result["post"] = {"status": r.status_code, "seconds": round(post_seconds, 2),
                              "stats_requests_meanwhile": len(stats_waits),
                              "stats_max_wait_seconds": round(max(stats_waits, default=0), 3)}
    finally:
        server.terminate()
        server.wait(30)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
