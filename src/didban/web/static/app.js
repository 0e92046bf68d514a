/* didban's web page: a few views over the HTTP API, in plain JavaScript (no libraries, no build step).
   Text from the database is always inserted as text (textContent), never as HTML. */
"use strict";

const PLOVER_FA = {
  CONSULT: "دیدار و رایزنی", AGREE: "توافق", SUPPORT: "پشتیبانی", COOPERATE: "همکاری", AID: "کمک",
  REQUEST: "درخواست", ACCUSE: "اتهام", REJECT: "رد", THREATEN: "تهدید", PROTEST: "اعتراض", SANCTION: "تحریم",
  MOBILIZE: "بسیج", COERCE: "اجبار", ASSAULT: "حمله", RETREAT: "عقب‌نشینی", DISAPPROVE: "انتقاد", ENGAGE: "تعامل",
};
const COLORS = ["#0b5cab", "#d9822b", "#2e8540", "#b33a3a", "#7a4fb5", "#1a8e8e", "#a36d00", "#5d6776"];

/* --- small helpers ------------------------------------------------------------------------------------------- */

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";
function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function bi(fa, en) { return [fa, el("span", { class: "en" }, en)]; }

async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) url.searchParams.set(k, v);
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw Object.assign(new Error(body.error ? body.error.message : response.statusText), { body });
  return body;
}

function showError(view, err) {
  const e = (err.body && err.body.error) || { code: "", message: String(err), hint: "" };
  view.replaceChildren(el("div", { class: "error", role: "alert" },
    el("strong", {}, "خطا ", el("span", { class: "en" }, "Error "), e.code), " — ", e.message,
    e.hint ? el("div", { class: "muted" }, e.hint) : null));
}

function personName(p) { return p ? (p.name || p.id) : ""; }
function isMeeting(cameo) { return String(cameo || "").startsWith("04"); }

function actorLink(p) {
  return el("a", { href: "#/actor/" + encodeURIComponent(p.name_en || p.name || p.id), title: p.name_en || "" },
    personName(p));
}

function people(list) {
  const out = [];
  list.forEach((p, i) => { if (i) out.push("، "); out.push(actorLink(p)); });
  return out.length ? out : ["—"];
}

function typeLabel(plover, cameo) {
  const fa = PLOVER_FA[plover] || plover || "";
  return el("span", { class: "badge" + (isMeeting(cameo) ? " meet" : ""), title: plover || "" },
    fa, " ", el("span", { class: "en" }, (plover || "?") + " " + cameo));
}

function parseHash() {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { view: parts[0] || "events", arg: parts[1] || null, params: Object.fromEntries(new URLSearchParams(query || "")) };
}

/* --- event list ---------------------------------------------------------------------------------------------- */

const FILTERS = [
  ["actor", "کنشگر", "Actor"], ["country", "کشور", "Country (IRN)"], ["type", "نوع", "PLOVER type"],
  ["cameo", "کد CAMEO", "CAMEO code"], ["since", "از تاریخ", "Since"], ["until", "تا تاریخ", "Until"],
  ["place", "مکان", "Place"],
];

function quote(evidence) {
  // the trigger words say best what happened; whole sentences only when there is no trigger
  const triggers = evidence.filter((s) => s.label === "trigger");
  const text = (triggers.length ? triggers : evidence.slice(0, 1)).map((s) => s.text).join(" … ");
  return text.length > 160 ? text.slice(0, 159) + "…" : text;
}

