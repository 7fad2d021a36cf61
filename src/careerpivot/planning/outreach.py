"""Draft outreach notes (a coffee invitation to a PM, a request to an advocate).

Pure. A note is the pack's authored template filled ONLY with facts from the person's own
report: their name, current title and employer (from the CV), the target role's title, a
sentence quoted from their CV and their strongest evidenced strength. A fact that is missing
becomes a clearly marked placeholder (``[[fill in: …]]``) for the user to complete; the
recipient is always a placeholder. Nothing is invented.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from careerpivot.packs.routes import OutreachTemplate
from careerpivot.report.model import PivotReport

#: How a missing fact is shown; the user replaces it before sending.
PLACEHOLDER = "[[fill in: {what}]]"
#: Competencies whose evidence is quoted first: closest to day-to-day product work.
PRODUCT_WORK = frozenset(
    {"user_empathy", "discovery_experimentation", "problem_solving", "data_informed_decisions"}
)
_WHAT = {
    "recipient": "their first name",
    "name": "your name",
    "current_title": "your current job title",
    "employer": "your employer",
    "target_title": "the role you want",
    "evidence": "one sentence about your best product-related work",
    "strength": "the strength you would bring",
}


class OutreachNote(BaseModel):
    """A drafted note, the facts it used (field → value) and the placeholders left to fill."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    text: str
    facts_used: dict[str, str]
    placeholders: tuple[str, ...]


def note_facts(report: PivotReport) -> dict[str, str]:
    """The facts a note may state, all taken from the report (missing ones left out)."""
    person = report.person
    job = next((j for j in person.jobs if j.current), person.jobs[0] if person.jobs else None)
    facts: dict[str, str] = {}
    if person.name:
        facts["name"] = person.name
    if person.current_title:
        facts["current_title"] = person.current_title
    if job is not None and job.employer:
        facts["employer"] = job.employer
    facts["target_title"] = report.target.title.lower()
    quote = _best_quote(report)
    if quote:
        facts["evidence"] = quote
    strong = next((s for s in report.strengths if s.source == "evidence"), None)
    if strong is not None:
        facts["strength"] = strong.name.lower()
    return facts


def _best_quote(report: PivotReport) -> str | None:
    evidenced = [s for s in report.strengths if s.source == "evidence" and s.evidence]
    evidenced.sort(key=lambda s: s.competency_id not in PRODUCT_WORK)  # stable: keeps order
    if evidenced:
        return _clean(evidenced[0].evidence[0])
    for gap in report.gaps:
        if gap.status == "have" and gap.evidence:
            return _clean(gap.evidence[0])
    return None


def _clean(sentence: str) -> str:
    return " ".join(sentence.lstrip("-*• ").split()).rstrip(".")


def draft_note(template: OutreachTemplate, facts: dict[str, str]) -> OutreachNote:
    """Fill ``template`` from ``facts``; every missing field becomes a marked placeholder."""
    values: dict[str, str] = {}
    missing: list[str] = []
    for field, what in _WHAT.items():
        if field in facts and field != "recipient":
            values[field] = facts[field]
        else:
            values[field] = PLACEHOLDER.format(what=what)
            missing.append(field)
    text = " ".join(template.template.format(**values).split())
    used = {k: v for k, v in facts.items() if "{" + k + "}" in template.template}
    placeholders = tuple(m for m in missing if "{" + m + "}" in template.template)
    return OutreachNote(
        id=template.id, title=template.title, text=text, facts_used=used, placeholders=placeholders
    )
