"""Import Wikidata-style JSON into a user overlay (`didban kb import FILE`).

Accepted shapes (all UTF-8 JSON):

1. Wikidata's own entity JSON: {"entities": {"Q1": {...}, ...}} (Special:EntityData), a JSON array of such entity
   objects, or a dump file with one entity per line (the dump's "[", "]" lines and trailing commas are fine).
   Read: labels/aliases per language (fa, en, ar are kept), P31 (instance of: Q5 human -> PER), P27/P17 (country),
   P39 (position held) with the qualifiers P580 (start) and P582 (end). A position is turned into one of didban's role
   keys from the position item's English label when that item is in the file ("Minister of Foreign Affairs of Iran"
   -> foreign_minister, IRN); otherwise the role key is "wikidata:Q..." and the country is left empty.
2. A simplified list: [{"id": "Q123" (optional), "type": "PER", "labels": {"fa": "...", "en": "..."},
   "aliases": {"fa": [...], "en": [...]}, "country": "IRN",
   "positions": [{"role": "foreign_minister", "country": "IRN", "start": "2024-08-21", "end": null}]}]
   ("name"/"name_en" may replace "labels"; "roles" may replace "positions").

An entity whose English label equals the English name of exactly one knowledge-base entity of the same type is merged
into it (its aliases and roles are added); others get the id "<TYPE>:wd-<QID>" (or a slug of the name).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from didban.errors import DidbanError
from didban.kb.base import KnowledgeBase, check_date
from didban.text.keys import name_key

LANGUAGES = ("fa", "en", "ar")
HUMAN = "Q5"

# English position labels -> role keys (checked in order; the first pattern found wins)
POSITION_PATTERNS: list[tuple[str, str]] = [
    (r"deputy (minister of foreign affairs|foreign minister)", "deputy_foreign_minister"),
    (r"minister of foreign affairs|foreign minister|secretary of state of the united states|minister for foreign affairs",
     "foreign_minister"),
    (r"first vice[- ]president", "first_vice_president"),
    (r"vice[- ]president", "vice_president"),
    (r"prime minister|premier of|chancellor of germany", "prime_minister"),
    (r"secretary[- ]general of the united nations|united nations secretary[- ]general", "un_secretary_general"),
    (r"director general of the international atomic energy agency", "iaea_director_general"),
    (r"secretary general of nato", "nato_secretary_general"),
    (r"supreme leader", "supreme_leader"),
    (r"crown prince", "crown_prince"),
    (r"speaker of|chairman of the (state duma|parliament)|president of the (parliament|national assembly)",
     "parliament_speaker"),
    (r"minister of defen[cs]e|defen[cs]e minister|secretary of defense", "defence_minister"),
    (r"minister of (the )?interior|interior minister", "interior_minister"),
    (r"ambassador", "ambassador"),
    (r"^(king|emir|sultan|monarch) of", "monarch"),
    (r"president of", "president"),
]
ORG_POSITIONS = {"un_secretary_general": "ORG:un", "iaea_director_general": "ORG:iaea",
                 "nato_secretary_general": "ORG:nato"}


def import_file(path: str | Path, kb: KnowledgeBase, out_dir: Path) -> tuple[Path, list[dict]]:
    """Read FILE, convert its entities to overlay records, write them to out_dir/imported-<name>.jsonl.
    Returns (overlay path, records). Raises DidbanError E301 (naming the file) on anything malformed."""
    path = Path(path)
    raw = _read_json_entities(path)
    items = [e for e in raw if isinstance(e, dict)]
    if not items:
        raise DidbanError("E301", "no entities in the file", path=str(path))
    by_qid = {e["id"]: e for e in items if isinstance(e.get("id"), str) and "claims" in e}
    records = []
    for number, item in enumerate(items, 1):
        try:
            record = _convert(item, by_qid, kb)
        except DidbanError as exc:
            raise DidbanError("E301", f"entity {number}: {exc.message}", path=str(path)) from exc
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DidbanError("E301", f"entity {number} is not in a known shape ({exc})", path=str(path)) from exc
        if record is not None:
            records.append(record)
    if not records:
        raise DidbanError("E301", "no entity with a Persian or English label", path=str(path))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"imported-{re.sub(r'[^A-Za-z0-9_.-]+', '_', path.stem)}.jsonl"
    tmp = target.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(target)
    # check the overlay loads before anyone relies on it
    try:
        KnowledgeBase.load(overlays=[target])
    except DidbanError as exc:
        target.unlink()
        raise DidbanError("E301", f"the converted entities do not load ({exc.message})", path=str(path)) from exc
    return target, records


def _read_json_entities(path: Path) -> list[Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DidbanError("E101", path=str(path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DidbanError("E301", f"cannot read it as UTF-8 text ({exc})", path=str(path)) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = _read_dump_lines(text, path)
    if isinstance(data, dict):
        if isinstance(data.get("entities"), dict):
            return list(data["entities"].values())
        if isinstance(data.get("entities"), list):
            return data["entities"]
        return [data]
    if isinstance(data, list):
        return data
    raise DidbanError("E301", "expected a JSON object or a list of entities", path=str(path))


def _read_dump_lines(text: str, path: Path) -> list[Any]:
    """Wikidata dump style: one entity per line, wrapped in [ ] with trailing commas."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip().rstrip(",")
        if line in ("", "[", "]"):
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise DidbanError("E301", f"not JSON ({exc.msg})", path=str(path), line=number) from exc
    return out


