"""JSON Resume documents (https://jsonresume.org/schema) into a Profile.

Mapping::

    basics.name / label / summary        -> contact.name / headline / summary
    basics.location.city, countryCode    -> contact.location ("Leeds, GB")
    basics.email, phone, url, profiles   -> contact details (redacted by default)
    basics.location.address              -> contact.address (redacted by default)
    work[].position, name, location      -> experiences[].title, employer, location
    work[].startDate, endDate            -> start, end (no endDate: current)
    work[].summary, description, highlights -> description, bullets
    education[].studyType, institution, area, startDate, endDate, courses
    skills[].name and keywords           -> listed_skills
    languages[].language, fluency        -> languages

Fields of the wrong type are skipped with warning CP-DOC106; unknown fields are ignored.
"""

from __future__ import annotations

from typing import Any

from careerpivot.profile.models import Contact, Profile, Source
from careerpivot.profile.parsers._build import ProfileBuilder, as_text

#: Top-level keys that mark a JSON document as a JSON Resume.
RESUME_KEYS = frozenset({"basics", "work", "education", "skills", "languages", "volunteer"})


def is_json_resume(document: object) -> bool:
    """True when ``document`` is an object with at least one JSON Resume section."""
    return isinstance(document, dict) and bool(RESUME_KEYS & document.keys())


def _items(builder: ProfileBuilder, document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = document.get(key, [])
    if not isinstance(value, list):
        builder.warn("CP-DOC106", f"'{key}' is not a list and was skipped", key)
        return []
    items = [item for item in value if isinstance(item, dict)]
    if len(items) != len(value):
        builder.warn("CP-DOC106", f"entries of '{key}' that are not objects were skipped", key)
    return items


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _contact(builder: ProfileBuilder, basics: dict[str, Any]) -> Contact:
    location = basics.get("location")
    location = location if isinstance(location, dict) else {}
    city = ", ".join(
        p for p in (as_text(location.get("city")), as_text(location.get("countryCode"))) if p
    )
    builder.count_removed("email", as_text(basics.get("email")))
    builder.count_removed("phone", as_text(basics.get("phone")))
    builder.count_removed("url", as_text(basics.get("url")))
    for profile in _list(basics.get("profiles")):
        if isinstance(profile, dict):
            builder.count_removed("url", as_text(profile.get("url")))
    address = ", ".join(
        p for p in (as_text(location.get("address")), as_text(location.get("postalCode"))) if p
    )
    builder.count_removed("address", address)
    return Contact(name=as_text(basics.get("name")) or None, location=city or None)


def to_profile(document: dict[str, Any], *, source: Source) -> Profile:
    """Convert a parsed JSON Resume document.

    Args:
        document: the decoded JSON object (checked with :func:`is_json_resume`).
        source: where it came from; ``source.redacted`` decides about contact details.

    Returns:
        The profile; its ``text`` is a plain rendering of the resume.
    """
    builder = ProfileBuilder(redact=source.redacted)
    basics = document.get("basics")
    if basics is not None and not isinstance(basics, dict):
        builder.warn("CP-DOC106", "'basics' is not an object and was skipped", "basics")
    basics = basics if isinstance(basics, dict) else {}
    contact = _contact(builder, basics)
    headline = builder.clean(basics.get("label"))
    summary = builder.clean(basics.get("summary"))
    for block in (headline, summary):
        if block:
            builder.write(block)
    for index, job in enumerate(_items(builder, document, "work")):
        location = job.get("location")
        builder.experience(
            title=job.get("position"),
            employer=job.get("name") or job.get("company"),
            location=location if isinstance(location, str) else None,
            start=job.get("startDate"),
            end=job.get("endDate"),
            bullets=_list(job.get("highlights")),
            description="\n".join(
                as_text(job.get(k)) for k in ("summary", "description") if as_text(job.get(k))
            ),
            field=f"work[{index}]",
        )
    for school in _items(builder, document, "education"):
        builder.add_education(
            qualification=school.get("studyType"),
            institution=school.get("institution"),
            field=school.get("area"),
            start=school.get("startDate"),
            end=school.get("endDate"),
            details=_list(school.get("courses")),
        )
    for skill in _items(builder, document, "skills"):
        builder.add_skill(skill.get("name"))
        for keyword in _list(skill.get("keywords")):
            builder.add_skill(keyword)
    for language in _items(builder, document, "languages"):
        builder.add_language(language.get("language"), language.get("fluency"))
    if not builder.experiences:
        builder.warn("CP-DOC103", "the resume lists no work experience", "work")
    return builder.profile(source=source, contact=contact, headline=headline, summary=summary)
