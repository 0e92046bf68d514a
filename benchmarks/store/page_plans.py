"""The statements of one event-list page and their plans, and a hash of every case's pages: the tools used to find
and check the store's slow pages (issue 17).

    python benchmarks/store/page_plans.py --db URL --explain 'actor=عراقچی&place=Tehran'   # PostgreSQL: EXPLAIN
        (ANALYZE, BUFFERS) of each statement of the page, in a transaction with the page's settings; SQLite: EXPLAIN
        QUERY PLAN
    python benchmarks/store/page_plans.py --db URL --hash      # page 1 and page 2 (by cursor) of every case of
        store_targets.py, with totals, count_capped and cursors, hashed: the same hash before and after a change
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE))

from store_targets import CASES  # noqa: E402


def case_filters(store, filters: dict) -> dict:
    if "doc_id" in filters:
        filters = {**filters, "doc_id": store.query_events(limit=1, country="TUR")[0]["doc_id"]}
    if "cursor" in filters:
        filters = {**filters, "cursor": store.query_events(limit=5000).next_cursor}
    return filters


def page_digest(store) -> str:
    h = hashlib.sha256()
    for name, filters in CASES.items():
        filters = case_filters(store, filters)
        one = store.query_events(limit=50, **filters)
        pages = [one]
        if one.next_cursor:
            pages.append(store.query_events(limit=50, **{**filters, "cursor": one.next_cursor}))
        for page in pages:
            h.update(json.dumps([name, [dict(r) for r in page], page.total, page.count_capped, page.next_cursor],
                                sort_keys=True, default=str, ensure_ascii=False).encode())
        print(f"  {name:40} {page.total}{'+' if page.count_capped else ''}", file=sys.stderr)
    return h.hexdigest()


def explain(store, query: str, repeat: int) -> None:
    from sqlalchemy import event

    filters = {k: (v if k != "merged" else v == "true") for k, v in parse_qsl(query)}
    filters = case_filters(store, filters)
    seen = []

    def log(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    for _ in range(repeat):  # warm
        store.query_events(limit=50, **filters)
    event.listen(store.engine, "before_cursor_execute", log)
    started = time.perf_counter()
    store.query_events(limit=50, **filters)
    wall = (time.perf_counter() - started) * 1000
    event.remove(store.engine, "before_cursor_execute", log)
    print(f"{query}: {len(seen)} statements, {wall:.1f} ms")
    with store.engine.connect() as conn, conn.begin():
        pg = conn.dialect.name == "postgresql"
        if pg:
            conn.exec_driver_sql("SELECT set_config('max_parallel_workers_per_gather', '0', true), "
                                 "set_config('jit', 'off', true)")
        for statement, parameters in seen:
            if statement.lstrip().upper().startswith("SELECT SET_CONFIG"):
                continue
            print("\n----", statement[:3000], "\n", str(parameters)[:500])
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if pg else "EXPLAIN QUERY PLAN "
            for row in conn.exec_driver_sql(prefix + statement, parameters):
                print("   ", " | ".join(map(str, row)))


def main(argv=None) -> int:
    from didban.store import open_store

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--explain", action="append", default=[], help="a query string (actor=X&place=Y)")
    ap.add_argument("--hash", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    store = open_store(args.db, create=False)
    for query in args.explain:
        explain(store, query, args.repeat)
    if args.hash:
        print(page_digest(store))
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
