"""A real `didban serve` over a database ingested from the 52 evaluation articles (the seed is one of them), and
Debian's chromium driven by Playwright (never `playwright install`: the browser is /usr/bin/chromium), with every
request outside the server refused."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from web_helpers import EVAL_DOCS, ROOT, SEED, api_get  # noqa: E402,F401  (api_get: for the tests that import it from here)
CHROMIUM = os.environ.get("DIDBAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def _skip_or_fail(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> str:
    """The evaluation articles and the seed, ingested with the real pipeline (in this process: the knowledge base
    loads once per test session; about 10 s). The files are only fed through the pipeline, never read here."""
    from didban.batch import ingest_inputs
    from didban.options import Options
    from didban.store import open_store

    db = str(tmp_path_factory.mktemp("web") / "didban.sqlite")
    docs = sorted(EVAL_DOCS.glob("*.txt"))
    if not docs:
        _skip_or_fail(f"no evaluation articles in {EVAL_DOCS}")
    with open_store(db) as store:
        summary = ingest_inputs([str(SEED), *map(str, docs)], store, Options(), workers=1, progress=False)
        assert summary.ok and store.count("documents") >= 50, summary.render()
    return db


@pytest.fixture(scope="session")
def server(web_db):
    """The base URL of `didban serve` on a free loopback port."""
    pytest.importorskip("fastapi")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "didban", "serve", "--db", web_db, "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/api/stats", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"didban serve did not start: {proc.stderr.read()[-2000:]!r}")
            time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or not shutil.which(CHROMIUM):
        _skip_or_fail(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ModuleNotFoundError:
        _skip_or_fail("playwright is not installed (pip install 'didban[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    """A fresh page that records every request leaving the loopback server, and every script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR")
    pg = context.new_page()
    pg.outside_requests, pg.script_errors = [], []
    # the network is off: anything not for the server is refused (and recorded, so that the test fails)
    def route(r):
        if r.request.url.startswith((server, "data:")):
            r.continue_()
        else:
            pg.outside_requests.append(r.request.url)
            r.abort()

    pg.route("**/*", route)
    pg.on("pageerror", lambda e: pg.script_errors.append(str(e)))
    pg.base = server

    def settle(action):
        """Run `action` (a click, a form change) that routes the page anew, and wait until the view is drawn."""
        pg.evaluate("document.body && (document.body.dataset.ready = 'false')")
        action()
        pg.wait_for_selector("body[data-ready=true]", timeout=20_000)

    def open_view(hash_: str):
        settle(lambda: pg.goto(f"{server}/{hash_}"))

    pg.open_view, pg.settle = open_view, settle
    yield pg
    assert pg.script_errors == [], pg.script_errors
    assert pg.outside_requests == [], f"the page reached outside: {pg.outside_requests}"
    context.close()

