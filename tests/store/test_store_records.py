"""Whole-store streams (`Store.iter_article_rows`, `Store.iter_event_rows`): what passes over every stored document
read instead of building SQL of their own."""
from __future__ import annotations

from didban.document import Attribution, Document

from store_samples import build_meeting_doc, build_other_doc, make_doc


def test_articles_come_undated_first_then_by_publication_date(store):
    docs = [Document(text="خبر سوم", published="2025-03-09", source="c.txt"),
            Document(text="خبر بی‌تاریخ", source="u.txt"),
            Document(text="خبر اول", published="2025-03-07T10:00:00+03:30", source="a.txt")]
    for doc in docs:
        store.upsert_document(doc)
    rows = list(store.iter_article_rows())
    assert [(r.text, r.published) for r in rows] == [("خبر بی‌تاریخ", None),
                                                     ("خبر اول", "2025-03-07T10:00:00+03:30"),
                                                     ("خبر سوم", "2025-03-09")]
    assert {r.id for r in rows} == {d.id for d in docs}


def test_events_come_by_day_with_their_article_and_participants(store):
    meeting, other = build_meeting_doc(), build_other_doc()
    other.attribution = [Attribution("ایسنا", 0, 0, "outlet"), Attribution("ایرنا", 0, 0, "cited")]
    for doc in (other, meeting):
        store.upsert_document(doc)
    rows = list(store.iter_event_rows())
    assert [(r.day, r.doc_id, r.id) for r in rows] == sorted(
        (ev.date[:10], doc.id, ev.id) for doc in (meeting, other) for ev in doc.events)
    by_id = {r.id: r for r in rows}
    meet = by_id[meeting.events[0].id]
    assert (meet.cameo, meet.plover, meet.event_date, meet.location_id) == ("040", "CONSULT", "2025-03-07", "loc")
    assert (meet.published, meet.outlet, meet.attribution) == ("2025-03-07", "irna", ())
    assert [(p.role, p.entity_id, p.kb_id, p.type, p.name) for p in meet.participants] == [
        ("actor", "e0", "Q_araghchi", "PER", "عباس عراقچی"),
        ("location", "loc", None, "GPE", "تهران"),
        ("recipient", "e1", "Q_lavrov", "PER", "سرگئی لاوروف")]
    assert by_id[other.events[0].id].attribution == (("outlet", "ایسنا"), ("cited", "ایرنا"))


def test_an_event_naming_an_entity_its_document_lacks_keeps_the_bare_id(store):
    doc = make_doc("عراقچی با لاوروف دیدار کرد.", title="t", outlet="irna", published="2025-03-07",
                   people=[("عراقچی", "عباس عراقچی", "Abbas Araghchi", "IRN", "Q_araghchi"),
                           ("لاوروف", "سرگئی لاوروف", "Sergey Lavrov", "RUS", "Q_lavrov")],
                   events=[("040", "CONSULT", "عراقچی", "لاوروف", "دیدار")])
    doc.events[0].recipients = ["e9"]
    store.upsert_document(doc)
    (event,) = store.iter_event_rows()
    assert [(p.role, p.entity_id, p.type) for p in event.participants] == [("actor", "e0", "PER"),
                                                                           ("recipient", "e9", None)]
