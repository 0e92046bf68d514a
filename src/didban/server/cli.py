"""`didban serve`: the HTTP API and the web page (also what `didban demo` ends with)."""
from __future__ import annotations

import os
import socket

import click

from didban.cli import fail, help_text, quiet_option
from didban.errors import Codes, DidbanError


def listen(host: str, port: int, *, any_free_port: bool = False) -> socket.socket:
    """A socket bound to host:port before anything is announced, so a taken port is a clear E504, never "serving …"
    followed by a failure. With `any_free_port`, a taken port falls back to one the system picks."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for attempt in ([port, 0] if any_free_port and port else [port]):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, attempt))
        except OSError as exc:
            sock.close()
            if attempt == 0 or not any_free_port:
                raise DidbanError(Codes.E504, f"{host}:{port} ({exc.strerror or exc})") from exc
            continue
        sock.listen(2048)
        return sock
    raise AssertionError("unreachable")


def check_token(token: str | None) -> None:
    """A token no client can send is refused at start-up (exit 2), not discovered as every POST answered 401: HTTP
    drops a header value's surrounding spaces, and a header cannot carry control characters."""
    from didban.cli import usage_fail

    if not token:
        return
    if token != token.strip():
        usage_fail(DidbanError(Codes.E201, "--token has spaces or line breaks at its start or end",
                               hint="HTTP clients drop them from the header: give the token without them"))
    if any(ord(c) < 0x20 or ord(c) == 0x7f for c in token):
        usage_fail(DidbanError(Codes.E201, "--token holds a control character (a line break, a tab ...)",
                               hint="use letters, digits and punctuation, e.g. $(openssl rand -hex 16)"))


# slow and greedy clients: defaults of `didban serve` (flags of the same names)
TIMEOUT_HEADERS = 10  # seconds a new connection has to send its request's headers
TIMEOUT_KEEP_ALIVE = 5  # seconds an idle kept-alive connection stays open
LIMIT_CONCURRENCY = 200  # connections and requests at once; beyond, new requests get 503 at once
MAX_HEADER_BYTES = 16_384  # h11's limit on a request's line and headers (431 beyond)


def serve_app(db, host: str, port: int, *, token: str | None = None, cors_origins=None, quiet: bool = False,
              any_free_port: bool = False, open_browser: bool = False, allowed_hosts=(),
              timeout_headers: float = TIMEOUT_HEADERS, timeout_keep_alive: float = TIMEOUT_KEEP_ALIVE,
              limit_concurrency: int = LIMIT_CONCURRENCY) -> None:
    """Build the app over `db`, bind, announce the address (the one really bound) and serve until Ctrl-C."""
    import uvicorn

    from didban.server.app import create_app

    try:
        # a server over a database that does not exist yet only makes sense when it may write to it; Host headers
        # other than IP addresses, localhost, the bound name and --allowed-host are refused (DNS rebinding)
        app = create_app(db, token=token or None, cors_origins=list(cors_origins or ()) or None, create=bool(token),
                         allowed_hosts=[host, *allowed_hosts])
        sock = listen(host, port, any_free_port=any_free_port)
    except DidbanError as exc:
        fail(exc)
    bound = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{bound}/"
    if not quiet:
        click.echo(f"didban: serving {app.state.store.location()} at {url} "
                   f"(API under {url}api, docs at {url}docs; writing {'enabled' if token else 'disabled'}; "
                   f"Ctrl-C stops)", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    from didban.server.protocol import with_header_timeout

    config = uvicorn.Config(app, log_level=os.environ.get("DIDBAN_LOG_LEVEL", "warning"),
                            http=with_header_timeout(timeout_headers), timeout_keep_alive=timeout_keep_alive,
                            limit_concurrency=limit_concurrency, h11_max_incomplete_event_size=MAX_HEADER_BYTES,
                            server_header=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()


@click.command(help=help_text(
    "Serve the web page (/), the HTTP API (/api) and its documentation (/docs, /redoc; they work offline) over the "
    "database. Read-only unless started with --token.",
    "didban serve                                   # http://127.0.0.1:8000/",
    "didban serve --db news.sqlite --port 8080",
    "didban serve --token \"$(openssl rand -hex 16)\"   # POST /api/documents with Authorization: Bearer TOKEN"))
@click.option("--db", "db", metavar="URL", help="database (default: $DIDBAN_DB, else ./didban.sqlite)")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to bind (loopback by default)")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="port to listen on (0: any free port; the address is printed)")
@click.option("--token", envvar="DIDBAN_TOKEN", help="enable POST /api/documents for 'Authorization: Bearer TOKEN' "
                                                     "(also $DIDBAN_TOKEN)")
@click.option("--cors-origin", "cors_origins", multiple=True, help="allow browser requests from this origin "
                                                                   "(CORS is off by default)")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="also accept requests whose Host header is NAME (IP addresses and localhost always are; '*' "
                   "accepts any name, e.g. behind a reverse proxy that checks it)")
@click.option("--timeout-headers", type=click.FloatRange(min=0.1), default=TIMEOUT_HEADERS, show_default=True,
              help="seconds a new connection has to send its request's headers before it is closed")
@click.option("--timeout-keep-alive", type=click.FloatRange(min=0.1), default=TIMEOUT_KEEP_ALIVE, show_default=True,
              help="seconds an idle kept-alive connection stays open")
@click.option("--limit-concurrency", type=click.IntRange(min=1), default=LIMIT_CONCURRENCY, show_default=True,
              help="connections and requests at once; further requests are answered 503 at once")
@quiet_option
def serve(db, host, port, token, cors_origins, allowed_hosts, timeout_headers, timeout_keep_alive, limit_concurrency,
          quiet):
    check_token(token)
    serve_app(db, host, port, token=token, cors_origins=cors_origins, quiet=quiet, allowed_hosts=allowed_hosts,
              timeout_headers=timeout_headers, timeout_keep_alive=timeout_keep_alive,
              limit_concurrency=limit_concurrency)
