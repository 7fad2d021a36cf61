"""Decide what kind of document some bytes are: content first, file name second.

Returns one of ``pdf``, ``docx``, ``linkedin`` (a LinkedIn data-export ZIP) or ``text`` (which
covers plain text, Markdown, JSON Resume and saved profile JSON — told apart after decoding).

- ``%PDF-`` in the first KB is a PDF; ``PK\\x03\\x04`` is a ZIP, which is a DOCX when it holds
  ``word/document.xml`` and a LinkedIn export when it holds ``Positions.csv`` or
  ``Profile.csv`` (at any folder depth).
- Known other formats (legacy ``.doc``, RTF, ODT, images, other archives) are CP-DOC007 with a
  hint to export the CV in a supported format.
- A name claiming a binary format (``.pdf``, ``.docx``, ``.zip``) whose content is something
  else is CP-DOC004 (corrupt, or not of the claimed type).
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import PurePath

from careerpivot.errors import DocumentError
from careerpivot.profile.safezip import open_zip

SUPPORTED_HINT = (
    "supported formats: PDF with a text layer, DOCX, TXT/Markdown, JSON Resume, "
    "a LinkedIn data-export ZIP or a saved profile JSON"
)
LINKEDIN_FILES = frozenset(
    {"profile.csv", "positions.csv", "education.csv", "skills.csv", "languages.csv"}
)

_UNSUPPORTED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file (.doc)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%!PS", "a PostScript file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"BZh", "a bzip2 archive"),
)
_CLAIMED_BINARY = {".pdf": "PDF", ".docx": "DOCX", ".zip": "ZIP"}


def _unsupported(kind: str) -> DocumentError:
    hint = SUPPORTED_HINT
    if "image" in kind:
        hint = "an image of a CV has no text layer; " + hint
    elif ".doc" in kind or "RTF" in kind or "OpenDocument" in kind:
        hint = "save the CV as DOCX or PDF; " + hint
    return DocumentError("CP-DOC007", f"the file is {kind}, which is not supported", hint)


def sniff_format(data: bytes, filename: str | None = None) -> str:
    """The document kind of ``data`` (see module docstring).

    Args:
        data: the document bytes (not empty).
        filename: the original file name, used only as a tie-breaker.

    Raises:
        DocumentError: CP-DOC007 for unsupported formats, CP-DOC004 for a name/content
            mismatch or an unreadable archive, CP-DOC006 for a zip bomb.
    """
    suffix = PurePath(filename or "").suffix.lower()
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if data.startswith(_UNSUPPORTED_MAGIC[0][0]) and suffix == ".docx":
        raise DocumentError(
            "CP-DOC003",
            "the DOCX file is password-protected (Word stores encrypted files in another format)",
            "open it in Word, remove the password (File > Info > Protect) and save again",
        )
    for magic, kind in _UNSUPPORTED_MAGIC:
        if data.startswith(magic):
            raise _unsupported(kind)
    if suffix in _CLAIMED_BINARY:
        raise DocumentError(
            "CP-DOC004",
            f"the file is named {suffix} but its content is not a {_CLAIMED_BINARY[suffix]}",
            "the file may be damaged or renamed; export it again from the program that made it",
        )
    return "text"


def _zip_kind(data: bytes) -> str:
    with open_zip(data, what="ZIP") as archive:
        names = [info.filename for info in archive.infolist()]
        if "word/document.xml" in names:
            return "docx"
        base_names = {posixpath.basename(name).lower() for name in names}
        if {"positions.csv", "profile.csv"} & base_names:
            return "linkedin"
        if "mimetype" in names and b"opendocument" in _small_member(archive, "mimetype"):
            raise _unsupported("an OpenDocument file (.odt)")
    raise DocumentError(
        "CP-DOC007",
        "the ZIP archive is neither a DOCX file nor a LinkedIn data export",
        SUPPORTED_HINT,
    )


def _small_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """The content of a tiny member, or ``b""`` when it is large or unreadable."""
    try:
        if archive.getinfo(name).file_size > 200:
            return b""
        return archive.read(name)
    except Exception:  # corrupt or encrypted member: not our concern here
        return b""
