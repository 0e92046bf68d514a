"""Paths and a small HTTP helper shared by the browser tests (a module name no other test folder uses)."""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "src" / "didban" / "data" / "sample" / "seed.txt"
EVAL_DOCS = ROOT.parent / "shared" / "eval" / "docs"


def api_get(server: str, path: str) -> dict:
    with urllib.request.urlopen(server + path, timeout=30) as response:
        return json.load(response)
