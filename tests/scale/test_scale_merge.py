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
    # the two copies were published the same day: the smaller id is the original
    original, copy = sorted([docs[0].id, docs[1].id])
    assert memory_store.duplicates() == {copy: original}
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
        by_date = [d.id for d in sorted(docs, key=lambda d: (d.published, d.id))]
        assert [a.id for a in fast_articles] == [a.id for a in slow_articles] == by_date
        fast_events, slow_events = list(fast_events), list(slow_events)
        assert fast_events == slow_events
        assert [r.outlet for r in fast_events] == ["IRNA", "example.ir"]  # in date order
    finally:
        store.close()


@pytest.mark.parametrize("days_later, linked", [
    (10, True),  # a republication ten days later is still a copy
    (40, False),  # beyond the 30-day window articles are not compared (what keeps memory flat)
])
def test_near_duplicates_window(days_later, linked):
    from datetime import date, timedelta

    later = (date(2025, 3, 7) + timedelta(days=days_later)).isoformat()
    records = [ArticleRecord("a", WIRE, "2025-03-07"), ArticleRecord("b", WIRE + " انتهای پیام", later)]
    assert find_near_duplicates(records) == ({"b": "a"} if linked else {})


def test_a_copy_of_a_copy_links_to_the_first_original():
    second = WIRE.replace("روز جمعه", "روز پنجشنبه")
    third = second.replace("دو طرف", "طرفین")
    records = [ArticleRecord("c", third, "2025-03-09"), ArticleRecord("b", second, "2025-03-08"),
               ArticleRecord("a", WIRE, "2025-03-07")]
    assert find_near_duplicates(records) == {"b": "a", "c": "a"}


def test_streaming_functions_refuse_unsorted_input():
    from didban.merge import stream_event_clusters, stream_near_duplicates

    with pytest.raises(ValueError):
        list(stream_near_duplicates([ArticleRecord("b", WIRE, "2025-03-08"), ArticleRecord("a", WIRE, "2025-03-07")]))
    with pytest.raises(ValueError):
        list(stream_event_clusters([rec("b:1", "b", "2025-03-08"), rec("a:1", "a", "2025-03-07")]))


def test_run_merge_on_sqlite_matches_the_generic_path_and_clears_stale_links(tmp_path):
    pytest.importorskip("sqlalchemy")
    from didban.store import open_store
    from scale_helpers import MemoryStore

    docs = [_doc(WIRE, "IRNA", "2025-03-07"), _doc(WIRE + " انتهای پیام", "ISNA", "2025-03-07"),
            _doc("دیدار دو وزیر خارجه در آنکارا برگزار شد", "Mehr", "2025-03-08"),
            _doc("دیدار دو وزیر در قاهره", "Mehr", "2025-03-08", kb=(IRN, EGY))]
    store, memory = open_store(tmp_path / "m.sqlite"), MemoryStore()
    try:
        for doc in docs:
            store.upsert_document(doc)
            memory.upsert_document(doc)
        store.set_duplicate(docs[2].id, docs[3].id)  # a stale link from an earlier run
        assert run_merge(store) == run_merge(memory)
        assert store.duplicates() == memory.duplicates() and len(store.duplicates()) == 1
        assert store.clusters() == memory.clusters
    finally:
        store.close()


def test_a_dated_copy_of_an_undated_article_is_found():
    records = [ArticleRecord("b", WIRE + " انتهای پیام", "2025-03-07"), ArticleRecord("a", WIRE, None)]
    assert find_near_duplicates(records) == {"b": "a"}  # undated articles come first: "a" is the original


def test_datasketch_is_imported_without_scipy_integrate_and_the_known_bands_are_its_own():
    """The merge's index never asks scipy to choose its bands for the default setting (they are known), so datasketch
    is imported without scipy.integrate (most of its import time); another setting still has them computed."""
    import subprocess

    pytest.importorskip("datasketch")
    code = ("import sys; from didban.merge.duplicates import _index; index = _index(0.8, 64); "
            "print('scipy.integrate' in sys.modules, index.lsh.b, index.lsh.r)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "5", "11"]
    from didban.merge.duplicates import _LSH_PARAMS, NUM_PERM, THRESHOLD, import_datasketch

    datasketch = import_datasketch()
    computed = datasketch.MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)  # by scipy's integration
    assert (computed.b, computed.r) == _LSH_PARAMS[(THRESHOLD, NUM_PERM)]
    other = datasketch.MinHashLSH(threshold=0.5, num_perm=32)
    assert other.b * other.r <= 32 and (other.b, other.r) != (5, 11)


def test_signatures_computed_beforehand_give_the_same_links():
    """The signatures an ingest's workers compute (`article_signature`) stand for the texts' own: same links."""
    pytest.importorskip("datasketch")
    from didban.merge.duplicates import article_signature, stream_near_duplicates

    base = "وزیر امور خارجه ایران روز دوشنبه در تهران با همتای ترکیه دیدار و درباره روابط دو کشور گفتگو کرد"
    records = sorted([ArticleRecord("a", base, "2025-01-01"), ArticleRecord("b", base + " انتهای پیام", "2025-01-02"),
                      ArticleRecord("c", "متنی دیگر درباره بازار ارز و طلا در روزهای اخیر", "2025-01-02"),
                      ArticleRecord("d", "", "2025-01-03"), ArticleRecord("e", "به گزارش ایسنا " + base, "2025-01-04")],
                     key=lambda r: (r.published, r.id))
    expected = list(stream_near_duplicates(records))
    assert expected == [("b", "a")]  # (e, three words longer at the start of a short text, is below the threshold)
    signatures = {r.id: article_signature(r.text) for r in records[1:]}
    assert signatures["d"] == b"" and len(signatures["b"]) == 4 * 64
    assert list(stream_near_duplicates(records, signatures=signatures)) == expected
