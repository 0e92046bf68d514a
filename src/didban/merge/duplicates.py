"""Near-duplicate articles: the same wire story republished, lightly edited, on several sites.

Each article becomes a set of word shingles (3 consecutive words of its folded text); two articles whose shingle sets
have a Jaccard similarity of at least `threshold` are near-duplicates. MinHash signatures and LSH banding (datasketch)
find the candidate pairs without comparing every pair; each candidate is then checked on the signatures' estimated
similarity. Groups are closed transitively and every member is linked to the group's canonical article: the earliest
published, then the smallest id — so the answer does not depend on the order the articles come in.

Without datasketch, only exact duplicates of the folded text are found (a hash of the shingle text).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable

SHINGLE_WORDS = 3
NUM_PERM = 64
THRESHOLD = 0.8
_SEED = 1  # fixed: signatures must be the same in every run and every process

# Folding for comparison only (never for output): Arabic letter variants, diacritics, tatweel, ZWNJ and digits.
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "آ": "ا",
                       "\u200c": " ", "\u0640": None, **{chr(0x06F0 + i): str(i) for i in range(10)},
                       **{chr(0x0660 + i): str(i) for i in range(10)}})
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What near-duplicate detection needs of an article."""

    id: str
    text: str  # preferably the normalized text
    published: str | None = None


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """The set of k-word shingles of the folded text (the whole word list when it is shorter than k)."""
    words = _WORD.findall(_DIACRITICS.sub("", text.translate(_FOLD)).lower())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def _canonical_key(record: ArticleRecord) -> tuple:
    return (record.published or "9999-99-99", record.id)


def find_near_duplicates(records: Iterable[ArticleRecord], threshold: float = THRESHOLD,
                         num_perm: int = NUM_PERM) -> dict[str, str]:
    """Map each near-duplicate article id to the id of its group's canonical article (canonical ones are absent).

    `records` is read once; only a 256-byte signature per article is kept, never its text.
    """
    try:
        import datasketch  # noqa: F401
    except ModuleNotFoundError:
        return _exact_duplicates(records)
    return _minhash_duplicates(records, threshold, num_perm)


def _exact_duplicates(records: Iterable[ArticleRecord]) -> dict[str, str]:
    groups: dict[bytes, list[tuple[tuple, str]]] = {}
    for rec in records:
        key = hashlib.sha1(" ".join(sorted(shingles(rec.text))).encode("utf-8")).digest()
        groups.setdefault(key, []).append((_canonical_key(rec), rec.id))
    return _link_groups(groups.values())


def _minhash_duplicates(records: Iterable[ArticleRecord], threshold: float, num_perm: int) -> dict[str, str]:
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    template = MinHash(num_perm=num_perm, seed=_SEED)  # its permutations are shared: drawing them is the slow part
    # datasketch >= 2 names its hashing scheme and wants it repeated when permutations are passed in
    same = {"permutations": template.permutations,
            **({"scheme": template.scheme} if getattr(template, "scheme", None) else {})}
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    signatures: dict[str, np.ndarray] = {}
    order: dict[str, tuple] = {}
    for rec in records:
        if rec.id in order:
            continue
        grams = shingles(rec.text)
        if not grams:
            continue
        sig = MinHash(num_perm=num_perm, seed=_SEED, **same)
        sig.update_batch([g.encode("utf-8") for g in grams])
        lsh.insert(rec.id, sig)
        signatures[rec.id] = sig.hashvalues.astype(np.uint32)  # values are below 2**32: half the memory
        order[rec.id] = _canonical_key(rec)
    parent = {doc_id: doc_id for doc_id in order}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for doc_id in sorted(order):
        probe = MinHash(num_perm=num_perm, seed=_SEED, hashvalues=signatures[doc_id].astype(template.hashvalues.dtype),
                        **same)
        for other in lsh.query(probe):
            # LSH finds candidates; the signatures' agreement estimates their Jaccard similarity
            if other != doc_id and np.count_nonzero(signatures[doc_id] == signatures[other]) >= threshold * num_perm:
                a, b = find(doc_id), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[str, list[tuple[tuple, str]]] = {}
    for doc_id, key in order.items():
        groups.setdefault(find(doc_id), []).append((key, doc_id))
    return _link_groups(groups.values())


def _link_groups(groups: Iterable[list[tuple[tuple, str]]]) -> dict[str, str]:
    """Each group of (canonical key, id): every member but the first by key is linked to the first."""
    links: dict[str, str] = {}
    for members in groups:
        if len(members) < 2:
            continue
        canonical = min(members)[1]
        for _, doc_id in members:
            if doc_id != canonical:
                links[doc_id] = canonical
    return links
