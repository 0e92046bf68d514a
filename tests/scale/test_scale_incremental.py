"""Batched writes and the incremental merge of `didban ingest`.

- documents are written several to a transaction, all or none of a batch; a document whose rows break a rule fails
  alone (its batch is written again one document at a time);
- the merge at the end of an ingest, done again only from where the new documents start, leaves exactly what a
  merge of the whole store leaves (near-duplicate links and event clusters), whatever the new documents' dates.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from didban.document import Document, Entity, Event

pytest.importorskip("sqlalchemy")

IRN, TUR, EGY, RUS = "Q794", "Q43", "Q79", "Q159"
PAIRS = [(IRN, TUR), (IRN, EGY), (TUR, RUS), (IRN, RUS)]
WORDS = ("وزیر خارجه دیدار گفت و گو روابط منطقه همکاری اقتصادی تجاری سفر رسمی تهران آنکارا قاهره مسکو نشست "
         "کمیسیون مشترک توافق امضا بیانیه سخنگو دولت مجلس طرح بررسی صادرات گاز نفت بازار سرمایه").split()


def _text(rng: random.Random, n: int = 60) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def corpus(seed: int, n: int = 70) -> list[Document]:
    """Articles over 50 days (some undated): a few stories each retold by several outlets (near-duplicates), the
    same meetings reported on nearby days by several outlets (clusters), and unrelated articles."""
    rng = random.Random(seed)
    stories = [_text(rng) for _ in range(6)]
    docs = []
    for i in range(n):
        day = date(2025, 3, 1) + timedelta(days=rng.randint(0, 50))
        published = None if rng.random() < 0.1 else day.isoformat()
        base = rng.choice(stories) if rng.random() < 0.5 else _text(rng)
        doc = Document(text=f"{base} شماره {i}", outlet=rng.choice(["IRNA", "ISNA", "Mehr"]), published=published,
                       source=f"a{i}.txt")
        a, b = rng.choice(PAIRS)
        doc.entities = [Entity(id="E1", type="PER", name="الف", kb_id=a),
                        Entity(id="E2", type="PER", name="ب", kb_id=b)]
        event_day = None if rng.random() < 0.2 else (day + timedelta(days=rng.randint(-1, 1))).isoformat()
        doc.events = [Event(id=f"{doc.id}-e1", cameo=rng.choice(["040", "042", "112"]), plover=None,
                            actors=["E1"], recipients=["E2"], date=event_day)]
        docs.append(doc)
    return docs


def _ingest(store, docs, merge_part: bool) -> None:
    """What `didban ingest` does with processed documents: write them in batches, then merge (part or whole). The
    part merge is given the signatures the workers computed (as an ingest is); the whole merge computes them all."""
    from didban.engines.worker import PREPARE_FOR_MERGE, finish
    from didban.merge import MergeChanges, run_merge, run_merge_since

    prepared = [finish(d, PREPARE_FOR_MERGE if merge_part else True) for d in docs]
    changes = MergeChanges()
    for start in range(0, len(prepared), 8):
        batch = prepared[start:start + 8]
        for doc, status in zip(batch, store.write_prepared(batch)):
            if status != "unchanged":
                changes.note(doc, status)
    if merge_part:
        run_merge_since(store, changes)
    else:
        run_merge(store)


SPLITS = {
    "new ones come after the stored ones": lambda docs: sorted(docs, key=lambda d: d.published or "9999")[:50],
    "new ones among the stored ones": lambda docs: docs[::2],
    "new undated ones": lambda docs: [d for d in docs if d.published][:55],
}


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("split", list(SPLITS))
def test_merging_from_the_new_documents_on_equals_merging_everything(tmp_path, seed, split):
    pytest.importorskip("datasketch")
    from didban.store import open_store

    docs = corpus(seed)
    first = SPLITS[split](docs)
    rest = [d for d in docs if d not in first]
    assert first and rest
    with open_store(tmp_path / "parts.sqlite") as parts, open_store(tmp_path / "whole.sqlite") as whole:
        _ingest(parts, first, merge_part=True)
        _ingest(parts, rest, merge_part=True)
        _ingest(whole, docs, merge_part=False)
        assert parts.duplicates() == whole.duplicates()
        assert parts.clusters() == whole.clusters()
        assert len(whole.duplicates()) >= 5  # the corpus does have copies and multi-report clusters to get right
        assert len(set(whole.clusters().values())) < len(whole.clusters())


def test_the_incremental_merge_reads_only_from_the_new_documents_on(tmp_path):
    pytest.importorskip("datasketch")
    from didban.store import open_store

    docs = sorted(corpus(3), key=lambda d: d.published or "")
    dated = [d for d in docs if d.published]
    old, new = [d for d in docs if d not in dated[-5:]], dated[-5:]
    with open_store(tmp_path / "s.sqlite") as store:
        _ingest(store, old, merge_part=True)
        seen = []
        read = store.iter_article_rows

        def counting(**where):
            for row in read(**where):
                seen.append(row.id)
                yield row

        store.iter_article_rows = counting
        _ingest(store, new, merge_part=True)
    window_start = (date.fromisoformat(new[0].published) - timedelta(days=30)).isoformat()
    expected = {d.id for d in docs if not d.published or d.published >= window_start}
    assert set(seen) == expected and len(seen) < len(docs)


def test_a_skipped_merge_makes_the_next_one_merge_everything(tmp_path):
    from didban.merge import MergeChanges, run_merge_since
    from didban.store import open_store
    from didban.store.rows import prepare_document

    docs = corpus(4, n=20)
    with open_store(tmp_path / "s.sqlite") as store:
        store.write_prepared([prepare_document(d) for d in docs[:10]])  # stored with --no-merge: no clusters
        changes = MergeChanges()
        for doc in [prepare_document(d) for d in docs[10:]]:
            (status,) = store.write_prepared([doc])
            changes.note(doc, status)
        run_merge_since(store, changes)
        assert set(store.clusters()) == {f"{d.id}-e1" for d in docs}  # the first ten's events too


def test_a_batch_is_one_transaction_and_a_bad_document_fails_alone(tmp_path):
    from didban.batch import ingest_documents
    from didban.errors import DidbanError
    from didban.options import Options
    from didban.store import open_store
    from didban.store.rows import prepare_document

    docs = corpus(5, n=10)
    bad = docs[3]
    bad.entities.append(Entity(id="E1", type="PER", name="تکراری", kb_id=EGY))  # the same entity id twice
    with open_store(tmp_path / "s.sqlite") as store:
        with pytest.raises(DidbanError) as err:
            store.write_prepared([prepare_document(d) for d in docs[:5]])
        assert err.value.code.name == "E901"
        assert store.count("documents") == 0  # all or nothing: the four good ones were rolled back with it
        batches = []
        write = store.write_prepared
        store.write_prepared = lambda batch: batches.append(len(batch)) or write(batch)
        failures = []
        summary = ingest_documents(iter(docs), store, Options(stages=("normalize",)), workers=1, progress=False,
                                   merge=False, commit_docs=4, on_failure=failures.append)
        assert (summary.new, summary.failed_count) == (9, 1)
        assert [f.source for f in failures] == [bad.source]
        # batches of 4 documents; the one holding the bad document written again one document at a time
        assert batches == [4, 1, 1, 1, 1, 4, 2]
        assert store.count("documents") == 9


def test_documents_per_transaction_from_the_environment(monkeypatch):
    from didban.batch import COMMIT_DOCS, default_commit_docs
    from didban.errors import DidbanError

    monkeypatch.delenv("DIDBAN_COMMIT_EVERY", raising=False)
    assert default_commit_docs() == COMMIT_DOCS
    monkeypatch.setenv("DIDBAN_COMMIT_EVERY", "1")
    assert default_commit_docs() == 1
    monkeypatch.setenv("DIDBAN_COMMIT_EVERY", "many")
    with pytest.raises(DidbanError):
        default_commit_docs()
