"""Build a dated plan from the ranked routes, the gaps and the recommended resources.

Pure. Algorithm ``planning.plan.v1``:

- **Top routes**: the :data:`TOP_ROUTES` best-ranked routes.
- **Route steps**: the pack's step templates whose ``routes`` include a top route, or whose
  ``competencies`` include one of the person's open gaps (partial, missing or not enough
  information). A template's ``window`` (30/60/90/180/365 days) sets its phase; steps of one
  window are spread evenly between the previous window's end and its own.
- **Gap steps**: one step per open competency gap (largest first, at most
  :data:`MAX_GAP_STEPS`), carrying the gap's typed action (proof, translation, bridge
  project, foundation learning) and its effort; due when the cumulative effort fits at the
  person's hours a week (at least 14 days in, at most 365).
- **Resource steps**: the first :data:`RESOURCE_STEPS` recommended resources.

Every step is due within 12 months of ``start``. Titles use only pack text, gap names and
the resource titles; outreach notes are drafted by :mod:`careerpivot.planning.outreach`.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from careerpivot.analysis.gaps import Gap
from careerpivot.packs.routes import WINDOWS, RouteBook, StepTemplate
from careerpivot.planning.outreach import draft_note, note_facts
from careerpivot.planning.resources import Recommendation
from careerpivot.planning.routes import RouteScore
from careerpivot.report.model import PivotReport

ALGORITHM = "planning.plan.v1"
TOP_ROUTES = 3
MAX_GAP_STEPS = 4
RESOURCE_STEPS = 2
HORIZON_DAYS = 365
#: Gap steps (largest gaps first) never dropped when the plan is cut to fit the time.
KEPT_GAP_STEPS = 2
PHASES = {30: "First 30 days", 60: "Days 31-60", 90: "Days 61-90", 180: "Months 4-6",
          365: "Months 7-12"}  # fmt: skip
_ORDER = {"missing": 0, "not_enough_information": 1, "partial": 2}
#: Gap actions are scheduled quick wins first: rewording and evidence before learning and projects.
QUICK_FIRST = {"proof": 0, "translation": 1, "foundation_learning": 2, "bridge_project": 3}
ACTION_LABEL = {
    "proof": "show your evidence",
    "translation": "reword your experience",
    "bridge_project": "bridge project",
    "foundation_learning": "learn the basics",
}


class PlanStep(BaseModel):
    """One dated step; ``kind`` says what it came from (route template, gap or resource)."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    detail: str
    due: date
    window: int
    phase: str
    kind: str
    routes: list[str] = Field(default_factory=list)
    competencies: list[str] = Field(default_factory=list)
    hours: float
    action_type: str | None = None
    resource_id: str | None = None
    outreach: str | None = None


def open_gaps(gaps: list[Gap]) -> list[Gap]:
    """Competency gaps still to close, largest first (missing, unknown, partial)."""
    out = [g for g in gaps if g.kind == "competency" and g.status in _ORDER]
    return sorted(
        out, key=lambda g: (_ORDER[g.status], -((g.expected or 0) - (g.current or 0)), g.id)
    )


def gap_levels(gaps: list[Gap]) -> dict[str, float]:
    """Competency id → levels short (0-4) for resource recommendations."""
    out: dict[str, float] = {}
    for g in gaps:
        if g.kind == "competency" and g.expected is not None and g.status != "have":
            out[g.id] = float(max(0, min(4, g.expected - (g.current or 0))))
    return out


def window_of(days: int) -> int:
    """The smallest plan window (30/60/90/180/365) that holds ``days``."""
    return next((w for w in WINDOWS if days <= w), WINDOWS[-1])


def _template_steps(
    book: RouteBook, top: list[str], weak: list[Gap], start: date
) -> list[PlanStep]:
    weak_ids = {g.id for g in weak}
    names = ", ".join(g.name.lower() for g in weak[:3]) or "the competencies of the role"
    chosen = [s for s in book.steps if set(s.routes) & set(top) or set(s.competencies) & weak_ids]
    out: list[PlanStep] = []
    for window in WINDOWS:
        group = [s for s in chosen if s.window == window]
        prev = WINDOWS[WINDOWS.index(window) - 1] if window != WINDOWS[0] else 0
        for i, s in enumerate(group):
            day = prev + math.ceil((window - prev) * (i + 1) / len(group))
            out.append(_from_template(s, names, top, weak_ids, start + timedelta(days=day)))
    return out


def _from_template(
    s: StepTemplate, names: str, top: list[str], weak: set[str], due: date
) -> PlanStep:
    return PlanStep(
        key=s.id.replace("_", "-"),
        title=s.title.format(competencies=names),
        detail=" ".join(s.detail.split()),
        due=due,
        window=s.window,
        phase=PHASES[s.window],
        kind="route",
        routes=[r for r in s.routes if r in top],
        competencies=[c for c in s.competencies if c in weak],
        hours=s.hours,
        outreach=s.outreach,
    )


def _gap_steps(weak: list[Gap], start: date, hours_per_week: float) -> list[PlanStep]:
    out: list[PlanStep] = []
    spent = 0.0
    chosen = [g for g in weak[:MAX_GAP_STEPS] if g.actions]
    chosen.sort(key=lambda g: QUICK_FIRST[g.actions[0].type])  # quick wins first (stable)
    for gap in chosen:
        action = gap.actions[0]
        hours = (action.effort_hours[0] + action.effort_hours[1]) / 2
        spent += hours
        day = min(HORIZON_DAYS, max(14, math.ceil(spent / hours_per_week * 7)))
        window = window_of(day)
        out.append(
            PlanStep(
                key=f"gap-{gap.id.replace('_', '-')}",
                title=f"{gap.name}: {ACTION_LABEL[action.type]} "
                f"(about {action.effort_hours[0]}-{action.effort_hours[1]} hours)",
                detail=action.text,
                due=start + timedelta(days=day),
                window=window,
                phase=PHASES[window],
                kind="gap",
                competencies=[gap.id],
                hours=hours,
                action_type=action.type,
            )
        )
    return out


