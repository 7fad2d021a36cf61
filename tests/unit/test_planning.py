"""Route scoring, dated plans, outreach drafts and plan exports on small hand-made reports."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from careerpivot.analysis.gaps import Gap, GapAction
from careerpivot.analysis.strengths import Strength
from careerpivot.errors import PlanningInputError
from careerpivot.packs.loader import load_pack
from careerpivot.packs.routes import RouteBook, load_routes, routebook_problems
from careerpivot.planning.export import fold, to_ics, to_markdown
from careerpivot.planning.outreach import PLACEHOLDER, draft_note, note_facts
from careerpivot.planning.plan import HORIZON_DAYS
from careerpivot.planning.routes import score_routes, situation_facts
from careerpivot.planning.service import parse_date, routes_and_plan
from careerpivot.planning.situation import Situation, situation_from_block
from careerpivot.report.model import Job, PersonSummary, PivotReport, Summary, TargetSummary

START = date(2027, 1, 4)


def _gap(cid: str, status: str, expected: int = 3, current: int | None = 1) -> Gap:
    action = GapAction(type="bridge_project", text=f"Do real work on {cid}.", effort_hours=(20, 60))
    return Gap(
        kind="competency",
        id=cid,
        name=cid.replace("_", " ").capitalize(),
        status=status,  # type: ignore[arg-type]
        expected=expected,
        current=None if status == "not_enough_information" else current,
        actions=[] if status == "have" else [action],
        explanation="test",
    )


def report(
    *, employer: str | None = "Acme GmbH", name: str | None = "Sam Sample", heavy: bool = False
) -> PivotReport:
    statuses = ["missing"] * 6 if heavy else ["have", "have", "partial", "have", "have", "missing"]
    ids = ["user_empathy", "execution", "strategic_thinking", "collaboration",
           "communication_trust", "first_principles"]  # fmt: skip
    gaps = [_gap(c, s) for c, s in zip(ids, statuses, strict=True)]
    gaps[0] = gaps[0].model_copy(update={"evidence": ["Ran 12 customer interviews for the PM."]})
    return PivotReport(
        generated_on=START,
        person=PersonSummary(
            name=name,
            current_title="Customer Success Manager",
            years_experience=6.0,
            jobs=[Job(title="Customer Success Manager", employer=employer, current=True)],
        ),
        target=TargetSummary(id="pm", title="Product manager", kind="pack"),
        summary=Summary(headline="h", reasons=[], readiness=60),
        strengths=[
            Strength(
                name="User empathy",
                source="evidence",
                why="w",
                competency_id="user_empathy",
                evidence=["Ran 12 customer interviews for the PM."],
            )
        ],
        competencies=[],
        gaps=gaps,
    )


def ranked(sit: Situation, rep: PivotReport | None = None, **kw: object) -> list:
    rep = rep or report()
    facts = situation_facts(
        sit, rep.gaps, fit=None, years_experience=rep.person.years_experience,
        hours_per_week=float(kw.get("hours", 5.0)),  # type: ignore[arg-type]
    )  # fmt: skip
    return score_routes(load_routes(), facts)


# --- the pack file -------------------------------------------------------------------------


def test_shipped_routes_validate_and_cover_the_four_routes_and_adjacent_ones() -> None:
    book = load_routes()
    ids = {r.id for r in book.routes}
    assert {"internal_move", "startup", "mentors", "close_gaps"} <= ids
    assert {"apm_programme", "stepping_stone", "side_project"} <= ids
    assert routebook_problems(book, load_pack()) == []


def test_routebook_problems_name_unknown_facts_routes_and_placeholders() -> None:
    book = load_routes()
    data = book.model_dump()
    data["routes"][0]["effects"][0]["fact"] = "no_such_fact"
    data["steps"][0]["routes"] = ["no_route"]
    data["outreach"][0]["template"] = "Hi {recipient}, I work at {salary}."
    problems = routebook_problems(RouteBook.model_validate(data), load_pack())
    text = " ".join(problems)
    assert "unknown fact 'no_such_fact'" in text
    assert "unknown route 'no_route'" in text
    assert "unknown placeholder {salary}" in text


# --- situation ----------------------------------------------------------------------------


def test_situation_block_accepts_yaml_booleans_and_aliases_and_keeps_unknowns() -> None:
    sit = situation_from_block({"product_team": True, "advocate": False, "region": "UK"})
    assert (sit.product_team, sit.advocate, sit.region) == ("yes", "no", "europe")
    assert sit.company_size == "unknown" and sit.seniority == "unknown"
    assert situation_from_block(None) == Situation()


def test_bad_situation_is_a_coded_error_naming_the_field() -> None:
    with pytest.raises(PlanningInputError) as info:
        situation_from_block({"product_team": "maybe", "colour": "blue"})
    assert info.value.code == "CP-PLN002"
    assert "situation.product_team" in info.value.message and "colour" in info.value.message


# --- routes -------------------------------------------------------------------------------


def test_internal_route_first_when_employer_has_a_product_team() -> None:
    for sit in (
        Situation(product_team="yes"),
        Situation(product_team="yes", advocate="no", region="europe"),
        Situation(product_team="yes", company_size="medium", seniority="lead"),
    ):
        assert ranked(sit)[0].id == "internal_move", sit
        assert ranked(sit, report(heavy=True))[0].id == "internal_move", sit


def test_no_product_team_pushes_internal_route_down() -> None:
    with_team = {r.id: r for r in ranked(Situation(product_team="yes"))}
    without = {r.id: r for r in ranked(Situation(product_team="no"))}
    assert without["internal_move"].score < with_team["internal_move"].score
    assert without["internal_move"].rank > 1


def test_startup_favoured_by_high_risk_appetite_and_long_runway() -> None:
    bold = {r.id: r for r in ranked(Situation(risk_appetite=85, runway_months=12))}
    careful = {r.id: r for r in ranked(Situation(risk_appetite=20, runway_months=1))}
    assert bold["startup"].score - careful["startup"].score >= 40
    assert bold["startup"].rank < careful["startup"].rank
    facts = {t.fact: t.points for t in bold["startup"].terms}
    assert facts["risk_appetite"] > 0 and facts["runway"] > 0


def test_unknown_facts_lower_confidence_and_add_no_points() -> None:
    unknown = {r.id: r for r in ranked(Situation())}["internal_move"]
    sit = Situation(product_team="no", advocate="no", company_size="medium")
    known = {r.id: r for r in ranked(sit)}["internal_move"]
    assert unknown.confidence < known.confidence
    assert unknown.confidence_label == "low"
    assert unknown.score == unknown.base + sum(t.points for t in unknown.terms)
    assert {u.fact for u in unknown.unknown} >= {"product_team", "advocate"}
    assert any("product team" in c and "+40" in c for c in unknown.what_would_change)


def test_every_route_carries_terms_reasons_and_a_score_in_range() -> None:
    for r in ranked(Situation(product_team="yes", advocate="yes", region="europe")):
        assert 0 <= r.score <= 100
        assert r.score == max(0, min(100, r.base + sum(t.points for t in r.terms)))
        assert len(r.reasons) == len(r.terms)
        assert r.why


# --- plan ---------------------------------------------------------------------------------


def _plan(hours: float = 5.0, rep: PivotReport | None = None) -> dict:
    rep = rep or report()
    _routes, plan = routes_and_plan(
        rep, Situation(product_team="yes", advocate="yes"), fit=None, start=START,
        hours_per_week=hours,
    )  # fmt: skip
    return plan


def test_plan_is_dated_in_30_60_90_day_phases_within_twelve_months() -> None:
    plan = _plan()
    dues = [date.fromisoformat(s["due"]) for s in plan["steps"]]
    assert dues == sorted(dues)
    assert all(START < d <= START + timedelta(days=HORIZON_DAYS) for d in dues)
    for step in plan["steps"]:
        days = (date.fromisoformat(step["due"]) - START).days
        assert days <= step["window"], step
    names = [p["name"] for p in plan["phases"]]
    assert names[:3] == ["First 30 days", "Days 31-60", "Days 61-90"]
    assert all(plan["phases"][i]["steps"] for i in range(3))
    assert len({s["key"] for s in plan["steps"]}) == len(plan["steps"])


def test_plan_steps_are_tied_to_the_gaps_and_top_routes() -> None:
    plan = _plan()
    gap_steps = [s for s in plan["steps"] if s["kind"] == "gap"]
    assert {s["competencies"][0] for s in gap_steps} == {"first_principles", "strategic_thinking"}
    assert all(s["action_type"] == "bridge_project" for s in gap_steps)
    keys = {s["key"] for s in plan["steps"]}
    assert {"map-product-team", "advocate-request", "offer-customer-interviews"} <= keys
    assert "startup-shortlist" not in keys  # startup is not a top route here
    feedback = next(s for s in plan["steps"] if s["key"] == "feedback-three-colleagues")
    assert "first principles" in feedback["title"].lower()
    assert plan["resources"] and plan["resources"][0]["builds"]


def test_plan_is_cut_to_the_time_available_keeping_early_and_gap_steps() -> None:
    small = _plan(hours=1.0, rep=report(heavy=True))
    assert small["hours_total"] <= small["hours_available"] or small["notes"]
    assert any("left out for time" in n for n in small["notes"])
    assert any(s["kind"] == "gap" for s in small["steps"])


def test_bad_hours_and_dates_are_coded_errors() -> None:
    with pytest.raises(PlanningInputError) as info:
        _plan(hours=0)
    assert info.value.code == "CP-PLN001"
    for bad in ("2027-13-01", "next monday", "1900-01-01"):
        with pytest.raises(PlanningInputError) as info:
            parse_date(bad)
        assert info.value.code == "CP-PLN003"
    assert parse_date("2027-01-04") == START


# --- outreach -----------------------------------------------------------------------------


def test_outreach_notes_state_only_facts_from_the_report() -> None:
    plan = _plan()
    notes = {n["id"]: n for n in plan["outreach"]}
    assert set(notes) == {"pm_coffee", "advocate_request"}
    coffee = notes["pm_coffee"]["text"]
    assert "Sam Sample" in coffee and "Acme GmbH" in coffee
    assert "Ran 12 customer interviews for the PM" in coffee
    assert "[[fill in: their first name]]" in coffee
    # every capitalised word of the note comes from the template or the report's facts
    rep = report()
    facts = note_facts(rep)
    book = load_routes()
    allowed = " ".join([*facts.values(), *(o.template for o in book.outreach), PLACEHOLDER,
                        "their first name"])  # fmt: skip
    for n in notes.values():
        for word in re.findall(r"[A-Z][a-zA-Z]+", n["text"]):
            assert word in allowed, word


def test_missing_facts_become_marked_placeholders() -> None:
    facts = note_facts(report(employer=None, name=None))
    assert "employer" not in facts and "name" not in facts
    note = draft_note(load_routes().outreach[0], facts)
    assert "[[fill in: your employer]]" in note.text
    assert "[[fill in: your name]]" in note.text
    assert set(note.placeholders) >= {"recipient", "name", "employer"}


# --- exports ------------------------------------------------------------------------------


def _doc() -> dict:
    routes, plan = routes_and_plan(
        report(), Situation(product_team="yes"), fit=None, start=START, hours_per_week=5
    )
    steps = [
        {
            "key": s["key"],
            "title": s["title"],
            "due": s["due"],
            "status": "done" if i == 0 else "todo",
        }
        for i, s in enumerate(plan["steps"])
    ]
    return {
        "id": "plan-1",
        "target": "pm",
        "target_title": "Product manager",
        "body": {"routes": routes, "plan": plan},
        "steps": steps,
        "checkins": [
            {
                "at": "2027-01-10T09:00:00+00:00",
                "kind": "done",
                "step_key": steps[0]["key"],
                "text": "",
            }
        ],
        "readiness": [{"at": "2027-01-04T09:00:00+00:00", "readiness": 60.0, "terms": {}}],
    }


def _unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    raw = text.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in raw)
    assert all(len(line.encode("utf-8")) <= 75 for line in raw)
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def test_ics_is_valid_rfc5545_with_one_event_and_todo_per_step() -> None:
    doc = _doc()
    text = to_ics(doc, now=datetime(2027, 1, 4, 9, 30, tzinfo=UTC))
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(x.startswith("PRODID:") for x in lines)
    n = len(doc["steps"])
    assert lines.count("BEGIN:VEVENT") == n == lines.count("END:VEVENT")
    assert lines.count("BEGIN:VTODO") == n
    uids = [x for x in lines if x.startswith("UID:")]
    assert len(uids) == len(set(uids)) == 2 * n
    assert lines.count("DTSTAMP:20270104T093000Z") == 2 * n
    first = doc["steps"][0]
    day = first["due"].replace("-", "")
    assert f"DTSTART;VALUE=DATE:{day}" in lines and f"DUE;VALUE=DATE:{day}" in lines
    assert "STATUS:COMPLETED" in lines and "STATUS:NEEDS-ACTION" in lines
    summaries = [x for x in lines if x.startswith("SUMMARY:")]
    assert any("\\," in s for s in summaries)  # commas escaped (the feedback step names three)


def test_fold_never_splits_a_utf8_character() -> None:
    line = "SUMMARY:" + "é" * 100 + "“quote”"
    folded = fold(line)
    parts = folded.split("\r\n")[:-1]
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_markdown_export_lists_phases_steps_resources_and_progress() -> None:
    md = to_markdown(_doc())
    assert md.startswith("# Plan: Product manager")
    assert "### First 30 days" in md and "## Recommended resources" in md
    assert "- [x] " in md and "- [ ] " in md
    assert "## Readiness over time" in md and "60%" in md
    assert "[[fill in: their first name]]" in md


def test_report_renders_routes_and_plan_sections() -> None:
    from careerpivot.report.html import render_html
    from careerpivot.report.markdown import render_markdown

    rep = report()
    routes, plan = routes_and_plan(
        rep, Situation(product_team="yes"), fit=None, start=START, hours_per_week=5
    )
    full = rep.model_copy(update={"routes": routes, "plan": plan})
    md = render_markdown(full)
    assert "## How to break in: routes" in md and "## Plan" in md
    assert "1. **Move into product inside your company" in md
    html = render_html(full)
    assert 'id="chart-routes"' in html and "First 30 days" in html
    assert "[[fill in: their first name]]" in html
    assert "How to break in" not in render_markdown(rep)
