"""A small synthetic Persian news corpus (written for these tests) and helpers to compare SQLite stores row by row."""
from __future__ import annotations

import sqlite3
from pathlib import Path

ACTORS = ["سید عباس عراقچی وزیر امور خارجه ایران", "سرگئی لاوروف وزیر خارجه روسیه", "هاکان فیدان وزیر خارجه ترکیه",
          "مسعود پزشکیان رئیس‌جمهور ایران", "آنتونیو گوترش دبیرکل سازمان ملل", "ولادیمیر پوتین رئیس‌جمهور روسیه"]
SURNAMES = ["عراقچی", "لاوروف", "فیدان", "پزشکیان", "گوترش", "پوتین"]
CITIES = ["تهران", "مسکو", "آنکارا", "نیویورک", "دوحه", "ژنو"]
DAYS = ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه"]
SENTENCES = [
    "{a} روز {day} در {city} با {b} دیدار و گفت‌وگو کرد.",
    "{a} در تماسی تلفنی با {b} درباره تحولات منطقه رایزنی کرد.",
    "{b} حمله به غیرنظامیان را به شدت محکوم کرد.",
    "{a} از {b} برای سفر به {city} دعوت کرد.",
    "دو طرف بر گسترش همکاری‌های اقتصادی تأکید کردند.",
]
OUTLETS = ["ایرنا", "ایسنا", "مهر", "تسنیم"]


def article(i: int) -> str:
    """The i-th article: a dateline, an attribution, four or five sentences and a numbered closing line (so that
    every article is distinct)."""
    ia, ib = i % len(ACTORS), (i * 5 + 1) % len(ACTORS)
    if ia == ib:
        ib = (i + 2) % len(ACTORS)
    a, b = ACTORS[ia], ACTORS[ib]
    city, day = CITIES[(i * 7) % len(CITIES)], DAYS[i % len(DAYS)]
    body = " ".join(SENTENCES[(i + k) % len(SENTENCES)].format(a=a, b=b, city=city, day=day) for k in range(4 + i % 2))
    headline = f"دیدار {SURNAMES[ia]} و {SURNAMES[ib]} در {city}"
    return (f"{headline}\n\n{1 + i % 28} اسفند ۱۴۰۳\n\n"
            f"به گزارش {OUTLETS[i % len(OUTLETS)]}، {body}\n\nانتهای پیام {i}\n")


def write_corpus(folder: Path, n: int = 30) -> dict[str, str]:
    """n articles as .txt files in `folder`; returns {file name: text}."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {}
    for i in range(n):
        name = f"article-{i:03d}.txt"
        texts[name] = article(i)
        (folder / name).write_text(texts[name], encoding="utf-8")
    return texts


# --- comparing SQLite stores ------------------------------------------------------------------------------------------

TIMESTAMPS = {"ingested_at", "updated_at", "applied_at"}
DOC_TABLES = ["documents", "segments", "sentences", "entities", "entity_names", "mentions", "events", "participants",
              "evidence"]
MERGE_TABLES = ["duplicates", "event_clusters"]


def _columns(conn, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})") if row[1] not in TIMESTAMPS]


def dump(db: Path, tables=(*DOC_TABLES, *MERGE_TABLES)) -> dict[str, list[tuple]]:
    """Every row of the store's tables (timestamps left out), sorted; the full-text index as (doc_id, body) rows."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out = {}
        for table in tables:
            cols = _columns(conn, table)
            out[table] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
        out["doc_fts"] = sorted(conn.execute("SELECT doc_id, body FROM doc_fts").fetchall())
        out["didban_migrations"] = sorted(conn.execute("SELECT version, description FROM didban_migrations"))
        return out
    finally:
        conn.close()


def rows_of(dumped: dict[str, list[tuple]], db: Path, doc_ids: set[str]) -> dict[str, list[tuple]]:
    """The rows of `dumped` that belong to the documents `doc_ids` (tables with a doc_id column, and the FTS rows)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        index = {t: _columns(conn, t).index("doc_id" if t != "documents" else "id") for t in DOC_TABLES}
    finally:
        conn.close()
    out = {t: [r for r in dumped[t] if r[index[t]] in doc_ids] for t in DOC_TABLES}
    out["doc_fts"] = [r for r in dumped["doc_fts"] if r[0] in doc_ids]
    return out


def has_schema(db: Path, conn: sqlite3.Connection | None = None) -> bool:
    """Whether the file holds any table. The schema is created in one transaction, so a file holds all of didban's
    tables or none (a kill can land between the file's creation and that transaction's commit)."""
    own = conn is None
    conn = conn or sqlite3.connect(str(db))
    try:
        return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0
    finally:
        if own:
            conn.close()


def check_sqlite_consistent(db: Path) -> set[str]:
    """The file passes SQLite's own checks, foreign keys hold, the FTS index is sound and holds one row per document;
    returns the stored document ids."""
    conn = sqlite3.connect(str(db))  # read-write: opening recovers the WAL, as any next user of the file would
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        if not has_schema(db, conn):
            return set()  # killed before the first schema transaction committed: an empty file, nothing to check
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO doc_fts(doc_fts) VALUES('integrity-check')")
        ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
        fts_ids = [r[0] for r in conn.execute("SELECT doc_id FROM doc_fts")]
        assert len(fts_ids) == len(set(fts_ids)), "a document is indexed twice"
        assert sorted(fts_ids) == sorted(ids), "the search index and the documents disagree"
        for table, key in (("events", "doc_id, id"), ("entities", "doc_id, id"), ("sentences", "doc_id, idx")):
            dup = conn.execute(f"SELECT {key}, COUNT(*) FROM {table} GROUP BY {key} HAVING COUNT(*) > 1").fetchall()
            assert not dup, f"duplicate rows in {table}: {dup[:3]}"
        orphans = conn.execute("SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
                               "(SELECT 1 FROM sentences s WHERE s.doc_id = d.id)").fetchone()[0]
        assert orphans == 0, f"{orphans} document(s) stored without their sentences (half-written)"
        return set(ids)
    finally:
        conn.close()
