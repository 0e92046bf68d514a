"""`didban normalize` on the seed, through click's CliRunner."""
from __future__ import annotations

import json

from click.testing import CliRunner

from didban.cli import main

Z = "\u200c"


def test_cli_normalize_seed(seed_path):
    result = CliRunner().invoke(main, ["normalize", str(seed_path)])
    assert result.exit_code == 0, result.output
    for word in (f"فوق{Z}العاده", f"اطلاع{Z}رسانی", f"نسل{Z}کشی", f"بی{Z}ثباتی", f"راه{Z}اندازی", f"منطقه{Z}ای",
                 f"می{Z}باشد", f"گروه{Z}ها", f"چالش{Z}های", "ترکیه و عمان", "رکنا پایگاه اطلاع"):
        assert word in result.output, word
    for glued in ("فوقالعاده", "نسلکشی", "وعمان", "دولت ،"):
        assert glued not in result.output, glued


def test_cli_normalize_json_map(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("گروهها ، 12", encoding="utf-8")
    result = CliRunner().invoke(main, ["normalize", "--format", "json", "--digits", "latin", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["normalized"] == f"گروه{Z}ها، 12"
    assert len(data["map"]) == len(data["normalized"])


def test_cli_normalize_no_zwnj(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("گروهها", encoding="utf-8")
    result = CliRunner().invoke(main, ["normalize", "--no-zwnj", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "گروهها"
