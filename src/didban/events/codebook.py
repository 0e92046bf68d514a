"""The Persian CAMEO codebook: predicates, their argument frames and their test sentences, as data.

Entries live in TOML files, one per CAMEO root (events/data/codebook/NN_*.toml), in the spirit of PETRARCH's verb
dictionaries; an analyst's overlay (`$DIDBAN_CODEBOOK_DIR`, default ~/.local/share/didban/codebook/*.toml) adds
entries or overrides shipped ones by id (`disabled = true` removes one). Each entry:

    [[entry]]
    id = "meet"                          # unique; overlays replace an entry by its id
    cameo = "040"                        # the code (a string: leading zeros kept)
    frame = "meeting"                    # who acts and who receives (see FRAMES)
    pattern = "دیدار [و @TALK] … <کرد|نمود|داشت>"
    examples = ["عراقچی با لاوروف دیدار کرد. => عراقچی | لاوروف"]
    # optional: recipient = ["به", "از"], negated = "drop" | a code, future = "keep" | "drop" | a code,
    # affirmative = "keep" | "drop" (an entry only for the negative: "نپذیرفت"), agent = ["از سوی", "home"]
    # (passives), place = "anywhere" | "headline", meets = true (a joint act of people of several countries, such
    # as signing together, is also a meeting of them), needs_recipient = true (no event without an actor
    # receiving it: "از X خواست"), weak = true (a content cue that names rather than judges, such as
    # "تروریستی": it codes what was said only when no stronger cue is there; on a meeting entry, an encounter such
    # as a welcome that is part of a larger meeting the article tells, and is folded into it), note = "…"

The pattern language, over the folded words of a clause (spelling, spacing and ZWNJ variants meet):

    word              a word, written as ordinary Persian ("تأکید" also matches "تاکید")
    (a|b c|d)         one of several words or phrases
    [x]               x is optional (a word or a group)
    <کرد>             any finite form of the verb whose past stem is کرد ("کردند", "می‌کنند", "کرده است",
                      "خواهد کرد", "نکرد" …); <کرد|نمود> either verb; the form's tense, person, polarity and mood
                      decide what the event becomes (negated, future, subjunctive: see `negated` and `future`)
    …  or  …N         up to 8 (or N) words that are neither a clause boundary nor a finite verb
    @NAME             a word class defined in events/data/codebook/classes.toml

Examples are sentences written for the codebook (never taken from the evaluation set): "sentence => actors | recipients"
with names as the sentence writes them, comma-separated; "sentence => -" means the entry must not code anything there.
`tests/events/test_codebook.py` runs every example through the whole pipeline.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from didban.disk_cache import cache_dir, cached, files_fingerprint, write as write_cache
from didban.errors import DidbanError
from didban.lazy_pattern import KeptFile, LazyPattern, compile as kept_compile, precompile, write_kept
from didban.text.keys import word_key

DATA = Path(__file__).parent / "data" / "codebook"

# frame -> what it means (the frames themselves are in events/frames.py)
FRAMES = {
    "meeting": "the subject meets the \"با\" partners (one event per person listed), or its own members each other",
    "meeting-with": "\"در دیدار با Y\": the clause's subject meets Y, named after the trigger",
    "host": "the subject receives the guest named as the \"را\" object (\"X Y را به حضور پذیرفت\")",
    "hosted": "the subject is received by the host named inside the trigger (\"مورد استقبال X قرار گرفت\")",
    "call-from": "the subject receives a call from the caller named inside or after \"از\" the trigger",
    "session": "a session held with participants named inside the trigger (\"با حضور X و Y برگزار شد\")",
    "attend": "the subject's members take part together in a session (\"X و Y در نشست ... شرکت کردند\")",
    "session-of": "a session named by its participants right after it (\"اجلاس وزیران خارجه ایران، روسیه و ترکیه\")",
    "mediate": "the subject mediates between those named inside the trigger: one meeting of them all",
    "statement": "the subject (or the speaker of reported words) acts; recipients after the entry's prepositions",
    "passive": "the subject undergoes the act; the actor follows the entry's `agent` words (default \"از سوی\"، "
               "\"توسط\" …); with \"home\" among them, else the outlet's country",
    "by-inside": "the actors are named inside the trigger (\"به امضای X و Y رسید\")",
    "nominal": "a headline noun phrase: \"<noun> X با/به/از Y\"; X acts, Y receives (meetings: Y is the partner)",
    "say": "a plain saying verb (01); coded by what the words said contain (the content cues)",
    "kicker": "a headline's \"X: …\": the name before the colon said what follows (coded like a saying verb)",
    "according-to": "\"به گفته X، …\", \"در بیانیه X آمده است\": X said the rest of the sentence (coded like a saying verb)",
    "opinion": "\"به باور X، …\", \"از نظر X\": X's view is the rest of the sentence (coded like a saying verb); an act "
               "told in it is X's claim, not an event (nothing when X is no actor: \"به اعتقاد کارشناسان\")",
    "content": "a cue in what was said (\"باید\"، \"محکوم\"): codes the speaker's saying verb",
}
PLACES = ("anywhere", "headline")
OUTCOMES = ("drop", "keep")  # or a CAMEO code
GAP_DEFAULT = 8
FUNCTION_WORDS = frozenset(("را", "و", "به", "از", "در", "با", "بر", "که", "تا", "این", "آن", "ان", "خود", "است", "هم",
                            "نیز", "برای"))


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    actors: tuple[str, ...] | None  # None: the entry must not code anything in the sentence
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    id: str
    cameo: str
    frame: str
    pattern: str
    regex: LazyPattern = field(repr=False, compare=False)  # compiled at its first search
    anchors: frozenset = field(repr=False, compare=False)  # keys of which one must be in the clause
    verbs: tuple = ()  # group name -> past stem, for the verb groups of the pattern
    light_pairs: frozenset = field(default=frozenset(), repr=False, compare=False)  # (nominal key, light verb)
    recipient: tuple[str, ...] = ()
    weight: int = 1  # how many words or groups the pattern requires: where two matches overlap, the heavier wins
    agent: tuple[str, ...] = ()
    affirmative: str = "keep"
    meets: bool = False
    needs_recipient: bool = False
    negated: str = "drop"
    future: str = "keep"
    place: str = "anywhere"
    examples: tuple[Example, ...] = ()
    note: str = ""
    source: str = ""  # the file it came from
    weak: bool = False  # a content cue that codes only when no stronger cue is there; a meeting that joins a
    # larger one (a welcome); a statement that gives way to its speaker's rejection or criticism in the sentence
    # the anchors of each word, group or verb the pattern requires after its first: a clause without one of each
    # has no whole-word match (what `anchors` is for the first; a content cue may end inside a word: not for those)
    required: tuple = field(default=(), repr=False, compare=False)

    @property
    def root(self) -> str:
        return self.cameo[:2]

    def to_dict(self) -> dict:
        return {"id": self.id, "cameo": self.cameo, "frame": self.frame, "pattern": self.pattern,
                "recipient": list(self.recipient), "agent": list(self.agent), "affirmative": self.affirmative,
                "meets": self.meets, "needs_recipient": self.needs_recipient, "weak": self.weak,
                "negated": self.negated, "future": self.future,
                "place": self.place, "note": self.note, "source": self.source,
                "examples": [_example_text(e) for e in self.examples]}


def _example_text(e: Example) -> str:
    if e.actors is None:
        return f"{e.text} => -"
    rec = f" | {', '.join(e.recipients)}" if e.recipients else ""
    return f"{e.text} => {', '.join(e.actors)}{rec}"


class _Compiler:
    """Turns a pattern into a regular expression over space-joined folded words."""

    TOKEN = kept_compile(r"\(|\)|\[|\]|<[^>]*>|…\d*|\.\.\.\d*|@\w+|\||[^\s()\[\]|<>…]+")

    def __init__(self, classes: dict[str, str], where: str):
        self.classes = classes
        self.where = where
        self.verbs: list[tuple[str, str]] = []
        self.gaps = 0
        self.light_pairs: set[tuple[str, str]] = set()
        self._last_stems: list[str] = []
        self.required: tuple[frozenset, ...] = ()

    def fail(self, message: str) -> DidbanError:
        return DidbanError("E303", message, path=self.where)

    def compile(self, pattern: str) -> tuple[str, frozenset]:
        tokens = self.TOKEN.findall(pattern)
        if not tokens:
            raise self.fail("the pattern is empty")
        self.tokens, self.pos = tokens, 0
        parts = self._sequence(top=True)
        if self.pos != len(tokens):
            raise self.fail(f"unexpected {tokens[self.pos]!r} in pattern {pattern!r}")
        if not parts or parts[0][0] != "item":
            raise self.fail(f"a pattern must start with a word, a group or a verb: {pattern!r}")
        if parts[-1][0] == "gap":
            raise self.fail(f"a pattern cannot end with a gap: {pattern!r}")
        self.weight = sum(1 for kind, _, _ in parts if kind == "item")
        self.required = tuple(anchors for kind, _, anchors in parts[1:] if kind == "item" and anchors)
        return self._join(parts), parts[0][2]

    # each part: (kind, regex, anchors) with kind "item", "optional" or "gap"
    def _sequence(self, top: bool = False) -> list[tuple[str, str, frozenset]]:
        parts = []
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if tok in (")", "]", "|"):
                if top:
                    raise self.fail(f"unbalanced {tok!r}")
                break
            self.pos += 1
            if tok == "(":
                parts.append(("item", *self._group(")")))
            elif tok == "[":
                regex, anchors = self._group("]")
                parts.append(("optional", regex, anchors))
            elif tok.startswith("<"):
                regex, anchors = self._verb(tok[1:-1])
                if parts and parts[-1][0] == "item":
                    # the word right before a light verb is its nominal ("محکوم <کرد>"): a gap of another entry
                    # that ends on it before that verb has reached this construction, not its own ("را" and the
                    # like are grammar, not nominals)
                    self.light_pairs |= {(k, stem) for k in parts[-1][2] for stem in self._last_stems
                                         if k not in FUNCTION_WORDS}
                parts.append(("item", regex, anchors))
            elif tok.startswith("…") or tok.startswith("..."):
                digits = tok.lstrip("….")
                n = int(digits) if digits else GAP_DEFAULT
                name = f"g{self.gaps}"
                self.gaps += 1
                parts.append(("gap", rf"(?P<{name}>(?: \S+){{0,{n}}}?)", frozenset()))
            elif tok.startswith("@"):
                if tok[1:] not in self.classes:
                    raise self.fail(f"unknown word class {tok} (define it in classes.toml)")
                sub = _Compiler(self.classes, self.where)
                sub.gaps, sub.verbs, sub.light_pairs = self.gaps, self.verbs, self.light_pairs
                regex, anchors = sub.compile(self.classes[tok[1:]])
                self.gaps = sub.gaps
                parts.append(("item", f"(?:{regex})", anchors))
            else:
                key = word_key(tok)
                if not key:
                    raise self.fail(f"{tok!r} is not a word")
                parts.append(("item", re.escape(key), frozenset([key])))
        return parts

    def _group(self, close: str) -> tuple[str, frozenset]:
        alternatives, anchors = [], set()
        while True:
            seq = self._sequence()
            if not seq or seq[0][0] != "item":
                raise self.fail("each alternative of a group must start with a word or a verb")
            alternatives.append((len(seq), self._join(seq)))
            anchors |= seq[0][2]
            if self.pos >= len(self.tokens):
                raise self.fail(f"missing {close!r}")
            tok = self.tokens[self.pos]
            self.pos += 1
            if tok == "|":
                continue
            if tok != close:
                raise self.fail(f"expected {close!r}, found {tok!r}")
            # the longest alternative first: a regular expression takes the first that fits, so "(دیدار|دیدار و
            # گفتگو) با" would never read "دیدار و گفتگو با"; the pattern means the longest phrase written
            ordered = sorted(alternatives, key=lambda alt: -alt[0])
            return "(?:" + "|".join(alt for _, alt in ordered) + ")", frozenset(anchors)

    def _verb(self, spec: str) -> tuple[str, frozenset]:
        from didban.text.verbs import conjugate, verb_regex

        alternatives, anchors = [], set()
        self._last_stems = []
        for name in spec.split("|"):
            name = name.strip()
            stem = name[:-1] if name.endswith("ن") and conjugate(name[:-1]) else name  # کردن -> کرد
            self._last_stems.append(stem)
            try:
                alternatives.append(verb_regex(stem))
            except KeyError:
                raise self.fail(f"unknown verb <{name}>: add its stems to text/data/verb_stems.tsv") from None
            anchors |= {keys[0] for keys in conjugate(stem)}
        group = f"v{len(self.verbs)}"
        self.verbs.append((group, spec))
        return f"(?P<{group}>" + "|".join(alternatives) + ")", frozenset(anchors)

    @staticmethod
    def _join(parts) -> str:
        out = ""
        for kind, regex, _ in parts:
            if kind == "gap":
                out += regex
            elif kind == "optional":
                out += f"(?: {regex})?" if out else f"(?:{regex} )?"
            else:
                out += (" " if out and not out.endswith(" )?") else "") + regex
        return out


def _parse_example(text: str, where: str) -> Example:
    sentence, sep, expected = text.partition("=>")
    if not sep or not sentence.strip():
        raise DidbanError("E303", f"an example must read 'sentence => actors | recipients': {text!r}", path=where)
    expected = expected.strip()
    if expected == "-":
        return Example(sentence.strip(), None)
    actors, _, recipients = expected.partition("|")
    split = lambda s: tuple(x.strip() for x in s.split(",") if x.strip())  # noqa: E731
    if not split(actors):
        raise DidbanError("E303", f"an example names no actor: {text!r}", path=where)
    return Example(sentence.strip(), split(actors), split(recipients))


def _valid_code(value: str) -> bool:
    return bool(re.fullmatch(r"\d{2,4}", value))


def build_entry(raw: dict, classes: dict[str, str], where: str) -> Entry:
    def need(key):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise DidbanError("E303", f"entry {raw.get('id', '?')!r} lacks '{key}'", path=where)
        return raw[key].strip()

    entry_id, cameo, frame, pattern = need("id"), need("cameo"), need("frame"), need("pattern")
    where_entry = f"{where} (entry {entry_id})"
    if not _valid_code(cameo):
        raise DidbanError("E303", f"cameo {cameo!r} is not a CAMEO code (2-4 digits, as a string)", path=where_entry)
    if frame not in FRAMES:
        raise DidbanError("E303", f"unknown frame {frame!r}; frames: {', '.join(FRAMES)}", path=where_entry)
    compiler = _Compiler(classes, where_entry)
    regex, anchors = compiler.compile(pattern)
    negated = str(raw.get("negated", "drop"))
    # a meeting in the future is an intent to meet; "خواهد گفت" has not been said yet; other acts keep their code
    future = str(raw.get("future", "036" if cameo.startswith("04") else "drop" if frame == "say" else "keep"))
    affirmative = str(raw.get("affirmative", "keep"))
    for name, value in (("negated", negated), ("future", future), ("affirmative", affirmative)):
        if value not in OUTCOMES and not _valid_code(value):
            raise DidbanError("E303", f"{name} = {value!r}: 'drop', 'keep' or a CAMEO code", path=where_entry)
    place = str(raw.get("place", "anywhere"))
    if place not in PLACES:
        raise DidbanError("E303", f"place = {place!r}: one of {', '.join(PLACES)}", path=where_entry)
    recipient = raw.get("recipient", [])
    if isinstance(recipient, str):
        recipient = [recipient]
    agent = raw.get("agent", ["از سوی", "از جانب", "از طرف", "توسط"] if frame == "passive" else [])
    if isinstance(agent, str):
        agent = [agent]
    examples = tuple(_parse_example(e, where_entry) for e in raw.get("examples", []))
    known = {"id", "cameo", "frame", "pattern", "recipient", "agent", "affirmative", "meets", "needs_recipient",
             "negated", "future", "place", "examples", "note", "disabled", "weak"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise DidbanError("E303", f"unknown field(s) {', '.join(unknown)}", path=where_entry)
    # whole words; a content cue may end inside a longer word ("مداخله" in "مداخله‌جویانه", "تجاوز" in "تجاوزات")
    end = "" if frame == "content" else r"(?!\S)"
    return Entry(entry_id, cameo, frame, pattern, LazyPattern(r"(?<!\S)(?:" + regex + r")" + end), anchors,
                 tuple(compiler.verbs), frozenset(compiler.light_pairs), tuple(recipient), compiler.weight,
                 tuple(agent), affirmative,
                 bool(raw.get("meets", False)), bool(raw.get("needs_recipient", False)), negated, future, place,
                 examples, str(raw.get("note", "")), where, weak=bool(raw.get("weak", False)),
                 required=compiler.required if frame != "content" else ())


def _read_toml(path: Path) -> dict:
    import tomllib  # only when the codebook is built: a run reads it from the cache folder

    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise DidbanError("E303", f"cannot read it ({exc.strerror})", path=str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise DidbanError("E303", f"not valid TOML ({exc})", path=str(path)) from exc


def user_codebook_dir() -> Path:
    """Where an analyst's codebook overlays live: $DIDBAN_CODEBOOK_DIR, else beside the knowledge-base overlays."""
    if os.environ.get("DIDBAN_CODEBOOK_DIR"):
        return Path(os.environ["DIDBAN_CODEBOOK_DIR"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "didban" / "codebook"


@dataclass(frozen=True)
class Codebook:
    entries: tuple[Entry, ...]
    by_anchor: dict  # key -> entries that can start there
    files: tuple[str, ...]

    @functools.cached_property
    def light_pairs(self) -> frozenset[tuple[str, str]]:
        """(nominal, light verb) of every entry that writes a word right before its verb ("محکوم <کرد>"): a gap of
        another entry ending on that nominal before that verb has met this construction, not its own verb
        ("دیدار با X با Y گفت‌وگو کرد")."""
        return frozenset(pair for e in self.entries for pair in e.light_pairs)

    def by_id(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def candidates(self, keys: set[str]) -> list[Entry]:
        """The entries whose first element can occur among these words (the others cannot match)."""
        seen, out = set(), []
        for key in keys & self.by_anchor.keys():
            for entry in self.by_anchor[key]:
                if entry.id not in seen:
                    seen.add(entry.id)
                    out.append(entry)
        return out

    @functools.cached_property
    def content(self) -> list[Entry]:
        """The cues of what was said (few; matched on every saying verb's words, also inside longer words)."""
        return [e for e in self.entries if e.frame == "content"]

    def by_root(self, root: str | None = None) -> list[Entry]:
        return [e for e in self.entries if root is None or e.cameo.startswith(root)]


def load_codebook(paths: tuple[Path, ...] | None = None, user: bool = True) -> Codebook:
    """The shipped codebook plus the analyst's overlays (later files override earlier ones, entry by entry)."""
    files = list(paths) if paths is not None else list(_shipped_files())
    if paths is None and user:
        files += _overlay_files(str(user_codebook_dir()))
    return _load(tuple(str(f) for f in files))


@functools.lru_cache(maxsize=1)
def _shipped_files() -> tuple[Path, ...]:
    return tuple(sorted(DATA.glob("[0-9][0-9]_*.toml")))


def overlay_files_now() -> list[Path]:
    """The analyst's overlay files as their folder holds them now (what `default_codebook` reads)."""
    return _overlay_files(str(user_codebook_dir()))


def _overlay_files(folder: str) -> list[Path]:
    """The overlay folder's files, listed again only when the folder changes (checked by its modification time)."""
    try:
        stamp = os.stat(folder).st_mtime_ns
    except OSError:
        return []
    return list(_list_overlay(folder, stamp))


@functools.lru_cache(maxsize=8)
def _list_overlay(folder: str, stamp: int) -> tuple[Path, ...]:
    return tuple(sorted(Path(folder).glob("*.toml")))


@functools.lru_cache(maxsize=8)
def _load(files: tuple[str, ...]) -> Codebook:
    """The codebook of these files, built once and then read from the cache folder (building spells out every verb
    form of every pattern: half a second at each start)."""
    try:
        fingerprint = _codebook_fingerprint(files)
    except OSError:  # a file that cannot be read: _build says which, as E303
        return _build(files)
    kept_path = cache_dir() / f"codebook-{fingerprint}.kept"
    codebook, kept = cached("codebook", fingerprint, lambda: _build_with_kept_patterns(files, kept_path))
    if isinstance(kept, dict) and not kept_path.is_file():  # its file was removed: both built again
        codebook, kept = _build_with_kept_patterns(files, kept_path)
        write_cache("codebook", fingerprint, (codebook, kept))
    if isinstance(kept, dict) and kept.get("file") == kept_path.name:  # where each kept form is in kept_path
        source = KeptFile(kept_path)
        for entry, (at, size) in zip(codebook.entries, kept["index"]):
            entry.regex.adopt(source.slot(at, size))
    elif isinstance(kept, list):  # the kept forms themselves (their file could not be written)
        for entry, precompiled in zip(codebook.entries, kept):
            entry.regex.adopt(precompiled)
    return codebook


def _build_with_kept_patterns(files: tuple[str, ...], kept_path: Path) -> tuple[Codebook, dict | list]:
    """The codebook and each pattern's precompiled form (`lazy_pattern.precompile`), so that a pattern's first search
    compiles in C: compiling the patterns one short article reaches took ~0.5 s. The forms (9 MB) go to a file of
    their own beside the cached codebook, `kept_path`, from which a run reads only the patterns it reaches; the
    cached codebook keeps where each one is (or, when that file cannot be written, the forms themselves)."""
    codebook = _build(files)
    kept = [precompile(e.regex.pattern, e.regex.flags) for e in codebook.entries]
    index = write_kept(kept_path, [(e.regex.pattern, k) for e, k in zip(codebook.entries, kept)])
    return codebook, ({"file": kept_path.name, "index": index} if index is not None else kept)


def _codebook_fingerprint(files: tuple[str, ...]) -> str:
    """What a built codebook depends on: its files and the code and word lists that compile patterns."""
    from didban import lazy_pattern, text

    text_dir = Path(text.__file__).parent
    code = [Path(__file__), Path(lazy_pattern.__file__), *sorted(text_dir.glob("*.py")),
            *sorted(p for p in text_dir.glob("data/*") if p.is_file())]
    h = hashlib.sha256("\n".join([*files, repr(lazy_pattern.ENGINE)]).encode("utf-8"))  # kept forms are per engine
    return files_fingerprint([DATA / "classes.toml", *map(Path, files), *code], h)


def _build(files: tuple[str, ...]) -> Codebook:
    classes_raw = _read_toml(DATA / "classes.toml").get("classes", {})
    classes = {k: v for k, v in classes_raw.items() if isinstance(v, str)}
    entries: dict[str, Entry] = {}
    for name in files:
        data = _read_toml(Path(name))
        classes.update({k: v for k, v in data.get("classes", {}).items() if isinstance(v, str)})
        for raw in data.get("entry", []):
            if not isinstance(raw, dict):
                raise DidbanError("E303", "each [[entry]] must be a table", path=name)
            if raw.get("disabled"):
                entries.pop(str(raw.get("id")), None)
                continue
            entry = build_entry(raw, classes, name)
            if entry.id in entries and entries[entry.id].source == name:
                raise DidbanError("E303", f"two entries with the id {entry.id!r}", path=name)
            entries[entry.id] = entry
    by_anchor: dict[str, list[Entry]] = {}
    for entry in entries.values():
        for key in entry.anchors:
            by_anchor.setdefault(key, []).append(entry)
    return Codebook(tuple(entries.values()), by_anchor, files)


def default_codebook() -> Codebook:
    """The shipped codebook with the analyst's overlay folder as it is now (compiled once per set of files)."""
    return load_codebook()
