"""The KnowledgeBase: entities by id, an alias index, demonyms, role phrases, and office holders by date."""
from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from didban.errors import DidbanError
from didban.kb.files import read_jsonl, read_tsv, split_list
from didban.kb.model import ENTITY_TYPES, KBEntity, Role
from didban.lazy_pattern import compile as kept_compile
from didban.text.keys import name_key, word_key

DATA_DIR = Path(__file__).parent / "data"
ISO_DATE = kept_compile(r"^\d{4}-\d{2}-\d{2}$")


def user_kb_dir() -> Path:
    """Where overlays (imports, learned roles) live: $DIDBAN_KB_DIR, else $XDG_DATA_HOME/didban/kb,
    else ~/.local/share/didban/kb."""
    if os.environ.get("DIDBAN_KB_DIR"):
        return Path(os.environ["DIDBAN_KB_DIR"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "didban" / "kb"


def check_date(value: str | None, path: Path | str, line: int | None, what: str = "date") -> str | None:
    if value is None:
        return None
    if not ISO_DATE.match(value):
        raise DidbanError("E301", f"{what} {value!r} is not YYYY-MM-DD", path=str(path), line=line)
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise DidbanError("E301", f"{what} {value!r} does not exist", path=str(path), line=line) from exc
    return value


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in ("1", "true", "yes", "y")


def _float(value: Any) -> float | None:
    return None if value in (None, "") else float(value)


def _skeleton(word: str) -> str:
    """A word without its vowel letters and with doubled letters written once: what one spelling variant keeps."""
    out = []
    for ch in word:
        if ch in _SPELLING_LETTERS or (out and out[-1] == ch):
            continue
        out.append(ch)
    return "".join(out)


# the letters transliteration adds or drops: long vowels, and a doubled letter written once ("عبدالهیان")
_SPELLING_LETTERS = frozenset("اویآ")


def _one_edit(a: str, b: str) -> bool:
    """Whether two different words are one vowel letter, or one letter of a doubled pair, added or dropped apart
    ("بلینکن"/"بلینکین"، "اردوغان"/"اردغان"). A changed consonant makes another name ("ربیعی"/"رفیعی"), so
    it never counts."""
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1:] == short and \
                (long_[i] in _SPELLING_LETTERS or (i > 0 and long_[i - 1] == long_[i]) or
                 (i + 1 < len(long_) and long_[i + 1] == long_[i])):
            return True
    return False


class KnowledgeBase:
    """Load with `didban.kb.load_kb()`; it caches one instance per set of overlay paths."""

    def __init__(self) -> None:
        self.entities: dict[str, KBEntity] = {}
        self._alias_index: dict[str, list[str]] = {}  # fold key -> entity ids (in load order)
        self._loose_index: dict[str, list[str]] = {}  # the same without spaces
        self._demonyms: dict[str, str] = {}
        self._role_phrases: list[tuple[str, str]] = []
        self._role_defaults: dict[str, str] = {}  # role phrase -> country when the text names none
        self._plural_phrases: set[str] = set()  # role phrases naming several holders ("وزرای خارجه")
        self._roles_by_key: dict[str, list[tuple[str, Role]]] = {}  # role key -> (person id, role)
        self._common_words: set[str] = set()  # fold keys of one-word aliases that are also ordinary words
        self._spelling: dict | None = None  # people's names by their words' skeletons (person_spelled_like), lazily
        self.sources: list[str] = []  # files read, in order

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, data_dir: Path = DATA_DIR, overlays: list[Path] | tuple[Path, ...] = ()) -> "KnowledgeBase":
        kb = cls()
        kb._load_countries(data_dir / "countries.tsv", data_dir / "country_aliases.tsv")
        kb._load_demonyms(data_dir / "demonyms.tsv")
        kb._load_entities_tsv(data_dir / "places.tsv", "LOC")
        kb._load_entities_tsv(data_dir / "regions.tsv", None)
        kb._load_entities_tsv(data_dir / "divisions.tsv", "LOC")
        kb._load_place_aliases(data_dir / "place_aliases.tsv")
        kb._load_entities_tsv(data_dir / "organizations.tsv", "ORG")
        kb._load_entities_tsv(data_dir / "people.tsv", "PER")
        kb._load_roles(data_dir / "roles.tsv")
        kb._load_role_phrases(data_dir / "role_phrases.tsv")
        kb._load_common_words(data_dir / "common_words.tsv")
        for path in overlays:
            kb.load_overlay(path)
        kb._reindex()
        return kb

    def _load_countries(self, path: Path, aliases_path: Path) -> None:
        self.sources.append(str(path))
        for line, row in read_tsv(path, ("iso3", "name", "source")):
            iso3 = row["iso3"]
            if not iso3 or not re.fullmatch(r"[A-Z]{3}", iso3):
                raise DidbanError("E301", f"bad alpha-3 code {iso3!r}", path=str(path), line=line)
            entity = KBEntity(id=f"GPE:{iso3}", type="GPE", name=row["name"], name_en=row.get("name_en"),
                              country=iso3, sector=None, latitude=_float(row.get("latitude")),
                              longitude=_float(row.get("longitude")),
                              aliases=_unique([row["name"], row.get("name_en"), *split_list(row.get("aliases"))]),
                              source=row["source"] or "", extra={"iso2": row.get("iso2")})
            self._add(entity, path, line)
        self.sources.append(str(aliases_path))
        for line, row in read_tsv(aliases_path, ("iso3", "alias", "source")):
            country = self.entities.get(f"GPE:{row['iso3']}")
            if country is None:
                raise DidbanError("E301", f"unknown country {row['iso3']!r}", path=str(aliases_path), line=line)
            if row.get("canonical") and _flag(row["canonical"]):
                country.name = row["alias"]  # the form Persian news uses, e.g. "آمریکا" rather than pycountry's
            country.aliases = _unique([*country.aliases, row["alias"]])

    def _load_demonyms(self, path: Path) -> None:
        self.sources.append(str(path))
        for line, row in read_tsv(path, ("demonym", "iso3", "source")):
            self._require_country(row["iso3"], path, line)
            self._demonyms[row["demonym"]] = row["iso3"]

    def _load_place_aliases(self, path: Path) -> None:
        """Curated Persian forms of GeoNames places (GeoNames often has only the Arabic spelling: صنعاء -> صنعا)."""
        self.sources.append(str(path))
        for line, row in read_tsv(path, ("id", "alias", "source")):
            place = self.entities.get(row["id"] or "")
            if place is None:
                raise DidbanError("E301", f"unknown place {row['id']!r}", path=str(path), line=line)
            if _flag(row.get("canonical")):
                place.name = row["alias"]
            place.aliases = _unique([place.name, *place.aliases, row["alias"]])

    def _load_entities_tsv(self, path: Path, default_type: str | None) -> None:
        """Places, regions, organisations, people: one entity per row."""
        self.sources.append(str(path))
        for line, row in read_tsv(path, ("id", "name", "source")):
            entity_type = row.get("type") or default_type or (row["id"] or "").split(":")[0]
            extra = {k: v for k, v in row.items() if k not in _ENTITY_COLUMNS and v is not None}
            for flag in ("ambiguous_word",):
                if flag in extra:
                    extra[flag] = _flag(extra[flag])
            if "population" in extra:
                extra["population"] = int(extra["population"])
            entity = KBEntity(id=row["id"] or "", type=entity_type, name=row["name"] or "", name_en=row.get("name_en"),
                              country=row.get("country"), sector=row.get("sector"),
                              latitude=_float(row.get("latitude")), longitude=_float(row.get("longitude")),
                              aliases=_unique([row["name"], row.get("name_en"), *split_list(row.get("aliases"))]),
                              source=row["source"] or "", extra=extra)
            self._add(entity, path, line)

    def _load_roles(self, path: Path) -> None:
        self.sources.append(str(path))
        for line, row in read_tsv(path, ("person", "role", "country", "start", "end", "source")):
            person = self.entities.get(row["person"] or "")
            if person is None:
                raise DidbanError("E301", f"unknown person {row['person']!r}", path=str(path), line=line)
            role = Role(role=row["role"] or "", country=row["country"],
                        start=check_date(row["start"], path, line, "start"), end=check_date(row["end"], path, line, "end"),
                        source=row["source"] or "", uncertain=_flag(row.get("uncertain")), note=row.get("note"))
            self._check_role(role, path, line)
            person.roles.append(role)

    def _load_role_phrases(self, path: Path) -> None:
        self.sources.append(str(path))
        for line, row in read_tsv(path, ("phrase", "role", "source")):
            self._role_phrases.append((row["phrase"], row["role"]))
            if _flag(row.get("plural")):
                self._plural_phrases.add(row["phrase"])
            default = row.get("default_country")
            if default:
                if default not in self.entities:  # an organisation id is fine as it is
                    self._require_country(default, path, line)
                self._role_defaults[row["phrase"]] = default

    def _load_common_words(self, path: Path) -> None:
        """Generated by scripts/build_kb.py from the curated files, so it may lag behind them (or be absent)."""
        if not path.is_file():
            return
        self.sources.append(str(path))
        for _, row in read_tsv(path, ("alias", "source")):
            self._common_words.add(name_key(row["alias"]))

    def load_overlay(self, path: Path) -> None:
        """A user overlay: JSON lines, each an entity (KBEntity.to_dict shape). An id already known is merged:
        new aliases and roles are added, other fields filled where empty."""
        path = Path(path)
        self.sources.append(str(path))
        for line, record in read_jsonl(path):
            entity = entity_from_dict(record, path, line)
            for role in entity.roles:
                self._check_role(role, path, line)
            known = self.entities.get(entity.id)
            if known is None:
                self._add(entity, path, line)
                continue
            known.aliases = _unique([*known.aliases, *entity.aliases])
            known.roles.extend(r for r in entity.roles if r not in known.roles)
            for attr in ("name_en", "country", "sector", "latitude", "longitude"):
                if getattr(known, attr) is None:
                    setattr(known, attr, getattr(entity, attr))
        self._reindex()

    def _add(self, entity: KBEntity, path: Path | str, line: int | None) -> None:
        if entity.type not in ENTITY_TYPES:
            raise DidbanError("E301", f"unknown entity type {entity.type!r}", path=str(path), line=line)
        if not entity.id.startswith(entity.type + ":") or len(entity.id) <= len(entity.type) + 1:
            raise DidbanError("E301", f"the id {entity.id!r} must look like {entity.type}:slug", path=str(path), line=line)
        if not entity.name:
            raise DidbanError("E301", f"{entity.id} has no name", path=str(path), line=line)
        if not entity.source:
            raise DidbanError("E301", f"{entity.id} names no source", path=str(path), line=line)
        if entity.id in self.entities:
            raise DidbanError("E301", f"duplicate id {entity.id}", path=str(path), line=line)
        if entity.country is not None and entity.type != "GPE":
            self._require_country(entity.country, path, line)
        self.entities[entity.id] = entity

    def _require_country(self, iso3: str | None, path: Path | str, line: int | None) -> None:
        if f"GPE:{iso3}" not in self.entities:
            raise DidbanError("E301", f"unknown country code {iso3!r}", path=str(path), line=line)

    def _check_role(self, role: Role, path: Path | str, line: int | None) -> None:
        if not role.role:
            raise DidbanError("E301", "a role without a role key", path=str(path), line=line)
        if not role.source:
            raise DidbanError("E301", f"the role {role.role} names no source", path=str(path), line=line)
        if role.country is not None and role.country not in self.entities and f"GPE:{role.country}" not in self.entities:
            raise DidbanError("E301", f"the role {role.role} names an unknown country or body {role.country!r}",
                              path=str(path), line=line)
        if role.start and role.end and role.end < role.start:
            raise DidbanError("E301", f"the role {role.role} ends ({role.end}) before it starts ({role.start})",
                              path=str(path), line=line)

    def _reindex(self) -> None:
        index: dict[str, list[str]] = {}
        loose: dict[str, list[str]] = {}
        by_role: dict[str, list[tuple[str, Role]]] = {}
        for entity in self.entities.values():
            for alias in entity.aliases:
                k = name_key(alias)
                if k:
                    for table, name in ((index, k), (loose, _loose(k))):
                        ids = table.setdefault(name, [])
                        if entity.id not in ids:
                            ids.append(entity.id)
            for role in entity.roles:
                by_role.setdefault(role.role, []).append((entity.id, role))
        self._alias_index = index
        self._loose_index = loose
        self._spelling = None
        self._roles_by_key = by_role

    # ------------------------------------------------------------------ the API
    def __len__(self) -> int:
        return len(self.entities)

    def get(self, entity_id: str) -> KBEntity | None:
        return self.entities.get(entity_id)

    def country(self, iso3: str) -> KBEntity | None:
        return self.entities.get(f"GPE:{iso3.upper()}") if iso3 else None

    def aliases(self) -> Iterator[tuple[str, str]]:
        """(surface form, entity id) for every alias of every entity (demonyms are in `demonyms()`)."""
        for entity in self.entities.values():
            for alias in entity.aliases:
                yield alias, entity.id

    def demonyms(self) -> dict[str, str]:
        """Persian demonym -> ISO3 ("مصری" -> "EGY")."""
        return dict(self._demonyms)

    def role_phrases(self) -> list[tuple[str, str]]:
        """(Persian role phrase, role key), longest phrase first so a matcher can take the first that fits."""
        return sorted(self._role_phrases, key=lambda p: -len(p[0]))

    def role_default_country(self, phrase: str) -> str | None:
        """The country a role phrase means when the text names none ("رئیس مجلس" -> IRN), or None."""
        return self._role_defaults.get(phrase)

    def role_phrase_is_plural(self, phrase: str) -> bool:
        """True for phrases naming several office holders at once ("وزرای خارجه ایران و مصر")."""
        return phrase in self._plural_phrases

    def is_common_word(self, alias: str) -> bool:
        """True if this one-word alias of a person or organisation is also an ordinary Persian word
        ("روحانی" Rouhani / cleric, "مهر" Mehr / love): take it only with context. Places carry
        `KBEntity.ambiguous_word` instead."""
        return name_key(alias) in self._common_words

    def role_keys(self) -> set[str]:
        return {key for _, key in self._role_phrases} | set(self._roles_by_key)

    def lookup(self, name: str, on: str | None = None) -> list[KBEntity]:
        """Entities one of whose aliases equals `name` under the match key. With `on`, people holding an office
        on that date come first; nothing is dropped, so an ambiguous name lists every candidate."""
        k = name_key(name)
        ids = list(self._alias_index.get(k, []))
        # scraped text often loses or adds the space/ZWNJ inside names ("همکاریهای" / "همکاری های")
        ids += [i for i in self._loose_index.get(_loose(k), []) if i not in ids]
        found = [self.entities[i] for i in ids]
        if on and len(found) > 1:
            found.sort(key=lambda e: not any(r.kind == "term" and r.covers(on) for r in e.roles))
        return found

    def person_spelled_like(self, words: list[str]) -> KBEntity | None:
        """The one person with a full name of as many words as `words`, all equal under the match key but one, which
        has one vowel letter (or one letter of a doubled pair) more or less ("آنتونی بلینکین" for "آنتونی بلینکن",
        "زلنسکیی"): scraped and Dari news spell foreign names many ways. None when no one or several people fit,
        and for words of fewer than five letters (one letter is too much of them)."""
        keys = [word_key(w) for w in words]
        if len(keys) < 2 or not all(keys):
            return None
        index = self._spelling_index()
        found: set[str] = set()
        for n, k in enumerate(keys):
            if len(k) < 5:
                continue
            for pid, alias_words in index.get((len(keys), n, _skeleton(k)), ()):
                if alias_words[n] != k and _one_edit(alias_words[n], k) and \
                        all(a == b for m, (a, b) in enumerate(zip(alias_words, keys)) if m != n):
                    found.add(pid)
        return self.entities[found.pop()] if len(found) == 1 else None

    def _spelling_index(self) -> dict:
        """(words in the name, which word, its skeleton) -> [(person id, the name's words)]: names one vowel letter
        apart share their skeleton, so a lookup finds them without trying every spelling."""
        if getattr(self, "_spelling", None) is None:
            index: dict = {}
            for entity in self.entities.values():
                if entity.type != "PER":
                    continue
                for alias in entity.aliases:
                    alias_words = [word_key(w) for w in alias.split()]
                    if len(alias_words) < 2 or not all(alias_words):
                        continue
                    for n, k in enumerate(alias_words):
                        if len(k) >= 4:
                            index.setdefault((len(alias_words), n, _skeleton(k)), []).append(
                                (entity.id, alias_words))
            self._spelling = index
        return self._spelling

    def holders(self, role: str, country: str | None = None, on: str | None = None) -> list[tuple[KBEntity, Role]]:
        """Who held `role` (in `country`, an ISO3 code or a body's id; None = any) on the ISO date `on`.

        Terms of office whose dates cover the day come first, the latest start first (on a handover day the
        successor leads). With on=None: the holders still in office, else the most recent one(s).
        Learned observations (see `learn_role`) answer when no term covers the day, and they also come first when
        the covering term is only open-ended ("last known holder") and a text saw someone else in the office after
        that term began: the curated data may be out of date, the article is not.
        """
        pairs = [(self.entities[pid], r) for pid, r in self._roles_by_key.get(role, [])
                 if country is None or r.country == country]
        terms = [(e, r) for e, r in pairs if r.kind == "term"]
        observed = _latest_first([(e, r) for e, r in pairs if r.kind != "term" and (on is None or (r.start or "") <= on)])
        if on is None:
            found = [(e, r) for e, r in terms if r.end is None]
            if not found and terms:
                last_end = max(r.end or "" for _, r in terms)
                found = [(e, r) for e, r in terms if (r.end or "") == last_end]
        else:
            found = [(e, r) for e, r in terms if r.covers(on)]
        found = _latest_first(found)
        if not found:
            return observed[:1]
        newer = [(e, r) for e, r in observed if all(t.end is None and (r.start or "") > (t.start or "")
                                                    and e.id != holder.id for holder, t in found)]
        return newer[:1] + found

    def people_with_role(self, role: str, country: str | None = None) -> list[tuple[KBEntity, Role]]:
        """Everyone known to have held `role` (in `country`), at any time: the latest term first."""
        pairs = [(self.entities[pid], r) for pid, r in self._roles_by_key.get(role, [])
                 if country is None or r.country == country]
        return sorted(pairs, key=lambda p: p[1].start or "", reverse=True)

    def learn_role(self, person_name: str, role: str, country: str | None, on: str | None,
                   evidence: dict | None = None, path: Path | str | None = None) -> KBEntity:
        """Record that `person_name` held `role` (of `country`) on the date `on`, as read in a text (an apposition
        such as "هاکان فیدان وزیر امور خارجه ترکیه"). The fact is appended to a user overlay (default
        <user kb dir>/learned.jsonl) and takes effect at once in this knowledge base."""
        on = check_date(on, "learn_role", None) if on else None
        candidates = [e for e in self.lookup(person_name) if e.type == "PER"]
        if candidates:
            person = candidates[0]
        else:
            person = KBEntity(id=f"PER:learned-{_slug(person_name)}", type="PER", name=person_name,
                              country=country if country and len(country) == 3 else None,
                              aliases=[person_name], source="learned from text")
        fact = Role(role=role, country=country, start=on, end=on, kind="observed", uncertain=True,
                    source="learned: " + json.dumps(evidence or {}, ensure_ascii=False, sort_keys=True, default=str),
                    note="observed holding the role on this date")
        self._check_role(fact, "learn_role", None)
        record = {"id": person.id, "type": "PER", "name": person.name, "country": person.country,
                  "aliases": [person_name], "roles": [fact.to_dict()], "source": person.source or "learned from text"}
        target = Path(path) if path else user_kb_dir() / "learned.jsonl"
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        if person.id not in self.entities:
            self.entities[person.id] = person
        if fact not in person.roles:
            person.roles.append(fact)
        person.aliases = _unique([*person.aliases, person_name])
        self._reindex()
        return person

    def stats(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entity in self.entities.values():
            counts[entity.type] = counts.get(entity.type, 0) + 1
        counts["aliases"] = sum(len(e.aliases) for e in self.entities.values())
        counts["roles"] = sum(len(e.roles) for e in self.entities.values())
        counts["demonyms"] = len(self._demonyms)
        counts["role_phrases"] = len(self._role_phrases)
        return counts


_ENTITY_COLUMNS = {"id", "type", "name", "name_en", "country", "sector", "latitude", "longitude", "aliases", "source"}


def entity_from_dict(record: dict, path: Path | str, line: int | None) -> KBEntity:
    """An entity from its JSON form (as `KBEntity.to_dict` writes it)."""
    try:
        roles = []
        for r in record.get("roles") or []:
            roles.append(Role(role=r["role"], country=r.get("country"), start=check_date(r.get("start"), path, line),
                              end=check_date(r.get("end"), path, line), source=r.get("source") or record.get("source", ""),
                              uncertain=bool(r.get("uncertain")), note=r.get("note"), kind=r.get("kind", "term")))
        known = {"id", "type", "name", "name_en", "country", "sector", "latitude", "longitude", "aliases", "roles",
                 "source"}
        return KBEntity(id=record["id"], type=record["type"], name=record["name"], name_en=record.get("name_en"),
                        country=record.get("country"), sector=record.get("sector"),
                        latitude=_float(record.get("latitude")), longitude=_float(record.get("longitude")),
                        aliases=_unique([record["name"], record.get("name_en"), *(record.get("aliases") or [])]),
                        roles=roles, source=record.get("source", ""),
                        extra={k: v for k, v in record.items() if k not in known})
    except (KeyError, TypeError, ValueError) as exc:
        raise DidbanError("E301", f"an entity record lacks or mistypes a field ({exc})", path=str(path),
                          line=line) from exc


def _loose(key: str) -> str:
    return key.replace(" ", "")


def _unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


def _latest_first(pairs: list[tuple[KBEntity, Role]]) -> list[tuple[KBEntity, Role]]:
    return sorted(pairs, key=lambda p: p[1].start or "", reverse=True)


def _slug(name: str) -> str:
    return re.sub(r"[\s\u200c]+", "-", name_key(name)).strip("-") or "unnamed"
