"""Batch ingest: summary counts, bad documents, the bounded window, skipping stored documents, workers=2 == workers=1."""
from __future__ import annotations

import pytest

from didban.batch import IngestSummary, ingest_inputs
from didban.document import Document
from didban.errors import DidbanError
from didban.options import Options
from didban.pipeline import stage

from scale_helpers import ARTICLES, MemoryStore

# counts are checked on the first stages only, so that they do not depend on the entity and event stages' data
FAST = Options(stages=("normalize", "segment"))


@stage("scale_test_boom", requires=("text",), provides=())
def _boom_stage(doc, options):
    """A stage that fails on a marker word, standing for a bug triggered by one odd document."""
    if "BOOM" in doc.text:
        raise RuntimeError("boom")
    return doc


def _write_articles(folder, texts):
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"a{i:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_summary_counts_new_then_unchanged(tmp_path, memory_store):
    paths = _write_articles(tmp_path, ARTICLES)
    first = ingest_inputs(paths, memory_store, FAST, workers=1, progress=False)
    assert (first.read, first.new, first.unchanged, first.updated, len(first.failed)) == (8, 8, 0, 0, 0)
    assert first.merged and first.clusters == 0  # the merge ran at the end (these stages find no events)
    again = ingest_inputs(paths, memory_store, FAST, workers=1, progress=False)
    # already stored: not re-extracted, nothing written
    assert (again.read, again.new, again.unchanged, again.skipped_existing) == (8, 0, 8, 8)
    assert memory_store.writes == 8
    forced = ingest_inputs(paths, memory_store, FAST, workers=1, progress=False, force=True)
    assert (forced.new, forced.unchanged, forced.skipped_existing) == (0, 8, 0)
    assert memory_store.writes == 16


@pytest.mark.parametrize("workers", [1, 2])
def test_bad_documents_are_skipped_and_counted(tmp_path, memory_store, workers):
    paths = _write_articles(tmp_path, [*ARTICLES[:3], "خبر BOOM خراب", *ARTICLES[3:5]])
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    paths += [str(empty), str(tmp_path / "missing.txt")]
    options = Options(stages=("normalize", "scale_test_boom"))
    summary = ingest_inputs(paths, memory_store, options, workers=workers, progress=False, merge=False)
    assert (summary.read, summary.new, len(summary.failed)) == (8, 5, 3)
    codes = sorted(f.error.code.name for f in summary.failed)
    assert codes == ["E101", "E105", "E901"]  # missing file, empty file, a bug in a stage
    crashed = next(f for f in summary.failed if f.error.code.name == "E901")
    assert crashed.source == paths[3] and "boom" in crashed.error.message  # the failure names its file
    assert summary.failure_reasons()["E901 internal error while processing the document"] == 1
    assert "failed: 3" in summary.render()
    assert not summary.ok


def test_raise_policy_stops_at_first_bad_document(tmp_path, memory_store):
    paths = _write_articles(tmp_path, ["خبر BOOM خراب"])
    with pytest.raises(RuntimeError):
        ingest_inputs(paths, memory_store, Options(on_error="raise", stages=("normalize", "scale_test_boom")),
                      workers=1, progress=False)


class _CountingStore(MemoryStore):
    """Records how far the reader ran ahead of the writer: the documents held in memory at once."""

    def __init__(self, produced):
        super().__init__()
        self.produced = produced
        self.max_ahead = 0

    def upsert_document(self, doc):
        self.max_ahead = max(self.max_ahead, self.produced[0] - self.writes)
        self.docs[doc.id] = True  # keep no document: this test is about the pipeline's memory, not the store's
        self.writes += 1
        return "new"

    def iter_documents(self):
        return iter(())


@pytest.mark.parametrize("workers", [1, 2])
def test_streaming_window_is_bounded(monkeypatch, workers):
    produced = [0]

    def many_documents(inputs, options):  # 5,000 tiny documents from a generator, never a list
        for i in range(5000):
            produced[0] += 1
            yield Document(text=f"خبر شماره {i}", source=f"gen:{i}")

    monkeypatch.setattr("didban.read.read_inputs", many_documents)
    store = _CountingStore(produced)
    summary = ingest_inputs(["gen"], store, Options(stages=("normalize",)), workers=workers, progress=False,
                            merge=False, chunk_size=10, max_in_flight=3)
    assert (summary.read, summary.new) == (5000, 5000)
    # at most 3 chunks of 10 in flight, plus the chunk being filled
    assert summary.peak_in_flight <= 30
    assert store.max_ahead <= 40


def test_two_workers_store_what_one_worker_stores(tmp_path):
    paths = _write_articles(tmp_path, ARTICLES * 1 + ["گزارش " + t for t in ARTICLES])
    one, two = MemoryStore(), MemoryStore()
    # the whole pipeline, whatever its stages do today: the two runs must agree, failures included
    first = ingest_inputs(paths, one, Options(), workers=1, progress=False, chunk_size=3)
    second = ingest_inputs(paths, two, Options(), workers=2, progress=False, chunk_size=3)
    assert first.read == second.read == 16
    assert [f.to_dict() for f in first.failed] == [f.to_dict() for f in second.failed]
    assert one.dump() == two.dump()


