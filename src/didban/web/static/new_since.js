// "New since your last visit": a badge in the header and a mark on every link to an article stored since then.
// The moment of the last visit is the server's clock (from /api/sources/new), kept in localStorage; within one visit
// (sessionStorage) the marks stay while you browse. Self-contained: it only reads the page's links to "#/doc/ID".
(function () {
  "use strict";
  const LAST = "didban.lastVisit", SINCE = "didban.visitSince";

  async function fetchNew(since) {
    const url = "/api/sources/new" + (since ? "?since=" + encodeURIComponent(since) : "");
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }

  function addStyle() {
    const style = document.createElement("style");
    style.textContent =
      ".new-since{margin-inline-start:1em;padding:.15em .6em;border-radius:1em;background:#c0392b;color:#fff;" +
      "font-size:.85em;text-decoration:none;white-space:nowrap}" +
      "a.is-new::after{content:' تازه · new';margin-inline-start:.4em;padding:0 .35em;border-radius:.3em;" +
      "background:#fdecea;color:#c0392b;font-size:.75em;font-weight:bold}";
    document.head.appendChild(style);
  }

  function markLinks(ids) {
    document.querySelectorAll('a[href^="#/doc/"]').forEach((a) => {
      const id = a.getAttribute("href").slice("#/doc/".length).split(/[?#/]/)[0];
      if (ids.has(decodeURIComponent(id))) a.classList.add("is-new");
    });
  }

  function showBadge(total) {
    const header = document.querySelector("header") || document.body;
    const badge = document.createElement("a");
    badge.className = "new-since";
    badge.href = "#/documents";
    badge.dataset.count = String(total);
    badge.title = "new since your last visit";
    const english = document.createElement("span");
    english.dir = "ltr";
    english.textContent = total + " new since your last visit";
    badge.append(total.toLocaleString("fa-IR") + " خبر تازه از آخرین بازدید · ", english);
    header.appendChild(badge);
  }

  async function start() {
    let since = sessionStorage.getItem(SINCE);  // this visit already began: keep its starting point
    if (since === null) {
      since = localStorage.getItem(LAST) || "";
      sessionStorage.setItem(SINCE, since);
    }
    const found = await fetchNew(since || null);
    localStorage.setItem(LAST, found.now);
    document.body.dataset.newSince = String(found.total);  // what the browser test waits for
    if (!found.total) return;
    addStyle();
    showBadge(found.total);
    const ids = new Set(found.ids);
    markLinks(ids);
    new MutationObserver(() => markLinks(ids)).observe(document.body, { childList: true, subtree: true });
  }

  start().catch(() => { document.body.dataset.newSince = "error"; });  // a marker is a nicety: never break the page
})();
