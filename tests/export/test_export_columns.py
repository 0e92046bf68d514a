"""The flat event columns (GDELT-style TSV, CSV, Parquet), CAMEO actor codes, and PLOVER records."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from didban.export.cameo_actors import actor_code
from didban.export.columns import COLUMNS, event_row


@pytest.mark.parametrize("entity, code", [
    ({"country": "IRN", "sector": "GOV", "type": "PER"}, ("IRNGOV", "IRN", "", "GOV")),
    ({"country": "IRN", "sector": "MIL", "type": "ORG", "kb_id": "ORG:irgc"}, ("IRNMIL", "IRN", "", "MIL")),
    ({"country": "AFG", "sector": "GOV", "type": "ORG", "kb_id": "ORG:taliban"}, ("AFGGOV", "AFG", "", "GOV")),
    ({"country": "IRN", "sector": "JRN", "type": "ORG"}, ("IRNMED", "IRN", "", "MED")),  # CAMEO writes media MED
    ({"country": "TUR", "type": "GPE", "kb_id": "GPE:TUR"}, ("TUR", "TUR", "", "")),  # a country: the country only
    ({"sector": "IGO", "type": "ORG", "kb_id": "ORG:un"}, ("IGOUNO", "", "UNO", "IGO")),
    ({"sector": "IGO", "type": "ORG", "kb_id": "ORG:iaea"}, ("IGOUNOIAE", "", "IAE", "IGO")),
    ({"sector": "IGO", "type": "ORG", "kb_id": "ORG:brics"}, ("IGO", "", "", "IGO")),  # not in the codebook
    ({"country": "IRN", "sector": "IGO", "type": "ORG"}, ("IRN", "IRN", "", "")),  # a national body marked IGO
    ({"type": "PER"}, ("", "", "", "")),
    (None, ("", "", "", "")),
])
def test_cameo_actor_codes(entity, code):
    assert tuple(actor_code(entity)) == code


def test_every_cameo_table_row_is_well_formed_and_names_a_knowledge_base_body():
    from importlib import resources

    from didban.kb import load_kb

    kb = load_kb(user=False)
    text = resources.files("didban.export").joinpath("data/cameo_actors.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith(("#", "kind\t"))]
    assert len(rows) > 40
    for kind, key, code in rows:
        assert kind in ("sector", "group")
        if kind == "sector":
            assert re.fullmatch(r"[A-Z]{3}", key) and re.fullmatch(r"[A-Z]{3}", code)
        else:
            assert kb.get(key) is not None, f"{key} is not in the knowledge base"
            assert re.fullmatch(r"(IGO|NGO)([A-Z]{3})+", code), code


EVENT = {
    "id": "ev1", "doc_id": "d1", "date": "2025-03-07", "day": "2025-03-07", "date_reason": "text",
    "cameo": "043", "plover": "CONSULT", "mode": "phone", "quad_class": 1, "intensity": 1.0, "confidence": 0.77499,
    "actors": [{"name": "عباس عراقچی", "name_en": "Abbas Araghchi", "country": "IRN", "sector": "GOV",
                "kb_id": "PER:abbas-araghchi", "type": "PER"}],
    "recipients": [{"name": "هاکان فیدان", "name_en": "Hakan Fidan", "country": "TUR", "sector": "GOV",
                    "kb_id": "PER:hakan-fidan", "type": "PER"},
                   {"name": "سازمان ملل", "name_en": "United Nations", "sector": "IGO", "kb_id": "ORG:un",
                    "type": "ORG"}],
    "location": {"name": "جده", "name_en": "Jeddah", "country": "SAU", "latitude": 21.49, "longitude": 39.19,
                 "kb_id": "LOC:geonames-105343", "type": "LOC"},
    "occasion": {"text": "اجلاس"}, "evidence": [{"start": 0, "end": 5, "text": "تلفنی\nگفت", "label": "trigger"}],
    "document": {"title": "t", "outlet": "irna", "url": "https://x/1", "published": "2025-03-07",
                 "ingested_at": "2025-03-08T10:11:12+00:00"},
    "cluster_id": "c1", "num_articles": 3, "num_sources": 2, "num_mentions": 5,
}


def test_event_row_has_gdelt_dates_codes_and_counts():
    row = event_row(EVENT)
    assert list(row) == COLUMNS
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == (20250307, 202503, 2025)
    assert row["FractionDate"] == pytest.approx(2025 + 65 / 365, abs=1e-4)
    assert (row["date"], row["date_jalali"]) == ("2025-03-07", "1403-12-17")
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == \
        ("IRNGOV", "Abbas Araghchi", "IRN", "GOV")
    assert (row["Actor2Code"], row["actor2_name_fa"]) == ("TURGOV", "هاکان فیدان")
    assert row["recipient_codes"] == "TURGOV; IGOUNO"
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"], row["QuadClass"]) == ("043", "043", "04", 1)
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == (5, 2, 3)
    assert (row["ActionGeo_Type"], row["ActionGeo_FullName"], row["ActionGeo_CountryCode"]) == (4, "Jeddah", "SAU")
    assert (row["DATEADDED"], row["SOURCEURL"], row["confidence"]) == (20250308101112, "https://x/1", 0.775)
    assert row["evidence"] == "تلفنی گفت"


def test_an_undated_event_has_empty_date_columns():
    row = event_row({**EVENT, "date": None, "day": None, "document": {}})
    assert [row[c] for c in ("SQLDATE", "MonthYear", "Year", "FractionDate", "date", "date_jalali", "DATEADDED")] \
        == [None] * 7


def _extract(seed_path, fmt):
    from didban.cli import main

    result = CliRunner().invoke(main, ["extract", "--format", fmt, str(seed_path)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.slow
def test_extract_tsv_and_plover_carry_actor_codes_and_jalali_dates(seed_path):
    rows = list(csv.DictReader(io.StringIO(_extract(seed_path, "tsv")), delimiter="\t"))
    assert rows and list(rows[0]) == COLUMNS
    meetings = [r for r in rows if r["EventRootCode"] == "04"]
    assert len(meetings) >= 3
    assert {r["Actor1Code"] for r in meetings} == {"IRNGOV"}
    assert {r["Actor2CountryCode"] for r in meetings} >= {"TUR", "OMN", "EGY"}
    assert all(r["ActionGeo_CountryCode"] == "SAU" for r in meetings)
    records = [json.loads(line) for line in _extract(seed_path, "plover").splitlines()]
    assert len(records) == len(rows)
    assert all(a["code"] for rec in records for a in rec["actor"])
    dated = [rec for rec in records if rec["date"]]
    assert all(re.fullmatch(r"1[34]\d\d-\d\d-\d\d", rec["date_jalali"]) for rec in dated)
