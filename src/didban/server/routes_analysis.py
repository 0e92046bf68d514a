"""The analyst's endpoints: counts by dimension (/api/aggregate), facet counts (/api/facets), actor profiles
(/api/actor), document labels (/api/labels) and downloads of the current filter (/api/download).

An APIRouter that `create_app` includes; handlers call the methods of the store at `request.app.state.store`
(`didban.store.listing`) and the writers of `didban.export`, with the event filters `/api/events` takes.
"""
from __future__ import annotations

import io
import json
from typing import Annotated, Iterator

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from didban.errors import Codes, DidbanError
from didban.server.app import EVENT_FILTERS, CameoQ, DocQ, Filter, Limit, Offset, PloverQ, check_params, page_links
from didban.store import aggregates

router = APIRouter()

DOWNLOAD_FORMATS = {"csv": ("text/csv", ","), "tsv": ("text/tab-separated-values", "\t"),
                    "plover": ("application/x-ndjson", None)}
MAX_DOWNLOAD = 200_000  # events in one download; more is an export job (`didban export`)
ByQ = Annotated[str, Query(min_length=1, max_length=100, description="dimensions, comma-separated: " + "; ".join(
    f"{name}: {d.help}" for name, d in aggregates.DIMENSIONS.items()))]
TopQ = Annotated[int | None, Query(ge=1, le=1000, description="keep the N largest groups per first dimension")]


def _filters(actor, country, type, cameo, since, until, place, doc) -> dict:
    return {"actor": actor, "country": country, "plover": type, "cameo": cameo, "since": since, "until": until,
            "place": place, "doc_id": doc}


def _store(request: Request):
    return request.app.state.store


@router.get("/api/aggregate", summary="Event counts by one or more dimensions (month, dyad, country, type …)")
def aggregate(request: Request, by: ByQ, actor: Filter = None, country: Filter = None, type: PloverQ = None,
              cameo: CameoQ = None, since: Filter = None, until: Filter = None, place: Filter = None,
              doc: DocQ = None, merged: bool = True, top: TopQ = None):
    check_params(request, (*EVENT_FILTERS, "by", "merged", "top"))
    names = aggregates.parse_dimensions(by)
    rows = _store(request).count_events(names, merged=merged, top=top,
                                        **_filters(actor, country, type, cameo, since, until, place, doc))
    return {"by": names, "items": list(rows), "total_groups": len(rows)}


@router.get("/api/facets", summary="Counts of the matching events by country, type, quad class, CAMEO root, month")
def facets(request: Request, actor: Filter = None, country: Filter = None, type: PloverQ = None,
           cameo: CameoQ = None, since: Filter = None, until: Filter = None, place: Filter = None,
           doc: DocQ = None, merged: bool = True):
    check_params(request, (*EVENT_FILTERS, "merged"))
    return _store(request).facets(merged=merged, **_filters(actor, country, type, cameo, since, until, place, doc))


@router.get("/api/undated", summary="The matching events that have no date (the timeline lists them apart)")
def undated(request: Request, actor: Filter = None, country: Filter = None, type: PloverQ = None,
            cameo: CameoQ = None, since: Filter = None, until: Filter = None, place: Filter = None,
            doc: DocQ = None, merged: bool = True, limit: Limit = 50, offset: Offset = 0):
    check_params(request, (*EVENT_FILTERS, "merged", "limit", "offset"))
    rows = _store(request).undated_events(limit=limit, offset=offset, merged=merged,
                                          **_filters(actor, country, type, cameo, since, until, place, doc))
    return {"items": list(rows), **page_links(request, offset, limit, rows.total)}


@router.get("/api/actor", summary="An actor: names, country, sector, CAMEO code, offices, counterparts, counts")
def actor(request: Request, key: Annotated[str, Query(min_length=1, max_length=200,
                                                       description="an entity key or a name")]):
    check_params(request, ("key",))
    return _store(request).actor_profile(key)


@router.get("/api/labels", summary="A readable label for each document: its title, else its first words")
def labels(request: Request, doc: Annotated[list[str], Query(max_length=64)]):
    check_params(request, ("doc",))
    if len(doc) > 500:
        raise DidbanError(Codes.E501, f"{len(doc)} documents asked; at most 500")
    return _store(request).document_labels(doc)


@router.get("/api/download", summary="Every event matching the filters as a file: csv, tsv (GDELT-style) or "
                                     "plover (PLOVER JSON lines)")
def download(request: Request, format: Annotated[str, Query(pattern="^(csv|tsv|plover)$")] = "csv",
             actor: Filter = None, country: Filter = None, type: PloverQ = None, cameo: CameoQ = None,
             since: Filter = None, until: Filter = None, place: Filter = None, doc: DocQ = None,
             merged: bool = True):
    check_params(request, (*EVENT_FILTERS, "format", "merged"))
    store = request.app.state.store
    filters = _filters(actor, country, type, cameo, since, until, place, doc)
    # checks the filters before the answer starts, and counts as far as the limit
    first = store.query_events(limit=1, merged=merged, count_cap=MAX_DOWNLOAD, **filters)
    if first.count_capped:
        raise DidbanError(Codes.E501, f"more than {MAX_DOWNLOAD} events match; a download holds at most that",
                          hint="narrow the filters, or use 'didban export' for the whole store")
    media, _ = DOWNLOAD_FORMATS[format]
    name = f"didban-events.{'jsonl' if format == 'plover' else format}"
    return StreamingResponse(_rows(store, format, merged, filters), media_type=f"{media}; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _rows(store, fmt: str, merged: bool, filters: dict) -> Iterator[str]:
    """The file, a page of events at a time (memory stays flat whatever the number of events)."""
    from didban.export.gdelt import write_rows
    from didban.export.plover import plover_record

    header = True
    for events in store.iter_export_pages(merged=merged, **filters):
        buffer = io.StringIO()
        if fmt == "plover":
            for ev in events:
                buffer.write(json.dumps(plover_record(ev), ensure_ascii=False) + "\n")
        else:
            write_rows(events, buffer, delimiter=DOWNLOAD_FORMATS[fmt][1], header=header)
            header = False
        yield buffer.getvalue()
    if header and fmt != "plover":  # no event: the header alone
        buffer = io.StringIO()
        write_rows([], buffer, delimiter=DOWNLOAD_FORMATS[fmt][1])
        yield buffer.getvalue()
