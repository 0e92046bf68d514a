"""Time the events queries (`didban events`, `/api/events`, `Store.query_events`) on a big store.

    python benchmarks/store/make_store.py --events 1000000 --db /tmp/didban-1m.sqlite   # once
    python benchmarks/store/query_bench.py --db /tmp/didban-1m.sqlite --tag after

For each filter (and combinations) it runs the first page of 50 once cold, then `--repeat` times, and reports the
cold time, the median and the p95 in milliseconds; the same through the HTTP API (FastAPI's test client, so no
network) for a few filters; and a deep page (rows 5,000-5,050) by offset and by cursor. Absolute times depend on
the machine: compare runs made on the same machine (the result records its load average). Writes
`benchmarks/results/store-<events>-<tag>.json` and prints it.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

CASES = {
    "first page": {},
    "country=TUR": {"country": "TUR"},
    "country=IRN": {"country": "IRN"},
    "country=Türkiye (a name)": {"country": "Türkiye"},
    "actor=عراقچی": {"actor": "عراقچی"},
    "actor=Lavrov": {"actor": "Lavrov"},
    "actor=Erdogan, rare": {"actor": "erdoğan"},
    "type=CONSULT": {"plover": "CONSULT"},
    "type=COERCE": {"plover": "COERCE"},
    "cameo=04": {"cameo": "04"},
    "cameo=0431, rare": {"cameo": "0431"},
    "place=Tehran": {"place": "Tehran"},
    "half a year": {"since": "2020-01-01", "until": "2020-06-30"},
    "one week": {"since": "2019-03-01", "until": "2019-03-07"},
    "country=TUR + type=CONSULT": {"country": "TUR", "plover": "CONSULT"},
    "actor=عراقچی + since 2024": {"actor": "عراقچی", "since": "2024-01-01"},
    "country=RUS + cameo=04 + 2023": {"country": "RUS", "cameo": "04", "since": "2023-01-01", "until": "2023-12-31"},
    "all reports (merged=false)": {"merged": False},
}
API_CASES = {"first page": {}, "country=TUR": {"country": "TUR"}, "actor=عراقچی": {"actor": "عراقچی"},
             "type=CONSULT": {"type": "CONSULT"}, "half a year": {"since": "2020-01-01", "until": "2020-06-30"}}


def timed(fn, repeat: int) -> dict:
    start = time.perf_counter()
    result = fn()
    cold = time.perf_counter() - start
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    runs = sorted(runs) or [cold]  # --repeat 0: the cold run only (an old didban taking seconds a query)
    return {"cold_ms": round(cold * 1000, 1), "median_ms": round(statistics.median(runs) * 1000, 1),
            "p95_ms": round(runs[min(len(runs) - 1, int(len(runs) * 0.95))] * 1000, 1),
            "rows": len(result) if isinstance(result, list) else None,
            "total": getattr(result, "total", None), "count_capped": getattr(result, "count_capped", None)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--tag", default="run")
    ap.add_argument("--no-api", action="store_true")
    ap.add_argument("--only", help="the cases to run, separated by commas (for a slow didban: the 'before' run)")
    ap.add_argument("--src", help="import didban from this src folder (e.g. an older checkout's) instead")
    args = ap.parse_args(argv)
    if args.src:
        sys.path.insert(0, str(Path(args.src).resolve()))
    only = set(args.only.split(",")) if args.only else None

    from didban.store import open_store

    store = open_store(args.db, create=False)
    events = store.count("events")
    out = {"db": store.dialect, "events": events, "schema_version": store.version, "repeat": args.repeat,
           "load_average_at_start": os.getloadavg()[0], "cpus": os.cpu_count(), "store": {}, "api": {}}
    for name, filters in CASES.items():
        if only and name not in only:
            continue
        out["store"][name] = timed(lambda f=filters: store.query_events(limit=50, **f), args.repeat)
        print(f"{name:34} {out['store'][name]}", file=sys.stderr)
    deep = {"by offset (rows 5,000-5,050)": lambda: store.query_events(limit=50, offset=5000)}
    if only:
        deep = {k: v for k, v in deep.items() if k in only}
    try:
        if only and "by cursor (rows 5,000-5,050)" not in only:
            raise AttributeError
        page = store.query_events(limit=5000)
        token = page.next_cursor
        deep["by cursor (rows 5,000-5,050)"] = lambda: store.query_events(limit=50, cursor=token)
    except (AttributeError, TypeError):
        pass  # a didban without cursors
    out["deep page"] = {name: timed(fn, min(args.repeat, 5)) for name, fn in deep.items()}
    print(json.dumps(out["deep page"]), file=sys.stderr)
    if not args.no_api:
        from fastapi.testclient import TestClient

        from didban.server.app import create_app

        with TestClient(create_app(args.db, create=False)) as client:
            for name, params in API_CASES.items():
                if only and f"API {name}" not in only:
                    continue
                def call(p=params):
                    response = client.get("/api/events", params={"limit": 50, **p})
                    assert response.status_code == 200, response.text
                    return response.json()["items"]
                out["api"][name] = timed(call, args.repeat)
                print(f"API {name:30} {out['api'][name]}", file=sys.stderr)
    store.close()
    target = ROOT / "benchmarks" / "results" / f"store-{events}-{args.tag}.json"
    target.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