# ---------------------------------------------------------------------------------------------- conversion
def _convert(item: dict, by_qid: dict[str, dict], kb: KnowledgeBase) -> dict | None:
    if "claims" in item or _is_wikidata_labels(item.get("labels")):
        names, aliases = _wikidata_names(item)
        qid = item.get("id")
        entity_type = _wikidata_type(item)
        country = _wikidata_country(item, by_qid, kb)
        roles = [r for r in (_wikidata_position(c, by_qid, kb) for c in _claims(item, "P39")) if r]
    else:
        names, aliases = _simple_names(item)
        qid = item.get("id") if isinstance(item.get("id"), str) else None
        entity_type = item.get("type") or "PER"
        country = item.get("country")
        roles = [_simple_position(p) for p in item.get("positions") or item.get("roles") or []]
    if entity_type not in ("PER", "ORG", "GPE", "LOC"):
        raise DidbanError("E301", f"unknown type {entity_type!r}")
    name = names.get("fa") or names.get("en") or names.get("ar")
    if not name:
        return None
    if qid and by_qid and qid in by_qid and not roles and entity_type != "PER" and _is_position_item(qid, by_qid):
        return None  # a position item, only there to name a role
    name_en = names.get("en")
    source = f"Wikidata {qid}" if qid and re.fullmatch(r"Q\d+", qid) else "user import"
    target = _existing_match(kb, entity_type, name_en)
    entity_id = target.id if target else _new_id(entity_type, qid, name_en or name)
    for role in roles:
        role.setdefault("source", source)
    all_aliases = [n for n in (names.get("fa"), names.get("en"), names.get("ar")) if n] + aliases
    record = {"id": entity_id, "type": entity_type, "name": target.name if target else name, "name_en": name_en,
              "country": country, "aliases": list(dict.fromkeys(all_aliases)), "roles": roles, "source": source}
    if qid:
        record["wikidata"] = qid
    return record


def _is_wikidata_labels(labels: Any) -> bool:
    return isinstance(labels, dict) and any(isinstance(v, dict) and "value" in v for v in labels.values())


def _wikidata_names(item: dict) -> tuple[dict[str, str], list[str]]:
    names = {lang: v["value"] for lang, v in (item.get("labels") or {}).items()
             if lang in LANGUAGES and isinstance(v, dict) and v.get("value")}
    aliases = [a["value"] for lang, values in (item.get("aliases") or {}).items() if lang in LANGUAGES
               for a in values if isinstance(a, dict) and a.get("value")]
    return names, aliases


def _simple_names(item: dict) -> tuple[dict[str, str], list[str]]:
    labels = item.get("labels") or {}
    if not isinstance(labels, dict):
        raise DidbanError("E301", "'labels' must map a language to a name")
    names = {lang: str(v) for lang, v in labels.items() if lang in LANGUAGES and v}
    if item.get("name"):
        names.setdefault("fa", item["name"])
    if item.get("name_en"):
        names.setdefault("en", item["name_en"])
    raw_aliases = item.get("aliases") or []
    if isinstance(raw_aliases, dict):
        aliases = [a for lang, values in raw_aliases.items() for a in (values if isinstance(values, list) else [values])]
    elif isinstance(raw_aliases, list):
        aliases = list(raw_aliases)
    else:
        raise DidbanError("E301", "'aliases' must be a list or a map of language to list")
    return names, [str(a) for a in aliases if a]


def _claims(item: dict, prop: str) -> list[dict]:
    return [c for c in (item.get("claims") or {}).get(prop, []) if isinstance(c, dict)]


def _claim_item(claim: dict) -> str | None:
    value = ((claim.get("mainsnak") or {}).get("datavalue") or {}).get("value")
    return value.get("id") if isinstance(value, dict) else None


