"""Low-level readers for official data files: plain or gzip, CSV or tab-separated, or xlsx.

Every reader checks its input the same way and raises :class:`DataFormatError` naming the
file, row and column: a missing file (CP-DAT001), bytes that are not text of the expected
shape (CP-DAT002), a missing column (CP-DAT003), a truncated or corrupt gzip or xlsx
(CP-DAT005). Row numbers are 1-based data rows (the header is row 0).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from careerpivot.errors import DataFormatError, NotFoundError

csv.field_size_limit(2**31 - 1)

#: Largest uncompressed content an xlsx may declare (official workbooks are far smaller).
MAX_XLSX_BYTES = 512 * 1024 * 1024
#: How many rows from the top of a sheet are searched for the header row.
XLSX_HEADER_SEARCH_ROWS = 50


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


def read_xlsx_as_csv(
    path: Path, columns: Sequence[str] | Mapping[str, str], *, sheet: str | None = None
) -> RawFile:
    """Read the table of an xlsx workbook as CSV text, so the CSV parsers can be reused.

    The header row is the first row, within the first :data:`XLSX_HEADER_SEARCH_ROWS` rows of
    ``sheet`` (default: every sheet in order), that holds every name in ``columns``
    (compared case-insensitively, whitespace collapsed); title rows above it are skipped. The
    table ends at the first completely empty row, so notes below it are ignored. When
    ``columns`` is a mapping, those header cells are renamed to its values (official workbook
    names → the CSV names the parser expects). Cells become text: blanks ``""``, whole floats
    without ``.0``, dates in ISO format. ``sha256`` is that of the workbook file.

    Raises:
        NotFoundError: CP-DAT001 when the file does not exist.
        DataFormatError: CP-DAT005 when it is not a readable xlsx, CP-DAT002 when it declares
            more than :data:`MAX_XLSX_BYTES`, CP-DAT003 when no sheet has the header row.
    """
    if not path.is_file():
        raise NotFoundError(
            "CP-DAT001", f"data file {path} does not exist", "check the path and try again"
        )
    data = path.read_bytes()
    _check_xlsx_size(path, data)
    rename = {_norm(k): v for k, v in columns.items()} if isinstance(columns, Mapping) else {}
    wanted = [_norm(c) for c in columns]
    from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it does not read (styles, validation).
            warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if sheet is None:
                    sheets = list(book.worksheets)
                else:
                    sheets = [book[sheet]] if sheet in book.sheetnames else []
                for ws in sheets:
                    text = _table_as_csv(ws.iter_rows(values_only=True), wanted, rename)
                    if text is not None:
                        return RawFile(name=path.name, text=text, sha256=_sha256(data))
            finally:
                book.close()
    except DataFormatError:
        raise
    except Exception as exc:  # BadZipFile, KeyError (missing part), XML errors, …
        raise DataFormatError(
            "CP-DAT005",
            f"workbook is truncated or corrupt ({type(exc).__name__})",
            "download or copy the file again",
            file=path.name,
        ) from exc
    where = f"sheet {sheet!r}" if sheet else "any sheet"
    raise DataFormatError(
        "CP-DAT003",
        f"no header row with columns {', '.join(columns)} in {where}",
        "pass the official release workbook",
        file=path.name,
        row=0,
        column=next(iter(columns), None),
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _norm(cell: object) -> str:
    return " ".join(str(cell).split()).lower() if cell is not None else ""


def _check_xlsx_size(path: Path, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            declared = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise DataFormatError(
            "CP-DAT005",
            "workbook is truncated or corrupt (not a ZIP-based xlsx)",
            "download or copy the file again; old .xls workbooks must be saved as .xlsx",
            file=path.name,
        ) from exc
    if declared > MAX_XLSX_BYTES:
        raise DataFormatError(
            "CP-DAT002",
            f"workbook declares {declared // (1024 * 1024)} MB of content",
            "this is not an official release workbook",
            file=path.name,
        )


def _table_as_csv(
    rows: Iterable[Sequence[Any]], wanted: list[str], rename: dict[str, str]
) -> str | None:
    """The table under the first row holding every ``wanted`` name, or ``None``."""
    it = iter(rows)
    header: list[str] | None = None
    for _ in range(XLSX_HEADER_SEARCH_ROWS):
        row = next(it, None)
        if row is None:
            return None
        names = [_norm(cell) for cell in row]
        if all(w in names for w in wanted):
            width = max(i for i, n in enumerate(names) if n) + 1
            pairs = zip(names[:width], row[:width], strict=True)
            header = [rename.get(n, _cell_text(c)) for n, c in pairs]
            break
    if header is None:
        return None
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in it:
        cells = [_cell_text(c) for c in row[: len(header)]]
        if not any(c.strip() for c in cells):
            break
        writer.writerow(cells + [""] * (len(header) - len(cells)))
    return buf.getvalue()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)
