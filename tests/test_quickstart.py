"""README's Quick start is two commands, true as written: the test command is the one CI runs, and plain `pytest`
(whose sys.path lacks the current folder, unlike `python -m pytest`) collects every test."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"\n\n((?:    \S.*\n)+)", section).group(1)  # the first indented block
    return [line.strip().split("  #")[0].strip() for line in block.splitlines()]


def test_quick_start_is_two_commands_and_ci_runs_the_second():
    commands = quick_start_commands()
    assert len(commands) == 2
    install_and_run, install_and_test = commands
    assert install_and_run == "pip install -e . && didban demo"
    assert install_and_test.startswith("pip install -e '.[test]'") and install_and_test.endswith("pytest -q")
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.strip()]
    assert ci_lines[-1] == install_and_test


def test_plain_pytest_collects_every_test_module():
    """-P: no current folder on sys.path, as when the `pytest` script starts (the cause of the old
    "No module named 'tests'")."""
    done = subprocess.run([sys.executable, "-P", "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           "tests/test_eval_gate.py", "tests/events/test_events_spec.py", "tests/web/test_web_docs.py"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "error" not in done.stdout.lower().split("collected")[-1]


def test_default_install_carries_store_server_and_page():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = " ".join(project["dependencies"]).lower()
    for name in ("sqlalchemy", "fastapi", "uvicorn", "fastapi-offline"):
        assert name in core, name
    extras = project["optional-dependencies"]
    for heavy, extra in (("psycopg", "postgres"), ("pyarrow", "export"), ("dask", "scale")):
        assert heavy not in core and any(heavy in dep for dep in extras[extra])
