"""The HTTP API: read endpoints over the store, an optional token-protected write endpoint, the web page at `/`.

Every error — ours, FastAPI's validation errors, unknown routes, wrong methods, unknown query parameters — comes back in
the one shape `{"error": {"code", "message", "hint", ...}}` (DidbanError.to_dict()). Handlers only call the store's
query functions: what a client sends travels as bound parameters, never as SQL, and never as a file path.
"""
import contextlib
import hmac
import logging
from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import orjson as _orjson

from didban.errors import Codes, DidbanError
from didban.server.cache import ResponseCache
from didban.server.docs import install_docs
from didban.server.documents import DocumentViews, highlights  # noqa: F401 - highlights: imported from here before
from didban.server.guard import Guard, Lanes, status_for
from didban.server.writer import WriteQueue

STATIC = Path(__file__).resolve().parents[1] / "web" / "static"
MAX_PAGE = 500  # the largest page a client may ask for
MAX_BODY = 1_000_000  # bytes accepted by POST /api/documents
THREADS = 8  # read requests served at once; more wait for a thread (and a database connection is always free)

log = logging.getLogger("didban.server")

EVENT_FILTERS = ("actor", "country", "type", "cameo", "since", "until", "place", "doc")

# query and path parameters, checked by FastAPI before a handler runs
Filter = Annotated[str | None, Query(max_length=200)]
PloverQ = Annotated[str | None, Query(max_length=40, description="PLOVER type, e.g. CONSULT")]
CameoQ = Annotated[str | None, Query(max_length=4, description="CAMEO code or prefix, e.g. 04")]
DocQ = Annotated[str | None, Query(max_length=64, description="only this document's events")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size, at most {MAX_PAGE}")]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1)]  # beyond: an integer SQLite cannot bind (an OverflowError, a 500)
PathId = Annotated[str, PathParam(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:\-]+$")]


class PageResponse(JSONResponse):
    """A JSON answer encoded by orjson: the same JSON as JSONResponse's `json.dumps(ensure_ascii=False,
    separators=(",", ":"))` for the plain values a page holds (str, int, float, bool, None, lists, dicts with str
    keys; UTF-8, never ASCII-escaped), about ten times faster — a page of 50 events is ~70 KB, and encoding it was the
    largest cost of a computed page outside the store. A value orjson cannot encode (an integer beyond 64 bits, a
    non-str key) falls back to json.dumps; NaN, which json.dumps refuses here, does not occur in a page."""

    def render(self, content) -> bytes:
        try:
            return _orjson.dumps(content)
        except TypeError:
            return super().render(content)


def error_response(error: DidbanError, status: int | None = None, headers: dict | None = None,
                   **extra) -> JSONResponse:
    body = error.to_dict()
    body["error"].update(extra)
    return JSONResponse(body, status_code=status or status_for(error.code.name), headers=headers)


def _names(names, shown: int = 5, width: int = 40) -> str:
    """A few names for a message, each cut short: a request with 10,000 unknown parameters gets a short answer."""
    names = list(names)
    cut = [n if len(n) <= width else n[:width] + "…" for n in names[:shown]]
    return ", ".join(cut) + (f" and {len(names) - shown} more" if len(names) > shown else "")


def check_params(request: Request, allowed: tuple[str, ...]) -> None:
    """Unknown query parameters are an error, not silently ignored (a typo in a filter must not widen a query)."""
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        raise DidbanError(Codes.E501, f"unknown query parameter(s) {_names(unknown)}; "
                                      f"accepted: {', '.join(allowed) or 'none'}")
    if any("\x00" in value for value in request.query_params.values()):
        # a NUL cuts SQLite's LIKE pattern short (the filter would match everything) and PostgreSQL refuses it
        raise DidbanError(Codes.E501, "a query parameter holds a NUL character")


def _link(path: str, items: list, drop: tuple = (), **values) -> str:
    """`path?query` with the request's query items, those named in `drop` or `values` removed and `values` appended —
    what Starlette's URL.remove_query_params / include_query_params give, from the items parsed once."""
    kept = [(k, v) for k, v in items if k not in values and k not in drop]
    return f"{path}?{urlencode(kept + [(k, str(v)) for k, v in values.items()])}"


def _query_items(request: Request) -> tuple[str, list]:
    url = request.url
    return url.path, parse_qsl(url.query, keep_blank_values=True)


def page_links(request: Request, offset: int, limit: int, total: int, *, _parsed=None) -> dict:
    """Links relative to this server (path and query only): the client's Host header is never copied into them."""
    path, items = _parsed or _query_items(request)
    nxt = _link(path, items, offset=offset + limit, limit=limit) if offset + limit < total else None
    prev = _link(path, items, offset=max(0, offset - limit), limit=limit) if offset > 0 else None
    return {"total": total, "limit": limit, "offset": offset, "next": nxt, "prev": prev}


def event_page_links(request: Request, rows) -> dict:
    """The event list's links: `next` goes on by cursor (a keyset: page 1,000 costs what page 1 does), `prev` by
    offset when the page was asked by offset. `total` stops counting at the store's cap (`count_capped`)."""
    parsed = _query_items(request)
    links = page_links(request, rows.offset, rows.limit, rows.total, _parsed=parsed)
    # relative, as page_links; the offset goes: the cursor says where the page starts
    links["next"] = _link(*parsed, drop=("offset",), cursor=rows.next_cursor) if rows.next_cursor else None
    if "cursor" in request.query_params:
        links["prev"] = None  # a cursor page does not know its offset
    return {**links, "count_capped": rows.count_capped, "cursor": rows.next_cursor}


def create_app(db_url: str | None = None, *, token: str | None = None, max_body: int = MAX_BODY,
               cors_origins: list[str] | None = None, create: bool = True, readonly: bool | None = None,
               allowed_hosts: list[str] | None = None, threads: int = THREADS, cache: bool = True) -> FastAPI:
    """The app over the database at `db_url` (default: $DIDBAN_DB or ./didban.sqlite). `token` enables
    POST /api/documents for clients sending `Authorization: Bearer TOKEN`; CORS stays off unless origins are given.
    Without a token the store is opened read-only (never created, migrated or written). `allowed_hosts`: Host names
    accepted besides IP addresses and localhost (None: no Host check). `threads`: read requests served at once.
    `cache`: keep read answers until the store changes (`didban.server.cache`; ETags and 304s either way)."""
    import anyio.to_thread

    from didban.store import open_store

    readonly = not token if readonly is None else readonly
    # one connection per reading thread, the writer's and a streamed download's: the pool is never the bottleneck
    store = open_store(db_url, create=create and not readonly, readonly=readonly, pool_size=threads + 4)
    writes = WriteQueue()
    documents = DocumentViews(store)

    from didban.store.generation import Generation

    generation = Generation(store) if cache else None

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        writes.close()
        if generation is not None:
            generation.close()
        store.close()

    app = FastAPI(title="didban", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Persian news → political event data (CAMEO/PLOVER), every field traced to its words. "
                              "Errors: `{\"error\": {\"code\", \"message\", \"hint\"}}`.")
    install_docs(app)  # /docs and /redoc from local assets: they work offline
    app.state.store = store
    app.state.writes = writes
    app.add_middleware(Lanes)  # heavy requests a few at a time
    # answers kept until the store changes, outside the lanes (an answer kept waits for nothing), inside CORS (whose
    # headers depend on the request's Origin) and gzip (bodies kept uncompressed)
    app.add_middleware(ResponseCache, generation=generation)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET"])
    # big JSON answers (an article's layers, a page of events) shrink about tenfold for clients that accept gzip
    app.add_middleware(GZipMiddleware, minimum_size=4096, compresslevel=5)
    app.add_middleware(Guard, allowed_hosts=allowed_hosts)  # added last: it sees every request and response first

    _install_error_handlers(app)

    def _event_filters(actor, country, type, cameo, since, until, place, doc) -> dict:
        return {"actor": actor, "country": country, "plover": type, "cameo": cameo, "since": since,
                "until": until, "place": place, "doc_id": doc}

    @app.get("/api/events", summary="Events, newest first, with filters and pagination")
    def list_events(request: Request, actor: Filter = None, country: Filter = None,
                    type: PloverQ = None, cameo: CameoQ = None,
                    since: Filter = None, until: Filter = None, place: Filter = None,
                    doc: DocQ = None,
                    merged: bool = True,
                    limit: Limit = 50,
                    offset: Offset = 0,
                    cursor: Annotated[str | None, Query(max_length=400, description="the previous page's "
                                                        "'cursor': the page after it")] = None):
        check_params(request, (*EVENT_FILTERS, "merged", "limit", "offset", "cursor"))
        rows = store.query_events(limit=limit, offset=offset, cursor=cursor, merged=merged,
                                  **_event_filters(actor, country, type, cameo, since, until, place, doc))
        # plain JSON values already: skip FastAPI's per-value encoder (most of a page's time at 50 events)
        return PageResponse({"items": list(rows), **event_page_links(request, rows)})

    @app.get("/api/events/{event_id}", summary="One event with its evidence and sentences")
    def one_event(request: Request, event_id: PathId):
        check_params(request, ())
        return store.get_event(event_id)

    @app.get("/api/documents", summary="Stored documents, newest first")
    def list_documents(request: Request, limit: Limit = 50,
                       offset: Offset = 0):
        check_params(request, ("limit", "offset"))
        rows = store.list_documents(limit, offset)
        return {"items": list(rows), **page_links(request, offset, limit, rows.total)}

    @app.get("/api/documents/{doc_id}", summary="A document: its text, entities, events and highlighted spans")
    def one_document(request: Request, doc_id: PathId):
        check_params(request, ())
        return documents.answer(doc_id)

    @app.get("/api/entities", summary="Entities across documents, most documents first")
    def list_entities(request: Request, name: Filter = None, type: Annotated[str | None, Query(max_length=10)] = None,
                      country: Annotated[str | None, Query(max_length=3)] = None,
                      limit: Limit = 50,
                      offset: Offset = 0):
        check_params(request, ("name", "type", "country", "limit", "offset"))
        rows = store.query_entities(name=name, type=type, country=country, limit=limit, offset=offset)
        return {"items": list(rows), **page_links(request, offset, limit, rows.total)}

    @app.get("/api/search", summary="Full-text search over the normalized Persian text")
    def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=500)],
               limit: Limit = 20, offset: Offset = 0):
        check_params(request, ("q", "limit", "offset"))
        rows = store.search(q, limit=limit, offset=offset)
        return {"items": list(rows), **page_links(request, offset, limit, rows.total)}

    @app.get("/api/network", summary="The actor network: nodes and weighted edges")
    def network(request: Request, actor: Filter = None, country: Filter = None,
                type: PloverQ = None, cameo: CameoQ = None, since: Filter = None, until: Filter = None,
                place: Filter = None, doc: DocQ = None,
                limit: Limit = 200):
        check_params(request, (*EVENT_FILTERS, "limit"))
        return store.network(limit=limit, **_event_filters(actor, country, type, cameo, since, until, place, doc))

    @app.get("/api/timeline", summary="Event counts per day and PLOVER type")
    def timeline(request: Request, actor: Filter = None, country: Filter = None,
                 type: PloverQ = None, cameo: CameoQ = None, since: Filter = None,
                 until: Filter = None, place: Filter = None, doc: DocQ = None):
        check_params(request, EVENT_FILTERS)
        return {"items": list(store.timeline(**_event_filters(actor, country, type, cameo, since, until, place,
                                                               doc)))}

    @app.get("/api/stats", summary="How much the database holds")
    def stats(request: Request):
        check_params(request, ())
        return store.stats()

    @app.post("/api/documents", status_code=201, summary="Extract a document and store it (needs the server token)")
    async def add_document(request: Request):
        check_params(request, ())
        _authorise(request, token)
        body = await _read_limited(request, max_body)
        doc, status = await writes.run(_extract_and_store, store, body)
        return JSONResponse({"id": doc.id, "status": status, "events": len(doc.events or [])},
                            status_code=201 if status == "new" else 200)

    from didban.server.routes_analysis import router as analysis_routes
    from didban.server.routes_sources import router as sources_router

    app.include_router(sources_router)
    app.include_router(analysis_routes)  # /api/aggregate, /api/facets, /api/actor, /api/labels, /api/download

    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")

        @app.get("/", include_in_schema=False)
        def index():
            return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    return app


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("didban")
    except Exception:  # noqa: BLE001 - an uninstalled checkout
        return "0"


