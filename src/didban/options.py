"""One options object for a run, validated when built. Defaults live here and nowhere else.

The CLI maps its flags onto `Options`; the Python API takes the same names as keyword arguments
(`didban.extract(path, tagger=False)`); the HTTP server builds one per request.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from didban.errors import Codes, DidbanError

DIGIT_POLICIES = ("persian", "latin", "keep")
ERROR_POLICIES = ("skip", "raise")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Options:
    # --- normalization (text/)
    digits: str = "persian"  # digits in the normalized copy: "persian" (۰-۹, like standard Persian), "latin", "keep"
    zwnj_repair: bool = True  # restore lost zero-width non-joiners and split glued conjunctions
    # --- reading (read/)
    max_bytes: int = 50 * 1024 * 1024  # larger files are refused (E107): 50 MB is ~10,000 long articles
    published: str | None = None  # force the publication date (ISO) when the input carries none
    # --- entities and resolution
    tagger: bool = True  # the learned name tagger (Arman-trained CRF); False = gazetteer and patterns only
    home_country: str = "IRN"  # what "کشورمان" (our country) means when the outlet's country is unknown
    learn_roles: bool = False  # persist roles read from appositions ("X وزیر امور خارجه Y") to the user KB overlay
    # --- events
    min_confidence: float = 0.5  # events below this are dropped (e.g. a meeting with an office-holder nobody names)
    # --- runs
    on_error: str = "skip"  # a bad document in a batch: "skip" (report, count, go on) or "raise" (tests)
    stages: tuple[str, ...] | None = None  # run only up to these stages (None: the whole pipeline)

    def __post_init__(self) -> None:
        if self.digits not in DIGIT_POLICIES:
            raise DidbanError(Codes.E201, f"digits={self.digits!r}; choose one of {', '.join(DIGIT_POLICIES)}")
        if self.on_error not in ERROR_POLICIES:
            raise DidbanError(Codes.E201, f"on_error={self.on_error!r}; choose one of {', '.join(ERROR_POLICIES)}")
        if not isinstance(self.max_bytes, int) or self.max_bytes <= 0:
            raise DidbanError(Codes.E201, f"max_bytes={self.max_bytes!r} must be a positive integer")
        if self.published is not None and not _ISO_DATE.match(str(self.published)):
            raise DidbanError(Codes.E202, f"published={self.published!r}")
        if not isinstance(self.min_confidence, (int, float)) or not 0 <= self.min_confidence <= 1:
            raise DidbanError(Codes.E201, f"min_confidence={self.min_confidence!r} must be between 0 and 1")
        if not re.fullmatch(r"[A-Z]{3}", str(self.home_country)):
            raise DidbanError(Codes.E201, f"home_country={self.home_country!r} must be an ISO 3166-1 alpha-3 code")

    @classmethod
    def build(cls, options: "Options | None" = None, **overrides) -> "Options":
        """Options from an existing object plus keyword overrides; unknown names are an error, not ignored."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise DidbanError(Codes.E201, f"unknown option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        base = options or cls()
        return replace(base, **{k: v for k, v in overrides.items() if v is not None}) if overrides else base
