"""The web page in a real headless chromium over the 52 evaluation articles, the network off: every view, checked
against the API it draws (a count on the page is the API's count, a filtered list holds only what the filter says).
With DIDBAN_SCREENSHOT=1 (or when a picture is missing) the README's screenshots are written to docs/."""
from __future__ import annotations

import csv
import io
import os
import shutil
import sys
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from web_helpers import ROOT, SEED, api_get  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seed_id() -> str:
    from didban.document import content_id

    return content_id(SEED.read_text(encoding="utf-8"))


def readme_picture(page, name: str, tmp_path, selector: str = "main") -> None:
    """A screenshot of the view; copied to docs/NAME.png for the README when asked (DIDBAN_SCREENSHOT=1) or missing,
    so that ordinary runs leave the tree clean."""
    shot = tmp_path / f"{name}.png"
    page.locator(selector).screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    target = ROOT / "docs" / f"{name}.png"
    if not target.exists() or os.environ.get("DIDBAN_SCREENSHOT") == "1":
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, target)


def rows_attr(page, selector: str, attr: str) -> list[str]:
    return page.locator(selector).evaluate_all(f"els => els.map(e => e.getAttribute('{attr}'))")


# --- the event list ------------------------------------------------------------------------------------------------

def test_event_list_has_headers_rows_facets_and_jalali_dates(page):
    page.open_view("#/events")
    api = api_get(page.base, "/api/events?limit=50")
    assert page.locator("table.events tbody tr").count() == len(api["items"]) == 50
    assert page.locator("html").get_attribute("dir") == "rtl"
    headers = page.locator("table.events thead th").all_inner_texts()
    assert len(headers) == 7 and "Date" in headers[0] and "Actor" in headers[2]
    # facet counts are the API's, for the current filter
    facets = api_get(page.base, "/api/facets")
    shown = dict(zip(rows_attr(page, "[data-facet=Country] li a", "data-value"),
                     map(int, page.locator("[data-facet=Country] li .count").all_inner_texts())))
    assert shown == {f["value"]: f["count"] for f in facets["country"][:15]}
    # a date appears in both calendars
    first = api["items"][0]["day"]
    import jdatetime

    j = jdatetime.date.fromgregorian(date=date.fromisoformat(first))
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    cell = page.locator("table.events tbody tr").first.locator("td").first.inner_text()
    assert first in cell and f"{j.year:04d}/{j.month:02d}/{j.day:02d}".translate(persian) in cell


def test_dropdown_filter_and_facet_click_narrow_the_list(page):
    page.open_view("#/events")
    page.settle(lambda: (page.select_option("select[name=cameo]", "04"), page.click("form.filters button[type=submit]")))
    cameos = rows_attr(page, "table.events tbody tr", "data-cameo")
    total = api_get(page.base, "/api/events?cameo=04&limit=50")["total"]
    assert cameos and all(c.startswith("04") for c in cameos) and len(cameos) == min(total, 50)
    # the dropdown keeps its value; a facet adds its filter to the one in force
    assert page.locator("select[name=cameo]").input_value() == "04"
    page.settle(lambda: page.locator("[data-facet=Country] a[data-value=SAU]").click())
    assert "country=SAU" in page.evaluate("location.hash") and "cameo=04" in page.evaluate("location.hash")
    expected = api_get(page.base, "/api/events?cameo=04&country=SAU&limit=50")
    assert page.locator("table.events tbody tr").count() == len(expected["items"]) > 0


def test_a_bad_filter_shows_the_error_above_the_form_that_keeps_it(page):
    page.open_view("#/events")
    page.settle(lambda: (page.fill("input[name=since]", "2025-13-45"), page.click("form.filters button[type=submit]")))
    assert "E202" in page.locator("#errors .error").inner_text()
    assert page.locator("input[name=since]").input_value() == "2025-13-45"  # still there to correct
    box_error = page.locator("#errors").bounding_box()
    box_form = page.locator("#filters").bounding_box()
    assert box_error["y"] < box_form["y"]


def test_columns_sort_in_the_page(page):
    page.open_view("#/events?cameo=04")
    page.locator("table.events th[data-key=day]").click()
    days = [d for d in rows_attr(page, "table.events tbody tr", "data-day")]
    dated = [d for d in days if d]
    assert dated == sorted(dated) and days[: len(dated)] == dated  # undated rows last
    page.locator("table.events th[data-key=day]").click()
    dated_desc = [d for d in rows_attr(page, "table.events tbody tr", "data-day") if d]
    assert dated_desc == sorted(dated, reverse=True)
    assert page.locator("table.events th[data-key=day]").get_attribute("aria-sort") == "descending"


