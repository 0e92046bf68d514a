"""Every shipped data file loads, every record names its source, and codes and dates are valid."""
from __future__ import annotations

import re
from datetime import date

import pytest

from didban.kb.base import DATA_DIR
from didban.kb.files import read_tsv

TSV_FILES = sorted(p.name for p in DATA_DIR.glob("*.tsv"))


def test_all_expected_files_are_there():
    assert set(TSV_FILES) >= {"countries.tsv", "country_aliases.tsv", "demonyms.tsv", "places.tsv", "place_aliases.tsv",
                              "regions.tsv", "divisions.tsv", "organizations.tsv", "people.tsv", "roles.tsv", "role_phrases.tsv",
                              "common_words.tsv"}


@pytest.mark.parametrize("name", TSV_FILES)
def test_every_record_names_a_source(name):
    rows = list(read_tsv(DATA_DIR / name, ("source",)))
    assert rows, f"{name} is empty"
    missing = [line for line, row in rows if not row["source"]]
    assert not missing, f"{name}: no source on lines {missing[:10]}"


def test_entities_are_well_formed(kb):
    countries = {e.country for e in kb.entities.values() if e.type == "GPE"}
    assert len(countries) >= 249
    for entity in kb.entities.values():
        assert re.fullmatch(r"(PER|ORG|GPE|LOC):[\w.-]+", entity.id), entity.id
        assert entity.id.split(":")[0] == entity.type
        assert entity.name and entity.source, entity.id
        assert entity.country is None or entity.country in countries, (entity.id, entity.country)
        if entity.latitude is not None:
            assert -90 <= entity.latitude <= 90 and -180 <= entity.longitude <= 180, entity.id
        assert entity.name in entity.aliases


def test_roles_are_well_formed(kb):
    for person in kb.entities.values():
        for role in person.roles:
            assert person.type == "PER", person.id
            assert re.fullmatch(r"[a-z_]+|wikidata:Q\d+", role.role), (person.id, role.role)
            for day in (role.start, role.end):
                if day is not None:
                    assert date.fromisoformat(day).isoformat() == day
            assert role.start is None or role.end is None or role.start <= role.end, person.id
            assert role.country is None or kb.get(role.country) or kb.country(role.country), (person.id, role.country)
            assert role.source, person.id


def test_terms_of_one_office_do_not_overlap_much(kb):
    """Two holders of one office at once is a data slip (acting and handover days aside)."""
    by_office = {}
    for person in kb.entities.values():
        for role in person.roles:
            if role.kind == "term" and role.role in {"president", "foreign_minister", "prime_minister", "monarch",
                                                     "parliament_speaker", "supreme_leader"}:
                by_office.setdefault((role.role, role.country), []).append((role.start or "", role.end or "9999", person.id))
    problems = []
    for office, terms in by_office.items():
        terms.sort()
        for (s1, e1, p1), (s2, e2, p2) in zip(terms, terms[1:]):
            if s2 < e1 and (date.fromisoformat(e1[:10] if e1 != "9999" else "2100-01-01")
                            - date.fromisoformat(s2)).days > 31:
                problems.append((office, p1, p2))
    assert not problems, problems


def test_no_country_alias_is_shared_by_two_countries(kb):
    from didban.text.keys import name_key

    owner = {}
    clashes = []
    for entity in kb.entities.values():
        if entity.type != "GPE":
            continue
        for alias in entity.aliases:
            k = name_key(alias)
            if k in owner and owner[k] != entity.id:
                clashes.append((alias, owner[k], entity.id))
            owner[k] = entity.id
    assert not clashes, clashes[:10]


def test_demonyms_and_role_phrases_are_valid(kb):
    assert all(kb.country(iso) for iso in kb.demonyms().values())
    assert all(re.fullmatch(r"[a-z_é]+", role) or role == "chargé_d_affaires" for _, role in kb.role_phrases())


def test_every_person_has_a_persian_name(kb):
    persian = re.compile(r"[\u0600-\u06FF]")
    people = [e for e in kb.entities.values() if e.type == "PER"]
    assert len(people) >= 150
    assert all(persian.search(p.name) for p in people), [p.id for p in people if not persian.search(p.name)]


def test_key_offices_cover_2013_to_today(kb):
    """Heads of state, of government and foreign ministers of the main countries: someone holds each office on
    every checked date from 2013 to 2025 (the curator's knowledge ends there)."""
    main_countries = ("IRN USA RUS CHN GBR FRA DEU ITA ESP TUR EGY SAU QAT ARE OMN KWT BHR IRQ SYR LBN JOR ISR PSE PAK "
                      "IND AZE ARM TJK TKM UZB JPN KOR UKR BLR VEN").split()
    offices = [("foreign_minister", c) for c in main_countries]
    offices += [("president", c) for c in ("IRN", "USA", "RUS", "CHN", "TUR", "EGY", "FRA", "AZE", "SYR", "IRQ", "PSE")]
    offices += [("prime_minister", c) for c in ("GBR", "DEU", "ITA", "IRQ", "ISR", "JPN", "IND", "PAK", "ARM", "QAT")]
    offices += [("monarch", c) for c in ("SAU", "OMN", "QAT", "KWT", "BHR", "JOR", "GBR")]
    gaps = []
    for role, country in offices:
        for year in range(2013, 2026):
            for month in ("03", "09"):
                on = f"{year}-{month}-15"
                if on > "2025-06-30":
                    continue
                if not kb.holders(role, country, on):
                    gaps.append((role, country, on))
    assert not gaps, gaps[:10]


def test_phrases_fit_the_matcher(kb):
    """The mention matcher compares at most `Gazetteer().max_words` words: a longer Persian alias or office phrase
    would silently never match, so write a shorter one (the country or body may follow the phrase in the text)."""
    from didban.entities.gazetteer import Gazetteer, phrase_words
    from didban.text.keys import token_key

    limit = Gazetteer().max_words
    persian = re.compile(r"[\u0600-\u06FF]")
    too_long = [p for p, _ in kb.role_phrases() if len([w for w in phrase_words(p) if token_key(w)]) > limit]
    too_long += [a for a, _ in kb.aliases()
                 if persian.search(a) and len([w for w in phrase_words(a) if token_key(w)]) > limit]
    assert not too_long, too_long


def test_every_office_phrase_names_a_known_office(kb):
    """A role phrase maps to an office some term in roles.tsv fills, or to an office many hold at once (never guessed
    by date), or to a plural phrase: otherwise it would find a mention that can never resolve."""
    from didban.resolve.resolver import MANY_HOLDERS

    held = {r.role for e in kb.entities.values() for r in e.roles}
    orphans = sorted({role for phrase, role in kb.role_phrases()
                      if role not in held and role not in MANY_HOLDERS and not kb.role_phrase_is_plural(phrase)})
    assert not orphans, orphans
