"""SQL lives in `didban.store`: other packages call the store's methods, never its tables, SQLAlchemy or its engine;
and the store imports nothing above it (the doors, the runner, merging), so every arrow between them points down."""
from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "didban"
SQL_USE = re.compile(r"^\s*(?:from|import) sqlalchemy\b|didban\.store import (?:schema|engine)|"
                     r"didban\.store\.(?:schema|engine)\b|\.engine\.(?:connect|begin)\(|"
                     r"\b(?:SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b", re.M)
# what the store may not import: the packages and modules that use it
ABOVE_THE_STORE = re.compile(r"^\s*(?:from|import) didban\.(?:merge|batch|engines|pipeline|api|cli|store_cli|server|"
                             r"watch|web)\b", re.M)


def _sources(inside_store: bool):
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("store/") == inside_store:
            yield rel, path.read_text(encoding="utf-8")


def test_no_sql_outside_the_store():
    found = [f"{rel}: {m.group(0).strip()}" for rel, text in _sources(inside_store=False)
             for m in SQL_USE.finditer(text)]
    assert not found, "SQL outside didban.store:\n" + "\n".join(found)


def test_the_check_finds_sql_where_it_is():
    inside = "".join(text for _, text in _sources(inside_store=True))
    assert len(SQL_USE.findall(inside)) > 20  # the pattern still matches what the store itself writes
    assert SQL_USE.search("    from sqlalchemy import select\n") and SQL_USE.search("store.engine.connect()")


def test_the_store_imports_nothing_above_it():
    found = [f"{rel}: {m.group(0).strip()}" for rel, text in _sources(inside_store=True)
             for m in ABOVE_THE_STORE.finditer(text)]
    assert not found, "didban.store imports a package that uses it:\n" + "\n".join(found)
    assert ABOVE_THE_STORE.search("    from didban.merge import run_merge\n")
