/* The timeline: a real time axis (a gap of two years looks like two years), flowing right to left like the page,
   bars by day, month or year stacked by PLOVER type or quad class; drag across it to zoom to a range. Events
   without a date are counted and listed apart. */
import {
  api, bi, COLORS, docLabels, el, eventFilters, hashFor, jalali, ltr, num, PLOVER_FA, QUAD_COLORS, QUAD_FA, svg,
} from "./dom.js";
import { eventsTable } from "./events.js";

const d3 = window.d3;
const DAY = 86_400_000;

function utc(day) { return new Date(day + "T00:00:00Z"); }

/* the bar of a period: its first day and the first day after it */
function period(key, unit) {
  if (unit === "day") { const a = utc(key); return [a, new Date(+a + DAY)]; }
  if (unit === "month") { const [y, m] = key.split("-").map(Number); return [new Date(Date.UTC(y, m - 1, 1)), new Date(Date.UTC(y, m, 1))]; }
  const y = Number(key); return [new Date(Date.UTC(y, 0, 1)), new Date(Date.UTC(y + 1, 0, 1))];
}

function autoUnit(days) {
  if (!days.length) return "month";
  const span = (+utc(days[days.length - 1]) - +utc(days[0])) / DAY;
  return span <= 120 ? "day" : span <= 365 * 12 ? "month" : "year";
}

function controls(params, unit, stack) {
  const sel = (name, value, options) => el("select", { name, value }, options.map(([v, fa, en]) => el("option", { value: v }, `${fa} · ${en}`)));
  const form = el("form", { class: "filters card", id: "timeline-controls" },
    el("label", {}, el("span", {}, ...bi("بازه", "Bars per")), sel("unit", unit, [["day", "روز", "day"], ["month", "ماه", "month"], ["year", "سال", "year"]])),
    el("label", {}, el("span", {}, ...bi("تفکیک", "Stacked by")), sel("stack", stack, [["type", "نوع رویداد", "PLOVER type"], ["quad", "طبقهٔ چهارگانه", "quad class"]])),
    el("label", {}, el("span", {}, ...bi("از تاریخ", "Since")), el("input", { name: "since", value: params.since || "", placeholder: "YYYY-MM-DD", dir: "ltr" })),
    el("label", {}, el("span", {}, ...bi("تا تاریخ", "Until")), el("input", { name: "until", value: params.until || "", placeholder: "YYYY-MM-DD", dir: "ltr" })),
    el("div", { class: "form-buttons" }, el("button", { type: "submit" }, ...bi("نمایش", "Show")),
      params.since || params.until ? el("a", { href: hashFor("timeline", { ...params, since: null, until: null }), class: "reset", id: "zoom-reset" }, ...bi("همهٔ زمان‌ها", "Whole range")) : null));
  const apply = () => {
    const next = { ...eventFilters(params) };
    for (const name of ["unit", "stack", "since", "until"]) next[name] = form.elements[name].value.trim() || null;
    if (next.stack === "type") next.stack = null;
    location.hash = hashFor("timeline", next);
  };
  form.addEventListener("submit", (e) => { e.preventDefault(); apply(); });
  form.addEventListener("change", (e) => { if (e.target.tagName === "SELECT") apply(); });
  return form;
}