def _resource_steps(recs: list[Recommendation], start: date) -> list[PlanStep]:
    out = []
    for i, rec in enumerate(recs[:RESOURCE_STEPS]):
        res = rec.resource
        day = 21 if i == 0 else 45
        window = window_of(day)
        hours = res.time.hours[1] if res.time.hours else res.time.hours_per_week[0] * 4  # type: ignore[index]
        out.append(
            PlanStep(
                key=f"resource-{res.id.replace('_', '-')}",
                title=f"Work through “{res.title}” ({res.type.replace('_', ' ')})",
                detail=f"{res.why} Time: {res.time.describe()}. Cost: {res.cost}.",
                due=start + timedelta(days=day),
                window=window,
                phase=PHASES[window],
                kind="resource",
                competencies=[t.competency_id for t in rec.terms.gaps],
                hours=float(hours),
                resource_id=res.id,
            )
        )
    return out


def build_plan(
    book: RouteBook,
    routes: list[RouteScore],
    report: PivotReport,
    recommendations: list[Recommendation],
    *,
    start: date,
    hours_per_week: float,
) -> dict[str, Any]:
    """The dated plan as a JSON-ready dict (data contract in ``docs/plan.md``).

    Keys: ``algorithm``, ``start``, ``end``, ``hours_per_week``, ``top_routes``, ``phases``
    (name, until, step keys), ``steps`` (:class:`PlanStep` as JSON, ordered by due date),
    ``resources`` (recommendations with their reasons), ``outreach`` (drafted notes),
    ``hours_total`` and ``hours_available`` and ``notes``.
    """
    top = [r.id for r in routes[:TOP_ROUTES]]
    weak = open_gaps(report.gaps)
    steps = (
        _template_steps(book, top, weak, start)
        + _gap_steps(weak, start, hours_per_week)
        + _resource_steps(recommendations, start)
    )
    kind_order = {"route": 0, "resource": 1, "gap": 2}
    steps.sort(key=lambda s: (s.due, kind_order[s.kind], s.key))
    end = start + timedelta(days=HORIZON_DAYS)
    facts = note_facts(report)
    wanted = {s.outreach for s in steps if s.outreach}
    notes_out = [
        draft_note(t, facts).model_dump()
        for t in book.outreach
        if t.id in wanted and set(t.routes) & set(top)
    ]
    available = hours_per_week * 52
    steps, dropped = fit_to_time(steps, available)
    total = sum(s.hours for s in steps)
    notes: list[str] = []
    if dropped:
        notes.append(
            f"At {hours_per_week:g} hours a week (about {available:.0f} hours in a year) "
            f"these steps were left out for time: {'; '.join(dropped)}."
        )
    if total > available:
        notes.append(
            f"The steps need about {total:.0f} hours; at {hours_per_week:g} hours a week "
            f"you have about {available:.0f} in a year. Shorten some steps."
        )
    if not weak:
        notes.append("No open competency gap was found: the plan focuses on the routes.")
    phases = [
        {
            "window": w,
            "name": PHASES[w],
            "until": (start + timedelta(days=w)).isoformat(),
            "steps": [s.key for s in steps if s.window == w],
        }
        for w in WINDOWS
    ]
    return {
        "algorithm": ALGORITHM,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "hours_per_week": hours_per_week,
        "top_routes": top,
        "phases": phases,
        "steps": [s.model_dump(mode="json") for s in steps],
        "resources": [_resource_json(r) for r in recommendations],
        "outreach": notes_out,
        "hours_total": round(total, 1),
        "hours_available": round(available, 1),
        "notes": notes,
    }


def fit_to_time(steps: list[PlanStep], available: float) -> tuple[list[PlanStep], list[str]]:
    """Drop the longest steps due after day 90 until the plan fits ``available`` hours.

    Steps of the first 90 days and the steps for the :data:`KEPT_GAP_STEPS` largest gaps are
    always kept. Returns the kept steps (order kept) and the titles of the dropped ones.
    """
    kept = list(steps)
    dropped: list[str] = []
    gaps = sorted((s for s in steps if s.kind == "gap"), key=lambda s: -s.hours)
    keep = {s.key for s in gaps[:KEPT_GAP_STEPS]}
    while sum(s.hours for s in kept) > available:
        later = [s for s in kept if s.window > 90 and s.key not in keep]
        if not later:
            break
        longest = max(later, key=lambda s: (s.hours, s.due))
        kept.remove(longest)
        dropped.append(longest.title)
    return kept, dropped


def _resource_json(rec: Recommendation) -> dict[str, Any]:
    res = rec.resource
    return {
        "rank": rec.rank,
        "id": res.id,
        "title": res.title,
        "type": res.type,
        "url": res.url,
        "provider": res.provider,
        "cost": res.cost,
        "time": res.time.describe(),
        "score": round(rec.score, 3),
        "builds": [t.competency for t in rec.terms.gaps],
        "reasons": list(rec.reasons),
        "flags": list(rec.flags),
    }
