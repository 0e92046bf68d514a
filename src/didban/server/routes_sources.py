"""`/api/sources`: what `didban watch` follows and how each feed is doing; `/api/sources/new`: what arrived since a
moment (the page's "new since your last visit" marker). Read-only; the store is the app's (`app.state.store`)."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated

from fastapi import APIRouter, Query, Request

from didban.errors import Codes, DidbanError

router = APIRouter()


@router.get("/api/sources", summary="Watched feeds: last poll, new articles, errors (didban watch)")
def list_sources(request: Request):
    from didban.server.app import check_params
    from didban.store.sources import SourceState

    check_params(request, ())
    feeds = SourceState(request.app.state.store).feeds()
    totals = {key: sum(f["articles"][key] for f in feeds) for key in ("pending", "done", "failed")}
    return {"items": feeds, "total": len(feeds), "failing": sum(1 for f in feeds if f["failures"]),
            "articles": totals}


@router.get("/api/sources/new", summary="Documents stored since a moment (ISO 8601), newest first; `now` is the "
                                         "server's clock, to send back as `since` next time")
def new_documents(request: Request, since: Annotated[str | None, Query(min_length=10, max_length=40)] = None,
                  limit: Annotated[int, Query(ge=1, le=500)] = 200):
    from didban.server.app import check_params
    from didban.store.sources import SourceState

    check_params(request, ("since", "limit"))
    # the store's clock, not the browser's: a visitor's wrong clock must not hide or invent news
    now = request.app.state.store.now()
    if since is None:
        return {"now": now, "since": None, "total": 0, "ids": []}
    try:
        moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
    except ValueError:
        raise DidbanError(Codes.E202, f"since={since!r}", hint="give an ISO 8601 moment, e.g. 2025-03-08T09:30:00Z")
    if moment.tzinfo is None:
        raise DidbanError(Codes.E202, f"since={since!r} has no time zone", hint="end it with Z or +00:00")
    stamp = moment.astimezone(timezone.utc).isoformat(timespec="seconds")
    return {"now": now, **SourceState(request.app.state.store).new_documents(stamp, limit)}
