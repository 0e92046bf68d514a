"""CPU of one computed `GET /api/events` through the whole server, in one process: where it goes (cProfile) and how
much it is (CPU ms a request, independent of load).

    python benchmarks/store/api_profile.py --db COPY [--requests 600] [--connections 8] [--profile FILE] [--top 40]

Builds the app as `didban serve --no-cache` does (`create_app(cache=False)`, uvicorn with didban's protocol and
settings, the same middleware) on a loopback socket in this process, and a client in a child process sends
`--requests` requests of serve_bench's mix (the first page of 50, 12 filters cycling) over `--connections`
keep-alive connections, after a warm-up of the mix twice (every statement shape built). The server's CPU (this
process, all its threads) over the measured requests, divided by their number, is the figure; the client's CPU is
in the other process. `--stub` hands out each query's page computed once (in the warm-up): the CPU of everything
but the store (uvicorn, h11, the middleware, FastAPI, the thread pool, the links and the JSON). With `--profile`, the handler runs inline on the event loop's thread (not in the thread pool)
so that cProfile sees the whole request in one thread, and the profile's top functions are printed; the CPU figure
of a profiled run is inflated by the profiler — compare CPU figures from runs without it.
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import http.client
import json
import os
import pstats
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve_bench import MIX  # noqa: E402


def client(port: int, requests: int, connections: int) -> None:
    """The child: warm-up, /__start, the requests over `connections` threads, /__stop; exits non-zero on any error."""
    def get(conn, path):
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, body

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    paths = ["/api/events?" + urllib.parse.urlencode({"limit": 50, **m}) for m in MIX]
    for path in paths * 2:
        status, _ = get(conn, path)
        assert status == 200, (path, status)
    get(conn, "/__start")
    errors = []

    def worker(k):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for i in range(k, requests, connections):
            status, body = get(c, paths[i % len(paths)])
            if status != 200 or not body.startswith(b'{"items"'):
                errors.append((paths[i % len(paths)], status))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    conn.close()  # idle longer than the keep-alive timeout by now
    get(http.client.HTTPConnection("127.0.0.1", port, timeout=60), "/__stop")
    if errors:
        raise SystemExit(f"{len(errors)} errors, e.g. {errors[:3]}")


def serve(db: str, requests: int, connections: int, profile: str | None, top: int, inline: bool = False,
          stub: bool = False) -> dict:
    import uvicorn

    from didban.server.app import create_app
    from didban.server.cli import (LIMIT_CONCURRENCY, MAX_HEADER_BYTES, TIMEOUT_HEADERS, TIMEOUT_KEEP_ALIVE,
                                   listen)
    from didban.server.protocol import with_header_timeout

    if profile or inline:  # the handler on the loop's thread, so that one profiler sees the whole request
        import fastapi.routing

        async def inline(func, *args, **kwargs):
            return func(*args, **kwargs)

        fastapi.routing.run_in_threadpool = inline
    app = create_app(db, cache=False, allowed_hosts=["127.0.0.1"])
    if stub:  # each query's page computed once (in the warm-up) and handed out again: the server without the store
        pages, query = {}, app.state.store.query_events

        def remembered(**kwargs):
            key = repr(sorted(kwargs.items()))
            if key not in pages:
                pages[key] = query(**kwargs)
            return pages[key]

        app.state.store.query_events = remembered
    # the thread's CPU time, not the wall clock: other jobs' share of the cores is not counted
    profiler = cProfile.Profile(time.thread_time) if profile else None
    marks = {}

    async def wrapper(scope, receive, send):
        if scope["type"] == "http" and scope["path"] in ("/__start", "/__stop"):
            if scope["path"] == "/__start":
                marks["cpu0"], marks["wall0"] = time.process_time(), time.monotonic()
                if profiler:
                    profiler.enable()
            else:
                if profiler:
                    profiler.disable()
                marks["cpu"], marks["wall"] = time.process_time() - marks["cpu0"], time.monotonic() - marks["wall0"]
            await send({"type": "http.response.start", "status": 204, "headers": []})
            return await send({"type": "http.response.body", "body": b""})
        return await app(scope, receive, send)

    sock = listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    # API_PROFILE_HTTP=httptools: uvicorn's httptools protocol instead of didban's (an experiment: httptools is not a
    # dependency, and didban's header timeout and header size limit are on the h11 protocol only)
    http = os.environ.get("API_PROFILE_HTTP") or with_header_timeout(TIMEOUT_HEADERS)
    config = uvicorn.Config(wrapper, log_level="warning", http=http,
                            timeout_keep_alive=TIMEOUT_KEEP_ALIVE, limit_concurrency=LIMIT_CONCURRENCY,
                            h11_max_incomplete_event_size=MAX_HEADER_BYTES, server_header=False, lifespan="on")
    server = uvicorn.Server(config)
    load0 = os.getloadavg()[0]
    child = subprocess.Popen([sys.executable, __file__, "--client", str(port), "--requests", str(requests),
                              "--connections", str(connections)])

    async def watch():
        while child.poll() is None:
            await asyncio.sleep(0.05)
        server.should_exit = True

    async def main():
        watcher = asyncio.create_task(watch())
        await server.serve(sockets=[sock])
        await watcher

    asyncio.run(main())
    sock.close()
    if child.returncode:
        raise SystemExit(f"the client failed ({child.returncode})")
    result = {"requests": requests, "connections": connections, "profiled": bool(profile), "inline": bool(inline),
              "store_stubbed": stub,
              "server_cpu_ms_per_request": round(marks["cpu"] / requests * 1000, 2),
              "wall_s": round(marks["wall"], 2), "server_cores_used": round(marks["cpu"] / marks["wall"], 2),
              "load_average_at_start": round(load0, 2), "load_average_at_end": round(os.getloadavg()[0], 2)}
    if profiler:
        profiler.dump_stats(profile)
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db")
    ap.add_argument("--requests", type=int, default=600)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--profile", metavar="FILE", help="cProfile the server (handler inline) and write the stats here")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--inline", action="store_true", help="the handler on the event loop's thread (as --profile)")
    ap.add_argument("--stub", action="store_true", help="each query's page computed once and handed out again: "
                                                        "the CPU of everything but the store")
    ap.add_argument("--repeat", type=int, default=1, help="runs, one after the other (each its own server)")
    ap.add_argument("--client", type=int, metavar="PORT", help=argparse.SUPPRESS)
    ap.add_argument("--out", help="also write the results here (JSON)")
    args = ap.parse_args(argv)
    if args.client:
        client(args.client, args.requests, args.connections)
        return 0
    runs = [serve(args.db, args.requests, args.connections, args.profile, args.top, args.inline,
                  args.stub) for _ in range(args.repeat)]
    for r in runs:
        print(json.dumps(r), flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps({"runs": runs}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
