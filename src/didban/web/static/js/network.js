/* The actor network: d3's force layout, zoom and pan, the strongest links first (top-N), a minimum of events per
   link, country and type filters; a node opens its actor page. Labels that would collide are left out, and come
   back as the view is zoomed in. */
import {
  api, bi, countryName, el, eventFilters, hashFor, isoTable, ltr, num, PLOVER_FA, PLOVER_TYPES, svg,
} from "./dom.js";

const d3 = window.d3;
const TYPE_COLORS = { PER: "#0b5cab", ORG: "#7a4fb5", GPE: "#2e8540", LOC: "#1a8e8e" };
const TOP_N = [10, 25, 50, 100, 200, 500];

function radius(node) { return 5 + Math.min(16, Math.sqrt(node.weight) * 2.2); }

/* Greedy label placement on screen: the heaviest nodes first; a label that overlaps one already placed is hidden. */
function placeLabels(labels, transform, maxShown) {
  // the nodes are obstacles too: a label never covers another actor's circle
  const circles = labels.map(({ node }) => {
    const [x, y] = transform.apply([node.x, node.y]), r = radius(node) * transform.k;
    return { node, x0: x - r, x1: x + r, y0: y - r, y1: y + r };
  });
  const boxes = [];
  let shown = 0;
  for (const { node, text } of labels) {
    const [x, y] = transform.apply([node.x, node.y]);
    const w = text.getComputedTextLength ? text.getComputedTextLength() * transform.k : 60;
    const box = { x0: x - w / 2 - 2, x1: x + w / 2 + 2, y0: y + radius(node) * transform.k, y1: y + radius(node) * transform.k + 16 };
    const hits = (b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1;
    const free = shown < maxShown * Math.max(1, transform.k) && !boxes.some(hits) && !circles.some((c) => c.node !== node && hits(c));
    text.classList.toggle("hidden", !free);
    if (free) { boxes.push(box); shown += 1; }
  }
}

export function drawNetwork(container, net, { width = 1000, height = 620, labels = 40, focus = null } = {}) {
  if (!net.nodes.length) {
    container.replaceChildren(el("p", { class: "muted" }, ...bi("پیوندی یافت نشد", "No links")));
    return;
  }
  const nodes = net.nodes.map((n) => ({ ...n }));
  const links = net.edges.map((e) => ({ ...e }));
  const maxW = Math.max(1, ...links.map((e) => e.weight));
  const sim = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((n) => n.id).distance(70).strength(0.4))
    .force("charge", d3.forceManyBody().strength(-220))
    .force("collide", d3.forceCollide((n) => radius(n) + 6))
    .force("x", d3.forceX(width / 2).strength(0.06))
    .force("y", d3.forceY(height / 2).strength(0.09))
    .stop();
  // a fixed number of ticks from d3's deterministic start: the same store draws the same picture
  for (let i = 0; i < 320; i++) sim.tick();

  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "network", role: "img", "aria-label": "actor network" });
  const defs = svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 -4 8 8", refX: 8, refY: 0, markerWidth: 8, markerHeight: 8, markerUnits: "userSpaceOnUse", orient: "auto" },
    svg("path", { d: "M0,-4L8,0L0,4", fill: "#8795a6" })));
  const g = svg("g", { class: "viewport" });
  root.append(defs, g);
  const edgeLayer = svg("g", { class: "edges" }), nodeLayer = svg("g", { class: "nodes" }), labelLayer = svg("g", { class: "labels" });
  g.append(edgeLayer, nodeLayer, labelLayer);
  for (const e of links) {
    // stop directed lines at the target's rim so that the arrow shows
    const dx = e.target.x - e.source.x, dy = e.target.y - e.source.y, d = Math.hypot(dx, dy) || 1;
    const r = e.directed ? radius(e.target) + 2 : 0;
    const codes = Object.entries(e.cameo || {}).map(([c, n]) => `${c}×${n}`).join(" ");
    edgeLayer.append(svg("line", { x1: e.source.x, y1: e.source.y, x2: e.target.x - (dx / d) * r, y2: e.target.y - (dy / d) * r,
      class: e.directed ? "edge directed" : "edge meeting", "stroke-width": 1 + (5 * e.weight) / maxW,
      "marker-end": e.directed ? "url(#arrow)" : null, "data-weight": e.weight },
      svg("title", {}, `${e.source.name} ${e.directed ? "→" : "↔"} ${e.target.name}: ${e.weight} (${codes})`)));
  }
  const ordered = [...nodes].sort((a, b) => b.weight - a.weight || String(a.id).localeCompare(String(b.id)));
  const labelNodes = [];
  for (const n of nodes) {
    const link = svg("a", { href: "#/actor/" + encodeURIComponent(n.id), class: "node" + (n.id === focus ? " focus" : ""), "data-id": n.id },
      svg("circle", { cx: n.x, cy: n.y, r: radius(n), fill: TYPE_COLORS[n.type] || "#5d6776" }),
      svg("title", {}, `${n.name}${n.name_en ? " · " + n.name_en : ""}${n.country ? " (" + n.country + ")" : ""} — ${n.weight}`));
    nodeLayer.append(link);
  }
  for (const n of ordered) {
    const text = svg("text", { x: n.x, y: n.y + radius(n) + 13, "text-anchor": "middle", class: "label" }, n.name);
    labelLayer.append(text);
    labelNodes.push({ node: n, text });
  }
  container.replaceChildren(root,
    el("div", { class: "legend" }, Object.entries({ PER: "شخص", ORG: "سازمان", GPE: "کشور" }).map(([t, fa]) =>
      el("span", {}, el("i", { class: `swatch type-${t}` }), fa, " ", ltr(t, "en"))),
      el("span", {}, el("i", { class: "swatch meet" }), ...bi("دیدار", "meeting")),
      el("span", {}, el("i", { class: "swatch line" }), ...bi("رویداد جهت‌دار", "directed event")),
      el("span", { class: "muted" }, ...bi("چرخ موس: بزرگ‌نمایی؛ کشیدن: جابه‌جایی", "wheel: zoom, drag: pan"))));

  // fit the drawing, then let the reader zoom; labels keep their size on screen and are re-placed after a zoom
  const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
  const [x0, x1, y0, y1] = [Math.min(...xs) - 40, Math.max(...xs) + 40, Math.min(...ys) - 30, Math.max(...ys) + 40];
  const k = Math.min(2.5, width / (x1 - x0), height / (y1 - y0));
  const start = d3.zoomIdentity.translate(width / 2 - (k * (x0 + x1)) / 2, height / 2 - (k * (y0 + y1)) / 2).scale(k);
  const zoom = d3.zoom().scaleExtent([0.2, 10]).on("zoom", (event) => {
    g.setAttribute("transform", event.transform.toString());
    labelLayer.style.fontSize = `${12 / event.transform.k}px`;
    labelLayer.style.strokeWidth = `${3 / event.transform.k}px`;
    root.dataset.zoom = event.transform.k.toFixed(3);
  }).on("end", (event) => placeLabels(labelNodes, event.transform, labels));
  d3.select(root).call(zoom).call(zoom.transform, start);
  root.__zoom_behavior = zoom;
  return root;
}