function eventsTable(items) {
  if (!items.length) return el("p", { class: "muted" }, "رویدادی یافت نشد ", el("span", { class: "en" }, "No events"));
  return el("table", { class: "events" },
    el("thead", {}, el("tr", {},
      el("th", {}, ...bi("تاریخ", "Date")), el("th", {}, ...bi("نوع", "Type")),
      el("th", {}, ...bi("کنشگر", "Actor")), el("th", {}, ...bi("طرف مقابل", "Recipient")),
      el("th", {}, ...bi("مکان", "Place")), el("th", {}, ...bi("منابع", "Sources")),
      el("th", {}, ...bi("شاهد", "Evidence")))),
    el("tbody", {}, items.map((ev) => el("tr", { "data-event": ev.id, "data-cameo": ev.cameo },
      el("td", { class: "code" }, ev.day || "—"),
      el("td", {}, typeLabel(ev.plover, ev.cameo)),
      el("td", {}, people(ev.actors)),
      el("td", {}, people(ev.recipients)),
      el("td", {}, ev.location ? personName(ev.location) : "—"),
      el("td", { title: "articles / outlets" }, `${ev.num_articles} / ${ev.num_sources}`),
      el("td", {}, el("a", { href: `#/doc/${ev.doc_id}?event=${encodeURIComponent(ev.id)}` },
        ev.document.title || ev.doc_id),
        el("div", { class: "ev-quote" }, quote(ev.evidence)))))));
}

async function viewEvents(view, params) {
  const form = el("form", { class: "filters card" },
    FILTERS.map(([name, fa, en]) => el("label", {}, el("span", {}, fa, " ", el("span", { class: "en" }, en)),
      el("input", { name, value: params[name] || "", placeholder: name === "since" || name === "until" ? "YYYY-MM-DD" : "" }))),
    el("button", { type: "submit" }, "نمایش ", el("span", { class: "en" }, "Show")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [name] of FILTERS) if (form.elements[name].value.trim()) q.set(name, form.elements[name].value.trim());
    location.hash = "#/events?" + q.toString();
  });
  const results = el("div", {}, "…");
  view.replaceChildren(el("h1", {}, ...bi("رویدادها", "Events")), form, results);
  const offset = Number(params.offset || 0);
  const body = await api("/api/events", { ...params, limit: 50, offset });
  const pager = el("div", { class: "pager" },
    el("button", { disabled: body.prev ? null : "disabled", onclick: () => { location.hash = "#/events?" + new URLSearchParams({ ...params, offset: Math.max(0, offset - 50) }); } }, "قبلی ", el("span", { class: "en" }, "Prev")),
    el("span", { class: "muted" }, `${body.items.length ? offset + 1 : 0}–${offset + body.items.length} / ${body.total}`),
    el("button", { disabled: body.next ? null : "disabled", onclick: () => { location.hash = "#/events?" + new URLSearchParams({ ...params, offset: offset + 50 }); } }, "بعدی ", el("span", { class: "en" }, "Next")));
  results.replaceChildren(eventsTable(body.items), pager);
}

/* --- article view: the original text with every event's evidence marked -------------------------------------- */

function markedText(text, highlights) {
  // cut the text at every span edge; each piece is marked with all the spans that cover it
  const edges = new Set([0, text.length]);
  for (const h of highlights) { edges.add(h.start); edges.add(h.end); }
  const cuts = [...edges].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const piece = text.slice(a, b);
    const covering = highlights.filter((h) => h.start <= a && h.end >= b && h.end > h.start);
    if (!covering.length) { out.push(piece); continue; }
    const labels = [...new Set(covering.map((h) => "label-" + (h.label || "evidence")))];
    const triggers = covering.filter((h) => h.label === "trigger");
    const meeting = triggers.some((h) => isMeeting(h.cameo));
    out.push(el("mark", {
      class: ["ev", ...labels, meeting ? "meeting" : ""].join(" ").trim(),
      "data-events": [...new Set(covering.map((h) => h.event))].join(" "),
      "data-trigger-events": triggers.length ? [...new Set(triggers.map((h) => h.event))].join(" ") : null,
      "data-trigger-cameos": triggers.length ? [...new Set(triggers.map((h) => h.cameo))].join(" ") : null,
      title: covering.map((h) => `${h.plover || ""} ${h.cameo} (${h.label || "evidence"})`).join("\n"),
    }, piece));
  }
  return out;
}

