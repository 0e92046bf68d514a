"""Errors with a stable code and a hint for the fix.

Every error the project raises on purpose is a `DidbanError` with a code from `Codes`. The CLI prints
`error E103: notes.txt: the file is not text (binary data) — hint: ...` and the HTTP API returns the same code in its
one JSON error shape. Codes never change meaning; add new ones at the end of their block.
"""
from __future__ import annotations

from enum import Enum


class Codes(Enum):
    # (message template, hint)
    # E1xx: reading input
    E101 = ("no such file or directory", "check the path; use '-' to read from standard input")
    E102 = ("no readable documents in this directory", "didban reads .txt, .html, .htm, .jsonl and .json files")
    E103 = ("the file is not text (binary data)", "give didban UTF-8, UTF-16 or Windows-1256 text, HTML or JSON lines")
    E104 = ("the bytes cannot be decoded as text", "save the file as UTF-8")
    E105 = ("the document is empty or holds only whitespace", "remove the file or give it text")
    E106 = ("malformed JSON line", "each line must be one JSON object with a 'text' or 'html' field")
    E107 = ("the file is too large", "split it, or raise the limit with --max-bytes")
    E108 = ("unsupported file type", "didban reads .txt, .html, .htm, .jsonl and .json files")
    E109 = ("the HTML page holds no main text", "check that the page is an article and not an index or error page")
    E110 = ("a field has the wrong type", "'text', 'html', 'title', 'url', 'source' and 'published' must be strings")
    E111 = ("cannot read the file", "check its permissions")
    E112 = ("not a regular file", "give files, folders or '-' for standard input; a pipe or device is never read")
    E113 = ("the input is too complex to process within didban's limits",
            "split the document; the limits per input are listed in README 'Reliability'")
    # E2xx: options and usage
    E201 = ("invalid option value", "see 'didban --help' for the accepted values")
    E202 = ("invalid date", "give dates as YYYY-MM-DD (Gregorian) or as a Jalali date such as 1403-12-18")
    E203 = ("the pipeline is not consistent", "a stage needs a layer that no earlier stage provides")
    E204 = ("unknown pipeline stage", "see didban.pipeline.STAGES for the registered stages")
    E205 = ("unknown value", "see the command's --help for the accepted values")
    E206 = ("an optional part of didban is not installed", "install the extra the message names")
    E207 = ("several documents cannot be written as one JSON document",
            "use --format jsonl (the same objects, one per line) or --out DIR (one file per document)")
    E208 = ("a pipeline stage declares a name that is no layer or field",
            "a stage's requires and provides name Document fields, 'meta.KEY' or 'mentions.FIELD' (didban.handoffs)")
    E209 = ("a pipeline stage set a layer or field that its provides does not name",
            "add the name to the stage's provides (and to the requires of the stages that read it)")
    # E3xx: knowledge base
    E301 = ("the knowledge-base file is malformed", "see the README section 'Knowledge base' for the expected format")
    E302 = ("unknown entity", "check the id, or look names up with 'didban kb lookup'")
    E303 = ("the event codebook is malformed", "see 'didban codebook --help' and the README section 'Events'")
    # E4xx: store
    E401 = ("cannot open the database", "check the --db URL and that the server is running")
    E402 = ("the database is locked or read-only", "close other writers, or check the file's permissions and free disk")
    E403 = ("the database schema is newer than this didban", "upgrade didban")
    E404 = ("not found", "check the id")
    E405 = ("the database file is damaged",
            "didban neither reads nor changes it: restore it from a backup, or salvage what is left with "
            "'sqlite3 FILE .recover' into a new file")
    E406 = ("not a didban database", "check --db: this database belongs to another program and didban leaves it as it "
                                     "is; give a new file (or a PostgreSQL ?schema=NAME) for didban's store")
    E407 = ("the database is not a complete didban store",
            "it holds only part of didban's tables (an interrupted or foreign set-up): give the right --db, or a new "
            "file to store into")
    # E5xx: server
    E501 = ("invalid request", "see /docs for the accepted parameters")
    E502 = ("not authorised", "start the server with --token and send it as 'Authorization: Bearer TOKEN'")
    E503 = ("request too large", "send a smaller document")
    E504 = ("cannot listen on the address", "the port is taken or not allowed: choose another with --port")
    E505 = ("the server is busy", "try again after the seconds given in Retry-After")
    E506 = ("the Host header is not allowed", "use the address the server printed, or start it with --allowed-host NAME")
    # E6xx: watching sources (didban watch): one feed or page failed; the others go on
    E601 = ("the sources list is malformed", "one source a line: URL, then optionally an outlet name and a country")
    E602 = ("the server answered with an error", "the source is retried later, less and less often while it fails")
    E603 = ("the request timed out or the connection failed", "the source is retried later; check the URL")
    E604 = ("not a feed or sitemap", "give an RSS/Atom feed or a (news) sitemap URL")
    E605 = ("the response is too large", "raise the limit with --max-page-bytes")
    E606 = ("too many redirects, or a redirect loop", "check the URL in a browser")
    E607 = ("robots.txt disallows fetching this URL", "didban honours robots.txt; ask the site or drop the source")
    E608 = ("unsupported URL", "sources are http:// or https:// URLs")
    # E7xx: writing output (a file named with --out, or standard output)
    E701 = ("cannot write the output", "check the free space and the permissions where the output goes")
    # E9xx: bugs caught by the batch policy
    E901 = ("internal error while processing the document", "please report it with the document that caused it")


class DidbanError(Exception):
    """An expected failure: bad input, a bad option, a missing database. Never a bug."""

    def __init__(self, code: Codes | str, detail: str | None = None, *, path: str | None = None,
                 line: int | None = None, hint: str | None = None):
        self.code = code if isinstance(code, Codes) else Codes[code]
        message, default_hint = self.code.value
        self.message = message if not detail else f"{message}: {detail}"
        self.path = path
        self.line = line
        self.hint = hint or default_hint
        super().__init__(str(self))

    def __reduce__(self):
        # the one way errors (and the batch's `Failure`s holding them) cross worker processes: rebuilt from the parts
        # as they are now, since the batch sets `path` after raising
        return (_rebuild, (self.code.name, self.message, self.path, self.line, self.hint))

    @property
    def where(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line is not None else str(self.path)

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.code.name}: {where}{self.message}"

    def to_dict(self) -> dict:
        """The one JSON error shape (CLI `--format json` reports and the HTTP API)."""
        return {"error": {"code": self.code.name, "message": self.message, "hint": self.hint,
                          "path": self.path, "line": self.line}}


def needs_extra(what: str, module: str, extra: str | None) -> DidbanError:
    """E206 for an optional part that is missing: `what` needs `module`; the hint names the pip install."""
    hint = f"pip install 'didban[{extra}]'" if extra else f"pip install {module}"
    return DidbanError(Codes.E206, f"{what} needs {module}", hint=hint)


def _rebuild(code: str, message: str, path: str | None, line: int | None, hint: str | None) -> DidbanError:
    error = DidbanError(code, path=path, line=line, hint=hint)
    error.message = message
    error.args = (str(error),)
    return error
