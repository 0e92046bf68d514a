"""Places beyond GeoNames cities (issue 16): first-level divisions, districts, towns, crossings and regions, by the
names Persian and Dari news gives them, and the rules that keep an ordinary word from becoming a place."""
from __future__ import annotations

import math
import re

import pytest

from didban.text.keys import name_key

PERSIAN = re.compile(r"[\u0600-\u06FF]")
KINDS = {"province", "governorate", "state", "emirate", "region", "district", "city"}


def divisions(kb):
    """The entities of divisions.tsv (the only file with a `kind` column)."""
    return [e for e in kb.entities.values() if e.type == "LOC" and e.extra.get("kind")]


@pytest.mark.parametrize("name, country, entity_id", [
    # Afghanistan's provinces as Dari and Iranian outlets write them
    ("ولایت کنر", "AFG", "LOC:afg-kunar"),
    ("کونر", "AFG", "LOC:afg-kunar"),
    ("پکتیکا", "AFG", "LOC:afg-paktika"),
    ("ننگرهار", "AFG", "LOC:afg-nangarhar"),
    ("هلمند", "AFG", "LOC:afg-helmand"),
    ("ولایت قندهار", "AFG", "LOC:afg-kandahar"),
    ("استان هرات", "AFG", "LOC:afg-herat"),
    ("ولایت بلخ", "AFG", "LOC:afg-balkh"),
    ("بدخشان", "AFG", "LOC:afg-badakhshan"),
    ("دره پنجشیر", "AFG", "LOC:afg-panjshir"),
    ("اروزگان", "AFG", "LOC:afg-uruzgan"),
    ("ولایت قندوز", "AFG", "LOC:afg-kunduz"),
    ("میدان وردک", "AFG", "LOC:afg-wardak"),
    # districts, towns and crossings
    ("سپین بولدک", "AFG", "LOC:afg-spin-boldak"),
    ("ولسوالی اچین", "AFG", "LOC:geonames-1469706"),
    ("بندر تورخم", "AFG", "LOC:torkham"),
    ("اسلام قلعه", "AFG", "LOC:islam-qala"),
    ("گذرگاه چمن", "PAK", "LOC:chaman-crossing"),
    ("مرز میرجاوه", "IRN", "LOC:irn-mirjaveh"),
    ("شلمچه", "IRN", "LOC:shalamcheh"),
    # Iran's provinces
    ("سیستان و بلوچستان", "IRN", "LOC:irn-sistan-baluchestan"),
    ("خوزستان", "IRN", "LOC:irn-khuzestan"),
    ("استان تهران", "IRN", "LOC:irn-tehran"),
    ("استان فارس", "IRN", "LOC:irn-fars"),
    ("چهارمحال و بختیاری", "IRN", "LOC:irn-chaharmahal"),
    ("آذربایجان غربی", "IRN", "LOC:irn-west-azerbaijan"),
    # the region
    ("نینوا", "IRQ", "LOC:irq-nineveh"),
    ("استان الانبار", "IRQ", "LOC:irq-anbar"),
    ("ریف دمشق", "SYR", "LOC:syr-rif-dimashq"),
    ("استان ادلب", "SYR", "LOC:syr-idlib"),
    ("جبل لبنان", "LBN", "LOC:lbn-mount-lebanon"),
    ("ضاحیه جنوبی", "LBN", "LOC:dahieh"),
    ("خیبر پختونخوا", "PAK", "LOC:pak-khyber-pakhtunkhwa"),
    ("ایالت سند", "PAK", "LOC:pak-sindh"),
    ("حضرموت", "YEM", "LOC:yem-hadramawt"),
    ("ولایت سغد", "TJK", "LOC:tjk-sughd"),
    ("هاتای", "TUR", "LOC:tur-hatay"),
    ("امارت دبی", "ARE", "LOC:are-dubai"),
    ("کالیفرنیا", "USA", "LOC:usa-california"),
    ("تکزاس", "USA", "LOC:usa-texas"),
    ("ایالت نیویورک", "USA", "LOC:usa-new-york"),
    ("چچن", "RUS", "LOC:rus-chechnya"),
    ("زاپوریژیا", "UKR", "LOC:ukr-zaporizhzhia"),
    ("سین‌کیانگ", "CHN", "LOC:chn-xinjiang"),
    # GeoNames cities given the Persian name news uses (place_aliases.tsv)
    ("ماریوپل", "UKR", "LOC:geonames-701822"),
    ("فلوجه", "IRQ", "LOC:geonames-99454"),
    ("کوبانی", "SYR", "LOC:geonames-172256"),
])
def test_places_by_name(kb, name, country, entity_id):
    found = kb.lookup(name)
    assert found and found[0].id == entity_id, (name, [e.id for e in found])
    assert found[0].country == country
    assert found[0].latitude is not None and found[0].longitude is not None