def _authorise(request: Request, token: str | None) -> None:
    if not token:
        raise DidbanError(Codes.E502, "writing is disabled on this server",
                          hint="start the server with --token TOKEN to accept documents")
    sent = request.headers.get("authorization", "")
    scheme, _, value = sent.partition(" ")
    # headers arrive decoded as Latin-1: back to the bytes sent, compared with the token's UTF-8 bytes (a Persian
    # token works); only HTTP's own spaces are stripped (str.strip would also eat bytes 0x85 and 0xa0 of UTF-8 letters)
    sent_bytes = value.strip(" \t").encode("latin-1", "replace")
    if scheme.lower() != "bearer" or not hmac.compare_digest(sent_bytes, token.encode("utf-8")):
        raise DidbanError(Codes.E502, "missing or wrong bearer token")


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise DidbanError(Codes.E503, f"{declared} bytes; the limit is {limit}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise DidbanError(Codes.E503, f"more than {limit} bytes")
    return bytes(body)


def _extract_and_store(store, body: bytes):
    """The write job (run in the write queue's thread): parse, extract, store."""
    try:
        doc = _parse_and_extract(body)
    except DidbanError as exc:
        if exc.code is Codes.E104:  # the reader's hint is about files
            exc.hint = "send the text as valid Unicode: no lone surrogate escapes (\\ud800-\\udfff) in the JSON"
        raise
    return doc, store.upsert_document(doc)


def _parse_and_extract(body: bytes):
    """{"text": ..., "title"?, "url"?, "outlet"?, "published"?, "options"?} → the extracted Document. Text only: never
    a path. "options" holds `Options` settings by name ({"tagger": false, "min_confidence": 0.7}), validated like
    every other door's."""
    import json

    from didban.options import Options
    from didban.pipeline import run_text

    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DidbanError(Codes.E501, f"the body must be a JSON object ({exc})") from exc
    except RecursionError as exc:
        raise DidbanError(Codes.E501, "the body nests arrays or objects too deeply") from exc
    except ValueError as exc:  # Python refuses to convert an integer of more than 4,300 digits
        raise DidbanError(Codes.E501, "the body holds a number too long to read") from exc
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise DidbanError(Codes.E501, "the body must be a JSON object with a 'text' string")
    allowed = {"text", "title", "url", "outlet", "published", "options"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise DidbanError(Codes.E501, f"unknown field(s) {', '.join(unknown)}; accepted: {', '.join(sorted(allowed))}")
    for key in allowed - {"text", "options"}:
        if data.get(key) is not None and not isinstance(data[key], str):
            raise DidbanError(Codes.E110, f"'{key}' must be a string")
    settings = data.get("options") or {}
    if not isinstance(settings, dict):
        raise DidbanError(Codes.E501, "'options' must be an object of settings, e.g. {\"tagger\": false}")
    options = Options.from_settings(settings, on_error="raise", published=data.get("published"))
    return run_text(data["text"], options, source="api", **{k: data.get(k) for k in ("title", "url", "outlet",
                                                                                     "published")})


def _install_error_handlers(app: FastAPI) -> None:
    from didban.store.failures import DatabaseError, PoolTimeout, translate_db_error

    @app.exception_handler(DidbanError)
    async def _didban_error(request, exc: DidbanError):
        if exc.code is Codes.E505:
            return error_response(exc, headers={"Retry-After": str(request.app.state.writes.retry_after())})
        return error_response(exc)

    @app.exception_handler(DatabaseError)
    async def _database_error(request, exc: DatabaseError):
        """The client learns that the store failed and how; the statement and the driver's words stay in the log."""
        if isinstance(exc, PoolTimeout):
            return error_response(DidbanError(Codes.E505, "no database connection was free"),
                                  headers={"Retry-After": "1"})
        code = translate_db_error(exc, request.app.state.store.url).code
        log.error("database error on %s %s: %s", request.method, request.url.path,
                  " ".join(str(getattr(exc, "orig", None) or exc).split())[:500])
        return error_response(DidbanError(code))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request, exc: RequestValidationError):
        problems = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
                    for e in exc.errors()]
        detail = "; ".join(f"{p['where']}: {p['problem']}" for p in problems)
        return error_response(DidbanError(Codes.E501, detail), 422, problems=problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            error = DidbanError(Codes.E404, f"no such endpoint {request.url.path}", hint="see /docs for the API")
        elif exc.status_code == 405:
            error = DidbanError(Codes.E501, f"method {request.method} is not allowed on {request.url.path}")
        else:
            error = DidbanError(Codes.E501, str(exc.detail))
        return error_response(error, exc.status_code)

    @app.exception_handler(Exception)
    async def _bug(request, exc: Exception):
        # a bug: the traceback goes to the server's log, the client gets the code without internals
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(DidbanError(Codes.E901, hint="please report it with the request that caused it"), 500)
