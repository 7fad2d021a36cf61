"""The JSON-ready results of transition scoring (pydantic models, frozen).

A :class:`Transition` is one directed move ``origin → target``. Its ``score`` is the weighted
mean of its ``facets`` (each with its value and weight, so the number can be recomputed by
hand); ``job_zone_gap`` and ``wage_ratio`` are separate signals and never part of the score.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["esco", "pack", "person"]
Viability = Literal["highly viable", "viable", "stretch"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class RoleRef(_Model):
    """An occupation or role taking part in a transition.

    ``id`` is the ESCO occupation URI (kind ``esco``), the pack role id (``pack``) or
    ``"person"``; ``code`` is the ESCO code when there is one.
    """

    id: str
    label: str
    kind: Kind
    code: str | None = None


class Facet(_Model):
    """One similarity facet: its value in [0, 1] (None when the data is missing) and weight.

    ``confidence`` scales the nominal ``weight`` (below 1 when the facet's data describes the
    pair only indirectly); ``share`` is the weight actually used after scaling and
    renormalising over the available facets, so ``score == Σ share × value``.
    """

    name: str
    value: float | None
    weight: float
    confidence: float = 1.0
    share: float
    note: str = ""


class SkillMatch(_Model):
    """A target skill covered by an origin skill: ``target ← origin`` (similarity, credit).

    ``credit`` is what the match contributes (1.0 = the same skill, or a near-synonym held
    as essential); ``weight`` is how much the target requires the skill.
    """

    target_uri: str
    target_label: str
    origin_uri: str
    origin_label: str
    relation: Literal["essential", "optional"]
    similarity: float
    credit: float
    weight: float


class MissingSkill(_Model):
    """An essential skill of the target the origin covers with credit below one half.

    ``closest_*`` name the origin's most similar skill when it earns any credit at all.
    """

    uri: str
    label: str
    weight: float
    credit: float
    closest_uri: str | None = None
    closest_label: str | None = None


class Step(_Model):
    """A two-step route ``origin → via → target``; ``score = min(first_leg, second_leg)``."""

    via: RoleRef
    first_leg: float
    second_leg: float
    score: float


class Thresholds(_Model):
    """Viability thresholds on the transition score, and how they were computed."""

    viable: float
    highly_viable: float
    method: str
    reference_pairs: int
    background_pairs: int
    background_share_viable: float
    background_share_highly_viable: float
    soft_match_low: float
    soft_match_high: float


class Transition(_Model):
    """One scored, explained move from ``origin`` to ``target``.

    ``job_zone_gap`` is target minus origin O*NET job zone (1–5; positive = more
    preparation needed); ``wage_ratio`` is target over origin OEWS median annual wage, with
    ``wage_basis`` naming the SOC codes used. Both are None when the data is missing.
    ``documented`` names what documents the move (O*NET related occupations, the pack's
    entry routes): the evidence behind the ``pathway`` facet; ``notes`` other facts about how
    the move was scored (e.g. an origin whose skills include a pack feeder's competencies).
    """

    origin: RoleRef
    target: RoleRef
    score: float
    viability: Viability
    facets: list[Facet]
    matched_pairs: list[SkillMatch] = Field(default_factory=list)
    missing_essentials: list[MissingSkill] = Field(default_factory=list)
    job_zone_gap: float | None = None
    wage_ratio: float | None = None
    wage_basis: str | None = None
    steps: list[Step] = Field(default_factory=list)
    rank: int | None = None
    reverse_score: float | None = None
    variants: list[RoleRef] = Field(default_factory=list)
    documented: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class Ranking(_Model):
    """The best targets for one origin, with the thresholds used to label them.

    With ``distinct`` the list shows one target per occupation family (ESCO variants such as
    the 40 ``wholesale merchant in …`` occupations collapse into their best-scoring member,
    the others listed in :attr:`Transition.variants`) and ``rank`` counts families;
    ``candidates`` is the number of targets scored. The origin's own family (its broader and
    narrower ESCO occupations, or a pack role's seniority steps) is no move: it is left out of
    the ranking and listed in :attr:`own_family`.
    """

    origin: RoleRef
    scorer: str
    thresholds: Thresholds
    candidates: int
    distinct: bool
    transitions: list[Transition]
    own_family: list[RoleRef] = Field(
        default_factory=list,
        description="the origin's own family (e.g. its narrower ESCO occupations), left out: "
        "where someone already is, not a move",
    )
