"""Open ZIP archives (DOCX files, LinkedIn exports) without falling for zip bombs.

Three checks, all before or while decompressing:

1. the declared uncompressed sizes (from the central directory) must add up to at most
   :attr:`ZipLimits.max_total_bytes`, with at most :attr:`ZipLimits.max_members` members;
2. no member larger than 1 MB may declare a compression ratio above
   :attr:`ZipLimits.max_ratio`;
3. while reading, the bytes actually produced are counted, and reading stops with an error as
   soon as a member yields more than it declared or the total passes the limit (headers can
   lie).

Failures raise :class:`~careerpivot.errors.DocumentError` CP-DOC006 (bomb), CP-DOC003
(encrypted member) or CP-DOC004 (not a valid ZIP).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from careerpivot.errors import DocumentError

_CHUNK = 64 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """Limits for one archive. The defaults suit a CV or a LinkedIn export."""

    max_total_bytes: int = 64 * 1024 * 1024
    max_members: int = 5000
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 1024 * 1024


def _bomb(message: str) -> DocumentError:
    return DocumentError(
        "CP-DOC006",
        message,
        "the archive expands to far more data than a CV needs; export the document again",
    )


def open_zip(data: bytes, *, what: str, limits: ZipLimits | None = None) -> zipfile.ZipFile:
    """Open ``data`` as a ZIP archive and check the declared sizes (checks 1 and 2).

    Args:
        data: the archive bytes.
        what: a name for messages, e.g. ``"DOCX"``.
        limits: size limits (default :class:`ZipLimits`).

    Raises:
        DocumentError: CP-DOC004 when ``data`` is not a ZIP archive, CP-DOC006 for a bomb.
    """
    limits = limits or ZipLimits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError (zip version), OSError, …
        raise DocumentError(
            "CP-DOC004",
            f"the {what} file is corrupt (not a readable ZIP archive)",
            "open it in the program that made it and save or export it again",
        ) from exc
    if len(members) > limits.max_members:
        raise _bomb(f"the {what} archive has {len(members)} members")
    total = sum(max(info.file_size, 0) for info in members)
    if total > limits.max_total_bytes:
        raise _bomb(f"the {what} archive declares {total // (1024 * 1024)} MB of content")
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise _bomb(f"a member of the {what} archive is compressed {ratio:.0f} to 1")
    return archive


def read_members(
    archive: zipfile.ZipFile,
    names: list[str] | None = None,
    *,
    what: str,
    limits: ZipLimits | None = None,
    keep: bool = True,
) -> dict[str, bytes]:
    """Decompress members while counting the bytes actually produced (check 3).

    Args:
        archive: an archive from :func:`open_zip`.
        names: members to read (default: all files).
        what: a name for messages.
        limits: size limits (default :class:`ZipLimits`).
        keep: when False the content is read and checked but not returned.

    Returns:
        Member name to content (empty when ``keep`` is False).

    Raises:
        DocumentError: CP-DOC006 when a member yields more than declared or the total passes
            the limit, CP-DOC003 for an encrypted member, CP-DOC004 for a corrupt member.
    """
    limits = limits or ZipLimits()
    wanted = set(names) if names is not None else None
    budget = limits.max_total_bytes
    contents: dict[str, bytes] = {}
    for info in archive.infolist():
        if info.is_dir() or (wanted is not None and info.filename not in wanted):
            continue
        if info.flag_bits & 0x1:
            raise DocumentError(
                "CP-DOC003",
                f"the {what} file is password-protected",
                "remove the password and save it again",
            )
        data = _read_capped(archive, info, min(budget, info.file_size), what)
        budget -= len(data)
        if keep:
            contents[info.filename] = data
    return contents


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, what: str) -> bytes:
    chunks: list[bytes] = []
    produced = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                produced += len(chunk)
                if produced > cap:
                    raise _bomb(f"a member of the {what} archive expands beyond its stated size")
                chunks.append(chunk)
    except DocumentError:
        raise
    except Exception as exc:  # BadZipFile, zlib/bz2/lzma errors, unsupported methods, …
        raise DocumentError(
            "CP-DOC004",
            f"a part of the {what} file is corrupt or cannot be decompressed",
            "open it in the program that made it and save or export it again",
        ) from exc
    return b"".join(chunks)


def check_archive(data: bytes, *, what: str, limits: ZipLimits | None = None) -> None:
    """Run all three checks on every member without keeping the content.

    Raises:
        DocumentError: as :func:`open_zip` and :func:`read_members`.
    """
    with open_zip(data, what=what, limits=limits) as archive:
        read_members(archive, what=what, limits=limits, keep=False)
