"""Plain view data for the templates, and the report page built from the report renderer.

Functions here turn models into lists and dicts the templates can show without logic. They
do no I/O except where named (``target_title`` reads the pack or the taxonomy).
"""

from __future__ import annotations

import importlib.util
import re
from datetime import date
from typing import Any

from careerpivot.packs.fit_schema import ChoiceAnswer, FitQuestionnaire
from careerpivot.profile.models import Experience, Profile, SkillEvidence
from careerpivot.report.model import PivotReport
from careerpivot.settings import Settings
from careerpivot.store import AnalysisRecord, PlanRecord, UserStore

#: Evidence quotes shown per skill on the review page; up to :data:`MORE_QUOTES` more fold away.
QUOTES = 2
MORE_QUOTES = 6
STATUS_TEXT = {
    "suggested": "suggested",
    "accepted": "you confirmed it",
    "added": "you added it",
    "rejected": "you removed it",
}


def _dates(job: Experience) -> str:
    start = job.start or "?"
    end = "present" if job.current else (job.end or "?")
    return f"{start} – {end}"


def jobs(profile: Profile, today: date) -> list[dict[str, Any]]:
    """The profile's jobs, numbered from 1, with dates, length and closest occupations."""
    out = []
    for number, job in enumerate(profile.experiences, start=1):
        months = job.duration_months(today)
        matches = [m for m in job.title_matches if m.status != "rejected"][:3]
        out.append(
            {
                "number": number,
                "title": job.title,
                "employer": job.employer,
                "location": job.location,
                "dates": _dates(job),
                "months": months,
                "bullets": len(job.bullets),
                "matches": [{"label": m.label, "score": m.score} for m in matches],
            }
        )
    return out


def _where(skill: SkillEvidence, titles: list[str]) -> str:
    jobs_seen = sorted(
        {e.experience_index for e in skill.evidence if e.experience_index is not None}
    )
    parts = [titles[i] if i < len(titles) else f"job {i + 1}" for i in jobs_seen]
    if any(e.kind == "listed" for e in skill.evidence):
        parts.append("skills list")
    if any(e.experience_index is None and e.kind == "sentence" for e in skill.evidence):
        parts.append("summary")
    return ", ".join(parts)


def skills(profile: Profile) -> list[dict[str, Any]]:
    """Skills with index (form field), status, score and up to :data:`QUOTES` quotes."""
    titles = [j.title for j in profile.experiences]
    out = []
    for index, skill in enumerate(profile.skills):
        quotes = [
            {"kind": e.kind, "text": e.sentence if e.kind == "sentence" else e.text}
            for e in skill.evidence[: QUOTES + MORE_QUOTES]
        ]
        out.append(
            {
                "index": index,
                "uri": skill.uri,
                "label": skill.label,
                "score": skill.score,
                "status": skill.status,
                "status_text": STATUS_TEXT.get(skill.status, skill.status),
                "where": _where(skill, titles),
                "quotes": quotes[:QUOTES],
                "folded": quotes[QUOTES:],
                "more": max(0, len(skill.evidence) - QUOTES - MORE_QUOTES),
            }
        )
    return out


def fit_groups(q: FitQuestionnaire) -> list[dict[str, Any]]:
    """The questionnaire grouped by dimension; each item with its labelled options."""
    groups = []
    for dim in q.dimensions:
        items = []
        for item in q.items_of(dim.id):
            if isinstance(item.answer, ChoiceAnswer):
                options = [(c.value, c.label) for c in item.answer.choices]
            else:
                scale = q.scales[item.answer.scale]
                options = [(str(v), f"{v} · {scale[v]}") for v in sorted(scale)]
            items.append({"id": item.id, "question": item.question, "options": options})
        groups.append(
            {"id": dim.id, "name": dim.name, "description": dim.description, "items": items}
        )
    return groups


def target_title(target: str, settings: Settings) -> str:
    """A readable title for a target id (pack role or ESCO URI); the id itself if unknown."""
    from careerpivot.errors import CareerPivotError
    from careerpivot.occupations import show

    try:
        view = show(target, settings=settings)
    except CareerPivotError:
        return target
    if view.role is not None:
        return str(view.role.get("title", target))
    if view.occupation is not None:
        return view.occupation.preferred_label
    return target


