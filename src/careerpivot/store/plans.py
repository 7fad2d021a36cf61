"""Plans, their steps, progress check-ins and readiness snapshots.

A plan is stored with all of its steps in one transaction, so a plan never exists without
its steps. The plan body (routes, resources, horizon, …) is an opaque JSON object built by
``planning/``; the steps are explicit rows so progress can be tracked per step.

A ``done`` check-in names a step and marks it done (``status="done"``, ``done_at`` = the
check-in time) in the same transaction. Readiness snapshots (0–100 with their terms) are
kept for charting progress over time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, cast, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from careerpivot.store.base import (
    StoreBase,
    aware,
    found,
    invalid,
    json_body,
    new_id,
    not_found,
    score,
    text_field,
    utcnow,
)
from careerpivot.store.orm import CheckInRow, PersonRow, PlanRow, ProfileRow, ReadinessRow, StepRow
from careerpivot.store.records import (
    CheckInKind,
    CheckInRecord,
    PlanRecord,
    ReadinessPoint,
    StepInput,
    StepRecord,
    StepStatus,
)


def step_record(row: StepRow) -> StepRecord:
    """The record of a step row."""
    return StepRecord(
        id=row.id,
        position=row.position,
        key=row.key,
        title=row.title,
        due=row.due,
        status=cast(StepStatus, row.status),
        done_at=row.done_at,
    )


def checkin_record(row: CheckInRow) -> CheckInRecord:
    """The record of a check-in row."""
    return CheckInRecord(
        id=row.id,
        plan_id=row.plan_id,
        at=row.at,
        kind=cast(CheckInKind, row.kind),
        step_key=row.step_key,
        text=row.text,
    )


def readiness_record(row: ReadinessRow) -> ReadinessPoint:
    """The record of a readiness snapshot row."""
    return ReadinessPoint(plan_id=row.plan_id, at=row.at, readiness=row.readiness, terms=row.terms)


def steps_of(session: Session, plan_id: str) -> list[StepRow]:
    """A plan's step rows in their given order."""
    query = select(StepRow).where(StepRow.plan_id == plan_id).order_by(StepRow.position)
    return list(session.scalars(query))


def plan_record(session: Session, row: PlanRow) -> PlanRecord:
    """The record of a plan row with its steps."""
    return PlanRecord(
        id=row.id,
        profile_id=row.profile_id,
        target=row.target,
        created_at=row.created_at,
        body=row.body,
        steps=tuple(step_record(s) for s in steps_of(session, row.id)),
    )


def _step_rows(plan_id: str, steps: Sequence[StepInput], now: datetime) -> list[StepRow]:
    rows: list[StepRow] = []
    seen: set[str] = set()
    for position, step in enumerate(steps):
        if not isinstance(step, StepInput):
            raise invalid("plan steps must be StepInput records")
        key = text_field(step.key, "step key", 100)
        if key in seen:
            raise invalid(f"step key {key!r} is used twice", "give every step its own key")
        if step.status not in get_args(StepStatus):
            raise invalid(f"unknown step status {step.status!r}")
        if step.due is not None and not isinstance(step.due, date):
            raise invalid("a step's due date must be a date")
        seen.add(key)
        rows.append(
            StepRow(
                plan_id=plan_id,
                position=position,
                key=key,
                title=text_field(step.title, "step title", 500),
                due=step.due,
                status=step.status,
                done_at=now if step.status == "done" else None,
            )
        )
    return rows


def _terms(terms: Mapping[str, float]) -> dict[str, float]:
    if not isinstance(terms, Mapping):
        raise invalid("readiness terms must be a mapping of names to numbers")
    result: dict[str, float] = {}
    for name, value in terms.items():
        if not isinstance(name, str) or isinstance(value, bool):
            raise invalid("readiness terms must be a mapping of names to numbers")
        if not isinstance(value, int | float) or value != value or abs(value) == float("inf"):
            raise invalid(f"readiness term {name!r} is not a finite number")
        result[name] = float(value)
    return result


