"""Queries: event filters (Persian or English names), clusters, entities, network, timeline, full-text search."""
from __future__ import annotations

import pytest

from didban.errors import DidbanError


@pytest.fixture()
def filled(store, meeting_doc, other_doc):
    """A store of its own, for tests that change clusters or duplicates."""
    store.upsert_document(meeting_doc)
    store.upsert_document(other_doc)
    return store


@pytest.fixture()
def shared(filled_store):
    """The module's read-only store."""
    return filled_store


def cameos(rows) -> list[str]:
    return sorted(r["cameo"] for r in rows)


@pytest.mark.parametrize("filters, expected", [
    ({}, ["040", "040", "043", "051"]),
    ({"actor": "عراقچی"}, ["040", "040", "043"]),  # Persian name, actor or recipient side
    ({"actor": "عراقچي"}, ["040", "040", "043"]),  # Arabic yeh folds to Persian yeh
    ({"actor": "Araghchi"}, ["040", "040", "043"]),  # English name, part of the full name
    ({"actor": "sergey lavrov"}, ["040", "040", "051"]),  # case does not matter
    ({"actor": "Q_fidan"}, ["043"]),  # knowledge-base id
    ({"actor": "nobody"}, []),
    ({"country": "TUR"}, ["043"]),  # ISO3 of a participant
    ({"country": "irn"}, ["040", "040", "043", "051"]),
    ({"cameo": "04"}, ["040", "040", "043"]),  # prefix match
    ({"cameo": "043"}, ["043"]),
    ({"plover": "consult"}, ["040", "040", "043"]),
    ({"since": "2025-03-08"}, ["040", "043"]),
    ({"until": "2025-03-07"}, ["040", "051"]),
    ({"since": "1403-12-18", "until": "1403-12-18"}, ["040", "043"]),  # Jalali 1403-12-18 = 2025-03-08
    ({"place": "Tehran"}, ["040", "051"]),
    ({"place": "تهران", "cameo": "05"}, ["051"]),
])
def test_event_filters(shared, filters, expected):
    assert cameos(shared.query_events(merged=False, **filters)) == expected


def test_events_carry_participants_evidence_and_article(shared, meeting_doc):
    (ev,) = shared.query_events(doc_id=meeting_doc.id, cameo="040")
    assert [a["name_en"] for a in ev["actors"]] == ["Abbas Araghchi"]
    assert [r["name_en"] for r in ev["recipients"]] == ["Sergey Lavrov"]
    assert ev["location"]["name_en"] == "Tehran" and ev["location"]["latitude"] == pytest.approx(35.69)
    trigger = ev["evidence"][0]
    assert meeting_doc.text[trigger["start"]:trigger["end"]] == trigger["text"] == "دیدار"
    assert ev["document"]["outlet"] == "irna" and (ev["num_articles"], ev["num_sources"]) == (1, 1)


def test_pagination_and_total(shared):
    first = shared.query_events(limit=2, merged=False)
    second = shared.query_events(limit=2, offset=2, merged=False)
    assert first.total == second.total == 4 and len(first) == len(second) == 2
    assert {r["id"] for r in first}.isdisjoint(r["id"] for r in second)
    assert [r["day"] for r in first] == ["2025-03-08", "2025-03-08"]  # newest first


def test_clusters_count_articles_and_sources_once(filled, meeting_doc, other_doc):
    a = meeting_doc.events[0].id
    b = other_doc.events[0].id
    filled.replace_clusters({a: "meeting-1", b: "meeting-1"})
    merged = filled.query_events(cameo="040")
    assert len(merged) == merged.total == 1
    assert (merged[0]["num_articles"], merged[0]["num_sources"], merged[0]["cluster_id"]) == (2, 2, "meeting-1")
    assert len(filled.query_events(cameo="040", merged=False)) == 2
    timeline = filled.timeline(cameo="040")
    assert sum(r["count"] for r in timeline) == 1
    filled.replace_clusters({})
    assert len(filled.query_events(cameo="040")) == 2


def test_near_duplicate_articles_hide_their_unclustered_events(filled, meeting_doc, other_doc):
    filled.set_duplicate(other_doc.id, meeting_doc.id)
    assert cameos(filled.query_events()) == ["040", "051"]
    assert filled.duplicates() == {other_doc.id: meeting_doc.id}
    filled.set_duplicate(other_doc.id, None)
    assert len(filled.query_events()) == 4
    filled.replace_duplicates({meeting_doc.id: other_doc.id})
    assert filled.duplicates() == {meeting_doc.id: other_doc.id}
    assert cameos(filled.query_events()) == ["040", "043"]


