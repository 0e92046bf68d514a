"""The types every stage reads and writes, in one place.

A `Document` starts with the original text and its metadata (the reader's layer); each pipeline stage then sets one
more layer (`normalized`, `segments`/`sentences`/`tokens`, `mentions`, `entities`, `events`).

Offsets are sacred: every `start`/`end` in these types points into `Document.text`, the *original* input, never into the
normalized copy. `NormalizedText` is the one place that knows both and converts between them.
"""
from __future__ import annotations

import hashlib
from array import array
from dataclasses import asdict, dataclass, field, fields
from typing import Any


def content_id(text: str) -> str:
    """Stable id of a document: the first 16 hex digits of the SHA-256 of its original text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class NormalizedText:
    """Normalized text plus, for every normalized character i, the original span `[starts[i], ends[i])` it came from.

    Inserted characters (a restored ZWNJ, a space) get an empty span at the position where they were inserted.
    """

    text: str
    starts: array = field(repr=False)
    ends: array = field(repr=False)

    @classmethod
    def identity(cls, text: str) -> "NormalizedText":
        n = len(text)
        return cls(text, array("i", range(n)), array("i", range(1, n + 1)))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span `[start, end)` to the original span covering the same characters."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside normalized text of length {len(self.text)}")
        if start == end:
            pos = self.starts[start] if start < len(self.text) else (self.ends[-1] if self.text else 0)
            return pos, pos
        return self.starts[start], max(self.ends[end - 1], self.starts[start])


@dataclass(slots=True)
class Span:
    """A span of the original text; `text` is always `document.text[start:end]`."""

    start: int
    end: int
    text: str
    label: str | None = None  # what the span is evidence of: "trigger", "actor", "location", ...

    def to_dict(self) -> dict:
        out = {"start": self.start, "end": self.end, "text": self.text}
        if self.label:
            out["label"] = self.label
        return out


@dataclass(slots=True)
class Segment:
    """A block of the article: headline, lead, subheading, caption, paragraph, dateline, or page furniture."""

    kind: str
    start: int
    end: int
    boilerplate: bool = False
    reason: str | None = None  # why it is boilerplate ("related-news link", "end-of-story marker", ...)


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    segment: int  # index into Document.segments
    boilerplate: bool = False
    token_start: int = 0  # tokens of this sentence are Document.tokens[token_start:token_end]
    token_end: int = 0


@dataclass(slots=True)
class Token:
    """A word or punctuation mark: its original span, its normalized form, and the key matchers compare (the form's
    `didban.text.keys.token_key`, computed once by the tokenizer: None for punctuation, "" for a hyphen)."""

    start: int
    end: int
    norm: str
    key: str | None


@dataclass(slots=True)
class Attribution:
    """One link of the outlet chain: "به گزارش رکنا به نقل از ..." gives رکنا, then the cited source."""

    name: str
    start: int
    end: int
    kind: str = "outlet"  # "outlet", "cited", "reporter-desk"


@dataclass(slots=True)
class Mention:
    """A stretch of text naming something: a person, organisation, place, country, a role, or a pronoun.

    The fields after `info` are what the stages hand each other (the `entities` stage sets most, `resolve` sets
    `members`); a stage that sets one names it in its `provides` ("mentions.appos"), and a stage that reads one names
    it in its `requires` (see `didban.handoffs`). `info` is free detail for debugging that no stage reads.
    """

    start: int
    end: int
    text: str
    type: str  # PER, ORG, GPE, LOC, ROLE, PRON, ...
    sentence: int = -1
    source: str = "gazetteer"  # gazetteer, pattern, tagger, quote
    kb_id: str | None = None  # knowledge-base id when the matcher already knows it
    entity: str | None = None  # document entity id, set by the resolve stage
    reason: str | None = None  # how it was resolved: alias, role+date, pronoun, counterpart, apposition, ...
    candidates: list[str] = field(default_factory=list)  # when ambiguous
    info: dict[str, Any] = field(default_factory=dict)  # free detail for debugging (tagger confidence, ...)
    # -- where it is, and how it stands to the mentions around it
    words: tuple[int, int] | None = None  # its words [i, j), indexes within its sentence
    inside: str | None = None  # named inside a longer "name" or "role" phrase: never an event's party by itself
    appos: int | None = None  # start of the mention in apposition with it (a name next to its office), both ways
    anaphor: str | None = None  # a pronoun or stand-in: pron, plural, pair, home, this_country, delegation
    group: str | None = None  # the mentions of one plural office or counterpart phrase share it
    plural: bool = False  # one of several people named by one plural phrase
    # -- an office (ROLE)
    role: str | None = None  # the knowledge base's office key ("foreign_minister")
    country: str | None = None  # ISO3 of the office's country, "@this_country", or None when the text names none
    country_implicit: bool = False  # no country named and none implied by the office phrase
    phrase: str | None = None  # the office phrase as matched
    deputy: str | None = None  # the deputy word before it ("معاون"): a lower office than `role`
    former: bool = False  # "سابق", "پیشین" after the office: someone who held it before, not its holder today
    regional: bool = False  # the office of a region of another country ("رئیس‌جمهوری چچن")
    counterpart: bool = False  # "همتای مصری خود": the counterpart of the sentence's other party
    descriptive: bool = False  # so specific ("نماینده مردم بجنورد") that it names again whoever it quoted
    # -- a name
    title: str | None = None  # the title words opening it ("سید", "دکتر")
    name_start: int | None = None  # the word where the name proper starts, after its title
    country_hint: str | None = None  # ISO3 of the country its description or title gives
    official: bool = False  # a political actor by title or description
    body: str | None = None  # a national body's knowledge-base id, for a body of another country
    body_sector: str | None = None  # that body's sector
    # -- set by the resolve stage
    members: list[str] | None = None  # entity ids a plural pronoun or group stands for

    def stored_info(self) -> dict[str, Any]:
        """The hand-off fields that are set, and the free `info`, as one JSON-ready dict: the shape the store keeps
        in a mention's `info` column (read back by `set_stored_info`)."""
        out = dict(self.info)
        for name in MENTION_HANDOFFS:
            value = getattr(self, name)
            if value is not None and value is not False:
                out[name] = list(value) if name == "words" else value
        return out

    def set_stored_info(self, data: dict[str, Any]) -> "Mention":
        """Set the hand-off fields and `info` from a stored `info` dict: this version's shape, and that of stores
        written before the fields were typed (every detail in `info`, a null or false where nothing was set)."""
        rest = dict(data)
        for name in MENTION_HANDOFFS:
            value = rest.pop(name, None)
            if name == "words" and value is not None:
                value = (value[0], value[1])
            setattr(self, name, value if value is not None else _HANDOFF_DEFAULTS[name])
        self.info = rest
        return self


