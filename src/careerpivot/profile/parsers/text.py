"""Plain text and Markdown CVs, and the text pipeline shared with the PDF and DOCX parsers.

Pipeline (:func:`profile_from_text`)::

    text -> normalise -> redact contact details -> split into sections
         -> preamble (name, location, headline) -> summary -> jobs -> education
         -> skills and languages -> coded warnings -> Profile

The profile's ``text`` is the normalised, redacted text; experience spans index into it.
"""

from __future__ import annotations

import re

from careerpivot.errors import DocumentError
from careerpivot.profile.entries import looks_like_prose, parse_experiences
from careerpivot.profile.headers import clean_markup, has_role_word, looks_like_location
from careerpivot.profile.language import LANGUAGE_NAMES, MIN_WORDS, guess_language
from careerpivot.profile.lists import parse_education, parse_languages, parse_skills
from careerpivot.profile.models import (
    Contact,
    Experience,
    Language,
    Profile,
    ProfileWarning,
    Source,
)
from careerpivot.profile.redact import redact, redactions, with_contact_details
from careerpivot.profile.sections import Line, Section, heading_kind, split_sections
from careerpivot.profile.textnorm import normalize_text

#: Longest text parsed, in characters; the rest is skipped with warning CP-DOC105.
MAX_TEXT_CHARS = 300_000

_MD_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s+\S", re.MULTILINE)
_CONTACT_SPLIT = re.compile(r"\s*[|·•;]\s*|\s{3,}")


def looks_like_markdown(text: str) -> bool:
    """True when the text has Markdown headings (``# …``)."""
    return len(_MD_HEADING_LINE.findall(text)) >= 2


def empty_document_error() -> DocumentError:
    """The CP-DOC001 error for a document without any text."""
    return DocumentError(
        "CP-DOC001",
        "the document is empty (no text found)",
        "check that you picked the right file; a CV needs at least your work experience",
    )


def profile_from_text(
    text: str, *, source: Source, warnings: list[ProfileWarning] | None = None
) -> Profile:
    """Build a :class:`Profile` from the text of a CV.

    Args:
        text: the extracted or decoded text (any line endings).
        source: where it came from; ``source.redacted`` decides whether contact details are
            replaced by placeholders.
        warnings: warnings found earlier (e.g. while decoding), kept first.

    Returns:
        The profile; never empty of text.

    Raises:
        DocumentError: CP-DOC001 when the text is empty or only whitespace.
    """
    notes = list(warnings or [])
    text = normalize_text(text)
    if not text.strip():
        raise empty_document_error()
    if len(text) > MAX_TEXT_CHARS:
        text = text[: text.rfind("\n", 0, MAX_TEXT_CHARS) + 1 or MAX_TEXT_CHARS]
        notes.append(
            ProfileWarning(
                code="CP-DOC105",
                message=f"the text is very long; only the first {MAX_TEXT_CHARS} characters "
                "were read",
            )
        )
    found = redact(text, replace=source.redacted)
    text = found.text
    notes.extend(_language_warnings(text))
    sections = split_sections(text)
    contact, headline, intro = _read_preamble(sections[0])
    if not source.redacted:
        contact = with_contact_details(contact, found.found)
    experiences, job_notes = _experiences(sections, text)
    notes.extend(job_notes)
    skills, languages = _skills_and_languages(sections)
    if not experiences:
        notes.append(
            ProfileWarning(
                code="CP-DOC103",
                message="no work experience was recognised; add a heading such as "
                "'Experience' above your jobs, or edit the profile JSON",
                field="experiences",
            )
        )
    return Profile(
        source=source,
        contact=contact,
        headline=headline,
        summary=_summary(sections) or intro,
        text=text,
        experiences=experiences,
        education=[e for s in sections if s.kind == "education" for e in parse_education(s.lines)],
        listed_skills=skills,
        languages=languages,
        warnings=notes,
        redactions=redactions(found.counts) if source.redacted else [],
    )


def _language_warnings(text: str) -> list[ProfileWarning]:
    code, counts = guess_language(text)
    if counts["words"] < MIN_WORDS or code == "en":
        return []
    name = LANGUAGE_NAMES.get(code or "", "")
    said = f"looks like {name}" if name else "does not look like English"
    return [
        ProfileWarning(
            code="CP-DOC101",
            message=f"the text {said}; skill extraction is tuned for English CVs and may "
            "miss skills",
        )
    ]


def _read_preamble(section: Section) -> tuple[Contact, str | None, str]:
    """Name, location and headline from the top of the CV, and any introductory prose."""
    lines = [line for line in section.lines if line.stripped]
    name: str | None = None
    location: str | None = None
    headline: str | None = None
    prose: list[str] = []
    for position, line in enumerate(lines):
        text = clean_markup(line.stripped)
        if name is None and position <= 2 and _looks_like_name(text):
            name = text.title() if text.isupper() else text
            continue
        parts = [p.strip() for p in _CONTACT_SPLIT.split(text) if p.strip()]
        if position <= 3 and (len(parts) > 1 or "[" in text or "@" in text):
            location = location or next((p for p in parts if looks_like_location(p)), None)
            headline = headline or next((p for p in parts if _is_headline(p)), None)
            continue
        if position <= 3 and headline is None and _is_headline(text):
            headline = text
            continue
        if position <= 3 and location is None and looks_like_location(text):
            location = text
            continue
        prose.append(text)
    intro = " ".join(prose) if any(looks_like_prose(p) for p in prose) else ""
    return Contact(name=name, location=location), headline, intro


def _is_headline(text: str) -> bool:
    return has_role_word(text) and len(text.split()) <= 10 and "[" not in text


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5 or heading_kind(text) or has_role_word(text):
        return False
    if re.search(r"[\d@\[\]|/:,;()]", text):
        return False
    return all(w[:1].isupper() for w in words if w.lower() not in ("van", "de", "der", "von"))


def _summary(sections: list[Section]) -> str:
    paragraphs: list[str] = []
    for section in sections:
        if section.kind != "summary":
            continue
        current: list[str] = []
        for line in [*section.lines, Line("", 0, 0)]:
            if line.stripped:
                current.append(clean_markup(line.stripped))
            elif current:
                paragraphs.append(" ".join(current))
                current = []
    return "\n\n".join(paragraphs)


def _experiences(
    sections: list[Section], text: str
) -> tuple[list[Experience], list[ProfileWarning]]:
    job_sections = [s for s in sections if s.kind == "experience"]
    if not job_sections:  # no heading: scan the rest for headers with a date range
        other = [line for s in sections if s.kind in ("preamble", "other") for line in s.lines]
        return parse_experiences(other, text, require_dates=True)
    jobs: list[Experience] = []
    notes: list[ProfileWarning] = []
    for section in job_sections:
        found, warnings = parse_experiences(section.lines, text, offset=len(jobs))
        jobs.extend(found)
        notes.extend(warnings)
    return jobs, notes


def _skills_and_languages(sections: list[Section]) -> tuple[list[str], list[Language]]:
    skills: dict[str, str] = {}
    languages: dict[str, Language] = {}
    for section in sections:
        found_skills: list[str] = []
        found_languages: list[Language] = []
        if section.kind == "skills":
            found_skills, found_languages = parse_skills(section.lines)
        elif section.kind == "languages":
            found_languages = parse_languages(section.lines)
        for skill in found_skills:
            skills.setdefault(skill.casefold(), skill)
        for language in found_languages:
            languages.setdefault(language.name.casefold(), language)
    return list(skills.values()), list(languages.values())
