"""What stages hand each other is declared and checked: a name no stage provides, a name that is no field, and a
field set without being declared are errors with their own codes."""
from __future__ import annotations

import pytest

from didban.document import Document, Mention
from didban.errors import DidbanError
from didban.pipeline import Pipeline, stage


def _one_mention(doc, **fields):
    return Mention(0, 4, doc.text[:4], "PER", 0, "pattern", **fields)


@stage("handoffs_test_finds", requires=("text",), provides=("mentions", "mentions.words"))
def _finds(doc, options):
    doc.mentions = [_one_mention(doc, words=(0, 1))]
    return doc


@stage("handoffs_test_finds_silently", requires=("text",), provides=("mentions",))
def _finds_silently(doc, options):
    doc.mentions = [_one_mention(doc, words=(0, 1))]  # sets `words` without declaring it
    return doc


@stage("handoffs_test_links", requires=("mentions", "mentions.words"), provides=("mentions.appos",))
def _links(doc, options):
    doc.mentions[0].appos = 0
    return doc


@stage("handoffs_test_links_silently", requires=("mentions",), provides=())
def _links_silently(doc, options):
    doc.mentions[0].appos = 0
    doc.mentions[0].info["note"] = "free detail is no hand-off"
    return doc


@stage("handoffs_test_notes", requires=("mentions",), provides=())
def _notes(doc, options):
    doc.meta["guess"] = 1
    return doc


@stage("handoffs_test_reads_appos", requires=("mentions.appos",), provides=())
def _reads_appos(doc, options):
    return doc


@stage("handoffs_test_typo", requires=("mentions.apos",), provides=())
def _typo(doc, options):
    return doc


def _audit(*stages):
    return Pipeline(list(stages))(Document(text="عراقچی گفت."), audit=True)


def test_declared_hand_offs_pass_the_audit():
    doc = _audit("handoffs_test_finds", "handoffs_test_links", "handoffs_test_reads_appos")
    assert doc.mentions[0].words == (0, 1) and doc.mentions[0].appos == 0


@pytest.mark.parametrize("stages, name", [
    (("handoffs_test_finds_silently",), "mentions.words"),  # a new mention's field
    (("handoffs_test_finds", "handoffs_test_links_silently"), "mentions.appos"),  # an old mention's field
    (("handoffs_test_finds", "handoffs_test_notes"), "meta.guess"),
])
def test_a_field_set_without_being_declared_is_E209(stages, name):
    with pytest.raises(DidbanError) as err:
        _audit(*stages)
    assert err.value.code.name == "E209"
    assert name in str(err.value) and repr(stages[-1]) in str(err.value)


def test_without_the_audit_the_stages_just_run():
    doc = Pipeline(["handoffs_test_finds_silently"])(Document(text="عراقچی گفت."))
    assert doc.mentions[0].words == (0, 1)


def test_a_field_no_earlier_stage_provides_is_refused_before_running():
    with pytest.raises(DidbanError) as err:
        Pipeline(["handoffs_test_finds", "handoffs_test_reads_appos"])
    assert err.value.code.name == "E203" and "mentions.appos" in str(err.value)


def test_a_name_that_is_no_field_is_E208():
    with pytest.raises(DidbanError) as err:
        Pipeline(["handoffs_test_finds", "handoffs_test_typo"])
    assert err.value.code.name == "E208" and "mentions.apos" in str(err.value)


def _eval_docs():
    from tests.conftest import SHARED

    return sorted((SHARED / "eval" / "docs").glob("*.txt"))


def test_the_real_stages_declare_every_field_they_set(seed_text):
    # the seed article (appositions, offices, counterparts, plural pronouns), then every evaluation article at hand
    from didban import read
    from didban.options import Options

    options = Options(on_error="raise", published="2025-03-07")
    pipeline = Pipeline(options=options)
    docs = [Document(text=seed_text, published="2025-03-07")]
    docs += [doc for path in _eval_docs() for doc in read.read_inputs([path], options)]
    for doc in docs:
        pipeline(doc, audit=True)
    assert docs[0].events and any(m.members for m in docs[0].mentions)


def test_no_stage_reads_the_free_info_of_mentions():
    """Hand-offs are typed fields: `Mention.info` is detail for debugging, never read by a stage."""
    import re

    from tests.conftest import ROOT

    reads = re.compile(r"\.info\s*(\[|\.get\(|\.update\()|\bin\s+\w+\.info\b|\binfo\s*=\s*\w+\.info\b")
    found = [f"{path.relative_to(ROOT)}:{n}" for path in (ROOT / "src" / "didban").rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if reads.search(line)]
    assert not found, f"read typed Mention fields instead: {found}"