async function viewDocument(view, docId, params) {
  const doc = await api("/api/documents/" + encodeURIComponent(docId));
  const textBox = el("div", { class: "article-text card", id: "article-text" }, markedText(doc.text, doc.highlights));
  const focus = (eventId) => {
    textBox.querySelectorAll("mark.focus").forEach((m) => m.classList.remove("focus"));
    const marks = [...textBox.querySelectorAll("mark")].filter((m) => m.dataset.events.split(" ").includes(eventId));
    marks.forEach((m) => m.classList.add("focus"));
    if (marks[0]) marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  };
  const list = el("div", { class: "card" }, el("h2", {}, ...bi(`رویدادهای این خبر (${doc.events.length})`, "Events of this article")),
    doc.events.length ? doc.events.map((ev) => el("div", { class: "event-item", "data-event": ev.id, onclick: () => focus(ev.id) },
      typeLabel(ev.plover, ev.cameo), " ", people(ev.actors),
      ev.recipients.length ? [isMeeting(ev.cameo) ? " ↔ " : " ← ", ...people(ev.recipients)] : [],
      ev.location ? el("div", { class: "muted" }, "مکان: ", personName(ev.location)) : null,
      ev.occasion ? el("div", { class: "muted" }, "به مناسبت: ", ev.occasion.text) : null))
      : el("p", { class: "muted" }, "رویدادی استخراج نشده ", el("span", { class: "en" }, "No events extracted")));
  const legend = el("div", { class: "legend" },
    el("span", {}, el("i", { class: "swatch", style: "background:var(--meet)" }), ...bi("دیدار", "meeting trigger")),
    el("span", {}, el("i", { class: "swatch", style: "background:var(--other)" }), ...bi("رویداد دیگر", "other event")),
    el("span", {}, el("i", { class: "swatch", style: "background:var(--actor)" }), ...bi("کنشگر", "actor")),
    el("span", {}, el("i", { class: "swatch", style: "background:var(--loc)" }), ...bi("مکان", "place")));
  view.replaceChildren(
    el("h1", {}, doc.title || doc.id),
    el("div", { class: "muted" }, [doc.outlet, doc.published, doc.url].filter(Boolean).join(" · ") || doc.source || ""),
    legend, el("div", { class: "article" }, textBox, list));
  if (params.event) focus(params.event);
}

async function viewDocuments(view, params) {
  const offset = Number(params.offset || 0);
  const body = await api("/api/documents", { limit: 50, offset });
  view.replaceChildren(el("h1", {}, ...bi("خبرها", "Articles")),
    el("table", {}, el("tbody", {}, body.items.map((d) => el("tr", {},
      el("td", { class: "code" }, (d.published || "").slice(0, 10) || "—"),
      el("td", {}, el("a", { href: "#/doc/" + d.id }, d.title || d.id)),
      el("td", {}, d.outlet || ""), el("td", {}, `${d.num_events} رویداد`))))));
}

/* --- search -------------------------------------------------------------------------------------------------- */

async function viewSearch(view, params) {
  const input = el("input", { name: "q", value: params.q || "", placeholder: "گفت‌وگو", style: "flex:1" });
  const form = el("form", { class: "card", style: "display:flex;gap:.5rem" }, input,
    el("button", { type: "submit" }, "جست‌وجو ", el("span", { class: "en" }, "Search")));
  form.addEventListener("submit", (e) => { e.preventDefault(); location.hash = "#/search?q=" + encodeURIComponent(input.value.trim()); });
  const results = el("div");
  view.replaceChildren(el("h1", {}, ...bi("جست‌وجو در متن خبرها", "Full-text search")), form, results);
  if (!params.q) return;
  const body = await api("/api/search", { q: params.q, limit: 50 });
  results.replaceChildren(el("p", { class: "muted" }, `${body.total} خبر `, el("span", { class: "en" }, "articles")),
    ...body.items.map((h) => el("div", { class: "card" },
      el("a", { href: "#/doc/" + h.doc_id }, h.title || h.doc_id), " ",
      el("span", { class: "muted" }, [h.outlet, h.published].filter(Boolean).join(" · ")),
      h.snippet ? el("div", { class: "ev-quote" }, h.snippet.text) : null)));
}

/* --- actor page: who met whom, over time ---------------------------------------------------------------------- */

