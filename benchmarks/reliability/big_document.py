"""One big document through didban, stage by stage: seconds per stage and the process's peak memory (RSS).

    python benchmarks/reliability/big_document.py --mb 10 --upto segment   # 10 MB: read, normalize, segment
    python benchmarks/reliability/big_document.py --mb 1                   # 1 MB through the whole pipeline

The document is N copies of a news paragraph (written for didban) separated by blank lines, written to a .txt file
and read back with `read_path`, so the reader is measured too. Span invariants are checked on the result.
Results are appended to benchmarks/reliability/results/big-document.jsonl.
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests" / "reliability"))

from reliability_checks import check_spans  # noqa: E402
from test_reliability_bounds import PARAGRAPH  # noqa: E402


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10, help="size of the document in megabytes (UTF-8)")
    parser.add_argument("--upto", default="events", help="the last stage to run")
    args = parser.parse_args()

    from didban.options import Options
    from didban.pipeline import Pipeline
    from didban.read import read_path

    # beyond the pipeline's default bounds on purpose (max_chars: E113 for a document this long): it measures them
    options = Options(on_error="raise", max_bytes=max(50 * 1024 * 1024, int(args.mb * 2_000_000)),
                      max_chars=max(1_000_000, int(args.mb * 1_000_000)))
    pipeline = Pipeline.upto(args.upto, options)
    block = (PARAGRAPH + "\n\n").encode("utf-8")
    copies = int(args.mb * 1_000_000) // len(block) + 1
    rss_before = peak_rss_mb()
    timings = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_bytes(block * copies)
        size = path.stat().st_size
        start = time.perf_counter()
        (doc,) = list(read_path(path, options))
        timings["read"] = round(time.perf_counter() - start, 2)
    for stage in pipeline.stages:
        start = time.perf_counter()
        doc = stage.func(doc, options)
        timings[stage.name] = round(time.perf_counter() - start, 2)
        print(f"{stage.name}: {timings[stage.name]} s", file=sys.stderr, flush=True)
    check_spans(doc)
    result = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "bytes": size, "characters": len(doc.text),
              "upto": args.upto, "seconds": timings, "total_seconds": round(sum(timings.values()), 2),
              "peak_rss_mb": peak_rss_mb(), "rss_before_mb": rss_before, "sentences": len(doc.sentences or []),
              "mentions": len(doc.mentions or []), "events": len(doc.events or []),
              "python": platform.python_version()}
    print(json.dumps(result, ensure_ascii=False))
    (HERE / "results").mkdir(exist_ok=True)
    with open(HERE / "results" / "big-document.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