@pytest.mark.parametrize("name, entity_id", [
    ("آمریکای جنوبی", "LOC:south-america"),
    ("امریکای لاتین", "LOC:latin-america"),
    ("آسیای میانه", "LOC:central-asia"),
    ("شاخ آفریقا", "LOC:horn-of-africa"),
    ("بالکان", "LOC:balkans"),
    ("جنوب شرق آسیا", "LOC:southeast-asia"),
    ("خط دیورند", "LOC:durand-line"),
    ("رود هیرمند", "LOC:helmand-river"),
])
def test_regions_spanning_countries(kb, name, entity_id):
    found = kb.lookup(name)
    assert [e.id for e in found] == [entity_id]
    assert found[0].country is None


def test_greenland_by_its_news_name(kb):
    assert [e.id for e in kb.lookup("گرینلند")] == ["GPE:GRL"]


def test_every_first_level_division_is_there(kb):
    counts = {}
    for e in divisions(kb):
        if e.extra["kind"] in ("province", "governorate", "state"):
            counts[e.country] = counts.get(e.country, 0) + 1
    assert counts["AFG"] == 34 and counts["IRN"] == 31 and counts["USA"] == 50
    assert counts["IRQ"] == 19 and counts["SYR"] == 14  # Iraq: 18 governorates and Halabja
    assert counts["LBN"] >= 6 and counts["PAK"] >= 4 and counts["YEM"] >= 20 and counts["TUR"] >= 20


@pytest.mark.parametrize("word", ["فارس", "مرکزی", "گلستان", "سند", "غور", "نیمروز", "مهران", "سنگین", "واسط",
                                  "بقاع", "مخمور", "جورجیا", "مین", "دلاور", "آرام"])
def test_ordinary_words_name_no_curated_place(kb, word):
    """A bare name that is also an ordinary word is listed only with its place word ("استان فارس")."""
    assert not [e.id for e in kb.lookup(word) if e.type == "LOC" and not e.id.startswith("LOC:geonames")]


def test_divisions_are_well_formed(kb):
    rows = divisions(kb)
    assert len(rows) >= 300
    problems = []
    for e in rows:
        if e.extra["kind"] not in KINDS:
            problems.append((e.id, "kind", e.extra["kind"]))
        if e.country is None or e.latitude is None:
            problems.append((e.id, "country or centre missing"))
        parent = kb.get(e.extra.get("parent") or "") if e.extra.get("parent") else None
        if e.extra.get("parent"):
            if parent is None or parent.country != e.country:
                problems.append((e.id, "parent", e.extra.get("parent")))
            elif _km(e, parent) > 600:  # a slip of latitude for longitude lands far from the province
                problems.append((e.id, "far from its parent", round(_km(e, parent))))
    assert not problems, problems


def test_ambiguous_divisions_list_no_bare_word(kb):
    """The matcher takes every alias of a curated place wherever it stands, so a division whose name is an ordinary
    word must list only forms with a place word."""
    bare = [(e.id, a) for e in divisions(kb) if e.ambiguous_word
            for a in e.aliases if PERSIAN.search(a) and len(a.split()) == 1]
    assert not bare, bare


def test_no_division_takes_a_city_or_country_name(kb):
    """"هرات" stays the city and "آذربایجان" the country: a division never repeats a one-word name of a GeoNames place
    or a country (a curated place would win over the city in the matcher)."""
    taken = {}
    for e in kb.entities.values():
        if e.type == "GPE" or (e.id.startswith("LOC:geonames") and "regions.tsv" not in e.source):
            for alias in e.aliases:
                taken.setdefault(name_key(alias), e.id)
    clashes = [(e.id, a, taken[name_key(a)]) for e in divisions(kb) for a in e.aliases
               if len(a.split()) == 1 and name_key(a) in taken]
    assert not clashes, clashes


def _km(a, b) -> float:
    lat = math.radians((a.latitude + b.latitude) / 2)
    return 111.2 * math.hypot(a.latitude - b.latitude, (a.longitude - b.longitude) * math.cos(lat))