async function viewActor(view, name) {
  const body = await api("/api/events", { actor: name, limit: 500 });
  const partners = new Map();
  for (const ev of body.items) {
    const everyone = [...ev.actors, ...ev.recipients];
    const self = everyone.filter((p) => [p.name, p.name_en, p.kb_id].some((n) => n && n.toLowerCase().includes(name.toLowerCase())));
    for (const p of everyone) {
      if (self.includes(p)) continue;
      const key = p.key || p.name;
      const entry = partners.get(key) || { person: p, count: 0, meetings: 0, first: ev.day, last: ev.day };
      entry.count += 1;
      if (isMeeting(ev.cameo)) entry.meetings += 1;
      if (ev.day && (!entry.first || ev.day < entry.first)) entry.first = ev.day;
      if (ev.day && (!entry.last || ev.day > entry.last)) entry.last = ev.day;
      partners.set(key, entry);
    }
  }
  const rows = [...partners.values()].sort((a, b) => b.count - a.count);
  const meetings = body.items.filter((ev) => isMeeting(ev.cameo)).sort((a, b) => String(a.day).localeCompare(String(b.day)));
  view.replaceChildren(
    el("h1", {}, name, " ", el("span", { class: "en" }, `${body.total} events`)),
    el("h2", {}, ...bi("با چه کسانی", "Counterparts")),
    rows.length ? el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, ...bi("طرف", "Counterpart")),
      el("th", {}, ...bi("دیدارها", "Meetings")), el("th", {}, ...bi("همهٔ رویدادها", "All events")),
      el("th", {}, ...bi("از", "First")), el("th", {}, ...bi("تا", "Last")))),
      el("tbody", {}, rows.map((r) => el("tr", {}, el("td", {}, actorLink(r.person)), el("td", {}, r.meetings),
        el("td", {}, r.count), el("td", { class: "code" }, r.first || "—"), el("td", { class: "code" }, r.last || "—")))))
      : el("p", { class: "muted" }, "—"),
    el("h2", {}, ...bi("دیدارها در گذر زمان", "Meetings over time")),
    eventsTable(meetings),
    el("h2", {}, ...bi("شبکه", "Network")), el("div", { id: "ego" }, "…"));
  const net = await api("/api/network", { actor: name, limit: 100 });
  document.getElementById("ego").replaceChildren(networkSvg(net, 700, 420));
}

/* --- network: a small force layout in SVG ----------------------------------------------------------------------- */

function layout(nodes, edges, width, height) {
  // Fruchterman–Reingold with a pull to the centre (so that separate groups stay near), from a deterministic
  // sunflower start; the result is then scaled to fit the drawing, leaving room for the labels
  const n = nodes.length;
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const k = Math.sqrt((width * height) / Math.max(n, 1)) * 0.75;
  const pos = nodes.map((_, i) => {
    const r = k * Math.sqrt(i + 0.5), angle = i * 2.399963;
    return { x: r * Math.cos(angle), y: r * Math.sin(angle), dx: 0, dy: 0 };
  });
  const steps = 400;
  for (let step = 0; step < steps; step++) {
    const heat = k * 2 * (1 - step / steps) + 0.5;
    for (const p of pos) { p.dx = -p.x * 0.08; p.dy = -p.y * 0.08; }
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y, d = Math.max(Math.hypot(dx, dy), 0.01);
      if (d > 3 * k) continue;  // far nodes do not push: separate groups stay close instead of flying apart
      const push = (k * k) / d / d;
      pos[i].dx += dx * push; pos[i].dy += dy * push; pos[j].dx -= dx * push; pos[j].dy -= dy * push;
    }
    for (const e of edges) {
      const a = pos[index.get(e.source)], b = pos[index.get(e.target)];
      if (!a || !b) continue;
      const dx = a.x - b.x, dy = a.y - b.y, pull = Math.hypot(dx, dy) / k;
      a.dx -= dx * pull; a.dy -= dy * pull; b.dx += dx * pull; b.dy += dy * pull;
    }
    for (const p of pos) {
      const d = Math.max(Math.hypot(p.dx, p.dy), 0.01), move = Math.min(d, heat);
      p.x += (p.dx / d) * move; p.y += (p.dy / d) * move;
    }
  }
  const xs = pos.map((p) => p.x), ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const [mx, my] = [90, 30];
  for (const p of pos) {
    p.x = x1 > x0 ? mx + ((p.x - x0) / (x1 - x0)) * (width - 2 * mx) : width / 2;
    p.y = y1 > y0 ? my + ((p.y - y0) / (y1 - y0)) * (height - 2 * my - 14) : height / 2;
  }
  return pos;
}

