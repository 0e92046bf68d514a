"""Build a store of N generated events (default 1,000,000) for the query benchmarks, straight into the store's tables.

    python benchmarks/store/make_store.py --events 1000000 --db /tmp/didban-1m.sqlite     # about 10 minutes on 2 cores
    python benchmarks/store/make_store.py --events 100000 --db postgresql://postgres@127.0.0.1:5432/test?schema=bench1m

Never commit the result (build it in /tmp). The store is created by `didban.store.open_store` (so every migration and
index is in place) and filled with bulk inserts of rows shaped like `didban.store.rows.document_to_rows` makes them;
the pipeline is not run. Deterministic for a given --events and --seed.

The distributions, so that filters select what they would on real news:
- actors: the knowledge base's people, organisations and countries, Zipf-weighted (a few leaders in most articles, a
  long tail); every entity answers to its folded names, English name, aliases and kb id, as stored entities do;
- countries: the actors' own; Iran in about half the events, then a long tail;
- CAMEO codes: the CAMEO→PLOVER table's codes, Zipf-weighted (statements and meetings most often); PLOVER from it;
- dates: ten years (2016–2025), more articles in later years; events on the article's day or 1–3 days before,
  2 % undated;
- places: the knowledge base's places, Zipf-weighted by population rank, on 70 % of events;
- articles: 1–6 events each (about 3), 30 outlets, a short Persian text made of the names; 10 % report a story another
  outlet carried (their events clustered with it) and 3 % are near-duplicates of an earlier article.
"""
from __future__ import annotations

import argparse
import bisect
import csv
import functools
import hashlib
import itertools
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy.schema import CreateIndex, DropIndex  # noqa: E402

from didban.store import open_store, schema as s  # noqa: E402
from didban.store.fold import fold_name  # noqa: E402
from didban.text.keys import name_key  # noqa: E402

KB = ROOT / "src" / "didban" / "kb" / "data"
CAMEO_TABLE = ROOT / "src" / "didban" / "events" / "data" / "CAMEO2PLOVER-2021.txt"
START, DAYS = date(2016, 1, 1), 3653
OUTLETS = ["irna", "isna", "tasnim", "mehr", "fars", "entekhab", "hamshahri", "khabaronline", "tabnak", "yjc",
           "iribnews", "donya-e-eqtesad", "etemad", "shargh", "kayhan", "javan", "asriran", "eghtesadnews", "ilna",
           "rokna", "bbc-persian", "iranintl", "radiofarda", "euronews-fa", "dw-fa", "independent-fa", "aa-fa",
           "sputnik-fa", "anadolu", "alalam"]
FILLER = ("به گزارش خبرگزاری، در این دیدار دو طرف درباره گسترش روابط دوجانبه و تحولات منطقه گفت‌وگو کردند و "
          "بر ادامه رایزنی‌ها تأکید شد. این نشست در ادامه سفر هیئت به منطقه برگزار شد.")


def read_tsv(name: str) -> list[dict]:
    with open(KB / name, encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


class Zipf:
    """Draw items with weight 1/rank^a (rank = position in the list)."""

    def __init__(self, items, a: float = 1.0):
        self.items = list(items)
        self.cum = list(itertools.accumulate(1 / (r + 1) ** a for r in range(len(self.items))))

    def __call__(self, rng: random.Random):
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


def load_pools():
    def entity(row, type_, kb_id, country):
        aliases = [a for a in (row.get("aliases") or "").split("|") if a][:4]
        return {"type": type_, "name": row["name"], "name_en": row.get("name_en") or None, "country": country or None,
                "kb_id": kb_id, "sector": row.get("sector") or None, "aliases": aliases,
                "latitude": float(row["latitude"]) if row.get("latitude") else None,
                "longitude": float(row["longitude"]) if row.get("longitude") else None}

    countries = [entity(r, "GPE", f"GPE:{r['iso3']}", r["iso3"]) for r in read_tsv("countries.tsv")]
    by_iso = {c["country"]: c for c in countries}
    # the countries Persian news names most, first; then the rest in file order
    first = ["IRN", "USA", "RUS", "ISR", "IRQ", "TUR", "SAU", "CHN", "SYR", "LBN", "AFG", "PAK", "GBR", "FRA", "DEU",
             "ARE", "QAT", "YEM", "AZE", "ARM", "IND", "OMN", "EGY", "JOR", "UKR"]
    countries = [by_iso[c] for c in first if c in by_iso] + [c for c in countries if c["country"] not in first]
    people = [entity(r, "PER", r["id"], r.get("country")) for r in read_tsv("people.tsv")]
    orgs = [entity(r, "ORG", r["id"], r.get("country")) for r in read_tsv("organizations.tsv")]
    places = sorted(read_tsv("places.tsv"), key=lambda r: -int(r.get("population") or 0))
    places = [entity(r, "LOC", r["id"], r.get("country")) for r in places]
    codes = []
    for line in CAMEO_TABLE.read_text(encoding="utf-8").splitlines():
        head, sep, rest = line.partition(":")
        if sep and head.strip().isdigit() and len(head.strip()) >= 3:
            codes.append((head.strip(), rest.split(",")[0].strip() or None))
    # roots by how often Persian news reports them (statements, consultations, cooperation first), a code within
    # its root uniformly
    roots = ["01", "04", "05", "03", "02", "11", "12", "06", "17", "19", "13", "07", "08", "10", "16", "14", "18",
             "15", "09", "20"]
    by_root = {r: [c for c in codes if c[0].startswith(r)] for r in roots}
    root_pick = Zipf([r for r in roots if by_root[r]], 1.1)
    cameo = lambda rng: rng.choice(by_root[root_pick(rng)])  # noqa: E731
    foreign = [p for p in people if p["country"] != "IRN"]
    random.Random(0).shuffle(foreign)
    people = [p for p in people if p["country"] == "IRN"][:300] + foreign  # Iranians lead; foreigners mixed
    return {"country": Zipf(countries, 1.2), "person": Zipf(people, 0.9), "org": Zipf(orgs, 1.0),
            "place": Zipf(places, 1.0), "cameo": cameo}


def hexid(*parts) -> str:
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).hexdigest()