def test_summary_to_dict_and_render():
    summary = IngestSummary(read=3, new=2, unchanged=1, events=4, seconds=2.0)
    data = summary.to_dict()
    assert (data["read"], data["new"], data["unchanged"], data["failed"], data["events"]) == (3, 2, 1, 0, 4)
    assert data["articles_per_second"] == 1.5
    assert "read 3 document(s)" in summary.render() and "events found: 4" in summary.render()


def test_unknown_engine_is_a_usage_error(tmp_path, memory_store):
    from didban.errors import DidbanError

    with pytest.raises(DidbanError) as err:
        ingest_inputs([], memory_store, Options(), engine="spark", progress=False)
    assert err.value.code.name == "E201"


def test_progress_bar_writes_rate(monkeypatch, capsys, tmp_path, memory_store):
    paths = _write_articles(tmp_path, ARTICLES[:2])
    ingest_inputs(paths, memory_store, FAST, workers=1, progress=True, merge=False)
    assert "articles/s" in capsys.readouterr().err
    ingest_inputs(paths, MemoryStore(), FAST, workers=1, progress=None, merge=False)  # stderr is no terminal
    assert capsys.readouterr().err == ""


def _sqlite_dump(store) -> str:
    """Everything a store holds that ingest and merge write, in a canonical form."""
    import json

    return json.dumps({"docs": [d.to_dict() for d in store.iter_documents()], "duplicates": store.duplicates(),
                       "clusters": store.clusters()}, ensure_ascii=False, sort_keys=True)


def test_sqlite_store_same_result_with_one_and_two_workers(tmp_path):
    pytest.importorskip("sqlalchemy")
    from didban.store import open_store

    paths = _write_articles(tmp_path, [*ARTICLES, ARTICLES[0] + " انتهای پیام"])
    dumps = []
    for workers in (1, 2):
        store = open_store(tmp_path / f"w{workers}.sqlite")
        try:
            first = ingest_inputs(paths, store, Options(), workers=workers, progress=False, chunk_size=2)
            again = ingest_inputs(paths, store, Options(), workers=workers, progress=False)
            assert first.read == again.read == 9
            assert again.new == again.updated == 0  # re-ingesting changes nothing
            dumps.append(_sqlite_dump(store))
        finally:
            store.close()
    assert dumps[0] == dumps[1]


@stage("scale_test_crash", requires=("text",), provides=())
def _crash_stage(doc, options):
    """A stage that kills its process on a marker word, standing for a crash in a C extension."""
    if "CRASH" in doc.text:
        import os

        os._exit(3)
    return doc


def test_a_document_that_kills_its_worker_costs_only_itself(tmp_path, memory_store):
    paths = _write_articles(tmp_path, [*ARTICLES[:4], "خبر CRASH مرگبار", *ARTICLES[4:]])
    options = Options(stages=("normalize", "scale_test_crash"))
    summary = ingest_inputs(paths, memory_store, options, workers=2, progress=False, merge=False, chunk_size=2)
    assert (summary.read, summary.new, summary.failed_count) == (9, 8, 1)
    (failure,) = summary.failed
    assert failure.error.code.name == "E901" and failure.source == paths[4]


def test_failures_in_json_lines_carry_file_and_line(tmp_path, memory_store):
    lines = ['{"text": "%s", "source": "ایرنا"}' % ARTICLES[0], "{not json", '{"title": "بی متن"}',
             '{"text": "%s"}' % ARTICLES[1]]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = ingest_inputs([str(path)], memory_store, FAST, workers=1, progress=False, merge=False)
    assert (summary.read, summary.new, summary.failed_count) == (4, 2, 2)
    assert [(f.error.code.name, f.error.path, f.error.line) for f in summary.failed] == [
        ("E106", str(path), 2),  # malformed JSON
        ("E106", str(path), 3),  # an object without text
    ]


def test_the_core_never_imports_dask_or_datasketch():
    import subprocess
    import sys

    code = ("import sys, didban.batch, didban.engines, didban.engines.local, didban.merge; "
            "print(sorted(m for m in ('dask', 'distributed', 'datasketch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


class _FullDiskStore(MemoryStore):
    """A store whose database cannot be written any more (a full disk): every write fails with E402."""

    def upsert_document(self, doc):
        self.writes += 1
        raise DidbanError("E402", "database or disk is full", path="news.sqlite")


def test_a_database_failure_stops_the_batch_at_once(tmp_path):
    # a full or read-only database concerns every document: stop at the first, do not extract the rest for nothing
    paths = _write_articles(tmp_path, ["خبر یک.", "خبر دو.", "خبر سه."])
    store = _FullDiskStore()
    with pytest.raises(DidbanError) as err:
        ingest_inputs(paths, store, Options(stages=("normalize",)), workers=1, progress=False, merge=False)
    assert err.value.code.name == "E402" and store.writes == 1
