"""CPU of the parent's part of an ingest, part by part, on documents the pipeline has already processed.

    python benchmarks/ingest_parts.py [--articles 1000] [--before OLD/src] [--repeat 4] [--tag T]

What `didban ingest --workers 1` adds to the pipeline, measured without the pipeline's own CPU (which is most of a run
and varies most on a shared machine): the documents are processed once and kept (`benchmarks/.cache/`), then each
round, in a fresh process, times in CPU ms per article: `prepare` (rows, fingerprint, search text, filter rows and,
where the code has it, the merge's signature: what the workers do after the pipeline), `open` (import the store's
libraries, create and migrate a new SQLite file), `write` (the batches, 64 documents a transaction) and `merge` (the
merge at the end, with its imports). With `--before`, rounds alternate between that source tree and this one; the
fastest round of each part is kept (other jobs only ever slow a round).
Result: `benchmarks/results/ingest-parts-T.json`.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
PARTS = ("prepare", "open", "write", "merge")


def processed_path(articles: int) -> Path:
    return HERE / ".cache" / f"processed-{articles}.pickle"


def make_processed(articles: int) -> Path:
    """The first `articles` of the benchmark corpus through the pipeline, slimmed as for storage, pickled."""
    import pickle

    path = processed_path(articles)
    if path.exists():
        return path
    from corpus import build  # benchmarks/corpus.py

    from didban.engines.worker import for_storage
    from didban.options import Options
    from didban.pipeline import pipeline_for, process_one, read_inputs

    files = build(max(articles, 1500))  # the corpus run_all.py builds: its first articles are its ingest sample
    pipeline = pipeline_for(Options())
    docs = []
    for doc in read_inputs([str(f) for f in files], Options()):
        docs.append(for_storage(process_one(doc, pipeline)))
        if len(docs) >= articles:
            break
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        pickle.dump(docs, fh)
    return path


def one_round(path: str) -> dict:
    """In this process (run with the source tree to measure on PYTHONPATH): the parts' CPU, ms per article."""
    import gc
    import pickle
    import tempfile

    with open(path, "rb") as fh:
        docs = pickle.load(fh)
    gc.freeze()  # as the ingest does once the pipeline's data is loaded
    from didban.engines import worker

    mode = getattr(worker, "PREPARE_FOR_MERGE", True)  # the merge's signature too, where this code computes it
    out: dict = {}
    started = time.process_time()
    prepared = [worker.finish(doc, mode) for doc in docs]
    out["prepare"] = time.process_time() - started
    with tempfile.TemporaryDirectory() as tmp:
        started = time.process_time()
        from didban.store import open_store

        store = open_store(Path(tmp) / "parts.sqlite")
        out["open"] = time.process_time() - started
        from didban.batch import IngestSummary, _Writer, merge_store

        summary = IngestSummary()
        writer = _Writer(store, summary, False, None, None, 64, 1e9)
        started = time.process_time()
        for start in range(0, len(prepared), 16):  # chunks as the workers send them
            writer.add(prepared[start:start + 16])
        writer.flush()
        out["write"] = time.process_time() - started
        summary.merge_changes = writer.changes
        started = time.process_time()
        merge_store(store, summary)
        out["merge"] = time.process_time() - started
        store.close()
    result = {k: round(v * 1000 / len(docs), 3) for k, v in out.items()}
    result.update(duplicates=summary.duplicates, clusters=summary.clusters, new=summary.new)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--before", help="an older src/ to alternate with")
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--tag", default="latest")
    parser.add_argument("--round", help=argparse.SUPPRESS)  # internal: one round on this pickle
    args = parser.parse_args()
    if args.round:
        print(json.dumps(one_round(args.round)))
        return
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(SRC))
    path = make_processed(args.articles)
    trees = {"after": str(SRC), **({"before": str(Path(args.before).resolve())} if args.before else {})}
    rounds: dict[str, list[dict]] = {name: [] for name in trees}
    loads = [os.getloadavg()[0]]
    for _ in range(args.repeat):
        for name, tree in (reversed(trees.items()) if args.before else trees.items()):
            env = {**os.environ, "PYTHONPATH": tree}
            done = subprocess.run([sys.executable, __file__, "--round", str(path)], env=env, check=True,
                                  capture_output=True, text=True)
            rounds[name].append(json.loads(done.stdout))
            loads.append(os.getloadavg()[0])
    result = {"articles": args.articles, "load_average": [round(min(loads), 2), round(max(loads), 2)],
              "cpus": os.cpu_count(), "rounds": rounds, "fastest_ms_per_article": {}}
    for name, runs in rounds.items():
        fastest = {part: min(r[part] for r in runs) for part in PARTS}
        fastest["total"] = round(min(sum(r[part] for part in PARTS) for r in runs), 3)
        result["fastest_ms_per_article"][name] = fastest
    out = HERE / "results" / f"ingest-parts-{args.tag}.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result["fastest_ms_per_article"], indent=1))
    print(f"saved {out}")


if __name__ == "__main__":
    main()
