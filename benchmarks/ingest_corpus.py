"""Ingest files into a store and print the summary as JSON: the process whose memory the benchmark watches.

    python benchmarks/ingest_corpus.py --db PATH [--workers N] [--no-merge] FILE...

It is `didban ingest` without the CLI around it (the same `ingest_inputs`), so that the benchmark does not depend on
which commands are installed and can read the summary as data.
"""
from __future__ import annotations

import argparse
import json
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--db", required=True)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--no-merge", action="store_true")
    args = parser.parse_args()
    from didban.batch import ingest_inputs
    from didban.options import Options
    from didban.store import open_store

    store = open_store(args.db)
    started = time.perf_counter()
    try:
        summary = ingest_inputs(args.inputs, store, Options(), workers=args.workers, progress=False,
                                merge=False)
        ingest_seconds = time.perf_counter() - started
        merge_seconds = None
        if not args.no_merge:
            from didban.merge import run_merge

            started_merge = time.perf_counter()
            result = run_merge(store)
            merge_seconds = time.perf_counter() - started_merge
            summary.merged, summary.duplicates, summary.clusters = True, result.duplicates, result.clusters
            summary.multi_source_clusters = result.multi_source_clusters
    finally:
        store.close()
    out = summary.to_dict()
    out.pop("failures")
    out.update(ingest_seconds=ingest_seconds, merge_seconds=merge_seconds)
    json.dump(out, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
