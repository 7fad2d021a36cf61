"""Gaps between a person and a target role, each with a typed action and an effort estimate.

For every competency the target role expects, the person's level (see
:mod:`careerpivot.analysis.competencies`) gives a status:

- ``have``: level ≥ expected, with described evidence;
- ``partial``: one level short, or at the level but shown only by a skills list or the role;
- ``missing``: two or more levels short;
- ``not_enough_information``: nothing in the CV or the role bears on it, or the CV only
  touches on it (too little for level 1) — never guessed.

Actions are typed (:data:`ActionType`):

- ``proof``: you have it; show the evidence (a concrete example with a result);
- ``translation``: the experience is there in your old job's words; reword it;
- ``bridge_project``: do real work that shows the missing level;
- ``foundation_learning``: learn the basics first (knowledge gaps, or no exposure at all).

Texts only quote the person's own evidence and the pack's behaviour descriptions. Effort
ranges are authored per action type and scaled by the size of the gap (:data:`EFFORT_HOURS`).
A target without expected competency levels (an ESCO occupation) is judged by its essential
ESCO skills instead (:func:`essential_skill_gaps`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from careerpivot.analysis.competencies import CompetencyScore
from careerpivot.packs.schema import Competency

ActionType = Literal["proof", "translation", "bridge_project", "foundation_learning"]
Status = Literal["have", "partial", "missing", "not_enough_information"]
#: Hours of focused work per action type for a one-level gap (low, high).
EFFORT_HOURS: dict[str, tuple[int, int]] = {
    "proof": (1, 3),
    "translation": (2, 5),
    "bridge_project": (20, 60),
    "foundation_learning": (10, 30),
}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class GapAction(_Model):
    """One thing to do about a gap, with its effort range in hours."""

    type: ActionType
    text: str
    effort_hours: tuple[int, int]
    terms: dict[str, float] = Field(default_factory=dict)


class Gap(_Model):
    """One requirement of the target and where the person stands on it."""

    kind: Literal["competency", "skill"]
    id: str
    name: str
    status: Status
    expected: int | None = None
    current: int | None = None
    confidence: str = "none"
    evidence: list[str] = Field(default_factory=list, description="quoted CV sentences")
    actions: list[GapAction] = Field(default_factory=list)
    explanation: str


def _effort(kind: ActionType, levels: int) -> tuple[int, int]:
    low, high = EFFORT_HOURS[kind]
    n = max(1, levels)
    return low * n, high * n


def _behaviour(competency: Competency, level: int | None) -> str:
    if level is None:
        return ""
    return competency.behaviours.get(level, "")


def competency_gap(score: CompetencyScore, competency: Competency) -> Gap | None:
    """The gap for one scored competency, or None when the target expects nothing of it."""
    expected = score.expected
    if expected is None:
        return None
    # CV sentences keep their line breaks; an action quotes them on one line.
    quotes = [" ".join(p.sentence.split()) for p in score.evidence if p.kind == "sentence"][:3]
    listed = [p.text for p in score.evidence if p.kind == "listed"]
    target_looks_like = _behaviour(competency, expected)
    short = expected - (score.level or 0)
    actions: list[GapAction] = []
    if score.level is None:
        status: Status = "not_enough_information"
        text = (
            f"Not enough information: nothing in the CV shows {competency.name.lower()}. "
            f"The role expects level {expected}: {target_looks_like}"
        )
        if quotes or listed:
            touched = f"“{quotes[0]}”" if quotes else ", ".join(listed[:2])
            text = (
                f"Not enough information: the CV only touches on {competency.name.lower()} "
                f"({touched}). The role expects level {expected}: {target_looks_like}"
            )
            actions.append(
                GapAction(
                    type="proof",
                    text=f"Say more where you touch on it: {touched} — add what you did, "
                    "for whom, and what changed.",
                    effort_hours=_effort("proof", 1),
                )
            )
        actions.append(
            GapAction(
                type="foundation_learning",
                text=f"Find out where you stand: at level {expected} someone "
                f"{target_looks_like[:1].lower()}{target_looks_like[1:]}",
                effort_hours=_effort("foundation_learning", 1),
                terms={"expected": float(expected)},
            )
        )
        return Gap(
            kind="competency",
            id=competency.id,
            name=competency.name,
            status=status,
            expected=expected,
            current=None,
            confidence=score.confidence,
            evidence=quotes,
            actions=actions,
            explanation=text,
        )
    thin = score.confidence in ("low", "none") or not quotes
    if short <= 0 and not thin:
        status = "have"
        actions.append(
            GapAction(
                type="proof",
                text=f"Lead with this: “{quotes[0]}” — add the result it had.",
                effort_hours=_effort("proof", 1),
            )
        )
    elif short <= 1:
        status = "partial"
        if quotes:
            actions.append(
                GapAction(
                    type="translation",
                    text=f"Reword “{quotes[0]}” to show {competency.name.lower()}: "
                    f"{target_looks_like}",
                    effort_hours=_effort("translation", 1),
                )
            )
        elif listed:
            actions.append(
                GapAction(
                    type="proof",
                    text=f"You list {', '.join(listed[:2])}: add one sentence saying where "
                    "you used it and what changed.",
                    effort_hours=_effort("proof", 1),
                )
            )
        if short == 1:
            actions.append(
                GapAction(
                    type="bridge_project",
                    text=f"Do one piece of work that shows level {expected}: {target_looks_like}",
                    effort_hours=_effort("bridge_project", 1),
                    terms={"levels_short": 1.0},
                )
            )
    else:
        status = "missing"
        actions.append(
            GapAction(
                type="bridge_project",
                text=f"Build toward level {expected}: {target_looks_like}",
                effort_hours=_effort("bridge_project", short),
                terms={"levels_short": float(short)},
            )
        )
        if (score.level or 0) <= 1:
            actions.append(
                GapAction(
                    type="foundation_learning",
                    text=f"Learn the basics of {competency.name.lower()} first: "
                    f"{competency.definition}",
                    effort_hours=_effort("foundation_learning", 1),
                )
            )
    explanation = (
        f"Expected level {expected}; you are at {score.level} "
        f"({score.confidence} confidence). {score.explanation}"
    )
    return Gap(
        kind="competency",
        id=competency.id,
        name=competency.name,
        status=status,
        expected=expected,
        current=score.level,
        confidence=score.confidence,
        evidence=quotes,
        actions=actions,
        explanation=explanation,
    )


def competency_gaps(
    scores: Sequence[CompetencyScore], competencies: Sequence[Competency]
) -> list[Gap]:
    """Gaps for every competency the target expects, the largest first."""
    by_id = {c.id: c for c in competencies}
    gaps = [g for s in scores if (g := competency_gap(s, by_id[s.id])) is not None]
    order = {"missing": 0, "not_enough_information": 1, "partial": 2, "have": 3}
    return sorted(gaps, key=lambda g: (order[g.status], -((g.expected or 0) - (g.current or 0))))


#: Credit (see :class:`careerpivot.analysis.transition_models.SkillMatch`) from which a
#: target's essential skill counts as shown by the CV (``have``) rather than ``partial``.
HAVE_CREDIT = 0.75
#: A missing skill names the person's closest skill only from this credit on.
NEAR_CREDIT = 0.25


def _quote(quotes: Sequence[str]) -> str:
    return f" (“{quotes[0]}”)" if quotes else ""


def essential_skill_gaps(
    target: str,
    matched: Sequence[Mapping[str, Any]],
    missing: Sequence[Mapping[str, Any]],
    evidence: Mapping[str, Sequence[str]],
    knowledge: Collection[str],
) -> list[Gap]:
    """Gaps for the essential ESCO skills of a target that expects no competency levels.

    An ESCO occupation (or a pack role without expected levels) is judged by its essential
    skills, read off the person → target transition (``transitions.direct`` of the report),
    whose credits weigh the CV's skills by evidence, recency and duration:

    - a matched pair (``target_uri``, ``target_label``, ``origin_uri``, ``origin_label``,
      ``relation``, ``credit``, ``from``) whose person skill comes from the CV (``from`` =
      ``cv``) with credit ≥ :data:`HAVE_CREDIT` and a CV sentence is ``have`` (action: proof);
      otherwise ``partial`` (translation: describe a recent example);
    - a pair implied only by the person's occupation (``from`` = ``role``) is ``partial``:
      such jobs usually need it, the CV does not show it (translation: add an example);
    - a missing essential (``uri``, ``label``, ``credit``, ``closest_uri``,
      ``closest_label``) whose closest skill is in the CV with credit ≥ :data:`NEAR_CREDIT`
      is ``partial`` too (the CV shows it or a near skill, with little weight); any other is
      ``missing``: a bridge project, or foundation learning for knowledge (``knowledge`` lists
      those URIs), at half the effort of a competency level (a skill is narrower).

    ``evidence`` maps each skill of the CV (not rejected) to the CV sentences it was found in
    (empty for a listed skill). Optional skills are not requirements and give no gap.
    Order: missing, partial, have.
    """
    gone: list[Gap] = []
    partial: list[Gap] = []
    have: list[Gap] = []

    def add(to: list[Gap], uri: str, label: str, status: Status, why: str, **kw: Any) -> None:
        to.append(
            Gap(
                kind="skill",
                id=uri,
                name=label,
                status=status,
                explanation=f"An essential ESCO skill of {target}; {why}",
                **kw,
            )
        )

    def reword(label: str, credit: float) -> GapAction:
        return GapAction(
            type="translation",
            text=f"Describe a recent example of “{label}” in your CV, with its result.",
            effort_hours=EFFORT_HOURS["translation"],
            terms={"credit": credit},
        )

    for m in missing:
        uri, label, credit = str(m["uri"]), str(m["label"]), float(m.get("credit") or 0)
        near = str(m.get("closest_uri") or "")
        if near in evidence and credit >= NEAR_CREDIT:
            quotes = [" ".join(q.split()) for q in evidence[near]][:2]
            shown = label if near == uri else f"{m['closest_label']}, a related skill"
            add(
                partial,
                uri,
                label,
                "partial",
                f"your CV shows {shown}{_quote(quotes)}, with little weight "
                f"(credit {credit:.2f} of 1: once, only listed, or in an older job).",
                confidence="low",
                evidence=quotes,
                actions=[reword(label, credit)],
            )
            continue
        kind: ActionType = "foundation_learning" if uri in knowledge else "bridge_project"
        do = (
            "Learn the basics of it (a course or a book)"
            if kind == "foundation_learning"
            else "Practise it in a small project, at work or on your own"
        )
        add(
            gone,
            uri,
            label,
            "missing",
            "your CV does not show it.",
            actions=[
                GapAction(
                    type=kind,
                    text=f"{do}, then add what you did to your CV: “{label}”.",
                    effort_hours=(EFFORT_HOURS[kind][0] // 2, EFFORT_HOURS[kind][1] // 2),
                    terms={"credit": credit},
                )
            ],
        )
    seen: set[str] = set()
    for p in matched:
        uri = str(p["target_uri"])
        if p.get("relation") != "essential" or uri in seen:
            continue
        seen.add(uri)
        label, own, credit = str(p["target_label"]), str(p["origin_label"]), float(p["credit"])
        if p.get("from") == "role":
            add(
                partial,
                uri,
                label,
                "partial",
                f"jobs like yours usually need {own}, but your CV does not show it.",
                confidence="low",
                actions=[
                    GapAction(
                        type="translation",
                        text=f"Add an example from your own work that shows “{label}”, "
                        "if you have one.",
                        effort_hours=EFFORT_HOURS["translation"],
                        terms={"credit": credit},
                    )
                ],
            )
            continue
        quotes = [" ".join(q.split()) for q in evidence.get(str(p["origin_uri"]), [])][:2]
        shown = label if p["origin_uri"] == uri else f"{own}, a near-synonym"
        if credit >= HAVE_CREDIT and quotes:
            add(
                have,
                uri,
                label,
                "have",
                f"your CV shows {shown}.",
                confidence="high",
                evidence=quotes,
                actions=[
                    GapAction(
                        type="proof",
                        text=f"Put this example forward, with its result: “{quotes[0]}”",
                        effort_hours=EFFORT_HOURS["proof"],
                        terms={"credit": credit},
                    )
                ],
            )
            continue
        how = "only in its skills list" if not quotes else "once or in an older job"
        add(
            partial,
            uri,
            label,
            "partial",
            f"your CV shows {shown}{_quote(quotes)}, but {how} (credit {credit:.2f} of 1).",
            confidence="medium",
            evidence=quotes,
            actions=[reword(label, credit)],
        )
    return [*gone, *partial, *have]


#: One bridge project (e.g. owning a small improvement end to end) usually shows several
#: competencies at once, so bridge-project hours are shared across this many gaps.
BRIDGE_OVERLAP = 3


def transition_months(
    gaps: Sequence[Gap], hours_per_week: float = 5.0
) -> tuple[int, dict[str, float]]:
    """Months to close the gaps at ``hours_per_week``, from the midpoint of each action's range.

    Bridge-project hours are divided by :data:`BRIDGE_OVERLAP` (one project serves several
    gaps); proof, translation and learning hours add up.

    Returns:
        The estimate (at least 1 month) and its terms (hours by kind, hours per week).
    """
    bridge = 0.0
    other = 0.0
    for gap in gaps:
        if gap.status == "have":
            continue
        for action in gap.actions:
            mid = sum(action.effort_hours) / 2
            if action.type == "bridge_project":
                bridge += mid
            else:
                other += mid
    hours = other + bridge / BRIDGE_OVERLAP
    weeks = hours / max(hours_per_week, 0.5)
    months = max(1, round(weeks / 4.345))
    return months, {
        "hours": round(hours, 1),
        "bridge_hours": round(bridge, 1),
        "bridge_overlap": float(BRIDGE_OVERLAP),
        "other_hours": round(other, 1),
        "hours_per_week": hours_per_week,
    }
