"""tests/ mirrors src/didban/ (README, "How it works"): a package's tests live in tests/<package>/, where a newcomer
looks for them."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {p.name for p in (ROOT / "src" / "didban").iterdir() if (p / "__init__.py").is_file()}
# suites that cut across packages: bad input and faults everywhere; batch ingest, engines and merging at scale
ACROSS_PACKAGES = {"reliability", "scale"}


def test_every_test_folder_is_a_package_or_a_suite_across_packages():
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    assert folders - PACKAGES - ACROSS_PACKAGES == set()


def test_tests_named_after_a_package_live_in_its_folder():
    misplaced = [str(path.relative_to(ROOT)) for path in (ROOT / "tests").rglob("test_*.py")
                 if path.stem.split("_")[1] in PACKAGES and path.parent.name != path.stem.split("_")[1]]
    assert not misplaced, f"move these to tests/<package>/: {misplaced}"
