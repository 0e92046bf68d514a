"""The records of the knowledge base: entities and the roles people hold over time."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC")


@dataclass(slots=True)
class Role:
    """One office held by a person.

    `country` is an ISO 3166-1 alpha-3 code, or an organisation id for offices of international bodies
    ("ORG:un" for the UN Secretary-General). `start`/`end` are ISO dates (YYYY-MM-DD) or None (unknown start;
    end None = still in office as far as the data knows). `kind` is "term" for a known term of office and
    "observed" for a fact learned from a text (the person held the role on the date `start`).
    """

    role: str
    country: str | None
    start: str | None = None
    end: str | None = None
    source: str = ""
    uncertain: bool = False
    note: str | None = None
    kind: str = "term"

    def covers(self, on: str) -> bool:
        """True if the term includes the ISO date `on` (open ends count as covering)."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, False, "") or k in ("role", "country")}

    def __reduce__(self):
        return _by_fields(self)


@dataclass(slots=True)
class KBEntity:
    id: str
    type: str  # PER, ORG, GPE, LOC
    name: str  # Persian canonical name
    name_en: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3 (None for international bodies and regions spanning countries)
    sector: str | None = None  # CAMEO/PLOVER sector code: GOV, MIL, IGO, JRN, LEG ...
    latitude: float | None = None
    longitude: float | None = None
    aliases: list[str] = field(default_factory=list)  # Persian and English surface forms (the name included)
    roles: list[Role] = field(default_factory=list)
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. ambiguous_word, population, parent, wikidata

    @property
    def ambiguous_word(self) -> bool:
        """The name is also a common Persian word: a matcher should ask for context before taking it."""
        return bool(self.extra.get("ambiguous_word"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "name": self.name, "name_en": self.name_en,
                               "country": self.country, "sector": self.sector}
        if self.latitude is not None:
            out["latitude"], out["longitude"] = self.latitude, self.longitude
        out["aliases"] = list(self.aliases)
        out["roles"] = [r.to_dict() for r in self.roles]
        out["source"] = self.source
        out.update({k: v for k, v in self.extra.items() if k not in out})
        return out

    def __reduce__(self):
        return _by_fields(self)


def _by_fields(record) -> tuple:
    """Pickle a record as its class and its fields in order: unpickling calls the constructor, twice as fast as the
    generic state of a slots dataclass (the cached knowledge base holds thousands of them, loaded at every start)."""
    names = _FIELD_NAMES.get(type(record))
    if names is None:
        names = _FIELD_NAMES[type(record)] = tuple(f.name for f in fields(record))
    return type(record), tuple(getattr(record, name) for name in names)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
