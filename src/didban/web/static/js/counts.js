/* Counts: /api/aggregate drawn as a table — one dimension as bars, two as a cross table (dyad × month, country ×
   type …) with shaded cells; every cell opens the events it counts when a filter can express it. */
import {
  api, bi, CAMEO_ROOTS, countryName, el, eventFilters, hashFor, isoTable, jalaliMonth, ltr, num, PLOVER_FA, QUAD_FA,
  sortableTable,
} from "./dom.js";

const DIMS = {
  month: ["ماه", "month"], year: ["سال", "year"], day: ["روز", "day"], dyad: ["دوتایی کشورها", "country dyad"],
  country: ["کشور", "country"], actor: ["کنشگر", "actor"], type: ["نوع رویداد", "PLOVER type"],
  quad: ["طبقهٔ چهارگانه", "quad class"], root: ["ریشهٔ CAMEO", "CAMEO root"], place: ["مکان", "place"],
};
const MAX_COLUMNS = 12;

/* a value as the reader sees it, and the filters that select its events (when one can) */
function describe(dim, row) {
  const v = row[dim];
  if (v === null || v === undefined) return { label: dim === "place" ? "(بدون مکان)" : "(بی‌تاریخ)", filter: null };
  switch (dim) {
    case "country": return { label: [countryName(v), " ", ltr(v, "en")], filter: { country: v } };
    case "actor": return { label: [row.actor_name, row.actor_name_en && row.actor_name_en !== row.actor_name ? [" ", ltr(row.actor_name_en, "en")] : null], filter: { actor: row.actor_kb_id || row.actor_name } };
    case "type": return { label: [PLOVER_FA[v] || v, " ", ltr(v, "en")], filter: { type: v } };
    case "root": return { label: [ltr(v, "code"), " ", (CAMEO_ROOTS[v] || [v])[0]], filter: { cameo: v } };
    case "quad": return { label: [(QUAD_FA[v] || [v])[0], " ", ltr(String(v), "en")], filter: null };
    case "place": return { label: row.place_name || row.place_name_en || v, filter: { place: row.place_name_en || row.place_name } };
    case "month": { const [y, m] = v.split("-").map(Number); const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      return { label: [ltr(v, "code"), " ", el("span", { class: "muted" }, jalaliMonth(v))], filter: { since: `${v}-01`, until: `${v}-${String(last).padStart(2, "0")}` } }; }
    case "year": return { label: ltr(v, "code"), filter: { since: `${v}-01-01`, until: `${v}-12-31` } };
    case "day": return { label: ltr(v, "code"), filter: { since: v, until: v } };
    default: return { label: ltr(String(v), "code"), filter: null };  // dyad: no single filter says it
  }
}

function controls(params, rows, cols) {
  const sel = (name, value, optional) => el("select", { name, value: value || "" },
    optional ? el("option", { value: "" }, "— · none") : null,
    Object.entries(DIMS).map(([k, [fa, en]]) => el("option", { value: k }, `${fa} · ${en}`)));
  const form = el("form", { class: "filters card", id: "counts-controls" },
    el("label", {}, el("span", {}, ...bi("سطرها", "Rows")), sel("rows", rows)),
    el("label", {}, el("span", {}, ...bi("ستون‌ها", "Columns")), sel("cols", cols, true)));
  form.addEventListener("change", () => {
    const next = { ...eventFilters(params), rows: form.elements.rows.value, cols: form.elements.cols.value || null };
    location.hash = hashFor("counts", next);
  });
  return form;
}

function oneDimension(dim, items, filters) {
  const max = Math.max(1, ...items.map((r) => r.count));
  const columns = [
    { key: "value", fa: DIMS[dim][0], en: DIMS[dim][1], value: (r) => r.__order, cell: (r) => {
      const d = describe(dim, r);
      return d.filter ? el("a", { href: hashFor("events", { ...filters, ...d.filter }) }, d.label) : d.label;
    } },
    { key: "count", fa: "رویدادها", en: "Events", value: (r) => r.count, desc: true, cell: (r) => {
      const bar = el("span", { class: "bar" });
      bar.style.inlineSize = `${(100 * r.count) / max}%`;
      return el("span", { class: "count-cell" }, el("span", { class: "track" }, bar), ltr(String(r.count)));
    } },
  ];
  items.forEach((r, i) => { r.__order = i; r.__attrs = { "data-value": r[dim] ?? "" }; });
  return sortableTable("counts", columns, items);
}

