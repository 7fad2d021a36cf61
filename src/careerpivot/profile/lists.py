"""Education, skills and language sections of a CV.

Education lines are read one qualification per line (a following institution line or bullet
is folded into it)::

    BA Communication Studies — Uppsala University, 2018
    -> qualification "BA Communication Studies", field "Communication Studies",
       institution "Uppsala University", end "2018"

Skills sections are split on commas, semicolons, bullets and ``|``; labels such as
``Tools:`` are dropped, and items that name a spoken language (``German (B2)``) become
:class:`~careerpivot.profile.models.Language` entries instead of skills.
"""

from __future__ import annotations

import re

from careerpivot.profile.dates import DateRange
from careerpivot.profile.entries import BULLET
from careerpivot.profile.headers import clean_markup, remove_dates, split_outside_parens
from careerpivot.profile.language import is_spoken_language
from careerpivot.profile.models import Education, Language
from careerpivot.profile.sections import Line

_INSTITUTION = re.compile(
    r"\b(?:university|universit[äéàa]t?|college|school|institute|institut|academy|akademie"
    r"|hochschule|polytechnic|conservatoire|gymnasium|lyc[ée]e|[ée]cole|escuela|politecnico"
    r"|universidad|universidade|universiteit|högskola|campus)\b",
    re.IGNORECASE,
)
_DEGREE = re.compile(
    r"^(?:(?:BA|BSc|B\.Sc\.?|B\.A\.?|MA|MSc|M\.Sc\.?|M\.A\.?|MBA|PhD|Ph\.D\.?|BEng|MEng|LLB"
    r"|LLM|BBA|BS|MS|BFA|MFA|HND|HNC|AA|AS)\b\.?(?:\s*\(Hons\))?\s+(?:in\s+|of\s+)?"
    r"|(?:bachelor|master|doctor)(?:'s)?(?:\s+of\s+\w+)?(?:\s+degree)?\s+(?:in\s+)?"
    r"|(?:diploma|certificate|degree)\s+in\s+)(?P<field>.+)$",
    re.IGNORECASE,
)
_ITEM_SPLIT = re.compile(r"\s*[,;|•·]\s*")
_LANGUAGE_LABEL = re.compile(r"^\s*(?:spoken\s+)?languages?\s*:\s*", re.IGNORECASE)
_LABEL = re.compile(r"^\s*[\w &/+-]{1,30}:\s+")
_LEVEL_SPLIT = re.compile(r"\s*(?:\(([^()]*)\)|[-–—:]\s*(.+))\s*$")


def _date_fields(found: DateRange | None) -> tuple[str | None, str | None]:
    if found is None:
        return None, None
    if not found.is_range:
        return None, str(found.start) if found.start else None
    start = str(found.start) if found.start else None
    end = str(found.end) if found.end and not found.current else None
    return start, end


def _parse_qualification(text: str) -> Education:
    cleaned = clean_markup(text)
    rest, found = remove_dates(cleaned)
    start, end = _date_fields(found)
    if re.match(r"^[^,:(]{1,40}:", rest):
        return Education(qualification=rest, start=start, end=end, raw_text=text)
    parts = split_outside_parens(rest, re.compile(r"\s+[—–-]\s+|\s*[|,·]\s*|\s+at\s+"))
    institution_index = next((i for i, p in enumerate(parts) if _INSTITUTION.search(p)), None)
    if institution_index is None:
        qualification = ", ".join(parts) or None
        institution = None
    else:
        institution = parts[institution_index]
        qualification = ", ".join(parts[:institution_index]) or None
        if qualification is None and institution_index + 1 < len(parts):
            qualification = parts[institution_index + 1]
    degree = _DEGREE.match(qualification or "")
    return Education(
        qualification=qualification,
        institution=institution,
        field=degree.group("field").strip() if degree else None,
        start=start,
        end=end,
        raw_text=text,
    )


def parse_education(lines: list[Line]) -> list[Education]:
    """Read an education section: one qualification per line (see module docstring)."""
    items: list[Education] = []
    for line in lines:
        text = line.stripped
        if not text:
            continue
        bullet = BULLET.match(line.text)
        if bullet and items:
            items[-1].details = [*items[-1].details, bullet.group("text").strip()]
            continue
        entry = _parse_qualification(bullet.group("text") if bullet else text)
        if items and _completes(items[-1], entry):
            items[-1] = _merged(items[-1], entry)
        elif entry.qualification or entry.institution:
            items.append(entry)
    return items


def _completes(previous: Education, entry: Education) -> bool:
    """An institution-only or date-only line completes the qualification above it."""
    if entry.institution and not entry.qualification and not previous.institution:
        return True
    return not (entry.qualification or entry.institution) or (
        entry.qualification is None and previous.end is None and entry.end is not None
    )


def _merged(previous: Education, entry: Education) -> Education:
    return previous.model_copy(
        update={
            "institution": previous.institution or entry.institution,
            "start": previous.start or entry.start,
            "end": previous.end or entry.end,
            "raw_text": f"{previous.raw_text}\n{entry.raw_text}",
        }
    )


def split_language(item: str) -> Language | None:
    """``"German (B2)"`` -> Language("German", "B2"); None when ``item`` is no language."""
    item = item.strip()
    match = _LEVEL_SPLIT.search(item)
    name, level = item, None
    if match and match.start() > 0:
        name = item[: match.start()].strip()
        level = (match.group(1) or match.group(2) or "").strip() or None
    if not is_spoken_language(name):
        return None
    return Language(name=name.title() if name.islower() else name, level=level)


def parse_skills(lines: list[Line]) -> tuple[list[str], list[Language]]:
    """Split a skills section into skill names and spoken languages.

    Returns:
        ``(skills, languages)``, each in order of appearance without duplicates.
    """
    skills: list[str] = []
    languages: list[Language] = []
    for line in lines:
        text = clean_markup(line.stripped)
        bullet = BULLET.match(text)
        text = bullet.group("text") if bullet else text
        is_language_line = bool(_LANGUAGE_LABEL.match(text))
        text = _LABEL.sub("", text, count=1)
        for item in split_outside_parens(text, _ITEM_SPLIT):
            item = item.strip().rstrip(".").strip()
            if not item or len(item) > 60 or len(item.split()) > 6:
                continue
            language = split_language(item)
            if language is not None:
                languages.append(language)
            elif not is_language_line:
                skills.append(item)
    return _unique(skills), _unique_languages(languages)


def parse_languages(lines: list[Line]) -> list[Language]:
    """Read a languages section (``English – native``, ``German (B2)``, ``French: basic``)."""
    found: list[Language] = []
    for line in lines:
        text = clean_markup(line.stripped)
        bullet = BULLET.match(text)
        text = bullet.group("text") if bullet else text
        for item in split_outside_parens(text, re.compile(r"\s*[,;|•·]\s*")):
            language = split_language(item)
            if language is not None:
                found.append(language)
    return _unique_languages(found)


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


def _unique_languages(items: list[Language]) -> list[Language]:
    seen: set[str] = set()
    result = []
    for item in items:
        if item.name.casefold() not in seen:
            seen.add(item.name.casefold())
            result.append(item)
    return result
