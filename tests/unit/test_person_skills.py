"""Person-level skill weights (the transition scorer's input for a person): golden values.

Pins the formula documented in careerpivot.analysis.person_skills and the merge of what the
person's occupations imply (careerpivot.analysis.transitions.with_implied_skills).
"""

from __future__ import annotations

from datetime import date

from careerpivot.analysis.person_skills import person_skill_weights
from careerpivot.profile.models import SkillEvidence

TODAY = date(2026, 11, 28)


def _skill(
    uri: str,
    sentences: list[str],
    *,
    kind: str = "sentence",
    score: float = 0.9,
    last: str | None = "present",
    months: int | None = 36,
    status: str = "suggested",
) -> SkillEvidence:
    return SkillEvidence.model_validate(
        {
            "uri": uri,
            "label": uri.rsplit("/", 1)[-1],
            "score": score,
            "status": status,
            "evidence": [
                {"text": "x", "sentence": s, "kind": kind, "score": score} for s in sentences
            ],
            "last_used": last,
            "months": months,
        }
    )


def test_documented_formula_golden_values() -> None:
    skills = [
        _skill("s/three", ["a.", "b.", "c."]),  # 0.9 × 1.0 × 1.0 × 1.0
        _skill("s/one-old-short", ["a."], last="2019", months=6),  # 0.9 × .75 × .4 × .775
        _skill("s/listed", ["SQL"], kind="listed", last=None, months=None),  # .45×.75×.7×.85
        _skill("s/added", [], status="added", score=0.5, months=None),  # .8 × .75 × 1 × .85
        _skill("s/rejected", ["a.", "b."], status="rejected"),
    ]
    got = {w.uri: w for w in person_skill_weights(skills, TODAY)}
    assert "s/rejected" not in got
    assert got["s/three"].weight == 0.9
    assert got["s/one-old-short"].weight == round(0.9 * 0.75 * 0.4 * 0.775, 4)
    assert got["s/listed"].weight == round(0.45 * 0.75 * 0.7 * 0.85, 4)
    assert got["s/added"].weight == round(0.8 * 0.75 * 1.0 * 0.85, 4)
    assert got["s/added"].terms == {
        "evidence": 0.8,
        "support": 0.75,
        "recency": 1.0,
        "duration": 0.85,
    }


def test_more_recent_longer_and_repeated_evidence_weighs_more() -> None:
    base = _skill("s/a", ["a."], last="2018", months=6)
    better = [
        _skill("s/a", ["a."], last="present", months=6),
        _skill("s/a", ["a."], last="2018", months=30),
        _skill("s/a", ["a.", "b."], last="2018", months=6),
    ]
    w0 = person_skill_weights([base], TODAY)[0].weight
    for skill in better:
        assert person_skill_weights([skill], TODAY)[0].weight > w0


def test_strongest_first() -> None:
    skills = [_skill("s/weak", ["a."], kind="listed"), _skill("s/strong", ["a.", "b.", "c."])]
    assert [w.uri for w in person_skill_weights(skills, TODAY)] == ["s/strong", "s/weak"]
