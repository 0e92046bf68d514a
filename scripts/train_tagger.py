#!/usr/bin/env python
"""Train and evaluate didban's learned name tagger (a CRF) on the Arman corpus.

    python scripts/train_tagger.py --fold 1 --out src/didban/entities/data/tagger.crfsuite   # train the shipped model
    python scripts/train_tagger.py --evaluate --fold 1        # P/R/F1 of the shipped model on test_fold1
    python scripts/train_tagger.py --evaluate --fold all      # train a model per fold in a temp dir, evaluate each

Run it with `nice` on a shared machine: one fold trains in about a minute on one core.
The corpus is for academic research use only, and so is any model trained on it (see TAGGER_MODEL_CARD.md).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from didban.entities import tagger as T

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "arman"
TYPES = ("pers", "org", "loc", "fac", "pro", "event")
# Chosen on fold 1 (see docs/tagger.md): strong L1 keeps the model small, minfreq drops one-off features.
DEFAULT_PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 150, "feature.minfreq": 2}


def train(data_dir: Path, fold: int, out: Path, params: dict) -> dict:
    import pycrfsuite

    fold_name = T.DEFAULT_FOLD
    fold_fn = T.folder_by_name(fold_name)
    sentences = T.read_conll(data_dir / f"train_fold{fold}.txt")
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in sentences:
        trainer.append(T.word_features(words, fold_fn), tags)
    trainer.set_params({**params, "feature.possible_transitions": True})
    started = time.monotonic()
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    meta = {
        "model": out.name,
        "corpus": "ArmanPersoNERCorpus (Poostchi et al., COLING 2016; LREC 2018)",
        "licence": "ACADEMIC RESEARCH USE ONLY (inherited from the corpus)",
        "trained_on": f"train_fold{fold}.txt",
        "train_sentences": len(sentences),
        "fold": fold_name,
        "fold_probe": T.fold_probe(fold_fn),
        "feature_version": T.FEATURE_VERSION,
        "cues_hash": T.cues_hash(),
        "params": params,
        "train_seconds": round(time.monotonic() - started, 1),
        "size_bytes": out.stat().st_size,
    }
    write_meta(out, meta)
    return meta


def write_meta(model: Path, meta: dict) -> None:
    model.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def evaluate(model: Path, data_dir: Path, fold: int, limit: int | None = None) -> dict:
    tagger = T.Tagger(model, T.read_meta(model), T.folder_by_name(T.read_meta(model).get("fold", T.DEFAULT_FOLD)))
    sentences = T.read_conll(data_dir / f"test_fold{fold}.txt", limit=limit)
    started = time.monotonic()
    predicted = [tagger.tag(words) for words, _ in sentences]
    seconds = time.monotonic() - started
    table = T.score_chunks([tags for _, tags in sentences], predicted)
    n_tokens = sum(len(words) for words, _ in sentences)
    return {"table": table, "sentences": len(sentences), "tokens": n_tokens, "tokens_per_second": n_tokens / seconds}


def print_table(title: str, result: dict) -> None:
    print(f"\n{title}: {result['sentences']} sentences, {result['tokens']} tokens, "
          f"{result['tokens_per_second']:,.0f} tokens/s")
    print(f"{'type':<8}{'gold':>7}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}")
    table = result["table"]
    for kind in [t for t in TYPES if t in table] + ["ALL"]:
        row = table[kind]
        print(f"{kind:<8}{row['gold']:>7}{row['predicted']:>7}{100 * row['precision']:>8.2f}"
              f"{100 * row['recall']:>8.2f}{100 * row['f1']:>8.2f}")


def shipped_model_fits(model: Path, fold: int) -> bool:
    return model.is_file() and T.read_meta(model).get("trained_on") == f"train_fold{fold}.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the Arman folder (train_foldN/test_foldN)")
    parser.add_argument("--fold", default="1", help="1, 2, 3 or 'all' (all only with --evaluate)")
    parser.add_argument("--out", type=Path, help="train on train_foldN and write the model here")
    parser.add_argument("--evaluate", action="store_true", help="print P/R/F1 on test_foldN")
    parser.add_argument("--model", type=Path, default=T.MODEL_PATH,
                        help="model to evaluate (default: the shipped one; trained afresh if it is from another fold)")
    parser.add_argument("--limit", type=int, help="evaluate on the first N test sentences only")
    parser.add_argument("--c1", type=float, default=DEFAULT_PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=DEFAULT_PARAMS["c2"])
    parser.add_argument("--max-iterations", type=int, default=DEFAULT_PARAMS["max_iterations"])
    parser.add_argument("--minfreq", type=float, default=DEFAULT_PARAMS["feature.minfreq"])
    args = parser.parse_args(argv)

    if not args.data.is_dir():
        parser.error(f"no corpus at {args.data}")
    folds = [1, 2, 3] if args.fold == "all" else [int(args.fold)]
    if args.out and len(folds) > 1:
        parser.error("--out takes one fold")
    if not args.out and not args.evaluate:
        parser.error("give --out (train) and/or --evaluate")
    params = {"c1": args.c1, "c2": args.c2, "max_iterations": args.max_iterations, "feature.minfreq": args.minfreq}

    if args.out:
        meta = train(args.data, folds[0], args.out, params)
        print(f"trained {args.out} ({meta['size_bytes'] / 1e6:.2f} MB) in {meta['train_seconds']} s", file=sys.stderr)
    if not args.evaluate:
        return 0
    scores = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fold in folds:
            model = args.out or args.model
            if not shipped_model_fits(model, fold):
                model = Path(tmp) / f"fold{fold}.crfsuite"
                print(f"training a model on train_fold{fold} for this evaluation ...", file=sys.stderr)
                train(args.data, fold, model, params)
            result = evaluate(model, args.data, fold, args.limit)
            print_table(f"{model.name} on test_fold{fold}", result)
            scores[fold] = result["table"]["ALL"]["f1"]
            if model == args.out and args.limit is None:  # keep the figure with the model it describes
                meta = T.read_meta(model)
                meta[f"test_fold{fold}"] = {k: {m: round(v, 4) for m, v in row.items()}
                                            for k, row in result["table"].items()}
                write_meta(model, meta)
    if len(scores) > 1:
        print(f"\nmean micro-F1 over folds {', '.join(map(str, scores))}: {100 * sum(scores.values()) / len(scores):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
