"""`didban codebook` and the analyst's overlay: list, check, test, and code with an entry of one's own."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from didban.cli import main


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


@pytest.fixture()
def overlay_dir(tmp_path, monkeypatch):
    folder = tmp_path / "codebook"
    folder.mkdir()
    monkeypatch.setenv("DIDBAN_CODEBOOK_DIR", str(folder))
    return folder


def test_lists_a_root_with_its_frames_and_examples():
    result = run("codebook", "04", "--no-user")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line and not line.startswith((" ", "("))]
    assert lines and all(line.split()[0].startswith("04") for line in lines)
    assert "meeting" in result.output and "e.g." in result.output


def test_json_is_one_list_of_entries_never_ascii_escaped():
    result = run("codebook", "11", "--format", "json", "--no-user")
    entries = json.loads(result.output)
    assert {e["cameo"][:2] for e in entries} == {"11"}
    assert "محکوم" in result.output  # Persian as written, not \\u escapes
    assert all(e["examples"] for e in entries)


def test_a_bad_root_is_a_usage_error():
    result = run("codebook", "XX")
    assert result.exit_code == 2 and "E205" in result.output


def test_check_names_the_file_and_the_entry_of_an_error(tmp_path):
    bad = tmp_path / "mine.toml"
    bad.write_text('[[entry]]\nid = "x"\ncameo = "4"\nframe = "meeting"\npattern = "دیدار"\n', encoding="utf-8")
    result = run("codebook", "--check", str(bad), "--no-user")
    assert result.exit_code == 1
    assert "E303" in result.output and "mine.toml" in result.output and "entry x" in result.output


def test_an_unknown_verb_is_reported_with_the_fix(tmp_path):
    bad = tmp_path / "mine.toml"
    bad.write_text('[[entry]]\nid = "x"\ncameo = "040"\nframe = "meeting"\npattern = "دیدار <کردند>"\n',
                   encoding="utf-8")
    result = run("codebook", "--check", str(bad), "--no-user")
    assert result.exit_code == 1 and "verb_stems.tsv" in result.output


def test_an_overlay_entry_codes_what_the_package_does_not(overlay_dir):
    import didban

    sentence = "ارتش اسرائیل به مواضع حزب‌الله در جنوب لبنان یورش برد."
    before = {e.rule for e in didban.extract(text=sentence, published="2025-03-07", tagger=False).events}
    (overlay_dir / "raids.toml").write_text(
        '[[entry]]\nid = "my-raid"\ncameo = "190"\nframe = "statement"\npattern = "یورش …2 <برد>"\n'
        'recipient = ["به"]\nexamples = ["ارتش اسرائیل به مواضع حزب‌الله یورش برد. => اسرائیل"]\n', encoding="utf-8")
    events = didban.extract(text=sentence, published="2025-03-07", tagger=False).events
    assert "my-raid" not in before
    assert [e.cameo for e in events if e.rule == "my-raid"] == ["190"]
    listed = run("codebook", "19", "--search", "my-raid")
    assert "my-raid" in listed.output


def test_an_overlay_can_disable_a_shipped_entry(overlay_dir):
    import didban

    sentence = "عراقچی از سکوت سازمان ملل انتقاد کرد."
    assert any(e.rule == "criticise" for e in didban.extract(text=sentence, published="2025-03-07",
                                                              tagger=False).events)
    (overlay_dir / "off.toml").write_text('[[entry]]\nid = "criticise"\ndisabled = true\n', encoding="utf-8")
    assert not any(e.rule == "criticise" for e in didban.extract(text=sentence, published="2025-03-07",
                                                                  tagger=False).events)


def test_test_reports_a_failing_example_and_exits_1(tmp_path):
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[[entry]]\nid = "wrong-example"\ncameo = "111"\nframe = "statement"\npattern = "نکوهش …3 <کرد>"\n'
                     'examples = ["عراقچی با لاوروف دیدار کرد. => عراقچی"]\n', encoding="utf-8")
    result = run("codebook", "--check", str(wrong), "--search", "wrong-example", "--test", "--no-user")
    assert result.exit_code == 1 and "wrong-example" in result.output and "0/1 examples pass" in result.output