def _handoff_defaults() -> dict[str, Any]:
    """The typed fields stages hand each other through mentions (the fields after `info`), and their defaults."""
    names = [f.name for f in fields(Mention)]
    return {f.name: f.default for f in fields(Mention)[names.index("info") + 1:]}


_HANDOFF_DEFAULTS = _handoff_defaults()
MENTION_HANDOFFS: tuple[str, ...] = tuple(_HANDOFF_DEFAULTS)
# the fields set with the mention itself: a stage that provides "mentions" sets them without naming them
MENTION_CORE: tuple[str, ...] = ("start", "end", "text", "type", "sentence", "source", "kb_id", "candidates", "info")


@dataclass(slots=True)
class Entity:
    """One real-world entity of the document, with all the mentions that refer to it."""

    id: str
    type: str
    name: str
    name_en: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    kb_id: str | None = None
    sector: str | None = None  # PLOVER/CAMEO sector: GOV, MIL, IGO, JRN ...
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    latitude: float | None = None
    longitude: float | None = None
    assumed: bool = False  # resolved by a guess (e.g. no article date: the latest office holder)

    def to_dict(self) -> dict:
        out = {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "name_en": self.name_en,
            "country": self.country,
            "kb_id": self.kb_id,
            "sector": self.sector,
            "aliases": self.aliases,
            "mentions": [m.to_dict() for m in self.mentions],
            "roles": self.roles,
        }
        if self.latitude is not None:
            out["latitude"], out["longitude"] = self.latitude, self.longitude
        if self.assumed:
            out["assumed"] = True
        return out


