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
        # IPPROTO_TCP named: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets that say they are TCP;
        # with it on, a response's body waited for the client's delayed ACK of its headers (40 ms on loopback)
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
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
WORKERS = 1  # server processes; each is one core at most (Python's GIL), so up to one per core helps


def serve_app(db, host: str, port: int, *, token: str | None = None, cors_origins=None, quiet: bool = False,
              any_free_port: bool = False, open_browser: bool = False, allowed_hosts=(),
              timeout_headers: float = TIMEOUT_HEADERS, timeout_keep_alive: float = TIMEOUT_KEEP_ALIVE,
              limit_concurrency: int = LIMIT_CONCURRENCY, workers: int = WORKERS, cache: bool = True) -> None:
    """Build the app over `db`, bind, announce the address (the one really bound) and serve until Ctrl-C.
    `workers` > 1: that many processes forked after the app is built and the socket bound, all accepting on it
    (`run_workers`). `cache`: keep read answers until the store changes (`didban.server.cache`)."""
    import uvicorn

    from didban.server.app import create_app

    if workers > 1 and not hasattr(os, "fork"):
        from didban.cli import usage_fail

        usage_fail(DidbanError(Codes.E201, "--workers above 1 needs a system with fork (Linux, macOS)"))
    try:
        # a server over a database that does not exist yet only makes sense when it may write to it; Host headers
        # other than IP addresses, localhost, the bound name and --allowed-host are refused (DNS rebinding)
        app = create_app(db, token=token or None, cors_origins=list(cors_origins or ()) or None, create=bool(token),
                         allowed_hosts=[host, *allowed_hosts], cache=cache)
        sock = listen(host, port, any_free_port=any_free_port)
    except DidbanError as exc:
        fail(exc)
    bound = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{bound}/"
    if not quiet:
        click.echo(f"didban: serving {app.state.store.location()} at {url} "
                   f"(API under {url}api, docs at {url}docs; writing {'enabled' if token else 'disabled'}; "
                   f"{workers} worker process{'es' if workers > 1 else ''}; Ctrl-C stops)", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    from didban.server.protocol import with_header_timeout

    config = uvicorn.Config(app, log_level=os.environ.get("DIDBAN_LOG_LEVEL", "warning"),
                            http=with_header_timeout(timeout_headers), timeout_keep_alive=timeout_keep_alive,
                            limit_concurrency=limit_concurrency, h11_max_incomplete_event_size=MAX_HEADER_BYTES,
                            server_header=False)
    try:
        if workers > 1:
            app.state.store.engine.dispose()  # no database connection crosses the fork: each worker opens its own
            raise SystemExit(run_workers(lambda: uvicorn.Server(config).run(sockets=[sock]), workers))
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()


def run_workers(serve_one, workers: int) -> int:
    """Fork `workers` processes that each call `serve_one()` (uvicorn on the shared listening socket: the kernel
    hands each new connection to one of them) and wait for them. SIGINT/SIGTERM to this parent stop them all (Ctrl-C
    reaches them anyway, as a process group); a worker that dies after its first seconds is replaced; the workers
    end themselves if the parent dies. Returns the exit status: 0 when every worker ended cleanly."""
    import signal
    import sys
    import threading
    import time

    parent = os.getpid()
    children: dict[int, float] = {}
    stopping = False
    failed = False

    def start() -> None:
        pid = os.fork()
        if pid:
            children[pid] = time.monotonic()
            return
        code = 1
        try:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            threading.Thread(target=_orphan_watch, args=(parent,), daemon=True).start()
            serve_one()
            code = 0
        except KeyboardInterrupt:
            code = 0
        except BaseException:  # noqa: BLE001 - reported, then this worker ends
            import traceback

            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def stop(_signum, _frame) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    for _ in range(workers):
        start()
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            began = children.pop(pid, None)
            if began is None:
                continue
            code = os.waitstatus_to_exitcode(status)
            if code != 0 and not stopping:
                failed = True
                click.echo(f"didban: worker {pid} ended with status {code}", err=True)
                if time.monotonic() - began > 5:  # it served a while: replace it (one failing at start is not)
                    start()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 1 if failed and not stopping else 0


def _orphan_watch(parent: int) -> None:
    """In a worker: stop when the parent is gone (killed without a chance to stop its workers)."""
    import signal
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGTERM)


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
              help="connections and requests at once (per worker); further requests are answered 503 at once")
@click.option("--workers", type=click.IntRange(1, 64), default=WORKERS, show_default=True,
              help="server processes sharing the port (each uses at most one core; e.g. the number of cores)")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="keep read answers until the store changes (each worker keeps up to 64 MB)")
@quiet_option
def serve(db, host, port, token, cors_origins, allowed_hosts, timeout_headers, timeout_keep_alive, limit_concurrency,
          workers, cache, quiet):
    check_token(token)
    serve_app(db, host, port, token=token, cors_origins=cors_origins, quiet=quiet, allowed_hosts=allowed_hosts,
              timeout_headers=timeout_headers, timeout_keep_alive=timeout_keep_alive,
              limit_concurrency=limit_concurrency, workers=workers, cache=cache)
