"""ESCO importer: the official CSV release (a folder of CSVs, plain or .gz, or the zips).

Data contract of :class:`EscoData`: occupations and skills keyed by concept URI (unique);
labels as ``(uri, concept, kind, label)`` with kind preferred|alt|hidden; relations as
``(occupation_uri, skill_uri, essential|optional)`` restricted to known concepts (ESCO
v1.1.1 has 67 relation rows pointing at unreleased occupations; they are dropped and
counted).
"""

from __future__ import annotations

import re
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from careerpivot.errors import DataFormatError, NotFoundError
from careerpivot.taxonomy.readers import RawFile, iter_rows, read_raw, split_labels

ProgressFn = Callable[[str, int, int], None]

REQUIRED = ("occupations", "skills", "occupationskillrelations")
OPTIONAL = (
    "skillskillrelations",
    "skillgroups",
    "broaderrelationsskillpillar",
    "broaderrelationsoccpillar",
    "iscogroups",
)
MAX_ZIP_MEMBER = 512 * 1024 * 1024


def _key(name: str) -> str:
    stem = name.lower()
    for suffix in (".gz", ".csv"):
        stem = stem.removesuffix(suffix)
    return stem.removesuffix("_en")


def find_files(path: Path) -> dict[str, RawFile]:
    """Collect the ESCO CSVs under ``path`` (folder, zip, or folder of zips) by logical name.

    Raises:
        NotFoundError: CP-DAT001 when ``path`` does not exist.
        DataFormatError: CP-DAT002 when a required file is missing or a zip is unreadable.
    """
    if not path.exists():
        raise NotFoundError("CP-DAT001", f"ESCO path {path} does not exist")
    wanted = set(REQUIRED) | set(OPTIONAL)
    found: dict[str, RawFile] = {}
    sources = [path] if path.is_file() else sorted(path.iterdir())
    for item in sources:
        if item.suffix.lower() == ".zip":
            found.update(_from_zip(item, wanted))
        elif item.is_file() and _key(item.name) in wanted and ".csv" in item.name.lower():
            found.setdefault(_key(item.name), read_raw(item))
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise DataFormatError(
            "CP-DAT002",
            f"not an ESCO CSV release: missing {', '.join(m + '_en.csv' for m in missing)}",
            "pass the folder or zip of the official ESCO CSV download (English)",
            file=str(path),
        )
    return found


def _from_zip(path: Path, wanted: set[str]) -> dict[str, RawFile]:
    out: dict[str, RawFile] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                base = Path(info.filename).name
                if _key(base) not in wanted or ".csv" not in base.lower():
                    continue
                if info.file_size > MAX_ZIP_MEMBER:
                    raise DataFormatError(
                        "CP-DAT002",
                        f"zip member {base} expands to {info.file_size} bytes",
                        "this is not an official ESCO release",
                        file=path.name,
                    )
                out.setdefault(_key(base), read_raw(Path(base), data=zf.read(info)))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise DataFormatError(
            "CP-DAT005", f"zip archive is corrupt ({exc})", "download it again", file=path.name
        ) from exc
    return out


def detect_version(path: Path) -> str:
    """ESCO version from the path (``v1.1.1`` folder or zip name), else ``unknown``."""
    match = re.search(r"v?(\d+\.\d+\.\d+)", str(path))
    return match.group(1) if match else "unknown"


@dataclass
class EscoData:
    """Parsed ESCO release, ready to be written. See the module docstring."""

    occupations: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)
    skills: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    labels: list[tuple[str, str, str, str]] = field(default_factory=list)
    relations: list[tuple[str, str, str]] = field(default_factory=list)
    skill_relations: list[tuple[str, str, str]] = field(default_factory=list)
    skill_groups: list[tuple[str, str, str, str]] = field(default_factory=list)
    skill_broader: list[tuple[str, str]] = field(default_factory=list)
    occ_broader: list[tuple[str, str]] = field(default_factory=list)
    isco_groups: list[tuple[str, str, str, str]] = field(default_factory=list)
    files: list[dict[str, str | int]] = field(default_factory=list)
    dropped_relations: int = 0

    def counts(self) -> dict[str, int]:
        """Row counts per table, as recorded in the store."""
        return {
            "occupations": len(self.occupations),
            "skills": len(self.skills),
            "labels": len(self.labels),
            "occupation_skill_relations": len(self.relations),
            "dropped_relations": self.dropped_relations,
            "skill_skill_relations": len(self.skill_relations),
            "skill_groups": len(self.skill_groups),
            "isco_groups": len(self.isco_groups),
        }


def _unique(raw: RawFile, row_no: int, uri: str, seen: set[str], column: str) -> None:
    if uri in seen:
        raise DataFormatError(
            "CP-DAT004",
            f"duplicate identifier {uri}",
            "the file was edited or concatenated; use the official release",
            file=raw.name,
            row=row_no,
            column=column,
        )
    seen.add(uri)


