"""The pipeline checks its stages before it runs, and the batch policy keeps one bad document from stopping a run."""
from __future__ import annotations

import pytest

from didban.document import Document
from didban.errors import Codes, DidbanError
from didban.options import Options
from didban.pipeline import Failure, Pipeline, run_batch, stage


def test_full_pipeline_is_consistent():
    assert Pipeline().names == ["normalize", "segment", "entities", "resolve", "events"]


def test_out_of_order_pipeline_is_refused_before_running():
    with pytest.raises(DidbanError) as err:
        Pipeline(["segment", "normalize"])
    assert err.value.code.name == "E203"
    assert "normalized" in str(err.value)


def test_unknown_stage():
    with pytest.raises(DidbanError) as err:
        Pipeline(["tokenise"])
    assert err.value.code.name == "E204"


def test_upto_cuts_the_pipeline():
    assert Pipeline.upto("segment").names == ["normalize", "segment"]


def test_batch_skips_and_reports_bad_items_but_raises_in_raise_mode():
    bad = DidbanError("E105", path="empty.txt")
    good = Document(text="سلام دنیا.", source="good.txt")
    out = list(run_batch([bad, good], Pipeline(["normalize"], Options(on_error="skip"))))
    assert isinstance(out[0], Failure) and out[0].source == "empty.txt"
    assert isinstance(out[1], Document) and out[1].normalized is not None
    with pytest.raises(DidbanError):
        list(run_batch([bad, good], Pipeline(["normalize"], Options(on_error="raise"))))


def test_options_are_validated_when_built():
    with pytest.raises(DidbanError) as err:
        Options(digits="roman")
    assert err.value.code.name == "E201"
    with pytest.raises(DidbanError):
        Options.build(taggr=False)  # a typo is an error, not silently ignored
    with pytest.raises(DidbanError) as err:
        Options(published="7 March 2025")
    assert err.value.code.name == "E202"


def test_import_didban_is_light():
    import subprocess
    import sys

    code = "import sys, didban; heavy = [m for m in ('lxml', 'trafilatura', 'sqlalchemy', 'pycrfsuite', 'fastapi', 'dask') if m in sys.modules]; print(heavy)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_errors_cross_process_boundaries_intact():
    import pickle

    err = DidbanError("E106", "Expecting value", path="feed.jsonl", line=3)
    back = pickle.loads(pickle.dumps(err))
    assert back.to_dict() == err.to_dict() and str(back) == str(err)


@stage("pipeline_test_boom", requires=("text",), provides=())
def _boom_stage(doc, options, resources=None):
    """A stage that fails on a marker word, standing for a bug triggered by one odd document."""
    if "BOOM" in doc.text:
        raise RuntimeError("boom")
    return doc


def test_a_worker_returns_failures_that_pickle_as_themselves():
    import pickle

    from didban.engines.worker import process_chunk

    docs = [Document(text="BOOM در تهران", source="bad.txt"), Document(text="در تهران", source="good.txt")]
    failed, processed = process_chunk(docs, Options(stages=("normalize", "pipeline_test_boom")))
    assert isinstance(failed, Failure) and failed.error.code.name == "E901" and processed.source == "good.txt"
    back = pickle.loads(pickle.dumps(failed))
    assert back.to_dict() == failed.to_dict() and str(back.error) == str(failed.error)


def test_an_error_edited_after_it_was_raised_pickles_as_edited():
    import pickle

    err = DidbanError("E106", "Expecting value", path="feed.jsonl")
    err.path, err.line, err.message = "other.jsonl", 7, "a message the code did not write"
    back = pickle.loads(pickle.dumps(err))
    assert back.to_dict() == err.to_dict() and str(back) == str(err)


def test_a_stage_of_two_parameters_is_called_without_resources():
    """A stage that uses no data may keep the short signature; the runner hands resources only to those that take
    them."""
    from didban.pipeline import _REGISTRY

    seen = []

    @stage("test-short", requires=("text",))
    def short(doc, options):
        seen.append("short")
        return doc

    @stage("test-long", requires=("text",))
    def long(doc, options, resources):
        seen.append(resources)
        return doc

    mine = object()
    try:
        Pipeline(["test-short", "test-long"], resources=mine)(Document(text="متن"))
    finally:
        _REGISTRY.pop("test-short"), _REGISTRY.pop("test-long")
    assert seen == ["short", mine]


def test_an_optional_input_nobody_provides_is_refused():
    from didban.pipeline import _REGISTRY

    @stage("test-reads", requires=("text",), reads=("meta.nobody_writes",))
    def reads_nothing_provided(doc, options, resources=None):
        return doc

    try:
        with pytest.raises(DidbanError) as err:
            Pipeline(["test-reads"])
    finally:
        _REGISTRY.pop("test-reads")
    assert err.value.code is Codes.E203 and "meta.nobody_writes" in str(err.value)


def test_the_stages_declare_the_layers_they_hand_on():
    from didban.pipeline import get_stage

    assert {"title", "outlet"} <= set(get_stage("segment").provides)
    assert {"meta.inferred_date", "meta.learned_roles"} <= set(get_stage("resolve").provides)
    assert "meta.outlet_country" in get_stage("entities").reads  # the reader's: a watched feed's country