def hours(value: object) -> float:
    """Hours per week from a form field (default 5)."""
    from careerpivot.errors import WebRequestError

    if value in (None, ""):
        return 5.0
    try:
        return float(str(value))
    except ValueError as exc:
        raise WebRequestError("CP-WEB002", "hours per week must be a number", "e.g. 5") from exc


def planning_available() -> bool:
    """True when the planning service (``careerpivot.planning.service``) is installed."""
    return importlib.util.find_spec("careerpivot.planning.service") is not None


def plans_for(store: UserStore, record: AnalysisRecord) -> list[PlanRecord]:
    """Plans stored for the report's profile and target."""
    return [p for p in store.list_plans(profile_id=record.profile_id) if p.target == record.target]


_STYLE = re.compile(r"<style>.*?</style>", re.DOTALL)
STYLESHEETS = (
    '<link rel="stylesheet" href="/static/report.css">\n'
    '<link rel="stylesheet" href="/static/app-report.css">'
)


def embed_report(report: PivotReport, header: str) -> str:
    """The report document from :func:`careerpivot.report.html.render_html`, made page-ready.

    The inline ``<style>`` becomes links to the same CSS served from ``/static`` (so the
    Content-Security-Policy needs no ``unsafe-inline``), and ``header`` (the app's navigation
    and actions, already escaped) goes first in ``<body>``.
    """
    from careerpivot.report.html import render_html

    html = render_html(report)
    html, styles = _STYLE.subn(STYLESHEETS, html, count=1)
    if not styles or "<body>" not in html:
        raise RuntimeError("the report HTML no longer has the expected <style>/<body> layout")
    return html.replace("<body>", "<body>\n" + header, 1)


def plan_steps(plan: PlanRecord) -> list[dict[str, Any]]:
    """The plan's stored steps (status, due) with the planner's detail, phase and hours."""
    body = plan.body.get("plan") if isinstance(plan.body.get("plan"), dict) else {}
    details = {str(s.get("key")): s for s in (body or {}).get("steps", []) if isinstance(s, dict)}
    out = []
    for number, step in enumerate(plan.steps, start=1):
        extra = details.get(step.key, {})
        out.append(
            {
                "number": number,
                "key": step.key,
                "title": step.title,
                "due": step.due,
                "status": step.status,
                "done_at": step.done_at,
                "detail": extra.get("detail") or "",
                "phase": extra.get("phase") or "",
                "hours": extra.get("hours"),
            }
        )
    return out


#: The situation questions of the plan form: field, question, and (value, label) options.
SITUATION_QUESTIONS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "product_team",
        "Does your employer have a product team?",
        (("unknown", "Not sure / rather not say"), ("yes", "Yes"), ("no", "No")),
    ),
    (
        "advocate",
        "Is there a product manager or leader who knows your work and could speak up for you?",
        (("unknown", "Not sure / rather not say"), ("yes", "Yes"), ("no", "No")),
    ),
    (
        "company_size",
        "How big is your employer?",
        (
            ("unknown", "Not sure / rather not say"),
            ("micro", "1-10 people"),
            ("small", "11-50 people"),
            ("medium", "51-250 people"),
            ("large", "251-1000 people"),
            ("enterprise", "over 1000 people"),
        ),
    ),
    (
        "company_stage",
        "What kind of company is it?",
        (
            ("unknown", "Not sure / rather not say"),
            ("startup", "An early startup"),
            ("scaleup", "A scale-up"),
            ("established", "An established company"),
            ("public_sector", "Public sector"),
        ),
    ),
    (
        "region",
        "Where do you work?",
        (
            ("unknown", "Rather not say"),
            ("europe", "Europe"),
            ("north_america", "North America"),
            ("other", "Elsewhere"),
        ),
    ),
    (
        "seniority",
        "How senior are you in your current role?",
        (
            ("unknown", "Rather not say"),
            ("junior", "Junior"),
            ("mid", "Mid-level"),
            ("senior", "Senior"),
            ("lead", "Lead or manager"),
        ),
    ),
    (
        "budget",
        "What can you spend on courses and books?",
        (
            ("low", "A little"),
            ("free", "Nothing: free resources only"),
            ("medium", "Some"),
            ("high", "A fair amount"),
        ),
    ),
)


def situation(form: Any) -> dict[str, str]:
    """The situation answers of the plan form (``unknown`` ones left out)."""
    out = {}
    for field_id, _question, _options in SITUATION_QUESTIONS:
        value = form.get(field_id)
        if isinstance(value, str) and value and value != "unknown":
            out[field_id] = value
    return out
