"""Score a person on the pack's competencies (0–4) from the evidence in their profile.

Inputs (all models, no I/O):

- the person's active skills (:class:`~careerpivot.profile.models.SkillEvidence`, with quoted
  evidence, kind, recency);
- ``links``: for each competency id, the person's skill URIs that bear on it and how strongly
  (1.0 = one of the competency's own ESCO skills; the pack's CV phrases and embedding
  similarity give lower values — computed by the caller, see
  :func:`careerpivot.pivot.competency_links`); optionally, per competency, the skills with only
  the evidence that may count for it (a skill tied to a competency by a CV phrase counts only
  where such a phrase names both, :func:`careerpivot.pivot.phrase_gated_evidence`);
- optionally the pack feeder role the person's latest job matches: its ``builds`` level is
  what that job usually develops, used as a down-weighted prior;
- optionally the target role, whose ``expected_levels`` are shown beside the scores.

Scoring (every term is kept in :attr:`CompetencyScore.terms`)::

    piece weight  = link × evidence score × kind × recency
    kind          = 1.0 for a sentence of a job, 0.8 for a sentence outside every job (a
                    summary's self-description), 0.5 for a listed skill
    recency       = 1.0 (current or ended ≤ 2 years ago), 0.7 (≤ 5 years), 0.4 (older)
    strength E    = Σ piece weights over distinct sentences (quoted heaviest first; at equal
                    weight a job's sentence before one outside any job, e.g. the summary)
    evidence lvl  = 0 if E < 0.6, 1 if E < 1.5, 2 if E < 3.0, else 3 — level 3 also needs
                    ≥ 3 described sentences (4 needs leading others, which a CV cannot show:
                    never inferred)
    role lvl      = feeder builds level − 1   (what the job usually builds, discounted)
    level         = max(evidence lvl, role lvl) when that is ≥ 1; otherwise None ("not
                    enough information"): evidence too thin for level 1 (E < 0.6) is listed
                    but never read as level 0, which would claim the person lacks it
    confidence    = high (≥ 2 described pieces), medium (1 described or ≥ 2 listed),
                    low (listed once, the role only, or evidence too thin for a level), none
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from careerpivot.packs.schema import Competency, FeederRole, Pack, PmRole
from careerpivot.profile.models import SkillEvidence

Confidence = Literal["high", "medium", "low", "none"]
KIND_WEIGHT = {"sentence": 1.0, "listed": 0.5}
#: A sentence outside every job (the summary's self-description: "I turn customer feedback
#: into product changes") is a claim, not a described activity: it weighs this much.
OUTSIDE_JOB_WEIGHT = 0.8
LEVEL_STEPS = (0.6, 1.5, 3.0)
#: Level 3 also needs this many described sentences (one strong line is not a track record).
LEVEL3_MIN_SENTENCES = 3
MIN_LINK = 0.5


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class CompetencyEvidence(_Model):
    """One quoted piece of evidence for a competency and the weight it carries."""

    skill_uri: str
    skill_label: str
    sentence: str
    text: str
    experience_index: int | None
    kind: str
    weight: float
    terms: dict[str, float]


class RolePrior(_Model):
    """What the person's current or latest role usually builds for this competency."""

    role_id: str
    role_title: str
    level: int
    why: str


class CompetencyScore(_Model):
    """A person's level on one competency, with the evidence and terms behind it."""

    id: str
    name: str
    area: str
    level: int | None = Field(description="0–4; None means not enough information")
    confidence: Confidence
    expected: int | None = None
    evidence: list[CompetencyEvidence] = Field(default_factory=list)
    role_prior: RolePrior | None = None
    terms: dict[str, float] = Field(default_factory=dict)
    explanation: str


def recency_weight(last_used: str | None, as_of: date) -> float:
    """1.0 for current or recent (≤ 2 years) use, 0.7 up to 5 years, 0.4 older or unknown."""
    if last_used is None:
        return 0.7
    if last_used == "present":
        return 1.0
    years = as_of.year - int(last_used[:4])
    return 1.0 if years <= 2 else 0.7 if years <= 5 else 0.4


