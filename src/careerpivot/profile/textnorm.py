"""Bytes to clean text: encoding detection, binary detection and normalisation.

Decoding order: UTF-8 (a UTF-8 BOM is dropped), UTF-16/UTF-32 with a BOM, UTF-16 without a
BOM when every other byte is zero, then Windows-1252 with warning CP-DOC102. Text that still
looks binary (control characters, NUL bytes) is rejected.

Normalisation (:func:`normalize_text`): Unicode NFKC (ligatures, non-breaking spaces), one
``\\n`` per line break, no trailing spaces, tabs as four spaces, at most one blank line in a
row, zero-width characters removed. Leading indentation is kept because the CV parser uses it
to join wrapped bullet lines.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from careerpivot.errors import DocumentError
from careerpivot.profile.models import ProfileWarning

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ALLOWED_CONTROLS = frozenset("\n\r\t\f\v")
#: Share of control / unassigned characters above which a text counts as binary.
BINARY_RATIO = 0.01


def decode_text(data: bytes) -> tuple[str, list[ProfileWarning]]:
    """Decode the bytes of a text document.

    Args:
        data: raw bytes (not empty).

    Returns:
        The decoded text and any warnings (CP-DOC102 for the Windows-1252 fallback).

    Raises:
        DocumentError: CP-DOC007 when the bytes look binary, CP-DOC008 when no encoding fits.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode_or_fail(data, encoding)), []
    try:
        return _checked(data.decode("utf-8")), []
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(utf16), []
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            "CP-DOC008",
            "the text is not UTF-8 and does not decode as Windows-1252 either",
            "save the file as UTF-8 text (most editors offer 'Save with encoding')",
        ) from exc
    warning = ProfileWarning(
        code="CP-DOC102",
        message="the text is not UTF-8; it was read as Windows-1252 - check accented letters",
    )
    return _checked(text), [warning]


def _decode_or_fail(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DocumentError(
            "CP-DOC008",
            f"the text starts with a {encoding.upper()} byte-order mark but does not decode",
            "save the file again as UTF-8 text",
        ) from exc


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    for zeros, encoding in ((data[1::2], "utf-16-le"), (data[0::2], "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _checked(text: str) -> str:
    if looks_binary(text):
        raise DocumentError(
            "CP-DOC007",
            "the file looks like binary data, not text or a supported document",
            "supported formats: PDF with a text layer, DOCX, TXT/Markdown, JSON Resume, "
            "a LinkedIn data-export ZIP or a saved profile JSON",
        )
    return text


def looks_binary(text: str) -> bool:
    """True when more than :data:`BINARY_RATIO` of the characters are control characters,
    unassigned code points or replacement characters, or when the text holds a NUL."""
    if not text:
        return False
    if "\x00" in text:
        return True
    sample = text[:20000]
    bad = sum(1 for ch in sample if _is_bad(ch))
    return bad > BINARY_RATIO * len(sample)


def _is_bad(ch: str) -> bool:
    if ch in _ALLOWED_CONTROLS:
        return False
    if ch == "\ufffd":
        return True
    category = unicodedata.category(ch)
    return category in ("Cc", "Cn", "Cs")


def normalize_text(text: str) -> str:
    """Normalise extracted text for parsing (see module docstring).

    Returns:
        The text, stripped of leading and trailing blank lines.
    """
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = unicodedata.normalize("NFKC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\v", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\t", "    ")
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")