def test_downloads_give_the_filtered_rows(page):
    page.open_view("#/events?country=TUR")
    listed = api_get(page.base, "/api/events?country=TUR&limit=500")
    href = page.locator("a.download[data-format=csv]").get_attribute("href")
    response = page.request.get(page.base + href)
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert sorted(r["event_id"] for r in rows) == sorted(ev["id"] for ev in listed["items"])
    assert all("TUR" in (r["actor_codes"] or "") + (r["recipient_codes"] or "") + (r["ActionGeo_CountryCode"] or "")
               or "TUR" in r["Actor1CountryCode"] + r["Actor2CountryCode"] for r in rows)
    plover = page.request.get(page.base + page.locator("a.download[data-format=plover]").get_attribute("href"))
    assert len(plover.text().splitlines()) == listed["total"]


# --- articles ---------------------------------------------------------------------------------------------------

def test_article_view_highlights_the_seed_meetings(page, seed_id, tmp_path):
    """Every meeting (CAMEO 04x) the API reports for the seed has its trigger marked."""
    doc = api_get(page.base, f"/api/documents/{seed_id}")
    meetings = {ev["id"] for ev in doc["events"] if ev["cameo"].startswith("04")}
    page.open_view(f"#/doc/{seed_id}")
    marked = page.locator("#article-text mark[data-trigger-cameos]").evaluate_all(
        "marks => marks.flatMap(m => { const ids = m.dataset.triggerEvents.split(' ');"
        " const codes = m.dataset.triggerCameos.split(' ');"
        " return codes.some(c => c.startsWith('04')) ? ids : []; })")
    assert {i for i in marked if i in meetings} == meetings and len(meetings) >= 3
    # the original text is shown unchanged: the marks only wrap it
    assert page.locator("#article-text").inner_text().replace("\n", "") == doc["text"].replace("\n", "")
    readme_picture(page, "screenshot", tmp_path, "body")


def test_article_event_list_focuses_its_evidence(page, seed_id):
    page.open_view(f"#/doc/{seed_id}")
    first = page.locator(".event-item").first
    event_id = first.get_attribute("data-event")
    first.click()
    focused = page.locator("#article-text mark.focus").evaluate_all("ms => ms.map(m => m.dataset.events)")
    assert focused and all(event_id in ids.split(" ") for ids in focused)


def test_article_list_shows_a_label_never_an_id(page):
    page.open_view("#/documents")
    docs = api_get(page.base, "/api/documents?limit=200")
    assert page.locator("table.documents tbody tr").count() == docs["total"] >= 50
    titles = page.locator("table.documents tbody tr td:nth-child(2) a").all_inner_texts()
    ids = {d["id"] for d in docs["items"]}
    assert titles and not ids & {t.strip() for t in titles}
    assert len(page.locator("table.documents thead th").all_inner_texts()) == 4


def test_search_view_matches_the_api(page):
    page.open_view("#/search?q=" + quote("گفت‌وگو"))
    total = api_get(page.base, "/api/search?q=" + quote("گفتوگو"))["total"]
    assert page.locator(".hit").count() == total > 0


def test_unknown_document_shows_the_api_error(page):
    page.open_view("#/doc/0000000000000000")
    assert "E404" in page.locator(".error").inner_text()


# --- map ------------------------------------------------------------------------------------------------------

def test_map_draws_countries_and_its_markers_open_the_filtered_list(page, tmp_path):
    page.open_view("#/map")
    assert page.locator("svg.map path.country").count() > 200  # Natural Earth's admin-0 shapes
    by_country = {r["country"]: r["count"] for r in api_get(page.base, "/api/aggregate?by=country")["items"]}
    shaded = dict(zip(rows_attr(page, "svg.map a.country-link path", "data-iso3"),
                      map(int, rows_attr(page, "svg.map a.country-link path", "data-count"))))
    assert shaded == {k: v for k, v in by_country.items() if k in shaded} and set(shaded) >= {"IRN", "TUR", "SAU"}
    places = [r for r in api_get(page.base, "/api/aggregate?by=place")["items"] if r["latitude"] is not None]
    assert page.locator("svg.map a.place").count() == len(places) > 3
    # labels never overlap
    boxes = page.locator("svg.map text.map-label:not(.hidden)").evaluate_all(
        "ts => ts.map(t => { const b = t.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })")
    assert boxes and not any(a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1
                             for i, a in enumerate(boxes) for b in boxes[i + 1:])
    # zoom, then a marker opens the event list filtered to its place
    page.click("button[data-preset=west-asia]")  # zooms in place: the route stays the same
    page.wait_for_function("Number(document.querySelector('svg.map').dataset.zoom) > 2")
    if os.environ.get("DIDBAN_SCREENSHOT") == "1" or not (ROOT / "docs" / "map.png").exists():
        page.wait_for_timeout(300)
        readme_picture(page, "map", tmp_path)
    jeddah = page.locator("svg.map a.place[data-place='kb:LOC:geonames-105343']")
    page.settle(lambda: jeddah.dispatch_event("click"))
    assert page.evaluate("location.hash").startswith("#/events?place=")
    rows = page.locator("table.events tbody tr")
    assert rows.count() == next(p["count"] for p in places if p["place"] == "kb:LOC:geonames-105343")
    assert all("جده" in t for t in page.locator("table.events tbody tr td:nth-child(5)").all_inner_texts())


