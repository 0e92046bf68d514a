"""The vendored third-party files: present, unchanged since scripts/vendor_web.py fetched them, each with its licence."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[2] / "src" / "didban" / "web" / "static" / "vendor"


def test_vendored_files_match_the_manifest_and_ship_their_licences():
    manifest = json.loads((VENDOR / "MANIFEST.json").read_text(encoding="utf-8"))
    assert set(manifest["packages"]) == {"d3", "topojson-client", "world-atlas", "vazirmatn", "iso-codes"}
    for name, package in manifest["packages"].items():
        for file, digest in package["files"].items():
            assert hashlib.sha256((VENDOR / name / file).read_bytes()).hexdigest() == digest, f"{name}/{file} changed"
        licences = [p for p in (VENDOR / name).iterdir() if p.name in ("LICENSE", "OFL.txt")]
        assert licences and all(p.stat().st_size > 100 for p in licences), f"{name} ships no licence"
        if name != "iso-codes":
            assert package["version"] and package["integrity"].startswith("sha512-")
    # only what the manifest lists (and the folder's README) lives in vendor/
    listed = {VENDOR / n / f for n, p in manifest["packages"].items() for f in p["files"]}
    extra = {p for p in VENDOR.rglob("*") if p.is_file()} - listed - {VENDOR / "MANIFEST.json", VENDOR / "README.md"}
    assert {p.name for p in extra} <= {"LICENSE", "OFL.txt", "AUTHORS.txt"}


def test_the_vendored_files_stay_small():
    total = sum(p.stat().st_size for p in VENDOR.rglob("*") if p.is_file())
    assert total < 1_500_000, f"static/vendor/ holds {total} bytes"
