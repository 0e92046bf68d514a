"""Shared fixtures of the reliability tests: one warm pipeline, a folder for fuzz files, the count of inputs tried
(printed at the end of the run). The hypothesis profiles live in reliability_checks.py."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reliability_checks import INPUTS_TRIED, PROFILE  # noqa: E402


def pytest_terminal_summary(terminalreporter):
    if INPUTS_TRIED:
        total = sum(INPUTS_TRIED.values())
        parts = ", ".join(f"{k} {v}" for k, v in sorted(INPUTS_TRIED.items()))
        terminalreporter.write_line(f"reliability: {total} generated inputs tried ({parts}); profile {PROFILE}")


@pytest.fixture(scope="session")
def pipeline():
    """The full pipeline, warmed once (the knowledge base and the tagger load on first use)."""
    from didban.options import Options
    from didban.pipeline import Pipeline
    from didban.read import from_text

    pipe = Pipeline(None, Options(on_error="raise"))
    pipe(from_text("عراقچی وزیر امور خارجه ایران با لاوروف در مسکو دیدار کرد."))
    return pipe


@pytest.fixture(scope="session")
def fuzz_dir(tmp_path_factory) -> Path:
    """One folder for the files the property tests write (each example overwrites its own file)."""
    return tmp_path_factory.mktemp("fuzz")
