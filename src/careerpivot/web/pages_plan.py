"""Plan pages: make a dated plan from a report, check in, watch readiness over time."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from careerpivot.report.charts import Series, line_chart
from careerpivot.settings import Settings
from careerpivot.store import ReadinessPoint, UserStore
from careerpivot.web import service, views
from careerpivot.web.pages_flow import checked_form, see_other
from careerpivot.web.render import render_page

router = APIRouter(include_in_schema=False)


def _store(request: Request) -> UserStore:
    store: UserStore = request.app.state.web.store()
    return store


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.web.settings
    return settings


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def readiness_chart(points: list[ReadinessPoint]) -> str | None:
    """Readiness (0–100) at each snapshot, in order, as an SVG line chart (None if none)."""
    if not points:
        return None
    return line_chart(
        [
            Series(
                name="Readiness",
                values=[float(p.readiness) for p in points],
                short="readiness",
                labels=[f"{p.readiness:.0f}% on {p.at:%Y-%m-%d}" for p in points],
            )
        ],
        [float(i) for i in range(len(points))],
        chart_id="chart-readiness",
        title="Readiness over time (0–100%)",
        desc="One point per readiness snapshot, in order: 0 is when the plan was made, then "
        "one after each check-in with evidence. The y axis is the share of the role's "
        "competency profile your evidence shows. The list below gives each value and date.",
        x_label="snapshot (0 = when the plan was made)",
        y_label="readiness %",
        value_format=lambda v: f"{v:.0f}",
    )


@router.post("/reports/{analysis_id}/plan")
async def make_plan(request: Request, analysis_id: str) -> RedirectResponse:
    """Make a dated plan from the report and show it."""
    from starlette.concurrency import run_in_threadpool

    form = await checked_form(request)
    hours = views.hours(form.get("hours_per_week"))
    situation = views.situation(form)
    plan = await run_in_threadpool(
        lambda: service.create_plan(
            _store(request),
            analysis_id,
            _settings(request),
            hours_per_week=hours,
            situation=situation,
        )
    )
    return see_other(f"/plans/{plan.id}")


@router.get("/plans/{plan_id}/export.{fmt}")
def plan_download(request: Request, plan_id: str, fmt: str) -> Response:
    """The plan as a Markdown or iCalendar (.ics) download."""
    text, media, name = service.plan_export(_store(request), plan_id, fmt)
    return Response(
        text, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(request: Request, plan_id: str) -> HTMLResponse:
    """Step 6: the plan's steps, check-in form, check-ins and readiness over time."""
    page = service.load_plan(_store(request), plan_id)
    chart = readiness_chart(page.readiness)
    context: dict[str, Any] = {
        "title": f"Your plan: {page.target_title}",
        "step": "plan",
        "page": page,
        "plan": page.plan,
        "steps": views.plan_steps(page.plan),
        "body": page.plan.body,
        "target_title": page.target_title,
        "chart": None if chart is None else Markup(chart),
        "done": sum(s.status == "done" for s in page.plan.steps),
        "saved": request.query_params.get("saved") == "1",
    }
    return render_page(request, "plan.html.j2", context)


@router.post("/plans/{plan_id}/check-ins")
async def plan_check_in(request: Request, plan_id: str) -> RedirectResponse:
    """Record a check-in from the plan page's form."""
    from starlette.concurrency import run_in_threadpool

    form = await checked_form(request)
    done = [v for v in form.getlist("done") if isinstance(v, str) and v]
    evidence, note = _text(form.get("evidence")), _text(form.get("note"))
    store, settings = _store(request), _settings(request)

    def record() -> None:
        if not done:
            service.check_in(store, plan_id, settings, evidence=evidence, note=note)
        for i, key in enumerate(done):  # one check-in per finished step; text goes with the first
            first = i == 0
            service.check_in(
                store,
                plan_id,
                settings,
                done=key,
                evidence=evidence if first else None,
                note=note if first else None,
            )

    await run_in_threadpool(record)
    return see_other(f"/plans/{plan_id}?saved=1")
