"""Pages beyond the report: explore transitions for any occupation, plans with check-ins."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from careerpivot.report.charts import Bar, bar_chart
from careerpivot.settings import Settings
from careerpivot.web.render import render_page

router = APIRouter(include_in_schema=False)
VIABILITY_STYLE = {"highly viable": "solid", "viable": "light"}


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.web.settings
    return settings


def ranking_chart(transitions: list[Any]) -> str | None:
    """The move scores of a ranking as an SVG bar chart (None when empty)."""
    if not transitions:
        return None
    bars = [
        Bar(
            label=t.target.label,
            value=float(t.score),
            note=f"{t.score:.2f} · {t.viability}",
            style=VIABILITY_STYLE.get(t.viability, "hatched"),  # type: ignore[arg-type]
        )
        for t in transitions[:12]
    ]
    return bar_chart(
        bars,
        chart_id="chart-transitions",
        title="How well your skills carry over, per next role (0–1)",
        desc="One row per next role, best first. The bar is the transition score from 0 to 1: "
        "solid for highly viable, light for viable, hatched for a stretch. The text on the "
        "right repeats the score and its label.",
        max_value=1.0,
        ticks=[0, 0.25, 0.5, 0.75, 1.0],
        legend=[("solid", "highly viable"), ("light", "viable"), ("hatched", "stretch")],
    )


@router.get("/transitions", response_class=HTMLResponse)
def explore(request: Request, origin: str = "", target: str = "") -> HTMLResponse:
    """Next roles from any occupation, and one move in detail when ``target`` is given."""
    from markupsafe import Markup

    from careerpivot.transitions_service import rank_transitions, transition

    origin, target = origin.strip()[:300], target.strip()[:300]
    settings = _settings(request)
    context: dict[str, Any] = {
        "title": "Explore transitions" + (f" from {origin}" if origin else ""),
        "origin": origin,
        "target": target,
        "ranking": None,
        "chart": None,
        "detail": None,
        "has_taxonomy": settings.store_path.exists(),
    }
    if origin:
        ranking = rank_transitions(origin, limit=20, settings=settings)
        chart = ranking_chart(ranking.transitions)
        context.update(ranking=ranking, chart=None if chart is None else Markup(chart))
        if target:
            context["detail"] = transition(origin, target, settings=settings)
            context["title"] = (
                f"Move from {ranking.origin.label} to {context['detail'].target.label}"
            )
    return render_page(request, "transitions.html.j2", context)