class PlanOps(StoreBase):
    """Operations on plans, check-ins and readiness (each one transaction)."""

    def create_plan(
        self,
        profile_id: str,
        target: str,
        body: Mapping[str, Any],
        steps: Sequence[StepInput],
    ) -> PlanRecord:
        """Store a plan and all its steps atomically.

        Args:
            profile_id: the profile the plan is for (must exist).
            target: the target occupation URI or pack role id.
            body: the plan JSON from ``planning/`` (kept as given).
            steps: the steps in order; keys unique within the plan.

        Raises:
            RecordInputError: CP-USR002 for duplicate or empty keys, unknown statuses or a
                non-JSON body (nothing stored).
            RecordNotFoundError: CP-USR001 for an unknown profile.
        """
        doc = json_body(body, "plan")
        now = utcnow()
        plan_id = new_id()
        plan = PlanRow(
            id=plan_id,
            profile_id=profile_id,
            target=text_field(target, "target", 500),
            created_at=now,
            body=doc,
        )
        rows = _step_rows(plan_id, steps, now)
        with self._write() as session:
            found(session.get(ProfileRow, profile_id), "profile", profile_id)
            session.add(plan)
            session.flush()
            session.add_all(rows)
            session.flush()
            return plan_record(session, plan)

    def get_plan(self, plan_id: str) -> PlanRecord:
        """A stored plan with its steps (CP-USR001 when unknown)."""
        with self._read() as session:
            return plan_record(session, found(session.get(PlanRow, plan_id), "plan", plan_id))

    def list_plans(
        self, *, person_id: str | None = None, profile_id: str | None = None
    ) -> list[PlanRecord]:
        """Plans of a person or of one profile, oldest first (give exactly one filter)."""
        if (person_id is None) == (profile_id is None):
            raise invalid("list_plans needs exactly one of person_id or profile_id")
        query = select(PlanRow).order_by(PlanRow.created_at, PlanRow.id)
        with self._read() as session:
            if profile_id is not None:
                found(session.get(ProfileRow, profile_id), "profile", profile_id)
                query = query.where(PlanRow.profile_id == profile_id)
            else:
                found(session.get(PersonRow, person_id), "person", str(person_id))
                owned = select(ProfileRow.id).where(ProfileRow.person_id == person_id)
                query = query.where(PlanRow.profile_id.in_(owned))
            return [plan_record(session, row) for row in session.scalars(query)]

    def add_checkin(
        self,
        plan_id: str,
        kind: CheckInKind,
        text: str = "",
        *,
        step_key: str | None = None,
        at: datetime | None = None,
    ) -> CheckInRecord:
        """Record progress on a plan.

        Args:
            plan_id: the plan (must exist).
            kind: ``done`` (needs ``step_key``; marks that step done), ``evidence`` or ``note``.
            text: what the user reported (up to 10,000 characters; may be empty for ``done``).
            step_key: the step concerned, if any (must be a step of the plan).
            at: when it happened (aware datetime; default now).

        Raises:
            RecordInputError: CP-USR002 for an unknown kind, ``done`` without a step, a naive
                time or over-long text.
            RecordNotFoundError: CP-USR001 for an unknown plan or step key.
        """
        if kind not in get_args(CheckInKind):
            raise invalid(f"unknown check-in kind {kind!r}", "use done, evidence or note")
        if kind == "done" and not step_key:
            raise invalid("a done check-in must name the step that was done")
        when = aware(at)
        body = text_field(text, "check-in text", 10_000, empty_ok=kind == "done")
        with self._write() as session:
            found(session.get(PlanRow, plan_id), "plan", plan_id)
            if step_key is not None:
                step = session.scalar(
                    select(StepRow).where(StepRow.plan_id == plan_id, StepRow.key == step_key)
                )
                if step is None:
                    raise not_found("plan step", step_key)
                if kind == "done":
                    step.status, step.done_at = "done", when
            row = CheckInRow(plan_id=plan_id, at=when, kind=kind, step_key=step_key, text=body)
            session.add(row)
            session.flush()
            return checkin_record(row)

    def list_checkins(self, plan_id: str) -> list[CheckInRecord]:
        """A plan's check-ins in time order."""
        with self._read() as session:
            found(session.get(PlanRow, plan_id), "plan", plan_id)
            rows = session.scalars(
                select(CheckInRow)
                .where(CheckInRow.plan_id == plan_id)
                .order_by(CheckInRow.at, CheckInRow.id)
            )
            return [checkin_record(r) for r in rows]

    def add_readiness(
        self,
        plan_id: str,
        readiness: float,
        terms: Mapping[str, float],
        *,
        at: datetime | None = None,
    ) -> ReadinessPoint:
        """Store a readiness snapshot (0–100) with the terms it was computed from.

        Raises:
            RecordInputError: CP-USR002 for a value outside 0–100 or non-numeric terms.
            RecordNotFoundError: CP-USR001 for an unknown plan.
        """
        row = ReadinessRow(
            plan_id=plan_id, at=aware(at), readiness=score(readiness), terms=_terms(terms)
        )
        with self._write() as session:
            found(session.get(PlanRow, plan_id), "plan", plan_id)
            session.add(row)
        return readiness_record(row)

    def readiness_history(self, plan_id: str) -> list[ReadinessPoint]:
        """A plan's readiness snapshots in time order, for charting."""
        with self._read() as session:
            found(session.get(PlanRow, plan_id), "plan", plan_id)
            rows = session.scalars(
                select(ReadinessRow)
                .where(ReadinessRow.plan_id == plan_id)
                .order_by(ReadinessRow.at, ReadinessRow.id)
            )
            return [readiness_record(r) for r in rows]
