"""Safe unpacking of downloaded release archives (zip) onto disk.

Every member is checked before anything is written: no absolute or ``..`` paths, no links,
no encrypted members, a capped member count, total size and compression ratio; sizes are
recounted while writing so a member cannot expand beyond what it declared.
"""

from __future__ import annotations

import re
import stat
import zipfile
from pathlib import Path, PurePosixPath

from careerpivot.errors import DataFormatError

MAX_UNPACKED_BYTES = 4 * 1024**3
"""Largest total an archive may expand to."""
MAX_RATIO = 200.0
"""Largest compression ratio accepted for a member over 1 MiB (zip bombs go far beyond)."""
MAX_MEMBERS = 10_000
CHUNK = 256 * 1024
DATA_SUFFIXES = (".txt", ".csv", ".xlsx", ".gz")


def _unsafe(archive: Path, message: str) -> DataFormatError:
    return DataFormatError(
        "CP-DAT009",
        message,
        "the archive is not an official release; do not unpack it, check the URL or mirror",
        file=archive.name,
    )


def unpack(
    archive: Path,
    dest: Path,
    *,
    suffixes: tuple[str, ...] = DATA_SUFFIXES,
    max_bytes: int = MAX_UNPACKED_BYTES,
) -> list[Path]:
    """Check every member of the zip ``archive``, then extract those ending in ``suffixes``.

    Returns:
        The extracted files.

    Raises:
        DataFormatError: CP-DAT009 for a member path that is absolute or contains ``..``, a
            link, an encrypted member, too many members, more than ``max_bytes`` in total,
            a suspicious compression ratio, or a member that expands beyond its stated size;
            CP-DAT005 for a corrupt zip.
    """
    try:
        with zipfile.ZipFile(archive) as zf:
            members = check_members(archive, zf, max_bytes)
            out = []
            budget = max_bytes
            for info in members:
                if not info.filename.lower().endswith(suffixes):
                    continue
                target = dest.joinpath(*PurePosixPath(info.filename).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                budget -= _extract(archive, zf, info, target, min(info.file_size, budget))
                out.append(target)
            return out
    except (zipfile.BadZipFile, EOFError, NotImplementedError) as exc:
        raise DataFormatError(
            "CP-DAT005", f"zip archive is corrupt ({exc})", "download it again", file=archive.name
        ) from exc


def check_members(
    archive: Path, zf: zipfile.ZipFile, max_bytes: int = MAX_UNPACKED_BYTES
) -> list[zipfile.ZipInfo]:
    """The non-directory members of ``zf``, after checking every member is safe to unpack."""
    members = [m for m in zf.infolist() if not m.is_dir()]
    if len(members) > MAX_MEMBERS:
        raise _unsafe(archive, f"zip archive has {len(members):,} members")
    for info in zf.infolist():
        name = info.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts:
            raise _unsafe(archive, f"zip member {info.filename!r} points outside its folder")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _unsafe(archive, f"zip member {info.filename!r} is a symbolic link")
        if info.flag_bits & 0x1:
            raise _unsafe(archive, f"zip member {info.filename!r} is encrypted")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024**2 and ratio > MAX_RATIO:
            raise _unsafe(archive, f"zip member {info.filename!r} is compressed {ratio:.0f} to 1")
    total = sum(m.file_size for m in members)
    if total > max_bytes:
        raise _unsafe(archive, f"zip archive expands to {total:,} bytes")
    return members


def _extract(
    archive: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, cap: int
) -> int:
    written = 0
    with zf.open(info) as src, open(target, "wb") as out:
        while chunk := src.read(CHUNK):
            written += len(chunk)
            if written > cap:
                raise _unsafe(archive, f"zip member {info.filename!r} expands beyond its size")
            out.write(chunk)
    return written
