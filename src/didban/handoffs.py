"""What the stages hand each other, and the checks that every hand-off is declared.

A stage names what it reads in `requires` and what it sets in `provides`. A name is a layer or attribute of the
`Document` ("mentions", "title"), a key of its metadata ("meta.inferred_date"), or a typed field of its mentions
("mentions.appos"). Providing "mentions" covers the fields a mention is made with (`MENTION_CORE`); every other field a
stage sets on a mention, new or old, is named on its own, so that a reader can see which stage a field comes from.

Two checks: `check_names` before a pipeline runs (a name that is no layer or field is E208; a name required but
provided by no earlier stage is E203, in `Pipeline`), and `undeclared_writes` around each stage when a pipeline runs
with `audit=True` (a stage that set something its `provides` does not name is E209). The second needs the stage to
run: what a function sets cannot be known before it runs, so the tests run the audit over sample articles.
"""
from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from didban.document import MENTION_CORE, Document, Mention
from didban.errors import Codes, DidbanError

DOCUMENT_FIELDS = tuple(f.name for f in fields(Document))
MENTION_FIELDS = tuple(f.name for f in fields(Mention))
_MENTION_DEFAULTS = {f.name: f.default for f in fields(Mention)}
# the mention fields the audit compares (`info` is free detail, never a hand-off)
_AUDITED = tuple(name for name in MENTION_FIELDS if name != "info")


def is_known(name: str) -> bool:
    """Whether `name` is something a stage can require or provide."""
    layer, _, part = name.partition(".")
    if not part:
        return layer in DOCUMENT_FIELDS
    return (layer == "meta" and bool(part)) or (layer == "mentions" and part in MENTION_FIELDS)


def check_names(stage_name: str, names: tuple[str, ...]) -> None:
    """E208 for a declared name that is no layer, metadata key or mention field (a typo would otherwise pass)."""
    unknown = [n for n in names if not is_known(n)]
    if unknown:
        raise DidbanError(Codes.E208, f"stage {stage_name!r} declares {', '.join(unknown)}; a name is a Document "
                                      f"field, 'meta.KEY' or 'mentions.FIELD' of {', '.join(MENTION_FIELDS)}")


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _meta_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=repr)


class _Layer:
    """A list layer as it was: the list and the objects it held (a replaced, grown or reordered layer differs)."""

    __slots__ = ("items", "objects")

    def __init__(self, items: list):
        self.items, self.objects = items, tuple(items)

    def changed(self, after: Any) -> bool:
        return after is not self.items or len(after) != len(self.objects) or \
            any(a is not b for a, b in zip(after, self.objects))


class Snapshot:
    """What a document holds before a stage runs: its attributes (lists with the objects they hold, so that a
    replaced or grown layer shows), its metadata, and every mention's fields."""

    def __init__(self, doc: Document):
        self.attrs = {name: self._mark(getattr(doc, name)) for name in DOCUMENT_FIELDS if name != "meta"}
        self.meta = {key: _meta_value(value) for key, value in (doc.meta or {}).items()}
        # the mention objects are kept, so that none is freed and its id reused while the stage runs
        self.mentions = {id(m): (m, tuple(_frozen(getattr(m, f)) for f in _AUDITED)) for m in doc.mentions or []}

    @staticmethod
    def _mark(value: Any) -> Any:
        return _Layer(value) if isinstance(value, list) else value

    @staticmethod
    def _changed(before: Any, after: Any) -> bool:
        if isinstance(before, _Layer):
            return before.changed(after)
        return isinstance(after, list) or (after is not before and after != before)

    def written(self, doc: Document) -> set[str]:
        """The names of everything that differs in `doc` from this snapshot."""
        out = {name for name in self.attrs if self._changed(self.attrs[name], getattr(doc, name))}
        meta = {key: _meta_value(value) for key, value in (doc.meta or {}).items()}
        out |= {f"meta.{key}" for key in meta.keys() | self.meta.keys() if meta.get(key) != self.meta.get(key)}
        for m in doc.mentions or []:
            old = self.mentions.get(id(m))
            if old is not None and old[0] is m:
                out |= {f"mentions.{f}" for f, was in zip(_AUDITED, old[1]) if _frozen(getattr(m, f)) != was}
            else:  # a new mention: its fields beyond those it is made with
                out |= {f"mentions.{f}" for f in _AUDITED
                        if f not in MENTION_CORE and getattr(m, f) != _MENTION_DEFAULTS[f]}
        return out


def undeclared_writes(stage_name: str, provides: tuple[str, ...], before: Snapshot, doc: Document) -> None:
    """E209 if the stage set a layer, metadata key or mention field that its `provides` does not name."""
    undeclared = sorted(before.written(doc) - set(provides))
    if undeclared:
        raise DidbanError(Codes.E209, f"stage {stage_name!r} set {', '.join(undeclared)}, which its provides does not "
                                      f"name (in {doc.source or doc.id})", path=doc.source)
