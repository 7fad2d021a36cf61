"""O*NET importer: the official text edition (tab-separated ``*.txt``, plain or ``.gz``).

Reads Occupation Data (required), Alternate Titles, Skills, Knowledge, Job Zones and Related
Occupations. Files are found by their official names, case-insensitively; columns are keyed
by name so later releases with extra columns still load. Data contract of :class:`OnetData`:
occupation codes are O*NET-SOC 2019 and unique; ratings are ``(code, domain, element_id,
element_name, scale, value)`` with domain skill|knowledge and scale IM|LV.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from careerpivot.errors import DataFormatError, NotFoundError
from careerpivot.taxonomy.readers import RawFile, iter_rows, opt_float, read_raw

ProgressFn = Callable[[str, int, int], None]

FILES = {
    "occupation data": "occupations",
    "alternate titles": "alternate_titles",
    "skills": "skills",
    "knowledge": "knowledge",
    "job zones": "job_zones",
    "related occupations": "related",
}
CODE = "O*NET-SOC Code"


def find_files(path: Path) -> dict[str, Path]:
    """Map logical names to files in the O*NET folder ``path``.

    Raises:
        NotFoundError: CP-DAT001 when ``path`` does not exist.
        DataFormatError: CP-DAT002 when ``Occupation Data.txt`` is not there.
    """
    if not path.is_dir():
        raise NotFoundError("CP-DAT001", f"O*NET folder {path} does not exist")
    out: dict[str, Path] = {}
    for item in sorted(path.iterdir()):
        stem = item.name.lower().removesuffix(".gz").removesuffix(".txt")
        if stem in FILES and item.is_file():
            out[FILES[stem]] = item
    if "occupations" not in out:
        raise DataFormatError(
            "CP-DAT002",
            "not an O*NET text release: 'Occupation Data.txt' is missing",
            "pass the folder of the O*NET database text edition",
            file=str(path),
        )
    return out


def detect_version(path: Path) -> str:
    """O*NET release from the path (``29.2`` or ``db_29_1_text``), else ``unknown``."""
    match = re.search(r"(\d{2})[._](\d)(?!\d)", str(path))
    return f"{match.group(1)}.{match.group(2)}" if match else "unknown"


@dataclass
class OnetData:
    """Parsed O*NET release. See the module docstring."""

    occupations: list[tuple[str, str, str]] = field(default_factory=list)
    alternate_titles: list[tuple[str, str, str]] = field(default_factory=list)
    ratings: list[tuple[str, str, str, str, str, float]] = field(default_factory=list)
    job_zones: list[tuple[str, int]] = field(default_factory=list)
    related: list[tuple[str, str, str, int | None]] = field(default_factory=list)
    files: list[dict[str, str | int]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Row counts per table, as recorded in the store."""
        return {
            "occupations": len(self.occupations),
            "alternate_titles": len(self.alternate_titles),
            "ratings": len(self.ratings),
            "job_zones": len(self.job_zones),
            "related": len(self.related),
        }


def _rows(raw: RawFile, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    return list(iter_rows(raw, required, delimiter="\t", quoting=csv.QUOTE_NONE))


def parse(path: Path, progress: ProgressFn | None = None) -> OnetData:
    """Parse the O*NET text release in folder ``path`` (no I/O on the store)."""
    files = find_files(path)
    data = OnetData()
    total = len(files)
    done = 0

    def load(key: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
        nonlocal done
        raw = read_raw(files[key])
        rows = _rows(raw, required)
        data.files.append(raw.meta(len(rows)))
        done += 1
        if progress:
            progress(f"O*NET {files[key].name}", done, total)
        return rows

    seen: set[str] = set()
    for row_no, r in load("occupations", (CODE, "Title")):
        code = r[CODE]
        if code in seen:
            raise DataFormatError(
                "CP-DAT004",
                f"duplicate identifier {code}",
                file=files["occupations"].name,
                row=row_no,
                column=CODE,
            )
        seen.add(code)
        data.occupations.append((code, r["Title"], r.get("Description", "")))
    if "alternate_titles" in files:
        for _, r in load("alternate_titles", (CODE, "Alternate Title")):
            short = r.get("Short Title", "")
            data.alternate_titles.append(
                (r[CODE], r["Alternate Title"], "" if short == "n/a" else short)
            )
    for key, domain in (("skills", "skill"), ("knowledge", "knowledge")):
        if key in files:
            _ratings(files[key].name, load(key, _RATING_COLS), domain, data)
    if "job_zones" in files:
        for row_no, r in load("job_zones", (CODE, "Job Zone")):
            zone = opt_float(r["Job Zone"])
            if zone is None or not 1 <= zone <= 5:
                raise DataFormatError(
                    "CP-DAT007",
                    f"job zone must be 1-5, got {r['Job Zone']!r}",
                    file=files["job_zones"].name,
                    row=row_no,
                    column="Job Zone",
                )
            data.job_zones.append((r[CODE], int(zone)))
    if "related" in files:
        pairs: set[tuple[str, str]] = set()
        for _, r in load("related", (CODE, "Related O*NET-SOC Code")):
            pair = (r[CODE], r["Related O*NET-SOC Code"])
            if pair in pairs:
                continue
            pairs.add(pair)
            index = opt_float(r.get("Index", ""))
            data.related.append(
                (*pair, r.get("Relatedness Tier", ""), int(index) if index is not None else None)
            )
    return data


_RATING_COLS = (CODE, "Element ID", "Element Name", "Scale ID", "Data Value")


def _ratings(
    name: str, rows: list[tuple[int, dict[str, str]]], domain: str, data: OnetData
) -> None:
    seen: set[tuple[str, str, str]] = set()
    for row_no, r in rows:
        if r["Scale ID"] not in {"IM", "LV"}:
            continue
        value = opt_float(r["Data Value"])
        if value is None:
            raise DataFormatError(
                "CP-DAT007",
                f"rating is not a number: {r['Data Value']!r}",
                file=name,
                row=row_no,
                column="Data Value",
            )
        key = (r[CODE], r["Element ID"], r["Scale ID"])
        if key in seen:
            raise DataFormatError(
                "CP-DAT004",
                f"duplicate rating {'/'.join(key)}",
                file=name,
                row=row_no,
                column="Element ID",
            )
        seen.add(key)
        data.ratings.append(
            (r[CODE], domain, r["Element ID"], r["Element Name"], r["Scale ID"], value)
        )


TABLES = (
    "onet_occupations",
    "onet_alternate_titles",
    "onet_ratings",
    "onet_job_zones",
    "onet_related",
)


def write(conn: sqlite3.Connection, data: OnetData) -> None:
    """Replace every O*NET table in ``conn`` with ``data`` (inside the caller's transaction)."""
    for table in TABLES:
        conn.execute(f"DELETE FROM {table}")
    conn.executemany("INSERT INTO onet_occupations VALUES (?,?,?)", data.occupations)
    conn.executemany("INSERT INTO onet_alternate_titles VALUES (?,?,?)", data.alternate_titles)
    conn.executemany("INSERT INTO onet_ratings VALUES (?,?,?,?,?,?)", data.ratings)
    conn.executemany("INSERT INTO onet_job_zones VALUES (?,?)", data.job_zones)
    conn.executemany("INSERT INTO onet_related VALUES (?,?,?,?)", data.related)
