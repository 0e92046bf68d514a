"""Cross-article merging: event clusters (pure function), near-duplicate articles, and run_merge over a store."""
from __future__ import annotations

import sys

import pytest

from didban.document import Document, Entity, Event
from didban.merge import (EventRecord, cluster_id_for, find_near_duplicates, merge_events, run_merge,
                          summarize_clusters)
from didban.merge.duplicates import ArticleRecord, shingles

IRN, TUR, EGY = "Q794", "Q43", "Q79"  # participants are knowledge-base ids; any stable strings do
MEET = dict(cameo="040", plover="CONSULT")


def rec(event_id, doc_id, date, participants=(IRN, TUR), place=None, outlet=None, **kw):
    return EventRecord(event_id, doc_id, participants=frozenset(participants), date=date, place=place,
                       outlet=outlet or f"outlet-{doc_id}", **{**MEET, **kw})


CASES = [
    # the same meeting from three outlets on two days → one cluster, three sources
    ([rec("a:1", "a", "2025-03-07"), rec("b:1", "b", "2025-03-07"), rec("c:1", "c", "2025-03-08")], [3]),
    # the same pair meeting again two weeks later → two clusters
    ([rec("a:1", "a", "2025-03-01"), rec("b:1", "b", "2025-03-15")], [1, 1]),
    # exactly at the window (2 days) still merges; one day beyond does not
    ([rec("a:1", "a", "2025-03-01"), rec("b:1", "b", "2025-03-03"), rec("c:1", "c", "2025-03-04")], [2, 1]),
    # different participants → two clusters
    ([rec("a:1", "a", "2025-03-07"), rec("b:1", "b", "2025-03-07", participants=(IRN, EGY))], [1, 1]),
    # direction does not matter: "A met B" and "B received A" name the same participant set
    ([rec("a:1", "a", "2025-03-07", participants=(IRN, TUR)),
      rec("b:1", "b", "2025-03-07", participants=(TUR, IRN))], [2]),
    # different CAMEO roots (meet 04x vs accuse 11x) → two clusters
    ([rec("a:1", "a", "2025-03-07"), rec("b:1", "b", "2025-03-07", cameo="112", plover="ACCUSE")], [1, 1]),
    # same CAMEO root but different PLOVER types → two clusters
    ([rec("a:1", "a", "2025-03-07"), rec("b:1", "b", "2025-03-07", plover="AID")], [1, 1]),
    # two places named → two clusters; one place missing → it merges with the one that has it
    ([rec("a:1", "a", "2025-03-07", place="ANK"), rec("b:1", "b", "2025-03-07", place="THR")], [1, 1]),
    ([rec("a:1", "a", "2025-03-07", place="ANK"), rec("b:1", "b", "2025-03-07")], [2]),
    # two events of one document stay apart (the events stage already merged what it should)
    ([rec("a:1", "a", "2025-03-07"), rec("a:2", "a", "2025-03-07")], [1, 1]),
    # no date → alone
    ([rec("a:1", "a", None), rec("b:1", "b", None)], [1, 1]),
]


@pytest.mark.parametrize("records, sizes", CASES)
def test_merge_events_cluster_sizes(records, sizes):
    assignment = merge_events(records)
    assert set(assignment) == {r.event_id for r in records}
    clusters = summarize_clusters(records, assignment)
    by_first = sorted(clusters.values(), key=lambda c: min(c.events))
    assert [len(c.events) for c in by_first] == sizes


def test_merge_events_is_order_independent_and_counts_sources():
    records = [rec("a:1", "a", "2025-03-07", outlet="IRNA"), rec("b:1", "b", "2025-03-07", outlet="ISNA"),
               rec("c:1", "c", "2025-03-08", outlet="IRNA"), rec("d:1", "d", "2025-03-08", outlet="Mehr")]
    forward, backward = merge_events(records), merge_events(list(reversed(records)))
    assert forward == backward
    (cluster,) = summarize_clusters(records, forward).values()
    assert (cluster.num_articles, cluster.num_sources) == (4, 3)  # IRNA reported it twice: 4 articles, 3 outlets
    assert cluster.id == cluster_id_for("a:1")  # named after the earliest member


WIRE = ("به گزارش خبرگزاری ها وزیر امور خارجه کشورمان روز جمعه در سفری رسمی وارد آنکارا شد و با همتای ترکیه ای خود "
        "درباره روابط دوجانبه تحولات منطقه همکاری های اقتصادی و تجاری و وضعیت غزه گفت و گو کرد دو طرف بر ضرورت "
        "توسعه مناسبات و افزایش حجم مبادلات تجاری تا سی میلیارد دلار تاکید کردند و قرار شد کمیسیون مشترک اقتصادی "
        "دو کشور ماه آینده در تهران برگزار شود وزیر خارجه ترکیه نیز از دعوت همتای خود برای سفر به تهران استقبال کرد")