function networkSvg(net, width, height) {
  if (!net.nodes.length) return el("p", { class: "muted" }, "پیوندی یافت نشد ", el("span", { class: "en" }, "No links"));
  const pos = layout(net.nodes, net.edges, width, height);
  const at = new Map(net.nodes.map((node, i) => [node.id, pos[i]]));
  const maxW = Math.max(...net.edges.map((e) => e.weight), 1);
  return svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "network", role: "img", "aria-label": "actor network" },
    net.edges.map((e) => svg("line", { x1: at.get(e.source).x, y1: at.get(e.source).y, x2: at.get(e.target).x,
      y2: at.get(e.target).y, stroke: e.directed ? "#9aa5b1" : "#d4a800", "stroke-width": 1 + 5 * e.weight / maxW,
      "stroke-opacity": 0.8 }, svg("title", {}, `${e.weight}`))),
    net.nodes.map((node) => {
      const p = at.get(node.id);
      const link = svg("a", { href: "#/actor/" + encodeURIComponent(node.name_en || node.name) },
        svg("circle", { cx: p.x, cy: p.y, r: 5 + Math.min(12, Math.sqrt(node.weight) * 2), fill: "#0b5cab", "fill-opacity": 0.85 }),
        svg("text", { x: p.x, y: p.y - 10, "text-anchor": "middle", "font-size": 12, fill: "#1d2430" }, node.name),
        node.name_en ? svg("text", { x: p.x, y: p.y + 22, "text-anchor": "middle", "font-size": 10, fill: "#5d6776", direction: "ltr" }, node.name_en) : null);
      return link;
    }));
}

async function viewNetwork(view, params) {
  view.replaceChildren(el("h1", {}, ...bi("شبکهٔ کنشگران", "Actor network")),
    el("p", { class: "muted" }, "ضخامت خط: شمار رویدادها؛ زرد: دیدار ", el("span", { class: "en" }, "line width: events; yellow: meetings")),
    el("div", { id: "net" }, "…"));
  const net = await api("/api/network", { ...params, limit: 150 });
  document.getElementById("net").replaceChildren(networkSvg(net, 1000, 640));
}

/* --- timeline: bars per day, stacked by type ------------------------------------------------------------------- */

async function viewTimeline(view, params) {
  const body = await api("/api/timeline", params);
  const days = [...new Set(body.items.map((r) => r.day))].sort();
  const types = [...new Set(body.items.map((r) => r.plover || "?"))].sort();
  const color = (t) => COLORS[types.indexOf(t) % COLORS.length];
  const totals = new Map(days.map((d) => [d, 0]));
  for (const r of body.items) totals.set(r.day, totals.get(r.day) + r.count);
  const max = Math.max(1, ...totals.values());
  const width = 1000, height = 360, left = 40, bottom = 60, top = 20;
  const bw = days.length ? Math.min(40, (width - left - 10) / days.length) : 0;
  const scale = (height - bottom - top) / max;
  const bars = [];
  days.forEach((day, i) => {
    let y = height - bottom;
    for (const r of body.items.filter((x) => x.day === day)) {
      const h = r.count * scale;
      y -= h;
      bars.push(svg("rect", { x: left + i * bw + 2, y, width: Math.max(bw - 4, 1), height: h, fill: color(r.plover || "?"), class: "bar", "data-day": day },
        svg("title", {}, `${day} ${r.plover || "?"}: ${r.count}`)));
    }
    if (days.length <= 40 || i % Math.ceil(days.length / 40) === 0)
      bars.push(svg("text", { x: left + i * bw + bw / 2, y: height - bottom + 12, "font-size": 10, "text-anchor": "end",
        transform: `rotate(-60 ${left + i * bw + bw / 2} ${height - bottom + 12})`, direction: "ltr" }, day));
  });
  const axis = [0, max].map((v) => svg("text", { x: left - 6, y: height - bottom - v * scale + 4, "font-size": 10, "text-anchor": "end" }, v));
  view.replaceChildren(el("h1", {}, ...bi("گاه‌شمار رویدادها", "Timeline: events per day and type")),
    el("div", { class: "legend" }, types.map((t) => el("span", {}, el("i", { class: "swatch", style: `background:${color(t)}` }), PLOVER_FA[t] || t, el("span", { class: "en" }, t)))),
    days.length ? svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "timeline", role: "img", "aria-label": "timeline" },
      svg("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: "#9aa5b1" }), axis, bars)
      : el("p", { class: "muted" }, "—"));
}