def test_a_country_on_the_map_opens_its_events(page):
    page.open_view("#/map")
    page.settle(lambda: page.locator("svg.map a.country-link[data-iso3=TUR]").dispatch_event("click"))
    assert page.evaluate("location.hash") == "#/events?country=TUR"
    assert page.locator("table.events tbody tr").count() == api_get(page.base, "/api/events?country=TUR")["total"]


# --- network --------------------------------------------------------------------------------------------------

def net_state(page):
    return (page.locator("svg.network a.node").count(), page.locator("svg.network line.edge").count())


def test_network_controls_change_what_it_shows(page, tmp_path):
    page.open_view("#/network")
    full = api_get(page.base, "/api/network?limit=100")
    assert net_state(page) == (len(full["nodes"]), len(full["edges"])) and len(full["edges"]) > 20
    # top-N links
    page.settle(lambda: page.select_option("select[name=top]", "10"))
    nodes, edges = net_state(page)
    assert edges == 10 and nodes < len(full["nodes"])
    # a minimum of events per link: every line drawn carries at least that many
    page.open_view("#/network")
    page.settle(lambda: (page.fill("input[name=min]", "2"), page.click("#network-controls button[type=submit]")))
    weights = [int(w) for w in rows_attr(page, "svg.network line.edge", "data-weight")]
    assert weights and min(weights) >= 2 and len(weights) == sum(e["weight"] >= 2 for e in full["edges"])
    # a country: the API's network of that country
    page.open_view("#/network")
    page.settle(lambda: page.select_option("select[name=country]", "TUR"))
    turkey = api_get(page.base, "/api/network?country=TUR&limit=100")
    assert set(rows_attr(page, "svg.network a.node", "data-id")) == {n["id"] for n in turkey["nodes"]}
    # a type
    page.settle(lambda: page.select_option("select[name=type]", "CONSULT"))
    both = api_get(page.base, "/api/network?country=TUR&type=CONSULT&limit=100")
    assert net_state(page) == (len(both["nodes"]), len(both["edges"]))


def test_network_zooms_and_a_node_opens_its_actor_page(page, tmp_path):
    page.open_view("#/network")
    before = float(page.locator("svg.network").get_attribute("data-zoom"))
    box = page.locator("svg.network").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_function(f"Number(document.querySelector('svg.network').dataset.zoom) > {before}")
    page.open_view("#/network?top=50")
    labels = page.locator("svg.network text.label:not(.hidden)").count()
    assert 5 <= labels <= page.locator("svg.network a.node").count()
    # colliding labels are left out: no two labels shown cover each other (however many nodes the store gives)
    overlaps = page.evaluate("""() => {
        const boxes = [...document.querySelectorAll('svg.network text.label:not(.hidden)')]
            .map(t => t.getBoundingClientRect());
        let n = 0;
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            // (the page places labels by an estimate of their width: a sliver of overlap is not a collision)
            if (w > 0 && h > 0 && w * h > 0.2 * Math.min(a.width * a.height, b.width * b.height)) n++;
        }
        return n;
    }""")
    assert overlaps == 0
    readme_picture(page, "network", tmp_path)
    node = page.locator("svg.network a.node").first
    key = node.get_attribute("data-id")
    page.settle(lambda: node.dispatch_event("click"))
    assert page.evaluate("decodeURIComponent(location.hash)") == f"#/actor/{key}"
    assert page.locator("h1.actor-name").count() == 1


# --- timeline -----------------------------------------------------------------------------------------------------

