"""Gaps of a target without competency levels (an ESCO occupation): its essential skills."""

from __future__ import annotations

from careerpivot.analysis.gaps import essential_skill_gaps, transition_months

SQL = "http://data.europa.eu/esco/skill/sql"
BOOK = "http://data.europa.eu/esco/skill/bookkeeping"
TRAIN = "http://data.europa.eu/esco/skill/train-staff"
COACH = "http://data.europa.eu/esco/skill/coach-staff"
NEGO = "http://data.europa.eu/esco/skill/negotiate"
PAY = "http://data.europa.eu/esco/skill/process-payments"
SENTENCE = "Analysed churn drivers in SQL and Looker."


def pair(uri: str, label: str, origin: str, credit: float, source: str = "cv") -> dict[str, object]:
    return {
        "target_uri": uri,
        "target_label": label,
        "origin_uri": origin,
        "origin_label": "coach employees" if origin == COACH else label,
        "relation": "essential",
        "credit": credit,
        "from": source,
    }


def test_each_essential_skill_gets_a_status_and_a_typed_action() -> None:
    matched = [
        pair(SQL, "SQL", SQL, 0.9),
        pair(TRAIN, "train staff", COACH, 0.6),
        pair(NEGO, "negotiate", NEGO, 0.5, source="role"),
        {**pair(PAY, "process payments", PAY, 1.0), "relation": "optional"},
    ]
    missing = [
        {"uri": BOOK, "label": "bookkeeping", "credit": 0.0, "closest_uri": None},
        {
            "uri": PAY,
            "label": "process payments",
            "credit": 0.3,
            "closest_uri": PAY,
            "closest_label": "process payments",
        },
    ]
    evidence = {SQL: [SENTENCE], COACH: ["Coached\n9 agents every week."], PAY: []}
    gaps = essential_skill_gaps("data analyst", matched, missing, evidence, {BOOK})
    by = {g.name: g for g in gaps}
    assert [g.status for g in gaps] == ["missing", "partial", "partial", "partial", "have"]
    # shown in a described sentence with enough credit: proof, quoting the CV
    assert by["SQL"].evidence == [SENTENCE] and by["SQL"].actions[0].type == "proof"
    # a near-synonym with less credit: reword, and the quote is on one line
    assert by["train staff"].evidence == ["Coached 9 agents every week."]
    assert "coach employees" in by["train staff"].explanation
    assert by["train staff"].actions[0].type == "translation"
    # implied only by the occupation: never counted as shown
    assert "does not show it" in by["negotiate"].explanation and not by["negotiate"].evidence
    # knowledge nobody shows: foundation learning; the optional skill is no requirement
    assert by["bookkeeping"].actions[0].type == "foundation_learning"
    assert by["process payments"].status == "partial"  # in the CV's list, little credit
    assert len([g for g in gaps if g.name == "process payments"]) == 1
    months, terms = transition_months(gaps, 5.0)
    assert months >= 1 and terms["hours"] > 0


def test_a_missing_skill_without_a_cv_neighbour_is_missing() -> None:
    missing = [
        {
            "uri": PAY,
            "label": "process payments",
            "credit": 0.3,
            "closest_uri": PAY,
            "closest_label": "process payments",
        }
    ]
    # the closest skill is only implied by the occupation (not in the CV's skills)
    (gap,) = essential_skill_gaps("cashier", [], missing, {}, set())
    assert gap.status == "missing" and gap.actions[0].type == "bridge_project"
    assert gap.actions[0].effort_hours == (10, 30)
