"""Writing output whole or not at all: every failure to write (a full disk, a read-only folder, a closed pipe) is E701
naming where the output went, never a traceback, and never a 0-byte or half-written file left under the output's name.

A file is written to a temporary file in the same folder (so the rename cannot cross file systems) and renamed over
the target only once everything was written; a file that was there before stays as it was when writing fails.
"""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO, Iterator

from didban.errors import Codes, DidbanError


def write_error(exc: OSError, where) -> DidbanError:
    from didban.read import shown_path

    return DidbanError(Codes.E701, exc.strerror or str(exc) or type(exc).__name__, path=shown_path(where))


@contextlib.contextmanager
def output_path(path) -> Iterator[Path]:
    """A temporary path beside `path` for a writer that takes a path (pyarrow); renamed to `path` when the block ends
    without an error, removed otherwise."""
    target = Path(path)
    import secrets  # here, not at import: a run that writes to standard output never needs it

    tmp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise write_error(exc, target) from None
    except BaseException:
        _remove(tmp)
        raise


@contextlib.contextmanager
def output_file(path, *, binary: bool = False, newline: str | None = None) -> Iterator[IO]:
    """The file at `path` opened for writing (UTF-8 text unless `binary`), written whole or not at all."""
    with output_path(path) as tmp:
        # "x": the temporary name is new; created with the user's umask like any file the command writes
        with open(tmp, "xb") if binary else open(tmp, "x", encoding="utf-8", newline=newline) as fh:
            yield fh


@contextlib.contextmanager
def stdout_errors() -> Iterator[IO]:
    """Standard output for a block that writes to it: a failed write or flush (`> /dev/full`, a closed pipe) is E701."""
    try:
        yield sys.stdout
        sys.stdout.flush()
    except OSError as exc:
        _discard_stdout()
        raise write_error(exc, "standard output") from None


def _discard_stdout() -> None:
    """Point file descriptor 1 at /dev/null, so that what is still buffered does not fail again (and print a
    Python warning) when the interpreter flushes standard output on exit."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError):  # no real descriptor (a test's captured output): nothing will be flushed there
        pass


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
