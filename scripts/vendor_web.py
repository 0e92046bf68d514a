"""Fetch the web page's third-party files from the npm registry into src/didban/web/static/vendor/ (build time only).

The page never fetches anything at run time: what this script writes is committed, with each package's licence, and
served by `didban serve` from the package's static files. Packages are pinned by version *and* by the registry's
sha512 integrity, so a re-run gives the same bytes or fails. `npm pack` (the ordinary npm client) downloads the
tarballs; nothing else is fetched.

    python scripts/vendor_web.py            # re-create static/vendor/ (needs npm; Debian's iso-codes for the map)
    python scripts/vendor_web.py --check    # verify the committed files against the pinned packages

The ISO 3166-1 numeric → alpha-3 table the map needs (world-atlas identifies countries by numeric code, didban by
alpha-3) comes from Debian's `iso-codes` package (LGPL-2.1+), the same data the knowledge base's countries come from.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "src" / "didban" / "web" / "static" / "vendor"
ISO_CODES = Path("/usr/share/iso-codes/json/iso_3166-1.json")

# package, version, sha512 integrity (as the registry publishes it), files to keep (path in the tarball → name here)
PACKAGES = [
    ("d3", "7.9.2",
     "sha512-ZKb/mONPVKzaO5UlcWcwN8bS4ezvQaYu+bsou+XgNABdGC800kwH651ADTbbTxMPHW13UlvbQafdmJQDk1w7Mg==",
     {"dist/d3.min.js": "d3.min.js", "LICENSE": "LICENSE"}),
    ("topojson-client", "3.1.0",
     "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==",
     {"dist/topojson-client.min.js": "topojson-client.min.js", "LICENSE": "LICENSE"}),
    ("world-atlas", "2.0.2",
     "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
     {"countries-50m.json": "countries-50m.json", "LICENSE": "LICENSE"}),
    ("vazirmatn", "33.0.3",
     "sha512-fbjNc0CMjazZpIegWzz9OHGzI1APFboT+x7ZecXlUCtDe/nkyx7gtCTZnWS/+eeXG7fbfXymCPKJI8EsnM3iqw==",
     {"fonts/webfonts/Vazirmatn[wght].woff2": "Vazirmatn-wght.woff2", "OFL.txt": "OFL.txt",
      "AUTHORS.txt": "AUTHORS.txt"}),
]

LICENCES = {"d3": "ISC", "topojson-client": "ISC", "world-atlas": "ISC (data: Natural Earth, public domain)",
            "vazirmatn": "SIL Open Font License 1.1"}


def integrity_of(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def fetch(name: str, version: str, integrity: str, workdir: Path) -> Path:
    """The package's tarball, downloaded by `npm pack` and checked against the pinned integrity."""
    out = subprocess.run(["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(workdir)],
                         check=True, capture_output=True, text=True).stdout
    tarball = workdir / json.loads(out)[0]["filename"]
    got = integrity_of(tarball)
    if got != integrity:
        sys.exit(f"{name}@{version}: integrity {got} does not match the pinned {integrity}")
    return tarball


def unpack(tarball: Path, files: dict[str, str], dest: Path) -> dict[str, str]:
    """Copy the wanted files out of an npm tarball (their paths start with 'package/'); returns name → sha256."""
    dest.mkdir(parents=True, exist_ok=True)
    sums = {}
    with tarfile.open(tarball) as tar:
        for inner, name in files.items():
            data = tar.extractfile(f"package/{inner}").read()
            (dest / name).write_bytes(data)
            sums[name] = hashlib.sha256(data).hexdigest()
    return sums


def iso_numeric_table() -> dict[str, list[str]]:
    """ISO 3166-1 alpha-3 ('IRN') → [numeric ('364'), alpha-2 ('IR')]: the map joins world-atlas's numeric ids to
    didban's alpha-3 codes, and the page names countries in Persian with the browser's Intl.DisplayNames (alpha-2)."""
    if not ISO_CODES.exists():
        sys.exit(f"{ISO_CODES} is missing: apt-get install iso-codes")
    table = {c["alpha_3"]: [c["numeric"], c["alpha_2"]]
             for c in json.loads(ISO_CODES.read_text(encoding="utf-8"))["3166-1"]}
    table["XKX"] = ["Kosovo", "XK"]  # user-assigned code (EU, knowledge base); world-atlas names it, no number
    return dict(sorted(table.items()))


def build(dest_root: Path) -> dict:
    manifest = {"generated_by": "scripts/vendor_web.py", "packages": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for name, version, integrity, files in PACKAGES:
            tarball = fetch(name, version, integrity, Path(tmp))
            sums = unpack(tarball, files, dest_root / name)
            manifest["packages"][name] = {"version": version, "integrity": integrity, "licence": LICENCES[name],
                                          "files": sums}
    iso = dest_root / "iso-codes"
    iso.mkdir(parents=True, exist_ok=True)
    (iso / "iso3166.json").write_text(json.dumps(iso_numeric_table(), separators=(",", ":")) + "\n", encoding="utf-8")
    (iso / "LICENSE").write_text(
        "Derived from Debian's iso-codes package (/usr/share/iso-codes/json/iso_3166-1.json),\n"
        "licensed under the GNU Lesser General Public License, version 2.1 or later.\n"
        "https://salsa.debian.org/iso-codes-team/iso-codes\n", encoding="utf-8")
    manifest["packages"]["iso-codes"] = {"source": "Debian iso-codes (apt)", "licence": "LGPL-2.1-or-later",
                                         "files": {"iso3166.json": hashlib.sha256(
                                             (iso / "iso3166.json").read_bytes()).hexdigest()}}
    (dest_root / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare a fresh fetch with the committed files")
    args = parser.parse_args()
    if not shutil.which("npm"):
        sys.exit("npm is needed (apt-get install npm)")
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = build(Path(tmp))
        committed = json.loads((VENDOR / "MANIFEST.json").read_text(encoding="utf-8"))
        if fresh != committed:
            sys.exit("static/vendor/ differs from the pinned packages: run python scripts/vendor_web.py")
        print("static/vendor/ matches the pinned packages")
        return
    readme = (VENDOR / "README.md").read_text(encoding="utf-8") if (VENDOR / "README.md").exists() else None
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    manifest = build(VENDOR)
    if readme:
        (VENDOR / "README.md").write_text(readme, encoding="utf-8")
    total = sum(p.stat().st_size for p in VENDOR.rglob("*") if p.is_file())
    print(f"wrote {len(manifest['packages'])} packages to {VENDOR.relative_to(ROOT)} ({total / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
