"""didban's scale benchmarks, all measured in one run on the same articles; results saved as JSON.

    python benchmarks/run_all.py --articles 10000 [--sample 400] [--workers 2] [--skip-ingest] [--ingest-articles N]
    python benchmarks/run_all.py --store-events 1000000 [--db FILE] [--pg URL]   # the store targets only

1. corpus: builds (or reuses) --articles realistic Persian news articles in benchmarks/.cache/corpus (see corpus.py);
2. speed: the full pipeline (read → events) on the first --sample articles in one process, in articles per second per
   core, with the time of each stage; the same articles through hazm's Normalizer + WordTokenizer alone (in hazm's own
   venv, benchmarks/.cache/venv-hazm, when present) and through didban's normalize + tokenize alone;
3. scaling: the same sample through 1 and then --workers worker processes (pools warmed up before the clock);
4. ingest: the corpus (or its first --ingest-articles) through `ingest_corpus.py` three ways, each a child process
   whose process tree's memory is sampled every 0.25 s (peak RSS and PSS) and whose CPU time is counted: the pipeline
   alone (a store that keeps nothing), `didban ingest` with 1 worker, and with --workers workers, each into a fresh
   SQLite file with the merge at the end; printed: ingest ÷ pipeline with 1 worker, and N workers ÷ 1, with the cores
   each run actually got (CPU time ÷ wall time) and the CPU milliseconds per article;
5. query: a filtered events query on the ingested database (median of repeated runs, and the first, cold one).

Results go to benchmarks/results/bench-<articles>[-<tag>].json (see README.md for how to read them).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (benchmarks/corpus.py)


from ingest_corpus import NullStore  # noqa: E402  (benchmarks/ingest_corpus.py)


def write_sample(files: list[Path], n: int) -> Path:
    path = CACHE / f"sample-{n}.jsonl"
    lines = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                lines.append(line)
                if len(lines) >= n:
                    break
        if len(lines) >= n:
            break
    path.write_text("".join(lines), encoding="utf-8")
    return path


def read_documents(path: Path) -> list:
    from didban import read
    from didban.options import Options

    return [d for d in read.read_inputs([str(path)], Options()) if not isinstance(d, Exception)]


# --- 2. speed -------------------------------------------------------------------------------------------------------

def bench_pipeline(sample: Path) -> dict:
    """The whole pipeline in this process after a warm-up: articles/s, and seconds per stage."""
    from didban.batch import ingest_inputs
    from didban.engines.worker import pipeline_for, warm_up
    from didban.options import Options

    options = Options()
    started = time.perf_counter()
    warm_up(options)
    from didban.events.codebook import default_codebook

    for entry in default_codebook().entries:  # patterns compile when first used: count them as loading here
        entry.regex.search("")
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    summary = ingest_inputs([str(sample)], NullStore(), options, workers=1, progress=False, merge=False)
    seconds = time.perf_counter() - started
    # per stage, on the same documents (a second pass, stage by stage)
    pipeline = pipeline_for(options)
    per_stage = {st.name: 0.0 for st in pipeline.stages}
    for doc in read_documents(sample):
        for st in pipeline.stages:
            t = time.perf_counter()
            try:
                doc = st.func(doc, options)
            except Exception:  # noqa: BLE001 - counted as a failure in the timed pass above
                break
            per_stage[st.name] += time.perf_counter() - t
    return {"articles": summary.read, "failed": summary.failed_count, "events": summary.events,
            "seconds": seconds, "articles_per_second": summary.read / seconds, "load_seconds": load_seconds,
            "stage_seconds": {k: round(v, 3) for k, v in per_stage.items()},
            "failure_reasons": summary.failure_reasons()}


def bench_didban_normalize_tokenize(sample: Path) -> dict | None:
    """didban's own normalize + tokenize stages alone (the like-for-like comparison with hazm)."""
    from didban.options import Options
    from didban.pipeline import Pipeline

    try:
        pipeline = Pipeline(["normalize", "segment"], Options())
    except Exception as exc:  # noqa: BLE001
        return {"error": str(exc)}
    docs = read_documents(sample)
    pipeline(docs[0].__class__(text=docs[0].text))  # warm-up
    started = time.perf_counter()
    for doc in docs:
        pipeline(doc)
    seconds = time.perf_counter() - started
    return {"articles": len(docs), "seconds": seconds, "articles_per_second": len(docs) / seconds,
            "stages": pipeline.names}


