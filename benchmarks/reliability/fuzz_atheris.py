"""Coverage-guided fuzzing of didban's readers and first stages with atheris (libFuzzer for Python).

Not a project dependency: `pip install atheris` (wheels for CPython 3.11 on Linux x86-64), then

    python benchmarks/reliability/fuzz_atheris.py -max_len=8192 -len_control=0 -atheris_runs=200000 \
        benchmarks/.cache/fuzz-corpus
    python benchmarks/reliability/fuzz_atheris.py -max_len=8192 -max_total_time=1800 benchmarks/.cache/fuzz-corpus

The corpus folder (git-ignored under benchmarks/.cache) is seeded with a few Persian inputs when it is empty and keeps
what libFuzzer finds, so that a later run goes on from there.

Each input's first byte picks the target:
- a file reader: the rest of the bytes written to a temporary file named .txt / .html / .jsonl / .json / no extension,
  then `read_path` (decode, sniff, parse) and, for every document read, normalize + segment;
- `from_text` + normalize + segment over the bytes decoded as UTF-8 (surrogateescape: lone surrogates included);
- `decode` alone.
The same invariants as the test suite (tests/reliability/reliability_checks.py): only documented input errors
(E1xx), every span slices the original text, the JSON re-parses. Failures do not stop the run: each distinct one
(exception type and place) is counted and its input saved under benchmarks/reliability/crashes/. The summary (inputs
tried, distinct failures, seconds) is printed and written to benchmarks/reliability/results/atheris-last.json every
10,000 inputs (libFuzzer ends the process without running exit handlers, so its own closing `stat::` lines give the
final count).
"""
from __future__ import annotations

import atexit
import hashlib
import importlib
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

import atheris

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests" / "reliability"))

with atheris.instrument_imports(include=["didban"]):
    for lazy in ("didban.text.dates", "didban.text.stage", "didban.segment.stage"):  # imported on first use
        importlib.import_module(lazy)  # instrument them now
    from didban.errors import DidbanError
    from didban.options import Options
    from didban.pipeline import Pipeline
    from didban.read import from_text, read_path
    from didban.read.decode import decode

from reliability_checks import check_document, check_error  # noqa: E402  (not instrumented: the checks themselves)

OPTIONS = Options(on_error="raise", max_bytes=1_000_000)
FIRST_STAGES = Pipeline.upto("segment", OPTIONS)
SUFFIXES = [".txt", ".html", ".jsonl", ".json", ""]
WORK = Path(tempfile.mkdtemp(prefix="didban-fuzz-"))
CRASHES = HERE / "crashes"
RESULTS = HERE / "results"
STATS = {"inputs": 0, "documents": 0, "refused": 0, "failures": {}, "started": time.time()}


def _process(doc) -> None:
    STATS["documents"] += 1
    check_document(FIRST_STAGES(doc))


def _target(data: bytes) -> None:
    if not data:
        return
    choice, payload = data[0] % 7, data[1:]
    if choice < len(SUFFIXES):
        path = WORK / f"input{SUFFIXES[choice]}"
        path.write_bytes(payload)
        for item in read_path(path, OPTIONS):
            if isinstance(item, DidbanError):
                STATS["refused"] += 1
                check_error(item)
            else:
                _process(item)
    elif choice == 5:
        try:
            doc = from_text(payload.decode("utf-8", "surrogateescape"), options=OPTIONS)
        except DidbanError as exc:
            STATS["refused"] += 1
            check_error(exc)
            return
        _process(doc)
    else:
        try:
            decode(payload, "fuzz")
        except DidbanError as exc:
            STATS["refused"] += 1
            check_error(exc)


def _signature(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/didban/" in f.filename or "reliability" in
              f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}"


def test_one_input(data: bytes) -> None:
    STATS["inputs"] += 1
    try:
        _target(data)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded and the run goes on
        sig = _signature(exc)
        seen = STATS["failures"].setdefault(sig, {"count": 0, "example": None, "message": str(exc)[:300]})
        seen["count"] += 1
        if seen["example"] is None:
            CRASHES.mkdir(exist_ok=True)
            name = CRASHES / f"crash-{hashlib.sha1(data).hexdigest()[:12]}"
            name.write_bytes(data)
            seen["example"] = str(name.relative_to(HERE.parents[1]))
            print(f"\nNEW FAILURE {sig}: {str(exc)[:200]} (input saved to {name})", file=sys.stderr, flush=True)
    if STATS["inputs"] % 10_000 == 0:
        _report()


def _summary() -> dict:
    return {"inputs": STATS["inputs"], "documents_processed": STATS["documents"],
            "input_errors_reported": STATS["refused"],
            "distinct_failures": len(STATS["failures"]),
            "failure_inputs": sum(f["count"] for f in STATS["failures"].values()),
            "failures": STATS["failures"], "seconds": round(time.time() - STATS["started"], 1),
            "python": sys.version.split()[0], "atheris": _atheris_version()}


def _atheris_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("atheris")
    except PackageNotFoundError:
        return "?"


def _report() -> None:
    summary = _summary()
    print(f"\n[didban fuzz] {summary['inputs']} inputs, {summary['documents_processed']} documents, "
          f"{summary['input_errors_reported']} input errors, {summary['distinct_failures']} distinct failures, "
          f"{summary['seconds']} s", file=sys.stderr, flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "atheris-last.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")


SEEDS = {  # first byte: the target (see the docstring); written into an empty corpus folder given on the command line
    "txt": b"\x00" + "به گزارش ایرنا، عراقچی با لاوروف در مسکو دیدار کرد.\nانتهای پیام\n".encode(),
    "html": b"\x01<html><head><title>\xd8\xae\xd8\xa8\xd8\xb1</title></head><body><article><p>"
            + "عراقچی روز دوشنبه با فیدان گفت‌وگو کرد.".encode() + b"</p></article></body></html>",
    "jsonl": b"\x02" + json.dumps({"text": "پزشکیان از مسکو بازدید کرد.", "published": "1403-12-18"},
                                  ensure_ascii=False).encode() + b"\n{\"html\": \"<p>x</p>\"}\n",
    "json": b"\x03[" + json.dumps({"text": "لاوروف گفت: «همکاری ادامه دارد.»"}, ensure_ascii=False).encode() + b"]",
    "sniff": b"\x04" + "۱۸ اسفند ۱۴۰۳\n\nدیدار\u200cها ادامه یافت. ۲٫۵ درصد.".encode("utf-16"),
    "text": b"\x05" + "عراقچی\u200c\u200dبا لاوروف؟ «نه.» گفت‌وگو…".encode(),
    "decode": b"\x06" + "سلام دنيا".encode("cp1256"),
}


def _seed(argv: list[str]) -> None:
    for arg in argv[1:]:
        folder = Path(arg)
        if not arg.startswith("-") and (not folder.exists() or not any(folder.iterdir())):
            folder.mkdir(parents=True, exist_ok=True)
            for name, data in SEEDS.items():
                (folder / f"seed-{name}").write_bytes(data)


def main() -> None:
    _seed(sys.argv)
    atexit.register(_report)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
