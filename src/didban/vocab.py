"""The closed vocabularies users type at the edge — countries, office (role) names, PLOVER types, CAMEO codes — checked
against the data didban ships, with the closest valid values suggested when a value is unknown (E205).

The CLI, the options and the Python API call these before they query or run anything, so that `--country XXX` or
`--type FOO` is a clear error, not an empty result.
"""
from __future__ import annotations

import re
from difflib import get_close_matches

from didban.errors import Codes, DidbanError


def unknown(what: str, value: str, candidates, *, hint_more: str = "") -> DidbanError:
    """E205 for `value`, with up to five of `candidates` that look closest as the hint."""
    pool = sorted(set(candidates))
    folded = {c.casefold(): c for c in pool}
    close = [folded[c] for c in get_close_matches(str(value).casefold(), list(folded), n=5, cutoff=0.6)]
    hint = f"did you mean {', '.join(close)}?" if close else f"valid values include {', '.join(pool[:8])} …"
    return DidbanError(Codes.E205, f"{what} {value!r}", hint=hint + (f" {hint_more}" if hint_more else ""))


# --- countries ----------------------------------------------------------------------------------------------------

def check_country(value: str, what: str = "country", *, bodies: bool = False) -> str:
    """An ISO 3166-1 alpha-3 code (any case), alpha-2 code, or a country's name in Persian or English → the alpha-3
    code. With `bodies`, an organisation id of the knowledge base ("ORG:un") is accepted as it is."""
    from didban.kb import load_kb

    value = str(value).strip()
    kb = load_kb()
    if bodies and value.upper().startswith("ORG:") and kb.get(value):
        return value
    if re.fullmatch(r"[A-Za-z]{3}", value) and kb.country(value.upper()):
        return value.upper()
    countries = [e for e in kb.entities.values() if e.type == "GPE" and e.id == f"GPE:{e.country}"]
    if re.fullmatch(r"[A-Za-z]{2}", value):
        for e in countries:
            if (e.extra.get("iso2") or "").upper() == value.upper():
                return e.country
    named = {e.country for e in kb.lookup(value) if e.type == "GPE" and e.id == f"GPE:{e.country}"}
    if len(named) == 1:
        return named.pop()
    candidates = [e.country for e in countries] + [e.name_en for e in countries if e.name_en] + \
                 [e.name for e in countries]
    return _raise(unknown(what, value, candidates,
                          hint_more="(ISO 3166-1 alpha-3 codes such as IRN, or a country's name)"))


# --- offices ------------------------------------------------------------------------------------------------------

def check_role(value: str, what: str = "role") -> str:
    """A role key of the knowledge base ("foreign_minister"), also given with spaces or dashes, or a Persian office
    phrase ("وزیر امور خارجه") → the role key."""
    from didban.kb import load_kb
    from didban.text.keys import name_key

    kb = load_kb()
    keys = sorted(kb.role_keys())
    guess = re.sub(r"[\s\-]+", "_", str(value).strip().lower())
    if guess in keys:
        return guess
    by_phrase = {name_key(phrase): role for phrase, role in kb.role_phrases()}
    if name_key(str(value)) in by_phrase:
        return by_phrase[name_key(str(value))]
    return _raise(unknown(what, value, keys, hint_more="(role keys such as foreign_minister, president)"))


# --- event codes --------------------------------------------------------------------------------------------------

def plover_types() -> list[str]:
    from didban.events.coding import known_codes

    return sorted({ptype for ptype, _ in known_codes().values() if ptype})


def check_plover(value: str, what: str = "type") -> str:
    """A PLOVER event type (any case; didban's extension types STATEMENT and APPEAL included) → upper case."""
    types = plover_types()
    if str(value).strip().upper() in types:
        return str(value).strip().upper()
    return _raise(unknown(what, value, types, hint_more="(PLOVER event types)"))


def check_cameo(value: str, what: str = "cameo") -> str:
    """A CAMEO code or the prefix of codes ("04" = every meeting code 040-046); leading zeros matter."""
    from didban.events.coding import known_codes

    code = str(value).strip()
    codes = sorted(known_codes())
    if re.fullmatch(r"\d{1,4}", code) and any(c.startswith(code) for c in codes):
        return code
    roots = sorted({c[:2] for c in codes})
    hint = "(CAMEO codes are strings of 2-4 digits with their leading zero, e.g. 04 or 044)"
    return _raise(unknown(what, value, roots + codes, hint_more=hint))


def _raise(error: DidbanError):
    raise error
