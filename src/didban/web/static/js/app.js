/* didban's page: views over the HTTP API, routed by the URL's hash (#/events?country=IRN, #/actor/KEY …).
   Plain ES modules, no build step; d3 and topojson-client are vendored under /static/vendor/ and loaded first. */
import { viewActor } from "./actor.js";
import { viewCounts } from "./counts.js";
import { viewDocument, viewDocuments, viewSearch } from "./documents.js";
import { errorBox, parseHash } from "./dom.js";
import { viewEvents } from "./events.js";
import { viewMap } from "./map.js";
import { viewNetwork } from "./network.js";
import { viewTimeline } from "./timeline.js";

const VIEWS = {
  events: (v, r) => viewEvents(v, r.params), doc: (v, r) => viewDocument(v, r.arg, r.params),
  documents: (v, r) => viewDocuments(v, r.params), search: (v, r) => viewSearch(v, r.params),
  actor: (v, r) => viewActor(v, r.arg), network: (v, r) => viewNetwork(v, r.params),
  timeline: (v, r) => viewTimeline(v, r.params), map: (v, r) => viewMap(v, r.params),
  counts: (v, r) => viewCounts(v, r.params),
};

async function route() {
  const view = document.getElementById("view");
  const r = parseHash();
  document.querySelectorAll("#nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === r.view));
  document.body.dataset.ready = "false";
  document.body.dataset.view = r.view;
  try {
    await (VIEWS[r.view] || VIEWS.events)(view, r);
  } catch (err) {
    view.replaceChildren(errorBox(err));
  }
  document.body.dataset.ready = "true";  // what the browser tests wait for
}

window.addEventListener("hashchange", route);
route();
