"""Shared helpers of the scale tests: an in-memory store with the real store's interface, and tiny articles."""
from __future__ import annotations

import json


class MemoryStore:
    """A dict keyed by document id, with the methods `didban ingest` and `run_merge` call on the real store."""

    def __init__(self):
        self.docs: dict = {}
        self.links: dict[str, str] = {}  # near-duplicate -> original
        self.clusters: dict[str, str] = {}
        self.writes = 0

    def upsert_document(self, doc) -> str:
        self.writes += 1
        old = self.docs.get(doc.id)
        self.docs[doc.id] = doc
        if old is None:
            return "new"
        return "unchanged" if old.to_dict() == doc.to_dict() else "updated"

    def has_document(self, doc_id: str) -> bool:
        return doc_id in self.docs

    def iter_documents(self):
        for doc_id in sorted(self.docs):
            yield self.docs[doc_id]

    def set_duplicate(self, doc_id: str, of_doc_id: str | None) -> None:
        if of_doc_id is None:
            self.links.pop(doc_id, None)
        else:
            self.links[doc_id] = of_doc_id

    def duplicates(self) -> dict[str, str]:
        return dict(self.links)

    def replace_clusters(self, assignment: dict[str, str]) -> None:
        self.clusters = dict(assignment)

    def dump(self) -> str:
        """A canonical dump of everything stored, to compare two runs."""
        return json.dumps({"docs": [self.docs[k].to_dict() for k in sorted(self.docs)],
                           "duplicates": self.links, "clusters": self.clusters},
                          ensure_ascii=False, sort_keys=True)


# short Persian "articles": distinct texts so that each has its own content id
ARTICLES = [
    "وزیر امور خارجه ایران با همتای ترکیه‌ای خود در آنکارا دیدار و گفت‌وگو کرد.",
    "رئیس‌جمهور در سفر به استان فارس از چند طرح عمرانی بازدید کرد.",
    "سخنگوی دولت گفت نشست هیئت دولت فردا برگزار می‌شود.",
    "نمایندگان مجلس طرح اصلاح قانون انتخابات را بررسی کردند.",
    "وزیر نفت از افزایش صادرات گاز به عراق خبر داد.",
    "سفیر چین در تهران با رئیس اتاق بازرگانی دیدار کرد.",
    "دبیرکل سازمان ملل خواستار آتش‌بس فوری شد.",
    "استاندار تهران از آغاز طرح زوج و فرد در پایتخت خبر داد.",
]
