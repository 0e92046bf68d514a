"""The data the stages read, in one object the runner hands to every stage.

    from didban.resources import Resources
    res = Resources()                         # nothing loaded yet
    res.kb                                    # the knowledge base, loaded now (then kept)
    res.gazetteer(tagger=True)                # names, offices and cue lists compiled from res.kb, with the tagger
    Resources(kb=my_kb)                       # a run over another knowledge base, no module cache to clear

A `Resources` builds each part the first time a stage asks for it and keeps it, so a short run only loads what it
uses (start-up stays as fast as with the loaders alone) and a long run loads each part once. The parts come from the
existing loaders (`didban.kb.load_kb`, `events.codebook.default_codebook`, `entities.tagger.load_tagger`,
`entities.matcher.build_resources`); those loaders cache the shipped files (on disk and per process), which keeps a
second Resources cheap. What a Resources adds is one owner per run: a stage never loads the user-dependent data
itself, it reads `resources.kb`, `resources.gazetteer(...)`, `resources.codebook`, so a run can be given other data
(a test's knowledge base, the one role learning added to) without clearing module caches.

What stays with its loader: the read-only word lists shipped inside the package (the text lexicon and verb stems,
segmentation's outlet and abbreviation lists, the CAMEO/PLOVER tables) are the same for every run, so a per-process
cache is right for them; and the memo tables of pure word functions (folding keys, verb analyses) are not data.

`shared()` is the process's Resources for the user's data folders as they are now (knowledge-base overlays,
codebook overlays): every door uses it unless given another, the engines' workers build theirs once per process, and
a change of folder (or `didban.kb.clear_cache()`, or a codebook overlay added) gives a fresh one.
"""
from __future__ import annotations

import threading

_UNSET = object()


class Resources:
    """Knowledge base, gazetteer (with the cue lists), tagger and codebook for the stages; each built when first asked
    for, then kept."""

    def __init__(self, *, kb=None, codebook=None, tagger=_UNSET):
        # parts given here are used as they are; the others are loaded on first use
        self._kb, self._codebook, self._tagger = kb, codebook, tagger
        self._gazetteers: dict[bool, object] = {}
        self._lock = threading.RLock()  # the server's write thread and its readers may ask at the same time

    def __repr__(self) -> str:
        loaded = [name for name, part in (("kb", self._kb), ("codebook", self._codebook))
                  if part is not None] + (["tagger"] if self._tagger is not _UNSET else [])
        loaded += [f"gazetteer(tagger={t})" for t in self._gazetteers]
        return f"Resources(loaded: {', '.join(loaded) or 'nothing yet'})"

    @property
    def kb(self):
        """The knowledge base: the shipped data and the user's overlays (`didban.kb.load_kb`)."""
        if self._kb is None:
            with self._lock:
                if self._kb is None:
                    from didban.kb import load_kb

                    self._kb = load_kb()
        return self._kb

    @property
    def codebook(self):
        """The event codebook: the shipped entries and the analyst's overlays (`events.codebook.default_codebook`)."""
        if self._codebook is None:
            with self._lock:
                if self._codebook is None:
                    from didban.events.codebook import default_codebook

                    self._codebook = default_codebook()
        return self._codebook

    @property
    def tagger(self):
        """The learned name tagger, or None when python-crfsuite or the model is missing."""
        if self._tagger is _UNSET:
            with self._lock:
                if self._tagger is _UNSET:
                    from didban.entities.tagger import load_tagger

                    self._tagger = load_tagger()
        return self._tagger

    def gazetteer(self, tagger: bool = True):
        """What the entities stage matches with: the names and offices of `self.kb`, demonyms and cue lists, and the
        tagger when `tagger` (never loaded when False)."""
        found = self._gazetteers.get(tagger)
        if found is None:
            with self._lock:
                found = self._gazetteers.get(tagger)
                if found is None:
                    from didban.entities.matcher import build_resources

                    found = self._gazetteers[tagger] = build_resources(self.kb, self.tagger if tagger else None)
        return found

    def knowledge_changed(self) -> None:
        """The knowledge base was added to in memory (learned roles): what was compiled from it is built again."""
        with self._lock:
            self._gazetteers.clear()


# --- the process's Resources ------------------------------------------------------------------------------------

_SHARED: dict[tuple, Resources] = {}
_SHARED_LOCK = threading.Lock()


def _data_folders() -> tuple:
    """What the shared Resources depends on besides the shipped files: the user's knowledge-base folder and the
    codebook overlay files now there (a stat of the folder, cheap enough to ask per document)."""
    from didban.events.codebook import overlay_files_now
    from didban.kb import user_kb_dir

    return str(user_kb_dir()), tuple(map(str, overlay_files_now()))


def shared() -> Resources:
    """The Resources every door uses unless given another: one per process and per state of the user's folders."""
    key = _data_folders()
    found = _SHARED.get(key)
    if found is None:
        with _SHARED_LOCK:
            found = _SHARED.get(key)
            if found is None:
                _SHARED.clear()  # an older state of the folders is not asked for again
                found = _SHARED[key] = Resources()
    return found


def forget_shared() -> None:
    """Drop the shared Resources (the knowledge base was reloaded: `didban.kb.clear_cache`)."""
    with _SHARED_LOCK:
        _SHARED.clear()
