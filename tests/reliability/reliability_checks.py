"""The invariants every reliability test checks on a processed document, the hypothesis profiles, an input counter.

Kept in one module so that the CI tests and the long fuzz runs in benchmarks/reliability check exactly the same things.
"""
from __future__ import annotations

import json
import os
import socket

from hypothesis import HealthCheck, settings

from didban.document import Document
from didban.errors import Codes, DidbanError

# Profiles, applied per test with `fuzz(n)`, never loaded globally (other areas' hypothesis settings stay as they are):
# - reliability-ci (default): n examples per test as written, derandomized so that CI is repeatable;
# - reliability-long (DIDBAN_FUZZ_PROFILE=reliability-long, DIDBAN_FUZZ_SCALE=20 by default): random seeds and
#   n x scale examples, for a longer run by hand (benchmarks/reliability/README.md).
settings.register_profile("reliability-ci", deadline=None, derandomize=True, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.filter_too_much])
settings.register_profile("reliability-long", parent=settings.get_profile("reliability-ci"), derandomize=False)

PROFILE = os.environ.get("DIDBAN_FUZZ_PROFILE", "reliability-ci")
SCALE = int(os.environ.get("DIDBAN_FUZZ_SCALE", "1" if PROFILE == "reliability-ci" else "20"))

# how many inputs the tests of this folder fed to didban in this run (reported at the end of the session)
INPUTS_TRIED: dict[str, int] = {}


def fuzz(max_examples: int):
    """The settings of one property test: the active profile with `max_examples × scale` examples."""
    return settings(settings.get_profile(PROFILE), max_examples=max_examples * SCALE)


def count_input(kind: str) -> None:
    INPUTS_TRIED[kind] = INPUTS_TRIED.get(kind, 0) + 1


# the codes bad *input* may legitimately produce (docs/reading-and-segmentation.md, "Errors"); E901 is a bug
INPUT_ERROR_CODES = {c.name for c in Codes if c.name.startswith("E1")}


def check_error(exc: DidbanError) -> None:
    """A refused input is refused with a documented input code and a message a person can act on."""
    assert isinstance(exc, DidbanError), type(exc)
    assert exc.code.name in INPUT_ERROR_CODES, f"unexpected code {exc.code.name}: {exc}"
    assert exc.message and exc.hint
    json.dumps(exc.to_dict(), ensure_ascii=False)


def _check_slice(doc: Document, start: int, end: int, text: str | None, what: str) -> None:
    assert 0 <= start <= end <= len(doc.text), f"{what} [{start}, {end}) outside text of length {len(doc.text)}"
    if text is not None:
        assert doc.text[start:end] == text, f"{what} [{start}, {end}) {text!r} != {doc.text[start:end]!r}"


def check_spans(doc: Document) -> None:
    """Every span of every layer points into the ORIGINAL text and its text is exactly that slice."""
    n_tokens = len(doc.tokens or [])
    for i, seg in enumerate(doc.segments or []):
        _check_slice(doc, seg.start, seg.end, None, f"segment {i}")
    for i, tok in enumerate(doc.tokens or []):
        _check_slice(doc, tok.start, tok.end, None, f"token {i}")
    for i, sent in enumerate(doc.sentences or []):
        _check_slice(doc, sent.start, sent.end, None, f"sentence {i}")
        assert 0 <= sent.segment < len(doc.segments or []), f"sentence {i} names segment {sent.segment}"
        assert 0 <= sent.token_start <= sent.token_end <= n_tokens, f"sentence {i} tokens out of range"
        for tok in (doc.tokens or [])[sent.token_start:sent.token_end]:
            assert sent.start <= tok.start and tok.end <= sent.end, f"a token of sentence {i} lies outside it"
    for i, att in enumerate(doc.attribution or []):
        _check_slice(doc, att.start, att.end, None, f"attribution {i}")
    for i, m in enumerate(doc.mentions or []):
        _check_slice(doc, m.start, m.end, m.text, f"mention {i}")
    for ent in doc.entities or []:
        for span in ent.mentions:
            _check_slice(doc, span.start, span.end, span.text, f"entity {ent.id} mention")
    entity_ids = {e.id for e in doc.entities or []}
    for ev in doc.events or []:
        for span in [*ev.evidence, *ev.topics, *([ev.occasion] if ev.occasion else [])]:
            _check_slice(doc, span.start, span.end, span.text, f"event {ev.id} span")
        for who in [*ev.actors, *ev.recipients, *([ev.location] if ev.location else [])]:
            assert who in entity_ids, f"event {ev.id} names unknown entity {who}"
        for s in ev.sentences:
            assert 0 <= s < len(doc.sentences or []), f"event {ev.id} names sentence {s}"


def check_json(doc: Document) -> str:
    """`to_dict()` is valid JSON (no NaN), written without ASCII escapes, encodable as UTF-8, re-parsing to itself."""
    data = doc.to_dict(tokens=True, normalized=True)
    out = json.dumps(data, ensure_ascii=False, allow_nan=False)
    out.encode("utf-8")  # a lone surrogate would make the output unwritable
    again = json.loads(out)
    assert json.dumps(again, ensure_ascii=False, allow_nan=False) == out
    assert again["text"] == doc.text
    return out


def check_document(doc: Document) -> None:
    assert isinstance(doc, Document), type(doc)
    assert doc.text and doc.text.strip()
    check_spans(doc)
    check_json(doc)


def check_outcome(item) -> None:
    """One reader or pipeline result: a good document, or a documented input error."""
    if isinstance(item, DidbanError):
        check_error(item)
    else:
        check_document(item)


def free_port() -> int:
    """A loopback port nothing listens on now (for a real `didban serve` a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_listening(proc, port: int, seconds: float = 60) -> None:
    """Wait for a `didban serve` subprocess to accept connections on `port`; fail with its stderr if it died."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            assert proc.poll() is None, proc.stderr.read()[-2000:]
            time.sleep(0.2)
    raise AssertionError("didban serve did not start")

