"""Importer for the official ESCO → O*NET-SOC 2019 crosswalk (the published workbook or a CSV).

The workbook ``ESCO_to_ONET-SOC.xlsx`` has title rows above its header (``ESCO/ISCO Code``,
``ESCO/ISCO Title``, ``O*NET-SOC 2019 Code``, ``O*NET-SOC 2019 Title``) and a note below the
table; its table is read as if it were the CSV with the columns in :data:`COLUMNS`.

Data contract: rows ``(esco_code, esco_title, onet_code, onet_title)``; ``esco_code`` is an
ESCO occupation code (``1223.1``) or a 4-digit ISCO group; the pair is unique.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from careerpivot.errors import DataFormatError
from careerpivot.taxonomy.readers import iter_rows, read_raw, read_xlsx_as_csv

COLUMNS = ("esco_code", "esco_title", "onet_soc_2019_code", "onet_soc_2019_title")
#: Header of the official workbook → the CSV column names above.
XLSX_HEADER = dict(
    zip(
        ("ESCO/ISCO Code", "ESCO/ISCO Title", "O*NET-SOC 2019 Code", "O*NET-SOC 2019 Title"),
        COLUMNS,
        strict=True,
    )
)
_ONET = re.compile(r"^\d{2}-\d{4}\.\d{2}$")


@dataclass
class CrosswalkData:
    """Parsed crosswalk rows and file record."""

    rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    files: list[dict[str, str | int]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Row counts, as recorded in the store."""
        return {
            "rows": len(self.rows),
            "esco_codes": len({r[0] for r in self.rows}),
            "onet_codes": len({r[2] for r in self.rows}),
        }


def parse(path: Path) -> CrosswalkData:
    """Parse the crosswalk at ``path``: the official ``.xlsx`` or a CSV (plain or .gz).

    Raises:
        DataFormatError: CP-DAT003 for missing columns, CP-DAT004 for a repeated pair,
            CP-DAT007 for a malformed code, CP-DAT005 for a corrupt workbook.
    """
    xlsx = path.suffix.lower() == ".xlsx"
    raw = read_xlsx_as_csv(path, XLSX_HEADER) if xlsx else read_raw(path)
    data = CrosswalkData()
    seen: set[tuple[str, str]] = set()
    for row_no, r in iter_rows(raw, COLUMNS):
        esco, onet = r["esco_code"], r["onet_soc_2019_code"]
        if not _ONET.match(onet):
            raise DataFormatError(
                "CP-DAT007",
                f"not an O*NET-SOC code: {onet!r}",
                file=raw.name,
                row=row_no,
                column="onet_soc_2019_code",
            )
        if (esco, onet) in seen:
            raise DataFormatError(
                "CP-DAT004",
                f"duplicate pair {esco} → {onet}",
                file=raw.name,
                row=row_no,
                column="esco_code",
            )
        seen.add((esco, onet))
        data.rows.append((esco, r["esco_title"], onet, r["onet_soc_2019_title"]))
    data.files.append(raw.meta(len(data.rows)))
    return data


def write(conn: sqlite3.Connection, data: CrosswalkData) -> None:
    """Replace the crosswalk table (inside the caller's transaction)."""
    conn.execute("DELETE FROM crosswalk_esco_onet")
    conn.executemany("INSERT INTO crosswalk_esco_onet VALUES (?,?,?,?)", data.rows)
