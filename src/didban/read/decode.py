"""Bytes to text: UTF-8 (with or without BOM), UTF-16 LE/BE (with or without BOM) and Windows-1256, or a clear error.

Order of the guesses, and why:
1. a BOM says it all (UTF-8, UTF-16 LE, UTF-16 BE);
2. NUL bytes: UTF-16 without a BOM shows them (ASCII) or a steady 0x06 byte (Persian letters are U+06xx) on one byte
   parity; the parity whose decoding reads as text wins; NULs that fit no UTF-16 reading mean binary data (E103);
3. strict UTF-8: Windows-1256 Persian almost never forms valid UTF-8 sequences, so a strict success is trustworthy;
4. Windows-1256, kept only if most of its letters come out Persian/Arabic (else some other legacy page: E104).
Decoded text with many control characters is binary data (E103). Line ends are unified to "\\n" (as Python's text mode
does), so that offsets agree with what other tools read from the same file.
"""
from __future__ import annotations

import codecs

from didban.errors import Codes, DidbanError
from didban.lazy_pattern import compile as kept_compile

_CONTROL = kept_compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ARABIC_LETTER = kept_compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_ANY_LETTER = kept_compile(r"[^\W\d_]")


def _utf16_guess(data: bytes) -> str | None:
    """The UTF-16 byte order that fits `data` (no BOM), or None. Looks at which byte parity carries NULs or 0x06."""
    sample = data[:8192]
    if len(sample) < 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    def high_bytes(half: bytes) -> int:  # how often a byte is the high byte of ASCII (0x00) or Arabic (0x06) text
        return half.count(0) + half.count(6)
    if high_bytes(odd) > 0.3 * len(odd) and high_bytes(even) < 0.1 * len(even):
        return "utf-16-le"
    if high_bytes(even) > 0.3 * len(even) and high_bytes(odd) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)


def _mostly_arabic_script(text: str) -> bool:
    letters = _ANY_LETTER.findall(text[:65536])
    if not letters:
        return False
    return sum(1 for c in letters if _ARABIC_LETTER.match(c)) >= 0.6 * len(letters)


def decode(data: bytes, where: str | None = None) -> str:
    """Decode a file's bytes (see the module docstring for the order of guesses); raises E103 or E104."""
    text = _decode(data, where)
    if _looks_binary(text):
        raise DidbanError(Codes.E103, path=where)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, where: str | None) -> str:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DidbanError(Codes.E104, f"invalid UTF-8 at byte {exc.start + 3}", path=where) from None
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[2:].decode(codec)
            except UnicodeDecodeError:
                raise DidbanError(Codes.E104, f"invalid {codec.upper()}", path=where) from None
    byte_order = _utf16_guess(data)
    if byte_order and len(data) % 2 == 0:
        try:
            text = data.decode(byte_order)
            if not _looks_binary(text):
                return text
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise DidbanError(Codes.E103, "it holds NUL bytes", path=where)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    if text and _mostly_arabic_script(text):
        return text
    raise DidbanError(Codes.E104, f"not UTF-8 (invalid byte at {utf8_error.start}), nor UTF-16 or Windows-1256 Persian",
                      path=where)
