"""Low-level readers for official data files: plain or gzip, CSV or tab-separated.

Every reader checks its input the same way and raises :class:`DataFormatError` naming the
file, row and column: a missing file (CP-DAT001), bytes that are not text of the expected
shape (CP-DAT002), a missing column (CP-DAT003), a truncated or corrupt gzip (CP-DAT005).
Row numbers are 1-based data rows (the header is row 0).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from careerpivot.errors import DataFormatError, NotFoundError

csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True)
class RawFile:
    """A data file read into memory: ``name`` (file name only), ``text`` and checksums."""

    name: str
    text: str
    sha256: str

    def meta(self, rows: int) -> dict[str, str | int]:
        """The record kept in the store's ``sources.files_json``."""
        return {"name": self.name, "sha256": self.sha256, "rows": rows}


def read_raw(path: Path, *, data: bytes | None = None) -> RawFile:
    """Read ``path`` (or the given bytes under that name), un-gzipping ``*.gz``.

    Raises:
        NotFoundError: CP-DAT001 when the file does not exist.
        DataFormatError: CP-DAT005 for a truncated/corrupt gzip, CP-DAT002 for non-text bytes.
    """
    if data is None:
        if not path.is_file():
            raise NotFoundError(
                "CP-DAT001", f"data file {path} does not exist", "check the path and try again"
            )
        data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if path.name.endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as exc:
            raise DataFormatError(
                "CP-DAT005",
                f"compressed file is truncated or corrupt ({exc})",
                "download or copy the file again",
                file=path.name,
            ) from exc
    if b"\x00" in data[:65536]:
        raise DataFormatError(
            "CP-DAT002",
            "file is binary, not a CSV or tab-separated text file",
            "pass the official CSV/TXT release files (plain or .gz)",
            file=path.name,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return RawFile(name=path.name, text=text, sha256=digest)


def iter_rows(
    raw: RawFile,
    required: Sequence[str],
    *,
    delimiter: str = ",",
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(row_number, row)`` for each data row; ``row`` maps column → stripped value.

    Raises:
        DataFormatError: CP-DAT003 when a required column is missing; CP-DAT002 when the text
            is not delimited as expected or a row is malformed.
    """
    reader = csv.reader(io.StringIO(raw.text, newline=""), delimiter=delimiter, quoting=quoting)
    try:
        header = next(reader)
    except StopIteration:
        raise DataFormatError(
            "CP-DAT002", "file is empty", "pass the official release file", file=raw.name
        ) from None
    except csv.Error as exc:
        raise DataFormatError("CP-DAT002", f"not a CSV file ({exc})", file=raw.name) from exc
    header = [h.strip() for h in header]
    for column in required:
        if column not in header:
            sep = "tab" if delimiter == "\t" else repr(delimiter)
            raise DataFormatError(
                "CP-DAT003",
                f"required column missing; found {len(header)} {sep}-separated columns "
                f"({', '.join(header[:6])}{', …' if len(header) > 6 else ''})",
                "pass the official release file with its original header",
                file=raw.name,
                row=0,
                column=column,
            )
    width = len(header)
    row_no = 0
    try:
        for row_no, values in enumerate(reader, start=1):
            if not values or (len(values) == 1 and not values[0].strip()):
                continue
            if len(values) != width:
                raise DataFormatError(
                    "CP-DAT002",
                    f"row has {len(values)} fields, header has {width}",
                    "the file may be truncated or edited; use the official release",
                    file=raw.name,
                    row=row_no,
                )
            yield row_no, {h: v.strip() for h, v in zip(header, values, strict=True)}
    except csv.Error as exc:
        raise DataFormatError(
            "CP-DAT002", f"malformed CSV ({exc})", file=raw.name, row=row_no + 1
        ) from exc


def split_labels(cell: str) -> list[str]:
    """Split an ESCO multi-value label cell (newline-separated) into clean labels."""
    return [part.strip() for part in cell.splitlines() if part.strip()]


def opt_float(value: str) -> float | None:
    """Parse a BLS/O*NET number; ``None`` for blanks and suppression marks (``*``, ``#``, ``-``)."""
    value = value.replace(",", "").strip()
    if value in {"", "*", "**", "#", "-", "n/a", "NA"}:
        return None
    try:
        return float(value)
    except ValueError:
        return None
