"""One options object for a run, validated when built. Defaults live here and nowhere else.

Every setting a user may change is a field with its help text; the CLI generates its flags from these fields
(`didban.cli.pipeline_options`), the Python API takes the same names as keyword arguments
(`didban.extract(path, tagger=False)`), and the HTTP server builds one per request from the body's "options".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace

from didban.errors import Codes, DidbanError

DIGIT_POLICIES = ("persian", "latin", "keep")
ERROR_POLICIES = ("skip", "raise")


def setting(default, help: str, *, stage: str = "read", choices: tuple[str, ...] | None = None,
            flag: str | None = None, aliases: tuple[str, ...] = (), metavar: str | None = None, cli: bool = True):
    """A field of `Options` with what the CLI needs to offer it as a flag.

    `stage`: the pipeline stage the setting concerns (a command offers the settings of the stages it runs);
    `flag`: the flag's name when the field's own would read badly; `aliases`: older flag names still accepted.
    """
    return field(default=default, metadata={"help": help, "stage": stage, "choices": choices, "flag": flag,
                                             "aliases": aliases, "metavar": metavar, "cli": cli})


@dataclass(frozen=True, slots=True)
class Options:
    # --- reading (read/)
    max_bytes: int = setting(50 * 1024 * 1024, "refuse files (and JSON lines) larger than this many bytes (E107); "
                             "50 MB is ~10,000 long articles", metavar="N")
    # the time and memory of the pipeline grow with a document's length, and faster than linearly with one sentence's:
    # these two bound both per document (README "Reliability" has the figures)
    max_chars: int = setting(1_000_000, "refuse documents whose text is longer than this many characters (E113); a "
                             "long article is ~20,000", metavar="N")
    max_sentence_chars: int = setting(20_000, "refuse documents holding a stretch of more than this many characters "
                                      "without a sentence end or line break (E113)", metavar="N")
    published: str | None = setting(None, "publication date for inputs that carry none: YYYY-MM-DD (Gregorian) or a "
                                    "Jalali date such as 1403-12-17, stored converted to Gregorian", metavar="DATE")
    # --- normalization (text/)
    digits: str = setting("persian", "digits in the normalized copy", stage="normalize", choices=DIGIT_POLICIES)
    zwnj_repair: bool = setting(True, "restore lost zero-width non-joiners and split glued conjunctions",
                                stage="normalize", aliases=("--no-zwnj",))
    # --- entities and resolution
    tagger: bool = setting(True, "use the learned name tagger (Arman-trained CRF) besides the gazetteer and "
                           "patterns", stage="entities")
    home_country: str = setting("IRN", "what 'کشورمان' (our country) means when the outlet's country is unknown "
                                "(ISO 3166-1 alpha-3 code or a country's name)", stage="entities", metavar="COUNTRY")
    learn_roles: bool = setting(False, "remember offices the articles state ('X وزیر امور خارجه Y') in the user "
                                "knowledge base", stage="resolve")
    # --- events
    min_confidence: float = setting(0.5, "drop events below this confidence (0-1), e.g. a meeting with an "
                                    "office-holder nobody names", stage="events", metavar="X")
    plain_remarks: bool = setting(False, "keep plain remarks (CAMEO 010 'make statement'): what someone said that "
                                  "codes no more specific act; PLOVER has no such category, and they are off by "
                                  "default", stage="events")
    # --- runs (not offered as flags: the CLI reports and skips, tests raise)
    on_error: str = setting("skip", "a bad document in a batch: skip (report, count, go on) or raise",
                            stage="run", choices=ERROR_POLICIES, cli=False)
    stages: tuple[str, ...] | None = setting(None, "run only these stages (None: the whole pipeline)", stage="run",
                                             cli=False)
    # how `published` was given when it was not Gregorian ("1403-12-17 (Jalali)"); set by validation, recorded
    # with the documents that take their date from the option
    published_as: str | None = setting(None, "", stage="run", cli=False)
    # --- watching feeds (watch/): politeness defaults, see docs/watching.md; `didban watch` maps its own flags here
    watch_every: float = setting(300.0, "seconds between polls of one feed (`--every 5m`)", stage="watch", cli=False)
    watch_timeout: float = setting(20.0, "seconds for connecting and for each read of one request", stage="watch",
                                   cli=False)
    watch_max_page_bytes: int = setting(5 * 1024 * 1024, "a feed, sitemap or article page larger than this is refused",
                                        stage="watch", cli=False)
    watch_per_host: int = setting(2, "requests in flight to one host at a time", stage="watch", cli=False)
    watch_host_interval: float = setting(1.0, "seconds between the starts of two requests to one host (robots.txt "
                                         "Crawl-delay wins)", stage="watch", cli=False)
    watch_retries: int = setting(2, "extra tries after a timeout, a connection error, 429 or 5xx", stage="watch",
                                 cli=False)
    watch_backoff: float = setting(2.0, "seconds before the first retry, doubled for each next one", stage="watch",
                                   cli=False)
    watch_max_backoff: float = setting(86400.0, "a failing feed is polled at most this far apart (slowed, never "
                                       "dropped)", stage="watch", cli=False)
    watch_max_redirects: int = setting(5, "redirects followed for one request", stage="watch", cli=False)
    watch_concurrency: int = setting(8, "requests in flight in all (across hosts)", stage="watch", cli=False)
    watch_max_new: int = setting(500, "new articles taken from one poll of one feed (the newest first)",
                                 stage="watch", cli=False)
    watch_max_age_days: float = setting(7.0, "sitemap entries dated older than this are ignored", stage="watch",
                                        cli=False)
    watch_lease: float = setting(600.0, "seconds a watcher holds a claimed feed or article before another may take "
                                 "it", stage="watch", cli=False)
    watch_user_agent: str = setting("didban-watch/0.1 (+https://pypi.org/project/didban/)", "the User-Agent header",
                                    stage="watch", cli=False)

    def __post_init__(self) -> None:
        if self.digits not in DIGIT_POLICIES:
            raise DidbanError(Codes.E201, f"digits={self.digits!r}; choose one of {', '.join(DIGIT_POLICIES)}")
        if self.on_error not in ERROR_POLICIES:
            raise DidbanError(Codes.E201, f"on_error={self.on_error!r}; choose one of {', '.join(ERROR_POLICIES)}")
        for name in ("max_bytes", "max_chars", "max_sentence_chars"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise DidbanError(Codes.E201, f"{name}={value!r} must be a positive integer")
        if isinstance(self.min_confidence, bool) or not isinstance(self.min_confidence, (int, float)) \
                or not 0 <= self.min_confidence <= 1:
            raise DidbanError(Codes.E201, f"min_confidence={self.min_confidence!r} must be between 0 and 1")
        _check_watch(self)
        for name in ("tagger", "zwnj_repair", "learn_roles"):
            if not isinstance(getattr(self, name), bool):
                raise DidbanError(Codes.E201, f"{name}={getattr(self, name)!r} must be true or false")
        if self.published is not None and self.published_as is None:
            iso, calendar = parse_date(self.published, "published")
            if calendar != "gregorian":  # frozen: validation may still store the converted value once
                object.__setattr__(self, "published_as", f"{self.published} ({calendar.capitalize()})")
            object.__setattr__(self, "published", iso)
        if self.home_country != "IRN":  # the default needs no look-up; anything else must be a real country
            from didban.vocab import check_country

            object.__setattr__(self, "home_country", check_country(str(self.home_country), "home_country"))

    @classmethod
    def build(cls, options: "Options | None" = None, **overrides) -> "Options":
        """Options from an existing object plus keyword overrides; unknown names are an error, not ignored.
        An override of None keeps the current value (the CLI passes None for a flag not given)."""
        known = {f.name for f in fields(cls) if f.name != "published_as"}
        unknown = sorted(set(overrides) - known)
        if unknown:
            from difflib import get_close_matches

            close = [m for name in unknown for m in get_close_matches(name, sorted(known), n=2)]
            hint = f"did you mean {', '.join(close)}?" if close else None
            raise DidbanError(Codes.E201, f"unknown option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}",
                              hint=hint)
        base = options or cls()
        changes = {k: v for k, v in overrides.items() if v is not None}
        if "published" in changes:
            changes["published_as"] = None  # validate the new date afresh
        return replace(base, **changes) if changes else base

    @classmethod
    def from_settings(cls, settings: dict, **fixed) -> "Options":
        """Options from user-facing settings by name (the "options" object of `POST /api/documents`): only the
        settings the CLI offers as flags are accepted (not `on_error` or `stages`), each validated as at every other
        door; `fixed` are the caller's own (a setting given in `settings` wins over a `fixed` one of the same name)."""
        if not isinstance(settings, dict):
            raise DidbanError(Codes.E201, "options must be an object of settings by name, e.g. {\"tagger\": false}")
        offered = sorted(f.name for f in cls.settings())
        unknown = sorted(str(name) for name in set(settings) - set(offered))
        if unknown:
            from difflib import get_close_matches

            close = [m for name in unknown for m in get_close_matches(name, offered, n=2)]
            raise DidbanError(Codes.E201, f"unknown option(s) {', '.join(unknown)}; accepted: {', '.join(offered)}",
                              hint=f"did you mean {', '.join(close)}?" if close else None)
        return cls.build(**{**fixed, **settings})

    @classmethod
    def settings(cls, stages: tuple[str, ...] | None = None) -> list:
        """The user-facing fields (those the CLI offers), optionally only those of the given stages."""
        return [f for f in fields(cls) if f.metadata.get("cli") and (stages is None or f.metadata["stage"] in stages)]


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


