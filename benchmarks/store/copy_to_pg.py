"""Copy a generated SQLite store (make_store.py) into PostgreSQL with COPY: a 1,000,000-event PostgreSQL store in
minutes, where make_store.py's row-by-row inserts would take hours.

    python benchmarks/store/copy_to_pg.py --from /tmp/didban-1m.sqlite \
        --to 'postgresql://postgres@127.0.0.1:5432/test?schema=bench1m'

The target schema must not hold a store yet. It is created by `didban.store.open_store` (every migration, trigger
and index), the secondary indexes are dropped and the triggers switched off during the copy, every table is copied
as is (event_filters and the name tables included: the SQLite store's migrations already made them; the full-text
table from SQLite's doc_fts), then the indexes are rebuilt, the triggers switched back on and VACUUM (ANALYZE) run.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy.schema import CreateIndex, DropIndex  # noqa: E402

from didban.store import open_store, schema as s  # noqa: E402

# (entity_name_keys: its stamp, migration 7, bumped once at the end instead of once per key)
TRIGGERED = ("participants", "entity_names", "entities", "entity_name_keys")


def copy_table(src: sqlite3.Connection, cur, name: str, columns: list[str], source_sql: str | None = None) -> int:
    rows = 0
    with cur.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in src.execute(source_sql or f"SELECT {', '.join(columns)} FROM {name}"):
            copy.write_row(row)
            rows += 1
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--from", dest="source", required=True, help="the SQLite store")
    ap.add_argument("--to", required=True, help="a PostgreSQL URL with ?schema= (a new schema)")
    args = ap.parse_args(argv)
    started = time.monotonic()
    src = sqlite3.connect(f"file:{args.source}?mode=ro", uri=True)
    store = open_store(args.to)
    if store.count("documents"):
        ap.error("the target already holds documents: give a new schema")
    secondary = [ix for table in s.metadata.sorted_tables for ix in table.indexes if table not in s.WATCH_TABLES]
    with store.engine.begin() as conn:
        for ix in secondary:
            conn.execute(DropIndex(ix, if_exists=True))
        for table in TRIGGERED:
            conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    raw = store.engine.raw_connection()
    cur = raw.cursor()
    copied = {}
    tables = [t for t in s.metadata.sorted_tables if t not in s.WATCH_TABLES and t is not s.migrations]
    for table in tables:
        t0 = time.monotonic()
        copied[table.name] = copy_table(src, cur, table.name, [c.name for c in table.columns])
        print(f"{table.name}: {copied[table.name]:,} rows, {time.monotonic() - t0:.0f} s", file=sys.stderr)
        raw.commit()
    copied["doc_search"] = copy_table(src, cur, "doc_search", ["doc_id", "body"], "SELECT doc_id, body FROM doc_fts")
    raw.commit()
    raw.close()
    t0 = time.monotonic()
    with store.engine.begin() as conn:
        for ix in secondary:
            conn.execute(CreateIndex(ix, if_not_exists=True))
        for table in TRIGGERED:
            conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        # the name keys came without their trigger: their stamp (migration 7) says they changed
        conn.exec_driver_sql("UPDATE entity_name_keys_stamp SET stamp = stamp + 1")
    # planner statistics and the visibility map, as a long-lived store has them (autovacuum runs after inserts):
    # without the map PostgreSQL cannot read an index alone (an index-only scan) and visits a table row per entry
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM (ANALYZE)")
    print(f"indexes and ANALYZE: {time.monotonic() - t0:.0f} s", file=sys.stderr)
    store.close()
    print(json.dumps({"rows": copied, "seconds": round(time.monotonic() - started, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
