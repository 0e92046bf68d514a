"""`didban serve` and `didban demo` as a user runs them: the address printed is the one bound, a taken port is a clear
E504 (never "serving …" and then a failure), POST /api/documents takes the same settings as the CLI, and /docs and
/redoc load only local assets."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.server.conftest import TOKEN

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("fastapi")


def start(*args: str) -> tuple[subprocess.Popen, str]:
    """`didban ARGS` in the background; returns it and the base URL it announced on stderr."""
    proc = subprocess.Popen([sys.executable, "-m", "didban", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    for line in proc.stderr:
        found = re.search(r"serving .* at (http://127\.0\.0\.1:\d+/)", line)
        if found:
            return proc, found.group(1)
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise AssertionError(f"no address announced: {proc.stderr.read()[-2000:]}")


def get(url: str) -> bytes:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_a_taken_port_is_E504_before_anything_is_announced(db_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "didban", "serve", "--db", db_path, "--port", str(port)],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "E504" in done.stderr and str(port) in done.stderr and "--port" in done.stderr
    assert "serving" not in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_serve_on_any_free_port_announces_the_real_one_and_docs_are_local(db_path):
    proc, base = start("serve", "--db", db_path, "--port", "0")
    try:
        assert b'"documents":2' in get(base + "api/stats")
        for page in ("docs", "redoc"):
            html = get(base + page).decode()
            assets = re.findall(r'(?:src|href)="([^"]+)"', html)
            assert assets and all(a.startswith("/static-docs/") for a in assets), assets
            for asset in assets:
                assert len(get(base + asset.lstrip("/"))) > 1000  # shipped in the wheel, served here
            assert "fonts.googleapis" not in html and "cdn" not in html.lower()
    finally:
        stop(proc)


def test_demo_serves_the_sample_and_falls_back_to_a_free_port(tmp_path):
    with socket.socket() as taken:  # the port asked for is taken: the demo still starts, elsewhere
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        proc, base = start("demo", "--db", str(tmp_path / "demo.sqlite"), "--port", str(port))
        try:
            assert f":{port}/" not in base
            stats = get(base + "api/stats")
            assert b'"documents":1' in stats and b'"events":0' not in stats
            assert b"<html" in get(base).lower()  # the page
        finally:
            stop(proc)


def test_post_takes_the_settings_of_the_cli(writer):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    text = "سید عباس عراقچی وزیر امور خارجه کشورمان روز شنبه در آنکارا با هاکان فیدان دیدار و گفت‌وگو کرد."
    strict = writer.post("/api/documents", json={"text": text, "options": {"min_confidence": 1.0}}, headers=auth)
    assert strict.status_code == 201 and strict.json()["events"] == 0
    usual = writer.post("/api/documents", json={"text": text + " ", "options": {"tagger": False}}, headers=auth)
    assert usual.status_code == 201 and usual.json()["events"] >= 1
    for bad, code in [({"taggr": False}, "E201"), ({"on_error": "raise"}, "E201"), ({"min_confidence": 7}, "E201"),
                      ({"home_country": "Atlantis"}, "E205"), ({"published": "2025-02-30"}, "E202")]:
        response = writer.post("/api/documents", json={"text": text, "options": bad}, headers=auth)
        assert response.status_code == 400 and response.json()["error"]["code"] == code, (bad, response.text)
    jalali = writer.post("/api/documents", json={"text": "وزیر امور خارجه کشورمان در آنکارا با همتای ترکیه‌ای خود "
                                                        "دیدار کرد.", "published": "1403-12-17"}, headers=auth)
    doc = writer.get(f"/api/documents/{jalali.json()['id']}").json()
    assert doc["published"] == "2025-03-07"
