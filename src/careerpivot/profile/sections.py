"""Split CV text into sections by their headings.

A heading is a line that names a known section, written as a Markdown heading
(``## Experience``), in capitals (``WORK HISTORY``), alone on a line with an optional colon
(``Work history:``), in bold (``**Skills**``) or underlined (setext ``====``/``----``). A
Markdown heading that names no known section starts an ``other`` section when it is at the
level of the section headings, and is kept as a content line (an entry header such as
``### Key Account Manager, …``) when it is deeper. Text before the first heading is the
``preamble`` (name, contact line, sometimes a summary).

Every :class:`Line` keeps its character offsets into the text, so later stages can report
spans into :attr:`careerpivot.profile.models.Profile.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def _names(names: str) -> tuple[str, ...]:
    return tuple(names.split("|"))


#: Section kind -> heading names (lower case) that introduce it.
SECTION_KINDS: dict[str, tuple[str, ...]] = {
    "summary": _names(
        "summary|profile|about|about me|professional summary|career summary|"
        "personal statement|objective|career objective|overview|personal profile|"
        "professional profile|introduction"
    ),
    "experience": _names(
        "experience|work experience|professional experience|work history|employment|"
        "employment history|career history|relevant experience|career|positions|"
        "professional background|work|experience highlights|berufserfahrung"
    ),
    "education": _names(
        "education|qualifications|education and training|education & training|"
        "academic background|training|certifications|certificates|courses|"
        "education and qualifications|education & qualifications|academic history"
    ),
    "skills": _names(
        "skills|key skills|core skills|technical skills|competencies|core competencies|"
        "tools|expertise|skills and tools|skills & tools|skills and competencies|"
        "skills & competencies|areas of expertise|tools and technologies|technologies|"
        "skills and interests"
    ),
    "languages": _names("languages|language skills|spoken languages"),
    "other": _names(
        "interests|hobbies|hobbies and interests|references|projects|volunteering|"
        "volunteer experience|awards|publications|achievements|additional information|"
        "activities|contact|contact details|personal details"
    ),
}
_NAME_TO_KIND = {name: kind for kind, names in SECTION_KINDS.items() for name in names}
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


@dataclass(frozen=True)
class Line:
    """One line of the text: ``start``/``end`` are offsets of ``text`` in the full text."""

    text: str
    start: int
    end: int

    @property
    def stripped(self) -> str:
        """The line without surrounding whitespace."""
        return self.text.strip()

    @property
    def indent(self) -> int:
        """Number of leading spaces."""
        return len(self.text) - len(self.text.lstrip(" "))


@dataclass
class Section:
    """A run of lines under one heading; ``kind`` is a key of :data:`SECTION_KINDS` or
    ``preamble``; ``heading`` is the heading text as written (empty for the preamble)."""

    kind: str
    heading: str
    lines: list[Line] = field(default_factory=list)
    level: int = 0


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with their offsets (no line-break characters)."""
    lines: list[Line] = []
    offset = 0
    for raw in text.split("\n"):
        lines.append(Line(raw, offset, offset + len(raw)))
        offset += len(raw) + 1
    return lines


def heading_kind(text: str) -> str | None:
    """The section kind a heading text names, or None.

    Example:
        >>> heading_kind("WORK HISTORY:")
        'experience'
    """
    cleaned = re.sub(r"[*_#:|]+", " ", text).strip().lower()
    cleaned = re.sub(r"\s+", " ", cleaned)
    return _NAME_TO_KIND.get(cleaned)


def split_sections(text: str) -> list[Section]:
    """Split ``text`` into a preamble and sections (see module docstring).

    Returns:
        Sections in document order; the first is always the (possibly empty) preamble.
    """
    lines = split_lines(text)
    sections = [Section("preamble", "")]
    section_level = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        nxt = lines[index + 1] if index + 1 < len(lines) else None
        heading = _heading(line, nxt)
        if heading is None:
            sections[-1].lines.append(line)
            index += 1
            continue
        title, level, kind, consumed = heading
        in_preamble = len(sections) == 1
        if kind is None and (in_preamble or not section_level or level > section_level):
            # an unknown Markdown heading inside a section is an entry header, e.g. a job
            offset = line.start + max(line.text.find(title), 0)
            sections[-1].lines.append(Line(title, offset, offset + len(title)))
        else:
            sections.append(Section(kind or "other", title, level=level))
            section_level = level or section_level
        index += consumed
    return sections


def _heading(line: Line, nxt: Line | None) -> tuple[str, int, str | None, int] | None:
    """``(title, markdown level or 0, kind or None, lines consumed)`` or None."""
    stripped = line.stripped
    if not stripped or len(stripped) > 80:
        return None
    md = _MD_HEADING.match(line.text)
    if md:
        title = md.group(2).strip()
        return title, len(md.group(1)), heading_kind(title), 1
    kind = heading_kind(stripped)
    if kind is None:
        return None
    if nxt is not None and _SETEXT.match(nxt.text) and nxt.stripped:
        return stripped, 0, kind, 2
    if _looks_like_heading(stripped):
        return stripped.strip("*_ :").strip(), 0, kind, 1
    return None


def _looks_like_heading(text: str) -> bool:
    if text.startswith(("**", "__")) or text.endswith(":"):
        return True
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return True
    return text[:1].isupper() and len(text.split()) <= 5
