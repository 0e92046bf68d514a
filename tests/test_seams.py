"""The stages meet only through the language layer, the knowledge base and the document (README, "How it works"):
a stage's package imports `didban.text`, `didban.kb`, `didban.document`, the ground modules and itself, never another
stage. Command-line front-ends (`cli.py`) are not stages and may import the CLI helpers."""
from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "didban"
STAGES = ("read", "text", "segment", "entities", "resolve", "events")
SHARED = {"text", "kb", "document"}
GROUND = {"options", "pipeline", "errors", "disk_cache", "lazy_pattern", "vocab"}  # no stage of their own
# the one object the runner hands every stage (knowledge base, gazetteer, tagger, codebook), built lazily; a stage
# asks it for the shared one only when called without it
GROUND |= {"resources"}


def _didban_imports(path: Path) -> set[str]:
    """The didban packages or modules a file imports (the part after "didban.")."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
        found |= {name.split(".")[1] for name in names if name.startswith("didban.")}
    return found


def test_stages_import_only_the_shared_layers_and_themselves():
    crossing = []
    for stage in STAGES:
        for path in sorted((SRC / stage).rglob("*.py")):
            if path.name == "cli.py":
                continue
            other = _didban_imports(path) - SHARED - GROUND - {stage}
            crossing += [f"{path.relative_to(SRC).as_posix()} -> {', '.join(sorted(other))}"] if other else []
    assert not crossing, "a stage reaching into another (move the shared part to text/ or kb/):\n" + "\n".join(crossing)
