"""The writers of what the store answers (didban.export.stored, didban.export.counts): pure functions over rows."""
from __future__ import annotations

import io
import json

import pytest

from didban.errors import DidbanError
from didban.export.counts import TEMPORAL, write_counts
from didban.export.stored import entity_lines, render_events_table, rounded, search_hit_lines, write_event_list

EVENT = {"id": "ev1", "doc_id": "d1", "day": "2025-03-07", "cameo": "040", "plover": "CONSULT", "confidence": 0.7749999,
         "actors": [{"id": "e0", "name": "عراقچی"}], "recipients": [{"id": "e1", "name": "لاوروف"}],
         "location": {"name": "تهران"}, "evidence": [{"text": "دیدار", "label": "trigger"}]}


class Page(list):
    def __init__(self, rows, total, count_capped=False):
        super().__init__(rows)
        self.total, self.count_capped = total, count_capped


def test_the_event_table_reads_as_a_sentence():
    table = render_events_table([EVENT])
    assert "2025-03-07  040   CONSULT" in table and "عراقچی ↔ لاوروف  @ تهران" in table
    assert "«دیدار»  [d1]" in table
    assert render_events_table([]) == "(no events)"
    assert "1 of 1000+ events shown" in render_events_table(Page([EVENT], 1000, count_capped=True))


def test_json_and_jsonl_round_scores_for_people():
    assert rounded(EVENT)["confidence"] == 0.775 and EVENT["confidence"] == 0.7749999  # a copy
    out = io.StringIO()
    write_event_list([EVENT], "jsonl", out)
    assert json.loads(out.getvalue())["confidence"] == 0.775 and "\\u" not in out.getvalue()
    out = io.StringIO()
    write_event_list([EVENT], "table", out)
    assert out.getvalue() == render_events_table([EVENT]) + "\n"


def test_parquet_needs_a_file():
    with pytest.raises(DidbanError) as err:
        write_event_list([EVENT], "parquet", None, "-")
    assert err.value.code.name == "E201"


def test_search_hits_and_entities_as_lines():
    hit = {"doc_id": "d1", "published": "2025-03-07T10:00:00", "outlet": "irna", "title": None, "num_events": 2,
           "snippet": {"text": "عراقچی با لاوروف دیدار کرد"}}
    lines = list(search_hit_lines(Page([hit], 3), "table"))
    assert lines == ["d1  2025-03-07  irna  (no title)  [2 events]", "    عراقچی با لاوروف دیدار کرد",
                     "... 1 of 3 documents shown"]
    assert list(search_hit_lines(Page([], 0), "table")) == ["(no matches)"]
    assert list(search_hit_lines(Page([], 0), "jsonl")) == []
    entity = {"type": "PER", "name": "عراقچی", "name_en": None, "country": "IRN", "num_documents": 2,
              "num_events": 3}
    assert list(entity_lines([entity], "table")) == ["PER  عراقچی / - (IRN)  documents 2  events 3"]
    assert json.loads(next(entity_lines([entity], "json"))) == [entity]


def test_counts_label_undated_and_quad_classes():
    out = io.StringIO()
    write_counts([{"month": None, "quad": 1, "count": 4}], ["month", "quad"], "table", out)
    assert out.getvalue().splitlines()[1].split() == ["(undated)", "1", "verbal", "cooperation", "4"]
    with pytest.raises(DidbanError):
        write_counts([], ["month"], "parquet", io.StringIO())


def test_the_temporal_dimensions_are_the_stores():
    from didban.store.aggregates import DIMENSIONS

    assert set(TEMPORAL) == {name for name, d in DIMENSIONS.items() if d.temporal}