async function controls(params) {
  const facets = await api("/api/facets");
  await isoTable();
  const sel = (name, current, options, any) => el("select", { name, value: current || "" },
    any ? el("option", { value: "" }, any) : null, options.map(([v, label]) => el("option", { value: String(v) }, label)));
  const form = el("form", { class: "filters card", id: "network-controls" },
    el("label", {}, el("span", {}, ...bi("پرتکرارترین پیوندها", "Top links")),
      sel("top", params.top || "100", TOP_N.map((n) => [n, String(n)]))),
    el("label", {}, el("span", {}, ...bi("کمینهٔ رویداد", "Min events/link")),
      el("input", { name: "min", type: "number", min: "1", max: "1000", value: params.min || "1" })),
    el("label", {}, el("span", {}, ...bi("کشور", "Country")),
      sel("country", params.country, facets.country.map((c) => [c.value, `${countryName(c.value)} · ${c.value} (${c.count})`]), "همه · all")),
    el("label", {}, el("span", {}, ...bi("نوع", "Type")),
      sel("type", params.type, PLOVER_TYPES.map((t) => [t, `${PLOVER_FA[t] || t} · ${t}`]), "همه · all")),
    el("label", {}, el("span", {}, ...bi("کنشگر", "Actor")), el("input", { name: "actor", value: params.actor || "", placeholder: "عراقچی" })),
    el("div", { class: "form-buttons" }, el("button", { type: "submit" }, ...bi("نمایش", "Show"))));
  const apply = () => {
    const next = {};
    for (const name of ["top", "min", "country", "type", "actor"]) {
      const v = form.elements[name].value.trim();
      if (v && !(name === "top" && v === "100") && !(name === "min" && v === "1")) next[name] = v;
    }
    location.hash = hashFor("network", next);
  };
  form.addEventListener("submit", (e) => { e.preventDefault(); apply(); });
  form.addEventListener("change", (e) => { if (e.target.tagName === "SELECT") apply(); });
  return form;
}

export async function viewNetwork(view, params) {
  const slot = el("div", { id: "net" }, "…");
  const info = el("p", { class: "muted", id: "net-info" });
  view.replaceChildren(el("h1", {}, ...bi("شبکهٔ کنشگران", "Actor network")), await controls(params), info, slot);
  const top = Number(params.top) || 100, min = Math.max(1, Number(params.min) || 1);
  const net = await api("/api/network", { ...eventFilters(params), limit: top });
  // the minimum applies to links; actors left without a link go too
  const edges = net.edges.filter((e) => e.weight >= min);
  const keep = new Set(edges.flatMap((e) => [e.source, e.target]));
  const nodes = net.nodes.filter((n) => keep.has(n.id));
  info.replaceChildren(`${num(nodes.length)} کنشگر، ${num(edges.length)} پیوند `, ltr(`${nodes.length} actors, ${edges.length} links`, "en"),
    " · ", ...bi("ضخامت خط: شمار رویدادها", "line width: events"));
  drawNetwork(slot, { nodes, edges }, { width: 1100, height: 640, labels: 45 });
}
