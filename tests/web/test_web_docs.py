"""/docs (Swagger UI) and /redoc in a real headless chromium with the network off: every request that does not go to
the loopback server is refused and recorded, and the documentation still renders every endpoint."""
from __future__ import annotations

import pytest

from tests.web.conftest import api_get

pytestmark = pytest.mark.browser


@pytest.fixture()
def offline_page(browser, server):
    """A page whose every request off the loopback server fails as it would without a network."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside, errors = [], []

    def route(request_route):
        url = request_route.request.url
        if url.startswith((server, "data:", "blob:")):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort("internetdisconnected")

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page, server, outside
    context.close()
    assert errors == [], errors
    assert outside == [], f"the docs reached outside: {outside}"


def test_swagger_ui_renders_every_endpoint_offline(offline_page):
    page, server, _ = offline_page
    paths = api_get(server, "/openapi.json")["paths"]
    page.goto(f"{server}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    shown = set(page.locator(".swagger-ui .opblock-summary-path").evaluate_all(
        "els => els.map(e => e.dataset.path || e.textContent.trim())"))
    assert shown == set(paths), (shown, set(paths))


def test_redoc_renders_every_endpoint_offline(offline_page):
    page, server, _ = offline_page
    paths = api_get(server, "/openapi.json")["paths"]
    page.goto(f"{server}/redoc")
    page.wait_for_selector("[data-section-id^='operation/']", timeout=20_000)
    sections = set(page.locator("[data-section-id^='operation/']").evaluate_all(
        "els => els.map(e => e.dataset.sectionId)"))  # ReDoc marks each operation twice (menu and body)
    operations = {op["operationId"] for methods in paths.values() for op in methods.values()}
    assert {s.removeprefix("operation/") for s in sections} == operations
