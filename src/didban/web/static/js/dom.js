/* Small helpers shared by the views: building elements, calling the API, dates in both calendars, labels.
   Text from the database is always inserted as text (textContent), never as HTML. No inline styles are written
   (a Content-Security-Policy without 'unsafe-inline' keeps working): classes, SVG attributes and CSSOM only. */

export const PLOVER_FA = {
  CONSULT: "دیدار و رایزنی", AGREE: "توافق و آمادگی", SUPPORT: "پشتیبانی", COOPERATE: "همکاری", AID: "کمک",
  REQUEST: "درخواست", ACCUSE: "انتقاد و اتهام", REJECT: "رد", THREATEN: "تهدید", PROTEST: "اعتراض",
  SANCTION: "تحریم", MOBILIZE: "بسیج", COERCE: "اجبار", ASSAULT: "حمله", RETREAT: "عقب‌نشینی",
  DISAPPROVE: "انتقاد", ENGAGE: "تعامل", STATEMENT: "اظهار", APPEAL: "درخواست", YIELD: "عقب‌نشینی",
  INVESTIGATE: "تحقیق", DEMAND: "مطالبه", REDUCE: "کاهش روابط", FIGHT: "نبرد",
};
// PLOVER types (2021) and didban's extension types, in the order the filters list them
export const PLOVER_TYPES = ["CONSULT", "STATEMENT", "APPEAL", "AGREE", "SUPPORT", "COOPERATE", "AID", "YIELD",
  "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "INVESTIGATE",
  "DEMAND", "REDUCE", "FIGHT"];
export const CAMEO_ROOTS = {
  "01": ["اظهار", "Make public statement"], "02": ["درخواست", "Appeal"], "03": ["اعلام آمادگی همکاری", "Express intent to cooperate"],
  "04": ["دیدار و رایزنی", "Consult"], "05": ["همکاری دیپلماتیک", "Engage in diplomatic cooperation"],
  "06": ["همکاری عملی", "Engage in material cooperation"], "07": ["کمک", "Provide aid"], "08": ["کوتاه آمدن", "Yield"],
  "09": ["تحقیق", "Investigate"], "10": ["مطالبه", "Demand"], "11": ["انتقاد", "Disapprove"], "12": ["رد", "Reject"],
  "13": ["تهدید", "Threaten"], "14": ["اعتراض", "Protest"], "15": ["نمایش قدرت", "Exhibit force posture"],
  "16": ["کاهش روابط", "Reduce relations"], "17": ["اجبار", "Coerce"], "18": ["حمله", "Assault"], "19": ["نبرد", "Fight"],
  "20": ["خشونت گسترده", "Use unconventional mass violence"],
};
export const QUAD_FA = { 1: ["همکاری لفظی", "verbal cooperation"], 2: ["همکاری عملی", "material cooperation"],
  3: ["تنش لفظی", "verbal conflict"], 4: ["تنش عملی", "material conflict"] };
export const COLORS = ["#0b5cab", "#d9822b", "#2e8540", "#b33a3a", "#7a4fb5", "#1a8e8e", "#a36d00", "#5d6776",
  "#c2185b", "#558b2f"];
export const QUAD_COLORS = { 1: "#4c9be8", 2: "#1f5fa8", 3: "#e8904c", 4: "#b3361f" };

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false || key === "value") continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  append(node, children);
  if (attrs && attrs.value !== undefined && attrs.value !== null) node.value = attrs.value;  // a select's options first
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export const SVG_NS = "http://www.w3.org/2000/svg";
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) if (value !== null && value !== undefined) node.setAttribute(key, value);
  append(node, children);
  return node;
}

/* Persian text with its English beside it; the English (and any number in it) isolated so that the two directions
   never reorder each other ("Events of this article (15)" stays whole). */
