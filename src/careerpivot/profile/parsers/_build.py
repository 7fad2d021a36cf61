"""Shared builder for structured sources (JSON Resume, LinkedIn export).

Structured sources have fields rather than a document, so the builder writes a readable text
rendering of the profile as it goes (one block per job), redacts every free-text field, and
records spans into that text::

    builder = ProfileBuilder(redact=True)
    job = builder.experience(title="Support Specialist", employer="Acme", start="Mar 2021",
                             end=None, bullets=["Resolved tickets"], field="work[0]")
    profile = builder.profile(source=source, summary=builder.clean(summary))

Dates accept every written form of :func:`careerpivot.profile.dates.parse_date` plus ISO
``YYYY-MM-DD``. A date that cannot be read is dropped with warning CP-DOC104; an end before
the start is dropped the same way.
"""

from __future__ import annotations

from typing import Any

from careerpivot.profile.dates import YearMonth, parse_date
from careerpivot.profile.models import (
    Contact,
    Education,
    Experience,
    Language,
    Profile,
    ProfileWarning,
    Source,
    Span,
)
from careerpivot.profile.redact import redact, redactions, with_contact_details


def as_text(value: Any) -> str:
    """``value`` as a stripped string; anything that is not a string or number gives ``""``."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, str | int | float):
        return str(value).strip()
    return ""


class ProfileBuilder:
    """Collects the parts of a profile from a structured source (see module docstring)."""

    def __init__(self, *, redact: bool) -> None:
        self.redact = redact
        self.parts: list[str] = []
        self.length = 0
        self.counts: dict[str, int] = {}
        self.found: dict[str, list[str]] = {}
        self.warnings: list[ProfileWarning] = []
        self.experiences: list[Experience] = []
        self.education: list[Education] = []
        self.skills: dict[str, str] = {}
        self.languages: dict[str, Language] = {}

    def warn(self, code: str, message: str, field: str | None = None) -> None:
        """Add a coded warning (no personal data in ``message``)."""
        self.warnings.append(ProfileWarning(code=code, message=message, field=field))

    def count_removed(self, kind: str, value: str) -> None:
        """Record a contact detail that a structured field held (redacted or kept)."""
        if value:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            self.found.setdefault(kind, []).append(value)

    def clean(self, value: Any) -> str:
        """A free-text field, with contact details redacted when redaction is on."""
        text = as_text(value)
        if not text:
            return ""
        result = redact(text, replace=self.redact)
        for kind, count in result.counts.items():
            self.counts[kind] = self.counts.get(kind, 0) + count
            self.found.setdefault(kind, []).extend(result.found[kind])
        return result.text

    def write(self, block: str) -> tuple[int, int]:
        """Append a block to the profile text; returns its ``(start, end)``."""
        start = self.length
        self.parts.append(block + "\n\n")
        self.length += len(block) + 2
        return start, start + len(block)

    def date(self, value: Any, field: str) -> YearMonth | None:
        """Read a date field; warn CP-DOC104 when it is present but unreadable."""
        text = as_text(value)
        if not text:
            return None
        found = parse_date(text)
        if found is None:
            self.warn("CP-DOC104", "a date could not be understood and was left empty", field)
        return found

    def experience(
        self,
        *,
        title: Any,
        employer: Any,
        location: Any,
        start: Any,
        end: Any,
        bullets: list[Any],
        description: Any,
        field: str,
    ) -> None:
        """Add one job; jobs without a title or employer are skipped with CP-DOC106."""
        title_text, employer_text = self.clean(title), self.clean(employer)
        if not title_text and not employer_text:
            self.warn("CP-DOC106", "a job without a title or employer was skipped", field)
            return
        first, last = self.date(start, f"{field}.start"), self.date(end, f"{field}.end")
        if first and last and last < first:
            self.warn("CP-DOC104", "a job ends before it starts; the end date was dropped", field)
            last = None
        current = first is not None and last is None and not as_text(end)
        points = [b for b in (self.clean(x) for x in bullets) if b]
        prose = self.clean(description)
        header = " — ".join(p for p in (title_text, employer_text, self.clean(location)) if p)
        body = "\n".join([header, *([prose] if prose else []), *(f"- {b}" for b in points)])
        start_at, end_at = self.write(body)
        self.experiences.append(
            Experience(
                title=title_text or "(no title)",
                employer=employer_text or None,
                location=self.clean(location) or None,
                start=str(first) if first else None,
                end=str(last) if last else None,
                current=current,
                bullets=points,
                description=prose,
                raw_text=body,
                span=Span(start=start_at, end=end_at),
            )
        )

    def add_education(self, **fields: Any) -> None:
        """Add a qualification from text fields (qualification, institution, field, start,
        end, details) and write it to the text."""
        start = self.date(fields.get("start"), "education.start")
        end = self.date(fields.get("end"), "education.end")
        names = ("qualification", "institution", "field")
        values = {name: self.clean(fields.get(name)) or None for name in names}
        details = [d for d in (self.clean(x) for x in fields.get("details", [])) if d]
        raw = ", ".join(v for v in values.values() if v)
        if not raw:
            return
        self.write(raw)
        self.education.append(
            Education(
                **values,
                start=str(start) if start else None,
                end=str(end) if end else None,
                details=details,
                raw_text=raw,
            )
        )

    def add_skill(self, name: Any) -> None:
        """Add a listed skill (duplicates ignored, case-insensitively)."""
        text = self.clean(name)
        if text and len(text) <= 100:
            self.skills.setdefault(text.casefold(), text)

    def add_language(self, name: Any, level: Any) -> None:
        """Add a spoken language with an optional level."""
        text = as_text(name)
        if text:
            self.languages.setdefault(
                text.casefold(), Language(name=text, level=as_text(level) or None)
            )

    def profile(self, *, source: Source, contact: Contact, headline: str, summary: str) -> Profile:
        """The finished profile; writes skills and languages to the text first."""
        if self.skills:
            self.write("Skills: " + ", ".join(self.skills.values()))
        if self.languages:
            self.write("Languages: " + ", ".join(lang.name for lang in self.languages.values()))
        if not self.redact:
            contact = with_contact_details(contact, self.found)
        return Profile(
            source=source,
            contact=contact,
            headline=headline or None,
            summary=summary,
            text="".join(self.parts).rstrip("\n"),
            experiences=self.experiences,
            education=self.education,
            listed_skills=list(self.skills.values()),
            languages=list(self.languages.values()),
            warnings=self.warnings,
            redactions=redactions(self.counts) if self.redact else [],
        )
