"""hazm's Normalizer + word_tokenize over the articles of a JSON-lines file: the speed baseline.

    <python with hazm> benchmarks/hazm_baseline.py FILE.jsonl [--limit N]

Runs in the interpreter that has hazm (benchmarks/.cache/venv-hazm, never a didban dependency); standard library and
hazm only. Prints one JSON object: articles, tokens, seconds and cpu_seconds (the normalizer and tokenizer are
built before the clock).
"""
from __future__ import annotations

import argparse
import json
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    from hazm import Normalizer, WordTokenizer

    texts = []
    with open(args.path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                texts.append(json.loads(line)["text"])
            if args.limit and len(texts) >= args.limit:
                break
    normalizer, tokenizer = Normalizer(), WordTokenizer()
    tokenizer.tokenize(normalizer.normalize("گرم کردن موتور"))  # any lazy loading happens before the clock
    start, cpu_start = time.perf_counter(), time.process_time()
    tokens = 0
    for text in texts:
        tokens += len(tokenizer.tokenize(normalizer.normalize(text)))
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    import hazm

    print(json.dumps({"articles": len(texts), "tokens": tokens, "seconds": seconds, "cpu_seconds": cpu_seconds,
                      "hazm": getattr(hazm, "__version__", "?")}))


if __name__ == "__main__":
    main()