@dataclass(slots=True)
class Event:
    id: str
    cameo: str  # CAMEO code as a string, leading zeros kept ("044")
    plover: str | None = None  # PLOVER event type (CONSULT, ACCUSE ...)
    mode: str | None = None  # PLOVER mode (phone, visit, third-party, multilateral ...)
    quad_class: int | None = None
    intensity: float | None = None  # Goldstein-style, -10 .. +10
    actors: list[str] = field(default_factory=list)  # entity ids
    recipients: list[str] = field(default_factory=list)
    location: str | None = None  # entity id
    occasion: Span | None = None
    date: str | None = None  # ISO 8601
    date_reason: str | None = None  # "text", "relative", "published"
    topics: list[Span] = field(default_factory=list)
    confidence: float = 0.0
    evidence: list[Span] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    summary: str | None = None
    rule: str | None = None  # the codebook entry that coded it (`didban codebook` lists them)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "cameo": self.cameo,
            "plover": self.plover,
            "mode": self.mode,
            "quad_class": self.quad_class,
            "intensity": self.intensity,
            "actors": self.actors,
            "recipients": self.recipients,
            "location": self.location,
            "occasion": self.occasion.to_dict() if self.occasion else None,
            "date": self.date,
            "date_reason": self.date_reason,
            "topics": [t.to_dict() for t in self.topics],
            "confidence": round(self.confidence, 3),
            "evidence": [e.to_dict() for e in self.evidence],
            "sentences": self.sentences,
            "summary": self.summary,
            "rule": self.rule,
        }