@functools.lru_cache(maxsize=None)
def _keys(names: tuple, kb_id: str | None) -> tuple:
    keys = {fold_name(n) for n in names if n}
    if kb_id:
        keys.add(kb_id.casefold())
    return tuple(sorted(k for k in keys if k))


def name_keys(e: dict) -> tuple:
    return _keys((e["name"], e["name_en"], *e["aliases"]), e["kb_id"])


def pick_actor(pools, rng):
    roll = rng.random()
    return pools["person"](rng) if roll < 0.55 else pools["country"](rng) if roll < 0.85 else pools["org"](rng)


def make_document(i: int, pools, rng: random.Random, story: dict | None) -> dict:
    """One article's rows. `story`: an earlier article's cast and events, retold (clustered) by this one."""
    doc_id = f"{i:07x}" + hexid("doc", i)[:9]  # ascending, so that every primary key insert is an append
    day = START + timedelta(days=int(DAYS * rng.random() ** 0.7))  # more articles in later years
    if story:
        day = story["day"] + timedelta(days=rng.randint(0, 1))
    cast = story["cast"] if story else [pick_actor(pools, rng) for _ in range(rng.randint(2, 4))]
    place = story["place"] if story else pools["place"](rng)
    entities = [*cast, place]
    out = {t: [] for t in ("documents", "entities", "entity_names", "events", "participants", "evidence",
                           "sentences", "clusters")}
    for idx, e in enumerate(entities):
        out["entities"].append((doc_id, f"E{idx}", idx, f"kb:{e['kb_id']}", e["type"], e["name"], e["name_en"],
                                e["country"], e["kb_id"], e["sector"], json.dumps(e["aliases"], ensure_ascii=False),
                                "[]", "{}", e["latitude"], e["longitude"], False))
        out["entity_names"] += [(doc_id, f"E{idx}", k) for k in name_keys(e)]
    plans = story["events"] if story else [None] * min(6, max(1, round(rng.gauss(3, 1.3))))
    text = " ".join(f"{e['name']} {FILLER[:rng.randint(40, len(FILLER))]}" for e in entities)
    for idx, plan in enumerate(plans):
        if plan is None:
            cameo, plover = pools["cameo"](rng)
            actors = rng.sample(range(len(cast)), 1 + (rng.random() < 0.15 and len(cast) > 2))
            others = [k for k in range(len(cast)) if k not in actors]
            recipients = others[:1] if others and rng.random() < 0.7 else []
            located = rng.random() < 0.7
            lag = 0 if rng.random() < 0.7 else rng.randint(1, 3)
            plan = (cameo, plover, actors, recipients, located, lag, rng.random() < 0.02)
        cameo, plover, actors, recipients, located, lag, undated = plan
        event_id = hexid("event", doc_id, idx)
        ev_day = None if undated else (day - timedelta(days=lag)).isoformat()
        start = rng.randint(0, max(0, len(text) - 10))
        out["events"].append((doc_id, event_id, idx, cameo, plover, None, None, None,
                              "E" + str(len(cast)) if located else None, None, ev_day,
                              None if undated else ("published" if lag == 0 else "text"), ev_day, "[]",
                              round(0.5 + rng.random() / 2, 3), "[0]", None))
        for role, ids in (("actor", actors), ("recipient", recipients),
                          ("location", [len(cast)] if located else [])):
            out["participants"] += [(doc_id, event_id, role, p, f"E{k}") for p, k in enumerate(ids)]
        out["evidence"].append((doc_id, event_id, 0, start, start + 5, text[start:start + 5], "trigger"))
        if story:
            out["clusters"].append((event_id, "cluster-" + story["event_ids"][idx]))
        out.setdefault("plans", []).append(plan)
    published = f"{day.isoformat()}T{rng.randint(5, 23):02d}:{rng.randint(0, 59):02d}:00+03:30"
    outlet = OUTLETS[min(len(OUTLETS) - 1, int(rng.expovariate(0.15)))]
    out["documents"].append((doc_id, text, f"generated/{i}.txt", f"https://{outlet}.example/news/{i}",
                             text[:60], outlet, published, "meta", "{}", None,
                             '["entities", "events", "sentences"]', hexid("fp", i), published, published))
    out["sentences"].append((doc_id, 0, 0, len(text), 0, False, 0, 0))
    out["fts"] = [(doc_id, name_key(text))]
    out["story"] = {"day": day, "cast": cast, "place": place, "events": out.pop("plans"),
                    "event_ids": [r[1] for r in out["events"]]}
    return out