def test_near_duplicates_link_a_lightly_edited_copy_to_the_earliest():
    edited = WIRE.replace("روز جمعه", "روز پنجشنبه").replace("دو طرف", "طرفین")
    records = [ArticleRecord("b", edited, "2025-03-08"), ArticleRecord("a", WIRE, "2025-03-07"),
               ArticleRecord("c", "سخنگوی دولت گفت نشست هیئت دولت فردا در تهران برگزار می شود", "2025-03-07")]
    assert find_near_duplicates(records) == {"b": "a"}


def test_near_duplicates_ignore_letter_variants_and_zwnj():
    arabic_letters = WIRE.replace("ی", "ي").replace("ک", "ك").replace(" ای ", "\u200cای ")
    assert shingles(arabic_letters) == shingles(WIRE)
    assert find_near_duplicates([ArticleRecord("x", arabic_letters), ArticleRecord("y", WIRE)]) == {"y": "x"}


def test_without_datasketch_exact_copies_are_still_found(monkeypatch):
    monkeypatch.setitem(sys.modules, "datasketch", None)  # as if not installed
    edited = WIRE.replace("روز جمعه", "روز پنجشنبه")
    records = [ArticleRecord("a", WIRE), ArticleRecord("b", WIRE + " "), ArticleRecord("c", edited)]
    assert find_near_duplicates(records) == {"b": "a"}


def _doc(text, outlet, published, kb=(IRN, TUR)):
    doc = Document(text=text, outlet=outlet, published=published)
    doc.entities = [Entity(id="E1", type="PER", name="الف", kb_id=kb[0]),
                    Entity(id="E2", type="PER", name="ب", kb_id=kb[1])]
    doc.events = [Event(id=f"{doc.id}-e1", cameo="040", plover="CONSULT", actors=["E1"], recipients=["E2"])]
    return doc


def test_run_merge_over_a_store(memory_store):
    docs = [_doc(WIRE, "IRNA", "2025-03-07"), _doc(WIRE + " انتهای پیام", "ISNA", "2025-03-07"),
            _doc("دیدار دو وزیر خارجه در آنکارا برگزار شد", "Mehr", "2025-03-08"),
            _doc("دیدار دو وزیر در قاهره", "Mehr", "2025-03-08", kb=(IRN, EGY))]
    for doc in docs:
        memory_store.upsert_document(doc)
    result = run_merge(memory_store)
    assert memory_store.duplicates == {docs[1].id: docs[0].id} or memory_store.duplicates == {docs[0].id: docs[1].id}
    assert (result.events, result.clusters, result.multi_source_clusters, result.duplicates) == (4, 2, 1, 1)
    first = dict(memory_store.clusters)
    run_merge(memory_store)  # re-runnable: the same answer
    assert memory_store.clusters == first
    assert first[f"{docs[0].id}-e1"] == first[f"{docs[2].id}-e1"] != first[f"{docs[3].id}-e1"]


def test_sql_store_fast_path_reads_what_the_documents_say(tmp_path):
    pytest.importorskip("sqlalchemy")
    from didban.merge import merge_inputs
    from didban.store import open_store

    docs = [_doc(WIRE, "IRNA", "2025-03-07"), _doc("دیدار دو وزیر در قاهره", None, "2025-03-08", kb=(IRN, EGY)),
            Document(text="خبری بی رویداد", published="2025-03-09")]
    docs[1].url = "https://www.example.ir/news/1"  # no outlet: the site names it
    docs[1].entities[1].kb_id = None  # an entity the knowledge base does not know: matched by type and name
    store = open_store(tmp_path / "merge.sqlite")
    try:
        for doc in docs:
            store.upsert_document(doc)

        class DocumentsOnly:  # the generic path: whole documents through iter_documents()
            iter_documents = store.iter_documents

        fast_articles, fast_events = merge_inputs(store)
        slow_articles, slow_events = merge_inputs(DocumentsOnly())
        assert [a.id for a in fast_articles] == [a.id for a in slow_articles] == sorted(d.id for d in docs)
        assert sorted(fast_events, key=lambda r: r.event_id) == sorted(slow_events, key=lambda r: r.event_id)
        assert {r.outlet for r in fast_events} == {"IRNA", "example.ir"}
        assert len(fast_events) == 2
    finally:
        store.close()
