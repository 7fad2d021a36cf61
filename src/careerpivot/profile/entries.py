"""Group the lines of an experience section into jobs.

A job entry is one or more header lines (title, employer, location, dates — see
:mod:`careerpivot.profile.headers`) followed by bullets and prose::

    Support Specialist — Example Helpdesk Ltd, Leeds      header
    Mar 2021 – present                                    header (dates)
    - Resolved 50 tickets a day across email and chat     bullet
      with a CSAT of 97%.                                 continuation of the bullet
    Trained four new starters on the CRM.                 prose -> description

Bullets start with ``-``, ``*``, ``•`` (and other bullet glyphs, including the private-use
glyphs of Word PDFs) or a number (``1.``/``1)``). A new entry starts at a header line that
follows bullets, prose or a blank line, or that brings a second date range; consecutive
header lines (title, employer, dates) belong to one entry. Lines ending in ``:`` without a date
(``Key achievements:``) are labels, not headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from careerpivot.profile.dates import find_date_range
from careerpivot.profile.headers import clean_markup, parse_header
from careerpivot.profile.models import Experience, ProfileWarning, Span
from careerpivot.profile.sections import Line

BULLET = re.compile(
    r"^\s*(?:[-*•·▪◦‣⁃∙●○■□➢➤►▶✓✔–—+>\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8]|\d{1,2}[.)])"
    r"\s+(?P<text>\S.*)$"
)
_ABBREVIATION_END = re.compile(r"\b(?:ltd|inc|co|corp|plc|llc|st|dr|jr|sr)\.$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass
class _Entry:
    header: list[Line] = field(default_factory=list)
    bullets: list[list[str]] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    has_dates: bool = False

    @property
    def has_body(self) -> bool:
        return bool(self.bullets or self.prose)


def looks_like_prose(text: str) -> bool:
    """True for sentences (description lines) rather than job headers."""
    found = find_date_range(text)
    if found is not None and found.is_range:
        return False
    if text.startswith(("**", "__")):
        return False
    words = len(text.split())
    if text[:1].islower():
        return True
    if text.endswith((".", "!", "?")) and not _ABBREVIATION_END.search(text):
        return words >= 5
    return words >= 16


def _is_label(text: str) -> bool:
    return text.endswith(":") and find_date_range(text) is None and len(text.split()) <= 6


def _continues_bullet(line: Line, bullet_indent: int, previous: str) -> bool:
    text = line.stripped
    if find_date_range(text) is not None and not text[:1].islower():
        return False
    if line.indent > bullet_indent:
        return True
    if text[:1].islower():
        return True
    return not previous.rstrip().endswith((".", "!", "?", ";")) and len(text.split()) > 3


def group_entries(lines: list[Line]) -> list[_Entry]:
    """Group lines into raw entries (header lines, bullets, prose) in document order."""
    entries: list[_Entry] = []
    current: _Entry | None = None
    previous = "blank"
    bullet_indent = 0
    for line in lines:
        text = line.stripped
        if not text:
            previous = "blank"
            continue
        bullet = BULLET.match(line.text)
        if bullet:
            if current is None:
                current = _Entry(start=line.start)
                entries.append(current)
            current.bullets.append([bullet.group("text").strip()])
            bullet_indent, previous = line.indent, "bullet"
        elif (
            current
            and previous == "bullet"
            and _continues_bullet(line, bullet_indent, current.bullets[-1][-1])
        ):
            current.bullets[-1].append(text)
        elif _is_label(clean_markup(text)):
            previous = "label"
        elif looks_like_prose(clean_markup(text)):
            if current is None:
                current = _Entry(start=line.start)
                entries.append(current)
            current.prose.append(clean_markup(text))
            previous = "prose"
        else:
            current = _add_header(entries, current, line, previous)
            previous = "header"
        if current is not None:
            current.end = line.end
    return entries


def _add_header(entries: list[_Entry], current: _Entry | None, line: Line, previous: str) -> _Entry:
    found = find_date_range(line.stripped)
    new_range = found is not None and found.is_range
    starts_new = (
        current is None
        or current.has_body
        or not current.header
        or (current.has_dates and new_range)
        or previous == "blank"
    )
    if starts_new:
        current = _Entry(start=line.start)
        entries.append(current)
    assert current is not None
    current.header.append(line)
    current.has_dates = current.has_dates or found is not None
    return current


def parse_experiences(
    lines: list[Line], text: str, *, require_dates: bool = False, offset: int = 0
) -> tuple[list[Experience], list[ProfileWarning]]:
    """Read the jobs in the lines of an experience section.

    Args:
        lines: lines of one section with offsets into ``text``.
        text: the full profile text (for ``raw_text``).
        require_dates: keep only entries whose header has a date range (used when a CV has
            no experience heading and the whole text is scanned).

    Returns:
        The experiences, and CP-DOC104 warnings for headers whose dates could not be read.
        Bullets or prose before the first job header are not a job and are left out.
    """
    experiences: list[Experience] = []
    warnings: list[ProfileWarning] = []
    for entry in group_entries(lines):
        if not entry.header:  # bullets or prose before the first job header
            continue
        header = parse_header([line.text for line in entry.header])
        if header is None or (require_dates and not (header.dates and header.dates.is_range)):
            continue
        index = offset + len(experiences)
        dates = header.dates
        if dates is None and any(_YEAR.search(line.text) for line in entry.header):
            warnings.append(
                ProfileWarning(
                    code="CP-DOC104",
                    message=f"the dates of job {index + 1} could not be understood",
                    field=f"experiences[{index}]",
                )
            )
        experiences.append(
            Experience(
                title=header.title[:200],
                employer=header.employer,
                location=header.location,
                start=str(dates.start) if dates and dates.start else None,
                end=str(dates.end) if dates and dates.end and not dates.current else None,
                current=bool(dates and dates.current),
                bullets=[" ".join(parts) for parts in entry.bullets],
                description="\n".join(entry.prose),
                raw_text=text[entry.start : entry.end],
                span=Span(start=entry.start, end=entry.end),
            )
        )
    return experiences, warnings
