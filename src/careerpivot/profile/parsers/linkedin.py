"""LinkedIn data-export ZIP archives ("Get a copy of your data") into a Profile.

Files read (at any folder depth, names case-insensitive; all optional but ``Positions.csv``
gives the jobs)::

    Profile.csv     First Name, Last Name, Headline, Summary, Geo Location, Address, Websites
    Positions.csv   Company Name, Title, Description, Location, Started On, Finished On
    Education.csv   School Name, Start Date, End Date, Notes, Degree Name, Activities
    Skills.csv      Name
    Languages.csv   Name, Proficiency
    Email Addresses.csv, PhoneNumbers.csv   contact details (kept only with redact=False)

Dates look like ``Mar 2022`` or ``2019``; an empty ``Finished On`` means a current job. Some
exports put ``Notes:`` lines above the header row; the header is found by its column names.
``Birth Date`` and other fields are never read. The archive passes the zip-bomb checks of
:mod:`careerpivot.profile.safezip` first, and only the CSV files above are decompressed.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re

from careerpivot.profile.entries import BULLET
from careerpivot.profile.models import Contact, Profile, Source
from careerpivot.profile.parsers._build import ProfileBuilder
from careerpivot.profile.safezip import open_zip, read_members

_FILES = {
    "profile.csv": "First Name",
    "positions.csv": "Company Name",
    "education.csv": "School Name",
    "skills.csv": "Name",
    "languages.csv": "Name",
    "email addresses.csv": "Email Address",
    "phonenumbers.csv": "Number",
}


def _pick_members(names: list[str]) -> dict[str, str]:
    """Base name (lower case) -> member path, preferring the shallowest path."""
    chosen: dict[str, str] = {}
    for name in sorted(names, key=lambda n: (n.count("/"), n)):
        base = posixpath.basename(name).lower()
        if base in _FILES and base not in chosen:
            chosen[base] = name
    return chosen


def _rows(builder: ProfileBuilder, data: bytes, base: str) -> list[dict[str, str]]:
    """Rows of one export CSV as dicts keyed by column name; unreadable files warn."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        builder.warn("CP-DOC106", f"{base} in the export is not valid CSV", base)
        return []
    key = _FILES[base]
    header_at = next((i for i, row in enumerate(rows) if key in [c.strip() for c in row]), None)
    if header_at is None:
        builder.warn("CP-DOC106", f"{base} in the export lacks the column '{key}'", base)
        return []
    header = [c.strip() for c in rows[header_at]]
    return [
        {column: value.strip() for column, value in zip(header, row, strict=False)}
        for row in rows[header_at + 1 :]
        if any(cell.strip() for cell in row)
    ]


def _split_description(text: str) -> tuple[list[str], str]:
    bullets: list[str] = []
    prose: list[str] = []
    for line in text.splitlines():
        match = BULLET.match(line)
        if match:
            bullets.append(match.group("text").strip())
        elif line.strip():
            prose.append(line.strip())
    return bullets, "\n".join(prose)


def to_profile(data: bytes, *, source: Source) -> Profile:
    """Convert a LinkedIn data-export archive.

    Args:
        data: the ZIP bytes (already identified as a LinkedIn export).
        source: where it came from; ``source.redacted`` decides about contact details.

    Returns:
        The profile; its ``text`` is a plain rendering of the export.

    Raises:
        DocumentError: CP-DOC004/CP-DOC006/CP-DOC003 from the archive checks.
    """
    builder = ProfileBuilder(redact=source.redacted)
    with open_zip(data, what="LinkedIn export") as archive:
        members = _pick_members([info.filename for info in archive.infolist()])
        contents = read_members(archive, list(members.values()), what="LinkedIn export")
    tables = {base: _rows(builder, contents[path], base) for base, path in members.items()}
    contact, headline, summary = _profile_row(builder, tables.get("profile.csv", []))
    for row in tables.get("email addresses.csv", []):
        builder.count_removed("email", row.get("Email Address", ""))
    for row in tables.get("phonenumbers.csv", []):
        builder.count_removed("phone", row.get("Number", ""))
    if "positions.csv" not in tables:
        builder.warn("CP-DOC106", "the export has no Positions.csv", "positions.csv")
    for index, row in enumerate(tables.get("positions.csv", [])):
        bullets, prose = _split_description(row.get("Description", ""))
        builder.experience(
            title=row.get("Title"),
            employer=row.get("Company Name"),
            location=row.get("Location"),
            start=row.get("Started On"),
            end=row.get("Finished On"),
            bullets=list(bullets),
            description=prose,
            field=f"positions.csv[{index}]",
        )
    for row in tables.get("education.csv", []):
        builder.add_education(
            qualification=row.get("Degree Name"),
            institution=row.get("School Name"),
            start=row.get("Start Date"),
            end=row.get("End Date"),
            details=[d for d in (row.get("Notes"), row.get("Activities")) if d],
        )
    for row in tables.get("skills.csv", []):
        builder.add_skill(row.get("Name"))
    for row in tables.get("languages.csv", []):
        builder.add_language(row.get("Name"), row.get("Proficiency"))
    if not builder.experiences:
        builder.warn("CP-DOC103", "the export lists no positions", "experiences")
    return builder.profile(source=source, contact=contact, headline=headline, summary=summary)


def _profile_row(builder: ProfileBuilder, rows: list[dict[str, str]]) -> tuple[Contact, str, str]:
    if not rows:
        return Contact(), "", ""
    row = rows[0]
    name = " ".join(p for p in (row.get("First Name", ""), row.get("Last Name", "")) if p)
    builder.count_removed("address", row.get("Address", ""))
    for site in re.findall(r"https?://[^\s,\]]+", row.get("Websites", "")):
        builder.count_removed("url", site)
    headline = builder.clean(row.get("Headline"))
    summary = builder.clean(row.get("Summary"))
    for block in (headline, summary):
        if block:
            builder.write(block)
    location = row.get("Geo Location", "").strip() or None
    return Contact(name=name or None, location=location), headline, summary
