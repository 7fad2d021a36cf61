"""Importer for BLS OEWS national cross-industry wages.

Accepts both the official download (``national_M2024_dl.xlsx`` as published, or saved as CSV:
``OCC_CODE``, ``A_MEDIAN``, ``*``/``#`` markers) and the flat export with lower-case columns
(``soc_code``, ``a_median``, ``-`` for missing, footnote 5 = top-coded). Data contract: one
row per SOC 2018 code; annual USD figures or ``None`` where BLS suppresses; ``top_coded``
marks percentiles BLS caps.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from careerpivot.errors import DataFormatError
from careerpivot.taxonomy.readers import (
    RawFile,
    iter_rows,
    opt_float,
    read_raw,
    read_xlsx_as_csv,
)

_SOC = re.compile(r"^\d{2}-\d{4}$")
_LEVELS = {"0": "major", "1": "minor", "2": "broad", "3": "detailed"}
_PCTS = ("a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90")
WageRow = tuple[
    str, str, str, int | None, float | None, float | None, float | None, float | None,
    float | None, float | None, float | None, int, str,
]  # fmt: skip


@dataclass
class WageData:
    """Parsed wage rows (see ``wages`` table in schema.sql) and the release label."""

    release: str
    rows: list[WageRow] = field(default_factory=list)
    files: list[dict[str, str | int]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Row counts, as recorded in the store."""
        return {"occupations": len(self.rows)}


def detect_release(path: Path) -> str:
    """``May 2025`` from a name like ``oews_may2025_…`` or ``national_M2024_dl``."""
    name = path.name.lower()
    if m := re.search(r"may[_-]?(\d{4})", name):
        return f"May {m.group(1)}"
    if m := re.search(r"m(\d{4})", name):
        return f"May {m.group(1)}"
    return "unknown"


def parse(path: Path) -> WageData:
    """Parse an OEWS national file (either layout; CSV plain or .gz, or the official .xlsx).

    Raises:
        DataFormatError: CP-DAT003 missing columns, CP-DAT004 duplicate SOC code at the same
            level, CP-DAT007 malformed SOC code, CP-DAT005 corrupt workbook.
    """
    xlsx = path.suffix.lower() == ".xlsx"
    raw = read_xlsx_as_csv(path, ("OCC_CODE", "OCC_TITLE")) if xlsx else read_raw(path)
    header = raw.text.split("\n", 1)[0]
    official = "OCC_CODE" in header
    data = WageData(release=detect_release(path))
    rows = _official(raw) if official else _flat(raw)
    by_code: dict[str, tuple[int, WageRow]] = {}
    for row_no, row in rows:
        code = row[0]
        if not _SOC.match(code):
            raise DataFormatError(
                "CP-DAT007",
                f"not a SOC code: {code!r}",
                file=raw.name,
                row=row_no,
                column="OCC_CODE" if official else "soc_code",
            )
        if code in by_code:
            if by_code[code][1][2] == row[2]:
                raise DataFormatError(
                    "CP-DAT004",
                    f"duplicate SOC code {code}",
                    file=raw.name,
                    row=row_no,
                    column="OCC_CODE" if official else "soc_code",
                )
            if row[2] != "detailed":  # keep the detailed row when a code repeats by level
                continue
        by_code[code] = (row_no, (*row[:12], data.release))
    data.rows = [row for _, row in by_code.values()]
    data.files.append(raw.meta(len(data.rows)))
    return data


def _row(
    code: str,
    title: str,
    level: str,
    emp: float | None,
    mean: float | None,
    pcts: list[float | None],
    h_median: float | None,
    top: bool,
) -> WageRow:
    p10, p25, p50, p75, p90 = pcts
    employment = int(emp) if emp is not None else None
    return (code, title, level, employment, mean, p10, p25, p50, p75, p90, h_median, int(top), "")


def _official(raw: RawFile) -> list[tuple[int, WageRow]]:
    cols = ("OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "A_MEDIAN", "A_PCT10", "A_PCT90")
    out: list[tuple[int, WageRow]] = []
    for row_no, r in iter_rows(raw, cols):
        if r.get("NAICS", "000000") not in {"000000", ""} or r.get("AREA", "99") not in {"99", ""}:
            continue
        pcts = [opt_float(r[c.upper()]) for c in _PCTS]
        top = any(r[c.upper()] == "#" for c in _PCTS)
        row = _row(
            r["OCC_CODE"],
            r["OCC_TITLE"],
            r["O_GROUP"],
            opt_float(r["TOT_EMP"]),
            opt_float(r.get("A_MEAN", "")),
            pcts,
            opt_float(r.get("H_MEDIAN", "")),
            top,
        )
        out.append((row_no, row))
    return out


def _flat(raw: RawFile) -> list[tuple[int, WageRow]]:
    cols = ("soc_code", "occupation_title", "employment", "a_median", "a_pct10", "a_pct90")
    out: list[tuple[int, WageRow]] = []
    for row_no, r in iter_rows(raw, cols):
        level = r.get("soc_display_level", "")
        top = "5" in r.get("footnotes", "").replace(",", " ").split()
        row = _row(
            r["soc_code"],
            r["occupation_title"],
            _LEVELS.get(level, level or "total"),
            opt_float(r["employment"]),
            opt_float(r.get("a_mean", "")),
            [opt_float(r[c]) for c in _PCTS],
            opt_float(r.get("h_median", "")),
            top,
        )
        out.append((row_no, row))
    return out


def write(conn: sqlite3.Connection, data: WageData) -> None:
    """Replace the wages table (inside the caller's transaction)."""
    conn.execute("DELETE FROM wages")
    conn.executemany("INSERT INTO wages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", data.rows)
