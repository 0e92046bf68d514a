"""The CAMEO → PLOVER type and mode, quad class and intensity of an event code.

PLOVER's own table (events/data/CAMEO2PLOVER-2021.txt) first, then didban's extension for what PLOVER dropped
(events/data/extension.tsv); both are read once per process.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class Coding:
    plover: str | None
    mode: str | None
    quad_class: int | None
    intensity: float | None
    label: str


def _lines(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, tuple[str, str]], dict[str, tuple]]:
    plover: dict[str, tuple[str, str]] = {}
    for line in (DATA / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,#]*))?", line)
        if m:
            plover[m.group(1)] = (m.group(2), (m.group(3) or "").strip() or None)
    ext: dict[str, tuple] = {}
    for cols in _lines(DATA / "extension.tsv"):
        code, pl, mode, quad, intensity, label = (cols + [""] * 6)[:6]
        ext[code] = (pl or None, mode or None, int(quad) if quad else None, float(intensity) if intensity else None, label)
    return plover, ext


def coding(cameo: str) -> Coding:
    """PLOVER type and mode (PLOVER's own table first, didban's extension for what PLOVER dropped), quad class and
    intensity (the most specific code known, else its root)."""
    plover, ext = _tables()
    pl = plover.get(cameo) or plover.get(cameo[:3]) or plover.get(cameo[:2])
    row = ext.get(cameo) or ext.get(cameo[:3]) or ext.get(cameo[:2]) or (None, None, None, None, "")
    ptype, pmode = (pl if pl else (row[0], row[1]))
    return Coding(ptype, pmode or row[1], row[2], row[3], row[4])


def known_codes() -> dict[str, tuple[str | None, str | None]]:
    """Every CAMEO code didban knows, PLOVER's table and the extension, → (PLOVER type, mode): the vocabulary users'
    `--cameo` and `--type` values are checked against (`didban.vocab`)."""
    plover, ext = _tables()
    return {**{code: (row[0], row[1]) for code, row in ext.items()}, **plover}
