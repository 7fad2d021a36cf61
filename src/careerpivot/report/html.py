"""Render a :class:`~careerpivot.report.model.PivotReport` as one self-contained HTML file.

Data contract:

- Output: one HTML5 document. CSS is inline, charts are inline SVG made by
  :mod:`careerpivot.report.charts`; no script, font, image or stylesheet is loaded from
  anywhere (the only ``href`` values are in-page ``#fragment`` links), so the file works
  offline and can be mailed or archived as it is.
- Sections, in order (the same as the Markdown report, with the same honesty rules):
  summary with reasons and readiness (with its terms); the role; what you bring ("from your
  CV", with quotes, vs "typical of your role"); competencies chart; fit check; opportunity
  cost; gaps and actions; adjacent and stepping-stone roles; routes and plan (when present);
  notes.
- Every text from the report (CV quotes included) is HTML-escaped by Jinja2 autoescaping;
  only the SVG strings, which :mod:`~careerpivot.report.charts` escapes itself, are inserted
  as markup.
- Printing: ``@media print`` drops backgrounds, starts each section on a new page and keeps
  charts whole and at their size.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from careerpivot.analysis.competencies import CompetencyScore
from careerpivot.analysis.gaps import Gap
from careerpivot.report.charts import Bar, BarStyle, bar_chart
from careerpivot.report.html_sections import (
    fit_view,
    money,
    opportunity_view,
    plan_section_view,
    routes_view,
    transitions_view,
)
from careerpivot.report.model import PivotReport, competencies_unseen

TEMPLATE = "report.html.j2"
CONFIDENCE_STYLE: dict[str, BarStyle] = {"high": "solid", "medium": "light"}
STATUS_LABEL = {
    "have": "you have it",
    "partial": "partly there",
    "missing": "missing",
    "not_enough_information": "not enough information",
}
ACTION_LABEL = {
    "proof": "proof",
    "translation": "translation",
    "bridge_project": "bridge project",
    "foundation_learning": "foundation learning",
}
SECTIONS = (
    ("summary", "Summary"),
    ("role", "The role"),
    ("bring", "What you bring"),
    ("competencies", "Competencies"),
    ("fit", "Is it right for you? Fit check"),
    ("opportunity", "Opportunity cost: staying vs pivoting"),
    ("gaps", "Gaps and actions"),
    ("transitions", "Adjacent and stepping-stone roles"),
)


def squash(text: object) -> str:
    """``text`` with runs of whitespace (line breaks from the CV) collapsed to one space."""
    return " ".join(str(text).split())


def inline_code(text: object) -> Markup:
    """``text`` escaped, with Markdown-style `backtick` spans shown as ``<code>``."""
    return Markup(re.sub(r"`([^`\n]+)`", r"<code>\1</code>", str(escape(text))))


def _level(value: int | None) -> str:
    return "n/a" if value is None else str(value)


def _confidence_note(confidence: str) -> str:
    return {"none": "no evidence"}.get(confidence, confidence)


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment over ``report/templates`` (autoescape on, strict undefined)."""
    env = Environment(
        loader=PackageLoader("careerpivot.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["squash"] = squash
    env.filters["code"] = inline_code
    env.filters["money"] = money
    env.filters["status"] = lambda s: STATUS_LABEL.get(str(s), str(s).replace("_", " "))
    env.filters["action"] = lambda s: ACTION_LABEL.get(str(s), str(s).replace("_", " "))
    env.filters["num"] = lambda v, fmt="g": "n/a" if v is None else format(v, fmt)
    return env


def competency_chart(scores: Sequence[CompetencyScore]) -> str | None:
    """Your level vs the role's expected level (0–4) per competency, as SVG; None if empty."""
    if not scores:
        return None
    bars = []
    for s in scores:
        note = f"you {_level(s.level)}"
        if s.expected is not None:
            note += f", role {s.expected}"
        bars.append(
            Bar(
                label=s.name,
                value=None if s.level is None else float(s.level),
                reference=None if s.expected is None else float(s.expected),
                note=note if s.level is None else f"{note} · {_confidence_note(s.confidence)}",
                style=CONFIDENCE_STYLE.get(s.confidence, "hatched"),
            )
        )
    return bar_chart(
        bars,
        chart_id="chart-competencies",
        title="Your level vs the level the role expects, per competency (0–4)",
        desc="One row per competency. The blue bar is your level from 0 to 4, read from your "
        "CV: solid for high confidence, light for medium, hatched for low (a skills list or "
        "your role only). The red line marks the level the role expects. A dashed box means "
        "not enough information. The text on the right repeats the numbers and confidence.",
        max_value=4,
        legend=[
            ("solid", "your level: high"),
            ("light", "medium"),
            ("hatched", "low confidence"),
            ("reference", "role expects"),
            ("unknown", "not enough information"),
        ],
    )


def gap_chart(gaps: Sequence[Gap]) -> str | None:
    """Expected vs current level per requirement (largest gaps first), as SVG; None if none."""
    rows = [g for g in gaps if g.expected is not None]
    if not rows:
        return None
    bars = []
    for g in rows:
        short = (g.expected or 0) - (g.current or 0)
        if g.current is None:
            note = f"role {g.expected} · no evidence"
        else:
            note = f"{g.current} of {g.expected} · {STATUS_LABEL.get(g.status, g.status)}"
        if g.current is not None and short > 0:
            note += f" (−{short})"
        bars.append(
            Bar(
                label=g.name,
                value=None if g.current is None else float(g.current),
                reference=float(g.expected or 0),
                note=note,
                style=CONFIDENCE_STYLE.get(g.confidence, "hatched"),
            )
        )
    return bar_chart(
        bars,
        chart_id="chart-gaps",
        title="Gaps: expected vs current level per requirement (0–4)",
        desc="One row per requirement of the role, largest gap first. The dashed red outline "
        "runs from 0 to the expected level; the blue bar inside it is your current level, so "
        "the empty part of the outline is the gap. Solid, light and hatched bars mean high, "
        "medium and low confidence. A dashed grey box means not enough information. The "
        "text on the right gives current, expected and status.",
        max_value=4,
        reference_style="outline",
        legend=[
            ("solid", "your level: high"),
            ("light", "medium"),
            ("hatched", "low confidence"),
            ("outline", "expected level"),
            ("unknown", "not enough information"),
        ],
    )


#: Rows of the essential-skill chart: gap status → label and bar style.
SKILL_STATUS_ROWS: tuple[tuple[str, str, BarStyle], ...] = (
    ("have", "shown in your CV", "solid"),
    ("partial", "in part", "light"),
    ("missing", "missing", "hatched"),
)


def skill_gap_chart(gaps: Sequence[Gap], target: str) -> str | None:
    """How many of the target's essential ESCO skills the CV shows, in part or not at all
    (targets judged by their skills, see ``essential_skill_gaps``), as SVG; None if none."""
    rows = [g for g in gaps if g.kind == "skill"]
    if not rows:
        return None
    total = len(rows)
    bars = []
    for status, label, style in SKILL_STATUS_ROWS:
        n = sum(g.status == status for g in rows)
        bars.append(Bar(label=label, value=float(n), note=f"{n} of {total}", style=style))
    return bar_chart(
        bars,
        chart_id="chart-skill-gaps",
        title=f"Essential ESCO skills of {target}: shown, in part, missing",
        desc=f"Of the {total} essential ESCO skills of {target}, how many your CV shows "
        "(solid), shows in part or only through your occupation (light), and does not show "
        "(hatched). The text on the right gives each count.",
        max_value=float(total),
        ticks=sorted({0.0, float(total)}),
    )


def _readiness(report: PivotReport) -> dict[str, Any] | None:
    s = report.summary
    if s.readiness is None:
        return None
    t = s.readiness_terms
    expected = [c for c in report.competencies if c.expected]
    return {
        "value": s.readiness,
        "shown": t.get("shown_levels"),
        "expected": t.get("expected_levels"),
        "at_or_above": t.get("at_or_above"),
        "unknown": t.get("not_enough_information"),
        "count": len(expected),
    }


def context(report: PivotReport) -> dict[str, Any]:
    """Everything the template needs: the report, section views and chart markup."""

    def markup(svg: str | None) -> Markup | None:
        return None if svg is None else Markup(svg)  # the chart module escapes its text

    fit = fit_view(report.fit)
    opp = opportunity_view(report.opportunity_cost)
    trans = transitions_view(report.transitions)
    for view in (fit, opp):
        if view is not None:
            view["chart"] = markup(view["chart"])
    sections = list(SECTIONS)
    if report.routes:
        sections.append(("routes", "How to break in: routes"))
    if report.plan:
        sections.append(("plan", "Plan"))
    if report.notes:
        sections.append(("notes", "Notes"))
    return {
        "r": report,
        "sections": sections,
        "readiness": _readiness(report),
        "evidence_strengths": [s for s in report.strengths if s.source == "evidence"],
        "role_strengths": [s for s in report.strengths if s.source != "evidence"],
        "competency_chart": markup(competency_chart(report.competencies)),
        "competencies_unseen": competencies_unseen(report),
        "gap_chart": markup(
            gap_chart(report.gaps) or skill_gap_chart(report.gaps, report.target.title)
        ),
        "fit": fit,
        "opp": opp,
        "trans": trans,
        "routes": _routes_markup(routes_view(report.routes), markup),
        "plan": plan_section_view(report.plan),
    }


def _routes_markup(view: dict[str, Any] | None, markup: Any) -> dict[str, Any] | None:
    if view is not None:
        view["chart"] = markup(view["chart"])
    return view


def render_html(report: PivotReport) -> str:
    """The whole report as one offline HTML document (see the module docstring)."""
    return environment().get_template(TEMPLATE).render(**context(report))