def parse(path: Path, progress: ProgressFn | None = None) -> EscoData:
    """Parse the ESCO release at ``path`` into :class:`EscoData` (no I/O on the store)."""
    files = find_files(path)
    data = EscoData()
    step = 0
    total = len(files)

    def tick(name: str) -> None:
        nonlocal step
        step += 1
        if progress:
            progress(f"ESCO {name}", step, total)

    raw = files["occupations"]
    seen: set[str] = set()
    cols = ("conceptUri", "preferredLabel", "altLabels", "iscoGroup", "code")
    for row_no, r in iter_rows(raw, cols):
        uri = r["conceptUri"]
        _unique(raw, row_no, uri, seen, "conceptUri")
        data.occupations.append(
            (
                uri,
                r["code"],
                r["iscoGroup"],
                r["preferredLabel"],
                r.get("description", ""),
                r.get("definition", ""),
            )
        )
        _add_labels(data, uri, "occupation", r)
    data.files.append(raw.meta(len(data.occupations)))
    tick("occupations")

    raw = files["skills"]
    skill_seen: set[str] = set()
    for row_no, r in iter_rows(raw, ("conceptUri", "preferredLabel", "altLabels", "skillType")):
        uri = r["conceptUri"]
        _unique(raw, row_no, uri, skill_seen, "conceptUri")
        data.skills.append(
            (
                uri,
                r["skillType"],
                r.get("reuseLevel", ""),
                r["preferredLabel"],
                r.get("description", ""),
            )
        )
        _add_labels(data, uri, "skill", r)
    data.files.append(raw.meta(len(data.skills)))
    tick("skills")

    raw = files["occupationskillrelations"]
    pairs: set[tuple[str, str]] = set()
    n = 0
    for row_no, r in iter_rows(raw, ("occupationUri", "relationType", "skillUri")):
        n += 1
        occ, skill, rel = r["occupationUri"], r["skillUri"], r["relationType"]
        if rel not in {"essential", "optional"}:
            raise DataFormatError(
                "CP-DAT007",
                f"relationType must be essential or optional, got {rel!r}",
                file=raw.name,
                row=row_no,
                column="relationType",
            )
        if occ not in seen or skill not in skill_seen or (occ, skill) in pairs:
            data.dropped_relations += 1
            continue
        pairs.add((occ, skill))
        data.relations.append((occ, skill, rel))
    data.files.append(raw.meta(n))
    tick("occupation-skill relations")

    _parse_optional(files, data, seen | skill_seen, tick)
    return data


def _add_labels(data: EscoData, uri: str, concept: str, r: dict[str, str]) -> None:
    data.labels.append((uri, concept, "preferred", r["preferredLabel"]))
    pref = r["preferredLabel"].lower()
    for kind, column in (("alt", "altLabels"), ("hidden", "hiddenLabels")):
        for label in split_labels(r.get(column, "")):
            if label.lower() != pref:
                data.labels.append((uri, concept, kind, label))


def _parse_optional(
    files: dict[str, RawFile], data: EscoData, known: set[str], tick: Callable[[str], None]
) -> None:
    if raw := files.get("skillskillrelations"):
        cols = ("originalSkillUri", "relationType", "relatedSkillUri")
        seen_pairs: set[tuple[str, str]] = set()
        rows = list(iter_rows(raw, cols))
        for _, r in rows:
            pair = (r["originalSkillUri"], r["relatedSkillUri"])
            if pair not in seen_pairs:
                seen_pairs.add(pair)
                data.skill_relations.append((*pair, r["relationType"]))
        data.files.append(raw.meta(len(rows)))
        tick("skill-skill relations")
    if raw := files.get("skillgroups"):
        rows = list(iter_rows(raw, ("conceptUri", "preferredLabel")))
        groups = {r["conceptUri"]: r for _, r in rows}
        for uri, r in groups.items():
            data.skill_groups.append(
                (uri, r.get("code", ""), r["preferredLabel"], r.get("description", ""))
            )
        data.files.append(raw.meta(len(rows)))
        tick("skill groups")
    for key, target in (
        ("broaderrelationsskillpillar", data.skill_broader),
        ("broaderrelationsoccpillar", data.occ_broader),
    ):
        if raw := files.get(key):
            rows = list(iter_rows(raw, ("conceptUri", "broaderUri")))
            target.extend(sorted({(r["conceptUri"], r["broaderUri"]) for _, r in rows}))
            data.files.append(raw.meta(len(rows)))
            tick(key)
    if raw := files.get("iscogroups"):
        rows = list(iter_rows(raw, ("conceptUri", "code", "preferredLabel")))
        by_code = {r["code"]: r for _, r in rows}
        for code, r in by_code.items():
            data.isco_groups.append(
                (code, r["conceptUri"], r["preferredLabel"], r.get("description", ""))
            )
        data.files.append(raw.meta(len(rows)))
        tick("ISCO groups")


TABLES = (
    "esco_occupations",
    "esco_skills",
    "esco_labels",
    "esco_occupation_skills",
    "esco_skill_relations",
    "esco_skill_groups",
    "esco_skill_broader",
    "esco_occupation_broader",
    "esco_isco_groups",
)


def write(conn: sqlite3.Connection, data: EscoData) -> None:
    """Replace every ESCO table in ``conn`` with ``data`` (inside the caller's transaction)."""
    for table in TABLES:
        conn.execute(f"DELETE FROM {table}")
    conn.executemany("INSERT INTO esco_occupations VALUES (?,?,?,?,?,?)", data.occupations)
    conn.executemany("INSERT INTO esco_skills VALUES (?,?,?,?,?)", data.skills)
    conn.executemany("INSERT INTO esco_labels VALUES (?,?,?,?)", data.labels)
    conn.executemany("INSERT INTO esco_occupation_skills VALUES (?,?,?)", data.relations)
    conn.executemany("INSERT INTO esco_skill_relations VALUES (?,?,?)", data.skill_relations)
    conn.executemany("INSERT INTO esco_skill_groups VALUES (?,?,?,?)", data.skill_groups)
    conn.executemany("INSERT INTO esco_skill_broader VALUES (?,?)", data.skill_broader)
    conn.executemany("INSERT INTO esco_occupation_broader VALUES (?,?)", data.occ_broader)
    conn.executemany("INSERT INTO esco_isco_groups VALUES (?,?,?,?)", data.isco_groups)
