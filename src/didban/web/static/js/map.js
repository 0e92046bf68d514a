/* The map: Natural Earth country shapes (world-atlas, vendored), shaded by the events their actors take part in;
   a marker per event place, sized by its events; pan and zoom; a click on a country or a marker opens the event
   list filtered to it. Labels are placed greedily, heaviest first, and a label that would collide is left out. */
import { api, bi, countryName, el, eventFilters, hashFor, isoTable, ltr, num, svg } from "./dom.js";

const d3 = window.d3;
const topojson = window.topojson;
const WIDTH = 1100, HEIGHT = 600;
const PRESETS = { world: null, "west-asia": [[24, 8], [76, 46]], europe: [[-12, 34], [45, 66]] };
let WORLD = null;

async function countryShapes() {
  if (!WORLD) {
    const [topo, iso] = await Promise.all([(await fetch("/static/vendor/world-atlas/countries-50m.json")).json(), isoTable()]);
    const byNumber = Object.fromEntries(Object.entries(iso).map(([a3, [num]]) => [num, a3]));
    WORLD = topojson.feature(topo, topo.objects.countries).features.map((f) => {
      f.properties.iso3 = byNumber[f.id] || byNumber[f.properties.name] || null;
      return f;
    });
  }
  return WORLD;
}

/* where a country's label goes: the centre of its largest piece (France's is in France, not between Europe and
   French Guiana) */
function labelPoint(feature, projection) {
  let shape = feature.geometry;
  if (shape.type === "MultiPolygon") {
    const pieces = shape.coordinates.map((c) => ({ type: "Polygon", coordinates: c }));
    shape = pieces.reduce((a, b) => (d3.geoArea(b) > d3.geoArea(a) ? b : a));
  }
  return projection(d3.geoCentroid(shape));
}