export function bi(fa, en) { return [fa, " ", el("bdi", { class: "en", dir: "ltr" }, en)]; }
/* a number in a Persian sentence, with Persian digits */
export function num(n) { return Number(n).toLocaleString("fa-IR"); }
export function ltr(text, cls) { return el("bdi", { dir: "ltr", class: cls || null }, text); }

export async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v === "" || v === null || v === undefined) continue;
    if (Array.isArray(v)) v.forEach((item) => url.searchParams.append(k, item)); else url.searchParams.set(k, v);
  }
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw Object.assign(new Error(body.error ? body.error.message : response.statusText), { body });
  return body;
}

export function errorBox(err) {
  const e = (err.body && err.body.error) || { code: "", message: String(err), hint: "" };
  return el("div", { class: "error", role: "alert" },
    el("strong", {}, "خطا ", ltr("Error " + (e.code || ""))), " — ", ltr(e.message),
    e.hint ? el("div", { class: "muted" }, ltr(e.hint)) : null);
}

/* --- dates: Gregorian as stored, Jalali by the browser's Persian calendar --------------------------------------- */

const JALALI = new Intl.DateTimeFormat("fa-IR-u-ca-persian", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "UTC" });
const JALALI_MONTH = new Intl.DateTimeFormat("fa-IR-u-ca-persian", { year: "numeric", month: "long", timeZone: "UTC" });

export function jalali(day) {
  if (!day) return "";
  const d = new Date(String(day).slice(0, 10) + "T00:00:00Z");
  return isNaN(d) ? "" : JALALI.format(d);
}
export function jalaliMonth(month) {
  const d = new Date(month + "-15T00:00:00Z");  // the middle of the Gregorian month: its main Jalali month
  return isNaN(d) ? "" : JALALI_MONTH.format(d);
}

/* a day as "2025-03-07" (left-to-right) beside "۱۴۰۳/۱۲/۱۷" */
export function dateCell(day) {
  if (!day) return el("span", { class: "muted", title: "no date in the article" }, "بی‌تاریخ");
  return el("span", { class: "date" }, ltr(String(day).slice(0, 10), "greg"), el("span", { class: "jalali" }, jalali(day)));
}

/* --- countries: Persian and English names from the browser (ISO alpha-2 via the vendored iso-codes table) ------ */

let ISO = null;
export async function isoTable() {
  if (!ISO) ISO = await (await fetch("/static/vendor/iso-codes/iso3166.json")).json();
  return ISO;
}
const NAMES_FA = new Intl.DisplayNames(["fa"], { type: "region" });
const NAMES_EN = new Intl.DisplayNames(["en"], { type: "region" });
export function countryName(iso3, lang = "fa") {
  if (!iso3 || !ISO || !ISO[iso3]) return iso3 || "";
  try { return (lang === "fa" ? NAMES_FA : NAMES_EN).of(ISO[iso3][1]); } catch { return iso3; }
}

/* --- events ---------------------------------------------------------------------------------------------------- */

export function isMeeting(cameo) { return String(cameo || "").startsWith("04"); }
export function personName(p) { return p ? (p.name || p.id) : ""; }
export function actorHref(p) { return "#/actor/" + encodeURIComponent(p.key || p.kb_id || p.name_en || p.name || p.id); }

export function actorLink(p) {
  return el("a", { href: actorHref(p), title: [p.name_en, p.country].filter(Boolean).join(" · ") }, personName(p));
}

export function people(list) {
  const out = [];
  (list || []).forEach((p, i) => { if (i) out.push("، "); out.push(actorLink(p)); });
  return out.length ? out : ["—"];
}

export function typeLabel(plover, cameo) {
  const fa = PLOVER_FA[plover] || plover || "";
  return el("span", { class: "badge" + (isMeeting(cameo) ? " meet" : ""), title: `${plover || "?"} · CAMEO ${cameo}` },
    fa, " ", ltr(`${plover || "?"} ${cameo}`, "en"));
}