/* --- map: an equirectangular plot of event locations (no tiles, no network) ----------------------------------- */

async function viewMap(view, params) {
  const body = await api("/api/events", { ...params, limit: 500 });
  const width = 1000, height = 500;
  const x = (lon) => (Number(lon) + 180) / 360 * width, y = (lat) => (90 - Number(lat)) / 180 * height;
  const places = new Map();
  for (const ev of body.items) {
    const loc = ev.location;
    if (!loc || loc.latitude === null || loc.latitude === undefined) continue;
    const key = `${loc.latitude},${loc.longitude}`;
    const entry = places.get(key) || { loc, count: 0 };
    entry.count += 1;
    places.set(key, entry);
  }
  const grid = [];
  for (let lon = -180; lon <= 180; lon += 30) grid.push(svg("line", { x1: x(lon), y1: 0, x2: x(lon), y2: height, stroke: "#e3e8ef" }));
  for (let lat = -90; lat <= 90; lat += 30) grid.push(svg("line", { x1: 0, y1: y(lat), x2: width, y2: y(lat), stroke: lat === 0 ? "#c5ced9" : "#e3e8ef" }));
  const dots = [...places.values()].map(({ loc, count }) => svg("g", { class: "place" },
    svg("circle", { cx: x(loc.longitude), cy: y(loc.latitude), r: 3 + Math.min(12, Math.sqrt(count) * 2), fill: "#b33a3a", "fill-opacity": 0.75 },
      svg("title", {}, `${loc.name} (${loc.name_en || ""}) ${count}`)),
    svg("text", { x: x(loc.longitude) + 8, y: y(loc.latitude) - 6, "font-size": 11 }, `${loc.name}${loc.country ? " · " + loc.country : ""}`)));
  view.replaceChildren(el("h1", {}, ...bi("نقشهٔ مکان رویدادها", "Map of event locations")),
    el("p", { class: "muted" }, `${places.size} مکان `, el("span", { class: "en" }, "places (equirectangular, 30° grid)")),
    svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "map", role: "img", "aria-label": "map" }, grid, dots));
}

/* --- routing ------------------------------------------------------------------------------------------------- */

const VIEWS = {
  events: (v, r) => viewEvents(v, r.params), doc: (v, r) => viewDocument(v, r.arg, r.params),
  documents: (v, r) => viewDocuments(v, r.params), search: (v, r) => viewSearch(v, r.params),
  actor: (v, r) => viewActor(v, r.arg), network: (v, r) => viewNetwork(v, r.params),
  timeline: (v, r) => viewTimeline(v, r.params), map: (v, r) => viewMap(v, r.params),
};

async function route() {
  const view = document.getElementById("view");
  const r = parseHash();
  document.querySelectorAll("#nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === r.view));
  document.body.dataset.ready = "false";
  try {
    await (VIEWS[r.view] || VIEWS.events)(view, r);
  } catch (err) {
    showError(view, err);
  }
  document.body.dataset.ready = "true";  // what the browser tests wait for
}

window.addEventListener("hashchange", route);
route();