@pytest.mark.parametrize("filters, code", [
    ({"since": "2025-13-01"}, "E202"),  # no month 13
    ({"until": "yesterday"}, "E202"),
    ({"since": "2025-03-09", "until": "2025-03-01"}, "E202"),  # empty range
    ({"cameo": "04; DROP TABLE events"}, "E201"),
    ({"plover": "CONSULT'--"}, "E201"),
    ({"colour": "red"}, "E201"),  # unknown filter
    ({"limit": 10_001}, "E201"),  # page over the limit
    ({"offset": -1}, "E201"),
])
def test_bad_filters_are_clear_errors(shared, filters, code):
    with pytest.raises(DidbanError) as info:
        shared.query_events(**filters)
    assert info.value.code.name == code


@pytest.mark.parametrize("query, expected_titles", [
    ("گفت‌وگو", {"دیدار عراقچی و لاوروف", "گفتوگوی وزیران"}),  # with ZWNJ: also finds the text written without
    ("گفتوگو", {"دیدار عراقچی و لاوروف", "گفتوگوی وزیران"}),  # without ZWNJ: also finds the text written with
    ("گفت و گو", {"دیدار عراقچی و لاوروف", "گفتوگوی وزیران"}),  # written apart: the joined word is tried too
    ("تلفنی", {"گفتوگوی وزیران"}),
    ("فيدان", {"گفتوگوی وزیران"}),  # Arabic yeh
    ("تمجید لاوروف", {"دیدار عراقچی و لاوروف"}),  # all words must occur
    ("واشنگتن", set()),
])
def test_search_folds_persian_spelling(shared, query, expected_titles):
    assert {h["title"] for h in shared.search(query)} == expected_titles


def test_search_returns_the_matching_original_sentence(shared, other_doc):
    (hit,) = shared.search("تلفنی")
    assert hit["snippet"]["text"] == other_doc.text[hit["snippet"]["start"]:hit["snippet"]["end"]]
    assert hit["num_events"] == 2


@pytest.mark.parametrize("query", ['"; DROP TABLE documents; --', "doc_fts MATCH *", "' OR 1=1 --", "NEAR(a b)"])
def test_search_input_never_becomes_sql(shared, query):
    shared.search(query)  # no error, whatever comes back
    assert shared.count("documents") == 2


def test_empty_search_is_e201(shared):
    with pytest.raises(DidbanError) as info:
        shared.search(" ؟! ")
    assert info.value.code.name == "E201"


def test_entities_across_documents(shared):
    rows = shared.query_entities()
    by_name = {r["name_en"]: r for r in rows}
    assert by_name["Abbas Araghchi"]["num_documents"] == 2 and by_name["Abbas Araghchi"]["num_events"] == 3
    assert by_name["Hakan Fidan"]["num_documents"] == 1
    assert [r["name_en"] for r in shared.query_entities(name="فیدان")] == ["Hakan Fidan"]
    assert {r["name_en"] for r in shared.query_entities(country="RUS")} == {"Sergey Lavrov"}


def test_network_weights_meetings_undirected(shared):
    net = shared.network(cameo="04")
    edges = {(e["source"], e["target"]): e["weight"] for e in net["edges"]}
    assert edges == {("kb:Q_araghchi", "kb:Q_lavrov"): 2, ("kb:Q_araghchi", "kb:Q_fidan"): 1}
    assert {n["name_en"] for n in net["nodes"]} == {"Abbas Araghchi", "Sergey Lavrov", "Hakan Fidan"}
    ego = shared.network(actor="Fidan")
    assert [(e["source"], e["target"]) for e in ego["edges"]] == [("kb:Q_araghchi", "kb:Q_fidan")]


def test_timeline_counts_per_day_and_type(shared):
    assert list(shared.timeline()) == [
        {"day": "2025-03-07", "plover": "CONSULT", "count": 1},
        {"day": "2025-03-07", "plover": "COOPERATE", "count": 1},
        {"day": "2025-03-08", "plover": "CONSULT", "count": 2},
    ]


def test_results_to_pandas(shared):
    pd = pytest.importorskip("pandas")
    frame = shared.query_events(cameo="04", merged=False).to_pandas()
    assert isinstance(frame, pd.DataFrame) and len(frame) == 3
    assert set(frame["Actor1Name"]) == {"Abbas Araghchi"} and set(frame["Actor1Code"]) == {"IRNGOV"}
