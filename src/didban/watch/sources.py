"""What to watch: feed and sitemap URLs given on the command line or listed in a file.

A sources file has one source a line: the URL, then optionally the outlet's name (spaces allowed) and its country as
an ISO 3166-1 alpha-3 code at the end. Fields may be separated by tabs or by spaces; `#` starts a comment:

    https://www.irna.ir/rss                     ایرنا   IRN
    https://www.isna.ir/sitemap-news.xml        ISNA
    https://example.com/feed.xml
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from didban.errors import Codes, DidbanError

_COUNTRY = re.compile(r"^[A-Z]{3}$")
# query parameters that only track where a reader came from: the same article under any of them is one URL
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|yclid|mc_cid|mc_eid|_ga)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    name: str | None = None
    country: str | None = None


def canonical_url(url: str) -> str:
    """The form a URL is remembered by: scheme and host lower-cased, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def check_url(url: str, where: str | None = None, line: int | None = None) -> str:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise DidbanError(Codes.E608, repr(url), path=where, line=line)
    return url


def parse_line(line: str, where: str | None = None, number: int | None = None) -> Source | None:
    """One line of a sources file (None for a blank or comment line)."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    text = _strip_comment(stripped)
    fields = [f.strip() for f in (text.split("\t") if "\t" in text else text.split())]
    fields = [f for f in fields if f]
    url = fields[0]
    if not is_url(url):
        raise DidbanError(Codes.E601, f"{url!r} is not an http(s) URL", path=where, line=number)
    check_url(url, where, number)
    rest = fields[1:]
    country = rest.pop() if rest and _COUNTRY.match(rest[-1]) else None
    name = " ".join(rest) or None
    return Source(canonical_url(url), name, country)


def _strip_comment(line: str) -> str:
    """Drop a ` # comment` at the end; a '#' inside a URL (a fragment) is not a comment."""
    return re.split(r"\s#", line, maxsplit=1)[0].strip()


def read_sources_file(path: str | Path) -> list[Source]:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise DidbanError(Codes.E101, path=str(path), hint="give feed URLs, or a file listing them") from None
    except OSError as exc:
        raise DidbanError(Codes.E111, exc.strerror or type(exc).__name__, path=str(path)) from None
    from didban.read.decode import decode

    sources = []
    for number, line in enumerate(decode(raw, str(path)).splitlines(), 1):
        found = parse_line(line, str(path), number)
        if found is not None:
            sources.append(found)
    if not sources:
        raise DidbanError(Codes.E601, "no sources in the file", path=str(path))
    return sources


def read_sources(arguments: list[str]) -> list[Source]:
    """SOURCES as given on the command line: URLs, or files listing them. The first of two equal URLs wins."""
    found: dict[str, Source] = {}
    for arg in arguments:
        items = [Source(canonical_url(check_url(arg)))] if is_url(arg) else read_sources_file(arg)
        for src in items:
            found.setdefault(src.url, src)
    return list(found.values())
