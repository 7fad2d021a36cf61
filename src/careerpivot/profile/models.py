"""The versioned Profile model: what CareerPivot knows about one person's career.

A :class:`Profile` is produced by the parsers in :mod:`careerpivot.profile.parsers` from a CV
(PDF, DOCX, text/Markdown), a JSON Resume, a LinkedIn data export or a saved profile JSON.
It is plain data: no I/O, and every field survives a JSON round trip unchanged.

Data contract (schema version ``1.x``)::

    {
      "schema_version": "1.0",
      "source": {"format": "pdf", "filename": "cv.pdf", "sha256": "…64 hex…",
                 "size_bytes": 40213, "parser": "careerpivot.parser.pdf.v1", "redacted": true},
      "contact": {"name": "Jordan Example", "location": "Leeds, UK", "emails": [], …},
      "headline": null,
      "summary": "Support specialist with five years …",
      "text": "…the full extracted text after normalisation and redaction…",
      "experiences": [{"title": "Support Specialist", "employer": "Acme Ltd",
                       "location": "Leeds", "start": "2019-03", "end": null,
                       "current": true, "bullets": ["Resolved 50 tickets a day"],
                       "description": "", "raw_text": "…", "span": {"start": 120, "end": 410},
                       "title_matches": []}],
      "education": [...], "listed_skills": ["Zendesk", "SQL"],
      "languages": [{"name": "English", "level": "native"}],
      "warnings": [{"code": "CP-DOC101", "message": "…", "field": null}],
      "redactions": [{"kind": "email", "count": 1}],
      "skills": []
    }

Dates are partial: ``"YYYY"`` or ``"YYYY-MM"``. ``current: true`` means the job has no end yet
(``end`` must then be null). ``span`` offsets index into ``Profile.text`` (``text[start:end]``).
``skills`` and ``title_matches`` are empty until the skill extractor fills them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from careerpivot.profile.dates import YearMonth, duration_months

#: Version of the profile schema written by this code. Minor bumps stay loadable.
SCHEMA_VERSION = "1.1"

#: A partial date: a year (``"2019"``) or a year and month (``"2019-03"``).
PartialDate = Annotated[
    str, StringConstraints(pattern=r"^(19|20)\d\d(-(0[1-9]|1[0-2]))?$", strict=True)
]
#: A coded warning or error identifier such as ``CP-DOC101``.
Code = Annotated[str, StringConstraints(pattern=r"^CP-[A-Z]{3}\d{3}$")]

SourceFormat = Literal["pdf", "docx", "text", "markdown", "jsonresume", "linkedin"]
RedactionKind = Literal["email", "phone", "address", "url"]
SkillStatus = Literal["accepted", "rejected", "added", "suggested"]
EvidenceKind = Literal["sentence", "listed"]


class _Model(BaseModel):
    """Base: unknown fields are rejected so typos in a hand-edited profile are caught."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Span(_Model):
    """Half-open character range ``[start, end)`` into :attr:`Profile.text`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError("span end is before its start")
        return self


class Source(_Model):
    """Where a profile came from. Never holds a path, only the file's base name."""

    format: SourceFormat
    filename: str | None = Field(default=None, max_length=255)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the input bytes")
    size_bytes: int = Field(ge=0)
    parser: str = Field(description="versioned parser name, e.g. careerpivot.parser.pdf.v1")
    redacted: bool = Field(description="whether contact details were removed on intake")


class Contact(_Model):
    """The person's name, city-level location and (only when not redacted) contact details."""

    name: str | None = None
    location: str | None = None
    emails: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)
    urls: list[str] = Field(default_factory=list)
    address: str | None = None


class TitleMatch(_Model):
    """A taxonomy occupation or pack role that a job title was linked to.

    ``uri`` is an ESCO occupation URI or a pack role id (``scheme`` says which). ``status``
    is the user's review: an ``accepted`` match is kept when the profile is re-analysed, a
    ``rejected`` one is never suggested again for that title.
    """

    uri: str
    label: str
    score: float = Field(ge=0.0, le=1.0)
    scheme: str | None = Field(default=None, description="e.g. esco, onet, pack")
    status: SkillStatus = "suggested"
    terms: dict[str, float] = Field(
        default_factory=dict, description="the parts the score was computed from"
    )


