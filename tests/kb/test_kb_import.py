"""`didban kb import` and `didban kb lookup`: Wikidata-style JSON into the user overlay, and back out."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from didban.errors import DidbanError

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args):
    from didban.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_import_wikidata_round_trip(kb_dir):
    from didban.kb import load_kb

    result = run("kb", "import", str(FIXTURES / "wikidata_small.json"))
    assert result.exit_code == 0, result.output
    overlay = kb_dir / "imported-wikidata_small.jsonl"
    assert overlay.is_file()
    kb = load_kb()
    person = kb.get("PER:wd-Q900001")
    assert person is not None and person.name == "رستم آزمونی" and person.name_en == "Rostam Azmouni"
    assert {"آزمونی", "R. Azmouni"} <= set(person.aliases)
    # the position item in the same file names the role: "Minister of Foreign Affairs of Armenia"
    fm = [r for r in person.roles if r.role == "foreign_minister"]
    assert len(fm) == 1 and fm[0].country == "ARM" and fm[0].start == "2031-02-03"
    assert fm[0].end == "2033-01-01" and fm[0].uncertain  # year precision: first day, flagged
    # a position the file does not describe keeps its Wikidata id
    assert any(r.role == "wikidata:Q900200" and r.country is None for r in person.roles)
    assert kb.holders("foreign_minister", "ARM", "2032-06-01")[0][0].id == "PER:wd-Q900001"
    # an entity whose English label is already known is merged into it, not duplicated
    assert kb.get("PER:wd-Q42") is None
    assert [e.id for e in kb.lookup("عباس عراقچی آزمونی")] == ["PER:abbas-araghchi"]


def test_import_simple_list(kb_dir):
    from didban.kb import load_kb

    assert run("kb", "import", str(FIXTURES / "simple_list.json")).exit_code == 0
    kb = load_kb()
    holder, role = kb.holders("prime_minister", "ARM", "2030-06-01")[0]
    assert holder.name == "سهراب نمونه" and role.note == "test fixture"


def test_kb_dir_option_overrides_environment(tmp_path, kb_dir):
    other = tmp_path / "elsewhere"
    assert run("kb", "import", str(FIXTURES / "simple_list.json"), "--kb-dir", str(other)).exit_code == 0
    assert (other / "imported-simple_list.jsonl").is_file()
    assert not kb_dir.exists()


def test_malformed_import_raises_e301_naming_the_file(kb_dir):
    from didban.kb import load_kb
    from didban.kb.importer import import_file

    bad = FIXTURES / "malformed.json"
    with pytest.raises(DidbanError) as info:
        import_file(bad, load_kb(user=False), kb_dir)
    assert info.value.code.name == "E301"
    assert info.value.path == str(bad)
    assert not kb_dir.exists() or not list(kb_dir.iterdir())  # nothing half-written


@pytest.mark.parametrize("content, why", [
    ('[{"type": "PER", "labels": {"fa": "الف"}, "positions": [{"role": "president", "start": "2020-13-01"}]}]',
     "impossible month"),
    ('[{"type": "ALIEN", "labels": {"fa": "الف"}}]', "unknown type"),
    ('[{"type": "PER", "labels": {"fa": "الف"}, "positions": [{"country": "IRN"}]}]', "position without role"),
    ('[{"type": "PER", "labels": {"fa": "الف"}, "positions": [{"role": "president", "country": "ZZZ"}]}]',
     "unknown country"),
    ('"just a string"', "not an entity list"),
    ('[]', "empty"),
])
def test_import_rejects_bad_records(tmp_path, kb_dir, content, why):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = run("kb", "import", str(path))
    assert result.exit_code == 1, why
    assert "E301" in result.output and str(path) in result.output, why


def test_lookup_cli_json_lists_both_candidates(kb_dir):
    result = run("kb", "lookup", "عمان", "--format", "json")
    assert result.exit_code == 0
    ids = [e["id"] for e in json.loads(result.output)]
    assert set(ids) == {"GPE:OMN", "LOC:geonames-250441"}
    assert "\\u" not in result.output  # JSON is never ASCII-escaped


def test_lookup_cli_table_marks_role_on_date(kb_dir):
    result = run("kb", "lookup", "ظریف", "--date", "2019-09-26")
    assert result.exit_code == 0
    assert "PER:mohammad-javad-zarif" in result.output
    assert "* foreign_minister IRN 2013-08-15" in result.output


def test_lookup_cli_unknown_name_exits_1(kb_dir):
    assert run("kb", "lookup", "نامی که نیست").exit_code == 1


def test_lookup_cli_bad_date_is_a_usage_error(kb_dir):
    assert run("kb", "lookup", "ظریف", "--date", "2019-02-30").exit_code == 2


def test_broken_overlay_is_reported_not_crashing(kb_dir):
    kb_dir.mkdir(parents=True)
    (kb_dir / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    result = run("kb", "lookup", "ظریف")
    assert result.exit_code == 1
    assert "E301" in result.output and "broken.jsonl:1" in result.output


def test_holders_cli(kb_dir):
    result = run("kb", "holders", "foreign_minister", "--country", "egy", "--date", "2025-03-07")
    assert result.exit_code == 0
    assert result.output.startswith("PER:badr-abdelatty\tبدر عبدالعاطی\tBadr Abdelatty")


def test_import_dump_lines_with_trailing_commas(kb_dir):
    from didban.kb import load_kb

    assert run("kb", "import", str(FIXTURES / "dump_lines.json")).exit_code == 0
    person = load_kb().get("PER:wd-Q900300")
    role = person.roles[0]
    # "President of the United States" -> president, USA; month precision -> first day, uncertain
    assert (role.role, role.country, role.start, role.end, role.uncertain) == ("president", "USA", "2030-07-01", None, True)