def hazm_python() -> str | None:
    venv = CACHE / "venv-hazm" / "bin" / "python"
    if venv.exists():
        return str(venv)
    try:
        import hazm  # noqa: F401

        return sys.executable
    except ImportError:
        return None


def bench_hazm(sample: Path) -> dict | None:
    python = hazm_python()
    if python is None:
        return None
    out = subprocess.run([python, str(HERE / "hazm_baseline.py"), str(sample)], capture_output=True, text=True,
                         check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    data["articles_per_second"] = data["articles"] / data["seconds"]
    data["python"] = python
    return data


# --- 3. scaling -----------------------------------------------------------------------------------------------------

def _warm_and_wait(options, seconds: float) -> int:
    from didban.engines.worker import warm_up

    warm_up(options)
    time.sleep(seconds)  # hold this worker so that the next warm-up task goes to another one
    return os.getpid()


def bench_workers(docs: list, workers: int, chunk_size: int = 16) -> dict:
    """Articles/s through a pool of `workers` processes, warmed up before the clock; the parent only collects."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from didban.engines.local import ordered_window
    from didban.engines.worker import process_chunk
    from didban.options import Options

    import resource

    options = Options()
    chunks = [docs[i : i + chunk_size] for i in range(0, len(docs), chunk_size)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pids = {f.result() for f in [pool.submit(_warm_and_wait, options, 1.0) for _ in range(workers)]}
        started = time.perf_counter()
        done = sum(len(r) for r in ordered_window(iter(chunks), lambda c: pool.submit(process_chunk, c, options),
                                                  lambda f: f.result(), 2 * workers))
        seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers' CPU time, counted once they have exited
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # cores_used: how much CPU the workers actually got. On a machine shared with other jobs it can stay far below
    # `workers`; cpu_ms_per_article tells whether the work itself grew with the workers (it should not)
    return {"workers": workers, "processes_warmed": len(pids), "articles": done, "seconds": seconds,
            "articles_per_second": done / seconds, "cpu_seconds": round(cpu, 2),
            "cores_used": round(cpu / seconds, 2), "cpu_ms_per_article": round(1000 * cpu / done, 1)}


# --- 4. ingest and memory --------------------------------------------------------------------------------------------

class TreeMemory:
    """Samples the memory of a process and all its descendants: peak RSS (sum) and peak PSS (shared pages split)."""

    def __init__(self, pid: int, every: float = 0.25):
        import psutil

        self.root = psutil.Process(pid)
        self.every = every
        self.peak_rss = self.peak_pss = 0
        self.samples: list[tuple[float, int]] = []
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            rss = pss = 0
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    info = p.memory_full_info()
                    rss += info.rss
                    pss += getattr(info, "pss", info.rss)
                except psutil.Error:
                    continue
            if not rss:  # the process has exited
                break
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self.samples.append((round(time.monotonic() - self.started, 2), rss))
            self._stop.wait(self.every)

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        n = len(self.samples)
        # RSS at a quarter, half and the end of the run: flat means memory does not grow with the corpus
        marks = {f"rss_mb_at_{q}": round(self.samples[min(n - 1, int(n * q / 100))][1] / 2**20, 1)
                 for q in (25, 50, 75, 100)} if n else {}
        return {"peak_rss_mb": round(self.peak_rss / 2**20, 1), "peak_pss_mb": round(self.peak_pss / 2**20, 1),
                "samples": n, **marks}


def bench_ingest(files: list[Path], workers: int, db: Path, null_store: bool = False) -> dict:
    """One `ingest_corpus.py` run in a child process: wall time from its start to its end (start-up, loading, the
    merge included), the CPU time of its whole process tree, and its memory."""
    import resource

    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    cmd = [sys.executable, str(HERE / "ingest_corpus.py"), "--db", str(db), "--workers", str(workers),
           *(["--null-store"] if null_store else []), *map(str, files)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    mem = memory.stop()
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}):\n{err[-3000:]}")
    summary = json.loads(out.strip().splitlines()[-1])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    articles = summary["read"]
    return {"wall_seconds": round(seconds, 2), "workers": workers, "null_store": null_store, **summary,
            "articles_per_second_wall": round(articles / seconds, 2), "cpu_seconds_tree": round(cpu, 2),
            "cores_used": round(cpu / seconds, 2), "cpu_ms_per_article": round(1000 * cpu / articles, 1),
            "memory": mem, "db_mb": None if null_store else round(db.stat().st_size / 2**20, 1)}


def bench_ingest_speed(files: list[Path], workers: int, repeat: int = 1) -> dict:
    """The pipeline alone, then `didban ingest` with 1 and with `workers` workers, on the same articles, alternating
    `repeat` times (the best wall time of each is kept: the machine is shared, other jobs only ever slow a run)."""
    runs: dict[str, list[dict]] = {"pipeline": [], "ingest_1": [], f"ingest_{workers}": []}
    for _ in range(repeat):
        for name in runs:
            print(f"  {name} ...", file=sys.stderr)
            db = CACHE / f"bench-ingest-{name}.sqlite"
            run = bench_ingest(files, 1 if name != f"ingest_{workers}" else workers, db, null_store=name == "pipeline")
            runs[name].append(run)
            print(f"    {run['articles_per_second_wall']} articles/s, {run['cores_used']} cores, "
                  f"{run['cpu_ms_per_article']} CPU ms/article, peak RSS {run['memory']['peak_rss_mb']} MB",
                  file=sys.stderr)
    best = {name: min(rs, key=lambda r: r["wall_seconds"]) for name, rs in runs.items()}
    pipeline, one, many = best["pipeline"], best["ingest_1"], best[f"ingest_{workers}"]
    return {
        "runs": runs, "best": best,
        "ingest_1_vs_pipeline": ratio(one["articles_per_second_wall"], pipeline["articles_per_second_wall"]),
        "ingest_1_vs_pipeline_cpu": ratio(pipeline["cpu_ms_per_article"], one["cpu_ms_per_article"]),
        f"ingest_{workers}_vs_1": ratio(many["articles_per_second_wall"], one["articles_per_second_wall"]),
        "cores_used": {name: r["cores_used"] for name, r in best.items()},
        "cpu_ms_per_article": {name: r["cpu_ms_per_article"] for name, r in best.items()},
        "peak_rss_mb": max(r["memory"]["peak_rss_mb"] for rs in runs.values() for r in rs),
    }


# --- 5. query -------------------------------------------------------------------------------------------------------

def bench_query(db: Path, repeat: int = 7) -> dict:
    from didban.store import open_store

    store = open_store(db)
    try:
        queries = {
            "meetings_2025_h1": {"cameo": "04", "since": "2025-01-01", "until": "2025-06-30"},
            "by_country_2024": {"country": "IRN", "since": "2024-01-01", "until": "2024-12-31"},
            "by_actor": {"actor": "ایران"},
        }
        out = {"events_stored": store.count("events"), "documents_stored": store.count("documents")}
        for name, filters in queries.items():
            times, total = [], None
            for _ in range(repeat):
                started = time.perf_counter()
                try:
                    result = store.query_events(limit=50, **filters)
                except Exception as exc:  # noqa: BLE001 - report, do not stop the benchmark
                    out[name] = {"filters": filters, "error": f"{type(exc).__name__}: {exc}"}
                    break
                times.append((time.perf_counter() - started) * 1000)
                total = getattr(result, "total", None)
            else:
                out[name] = {"filters": filters, "matches": total, "first_ms": round(times[0], 2),
                             "median_ms": round(statistics.median(times), 2)}
        return out
    finally:
        store.close()


# --- main -----------------------------------------------------------------------------------------------------------

def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def main() -> None:
    parser = argparse.ArgumentParser(description="didban scale benchmarks")
    parser.add_argument("--articles", type=int, default=10000, help="corpus size")
    parser.add_argument("--sample", type=int, default=400, help="articles for the speed and scaling figures")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--skip-ingest", action="store_true", help="speed and scaling only")
    parser.add_argument("--skip-speed", action="store_true", help="the ingest figures only (parts 4 and 5)")
    parser.add_argument("--ingest-articles", type=int, default=None,
                        help="articles for the ingest figures (default: the whole corpus)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each ingest figure (the best is kept)")
    parser.add_argument("--tag", default="", help="suffix of the result file (bench-<articles>-<tag>.json)")
    parser.add_argument("--store-events", type=int, help="instead: the store's query and server targets on a store of "
                        "this many events (benchmarks/store/store_targets.py, with --db and --pg)")
    parser.add_argument("--db", help="with --store-events: the SQLite store (built when missing; default in /tmp)")
    parser.add_argument("--pg", help="with --store-events: a PostgreSQL URL with ?schema= measured too")
    args = parser.parse_args()
    if args.store_events:
        sys.path.insert(0, str(HERE / "store"))
        import store_targets  # benchmarks/store/store_targets.py

        raise SystemExit(store_targets.main(
            ["--db", args.db or f"/tmp/didban-{args.store_events}.sqlite", "--events", str(args.store_events),
             *(["--pg", args.pg] if args.pg else []), *(["--tag", args.tag] if args.tag else [])]))

    files = corpus.build(args.articles)
    sample = write_sample(files, args.sample)
    print(f"corpus: {args.articles} articles in {len(files)} file(s); sample: {args.sample}", file=sys.stderr)
    result: dict = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_at_start": os.getloadavg()},
        "corpus": {"articles": args.articles, "files": len(files),
                   "mb": round(sum(f.stat().st_size for f in files) / 1e6, 1), "sample": args.sample},
    }
    if not args.skip_speed:
        print("speed: full pipeline ...", file=sys.stderr)
        result["pipeline"] = bench_pipeline(sample)
        print("speed: hazm ...", file=sys.stderr)
        result["hazm"] = bench_hazm(sample)
        result["didban_normalize_tokenize"] = bench_didban_normalize_tokenize(sample)
        print("scaling ...", file=sys.stderr)
        docs = read_documents(sample)
        one = bench_workers(docs, 1)
        many = bench_workers(docs, args.workers)
        result["scaling"] = {"one": one, "many": many,
                             "speedup": ratio(many["articles_per_second"], one["articles_per_second"])}
    if not args.skip_ingest:
        ingest_files = files if not args.ingest_articles else [write_sample(files, args.ingest_articles)]
        count = args.ingest_articles or args.articles
        print(f"ingest: {count} articles: pipeline alone, 1 worker, {args.workers} workers ...", file=sys.stderr)
        result["ingest"] = bench_ingest_speed(ingest_files, args.workers, args.repeat)
        print("query ...", file=sys.stderr)
        result["query"] = bench_query(CACHE / f"bench-ingest-ingest_{args.workers}.sqlite")
    result["ratios"] = {}
    if not args.skip_speed:
        hazm_rate = (result["hazm"] or {}).get("articles_per_second")
        result["ratios"] = {
            "pipeline_vs_hazm_per_core": ratio(result["pipeline"]["articles_per_second"], hazm_rate),
            "normalize_tokenize_vs_hazm": ratio((result["didban_normalize_tokenize"] or {}).get("articles_per_second"),
                                                hazm_rate),
            "workers_speedup": result["scaling"]["speedup"],
        }
    if "ingest" in result:
        ingest = result["ingest"]
        result["ratios"].update({k: ingest[k] for k in ingest if k.startswith("ingest_")},
                                ingest_cores_used=ingest["cores_used"],
                                ingest_cpu_ms_per_article=ingest["cpu_ms_per_article"],
                                ingest_peak_rss_mb=ingest["peak_rss_mb"])
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"bench-{args.articles}{'-' + args.tag if args.tag else ''}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result["ratios"], ensure_ascii=False, indent=1), file=sys.stderr)
    print(f"saved {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
