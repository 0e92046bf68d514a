"""Ingest files into a store and print the summary as JSON: the process whose memory and CPU the benchmark watches.

    python benchmarks/ingest_corpus.py --db PATH [--workers N] [--no-merge] [--null-store] FILE...

It is `didban ingest` without the CLI around it (the same `ingest_inputs`, merge included), so that the benchmark does
not depend on which commands are installed and can read the summary as data. `--null-store` runs the same command
with a store that keeps nothing: the pipeline alone on the same articles, with the same start-up, what the ingest is
compared with.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time


class NullStore:
    """A store that keeps nothing: measures the pipeline without the database."""

    def upsert_document(self, doc) -> str:
        return "new"

    def has_document(self, doc_id: str) -> bool:
        return False

    def iter_documents(self):
        return iter(())

    def close(self) -> None:
        pass


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the worker processes, once the pool closed)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--db", required=True)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--no-merge", action="store_true")
    parser.add_argument("--null-store", action="store_true", help="keep nothing: the pipeline alone")
    args = parser.parse_args()
    started = time.perf_counter()
    from didban.batch import ingest_inputs
    from didban.options import Options
    from didban.store import open_store

    store = NullStore() if args.null_store else open_store(args.db)
    try:
        summary = ingest_inputs(args.inputs, store, Options(), workers=args.workers, progress=False,
                                merge=not (args.no_merge or args.null_store))
    finally:
        store.close()
    out = summary.to_dict()
    out.pop("failures")
    out.update(process_seconds=round(time.perf_counter() - started, 3), cpu_seconds=round(cpu_seconds(), 2))
    json.dump(out, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
