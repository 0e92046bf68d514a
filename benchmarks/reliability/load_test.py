"""A bounded load test of `didban serve` on loopback: requests/s and latency percentiles for the main endpoints.

    python benchmarks/reliability/load_test.py                  # 400 requests per endpoint, 8 at a time
    python benchmarks/reliability/load_test.py --requests 2000 --concurrency 16 --max-seconds 60
    python benchmarks/reliability/load_test.py --requests 500 --concurrency 50 --max-seconds 20   # 50 client threads

It writes a 30-article corpus (tests/reliability/reliability_corpus.py) plus the sample article, ingests it into a
fresh SQLite file, starts `didban serve` on a free port of 127.0.0.1, and for each endpoint sends a fixed number of GET
requests from a pool of threads (httpx, one keep-alive client per thread), stopping early at --max-seconds per
endpoint; then the same threads on /api/events while one more client polls /api/stats (how long a light request
waits behind heavy ones). Only 127.0.0.1 is ever addressed. Results: a table on stdout and
benchmarks/reliability/results/load-last.json (load-last-N-threads.json for another --concurrency N).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reliability"))
from reliability_corpus import write_corpus  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_db(folder: Path) -> Path:
    corpus = folder / "corpus"
    write_corpus(corpus, 30)
    (corpus / "seed.txt").write_text((ROOT / "src/didban/data/sample/seed.txt").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    db = folder / "load.sqlite"
    subprocess.run([sys.executable, "-m", "didban", "ingest", str(corpus), "--db", str(db), "--quiet"], check=True,
                   cwd=ROOT)
    return db


def start_server(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "didban", "serve", "--db", str(db), "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"didban serve ended: {proc.stderr.read()[-2000:]}")
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("didban serve did not start within 60 s")


def endpoints(base: str) -> dict[str, str]:
    with httpx.Client(base_url=base) as http:
        doc = http.get("/api/documents", params={"limit": 1}).json()["items"][0]["id"]
        event = http.get("/api/events", params={"limit": 1}).json()["items"][0]["id"]
    return {
        "events (page of 50)": "/api/events",
        "events filtered (actor, cameo 04)": "/api/events?actor=%D8%B9%D8%B1%D8%A7%D9%82%DA%86%DB%8C&cameo=04",
        "one event": f"/api/events/{event}",
        "documents": "/api/documents",
        "one document": f"/api/documents/{doc}",
        "entities": "/api/entities",
        "search": "/api/search?q=%DA%AF%D9%81%D8%AA%E2%80%8C%D9%88%DA%AF%D9%88",
        "network": "/api/network",
        "timeline": "/api/timeline",
        "stats": "/api/stats",
    }


def hammer(base: str, path: str, requests: int, concurrency: int, max_seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + max_seconds
    per_worker = [requests // concurrency + (1 if i < requests % concurrency else 0) for i in range(concurrency)]

    def worker(n: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=30) as http:
            for _ in range(n):
                if time.monotonic() > stop_at:
                    return
                start = time.perf_counter()
                try:
                    ok = http.get(path).status_code == 200
                except httpx.HTTPError:
                    ok = False
                took = time.perf_counter() - start
                with lock:
                    latencies.append(took)
                    errors += not ok

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(worker, per_worker))
    wall = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else 0.0

    return {"requests": len(latencies), "errors": errors, "seconds": round(wall, 2),
            "requests_per_s": round(len(latencies) / wall, 1) if wall else 0.0,
            "p50_ms": pct(0.50), "p95_ms": pct(0.95), "max_ms": round(1000 * latencies[-1], 1) if latencies else 0.0,
            "mean_ms": round(1000 * statistics.fmean(latencies), 1) if latencies else 0.0}


def beside(base: str, busy: str, probe: str, concurrency: int, seconds: float) -> dict:
    """`concurrency` threads on `busy` while one client asks for `probe` in a loop: how long a light request waits
    behind heavy ones."""
    done = threading.Event()
    waits: list[float] = []

    def poll() -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            while not done.is_set():
                start = time.perf_counter()
                http.get(probe)
                waits.append(time.perf_counter() - start)

    poller = threading.Thread(target=poll)
    poller.start()
    busy_result = hammer(base, busy, 10**6, concurrency, seconds)
    done.set()
    poller.join()
    waits.sort()
    return {"busy": busy, "busy_requests_per_s": busy_result["requests_per_s"], "busy_p50_ms": busy_result["p50_ms"],
            "busy_errors": busy_result["errors"], "probe": probe, "probe_requests": len(waits),
            "probe_p50_ms": round(1000 * waits[len(waits) // 2], 1) if waits else None,
            "probe_max_ms": round(1000 * waits[-1], 1) if waits else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--max-seconds", type=float, default=30, help="stop an endpoint after this long")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="didban-load-") as tmp:
        db = prepare_db(Path(tmp))
        port = free_port()
        server = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            results = {name: hammer(base, path, args.requests, args.concurrency, args.max_seconds)
                       for name, path in endpoints(base).items()}
            mixed = beside(base, "/api/events", "/api/stats", args.concurrency, args.max_seconds)
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
    print("| endpoint | requests | errors | req/s | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['requests']} | {r['errors']} | {r['requests_per_s']} | {r['p50_ms']} | {r['p95_ms']} "
              f"| {r['max_ms']} |")
    print(f"/api/stats beside {args.concurrency} threads on /api/events: {json.dumps(mixed)}")
    out = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "concurrency": args.concurrency,
           "requests_per_endpoint": args.requests, "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
           f"load average {os.getloadavg()[0]:.1f} at the end", "python": platform.python_version(),
           "server": "didban serve (uvicorn, 1 process), SQLite, 31 articles", "results": results,
           "stats_beside_events": mixed}
    (HERE / "results").mkdir(exist_ok=True)
    name = "load-last.json" if args.concurrency == 8 else f"load-last-{args.concurrency}-threads.json"
    (HERE / "results" / name).write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    if any(r["errors"] for r in results.values()) or mixed["busy_errors"]:
        raise SystemExit("some requests failed")


if __name__ == "__main__":
    main()
