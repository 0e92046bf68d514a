"""Build the benchmark corpus: realistic Persian news articles as JSON lines, generated at benchmark time.

    python benchmarks/corpus.py --articles 10000 [--out DIR]

Sources (read from ../shared, never copied into the project):
- the Arman NER corpus sentences (academic research use only; Poostchi et al., COLING 2016 / LREC 2018), detokenized and
  grouped into articles of 4-14 sentences in 1-4 paragraphs, each with a headline cut from its lead, an attribution
  opening ("به گزارش ..."), an outlet, a URL and a publication date;
- the evaluation documents in ../shared/eval/docs, each included as is and republished by two other outlets with a
  different opening and closing line (near-duplicates, the same events reported by several outlets, as in real feeds).

The output is deterministic for a given --articles and --seed. It lives in benchmarks/.cache/ (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared"
ARMAN = SHARED / "data" / "arman"
EVAL_DOCS = SHARED / "eval" / "docs"
CACHE = HERE / ".cache"
PER_FILE = 2000  # articles per .jsonl file, far below the reader's 50 MB limit

# Generic Persian outlet names and their (made-up) sites: the corpus needs outlets to count NumSources.
OUTLETS = [("ایرنا", "irna"), ("ایسنا", "isna"), ("مهر", "mehrnews"), ("تسنیم", "tasnim"), ("فارس", "farsnews"),
           ("ایلنا", "ilna"), ("خبرآنلاین", "khabaronline"), ("همشهری", "hamshahri"), ("باشگاه خبرنگاران", "yjc"),
           ("انتخاب", "entekhab")]
OPENINGS = ["به گزارش {o}، ", "به گزارش خبرنگار {o}، ", "به نقل از {o}، ", ""]
CLOSINGS = ["", "\n\nانتهای پیام", "\n\nانتهای پیام/", ""]

_SPACE_BEFORE = re.compile(r" ([.،؛:!؟?\)»\]])")
_SPACE_AFTER = re.compile(r"([\(«\[]) ")


def arman_sentences() -> list[str]:
    """All Arman sentences (fold 1 train + test = the whole corpus), tokens joined back into running text."""
    sentences: list[str] = []
    for name in ("train_fold1.txt", "test_fold1.txt"):
        tokens: list[str] = []
        for line in (ARMAN / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                if tokens:
                    sentences.append(_detokenize(tokens))
                tokens = []
                continue
            tokens.append(line.rsplit(" ", 1)[0])
        if tokens:
            sentences.append(_detokenize(tokens))
    return [s for s in sentences if len(s.split()) >= 4]


def _detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", text)).strip()


def headline(lead: str, rng: random.Random) -> str:
    words = lead.rstrip(" .؟!").split()
    return " ".join(words[: rng.randint(6, 12)])


def synthetic_article(sentences: list[str], rng: random.Random, index: int) -> dict:
    outlet, site = rng.choice(OUTLETS)
    body = rng.sample(sentences, rng.randint(4, 14))
    cuts = sorted(rng.sample(range(1, len(body)), min(len(body) - 1, rng.randint(0, 3))))
    paragraphs = [" ".join(body[a:b]) for a, b in zip([0, *cuts], [*cuts, len(body)])]
    paragraphs[0] = rng.choice(OPENINGS).format(o=outlet) + paragraphs[0]
    title = headline(body[0], rng)
    text = title + "\n\n" + "\n\n".join(paragraphs) + rng.choice(CLOSINGS).format(o=outlet)
    published = date(2024, 1, 1) + timedelta(days=rng.randrange(730))
    return {"text": text, "title": title, "source": outlet, "url": f"https://www.{site}.ir/news/{100000 + index}",
            "published": published.isoformat()}


def eval_articles(rng: random.Random) -> list[dict]:
    """Each evaluation document as is, plus two republications by other outlets (new opening and closing lines)."""
    out = []
    for path in sorted(EVAL_DOCS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.append({"text": text})
        for outlet, site in rng.sample(OUTLETS, 2):
            republished = f"به گزارش {outlet} به نقل از منابع خبری، " + text.strip() + "\n\nانتهای پیام"
            out.append({"text": republished, "source": outlet, "url": f"https://www.{site}.ir/news/{path.stem}"})
    return out


def build(n_articles: int, out_dir: Path | None = None, seed: int = 1403) -> list[Path]:
    """Write `n_articles` articles as .jsonl files in `out_dir` (default benchmarks/.cache/corpus-N; reused when
    already built with the same size and seed)."""
    out_dir = out_dir or CACHE / f"corpus-{n_articles}"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = out_dir / "corpus.json"
    wanted = {"articles": n_articles, "seed": seed}
    files = sorted(out_dir.glob("articles-*.jsonl"))
    if stamp.exists() and json.loads(stamp.read_text()) == wanted and files:
        return files
    for old in files:
        old.unlink()
    rng = random.Random(seed)
    sentences = arman_sentences()
    articles = eval_articles(rng)[:n_articles]
    articles += [synthetic_article(sentences, rng, i) for i in range(n_articles - len(articles))]
    rng.shuffle(articles)
    files = []
    for start in range(0, len(articles), PER_FILE):
        path = out_dir / f"articles-{start // PER_FILE:03d}.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for article in articles[start : start + PER_FILE]:
                fh.write(json.dumps(article, ensure_ascii=False) + "\n")
        files.append(path)
    stamp.write_text(json.dumps(wanted))
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1403)
    parser.add_argument("--out", type=Path, default=None, help="default: benchmarks/.cache/corpus-N")
    args = parser.parse_args()
    files = build(args.articles, args.out, args.seed)
    size = sum(f.stat().st_size for f in files)
    print(f"{args.articles} articles in {len(files)} file(s), {size / 1e6:.1f} MB, in {files[0].parent}")


if __name__ == "__main__":
    main()
