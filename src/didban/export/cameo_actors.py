"""CAMEO actor codes for entities: country + role (IRNGOV, IRNMIL, AFGGOV), or an international body's code (IGOUNO).

The tables are data (`export/data/cameo_actors.tsv`); this module only applies them. An entity is a dict with the
store's entity fields (`country`, `sector`, `kb_id`, `type`), as `query_events` and `document_event_dicts` give them.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import NamedTuple


class ActorCode(NamedTuple):
    code: str  # the full CAMEO actor code: "IRNGOV", "IGOUNOIAE", "TUR"; "" when nothing is known
    country: str  # ISO 3166-1 alpha-3, or ""
    known_group: str  # the codebook's known-group code of an international body ("UNO", "IAE"), or ""
    type1: str  # the role or organisation type ("GOV", "MIL", "IGO", "MED"), or ""


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    sectors, groups = {}, {}
    text = resources.files("didban.export").joinpath("data/cameo_actors.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("kind\t"):
            continue
        kind, key, code = line.split("\t")
        (sectors if kind == "sector" else groups)[key] = code
    return sectors, groups


def actor_code(entity: dict | None) -> ActorCode:
    """The CAMEO actor code of one entity (a person acts for their country in their sector)."""
    if not entity:
        return ActorCode("", "", "", "")
    sectors, groups = _tables()
    group = groups.get(entity.get("kb_id") or "")
    if group:  # a listed international body: its code says everything ("IGOUNOIAE": IGO, UN family, IAEA)
        return ActorCode(group, "", group[-3:] if len(group) > 3 else "", group[:3])
    country = (entity.get("country") or "").upper()
    role = sectors.get((entity.get("sector") or "").upper(), "")
    if role == "IGO" and country:  # a national body wrongly marked IGO keeps its country only
        role = ""
    return ActorCode(country + role, country, "", role)
