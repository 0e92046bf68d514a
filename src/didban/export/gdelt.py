"""GDELT-style TSV: one row per event, codes as strings."""
from __future__ import annotations

import csv
from typing import TextIO

from didban.document import Document

COLUMNS = ["event_id", "doc_id", "date", "cameo", "plover", "mode", "quad_class", "goldstein",
           "actor1_name", "actor1_country", "actor2_name", "actor2_country", "location", "location_country",
           "latitude", "longitude", "source", "url", "evidence"]


def write_tsv(docs: list[Document], out: TextIO) -> None:
    w = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(COLUMNS)
    for doc in docs:
        ents = {e.id: e for e in doc.entities or []}
        for ev in doc.events or []:
            a1 = ents.get(ev.actors[0]) if ev.actors else None
            a2 = ents.get(ev.recipients[0]) if ev.recipients else None
            loc = ents.get(ev.location) if ev.location else None
            w.writerow([ev.id, doc.id, ev.date or "", ev.cameo, ev.plover or "", ev.mode or "",
                        "" if ev.quad_class is None else ev.quad_class,
                        "" if ev.intensity is None else ev.intensity,
                        a1.name if a1 else "", (a1.country or "") if a1 else "",
                        a2.name if a2 else "", (a2.country or "") if a2 else "",
                        loc.name if loc else "", (loc.country or "") if loc else "",
                        "" if not loc or loc.latitude is None else loc.latitude,
                        "" if not loc or loc.longitude is None else loc.longitude,
                        doc.source or "", doc.url or "",
                        " | ".join(s.text.replace("\n", " ") for s in ev.evidence)])
