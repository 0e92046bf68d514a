/* The event list: filters (dropdowns for closed vocabularies), facet counts beside them, a sortable table, paging,
   downloads of the current filter. A bad filter shows its error above the form, which keeps what was typed. */
import {
  api, bi, CAMEO_ROOTS, countryName, dateCell, docLabels, docTitle, downloadLinks, el, errorBox, eventFilters,
  EVENT_FILTERS, hashFor, isoTable, jalaliMonth, ltr, num, people, personName, PLOVER_FA, PLOVER_TYPES, quote,
  sortableTable, typeLabel,
} from "./dom.js";

const PAGE_SIZES = [50, 200, 500];
let STORE_FACETS = null;  // the facets of the whole store: what the dropdowns offer

async function storeFacets() {
  if (!STORE_FACETS) STORE_FACETS = await api("/api/facets");
  return STORE_FACETS;
}

function select(name, current, options, anyLabel) {
  const values = options.map((o) => o.value);
  if (current && !values.includes(current)) options = [{ value: current, label: current }, ...options];
  return el("select", { name, value: current || "" },
    el("option", { value: "" }, anyLabel), options.map((o) => el("option", { value: o.value }, o.label)));
}

function filterForm(params, facetsAll) {
  const countries = facetsAll.country.map((c) => ({ value: c.value, label: `${countryName(c.value)} · ${c.value} (${c.count})` }));
  const types = PLOVER_TYPES.map((t) => ({ value: t, label: `${PLOVER_FA[t] || t} · ${t}` }));
  const roots = Object.entries(CAMEO_ROOTS).map(([code, [fa, en]]) => ({ value: code, label: `${code} ${fa} · ${en}` }));
  const field = (name, fa, en, control) => el("label", {}, el("span", {}, ...bi(fa, en)), control);
  const text = (name, placeholder, dir) => el("input", { name, value: params[name] || "", placeholder, autocomplete: "off", dir: dir || null });
  const form = el("form", { class: "filters card", id: "filters" },
    field("actor", "کنشگر", "Actor", text("actor", "عراقچی / Araghchi")),
    field("country", "کشور", "Country", select("country", params.country, countries, "همه · all")),
    field("type", "نوع", "PLOVER type", select("type", params.type, types, "همه · all")),
    field("cameo", "کد CAMEO", "CAMEO", select("cameo", params.cameo, roots, "همه · all")),
    field("since", "از تاریخ", "Since", text("since", "2025-01-01 | 1403-10-12", "ltr")),
    field("until", "تا تاریخ", "Until", text("until", "YYYY-MM-DD", "ltr")),
    field("place", "مکان", "Place", text("place", "جده / Jeddah")),
    field("limit", "در هر صفحه", "Per page", el("select", { name: "limit", value: params.limit || "50" },
      PAGE_SIZES.map((n) => el("option", { value: String(n) }, n)))),
    el("div", { class: "form-buttons" },
      el("button", { type: "submit" }, ...bi("نمایش", "Show")),
      el("a", { href: "#/events", class: "reset" }, ...bi("پاک کردن", "Clear"))));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const next = {};
    for (const name of [...EVENT_FILTERS, "limit"]) {
      const v = form.elements[name].value.trim();
      if (v && !(name === "limit" && v === "50")) next[name] = v;
    }
    location.hash = hashFor("events", next);
  });
  return form;
}

function monthRange(month) {
  const [y, m] = month.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { since: `${month}-01`, until: `${month}-${String(last).padStart(2, "0")}` };
}

/* datasette-style facets: each value adds its filter; the value in force can be removed */
function facetPanel(params, facets) {
  const f = eventFilters(params);
  const group = (title, en, items, toParams, label, active) => el("section", { class: "facet", "data-facet": en },
    el("h3", {}, ...bi(title, en)),
    items.length ? el("ul", {}, items.map((it) => {
      const on = active(it.value);
      const next = on ? Object.fromEntries(Object.entries(f).filter(([k]) => !(k in toParams(it.value)))) : { ...f, ...toParams(it.value) };
      return el("li", { class: on ? "on" : null },
        el("a", { href: hashFor("events", next), "data-value": it.value }, on ? "✕ " : "", label(it.value)),
        el("span", { class: "count" }, it.count));
    })) : el("p", { class: "muted" }, "—"));
  return el("aside", { class: "facets card", id: "facets" },
    group("کشور", "Country", facets.country.slice(0, 15), (v) => ({ country: v }), (v) => [countryName(v), " ", ltr(v, "en")], (v) => f.country === v),
    group("نوع رویداد", "Type", facets.type, (v) => ({ type: v }), (v) => [PLOVER_FA[v] || v, " ", ltr(v, "en")], (v) => f.type === v),
    group("ریشهٔ CAMEO", "CAMEO root", facets.root, (v) => ({ cameo: v }), (v) => [ltr(v, "code"), " ", (CAMEO_ROOTS[v] || [v])[0]], (v) => f.cameo === v),
    group("ماه", "Month", facets.month.slice().reverse(), monthRange, (v) => [ltr(v, "code"), " ", el("span", { class: "muted" }, jalaliMonth(v))],
      (v) => f.since === monthRange(v).since && f.until === monthRange(v).until),
    facets.undated ? el("p", { class: "muted undated-note" }, `${num(facets.undated)} رویداد بی‌تاریخ `, ltr(`(${facets.undated} undated)`, "en"),
      " — ", el("a", { href: hashFor("timeline", f) }, "گاه‌شمار")) : null);
}