def _pieces(
    skills: Sequence[SkillEvidence], link: Mapping[str, float], as_of: date
) -> list[CompetencyEvidence]:
    best: dict[str, CompetencyEvidence] = {}
    shown: dict[str, set[str]] = {}  # the competency's skills each sentence evidences
    for skill in skills:
        strength = link.get(skill.uri, 0.0)
        if strength < MIN_LINK:
            continue
        recency = recency_weight(skill.last_used, as_of)
        for ev in skill.evidence:
            kind_w = KIND_WEIGHT.get(ev.kind, 0.5)
            if ev.kind == "sentence" and ev.experience_index is None:
                kind_w = OUTSIDE_JOB_WEIGHT
            score = min(1.0, ev.score if ev.score is not None else skill.score)
            weight = round(strength * score * kind_w * recency, 4)
            piece = CompetencyEvidence(
                skill_uri=skill.uri,
                skill_label=skill.label,
                sentence=ev.sentence,
                text=ev.text,
                experience_index=ev.experience_index,
                kind=ev.kind,
                weight=weight,
                terms={"link": strength, "evidence": score, "kind": kind_w, "recency": recency},
            )
            key = ev.sentence
            shown.setdefault(key, set()).add(skill.uri)
            if key not in best or best[key].weight < weight:
                best[key] = piece
    # equal weights: a described job activity is quoted before a sentence outside any job
    # (a summary's self-description, "I turn customer feedback into product changes"), then
    # the sentence that shows more of the competency's skills first ("ran 14 customer
    # interviews … and tested prototypes" before "collect and tag feature requests" for
    # discovery)
    return sorted(
        best.values(),
        key=lambda p: (-p.weight, p.experience_index is None, -len(shown[p.sentence])),
    )


def _evidence_level(strength: float) -> int:
    return sum(strength >= step for step in LEVEL_STEPS)


def _confidence(pieces: Sequence[CompetencyEvidence], has_role: bool) -> Confidence:
    described = sum(p.kind == "sentence" for p in pieces)
    listed = len(pieces) - described
    if described >= 2:
        return "high"
    if described == 1 or listed >= 2:
        return "medium"
    if listed == 1 or has_role:
        return "low"
    return "none"


def score_competency(
    competency: Competency,
    skills: Sequence[SkillEvidence],
    link: Mapping[str, float],
    *,
    feeder: FeederRole | None = None,
    expected: int | None = None,
    as_of: date,
) -> CompetencyScore:
    """Score one competency (see the module docstring for the formula)."""
    pieces = _pieces(skills, link, as_of)
    strength = round(sum(p.weight for p in pieces), 4)
    ev_level = _evidence_level(strength)
    if ev_level == 3 and sum(p.kind == "sentence" for p in pieces) < LEVEL3_MIN_SENTENCES:
        ev_level = 2
    build = feeder.builds.get(competency.id) if feeder else None
    prior = (
        RolePrior(role_id=feeder.id, role_title=feeder.title, level=build.level, why=build.why)
        if feeder and build
        else None
    )
    role_level = max(0, prior.level - 1) if prior else None
    terms = {"evidence_strength": strength, "evidence_level": float(ev_level)}
    if role_level is not None:
        terms["role_level"] = float(role_level)
    confidence = _confidence(pieces, prior is not None)
    if ev_level == 0 and not role_level:
        level = None
        text = "Not enough information: the CV shows nothing about this yet."
        if pieces:
            confidence = "low"
            text = (
                f"Not enough information: the CV touches on this in {len(pieces)} place(s), "
                f"too little for level 1 (evidence strength {strength:.2f}; level 1 needs "
                f"{LEVEL_STEPS[0]})."
            )
        if prior is not None:
            text += f" Your role as {prior.role_title.lower()} usually builds it only a little."
    else:
        level = max(ev_level, role_level or 0)
        if pieces and (role_level is None or ev_level >= role_level):
            text = f"Level {level} from {len(pieces)} piece(s) of evidence in the CV."
        elif pieces:
            text = (
                f"Level {level}: your role as {prior.role_title.lower() if prior else ''} "
                f"usually builds this; the CV itself shows {len(pieces)} piece(s)."
            )
        else:
            text = (
                f"Level {level}, implied only by your role as "
                f"{prior.role_title.lower() if prior else ''}; add evidence to confirm it."
            )
    return CompetencyScore(
        id=competency.id,
        name=competency.name,
        area=competency.area,
        level=level,
        confidence=confidence,
        expected=expected,
        evidence=pieces[:5],
        role_prior=prior,
        terms=terms,
        explanation=text,
    )


def score_competencies(
    pack: Pack,
    skills: Sequence[SkillEvidence],
    links: Mapping[str, Mapping[str, float]],
    *,
    feeder: FeederRole | None = None,
    target: PmRole | None = None,
    as_of: date,
    evidence_for: Mapping[str, Sequence[SkillEvidence]] | None = None,
) -> list[CompetencyScore]:
    """Score every competency of ``pack`` for a person, in the pack's order.

    ``evidence_for`` (competency id → skills) replaces ``skills`` for the competencies it
    names, e.g. with evidence the caller has narrowed to what may count for that competency.
    """
    active = [s for s in skills if s.status != "rejected"]
    chosen = evidence_for or {}
    return [
        score_competency(
            c,
            [s for s in chosen[c.id] if s.status != "rejected"] if c.id in chosen else active,
            links.get(c.id, {}),
            feeder=feeder,
            expected=target.expected_levels.get(c.id) if target else None,
            as_of=as_of,
        )
        for c in pack.competencies
    ]