function drawChart(rows, unit, stack, params) {
  const keyOf = (r) => (stack === "quad" ? r.quad : r.type) ?? "?";
  const series = [...new Set(rows.map(keyOf))].sort((a, b) => String(a).localeCompare(String(b)));
  const color = (s) => (stack === "quad" ? QUAD_COLORS[s] || "#999" : COLORS[series.indexOf(s) % COLORS.length]);
  const periods = new Map();
  for (const r of rows) {
    const p = periods.get(r[unit]) || { key: r[unit], total: 0, parts: [] };
    p.parts.push({ series: keyOf(r), count: r.count });
    p.total += r.count;
    periods.set(r[unit], p);
  }
  const list = [...periods.values()].sort((a, b) => a.key.localeCompare(b.key));
  const width = 1100, height = 400, margin = { top: 16, right: 48, bottom: 74, left: 24 };
  const [first] = period(list[0].key, unit), [, last] = period(list[list.length - 1].key, unit);
  const pad = Math.max(DAY, (+last - +first) * 0.02);
  // right to left: the earliest day at the right edge, like the page's reading direction
  const x = d3.scaleUtc().domain([new Date(+first - pad), new Date(+last + pad)]).range([width - margin.right, margin.left]);
  const y = d3.scaleLinear().domain([0, d3.max(list, (p) => p.total)]).nice().range([height - margin.bottom, margin.top]);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "timeline", role: "img", "aria-label": "timeline",
    "data-unit": unit, "data-x0": +x.domain()[0], "data-x1": +x.domain()[1], "data-r0": x.range()[0], "data-r1": x.range()[1] });
  const bars = svg("g", { class: "bars" });
  for (const p of list) {
    const [a, b] = period(p.key, unit);
    const right = x(a), left = Math.min(x(b), right - 3);  // at least 3 px: a lone day stays visible
    let base = y(0);
    for (const part of p.parts.sort((m, n) => String(m.series).localeCompare(String(n.series)))) {
      const h = y(0) - y(part.count);
      base -= h;
      const label = stack === "quad" ? (QUAD_FA[part.series] || [part.series])[0] : PLOVER_FA[part.series] || part.series;
      bars.append(svg("rect", { x: left + 0.5, y: base, width: Math.max(1, right - left - 1), height: h, fill: color(part.series),
        class: "bar", "data-period": p.key, "data-start": +a, "data-series": part.series, "data-count": part.count },
        svg("title", {}, `${p.key} (${unit === "day" ? jalali(p.key) : ""}) — ${label} ${part.series}: ${part.count}`)));
    }
  }
  const axis = svg("g", { class: "axis x", transform: `translate(0,${height - margin.bottom})` });
  const yAxis = svg("g", { class: "axis y", transform: `translate(${width - margin.right + 6},0)` });
  root.append(svg("g", { class: "grid" }), bars, axis, yAxis);
  const ticks = x.ticks(Math.min(12, Math.max(2, Math.round(width / 110))));
  d3.select(axis).call(d3.axisBottom(x).tickValues(ticks).tickFormat(d3.utcFormat(unit === "day" || (+last - +first) < 400 * DAY ? "%Y-%m-%d" : "%Y-%m")));
  d3.select(yAxis).call(d3.axisRight(y).ticks(Math.min(6, y.domain()[1])).tickFormat(d3.format("d")));
  d3.select(root).select(".grid").selectAll("line").data(y.ticks(Math.min(6, y.domain()[1]))).join("line")
    .attr("x1", margin.left).attr("x2", width - margin.right).attr("y1", (v) => y(v)).attr("y2", (v) => y(v));
  // the Jalali date under each Gregorian tick
  for (const t of ticks) {
    axis.append(svg("text", { x: x(t), y: 34, class: "jalali-tick", "text-anchor": "middle" }, jalali(t.toISOString().slice(0, 10))));
  }
  axis.append(svg("text", { x: (margin.left + width - margin.right) / 2, y: 58, class: "axis-title", "text-anchor": "middle" },
    "زمان ← (از راست به چپ) · time flows right to left"));
  // drag across the chart: zoom to that range (the filters since/until)
  const brush = d3.brushX().extent([[margin.left, margin.top], [width - margin.right, height - margin.bottom]])
    .on("end", (event) => {
      if (!event.selection) return;
      const [px0, px1] = event.selection;
      const later = x.invert(px0), earlier = x.invert(px1);  // reversed range: the left pixel is the later day
      const day = (d) => d.toISOString().slice(0, 10);
      location.hash = hashFor("timeline", { ...params, since: day(earlier), until: day(later) });
    });
  const brushLayer = svg("g", { class: "brush" });
  root.append(brushLayer);
  d3.select(brushLayer).call(brush);
  const legend = el("div", { class: "legend" }, series.map((s) => el("span", { "data-series": s },
    el("i", { class: "swatch", "data-color": color(s) }),
    stack === "quad" ? [(QUAD_FA[s] || [s])[0], " ", ltr(`${s} ${(QUAD_FA[s] || ["", ""])[1]}`, "en")] : [PLOVER_FA[s] || s, " ", ltr(s, "en")])));
  legend.querySelectorAll("i.swatch").forEach((i) => { i.style.background = i.dataset.color; });
  return [legend, root];
}

export async function viewTimeline(view, params) {
  const filters = eventFilters(params);
  const stack = params.stack === "quad" ? "quad" : "type";
  const days = await api("/api/aggregate", { ...filters, by: "day" });
  const dated = days.items.filter((r) => r.day).map((r) => r.day);
  const unit = ["day", "month", "year"].includes(params.unit) ? params.unit : autoUnit(dated);
  const [agg, undated] = await Promise.all([
    api("/api/aggregate", { ...filters, by: `${unit},${stack}` }),
    api("/api/undated", { ...filters, limit: 50 })]);
  const rows = agg.items.filter((r) => r[unit]);
  const total = dated.length ? days.items.reduce((n, r) => n + (r.day ? r.count : 0), 0) : 0;
  const chart = el("div", { id: "timeline-chart" });
  view.replaceChildren(el("section", { id: "timeline-top" }, el("h1", {}, ...bi("گاه‌شمار رویدادها", "Timeline")), controls(params, unit, stack),
    el("p", { class: "muted", id: "timeline-info" }, `${num(total)} رویداد تاریخ‌دار`, params.since || params.until ? ["، ", ltr(`${params.since || "…"} – ${params.until || "…"}`)] : null,
      ` · ${num(undated.total)} بی‌تاریخ `, ltr(`${total} dated, ${undated.total} undated`, "en"),
      " · ", ...bi("برای بزرگ‌نمایی روی نمودار بکشید", "drag across the chart to zoom")),
    chart));
  chart.replaceChildren(...(rows.length ? drawChart(rows, unit, stack, params) : [el("p", { class: "muted" }, ...bi("رویداد تاریخ‌داری نیست", "No dated events"))]));
  await docLabels(undated.items.filter((ev) => !ev.document.title).map((ev) => ev.doc_id));
  view.append(el("section", { class: "undated card", id: "undated" },
    el("h2", {}, "رویدادهای بی‌تاریخ ", el("bdi", { class: "count" }, `(${undated.total})`), " ", ltr("Undated events", "en")),
    el("p", { class: "muted" }, "نه خود رویداد تاریخ دارد و نه خبرش؛ در نمودار جایی ندارند. ",
      ltr("Neither the event nor its article gives a date.", "en")),
    eventsTable(undated.items),
    undated.total > undated.items.length ? el("p", { class: "muted" }, `${num(undated.items.length)} از ${num(undated.total)} `,
      el("a", { href: "/api/undated?" + new URLSearchParams({ ...filters, limit: 500 }) }, ltr("JSON"))) : null));
}
