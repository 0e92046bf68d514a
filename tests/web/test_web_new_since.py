"""The page's "new since your last visit" marker (didban watch, issue 13), in a real headless chromium."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from web_helpers import api_get  # noqa: E402

pytestmark = pytest.mark.browser


def reload(page):
    page.reload()
    page.wait_for_selector("body[data-ready=true]", timeout=15_000)


def test_articles_stored_since_the_last_visit_are_marked(page):
    page.open_view("#/documents")  # a first visit: nothing to compare with, the server's clock is remembered
    page.wait_for_selector("body[data-new-since]")
    assert page.locator(".new-since").count() == 0
    remembered = page.evaluate("localStorage.getItem('didban.lastVisit')")
    assert remembered and remembered >= "2000"

    # a later visit, the last one long ago: every stored article is new
    page.evaluate("localStorage.setItem('didban.lastVisit', '2000-01-01T00:00:00+00:00'); sessionStorage.clear()")
    reload(page)
    page.wait_for_selector("body[data-new-since]")
    expected = api_get(page.base, "/api/sources/new?since=2000-01-01T00:00:00Z")
    assert expected["total"] > 0
    assert page.locator(".new-since").get_attribute("data-count") == str(expected["total"])
    links = page.locator('a[href^="#/doc/"]')
    page.wait_for_function("document.querySelectorAll('a.is-new').length > 0")
    marked = page.locator("a.is-new").evaluate_all("links => links.map(a => a.getAttribute('href').slice(6))")
    assert set(marked) <= set(expected["ids"]) and links.count() == len(marked)

    # the next visit: nothing new since the one before
    page.evaluate("sessionStorage.clear()")
    reload(page)
    page.wait_for_selector("body[data-new-since]")
    assert page.locator(".new-since").count() == 0 and page.locator("a.is-new").count() == 0
