/* The actor page: who (Persian and English names, country, sector, CAMEO code, offices from the knowledge base with
   dates and sources), what (events by type, first and last), with whom (counterparts), and the events themselves. */
import {
  api, bi, countryName, dateCell, docLabels, el, isoTable, ltr, PLOVER_FA, sortableTable,
} from "./dom.js";
import { eventsTable } from "./events.js";
import { drawNetwork } from "./network.js";

const SECTORS = { GOV: ["دولت", "government"], MIL: ["نظامی", "military"], LEG: ["قانون‌گذاری", "legislature"],
  JUD: ["قضایی", "judiciary"], SPY: ["اطلاعاتی", "intelligence"], COP: ["پلیس", "police"], IGO: ["سازمان بین‌دولتی", "intergovernmental"],
  JRN: ["رسانه", "media"], PTY: ["حزب", "party"], REB: ["گروه مسلح", "armed group"], NGO: ["نهاد غیردولتی", "NGO"],
  BUS: ["اقتصادی", "business"], EDU: ["آموزشی", "education"], REL: ["دینی", "religious"] };
const TYPES = { PER: ["شخص", "person"], ORG: ["سازمان", "organisation"], GPE: ["کشور", "country"], LOC: ["مکان", "place"] };

function facts(a) {
  const row = (fa, en, value) => (value ? el("div", { class: "fact" }, el("dt", {}, ...bi(fa, en)), el("dd", {}, value)) : null);
  return el("dl", { class: "facts card" },
    row("نوع", "Type", TYPES[a.type] ? bi(...TYPES[a.type]) : a.type),
    row("کشور", "Country", a.country ? [countryName(a.country), " ", ltr(a.country, "code")] : null),
    row("بخش", "Sector", a.sector ? [...bi(...(SECTORS[a.sector] || [a.sector, a.sector]))] : null),
    row("کد CAMEO", "CAMEO actor code", a.code ? ltr(a.code, "code") : null),
    row("شناسه", "Knowledge-base id", a.kb_id ? ltr(a.kb_id, "code") : ltr(a.key, "code")),
    row("رویدادها", "Events", [ltr(String(a.num_events)), " ", el("span", { class: "muted" }, `در ${a.num_documents} خبر`)]),
    row("نخستین رویداد", "First event", a.first_day ? dateCell(a.first_day) : el("span", { class: "muted" }, "—")),
    row("آخرین رویداد", "Last event", a.last_day ? dateCell(a.last_day) : el("span", { class: "muted" }, "—")),
    a.num_undated ? row("بی‌تاریخ", "Undated", [ltr(String(a.num_undated)), " ", el("span", { class: "muted" }, "رویداد در خبرهای بی‌تاریخ")]) : null);
}

function offices(a) {
  if (!a.offices.length) return el("p", { class: "muted" }, a.kb_id ? "منصبی در پایگاه دانش ثبت نشده" : "در پایگاه دانش نیست ", ltr(a.kb_id ? "(no office recorded)" : "(not in the knowledge base)", "en"));
  return el("table", { class: "offices" },
    el("thead", {}, el("tr", {}, el("th", {}, ...bi("منصب", "Office")), el("th", {}, ...bi("کشور یا نهاد", "Country or body")),
      el("th", {}, ...bi("از", "From")), el("th", {}, ...bi("تا", "To")), el("th", {}, ...bi("منبع", "Source")))),
    el("tbody", {}, a.offices.map((o) => el("tr", { class: o.uncertain ? "uncertain" : null },
      el("td", {}, o.role_fa || "", " ", ltr(o.role_en, "en")),
      el("td", {}, o.country && o.country.length === 3 ? [countryName(o.country), " ", ltr(o.country, "code")] : ltr(o.country || "—", "code")),
      el("td", { class: "nowrap" }, o.start ? dateCell(o.start) : "—"),
      el("td", { class: "nowrap" }, o.end ? dateCell(o.end) : el("span", { class: "muted" }, "تاکنون ", ltr("(in office)", "en"))),
      el("td", { class: "source" }, ltr(o.source || ""), o.uncertain ? el("div", { class: "muted" }, "تاریخ تقریبی ", ltr(`(uncertain${o.note ? ": " + o.note : ""})`, "en")) : null)))));
}

function typeBars(a) {
  const max = Math.max(1, ...a.by_type.map((t) => t.count));
  return el("div", { class: "type-bars" }, a.by_type.map((t) => {
    const bar = el("span", { class: "bar" });
    bar.style.inlineSize = `${(100 * t.count) / max}%`;  // CSSOM, not an inline style attribute
    return el("div", { class: "type-bar" }, el("span", { class: "label" }, PLOVER_FA[t.plover] || t.plover, " ", ltr(`${t.plover} ${t.root}`, "en")),
      el("span", { class: "track" }, bar), ltr(String(t.count), "count"));
  }));
}

function counterparts(a) {
  if (!a.counterparts.length) return el("p", { class: "muted" }, "—");
  const columns = [
    { key: "name", fa: "طرف", en: "Counterpart", value: (c) => c.name, cell: (c) => [el("a", { href: "#/actor/" + encodeURIComponent(c.key) }, c.name), c.name_en && c.name_en !== c.name ? [" ", ltr(c.name_en, "en")] : null] },
    { key: "country", fa: "کشور", en: "Country", value: (c) => c.country, cell: (c) => (c.country ? [countryName(c.country), " ", ltr(c.country, "code")] : "—") },
    { key: "meetings", fa: "دیدارها", en: "Meetings", value: (c) => c.meetings, desc: true, cell: (c) => ltr(String(c.meetings)) },
    { key: "events", fa: "همهٔ رویدادها", en: "All events", value: (c) => c.events, desc: true, cell: (c) => ltr(String(c.events)) },
    { key: "first", fa: "از", en: "First", value: (c) => c.first_day, cell: (c) => dateCell(c.first_day), cls: "nowrap" },
    { key: "last", fa: "تا", en: "Last", value: (c) => c.last_day, cell: (c) => dateCell(c.last_day), cls: "nowrap" },
  ];
  return sortableTable("counterparts", columns, a.counterparts);
}

export async function viewActor(view, key) {
  await isoTable();
  const a = await api("/api/actor", { key });
  const filterName = a.kb_id || a.name;  // the events filter matches knowledge-base ids and names
  const events = await api("/api/events", { actor: filterName, limit: 200 });
  await docLabels(events.items.filter((ev) => !ev.document.title).map((ev) => ev.doc_id));
  const ego = el("div", { id: "ego" }, "…");
  view.replaceChildren(el("section", { id: "actor-summary" },
    el("h1", { class: "actor-name" }, a.name, a.name_en && a.name_en !== a.name ? el("bdi", { class: "name-en", dir: "ltr" }, a.name_en) : null,
      a.code ? el("span", { class: "badge code" }, ltr(a.code)) : null),
    el("div", { class: "actor-head" }, facts(a),
      el("div", { class: "card" }, el("h2", {}, ...bi("رویدادها بر حسب نوع", "Events by type")), typeBars(a))),
    el("h2", {}, ...bi("مناصب", "Offices held")), offices(a),
    el("h2", {}, ...bi("طرف‌ها", "Counterparts")), counterparts(a)),
    el("h2", {}, ...bi("شبکه", "Network")), ego,
    el("h2", {}, "رویدادها ", el("bdi", { class: "count" }, `(${events.total})`), " ", ltr("Events", "en")), eventsTable(events.items));
  const net = await api("/api/network", { actor: filterName, limit: 60 });
  drawNetwork(ego, net, { width: 900, height: 420, labels: 20, focus: a.key });
}
