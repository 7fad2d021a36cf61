"""Plain records returned and accepted by the user store (no SQLAlchemy types leak out).

Bodies (profile, analysis, plan) are JSON documents kept opaque by the store: it checks only
what it needs (a profile validates as :class:`~careerpivot.profile.models.Profile`; a plan's
steps come as explicit :class:`StepInput` rows). Every datetime is timezone-aware UTC.

Example of a plan as stored and returned::

    PlanRecord(id="5f0c…", profile_id="a1b2…", target="pack:product-manager",
               created_at=datetime(2025, 3, 1, 9, 0, tzinfo=UTC),
               body={"routes": [...], "horizon_weeks": 12},
               steps=(StepRecord(id=1, position=0, key="shadow-pm", title="Shadow a PM",
                                 due=date(2025, 3, 15), status="todo", done_at=None),))
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

#: Progress of a plan step. ``done`` steps carry ``done_at``.
StepStatus = Literal["todo", "doing", "done", "skipped"]
#: What a check-in reports: a step done, new evidence of a skill, or a free note.
CheckInKind = Literal["done", "evidence", "note"]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


class _Record:
    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready data (dates and times in ISO 8601)."""
        result: dict[str, Any] = _jsonable(asdict(self))  # type: ignore[call-overload]
        return result


@dataclass(frozen=True)
class PersonRecord(_Record):
    """A person: an opaque UUID and an optional display name (no contact details)."""

    id: str
    display_name: str | None
    created_at: datetime


@dataclass(frozen=True)
class ProfileRecord(_Record):
    """One revision of a profile; ``body`` is the Profile JSON as saved."""

    id: str
    person_id: str
    revision: int
    saved_at: datetime
    schema_version: str
    body: dict[str, Any]


@dataclass(frozen=True)
class ProfileSummary(_Record):
    """A profile without its body: when it was created and its latest revision."""

    id: str
    person_id: str
    created_at: datetime
    latest_revision: int
    updated_at: datetime


@dataclass(frozen=True)
class AnalysisRecord(_Record):
    """A stored pivot report for a profile revision and a target."""

    id: str
    profile_id: str
    profile_revision: int | None
    target: str
    created_at: datetime
    schema_version: str
    body: dict[str, Any]


@dataclass(frozen=True)
class StepInput:
    """A plan step to store. ``key`` must be unique within its plan (1–100 characters)."""

    key: str
    title: str
    due: date | None = None
    status: StepStatus = "todo"


@dataclass(frozen=True)
class StepRecord(_Record):
    """A stored plan step; ``position`` keeps the order the steps were given in."""

    id: int
    position: int
    key: str
    title: str
    due: date | None
    status: StepStatus
    done_at: datetime | None


@dataclass(frozen=True)
class PlanRecord(_Record):
    """A stored plan with its steps in order."""

    id: str
    profile_id: str
    target: str
    created_at: datetime
    body: dict[str, Any]
    steps: tuple[StepRecord, ...] = field(default=())


@dataclass(frozen=True)
class CheckInRecord(_Record):
    """A progress check-in; ``step_key`` names the step for ``done`` (and optionally others)."""

    id: int
    plan_id: str
    at: datetime
    kind: CheckInKind
    step_key: str | None
    text: str


@dataclass(frozen=True)
class ReadinessPoint(_Record):
    """Readiness (0–100) of a plan at ``at``, with the terms it was computed from."""

    plan_id: str
    at: datetime
    readiness: float
    terms: dict[str, float]
