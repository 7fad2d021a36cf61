"""A tiny synthetic data release laid out like ``shared/data`` (made-up concepts, not ESCO).

Used by unit tests so they run in milliseconds and can be corrupted freely. Column layouts
match the official files; the content is invented.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

ESCO = "http://data.europa.eu/esco"
OCC = {
    "o1": ("1223.1", "1223", "widget product manager", "product lead\nwidget PM", ""),
    "o2": ("4222.1", "4222", "widget support agent", "helpdesk agent", "support ninja"),
    "o3": ("2511.9", "2511", "widget analyst", "", ""),
}
SKILLS = {
    "s1": ("skill/competence", "cross-sector", "interview customers", "run user interviews"),
    "s2": ("skill/competence", "transversal", "prioritise requests", "triage requests"),
    "s3": ("knowledge", "sector-specific", "widget markets", ""),
    "s4": ("skill/competence", "cross-sector", "write SQL", "query databases"),
}
RELATIONS = [
    ("o1", "essential", "s1"),
    ("o1", "essential", "s2"),
    ("o1", "optional", "s3"),
    ("o2", "essential", "s2"),
    ("o3", "essential", "s4"),
]


def occ_uri(key: str) -> str:
    """URI of a made-up occupation."""
    return f"{ESCO}/occupation/{key}"


def skill_uri(key: str) -> str:
    """URI of a made-up skill."""
    return f"{ESCO}/skill/{key}"


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    kwargs = {"quoting": csv.QUOTE_NONE, "escapechar": "\\"} if delimiter == "\t" else {}
    csv.writer(buf, delimiter=delimiter, lineterminator="\n", **kwargs).writerows(rows)
    return buf.getvalue()


def _write(path: Path, text: str, gz: bool) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if gz:
        path = path.with_name(path.name + ".gz")
        path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def esco_files(root: Path, *, gz: bool = True) -> Path:
    """Write the three required ESCO CSVs (+ ISCO groups) under ``root/esco/v9.9.9``."""
    folder = root / "esco" / "v9.9.9"
    occ = [["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels",
            "hiddenLabels", "status", "description", "code"]]  # fmt: skip
    for key, (code, isco, label, alts, hidden) in OCC.items():
        occ.append(["Occupation", occ_uri(key), isco, label, alts, hidden, "released",
                    f"Made-up occupation {label}.", code])  # fmt: skip
    skills = [["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel",
               "altLabels", "description"]]  # fmt: skip
    for key, (stype, reuse, label, alts) in SKILLS.items():
        skills.append(["KnowledgeSkillCompetence", skill_uri(key), stype, reuse, label, alts,
                       f"Made-up skill {label}."])  # fmt: skip
    rel = [["occupationUri", "relationType", "skillType", "skillUri"]]
    rel += [[occ_uri(o), r, "skill/competence", skill_uri(s)] for o, r, s in RELATIONS]
    rel.append([occ_uri("unreleased"), "essential", "skill/competence", skill_uri("s1")])
    isco = [["conceptType", "conceptUri", "code", "preferredLabel", "description"],
            ["ISCOGroup", f"{ESCO}/isco/C1223", "1223", "Research managers", ""]]  # fmt: skip
    _write(folder / "occupations_en.csv", _csv(occ), gz)
    _write(folder / "skills_en.csv", _csv(skills), gz)
    _write(folder / "occupationSkillRelations.csv", _csv(rel), gz)
    _write(folder / "ISCOGroups_en.csv", _csv(isco), gz)
    return folder


def onet_files(root: Path, *, gz: bool = True) -> Path:
    """Write a minimal O*NET text edition under ``root/onet/29.9``."""
    folder = root / "onet" / "29.9"
    occ = [["O*NET-SOC Code", "Title", "Description"],
           ["11-9199.00", "Managers, All Other", "Made-up."],
           ["43-4051.00", "Customer Service Representatives", "Made-up."]]  # fmt: skip
    alt = [["O*NET-SOC Code", "Alternate Title", "Short Title", "Source(s)"],
           ["11-9199.00", "Gadget Product Owner", "n/a", "08"],
           ["43-4051.00", "Customer Care Specialist", "n/a", "08"]]  # fmt: skip
    head = ["O*NET-SOC Code", "Element ID", "Element Name", "Scale ID", "Data Value", "N"]
    skills = [head, ["11-9199.00", "2.A.1.a", "Reading Comprehension", "IM", "4.0", "8"],
              ["11-9199.00", "2.A.1.a", "Reading Comprehension", "LV", "4.5", "8"]]  # fmt: skip
    zones = [["O*NET-SOC Code", "Job Zone", "Date", "Domain Source"],
             ["11-9199.00", "4", "08/2023", "Analyst"],
             ["43-4051.00", "2", "08/2023", "Analyst"]]  # fmt: skip
    _write(folder / "Occupation Data.txt", _csv(occ, "\t"), gz)
    _write(folder / "Alternate Titles.txt", _csv(alt, "\t"), gz)
    _write(folder / "Skills.txt", _csv(skills, "\t"), gz)
    _write(folder / "Job Zones.txt", _csv(zones, "\t"), gz)
    return folder


def crosswalk_file(root: Path) -> Path:
    """Write a minimal official-layout crosswalk CSV."""
    rows = [["esco_code", "esco_title", "onet_soc_2019_code", "onet_soc_2019_title"],
            ["1223.1", "widget product manager", "11-9199.00", "Managers, All Other"],
            ["4222.1", "widget support agent", "43-4051.00", "Customer Service Reps"]]  # fmt: skip
    return _write(root / "crosswalk" / "esco_to_onet_soc_2019_official.csv", _csv(rows), False)


def wages_file(root: Path) -> Path:
    """Write a minimal OEWS national file in the flat (lower-case) layout."""
    head = ["soc_code", "occupation_title", "soc_display_level", "employment", "a_mean",
            "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90", "footnotes"]  # fmt: skip
    rows = [head,
            ["11-9199", "Managers, All Other", "3", "500000", "150000", "70000", "100000",
             "140000", "190000", "-", "5"],
            ["43-4051", "Customer Service Representatives", "3", "2800000", "44000",
             "31000", "35000", "41000", "49000", "60000", ""]]  # fmt: skip
    return _write(root / "wages" / "oews_may2099_national_all_industries.csv", _csv(rows), True)


def full_release(root: Path) -> Path:
    """Write every source under ``root`` and return it."""
    esco_files(root)
    onet_files(root)
    crosswalk_file(root)
    wages_file(root)
    return root
