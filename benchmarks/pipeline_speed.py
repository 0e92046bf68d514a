"""The pipeline's cost per stage on real articles, and the start-up of `didban extract` on one short article.

    python benchmarks/pipeline_speed.py [--docs DIR] [--before OLD/src] [--runs 5] [--corpus FILE] [--tag T]

Measured in one run, so that the figures compare (the machine is shared: compare ratios across runs, not ms):

- `stages`: every article of --docs (default ../shared/eval/docs, *.txt) through the full pipeline in one process,
  stage by stage, after a warm-up that loads the data and compiles every codebook pattern (`load_seconds`); CPU ms
  per article per stage (process time: wall time on a shared machine counts the other jobs' turns too), the
  fastest of --passes passes over the articles. The passes after the first meet the memos the first filled (the
  tagger's per-sentence cache above all): these figures leave most of the tagger's own cost out; `--corpus` has it.
- `startup`: `python -m didban extract ARTICLE` (the shortest article of --docs) in a fresh process, --runs times:
  median wall and CPU seconds. `cold` is a run with an empty cache folder (every cache built), `import` is
  `python -c "import didban.cli"` alone (the floor that no data loading can remove). The processes run with .pyc
  files (as installed) and a cache folder of the benchmark's own (benchmarks/.cache/), see `_child`.
- `hazm`: hazm's Normalizer + WordTokenizer on the same articles (benchmarks/hazm_baseline.py, in hazm's own venv
  benchmarks/.cache/venv-hazm, or this interpreter if it imports hazm), once per round, the fastest kept; and the
  full pipeline's ratio to it; null without hazm.
- `--corpus FILE.jsonl` (e.g. benchmarks/.cache/corpus-1500/articles-000.jsonl from `benchmarks/corpus.py`):
  `corpus_once`, one pass over those articles in each round, each article seen once (`corpus_times`).
- `--before OLD/src`: the same figures for another checkout's `src` (e.g. `git archive BASE src | tar -x -C /tmp/b`),
  measured in the same run, and the ratios after ÷ before.

The articles are only timed, never printed. Result: benchmarks/results/pipeline-speed[-TAG].json.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"


def stage_times(docs_dir: Path, passes: int) -> dict:
    """In this process (whose sys.path picks the didban to measure): ms per article per stage."""
    from didban import read
    from didban.options import Options
    from didban.pipeline import Pipeline

    options = Options(on_error="raise")
    pipeline = Pipeline(None, options)
    paths = sorted(docs_dir.glob("*.txt"))
    started = time.perf_counter()
    pipeline(next(iter(read.read_inputs([str(paths[0])], options))))
    try:  # patterns compile when first used since issue 17: compile them all here, as data loading
        from didban.events.codebook import default_codebook

        for entry in default_codebook().entries:
            getattr(entry.regex, "compiled", None)
    except ImportError:
        pass
    load_seconds = time.perf_counter() - started
    totals: dict[str, list[float]] = {st.name: [] for st in pipeline.stages}
    for _ in range(passes):
        spent = dict.fromkeys(totals, 0.0)
        docs = [doc for p in paths for doc in read.read_inputs([str(p)], options)]  # fresh, untimed
        for doc in docs:
            for st in pipeline.stages:
                t = time.process_time()  # CPU time: on a shared machine, wall time measures the neighbours too
                doc = st.func(doc, options)
                spent[st.name] += time.process_time() - t
        for name, seconds in spent.items():
            totals[name].append(seconds)
    ms = {name: 1000 * min(v) / len(paths) for name, v in totals.items()}
    return {"articles": len(paths), "load_seconds": round(load_seconds, 3),
            "ms_per_article": {k: round(v, 2) for k, v in ms.items()}, "total_ms_per_article": round(sum(ms.values()), 2)}


def corpus_times(corpus: Path) -> dict:
    """In this process: one pass over the articles of a JSON-lines corpus (e.g. benchmarks/corpus.py's), each article
    seen once, as in an ingest: the per-word and per-sentence memos (the tagger's, the ZWNJ repair's) meet new text,
    which the repeated passes of `stage_times` over the same articles hide. CPU ms per article per stage; the first
    article (loading) is not counted."""
    from didban import read
    from didban.events.codebook import default_codebook
    from didban.options import Options
    from didban.pipeline import Pipeline

    options = Options(on_error="raise")
    pipeline = Pipeline(None, options)
    docs = list(read.read_inputs([str(corpus)], options))
    pipeline(docs[0])
    for entry in default_codebook().entries:
        getattr(entry.regex, "compiled", None)
    docs = docs[1:]
    spent = {st.name: 0.0 for st in pipeline.stages}
    for doc in docs:
        for st in pipeline.stages:
            t = time.process_time()
            doc = st.func(doc, options)
            spent[st.name] += time.process_time() - t
    ms = {name: 1000 * seconds / len(docs) for name, seconds in spent.items()}
    return {"articles": len(docs), "ms_per_article": {k: round(v, 2) for k, v in ms.items()},
            "total_ms_per_article": round(sum(ms.values()), 2)}


# The fresh processes run as an installed didban does: with compiled .pyc files (written once, under the benchmark's
# own folder; a pip install writes them at install time, while this shell may set PYTHONDONTWRITEBYTECODE), and with a
# cache folder of the benchmark's own, which other processes sharing the machine cannot clear in mid-run.
PYCACHE = HERE / ".cache" / "pycache"
DATA_CACHE = HERE / ".cache" / "didban-cache"


def _child(src: Path, args: list[str], env_extra: dict | None = None) -> tuple[float, float, str]:
    """Wall and CPU seconds of a fresh `python ARGS` importing didban from `src`."""
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONPYCACHEPREFIX": str(PYCACHE),
           "DIDBAN_CACHE_DIR": str(DATA_CACHE), **(env_extra or {})}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out.stdout


def startup(srcs: list[Path], article: Path, runs: int) -> list[dict]:
    """Each checkout's start-up figures, its fresh processes alternating with the other checkouts'."""
    extract = ["-m", "didban", "extract", str(article)]
    cold, walls, cpus, imports = [], [[] for _ in srcs], [[] for _ in srcs], [[] for _ in srcs]
    for src in srcs:
        _child(src, extract)  # writes the .pyc files and fills the benchmark's cache folder if needed
        with tempfile.TemporaryDirectory() as empty:
            cold.append(_child(src, extract, {"DIDBAN_CACHE_DIR": empty})[:2])
    for _ in range(runs):
        for i, src in enumerate(srcs):
            wall, cpu, _ = _child(src, extract)
            walls[i].append(wall)
            cpus[i].append(cpu)
            imports[i].append(_child(src, ["-c", "import didban.cli"])[:2])
    return [{"wall_seconds": round(statistics.median(walls[i]), 3), "cpu_seconds": round(statistics.median(cpus[i]), 3),
             "cold_wall_seconds": round(cold[i][0], 3), "cold_cpu_seconds": round(cold[i][1], 3),
             "import_wall_seconds": round(statistics.median(w for w, _ in imports[i]), 3),
             "import_cpu_seconds": round(statistics.median(c for _, c in imports[i]), 3)} for i in range(len(srcs))]


def hazm_ms(docs_dir: Path) -> float | None:
    venv = HERE / ".cache" / "venv-hazm" / "bin" / "python"
    python = str(venv) if venv.exists() else sys.executable
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as fh:
        for path in sorted(docs_dir.glob("*.txt")):
            fh.write(json.dumps({"text": path.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
    try:
        out = subprocess.run([python, str(HERE / "hazm_baseline.py"), fh.name], capture_output=True, text=True)
    finally:
        os.unlink(fh.name)
    if out.returncode != 0:
        return None
    figures = json.loads(out.stdout)
    return 1000 * figures.get("cpu_seconds", figures["seconds"]) / figures["articles"]  # the stages' clock


def measure(srcs: list[Path], docs_dir: Path, article: Path, runs: int, passes: int, rounds: int,
            corpus: Path | None = None) -> list[dict]:
    """Each checkout's figures; the stage figures alternate between checkouts, round by round, and keep each stage's
    fastest round, so that a burst of load on the machine does not land on one checkout only."""
    stages: list[list[dict]] = [[] for _ in srcs]
    once: list[list[dict]] = [[] for _ in srcs]  # --corpus: one pass, each article seen once
    hazm: list[float] = []  # hazm too, in every round: its figure meets the same load as the pipeline's
    for _ in range(rounds):
        for i, src in enumerate(srcs):
            _, _, out = _child(src, [__file__, "--stages-only", "--docs", str(docs_dir), "--passes", str(passes)])
            stages[i].append(json.loads(out))
        for i, src in enumerate(srcs if corpus else []):
            _, _, out = _child(src, [__file__, "--corpus-only", "--corpus", str(corpus)])
            once[i].append(json.loads(out))
        hazm += [ms for ms in [hazm_ms(docs_dir)] if ms is not None]
    results = []
    for src, measured, measured_once in zip(srcs, stages, once):
        ms = {name: min(m["ms_per_article"][name] for m in measured) for name in measured[0]["ms_per_article"]}
        best = {"articles": measured[0]["articles"], "load_seconds": min(m["load_seconds"] for m in measured),
                "ms_per_article": ms, "total_ms_per_article": round(sum(ms.values()), 2)}
        results.append({"src": str(src), "stages": best})
        if measured_once:
            ms = {name: min(m["ms_per_article"][name] for m in measured_once)
                  for name in measured_once[0]["ms_per_article"]}
            results[-1]["corpus_once"] = {"articles": measured_once[0]["articles"], "ms_per_article": ms,
                                          "total_ms_per_article": round(sum(ms.values()), 2),
                                          "rounds_total_ms": [m["total_ms_per_article"] for m in measured_once]}
    for result, figures in zip(results, startup(srcs, article, runs)):
        result["startup"] = figures
    return results, (min(hazm) if hazm else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, default=ROOT.parent / "shared" / "eval" / "docs")
    parser.add_argument("--before", type=Path, help="another checkout's src, measured in the same run")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per start-up figure")
    parser.add_argument("--passes", type=int, default=3, help="passes over the articles for the stage figures")
    parser.add_argument("--rounds", type=int, default=3, help="stage measurements per checkout, alternated")
    parser.add_argument("--tag", default="")
    parser.add_argument("--corpus", type=Path, help="also one pass over this JSON-lines corpus (each article once)")
    parser.add_argument("--stages-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stages_only:
        print(json.dumps(stage_times(args.docs, args.passes)))
        return
    if args.corpus_only:
        print(json.dumps(corpus_times(args.corpus)))
        return
    article = min(args.docs.glob("*.txt"), key=lambda p: p.stat().st_size)
    result = {"load_average_at_start": os.getloadavg(), "cpus": os.cpu_count(), "article_bytes": article.stat().st_size,
              "command": " ".join(sys.argv[1:])}
    srcs = [ROOT / "src"] + ([args.before.resolve()] if args.before else [])
    measured, hazm = measure(srcs, args.docs, article, args.runs, args.passes, args.rounds,
                             args.corpus.resolve() if args.corpus else None)
    result["after"] = measured[0]
    if args.before:
        result["before"] = measured[1]
        a, b = result["after"], result["before"]
        result["ratios_after_vs_before"] = {
            "pipeline_speed": round(b["stages"]["total_ms_per_article"] / a["stages"]["total_ms_per_article"], 2),
            "startup_wall": round(b["startup"]["wall_seconds"] / a["startup"]["wall_seconds"], 2),
            "startup_cpu": round(b["startup"]["cpu_seconds"] / a["startup"]["cpu_seconds"], 2)}
        if "corpus_once" in a:
            result["ratios_after_vs_before"]["corpus_once_speed"] = round(
                b["corpus_once"]["total_ms_per_article"] / a["corpus_once"]["total_ms_per_article"], 2)
    result["load_average_at_end"] = os.getloadavg()
    result["hazm_ms_per_article"] = round(hazm, 2) if hazm else None
    if hazm:
        result["pipeline_vs_hazm"] = round(hazm / result["after"]["stages"]["total_ms_per_article"], 3)
        if args.before:
            result["pipeline_vs_hazm_before"] = round(hazm / result["before"]["stages"]["total_ms_per_article"], 3)
        if "corpus_once" in result["after"]:  # (hazm's figure is on the evaluation articles: an indication only)
            result["corpus_once_vs_hazm"] = round(hazm / result["after"]["corpus_once"]["total_ms_per_article"], 3)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"pipeline-speed{'-' + args.tag if args.tag else ''}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