class Experience(_Model):
    """One job. ``bullets`` are the bullet points; ``description`` holds other prose lines."""

    title: str
    employer: str | None = None
    location: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    current: bool = False
    bullets: list[str] = Field(default_factory=list)
    description: str = ""
    raw_text: str = ""
    span: Span | None = None
    title_matches: list[TitleMatch] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates_consistent(self) -> Experience:
        if self.current and self.end is not None:
            raise ValueError("a current job cannot have an end date")
        if self.start and self.end and YearMonth.parse(self.end) < YearMonth.parse(self.start):
            raise ValueError("end date is before start date")
        return self

    def duration_months(self, as_of: date | None = None) -> int | None:
        """Approximate length of the job in months, or None when the start is unknown.

        Args:
            as_of: the date a current job is counted to (default: today).

        Returns:
            Inclusive month count; year-only dates count from July to June (see
            :func:`careerpivot.profile.dates.duration_months`).
        """
        start = YearMonth.parse(self.start) if self.start else None
        end = YearMonth.parse(self.end) if self.end else None
        return duration_months(start, end, current=self.current, as_of=as_of or date.today())


class Education(_Model):
    """One qualification: a degree, diploma, certificate or school result."""

    qualification: str | None = None
    institution: str | None = None
    field: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    details: list[str] = Field(default_factory=list)
    raw_text: str = ""


class Language(_Model):
    """A spoken language with an optional level as written (``native``, ``B2``, …)."""

    name: str
    level: str | None = None


class ProfileWarning(_Model):
    """A coded, non-fatal finding about the input. ``field`` names the part it concerns."""

    code: Code
    message: str
    field: str | None = None


class Redaction(_Model):
    """How many items of one kind of contact detail were removed."""

    kind: RedactionKind
    count: int = Field(ge=1)


class Evidence(_Model):
    """Where a skill was seen: the matched text, its sentence and the job it belongs to.

    ``experience_index`` is an index into :attr:`Profile.experiences`, or None when the
    mention is in the summary or skills list. ``span`` indexes into :attr:`Profile.text`.
    """

    text: str
    sentence: str
    experience_index: int | None = Field(default=None, ge=0)
    span: Span | None = None
    kind: EvidenceKind = Field(
        default="sentence", description="sentence: described in prose; listed: in a skills list"
    )
    score: float | None = Field(default=None, ge=0.0, le=1.5)
    terms: dict[str, float] = Field(
        default_factory=dict, description="the parts the score was computed from"
    )


class SkillEvidence(_Model):
    """A taxonomy skill linked to the profile, with its score, review status and evidence."""

    uri: str
    label: str
    score: float = Field(ge=0.0, le=1.0)
    status: SkillStatus = "suggested"
    evidence: list[Evidence] = Field(default_factory=list)
    extractor: str | None = Field(default=None, description="versioned extractor name")
    months: int | None = Field(
        default=None, ge=0, description="total length of the jobs whose text shows the skill"
    )
    last_used: str | None = Field(
        default=None, description='"present", or the end (YYYY or YYYY-MM) of the latest such job'
    )


class Profile(_Model):
    """Everything parsed from one input, plus the slots the skill extractor fills later."""

    schema_version: str = Field(default=SCHEMA_VERSION, pattern=r"^1\.\d+$")
    source: Source
    contact: Contact = Field(default_factory=Contact)
    headline: str | None = None
    summary: str = ""
    text: str = Field(default="", description="full extracted text; spans index into it")
    experiences: list[Experience] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    listed_skills: list[str] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    warnings: list[ProfileWarning] = Field(default_factory=list)
    redactions: list[Redaction] = Field(default_factory=list)
    skills: list[SkillEvidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references_in_range(self) -> Profile:
        limit = len(self.text)
        spans = [e.span for e in self.experiences]
        spans += [ev.span for s in self.skills for ev in s.evidence]
        if any(span is not None and span.end > limit for span in spans):
            raise ValueError("a span points beyond the end of the profile text")
        count = len(self.experiences)
        for skill in self.skills:
            for ev in skill.evidence:
                if ev.experience_index is not None and ev.experience_index >= count:
                    raise ValueError("evidence points to an experience that does not exist")
        return self


def profile_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :class:`Profile`, as shipped in profile.schema.json."""
    schema = Profile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://careerpivot.invalid/schema/profile-{SCHEMA_VERSION}.json"
    return schema
