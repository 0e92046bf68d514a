/* Articles: the list (sortable, a label for untitled ones), one article with every event's evidence marked in the
   original text, and full-text search. */
import {
  api, bi, dateCell, docLabels, docTitle, el, hashFor, isMeeting, ltr, num, people, personName, sortableTable, typeLabel,
} from "./dom.js";

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

export async function viewDocument(view, docId, params) {
  const doc = await api("/api/documents/" + encodeURIComponent(docId));
  await docLabels(doc.title ? [] : [doc.id]);
  const textBox = el("div", { class: "article-text card", id: "article-text" }, markedText(doc.text, doc.highlights));
  const focus = (eventId) => {
    textBox.querySelectorAll("mark.focus").forEach((m) => m.classList.remove("focus"));
    const marks = [...textBox.querySelectorAll("mark")].filter((m) => m.dataset.events.split(" ").includes(eventId));
    marks.forEach((m) => m.classList.add("focus"));
    if (marks[0]) marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  };
  const list = el("div", { class: "card" },
    el("h2", {}, "رویدادهای این خبر ", el("bdi", { class: "count" }, `(${doc.events.length})`), " ", ltr("Events of this article", "en")),
    doc.events.length ? doc.events.map((ev) => el("div", { class: "event-item", "data-event": ev.id, onclick: () => focus(ev.id) },
      typeLabel(ev.plover, ev.cameo), " ", people(ev.actors),
      ev.recipients.length ? [isMeeting(ev.cameo) ? " ↔ " : " ← ", ...people(ev.recipients)] : [],
      ev.location ? el("div", { class: "muted" }, "مکان: ", personName(ev.location)) : null,
      ev.occasion ? el("div", { class: "muted" }, "به مناسبت: ", ev.occasion.text) : null,
      ev.day ? el("div", { class: "muted" }, dateCell(ev.day)) : null))
      : el("p", { class: "muted" }, ...bi("رویدادی استخراج نشده", "No events extracted")));
  const legend = el("div", { class: "legend" },
    el("span", {}, el("i", { class: "swatch meet" }), ...bi("دیدار", "meeting trigger")),
    el("span", {}, el("i", { class: "swatch other" }), ...bi("رویداد دیگر", "other event")),
    el("span", {}, el("i", { class: "swatch actor" }), ...bi("کنشگر", "actor")),
    el("span", {}, el("i", { class: "swatch loc" }), ...bi("مکان", "place")));
  // a local file is named by its file name (its full path stays in the tooltip)
  const where = doc.url || (doc.source ? doc.source.split(/[\\/]/).pop() : null);
  const meta = [doc.outlet, where].filter(Boolean);
  view.replaceChildren(
    el("h1", {}, docTitle(doc)),
    el("div", { class: "muted doc-meta", title: doc.source || "" }, doc.published ? dateCell(doc.published) : el("span", {}, "بی‌تاریخ"),
      meta.map((m) => [" · ", ltr(m)])),
    legend, el("div", { class: "article" }, textBox, list));
  if (params.event) focus(params.event);
}

export async function viewDocuments(view, params) {
  const offset = Number(params.offset || 0), limit = 200;
  const body = await api("/api/documents", { limit, offset });
  await docLabels(body.items.filter((d) => !d.title).map((d) => d.id));
  const columns = [
    { key: "published", fa: "تاریخ انتشار", en: "Published", value: (d) => d.published, desc: true, cell: (d) => dateCell(d.published), cls: "nowrap" },
    { key: "title", fa: "عنوان", en: "Title", value: (d) => docTitle(d),
      cell: (d) => [el("a", { href: "#/doc/" + d.id }, docTitle(d)), d.title ? null : el("span", { class: "muted untitled", title: "no title in the article: its first words" }, " ", ltr("(first words)", "en"))] },
    { key: "outlet", fa: "رسانه", en: "Outlet", value: (d) => d.outlet, cell: (d) => d.outlet || "—" },
    { key: "events", fa: "رویدادها", en: "Events", value: (d) => d.num_events, desc: true, cell: (d) => ltr(String(d.num_events)) },
  ];
  const page = (o) => hashFor("documents", { offset: o || null });
  view.replaceChildren(el("h1", {}, ...bi("خبرها", "Articles")),
    el("p", { class: "muted" }, `${num(body.total)} خبر `, ltr(`${body.total} articles`, "en")),
    sortableTable("documents", columns, body.items.map((d) => ({ ...d, __attrs: { "data-doc": d.id } }))),
    body.total > limit ? el("div", { class: "pager" },
      el("a", { class: "button" + (body.prev ? "" : " disabled"), href: body.prev ? page(Math.max(0, offset - limit)) : null }, ...bi("قبلی", "Prev")),
      ltr(`${offset + 1}–${offset + body.items.length} / ${body.total}`, "muted"),
      el("a", { class: "button" + (body.next ? "" : " disabled"), href: body.next ? page(offset + limit) : null }, ...bi("بعدی", "Next"))) : null);
}

export async function viewSearch(view, params) {
  const input = el("input", { name: "q", value: params.q || "", placeholder: "گفت‌وگو", class: "grow" });
  const form = el("form", { class: "card search-form" }, input, el("button", { type: "submit" }, ...bi("جست‌وجو", "Search")));
  form.addEventListener("submit", (e) => { e.preventDefault(); location.hash = hashFor("search", { q: input.value.trim() }); });
  const results = el("div", { id: "search-results" });
  view.replaceChildren(el("h1", {}, ...bi("جست‌وجو در متن خبرها", "Full-text search")), form, results);
  if (!params.q) return;
  const body = await api("/api/search", { q: params.q, limit: 50 });
  await docLabels(body.items.filter((h) => !h.title).map((h) => h.doc_id));
  results.replaceChildren(el("p", { class: "muted" }, `${num(body.total)} خبر `, ltr(`${body.total} articles`, "en")),
    ...body.items.map((h) => el("div", { class: "card hit" },
      el("a", { href: "#/doc/" + h.doc_id }, docTitle({ id: h.doc_id, title: h.title })), " ",
      el("span", { class: "muted" }, h.outlet || "", " ", h.published ? dateCell(h.published) : null),
      h.snippet ? el("div", { class: "ev-quote" }, h.snippet.text) : null)));
}