def test_timeline_axis_is_proportional_to_time_and_runs_right_to_left(page, tmp_path):
    page.open_view("#/timeline?unit=day")
    chart = page.locator("svg.timeline")
    x0, x1, r0, r1 = (float(chart.get_attribute(a)) for a in ("data-x0", "data-x1", "data-r0", "data-r1"))
    bars = page.locator("svg.timeline rect.bar").evaluate_all(
        "rs => rs.map(r => [Number(r.dataset.start), Number(r.getAttribute('x')) + Number(r.getAttribute('width'))])")
    days = {start for start, _ in bars}
    assert len(days) >= 5
    for start, right_edge in bars:  # each bar's right edge sits where its day falls on a linear time scale
        expected = r0 + (start - x0) / (x1 - x0) * (r1 - r0)
        assert abs(right_edge + 0.5 - expected) < 1.0
    first, last = min(bars), max(bars)
    assert first[1] > last[1]  # the earliest day is at the right
    # the counts are the API's
    counted = api_get(page.base, "/api/aggregate?by=day,type")["items"]
    assert sum(int(c) for c in rows_attr(page, "svg.timeline rect.bar", "data-count")) == \
        sum(r["count"] for r in counted if r["day"])
    # undated events are counted and listed apart
    undated = api_get(page.base, "/api/undated?limit=50")
    assert undated["total"] > 0 and f"({undated['total']})" in page.locator("#undated h2").inner_text()
    assert page.locator("#undated table.events tbody tr").count() == len(undated["items"])


def test_timeline_stacks_by_quad_class_and_zooms_to_a_range(page, tmp_path):
    page.open_view("#/timeline")
    readme_picture(page, "timeline", tmp_path, "#timeline-top")
    page.settle(lambda: page.select_option("select[name=stack]", "quad"))
    series = set(rows_attr(page, "svg.timeline rect.bar", "data-series"))
    assert series and series <= {"1", "2", "3", "4"}
    # drag across the right half (the earlier years): since/until follow the brush
    box = page.locator("svg.timeline g.brush rect.overlay").bounding_box()
    y = box["y"] + box["height"] / 2
    def drag():
        page.mouse.move(box["x"] + box["width"] * 0.55, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.98, y, steps=5)
        page.mouse.up()
    page.settle(drag)
    h = page.evaluate("decodeURIComponent(location.hash)")
    assert "since=" in h and "until=" in h
    since = h.split("since=")[1][:10]
    until = h.split("until=")[1][:10]
    assert since < until and page.locator("#zoom-reset").count() == 1
    starts = [int(s) for s in rows_attr(page, "svg.timeline rect.bar", "data-start")]
    from datetime import datetime, timezone

    limit = datetime.fromisoformat(until).replace(tzinfo=timezone.utc).timestamp() * 1000
    assert all(s <= limit for s in starts)


# --- actor page -------------------------------------------------------------------------------------------------

def test_actor_page_has_names_country_offices_counterparts(page, tmp_path):
    profile = api_get(page.base, "/api/actor?" + urlencode({"key": "Zarif"}))
    page.open_view("#/actor/" + quote(profile["key"]))
    head = page.locator("h1.actor-name").inner_text()
    assert profile["name"] in head and profile["name_en"] in head and "IRNGOV" in head
    assert page.locator("table.offices tbody tr").count() == len(profile["offices"]) > 0
    assert "foreign minister" in page.locator("table.offices").inner_text()
    assert page.locator("table.counterparts tbody tr").count() == len(profile["counterparts"]) > 0
    facts = page.locator("dl.facts").inner_text()
    assert profile["first_day"] in facts and "IRN" in facts
    readme_picture(page, "actor", tmp_path, "#actor-summary")


# --- counts --------------------------------------------------------------------------------------------------------

def test_counts_draw_the_aggregate_and_a_cell_opens_its_events(page):
    page.open_view("#/counts?rows=country&cols=type")
    items = api_get(page.base, "/api/aggregate?by=country,type")["items"]
    cells = page.locator("table.cross td.cell[data-count]")
    shown = sum(int(c) for c in cells.evaluate_all("cs => cs.map(c => c.dataset.count)"))
    assert cells.count() > 10 and shown == sum(r["count"] for r in items)  # fewer than 12 types: every column shown
    cell = page.locator("table.cross tr[data-row=TUR] td.cell[data-count] a").first
    expected = int(cell.inner_text().translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))
    page.settle(lambda: cell.click())
    h = page.evaluate("location.hash")
    assert "country=TUR" in h and "type=" in h
    assert page.locator("table.events tbody tr").count() == expected
    # one dimension: a bar per value, the API's counts
    page.open_view("#/counts?rows=type")
    assert page.locator("table.counts tbody tr").count() == len(api_get(page.base, "/api/aggregate?by=type")["items"])
