"""Fictional records for the user-store tests (no real people)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from careerpivot.store import PlanRecord, StepInput, UserStore

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def profile_json(summary: str = "Support specialist who loves product work.") -> dict[str, Any]:
    """A minimal valid Profile JSON for a fictional person, with contact details to strip."""
    return {
        "source": {
            "format": "text",
            "filename": "cv.txt",
            "sha256": "ab" * 32,
            "size_bytes": 120,
            "parser": "careerpivot.parser.text.v1",
            "redacted": False,
        },
        "contact": {
            "name": "Sam Sample",
            "location": "Leeds, UK",
            "emails": ["sam@example.invalid"],
            "phones": ["+44 7700 900000"],
            "urls": ["https://example.invalid/sam"],
            "address": "1 Fiction Street",
        },
        "summary": summary,
        "experiences": [{"title": "Support Specialist", "employer": "Acme Ltd", "start": "2019"}],
        "listed_skills": ["Zendesk"],
    }


STEPS = [
    StepInput("talk-to-pm", "Ask the product team for a coffee chat", date(2025, 3, 15)),
    StepInput("shadow", "Shadow a sprint review", date(2025, 4, 1), "doing"),
    StepInput("course", "Finish a product discovery course"),
]


def seed(db: UserStore, name: str = "Sam Sample") -> tuple[str, str, PlanRecord]:
    """Store a person with a 2-revision profile, an analysis, a plan and progress.

    Returns:
        (person id, profile id, plan).
    """
    person = db.create_person(name)
    first = db.save_profile(person.id, profile_json())
    db.save_profile(person.id, profile_json("Now leading the feedback loop."), profile_id=first.id)
    db.save_analysis(first.id, "pack:product-manager", {"schema_version": "1.0", "score": 61})
    plan = db.create_plan(first.id, "pack:product-manager", {"horizon_weeks": 12}, STEPS)
    db.add_checkin(plan.id, "done", step_key="talk-to-pm", at=T0)
    db.add_checkin(plan.id, "note", "The PM suggested a discovery course.", at=T0)
    for week, value in enumerate((35, 41, 47)):
        db.add_readiness(plan.id, value, {"shown_levels": value / 5}, at=T0 + timedelta(weeks=week))
    return person.id, first.id, plan
