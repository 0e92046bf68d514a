"""Load `GET /api/events` of a real `didban serve` on loopback with client threads (issue 17's throughput target).

    python benchmarks/store/serve_bench.py --db /tmp/didban-1m.sqlite [--threads 8] [--seconds 30] [--workers N]
        [--no-cache] [--compare] [--out FILE]

Starts `didban serve --db DB --port 0 [--workers N] [--no-cache]` in a child process (read-only: no token), waits
for it to answer, then
`--threads` client threads (one keep-alive HTTP connection each) request the first page of 50 events, cycling
through a mix of filters (none, country, actor, type, CAMEO, place, dates, combinations), for `--seconds` after a
warm-up. Prints requests per second, errors (any status but 200, any exception), latency median and p95, and the
CPU time the server and the clients used over the run ("cores used" = CPU seconds / wall seconds), with the load
average: the clients run on the same machine and take their share of the cores. The server's CPU is its process's
plus its worker processes'.

The mix repeats 12 queries: with the server's answer cache on (the default of `didban serve`) every request after
the first of each query (per worker) is answered from the cache — a warm figure. `--no-cache` makes the server compute
every answer (a cold figure for the answers; SQLite's page cache is warm either way). `--compare` runs the
configurations of issue 17's report one after the other, alternating, in one run: 1 worker and `--workers` workers,
each with and without the cache. `--distinct SHARE` makes that share of the requests queries never asked before in
the run (a filter of the mix with an `until` day no other request had): with SHARE 1 the cache never answers.
"""
from __future__ import annotations

import argparse
import datetime
import http.client
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MIX = [{}, {"country": "TUR"}, {"country": "IRN"}, {"actor": "عراقچی"}, {"actor": "Lavrov"}, {"type": "CONSULT"},
       {"cameo": "04"}, {"place": "Tehran"}, {"since": "2020-01-01", "until": "2020-06-30"},
       {"country": "RUS", "cameo": "04", "since": "2023-01-01", "until": "2023-12-31"},
       {"actor": "عراقچی", "since": "2024-01-01"}, {"country": "Türkiye"}]


def start_server(db: str, workers: int = 1, cache: bool = True) -> tuple[subprocess.Popen, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    flags = [*(["--workers", str(workers)] if workers != 1 else []), *([] if cache else ["--no-cache"])]
    proc = subprocess.Popen([sys.executable, "-m", "didban", "serve", "--db", db, "--port", "0", *flags],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line or "")
        if found:
            threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep its pipe drained
            return proc, int(found.group(1))
        if proc.poll() is not None:
            raise SystemExit(f"didban serve ended: {line}")
    proc.kill()
    raise SystemExit("didban serve did not start within 120 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its live children (the worker processes; Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    try:
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        children = []
    return own + sum(cpu_seconds(c) for c in children)


_UNIQUE = itertools.count()
_LAST_DAY = datetime.date(2099, 12, 31)


def distinct_params(i: int) -> dict:
    """A query never asked before in this run: one of the mix's filters without a date bound, with `until` a day no
    other request had (counting down from 2099-12-31: after every stored event, so it only drops the undated ones)."""
    open_ended = [m for m in MIX if "until" not in m]
    day = _LAST_DAY - datetime.timedelta(days=next(_UNIQUE))
    return {"limit": 50, **open_ended[i % len(open_ended)], "until": day.isoformat()}


def client(port: int, stop_at: float, start_at: float, out: dict, offset: int, distinct: float = 0.0) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    rng = random.Random(offset)
    i = offset
    while time.monotonic() < stop_at:
        if distinct and rng.random() < distinct:
            params = distinct_params(i)
        else:
            params = {"limit": 50, **MIX[i % len(MIX)]}
        i += 1
        began = time.monotonic()
        try:
            conn.request("GET", "/api/events?" + urllib.parse.urlencode(params))
            response = conn.getresponse()
            body = response.read()
            ok = response.status == 200 and b'"items"' in body
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        ended = time.monotonic()
        if began >= start_at:  # after the warm-up
            out["latencies"].append(ended - began)
            out["errors"] += not ok


def run(db: str, threads: int, seconds: float, warmup: float = 5.0, workers: int = 1, cache: bool = True,
        distinct: float = 0.0) -> dict:
    proc, port = start_server(db, workers, cache)
    try:
        results = [{"latencies": [], "errors": 0} for _ in range(threads)]
        start_at = time.monotonic() + warmup
        stop_at = start_at + seconds
        clients = [threading.Thread(target=client, args=(port, stop_at, start_at, results[k], k, distinct))
                   for k in range(threads)]
        for w in clients:
            w.start()
        time.sleep(max(0.0, start_at - time.monotonic()))
        server_cpu0, client_cpu0, load0 = cpu_seconds(proc.pid), time.process_time(), os.getloadavg()[0]
        wall0 = time.monotonic()
        for w in clients:
            w.join()
        wall = time.monotonic() - wall0
        server_cpu, client_cpu = cpu_seconds(proc.pid) - server_cpu0, time.process_time() - client_cpu0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    latencies = sorted(x for r in results for x in r["latencies"])
    errors = sum(r["errors"] for r in results)
    return {"workers": workers, "cache": cache, "distinct_share": distinct, "threads": threads,
            "seconds": round(wall, 1), "requests": len(latencies), "errors": errors,
            "requests_per_s": round(len(latencies) / wall, 1),
            "median_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
            "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1) if latencies else None,
            "server_cpu_ms_per_request": round(server_cpu / len(latencies) * 1000, 1) if latencies else None,
            "server_cores_used": round(server_cpu / wall, 2), "client_cores_used": round(client_cpu / wall, 2),
            "cpus": os.cpu_count(), "load_average_at_start": round(load0, 2),
            "load_average_at_end": round(os.getloadavg()[0], 2), "filters": MIX}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=1, help="didban serve --workers N")
    ap.add_argument("--no-cache", dest="cache", action="store_false", help="didban serve --no-cache")
    ap.add_argument("--compare", action="store_true", help="1 and --workers workers, with and without the cache, "
                                                           "alternating, --rounds times")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--distinct", type=float, default=0.0, metavar="SHARE",
                    help="this share of the requests (0–1) are queries never asked before in the run")
    ap.add_argument("--out", help="also write the results here (JSON)")
    args = ap.parse_args(argv)
    if args.compare:
        configs = [(1, False), (args.workers, False), (1, True), (args.workers, True)]
        runs = [run(args.db, args.threads, args.seconds, workers=w, cache=c, distinct=args.distinct)
                for _ in range(args.rounds) for w, c in configs]
        for r in runs:
            r.pop("filters")
            print(json.dumps(r), flush=True)
        result = {"filters": MIX, "runs": runs}
    else:
        result = run(args.db, args.threads, args.seconds, workers=args.workers, cache=args.cache,
                     distinct=args.distinct)
        print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
