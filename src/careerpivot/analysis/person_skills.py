"""How much each of a person's evidenced skills counts when scoring them against a role.

Pure: profile skills in, ``{ESCO skill URI: weight 0..1}`` with the terms of each weight out.
The transition scorer (:func:`careerpivot.transitions_service.score_person`) uses these
weights in place of an occupation's skill profile, so a person is scored on what their CV
shows rather than on the average of their job title.

Weight of one skill (every term is kept in :attr:`PersonSkillWeight.terms`)::

    weight   = evidence × support × recency × duration
    evidence = best piece of evidence: its link score (capped at 1) × kind
               (sentence 1.0, listed 0.5); a skill the user added or accepted by hand
               counts at least 0.8 (they vouch for it)
    support  = 0.75 for one sentence, 0.875 for two, 1.0 for three or more distinct sentences
               (a listed-only skill gets 0.75)
    recency  = 1.0 current or ended ≤ 2 years ago, 0.7 ≤ 5 years or unknown, 0.4 older
    duration = 0.7 + 0.3 × min(1, months / 24); 0.85 when the length is unknown

Rejected skills are left out. The weights of what the person's past occupations imply are
added by the scorer at a lower factor; they never replace the person's own evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict

from careerpivot.analysis.competencies import KIND_WEIGHT, recency_weight
from careerpivot.profile.models import SkillEvidence

#: The evidence term a skill the user added or accepted by hand gets at least.
VOUCHED_FLOOR = 0.8
#: Months of use at which the duration term reaches 1.
FULL_DURATION_MONTHS = 24
UNKNOWN_DURATION = 0.85


class PersonSkillWeight(BaseModel):
    """One skill of the person and the weight it carries, with the terms behind it."""

    model_config = ConfigDict(frozen=True)

    uri: str
    label: str
    weight: float
    terms: dict[str, float]


def _evidence(skill: SkillEvidence) -> float:
    best = 0.0
    for ev in skill.evidence:
        score = min(1.0, ev.score if ev.score is not None else skill.score)
        best = max(best, score * KIND_WEIGHT.get(ev.kind, 0.5))
    if not skill.evidence:
        best = min(1.0, skill.score) * KIND_WEIGHT["listed"]
    if skill.status in ("added", "accepted"):
        best = max(best, VOUCHED_FLOOR)
    return best


def _support(skill: SkillEvidence) -> float:
    sentences = {ev.sentence for ev in skill.evidence if ev.kind == "sentence"}
    return 0.75 + 0.125 * min(2, max(0, len(sentences) - 1))


def _duration(months: int | None) -> float:
    if months is None:
        return UNKNOWN_DURATION
    return 0.7 + 0.3 * min(1.0, months / FULL_DURATION_MONTHS)


def person_skill_weights(skills: Sequence[SkillEvidence], as_of: date) -> list[PersonSkillWeight]:
    """The weight of each non-rejected skill, strongest first (see the module docstring)."""
    out = []
    for skill in skills:
        if skill.status == "rejected":
            continue
        terms = {
            "evidence": round(_evidence(skill), 4),
            "support": _support(skill),
            "recency": recency_weight(skill.last_used, as_of),
            "duration": round(_duration(skill.months), 4),
        }
        weight = terms["evidence"] * terms["support"] * terms["recency"] * terms["duration"]
        out.append(
            PersonSkillWeight(
                uri=skill.uri, label=skill.label, weight=round(weight, 4), terms=terms
            )
        )
    return sorted(out, key=lambda w: (-w.weight, w.label))
