"""Every `docs/…md` or `notes/…md` a source file, script, test or page points a reader at exists: a moved page must not
leave readers following a dead path."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC_PATH = re.compile(r"(?<![\w/.-])((?:docs|notes)/[\w./-]+\.md)")
SEARCHED = ("src", "scripts", "tests", "benchmarks", "docs")


def text_files():
    yield ROOT / "README.md"
    for folder in SEARCHED:
        for path in (ROOT / folder).rglob("*"):
            if ".cache" in path.relative_to(ROOT).parts:
                continue  # git-ignored: benchmark corpora and hazm's own venv (benchmarks/.cache), not the project's
            if path.suffix in {".py", ".md", ".sh", ".toml", ".cfg"} and path.is_file():
                yield path


def test_every_referenced_doc_page_exists():
    dead = []
    for path in text_files():
        for match in DOC_PATH.finditer(path.read_text(encoding="utf-8", errors="replace")):
            if not (ROOT / match.group(1)).is_file():
                dead.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
    assert not dead, "references to pages that do not exist:\n" + "\n".join(dead)
