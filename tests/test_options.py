"""Options: one validated place for defaults; users' dates (Gregorian or Jalali) converted or refused; closed
vocabularies checked with the closest valid values suggested."""
from __future__ import annotations

import pytest

from didban import vocab
from didban.errors import DidbanError
from didban.options import Options, parse_date


@pytest.mark.parametrize("given, expected", [
    ("2025-03-07", ("2025-03-07", "gregorian")),
    ("1403-12-17", ("2025-03-07", "jalali")),
    ("۱۴۰۳/۱۲/۱۷", ("2025-03-07", "jalali")),  # Persian digits and slashes
    ("1398-07-04", ("2019-09-26", "jalali")),
    ("2024-02-29", ("2024-02-29", "gregorian")),
    ("1403-12-30", ("2025-03-20", "jalali")),  # 1403 is a Jalali leap year: 30 Esfand exists (1404-12-30 does not)
])
def test_dates_users_type(given, expected):
    assert parse_date(given) == expected


@pytest.mark.parametrize("impossible", ["2025-02-30", "2023-02-29", "1404-12-30", "9999-99-99", "0000-00-00",
                                        "2025-13-01", "7 March 2025", "", "1100-01-01"])
def test_impossible_dates_are_E202(impossible):
    with pytest.raises(DidbanError) as err:
        parse_date(impossible, "--published")
    assert err.value.code.name == "E202" and "--published" in err.value.message


def test_published_is_stored_converted_with_its_calendar():
    opts = Options(published="1403-12-17")
    assert opts.published == "2025-03-07" and opts.published_as == "1403-12-17 (Jalali)"
    again = Options.build(opts, tagger=False)  # rebuilt: still the same date, not converted twice
    assert again.published == "2025-03-07" and again.published_as == "1403-12-17 (Jalali)"
    assert Options.build(opts, published="2020-01-01").published_as is None


def test_settings_are_the_cli_fields():
    names = [f.name for f in Options.settings()]
    assert names and "on_error" not in names and "stages" not in names and "published_as" not in names
    assert all(f.metadata["help"] for f in Options.settings())
    assert [f.name for f in Options.settings(("normalize",))] == ["digits", "zwnj_repair"]


@pytest.mark.parametrize("field, value", [("tagger", "no"), ("min_confidence", True), ("max_bytes", 0),
                                          ("home_country", "XX1"), ("digits", "roman")])
def test_bad_values_fail_when_built(field, value):
    with pytest.raises(DidbanError):
        Options.build(**{field: value})


def test_home_country_by_name():
    assert Options(home_country="Turkey").home_country == "TUR"
    assert Options(home_country="ترکیه").home_country == "TUR"


@pytest.mark.parametrize("check, value, expected", [
    (vocab.check_country, "irn", "IRN"), (vocab.check_country, "IR", "IRN"), (vocab.check_country, "Iran", "IRN"),
    (vocab.check_country, "ایران", "IRN"), (vocab.check_country, "آمریکا", "USA"),
    (vocab.check_plover, "consult", "CONSULT"), (vocab.check_plover, "STATEMENT", "STATEMENT"),
    (vocab.check_cameo, "04", "04"), (vocab.check_cameo, "044", "044"), (vocab.check_cameo, "0", "0"),
    (vocab.check_role, "foreign minister", "foreign_minister"), (vocab.check_role, "وزیر امور خارجه", "foreign_minister"),
])
def test_vocabularies_accept_their_values(check, value, expected):
    assert check(value) == expected


@pytest.mark.parametrize("check, value, suggested", [
    (vocab.check_country, "Germny", "Germany"), (vocab.check_plover, "CONSLT", "CONSULT"),
    (vocab.check_cameo, "4", "04"), (vocab.check_role, "presidnt", "president"),
])
def test_unknown_values_are_E205_with_the_closest(check, value, suggested):
    with pytest.raises(DidbanError) as err:
        check(value)
    assert err.value.code.name == "E205" and suggested in err.value.hint


@pytest.mark.parametrize("check, value", [(vocab.check_country, "XXX"), (vocab.check_plover, "FOO"),
                                          (vocab.check_cameo, "99"), (vocab.check_cameo, "04a")])
def test_nonsense_is_refused(check, value):
    with pytest.raises(DidbanError) as err:
        check(value)
    assert err.value.code.name == "E205" and err.value.hint