def _qualifier_date(claim: dict, prop: str) -> tuple[str | None, bool]:
    """(ISO date, uncertain) of a time qualifier; year or month precision gives the first day, marked uncertain."""
    for snak in (claim.get("qualifiers") or {}).get(prop, []):
        value = (snak.get("datavalue") or {}).get("value") or {}
        time = value.get("time")
        if not time:
            continue
        match = re.match(r"^[+]?(\d{4})-(\d{2})-(\d{2})", time)
        if not match:
            raise DidbanError("E301", f"unreadable date {time!r}")
        year, month, day = match.groups()
        precision = value.get("precision", 11)
        uncertain = precision < 11 or month == "00" or day == "00"
        month = "01" if month == "00" or precision < 10 else month
        day = "01" if day == "00" or precision < 11 else day
        return check_date(f"{year}-{month}-{day}", "import", None), uncertain
    return None, False


def _wikidata_type(item: dict) -> str:
    kinds = {_claim_item(c) for c in _claims(item, "P31")}
    if HUMAN in kinds or _claims(item, "P39"):
        return "PER"
    if kinds & {"Q6256", "Q3624078"}:  # country, sovereign state
        return "GPE"
    if kinds & {"Q515", "Q1549591", "Q5119"}:  # city, big city, capital
        return "LOC"
    return "ORG"


def _label_en(item: dict | None) -> str | None:
    if not item:
        return None
    label = (item.get("labels") or {}).get("en")
    return label.get("value") if isinstance(label, dict) else label


def _country_from_text(text: str, kb: KnowledgeBase) -> str | None:
    """The ISO3 code of a country whose English name or alias ends the text ("... of Iran" -> IRN)."""
    tail = text.split(" of ")[-1] if " of " in text else text
    tail = re.sub(r"^the ", "", tail.strip(), flags=re.IGNORECASE)
    for candidate in kb.lookup(tail):
        if candidate.type == "GPE":
            return candidate.country
    return None


def _wikidata_country(item: dict, by_qid: dict[str, dict], kb: KnowledgeBase) -> str | None:
    for prop in ("P27", "P17"):
        for claim in _claims(item, prop):
            label = _label_en(by_qid.get(_claim_item(claim) or ""))
            if label:
                iso = _country_from_text(label, kb)
                if iso:
                    return iso
    return None


def _is_position_item(qid: str, by_qid: dict[str, dict]) -> bool:
    return any(_claim_item(c) == qid for e in by_qid.values() for c in _claims(e, "P39"))


def _wikidata_position(claim: dict, by_qid: dict[str, dict], kb: KnowledgeBase) -> dict | None:
    position = _claim_item(claim)
    if not position:
        return None
    start, start_unsure = _qualifier_date(claim, "P580")
    end, end_unsure = _qualifier_date(claim, "P582")
    label = _label_en(by_qid.get(position))
    role, country = f"wikidata:{position}", None
    if label:
        lowered = label.lower()
        for pattern, key in POSITION_PATTERNS:
            if re.search(pattern, lowered):
                role = key
                break
        country = ORG_POSITIONS.get(role) or _country_from_text(label, kb)
    out: dict[str, Any] = {"role": role, "country": country, "start": start, "end": end}
    if start_unsure or end_unsure:
        out["uncertain"] = True
    out["note"] = f"Wikidata position {position}" + (f" ({label})" if label else "")
    return out


def _simple_position(p: dict) -> dict:
    if not isinstance(p, dict) or not p.get("role"):
        raise DidbanError("E301", "each position needs a 'role'")
    out = {"role": str(p["role"]), "country": p.get("country"),
           "start": check_date(p.get("start"), "import", None), "end": check_date(p.get("end"), "import", None)}
    for extra in ("uncertain", "note", "source"):
        if p.get(extra):
            out[extra] = p[extra]
    return out


def _existing_match(kb: KnowledgeBase, entity_type: str, name_en: str | None):
    if not name_en:
        return None
    wanted = name_key(name_en)
    matches = [e for e in kb.lookup(name_en) if e.type == entity_type and e.name_en and name_key(e.name_en) == wanted]
    return matches[0] if len(matches) == 1 else None


def _new_id(entity_type: str, qid: str | None, name: str) -> str:
    if qid and re.fullmatch(r"Q\d+", qid):
        return f"{entity_type}:wd-{qid}"
    slug = re.sub(r"[^\w]+", "-", name_key(name)).strip("-") or "unnamed"
    return f"{entity_type}:user-{slug}"