const COLUMNS = [
  { key: "day", fa: "تاریخ", en: "Date", value: (ev) => ev.day, cell: (ev) => dateCell(ev.day), cls: "nowrap" },
  { key: "type", fa: "نوع", en: "Type", value: (ev) => ev.cameo, cell: (ev) => typeLabel(ev.plover, ev.cameo) },
  { key: "actor", fa: "کنشگر", en: "Actor", value: (ev) => personName(ev.actors[0]), cell: (ev) => people(ev.actors) },
  { key: "recipient", fa: "طرف مقابل", en: "Recipient", value: (ev) => personName(ev.recipients[0]), cell: (ev) => people(ev.recipients) },
  { key: "place", fa: "مکان", en: "Place", value: (ev) => personName(ev.location), cell: (ev) => (ev.location ? personName(ev.location) : "—") },
  { key: "sources", fa: "منابع", en: "Articles/outlets", value: (ev) => ev.num_articles, desc: true, cell: (ev) => ltr(`${ev.num_articles} / ${ev.num_sources}`) },
  { key: "article", fa: "خبر و شاهد", en: "Article, evidence", cls: "article-cell", value: (ev) => docTitle(ev.document),
    cell: (ev) => [el("a", { href: `#/doc/${ev.doc_id}?event=${encodeURIComponent(ev.id)}` }, docTitle(ev.document)),
      el("div", { class: "ev-quote" }, quote(ev.evidence))] },
];

export function eventsTable(items) {
  if (!items.length) return el("p", { class: "muted" }, ...bi("رویدادی یافت نشد", "No events"));
  for (const ev of items) ev.__attrs = { "data-event": ev.id, "data-cameo": ev.cameo, "data-day": ev.day || "" };
  return sortableTable("events", COLUMNS, items);
}

export async function viewEvents(view, params) {
  await isoTable();
  const errors = el("div", { id: "errors" });
  const results = el("div", { id: "results" }, "…");
  const facetsAll = await storeFacets();
  const form = filterForm(params, facetsAll);
  view.replaceChildren(el("h1", {}, ...bi("رویدادها", "Events")), errors,
    el("div", { class: "with-facets" }, el("div", {}, form, results), el("div", { id: "facet-slot" })));
  const limit = PAGE_SIZES.includes(Number(params.limit)) ? Number(params.limit) : 50;
  const offset = Number(params.offset || 0);
  let body, facets;
  try {
    [body, facets] = await Promise.all([api("/api/events", { ...eventFilters(params), limit, offset }),
      api("/api/facets", eventFilters(params))]);
  } catch (err) {
    errors.replaceChildren(errorBox(err));  // the form stays, filled in, under the error
    results.replaceChildren();
    return;
  }
  await docLabels(body.items.filter((ev) => !ev.document.title).map((ev) => ev.doc_id));
  const page = (o) => hashFor("events", { ...params, offset: o || null });
  const more = body.count_capped ? "+" : "";  // the store stopped counting: at least this many
  const pager = el("div", { class: "pager" },
    el("a", { class: "button" + (body.prev ? "" : " disabled"), href: body.prev ? page(Math.max(0, offset - limit)) : null }, ...bi("قبلی", "Prev")),
    ltr(`${body.items.length ? offset + 1 : 0}–${offset + body.items.length} / ${body.total}${more}`, "muted"),
    el("a", { class: "button" + (body.next ? "" : " disabled"), href: body.next ? page(offset + limit) : null }, ...bi("بعدی", "Next")));
  results.replaceChildren(
    el("div", { class: "result-bar" }, el("strong", {}, `${num(body.total)}${more} رویداد`), ltr(`${body.total}${more} events`, "en"),
      body.total > body.items.length ? el("span", { class: "muted" }, " · مرتب‌سازی ستون‌ها در همین صفحه ", ltr("(sorting applies to this page)", "en")) : null,
      downloadLinks(params)),
    eventsTable(body.items), pager);
  document.getElementById("facet-slot").replaceChildren(facetPanel(params, facets));
}