# --- dates given by users ----------------------------------------------------------------------------------------

_USER_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
JALALI_YEARS = range(1200, 1600)  # Solar Hijri 1200-1599 = Gregorian 1821-2221: a year here is read as Jalali
GREGORIAN_YEARS = range(1600, 3000)


def parse_date(value: str, what: str = "date") -> tuple[str, str]:
    """A date a user typed → (ISO Gregorian date, calendar it was given in: "gregorian" or "jalali").

    Accepts YYYY-MM-DD (also with / or . and Persian digits); a year 1200-1599 is a Jalali (Solar Hijri) year and is
    converted. An impossible day ("2025-02-30", "1403-12-31") or anything else is E202 naming `what`.
    """
    from didban.text.keys import latin_digits

    text = latin_digits(str(value).strip())
    m = _USER_DATE.fullmatch(text)
    if not m:
        raise DidbanError(Codes.E202, f"{what}={value!r} is not a date as YYYY-MM-DD")
    year, month, day = map(int, m.groups())
    try:
        if year in JALALI_YEARS:
            import jdatetime

            return jdatetime.date(year, month, day).togregorian().isoformat(), "jalali"
        if year in GREGORIAN_YEARS:
            from datetime import date

            return date(year, month, day).isoformat(), "gregorian"
    except ValueError as exc:
        calendar = "Jalali" if year in JALALI_YEARS else "Gregorian"
        raise DidbanError(Codes.E202, f"{what}={value!r}: no such day in the {calendar} calendar ({exc})") from exc
    raise DidbanError(Codes.E202, f"{what}={value!r}: year {year} is neither a Gregorian year "
                                  f"({GREGORIAN_YEARS.start}-{GREGORIAN_YEARS.stop - 1}) nor a Jalali one "
                                  f"({JALALI_YEARS.start}-{JALALI_YEARS.stop - 1})")
