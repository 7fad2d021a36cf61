"""The pivot report model (JSON schema version ``1.x``).

Top-level keys: ``schema_version``, ``generated_on``, ``person``, ``target``, ``summary``,
``strengths``, ``competencies``, ``gaps``, ``fit``, ``opportunity_cost``, ``transitions``,
``routes``, ``plan``, ``notes``. ``fit``, ``opportunity_cost``, ``transitions``, ``routes`` and
``plan`` are null when that part was not computed (e.g. no fit answers were given); the
report says so in ``notes``. Minor versions only add optional fields. Every score carries
the terms it came from (see the models in :mod:`careerpivot.analysis`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from careerpivot.analysis.competencies import CompetencyScore
from careerpivot.analysis.gaps import Gap
from careerpivot.analysis.strengths import Strength

REPORT_SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Job(_Model):
    """One job of the person as the report shows it."""

    title: str
    employer: str | None = None
    start: str | None = None
    end: str | None = None
    current: bool = False
    months: int | None = None


class PersonSummary(_Model):
    """Who the report is about: only what their CV says (contact details stay redacted)."""

    name: str | None = None
    headline: str | None = None
    current_title: str | None = None
    feeder_role: str | None = Field(default=None, description="pack feeder id, if matched")
    feeder_title: str | None = None
    years_experience: float | None = None
    jobs: list[Job] = Field(default_factory=list)
    skills_found: int = 0
    source_format: str | None = None


class TargetSummary(_Model):
    """The role the person asks about."""

    id: str
    title: str
    kind: Literal["pack", "esco"]
    summary: str = ""
    responsibilities: list[str] = Field(default_factory=list)
    expected_levels: dict[str, int] = Field(default_factory=dict)
    esco_occupations: list[str] = Field(default_factory=list)
    esco_note: str | None = None

    @property
    def product_role(self) -> bool:
        """A product role of the pack (it expects competency levels): only these are judged
        by competencies and get routes and a plan; any other target is judged by its
        essential ESCO skills."""
        return bool(self.expected_levels)


class Summary(_Model):
    """The short answer: a headline, the reasons behind it, and readiness with its terms."""

    headline: str
    reasons: list[str]
    readiness: int | None = Field(default=None, ge=0, le=100)
    readiness_terms: dict[str, float] = Field(default_factory=dict)
    transition_months: int | None = None
    transition_terms: dict[str, float] = Field(default_factory=dict)


class PivotReport(_Model):
    """Everything ``careerpivot pivot`` shows, in one JSON-serialisable object."""

    schema_version: str = REPORT_SCHEMA_VERSION
    generated_on: date
    person: PersonSummary
    target: TargetSummary
    summary: Summary
    strengths: list[Strength]
    competencies: list[CompetencyScore]
    gaps: list[Gap]
    fit: dict[str, Any] | None = None
    opportunity_cost: dict[str, Any] | None = None
    transitions: dict[str, Any] | None = None
    routes: list[dict[str, Any]] | None = None
    plan: dict[str, Any] | None = None
    notes: list[str] = Field(default_factory=list)


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`PivotReport`."""
    schema = PivotReport.model_json_schema()
    schema["$id"] = f"https://careerpivot.invalid/schema/pivot-report-{REPORT_SCHEMA_VERSION}.json"
    return schema


def competencies_unseen(report: PivotReport) -> str | None:
    """A one-line note replacing the competency table when the target expects no competency
    levels and the CV shows evidence for none of the pack's competencies (a nurse's move into
    clinical informatics: twelve rows of "not enough information" would say nothing)."""
    if report.target.product_role or any(
        c.level is not None or c.evidence for c in report.competencies
    ):
        return None
    return (
        f"CareerPivot's competency model is written for product roles; this CV shows "
        f"evidence for none of its {len(report.competencies)} competencies, and "
        f"{report.target.title} is judged by its ESCO skills instead (see the gaps)."
    )