COLUMNS = {
    "documents": [c.name for c in s.documents.columns],
    "entities": [c.name for c in s.entities.columns],
    "entity_names": [c.name for c in s.entity_names.columns],
    "events": [c.name for c in s.events.columns],
    "participants": [c.name for c in s.participants.columns],
    "evidence": [c.name for c in s.evidence.columns],
    "sentences": [c.name for c in s.sentences.columns],
    "clusters": ["event_id", "cluster_id"],
    "duplicates": ["doc_id", "of_doc_id"],
}
TABLE_NAMES = {"clusters": "event_clusters"}


def insert_sql(key: str, marker: str) -> str:
    if key == "fts":
        return f"INSERT INTO {'doc_fts' if marker == '?' else 'doc_search'} (doc_id, body) VALUES ({marker}, {marker})"
    cols = COLUMNS[key]
    return f"INSERT INTO {TABLE_NAMES.get(key, key)} ({', '.join(cols)}) VALUES ({', '.join([marker] * len(cols))})"


def build(db: str, events: int, seed: int, batch_events: int = 20_000) -> dict:
    rng = random.Random(seed)
    pools = load_pools()
    store = open_store(db)  # creates the schema through the migrations
    sqlite = store.dialect == "sqlite"
    marker = "?" if sqlite else "%s"
    raw = store.engine.raw_connection()
    cur = raw.cursor()
    if sqlite:
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA foreign_keys=OFF")  # the rows are made consistent here; checking each costs a lookup
        cur.execute("PRAGMA cache_size=-400000")
    # secondary indexes are dropped during the load and rebuilt once at the end (sorted, far faster than
    # updating them row by row)
    secondary = [ix for table in s.metadata.sorted_tables for ix in table.indexes if table not in s.WATCH_TABLES]
    with store.engine.begin() as conn:
        for ix in secondary:
            conn.execute(DropIndex(ix, if_exists=True))
    made = docs = 0
    spent: dict[str, float] = {}
    recent: list[dict] = []
    started = time.monotonic()
    while made < events:
        pending: dict[str, list] = {}
        while made < events and sum(len(v) for k, v in pending.items() if k == "events") < batch_events:
            roll = rng.random()
            if recent and roll < 0.03:  # a near-duplicate: the same article again under another outlet
                earlier = rng.choice(recent)
                doc = make_document(docs, pools, rng, None)
                pending.setdefault("duplicates", []).append((doc["documents"][0][0], earlier["doc_id"]))
            else:
                story = rng.choice(recent)["story"] if recent and roll < 0.13 else None
                doc = make_document(docs, pools, rng, story)
            doc["events"] = doc["events"][:events - made]
            made += len(doc["events"])
            docs += 1
            recent.append({"doc_id": doc["documents"][0][0], "story": doc.pop("story")})
            recent = recent[-200:]
            for key, rows in doc.items():
                pending.setdefault(key, []).extend(rows)
        kept = {r[1] for r in pending["events"]}  # the last article may have been cut to reach exactly N events
        pending["participants"] = [r for r in pending["participants"] if r[1] in kept]
        pending["evidence"] = [r for r in pending["evidence"] if r[1] in kept]
        pending["clusters"] = [r for r in pending.get("clusters", []) if r[0] in kept]
        if sqlite:
            cur.execute("BEGIN")  # the store's connections run in autocommit mode: one transaction per batch
        for key, rows in pending.items():
            if rows:
                t0 = time.monotonic()
                cur.executemany(insert_sql(key, marker), rows)
                spent[key] = spent.get(key, 0) + time.monotonic() - t0
        raw.commit()
        print(f"\r{made:,} events, {docs:,} articles, {time.monotonic() - started:.0f} s", end="", file=sys.stderr)
    print(file=sys.stderr, *sorted(spent.items(), key=lambda kv: -kv[1]))
    raw.commit()
    raw.close()
    with store.engine.begin() as conn:
        for ix in secondary:
            conn.execute(CreateIndex(ix, if_not_exists=True))
        conn.exec_driver_sql("ANALYZE")  # planner statistics, as a long-lived store has them
    store.close()
    return {"events": made, "documents": docs, "seconds": round(time.monotonic() - started, 1)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", required=True, help="a new SQLite file (in /tmp) or a PostgreSQL URL with ?schema=")
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args(argv)
    if "://" not in args.db and Path(args.db).exists():
        ap.error(f"{args.db} exists: give a new file")
    print(json.dumps(build(args.db, args.events, args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