function overlaps(a, list) {
  return list.some((b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1);
}

/* Greedy placement on screen: each label tries a few spots around its point, in order of importance; one that
   would overlap another label or a marker is hidden until the reader zooms in. */
function placeLabels(items, transform) {
  const taken = items.filter((it) => it.r).map((it) => {
    const [x, y] = transform.apply(it.at);
    return { x0: x - it.r, x1: x + it.r, y0: y - it.r, y1: y + it.r };
  });
  for (const it of items) {
    const [x, y] = transform.apply(it.at);
    // the text's real box (Vazirmatn's ascent and descent included), on screen
    const bb = it.text.getBBox(), baseline = Number(it.text.getAttribute("y"));
    const w = bb.width * transform.k, h = bb.height * transform.k, ascent = (baseline - bb.y) * transform.k;
    const gap = (it.r || 0) + 2;
    const spots = it.r
      ? [[x - gap - w, y - h / 2], [x + gap, y - h / 2], [x - w / 2, y - gap - h], [x - w / 2, y + gap]]
      : [[x - w / 2, y - h / 2]];
    let placed = null;
    for (const [sx, sy] of spots) {
      const box = { x0: sx, x1: sx + w, y0: sy, y1: sy + h };
      if (sx < 0 || sx + w > WIDTH || sy < 0 || sy + h > HEIGHT || overlaps(box, taken)) continue;
      placed = box;
      break;
    }
    it.text.classList.toggle("hidden", !placed);
    if (!placed) continue;
    taken.push(placed);
    // back to map units: the middle of the box, on the text's baseline (anchored in the middle, whatever the direction)
    const [ux, uy] = transform.invert([(placed.x0 + placed.x1) / 2, placed.y0 + ascent]);
    it.text.setAttribute("x", ux);
    it.text.setAttribute("y", uy);
  }
}

function legendScale(color, max) {
  const steps = [1, Math.round(max / 8), Math.round(max / 3), max].filter((v, i, a) => v >= 1 && a.indexOf(v) === i);
  return el("div", { class: "legend" }, el("span", {}, ...bi("رنگ کشور: رویدادهایی که کنشگرانش در آن‌اند", "country shade: events it takes part in")),
    steps.map((v) => { const i = el("i", { class: "swatch" }); i.style.background = color(v); return el("span", {}, i, ltr(String(v))); }),
    el("span", {}, el("i", { class: "swatch marker" }), ...bi("مکان رویداد (اندازه: شمار)", "event place (size: events)")));
}

export async function viewMap(view, params) {
  const filters = eventFilters(params);
  const [features, byCountry, byPlace] = await Promise.all([countryShapes(),
    api("/api/aggregate", { ...filters, by: "country" }), api("/api/aggregate", { ...filters, by: "place" })]);
  const counts = new Map(byCountry.items.map((r) => [r.country, r.count]));
  const places = byPlace.items.filter((r) => r.place && r.latitude !== null && r.longitude !== null);
  const unplaced = byPlace.items.filter((r) => !r.place).reduce((n, r) => n + r.count, 0);
  const max = Math.max(1, ...counts.values());
  // land in shades of green (the sea is blue, the markers red); a country with one event is already visible
  const color = d3.scaleSequentialSqrt([0, max], (t) => d3.interpolateYlGn(0.15 + 0.85 * t));

  const projection = d3.geoNaturalEarth1().fitExtent([[8, 8], [WIDTH - 8, HEIGHT - 8]], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const root = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "map", role: "img", "aria-label": "map of event places" });
  const g = svg("g", { class: "viewport" });
  root.append(g);
  g.append(svg("path", { d: path({ type: "Sphere" }), class: "sphere" }),
    svg("path", { d: path(d3.geoGraticule10()), class: "graticule" }));
  const countryLayer = svg("g", { class: "countries" });
  g.append(countryLayer);
  const labelItems = [];
  const labelled = new Map();  // one label per country: on its largest shape (Australia, not Ashmore Reef)
  for (const f of features) {
    const iso3 = f.properties.iso3, n = counts.get(iso3) || 0;
    const name = iso3 ? countryName(iso3) : f.properties.name;
    const shape = svg("path", { d: path(f), class: "country" + (n ? " has-events" : ""),
      "data-iso3": iso3 || "", "data-count": n }, svg("title", {}, `${name} · ${f.properties.name}${n ? ` — ${num(n)} رویداد` : ""}`));
    if (n && iso3) {
      shape.style.fill = color(n);  // CSSOM: the stylesheet's default fill would win over an attribute
      const link = svg("a", { href: hashFor("events", { ...filters, country: iso3 }), class: "country-link", "data-iso3": iso3 }, shape);
      countryLayer.append(link);
      const area = d3.geoArea(f);
      if (!labelled.has(iso3) || labelled.get(iso3).area < area) {
        labelled.set(iso3, { at: labelPoint(f, projection), weight: n, kind: n / max > 0.4 ? "country on-dark" : "country", name, area });
      }
    } else {
      countryLayer.append(shape);
    }
  }
  labelItems.push(...labelled.values());
  const rmax = Math.max(1, ...places.map((p) => p.count));
  const markerLayer = svg("g", { class: "markers" });
  g.append(markerLayer);
  const markers = [];
  for (const p of places) {
    const at = projection([p.longitude, p.latitude]);
    const r = 4 + 12 * Math.sqrt(p.count / rmax);
    const name = p.place_name || p.place_name_en;
    const marker = svg("a", { href: hashFor("events", { ...filters, place: p.place_name_en || p.place_name }), class: "place",
      "data-place": p.place, "data-count": p.count },
      svg("circle", { cx: at[0], cy: at[1], r, class: "marker" }),
      svg("title", {}, `${name}${p.place_name_en ? " · " + p.place_name_en : ""}${p.place_country ? " (" + p.place_country + ")" : ""} — ${p.count} رویداد`));
    markerLayer.append(marker);
    markers.push({ marker, r });
    labelItems.push({ at, r, weight: p.count + 1e6, kind: "place", name: `${name} (${num(p.count)})` });
  }
  const labelLayer = svg("g", { class: "map-labels" });
  g.append(labelLayer);
  labelItems.sort((a, b) => b.weight - a.weight);  // places before countries, the busiest first
  for (const it of labelItems) {
    it.size = it.kind === "place" ? 13 : 11;
    it.text = svg("text", { class: `map-label ${it.kind}`, x: it.at[0], y: it.at[1], "text-anchor": "middle" }, it.name);
    labelLayer.append(it.text);
  }

  const presetButtons = el("div", { class: "map-presets" }, Object.entries({ world: ["جهان", "World"], "west-asia": ["غرب آسیا", "West Asia"], europe: ["اروپا", "Europe"] })
    .map(([key, [fa, en]]) => el("button", { type: "button", "data-preset": key, onclick: () => zoomTo(key) }, ...bi(fa, en))));
  view.replaceChildren(el("h1", {}, ...bi("نقشهٔ رویدادها", "Map")),
    el("p", { class: "muted", id: "map-info" }, `${num(places.length)} مکان، ${num(counts.size)} کشور`, " · ",
      `${num(unplaced)} رویداد بدون مکان`, " ", ltr(`${places.length} places, ${counts.size} countries; ${unplaced} events name no place`, "en"),
      " · ", ...bi("کلیک: فهرست رویدادها؛ چرخ موس: بزرگ‌نمایی", "click: the events; wheel: zoom")),
    presetButtons, root, legendScale(color, max));

  const zoom = d3.zoom().scaleExtent([1, 14]).translateExtent([[0, 0], [WIDTH, HEIGHT]])
    .on("zoom", (event) => {
      const k = event.transform.k;
      g.setAttribute("transform", event.transform.toString());
      // markers grow a little when zoomed in (k^0.25 on screen), not in proportion
      for (const { marker, r } of markers) marker.firstChild.setAttribute("r", r / k ** 0.75);
      for (const it of labelItems) it.text.style.fontSize = `${it.size / k}px`;
      labelLayer.style.strokeWidth = `${3 / k}px`;  // the white halo keeps its width on screen
      root.dataset.zoom = k.toFixed(3);
    })
    .on("end", (event) => {
      const k = event.transform.k;
      placeLabels(labelItems.map((it) => ({ ...it, r: it.r ? it.r * k ** 0.25 : 0 })), event.transform);
    });
  const selection = d3.select(root).call(zoom);
  function zoomTo(key) {
    const box = PRESETS[key];
    if (!box) { selection.call(zoom.transform, d3.zoomIdentity); return; }
    const [[x0, y1], [x1, y0]] = box.map((c) => projection(c));
    const k = Math.min(14, 0.95 / Math.max((x1 - x0) / WIDTH, (y1 - y0) / HEIGHT));
    selection.call(zoom.transform, d3.zoomIdentity.translate(WIDTH / 2, HEIGHT / 2).scale(k).translate(-(x0 + x1) / 2, -(y0 + y1) / 2));
  }
  zoomTo(PRESETS[params.zoom] !== undefined ? params.zoom : "world");
}