@dataclass(slots=True)
class Document:
    text: str  # the original input text, exactly as read (after decoding)
    id: str = ""
    source: str | None = None  # file path, "-" for stdin, or "path:line" for JSON lines
    url: str | None = None
    title: str | None = None
    outlet: str | None = None  # site or outlet name
    published: str | None = None  # ISO date of publication
    published_reason: str | None = None  # where the date came from: "metadata", "text", "option"
    meta: dict[str, Any] = field(default_factory=dict)
    # layers, set by the stages
    normalized: NormalizedText | None = None
    segments: list[Segment] | None = None
    sentences: list[Sentence] | None = None
    tokens: list[Token] | None = None
    attribution: list[Attribution] | None = None
    mentions: list[Mention] | None = None
    entities: list[Entity] | None = None
    events: list[Event] | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)

    def span(self, start: int, end: int, label: str | None = None) -> Span:
        """A `Span` of the original text (raises if it is out of range)."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside text of length {len(self.text)}")
        return Span(start, end, self.text[start:end], label)

    def has(self, layer: str) -> bool:
        return getattr(self, layer, None) is not None

    def __repr__(self) -> str:
        # short on purpose: the layers of one article are tens of thousands of characters (see to_dict for them all)
        title = self.title if not self.title or len(self.title) <= 40 else self.title[:39] + "…"
        layers = [f"{len(getattr(self, name))} {name}" for name in ("sentences", "entities", "events")
                  if getattr(self, name) is not None]
        return (f"Document(id={self.id!r}, title={title!r}, published={self.published!r}, "
                f"{len(self.text)} characters{''.join(', ' + layer for layer in layers)})")

    # --- events with their entities resolved (Event.actors etc. hold entity ids of this document)

    def entity(self, entity_id: str | None) -> "Entity | None":
        """The entity of this document with that id (None for None or an unknown id)."""
        if entity_id is None:
            return None
        return next((e for e in self.entities or [] if e.id == entity_id), None)

    def actors_of(self, event: "Event") -> list["Entity"]:
        """The event's actors as entities (name, English name, country, knowledge-base id ...), not ids."""
        return [e for e in map(self.entity, event.actors) if e is not None]

    def recipients_of(self, event: "Event") -> list["Entity"]:
        return [e for e in map(self.entity, event.recipients) if e is not None]

    def location_of(self, event: "Event") -> "Entity | None":
        return self.entity(event.location)

    def event_rows(self) -> list[dict]:
        """One flat row per event, names spelled out (what `events_frame` holds)."""
        return [event_row(self, ev) for ev in self.events or []]

    def events_frame(self):
        """The events as a pandas DataFrame, one row per event (needs pandas)."""
        return events_frame_of([self])

    def to_dict(self, *, tokens: bool = False, normalized: bool = False) -> dict:
        """The document as JSON-ready data (the shape `didban extract --format json` prints)."""
        text = self.text
        out: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "published_reason": self.published_reason,
            "language": "fa",
            "attribution": [asdict(a) for a in self.attribution or []],
            "meta": self.meta,
            "text": text,
        }
        if normalized and self.normalized is not None:
            out["normalized"] = self.normalized.text
        out["segments"] = [
            {**asdict(s), "text": text[s.start : s.end]} for s in self.segments or []
        ]
        out["sentences"] = [
            {"start": s.start, "end": s.end, "text": text[s.start : s.end], "segment": s.segment,
             "boilerplate": s.boilerplate}
            for s in self.sentences or []
        ]
        if tokens:
            out["tokens"] = [{"start": t.start, "end": t.end, "norm": t.norm} for t in self.tokens or []]
        out["entities"] = [e.to_dict() for e in self.entities or []]
        out["mentions"] = [
            {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "entity": m.entity,
             "source": m.source, "reason": m.reason, **({"candidates": m.candidates} if m.candidates else {})}
            for m in self.mentions or []
        ]
        out["events"] = [e.to_dict() for e in self.events or []]
        return out


def _names(entities: list[Entity], attr: str) -> str:
    return "; ".join(getattr(e, attr) or "" for e in entities)


def event_row(doc: Document, ev: Event) -> dict:
    """One event of `doc` as a flat row: codes, scores (rounded), participants and place by name, the trigger words."""
    actors, recipients, place = doc.actors_of(ev), doc.recipients_of(ev), doc.location_of(ev)
    trigger = next((sp.text for sp in ev.evidence if sp.label == "trigger"), ev.evidence[0].text if ev.evidence else "")
    return {
        "doc_id": doc.id, "event_id": ev.id, "date": ev.date, "cameo": ev.cameo, "plover": ev.plover, "mode": ev.mode,
        "quad_class": ev.quad_class, "intensity": ev.intensity, "confidence": round(ev.confidence, 3),
        "actors": _names(actors, "name"), "actors_en": _names(actors, "name_en"),
        "actor_countries": _names(actors, "country"),
        "recipients": _names(recipients, "name"), "recipients_en": _names(recipients, "name_en"),
        "recipient_countries": _names(recipients, "country"),
        "location": place.name if place else None, "location_en": place.name_en if place else None,
        "location_country": place.country if place else None,
        "latitude": place.latitude if place else None, "longitude": place.longitude if place else None,
        "occasion": ev.occasion.text if ev.occasion else None, "trigger": trigger, "source": doc.source,
    }


def events_frame_of(docs) -> "Any":
    """A pandas DataFrame with one row per event of `docs` (needs pandas: an E206 naming the install otherwise)."""
    try:
        import pandas as pd
    except ModuleNotFoundError as exc:
        from didban.errors import needs_extra

        raise needs_extra("events_frame()", "pandas", None) from exc
    rows = [row for doc in docs for row in doc.event_rows()]
    columns = list(event_row(Document(text="x"), Event(id="", cameo="")).keys())
    return pd.DataFrame(rows, columns=columns)
