"""Near-duplicate articles: the same wire story republished, lightly edited, on several sites.

Each article becomes a set of word shingles (3 consecutive words of its text folded by `didban.text.keys.shingle_key`);
two articles whose shingle sets have a Jaccard similarity of at least `threshold` are near-duplicates. MinHash
signatures and LSH banding (datasketch) find the candidate pairs without comparing every pair; each candidate is then
checked on the signatures' estimated similarity. Articles are taken in order of publication (then id), each compared with those of the previous
`WINDOW_DAYS`, and a copy is linked to the original of the earlier article it matches best: the answer does not depend
on the order the articles come in, and memory does not grow with the corpus.

Without datasketch, only exact duplicates of the folded text are found (a hash of the shingle set).
"""
from __future__ import annotations

import hashlib
import re
from collections import deque
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Iterator

from didban.text.keys import shingle_key

SHINGLE_WORDS = 3
NUM_PERM = 64
THRESHOLD = 0.8
WINDOW_DAYS = 30  # an article is compared with those published up to 30 days before it
MAX_RECENT = 100_000  # and with at most this many (the newest): ~170 MB of signatures and LSH tables
_SEED = 1  # fixed: signatures must be the same in every run and every process

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What near-duplicate detection needs of an article."""

    id: str
    text: str  # preferably the normalized text
    published: str | None = None


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """The set of k-word shingles of the folded text (the whole word list when it is shorter than k)."""
    words = _WORD.findall(shingle_key(text))
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def article_signature(text: str) -> bytes | None:
    """The article's MinHash signature as the merge computes it from its text (NUM_PERM values, 4 bytes each), b""
    for a text without shingles (the merge skips it), None without datasketch. What a worker computes along with the
    document's rows, so that the merge at the end of an ingest, in the single parent process, does not shingle and
    hash every new article again (`stream_near_duplicates(signatures=...)`)."""
    grams = shingles(text)
    if not grams:
        return b""
    if not _SIGNER:
        try:
            _SIGNER.append(_MinHashIndex(THRESHOLD, NUM_PERM))
        except ImportError:
            _SIGNER.append(None)
    return None if _SIGNER[0] is None else _SIGNER[0].signature(grams).hashvalues.astype("<u4").tobytes()


_SIGNER: list = []  # one index per process, for its signatures


def _canonical_key(record: ArticleRecord) -> tuple:
    """The order articles are compared in: undated first, then by publication date, then by id."""
    return (record.published or "", record.id)


def find_near_duplicates(records: Iterable[ArticleRecord], threshold: float = THRESHOLD, num_perm: int = NUM_PERM,
                         window_days: int = WINDOW_DAYS) -> dict[str, str]:
    """Map each near-duplicate article id to the id of the earliest article it copies (originals are absent).

    Any input order; the records are sorted first (use `stream_near_duplicates` on sorted input for a corpus too
    large to hold).
    """
    return dict(stream_near_duplicates(sorted(records, key=_canonical_key), threshold, num_perm, window_days))


def stream_near_duplicates(records: Iterable[ArticleRecord], threshold: float = THRESHOLD, num_perm: int = NUM_PERM,
                           window_days: int = WINDOW_DAYS, max_recent: int = MAX_RECENT,
                           history: Iterable[ArticleRecord] = (),
                           known: dict[str, str] | None = None,
                           signatures: dict[str, bytes] | None = None) -> Iterator[tuple[str, str]]:
    """Yield (duplicate id, original id) for records sorted by (published or "", id).

    Each dated article is compared with the articles published up to `window_days` before it and with the undated
    ones (at most `max_recent` of each, the newest kept): wire copies appear within days, and the window is what keeps
    memory flat on a corpus of any size. A copy of a copy links to the first original.

    To go on from where an earlier pass stopped (an incremental merge): `history` is the window as it stood there (the
    undated articles and those of the last `window_days` days, sorted, all before the first record) and `known` the
    links that pass found for them; they are compared with nothing and yield nothing.

    `signatures`: {article id: `article_signature` of its text} for some of the records, computed beforehand (by the
    workers of an ingest): used instead of shingling and hashing those texts again (the same values).
    """
    undated, dated = _Window(threshold, num_perm, max_recent), _Window(threshold, num_perm, max_recent)
    given = signatures if signatures and num_perm == NUM_PERM and isinstance(dated.index, _MinHashIndex) else {}
    original_of: dict[str, str] = {}  # duplicates still in a window -> their original
    last_key: tuple | None = None
    for rec in history:
        grams = shingles(rec.text)
        if grams:
            day = _day_number(rec.published)
            for old in (undated if day is None else dated).add(rec.id, day, dated.index.signature(grams)):
                original_of.pop(old, None)
            if known and rec.id in known:
                original_of[rec.id] = known[rec.id]
        last_key = _canonical_key(rec)
    for rec in records:
        key = _canonical_key(rec)
        if last_key is not None and key <= last_key:
            if key == last_key:
                continue  # the same article twice
            raise ValueError(f"articles must come sorted by (published, id): {key} after {last_key}")
        last_key = key
        computed = given.get(rec.id)
        grams = shingles(rec.text) if computed is None else computed
        if not grams:
            continue
        day = _day_number(rec.published)
        if day is not None:
            for old in dated.evict_before(day - window_days):
                original_of.pop(old, None)
        signature = dated.index.signature(grams) if computed is None else dated.index.from_bytes(computed)
        matches = [m for m in (undated.index.best_match(signature), dated.index.best_match(signature)) if m]
        for old in (undated if day is None else dated).add(rec.id, day, signature):
            original_of.pop(old, None)
        if matches:
            # the earlier article it matches best (an undated one only if no dated one matches)
            original = original_of.get(matches[-1], matches[-1])
            original_of[rec.id] = original
            yield rec.id, original


class _Window:
    """The articles an incoming one is compared with: an index plus their days, oldest first, at most `cap`."""

    def __init__(self, threshold: float, num_perm: int, cap: int):
        self.index = _index(threshold, num_perm)
        self.items: deque[tuple[int | None, str]] = deque()
        self.cap = cap

    def add(self, doc_id: str, day: int | None, signature) -> list[str]:
        """Add an article; return the ids dropped to stay under the cap."""
        self.index.add(doc_id, signature)
        self.items.append((day, doc_id))
        dropped = []
        while len(self.items) > self.cap:
            dropped.append(self._drop())
        return dropped

    def evict_before(self, first_day: int) -> list[str]:
        dropped = []
        while self.items and self.items[0][0] is not None and self.items[0][0] < first_day:
            dropped.append(self._drop())
        return dropped

    def _drop(self) -> str:
        _, doc_id = self.items.popleft()
        self.index.remove(doc_id)
        return doc_id


def _day_number(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def _index(threshold: float, num_perm: int):
    try:
        return _MinHashIndex(threshold, num_perm)
    except ImportError:  # datasketch is in the `scale` extra
        return _ExactIndex()


class _ExactIndex:
    """Without datasketch: articles with exactly the same shingle set."""

    def __init__(self):
        self.by_key: dict[bytes, list[str]] = {}
        self.key_of: dict[str, bytes] = {}

    def signature(self, grams: set[str]) -> bytes:
        return hashlib.sha1("\n".join(sorted(grams)).encode("utf-8")).digest()

    def best_match(self, key: bytes) -> str | None:
        ids = self.by_key.get(key)
        return ids[0] if ids else None

    def add(self, doc_id: str, key: bytes) -> None:
        self.by_key.setdefault(key, []).append(doc_id)
        self.key_of[doc_id] = key

    def remove(self, doc_id: str) -> None:
        key = self.key_of.pop(doc_id)
        ids = self.by_key[key]
        ids.remove(doc_id)
        if not ids:
            del self.by_key[key]


# the LSH bands and rows datasketch chooses (by numerical integration) for a (threshold, number of permutations):
# the default setting's known in advance (tested), others found once per process
_LSH_PARAMS: dict[tuple[float, int], tuple[int, int]] = {(THRESHOLD, NUM_PERM): (5, 11)}


def preload() -> None:
    """Import datasketch ahead of the merge, e.g. while the workers warm up; nothing happens without it."""
    try:
        import_datasketch()
    except ImportError:
        pass


def import_datasketch():
    """datasketch, imported without importing scipy.integrate with it (~0.5-1 s of CPU, most of datasketch's import,
    paid by every ingest): its LSH module imports scipy's `quad` at the top, and calls it only to choose the bands for
    a setting given without them — never for the known ones (`_LSH_PARAMS`). During the import, `scipy.integrate` is
    a stand-in whose `quad` imports the real module when first called, so any other setting works as before."""
    import sys

    if "datasketch" in sys.modules or "scipy.integrate" in sys.modules:
        import datasketch

        return datasketch
    import types

    stand_in = types.ModuleType("scipy.integrate")
    stand_in.quad = _quad
    sys.modules["scipy.integrate"] = stand_in
    try:
        import datasketch
    finally:
        if sys.modules.get("scipy.integrate") is stand_in:
            del sys.modules["scipy.integrate"]
    return datasketch


def _quad(*args, **kwargs):
    from scipy.integrate import quad  # the real one (the stand-in is gone from sys.modules once datasketch is in)

    return quad(*args, **kwargs)


class _MinHashIndex:
    """MinHash signatures in an LSH index; a candidate counts when its signature agrees on >= threshold of positions."""

    def __init__(self, threshold: float, num_perm: int):
        datasketch = import_datasketch()
        MinHash, MinHashLSH = datasketch.MinHash, datasketch.MinHashLSH
        self.MinHash = MinHash
        self.threshold, self.num_perm = threshold, num_perm
        template = MinHash(num_perm=num_perm, seed=_SEED)  # its permutations are shared: drawing them is slow
        # datasketch >= 2 names its hashing scheme and wants it repeated when permutations are passed in
        self.same = {"permutations": template.permutations,
                     **({"scheme": template.scheme} if getattr(template, "scheme", None) else {})}
        self.dtype = template.hashvalues.dtype
        # the bands and rows are found by numerical integration (~0.1 s): once per setting, not once per window
        params = _LSH_PARAMS.get((threshold, num_perm))
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, **({"params": params} if params else {}))
        _LSH_PARAMS[(threshold, num_perm)] = (self.lsh.b, self.lsh.r)
        self.signatures: dict[str, object] = {}

    def signature(self, grams: set[str]):
        sig = self.MinHash(num_perm=self.num_perm, seed=_SEED, **self.same)
        sig.update_batch([g.encode("utf-8") for g in grams])
        return sig

    def from_bytes(self, values: bytes):
        """A signature from `article_signature`'s bytes."""
        import numpy as np

        hashvalues = np.frombuffer(values, dtype="<u4").astype(self.dtype)
        return self.MinHash(num_perm=self.num_perm, seed=_SEED, hashvalues=hashvalues, **self.same)

    def best_match(self, sig) -> str | None:
        """The most similar earlier article above the threshold (ties: the earliest id)."""
        import numpy as np

        best, best_score = None, -1
        for other in sorted(self.lsh.query(sig)):
            score = int(np.count_nonzero(sig.hashvalues == self.signatures[other]))
            if score >= self.threshold * self.num_perm and score > best_score:
                best, best_score = other, score
        return best

    def add(self, doc_id: str, sig) -> None:
        self.lsh.insert(doc_id, sig)
        self.signatures[doc_id] = sig.hashvalues.astype("uint32")  # values are below 2**32: half the memory

    def remove(self, doc_id: str) -> None:
        self.lsh.remove(doc_id)
        del self.signatures[doc_id]
