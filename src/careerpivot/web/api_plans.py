"""The plan endpoints of the JSON API: make a plan from a report, read it, check in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field

from careerpivot.web import service
from careerpivot.web.api import ERRORS, Config, Store

if TYPE_CHECKING:
    from careerpivot.planning.service import PlanView

router = APIRouter(prefix="/api", tags=["api"])


class PlanIn(BaseModel):
    """Which stored report to plan from, and the time available."""

    analysis_id: str
    hours_per_week: float = 5.0
    situation: dict[str, str] | None = Field(
        default=None,
        description="facts the routes are scored on: product_team, advocate (yes/no/unknown), "
        "company_size, company_stage, region, seniority, budget",
    )


class CheckInIn(BaseModel):
    """Progress: a step key that was done, evidence and/or a note (at least one)."""

    done: str | None = Field(default=None, description="key of the finished step")
    evidence: str | None = Field(default=None, max_length=10_000)
    note: str | None = Field(default=None, max_length=10_000)


def plan_out(view: PlanView) -> dict[str, Any]:
    """The API view of a plan: the plan (steps, body) with check-ins and readiness history."""
    return view.to_dict()


@router.post("/plans", status_code=201, responses=ERRORS)
def create_plan(body: PlanIn, store: Store, settings: Config) -> dict[str, Any]:
    """Make and store a dated plan from a stored report."""
    plan = service.create_plan(
        store,
        body.analysis_id,
        settings,
        hours_per_week=body.hours_per_week,
        situation=body.situation,
    )
    return plan_out(service.load_plan(store, plan.id))


@router.get("/plans/{plan_id}/export", responses=ERRORS)
def export_plan(plan_id: str, store: Store, format: str = "md") -> Response:
    """The plan as Markdown (``format=md``) or iCalendar (``format=ics``)."""
    text, media, name = service.plan_export(store, plan_id, format)
    return Response(
        text, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/plans/{plan_id}", responses=ERRORS)
def get_plan(plan_id: str, store: Store) -> dict[str, Any]:
    """A plan with its steps, check-ins and readiness over time."""
    return plan_out(service.load_plan(store, plan_id))


@router.post("/plans/{plan_id}/check-ins", status_code=201, responses=ERRORS)
def check_in(plan_id: str, body: CheckInIn, store: Store, settings: Config) -> dict[str, Any]:
    """Record progress; evidence re-scores readiness. Returns what changed and the plan."""
    result = service.check_in(
        store, plan_id, settings, done=body.done, evidence=body.evidence, note=body.note
    )
    return {"check_in": result.to_dict(), "plan": plan_out(service.load_plan(store, plan_id))}
