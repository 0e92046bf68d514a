"""The event tables: Persian trigger rules, clause cues, and the CAMEO → PLOVER / quad class / intensity coding.

All of it is data under events/data/; this module only reads it (once per process) and compiles the rules.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"


def fold_pattern(pattern: str) -> str:
    """Fold the Persian letters of a rule the way text words are folded, leaving regex syntax alone."""
    from didban.text.normalize import match_key

    out = []
    for ch in pattern:
        if "\u0600" <= ch <= "\u06ff" or ch in "\u200c\u200d":
            out.append(match_key(ch))
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    cameo: str
    kind: str
    regex: re.Pattern


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
def rules() -> tuple[Rule, ...]:
    defines: dict[str, str] = {}
    out = []
    for cols in _lines(DATA / "triggers.tsv"):
        if cols[0] == "define":
            defines[cols[1]] = cols[2]
            continue
        _, name, cameo, kind, pattern = cols[:5]
        for key, value in defines.items():
            pattern = pattern.replace("{" + key + "}", value)
        # rules match whole words: never inside a longer word
        regex = re.compile(r"(?<!\S)(?:" + fold_pattern(pattern) + r")(?!\S)")
        out.append(Rule(name, cameo, kind, regex))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def clause_cues() -> tuple[tuple[str, str, re.Pattern], ...]:
    return tuple((cameo, kind, re.compile(r"(?<!\S)(?:" + fold_pattern(p) + r")"))
                 for cameo, kind, p in _lines(DATA / "cues.tsv"))


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
