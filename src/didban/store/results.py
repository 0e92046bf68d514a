"""Query results: a list of dicts that also knows its total and turns into a pandas DataFrame or flat rows."""
from __future__ import annotations


class Results(list):
    """A page of results (`list` of dicts). `total` counts all matches; `to_pandas()` needs pandas."""

    def __init__(self, rows=(), *, total: int | None = None, limit: int | None = None, offset: int = 0):
        super().__init__(rows)
        self.total = len(self) if total is None else total
        self.limit = limit
        self.offset = offset

    def to_pandas(self):
        try:
            import pandas as pd
        except ModuleNotFoundError as exc:
            from didban.errors import needs_extra

            raise needs_extra("to_pandas()", "pandas", None) from exc
        rows = [flat_event(r) if "cameo" in r and "actors" in r else r for r in self]
        return pd.DataFrame(rows)


def _names(people: list[dict], field: str) -> str:
    return "; ".join(p.get(field) or "" for p in people if p.get(field)) if people else ""


def flat_event(ev: dict) -> dict:
    """One event as a flat row (CSV, TSV, Parquet, DataFrame): the first actor and recipient spelled out GDELT-style,
    all of them joined with "; "."""
    a1 = ev["actors"][0] if ev["actors"] else {}
    a2 = ev["recipients"][0] if ev["recipients"] else {}
    loc = ev.get("location") or {}
    doc = ev.get("document") or {}
    return {
        "event_id": ev["id"], "doc_id": ev["doc_id"], "date": ev.get("date") or ev.get("day"),
        "cameo": ev["cameo"], "plover": ev.get("plover"), "mode": ev.get("mode"),
        "quad_class": ev.get("quad_class"), "goldstein": ev.get("intensity"), "confidence": ev.get("confidence"),
        "actor1_name": a1.get("name"), "actor1_name_en": a1.get("name_en"), "actor1_country": a1.get("country"),
        "actor2_name": a2.get("name"), "actor2_name_en": a2.get("name_en"), "actor2_country": a2.get("country"),
        "actors": _names(ev["actors"], "name"), "recipients": _names(ev["recipients"], "name"),
        "location": loc.get("name"), "location_en": loc.get("name_en"), "location_country": loc.get("country"),
        "latitude": loc.get("latitude"), "longitude": loc.get("longitude"),
        "occasion": (ev.get("occasion") or {}).get("text"),
        "cluster_id": ev.get("cluster_id"), "num_articles": ev.get("num_articles"),
        "num_sources": ev.get("num_sources"),
        "title": doc.get("title"), "outlet": doc.get("outlet"), "url": doc.get("url"), "published": doc.get("published"),
        "evidence": " | ".join(sp["text"].replace("\n", " ") for sp in ev.get("evidence", [])),
    }


FLAT_COLUMNS = list(flat_event({"id": "", "doc_id": "", "cameo": "", "actors": [], "recipients": []}).keys())
