"""CV intake: parsers for every supported format into one versioned :class:`Profile`.

Usage::

    from careerpivot.profile import parse_file, save_profile

    profile = parse_file("cv.pdf")            # contact details redacted by default
    for job in profile.experiences:
        print(job.title, job.employer, job.start, job.end or "present")
    save_profile(profile, "profile.json")     # loads back unchanged with load_profile()

Formats: PDF with a text layer, DOCX, plain text and Markdown, JSON Resume, LinkedIn
data-export ZIP, and saved profile JSON. Every failure is a coded
:class:`~careerpivot.errors.DocumentError` (CP-DOC0xx); non-fatal findings are coded
warnings in ``Profile.warnings`` (CP-DOC1xx). Nothing is parsed or loaded at import time.
"""

from __future__ import annotations

from careerpivot.profile.io import (
    load_profile,
    parse_bytes,
    parse_file,
    parse_text,
    profile_to_json,
    save_profile,
)
from careerpivot.profile.models import (
    SCHEMA_VERSION,
    Contact,
    Education,
    Evidence,
    Experience,
    Language,
    Profile,
    ProfileWarning,
    Redaction,
    SkillEvidence,
    Source,
    Span,
    TitleMatch,
    profile_json_schema,
)

__all__ = [
    "SCHEMA_VERSION",
    "Contact",
    "Education",
    "Evidence",
    "Experience",
    "Language",
    "Profile",
    "ProfileWarning",
    "Redaction",
    "SkillEvidence",
    "Source",
    "Span",
    "TitleMatch",
    "load_profile",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "profile_json_schema",
    "profile_to_json",
    "save_profile",
]