function crossTable(rowsDim, colsDim, items, filters) {
  const key = (dim, r) => String(r[dim] ?? "");
  const totals = new Map();
  for (const r of items) totals.set(key(colsDim, r), (totals.get(key(colsDim, r)) || 0) + r.count);
  const columns = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_COLUMNS).map(([k]) => k);
  const sample = new Map(items.map((r) => [key(colsDim, r), r]));
  const byRow = new Map();
  for (const r of items) {
    const k = key(rowsDim, r);
    const entry = byRow.get(k) || { row: r, cells: new Map(), total: 0 };
    entry.cells.set(key(colsDim, r), r);
    entry.total += r.count;
    byRow.set(k, entry);
  }
  const max = Math.max(1, ...items.map((r) => r.count));
  const head = el("tr", {}, el("th", {}, ...bi(DIMS[rowsDim][0], DIMS[rowsDim][1])),
    columns.map((c) => el("th", { "data-col": c }, describe(colsDim, sample.get(c)).label)),
    el("th", {}, ...bi("جمع", "Total")));
  const temporal = ["day", "month", "year"].includes(rowsDim);  // time in order; other rows the largest first
  const ordered = [...byRow.values()].sort((a, b) => (temporal ? 0 : b.total - a.total));
  const body = ordered.map(({ row, cells, total }) => el("tr", { "data-row": key(rowsDim, row) },
    el("th", { scope: "row" }, describe(rowsDim, row).label),
    columns.map((c) => {
      const r = cells.get(c);
      if (!r) return el("td", { class: "cell empty" });
      const f = { ...describe(rowsDim, r).filter, ...describe(colsDim, r).filter };
      const shade = el("td", { class: "cell", "data-count": r.count },
        describe(rowsDim, r).filter && describe(colsDim, r).filter ? el("a", { href: hashFor("events", { ...filters, ...f }) }, num(r.count)) : num(r.count));
      shade.style.backgroundColor = `rgba(11, 92, 171, ${0.08 + 0.55 * (r.count / max)})`;
      return shade;
    }),
    el("td", { class: "total" }, num(total))));
  return el("div", { class: "cross-wrap" }, el("table", { class: "cross" }, el("thead", {}, head), el("tbody", {}, body)),
    totals.size > MAX_COLUMNS ? el("p", { class: "muted" }, `${num(MAX_COLUMNS)} ستون پرشمارتر از ${num(totals.size)} `, ltr(`(the ${MAX_COLUMNS} largest of ${totals.size} columns)`, "en")) : null);
}

export async function viewCounts(view, params) {
  await isoTable();
  const rows = DIMS[params.rows] ? params.rows : "month";
  const cols = DIMS[params.cols] && params.cols !== rows ? params.cols : (params.rows ? null : "dyad");
  const filters = eventFilters(params);
  const body = await api("/api/aggregate", { ...filters, by: cols ? `${rows},${cols}` : rows });
  const active = Object.entries(filters);
  view.replaceChildren(el("h1", {}, ...bi("شمارش رویدادها", "Counts")), controls(params, rows, cols),
    el("p", { class: "muted", id: "counts-info" }, active.length ? ["پالایه‌ها: ", ltr(active.map(([k, v]) => `${k}=${v}`).join(" · "))] : "همهٔ رویدادها ",
      " ", ltr(`GET /api/aggregate?by=${cols ? rows + "," + cols : rows} · didban events --count-by ${cols ? rows + "," + cols : rows}`, "en")),
    body.items.length ? (cols ? crossTable(rows, cols, body.items, filters) : oneDimension(rows, body.items, filters))
      : el("p", { class: "muted" }, ...bi("رویدادی نیست", "No events")));
}
