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
    # --- watching feeds (watch/): politeness defaults; see docs/watching.md
    watch_every: float = 300.0  # seconds between polls of one feed (`--every 5m`)
    watch_timeout: float = 20.0  # seconds for connecting and for each read of one request
    watch_max_page_bytes: int = 5 * 1024 * 1024  # a feed, sitemap or article page larger than this is refused
    watch_per_host: int = 2  # requests in flight to one host at a time
    watch_host_interval: float = 1.0  # seconds between the starts of two requests to one host (robots Crawl-delay wins)
    watch_retries: int = 2  # extra tries after a timeout, a connection error, 429 or 5xx
    watch_backoff: float = 2.0  # seconds before the first retry, doubled for each next one
    watch_max_backoff: float = 86400.0  # a failing feed is polled at most this far apart (slowed, never dropped)
    watch_max_redirects: int = 5
    watch_concurrency: int = 8  # requests in flight in all (across hosts)
    watch_max_new: int = 500  # new articles taken from one poll of one feed (the newest first)
    watch_max_age_days: float = 7.0  # sitemap entries dated older than this are ignored (feeds are short anyway)
    watch_lease: float = 600.0  # seconds a watcher holds a claimed feed or article before another may take it
    watch_user_agent: str = "didban-watch/0.1 (+https://pypi.org/project/didban/)"

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
        _check_watch(self)
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


def _check_watch(options: Options) -> None:
    positive = ("watch_every", "watch_timeout", "watch_max_page_bytes", "watch_per_host", "watch_concurrency",
                "watch_max_new", "watch_max_age_days", "watch_lease", "watch_max_backoff")
    for name in positive:
        value = getattr(options, name)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            raise DidbanError(Codes.E201, f"{name}={value!r} must be a positive number")
    for name in ("watch_host_interval", "watch_retries", "watch_backoff", "watch_max_redirects"):
        value = getattr(options, name)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise DidbanError(Codes.E201, f"{name}={value!r} must be zero or more")
    if not options.watch_user_agent or not str(options.watch_user_agent).isprintable():
        raise DidbanError(Codes.E201, "watch_user_agent must be a non-empty printable string")