export function quote(evidence) {
  // the trigger words say best what happened; whole sentences only when there is no trigger
  const triggers = (evidence || []).filter((s) => s.label === "trigger");
  const text = (triggers.length ? triggers : (evidence || []).slice(0, 1)).map((s) => s.text).join(" … ");
  return text.length > 160 ? text.slice(0, 159) + "…" : text;
}

/* Labels for articles without a title: their first words (asked once per article, then cached). */
const LABELS = new Map();
export async function docLabels(ids) {
  const missing = [...new Set(ids)].filter((id) => id && !LABELS.has(id));
  for (let i = 0; i < missing.length; i += 200) {
    const got = await api("/api/labels", { doc: missing.slice(i, i + 200) });
    for (const [id, label] of Object.entries(got)) LABELS.set(id, label);
  }
  return LABELS;
}
export function docTitle(doc) { return (doc && (doc.title || LABELS.get(doc.id))) || (doc && doc.id) || ""; }

/* --- the hash: #/view/arg?filters ------------------------------------------------------------------------------ */

export function parseHash() {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { view: parts[0] || "events", arg: parts[1] || null, params: Object.fromEntries(new URLSearchParams(query || "")) };
}
export function hashFor(view, params) {
  const q = new URLSearchParams(Object.entries(params || {}).filter(([, v]) => v !== "" && v !== null && v !== undefined));
  const s = q.toString();
  return `#/${view}${s ? "?" + s : ""}`;
}

export const EVENT_FILTERS = ["actor", "country", "type", "cameo", "since", "until", "place"];
export function eventFilters(params) {
  return Object.fromEntries(EVENT_FILTERS.filter((k) => params[k]).map((k) => [k, params[k]]));
}

/* A sortable table: columns [{key, fa, en, value(row) → sortable, cell(row) → node, cls}], sorted in the page by
   clicking a header (again: the other way). */
export function sortableTable(cls, columns, rows, initial) {
  let sortKey = initial ? initial.key : null, desc = initial ? !!initial.desc : false;
  const tbody = el("tbody");
  const heads = columns.map((c) => el("th", { scope: "col", "data-key": c.key, class: c.sort === false ? null : "sortable",
    "aria-sort": "none", onclick: c.sort === false ? null : () => { desc = sortKey === c.key ? !desc : !!c.desc; sortKey = c.key; render(); } },
    ...bi(c.fa, c.en)));
  function render() {
    const col = columns.find((c) => c.key === sortKey);
    const sorted = col ? [...rows].sort((a, b) => compare(col.value(a), col.value(b), desc ? -1 : 1)) : rows;
    heads.forEach((h) => h.setAttribute("aria-sort", h.dataset.key === sortKey ? (desc ? "descending" : "ascending") : "none"));
    tbody.replaceChildren(...sorted.map((r) => {
      const tr = el("tr", {}, columns.map((c) => el("td", { class: c.cls || null }, c.cell(r))));
      if (r.__attrs) for (const [k, v] of Object.entries(r.__attrs)) tr.setAttribute(k, v);
      return tr;
    }));
  }
  render();
  return el("table", { class: cls }, el("thead", {}, el("tr", {}, heads)), tbody);
}

function compare(a, b, direction) {
  const empty = (v) => v === null || v === undefined || v === "";
  if (empty(a) && empty(b)) return 0;
  if (empty(a)) return 1;  // empty cells last, whichever the direction
  if (empty(b)) return -1;
  return direction * (typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b), "fa"));
}

/* downloads of every event matching the filters (not only the page shown) */
export function downloadLinks(params) {
  const f = eventFilters(params);
  const link = (format, label, title) => el("a", { class: "download", href: "/api/download?" + new URLSearchParams({ ...f, format }),
    download: "", title, "data-format": format }, ltr(label));
  return el("span", { class: "downloads" }, "دریافت همهٔ این رویدادها:",
    link("csv", "CSV", "GDELT-style columns, comma-separated"), link("tsv", "TSV", "GDELT-style columns, tab-separated"),
    link("plover", "PLOVER JSONL", "PLOVER JSON lines"));
}
