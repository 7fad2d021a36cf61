"""Recommend resources from a pack's catalogue to close a person's competency gaps.

Pure: takes a :class:`~careerpivot.packs.resources.ResourceCatalogue` and numbers, returns
models. Algorithm ``planning.resources.v1``; every factor is kept in
:attr:`Recommendation.terms`::

    contribution(c) = gap(c) × strength(c) / 3        gap 0-4 levels, strength 1-3
    coverage        = Σ contribution over the competencies the resource builds
    budget_fit      = 1 within budget; over budget the resource is left out, or (with
                      include_over_budget) kept at OVER_BUDGET_FACTOR and flagged
    time_fit        = weekly load:  min(1, your hours a week / its minimum hours a week)
                      total hours:  1 if its maximum fits in COMFORT_WEEKS weeks at your
                                    pace, else COMFORT_WEEKS / weeks needed
    region_fit      = 1 for global resources, your region or a region containing it;
                      REGION_MISMATCH_FACTOR otherwise (flagged)
    level_fit       = ADVANCED_FACTOR for an advanced resource when one of the gaps it builds
                      is ≥ 2 levels (start with the basics; flagged), else 1
    base score      = coverage × budget_fit × time_fit × region_fit × level_fit
    diversity       = DIVERSITY_DECAY ** (earlier picks of the same type)
    score           = base score × diversity

Picks are greedy: each step takes the highest ``score`` (ties: cheaper, then id), and no type
takes more than :func:`type_cap` places while other types remain, so the list mixes books,
podcasts, courses, communities and practice. Resources that build none of the gaps are never
recommended. Reasons are sentences built only from catalogue fields and the inputs.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

from careerpivot.errors import PlanningInputError
from careerpivot.packs.resources import COST_BANDS, Resource, ResourceCatalogue

ALGORITHM = "planning.resources.v1"
Budget = Literal["free", "low", "medium", "high"]
#: Each earlier pick of the same resource type multiplies a candidate's score by this.
DIVERSITY_DECAY = 0.5
#: Score factor of an over-budget resource when those are kept (flagged) rather than left out.
OVER_BUDGET_FACTOR = 0.25
#: Score factor of a resource aimed at another region.
REGION_MISMATCH_FACTOR = 0.5
#: Score factor of an advanced resource for a gap of two levels or more.
ADVANCED_FACTOR = 0.5
#: A resource measured in total hours fits fully when it can be done in this many weeks.
COMFORT_WEEKS = 12
#: Regions inside a larger one: a UK user is served by resources for Europe.
REGION_PARENTS: dict[str, str] = {"uk": "europe", "ie": "europe", "de": "europe", "fr": "europe"}
MAX_GAP = 4.0
MAX_HOURS_PER_WEEK = 80.0


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class GapTerm(_Model):
    """How much one resource addresses one competency gap: ``gap × strength / 3``."""

    competency_id: str
    competency: str
    gap: float
    strength: int
    contribution: float


class RecommendationTerms(_Model):
    """Every number a recommendation's score is made of (see the module docstring)."""

    gaps: tuple[GapTerm, ...]
    coverage: float
    budget_fit: float
    time_fit: float
    region_fit: float
    level_fit: float
    base_score: float
    diversity: float


class Recommendation(_Model):
    """One recommended resource with its rank, score, terms, reasons and flags.

    ``reasons`` are sentences built from catalogue fields and the inputs only; ``flags`` name
    what counts against the resource (over budget, more time than available, other region).
    """

    rank: int
    resource: Resource
    score: float
    terms: RecommendationTerms
    reasons: tuple[str, ...]
    flags: tuple[str, ...] = ()
    algorithm: str = ALGORITHM


def recommend_resources(
    catalogue: ResourceCatalogue,
    gaps: Mapping[str, float],
    *,
    budget: Budget,
    hours_per_week: float,
    region: str | None = None,
    limit: int = 10,
    include_over_budget: bool = False,
) -> list[Recommendation]:
    """The best ``limit`` resources for closing ``gaps``, diverse in type, best first.

    Args:
        catalogue: the pack's resources (see :func:`careerpivot.packs.resources.load_resources`).
        gaps: competency id → gap in levels (expected − current), 0 to 4; zero gaps are ignored.
        budget: the dearest cost band the person will pay for.
        hours_per_week: time the person can spend, > 0 and ≤ 80.
        region: the person's region id (``uk``, ``us``, ``europe``, …); None ignores regions.
        limit: the most recommendations returned (≥ 1).
        include_over_budget: keep resources above ``budget`` at a penalty, flagged, instead of
            leaving them out.

    Returns:
        Up to ``limit`` recommendations ranked 1…n; empty when no gap is above zero.

    Raises:
        PlanningInputError: CP-PLN001 for an unknown competency, a gap outside 0-4, an unknown
            budget, hours outside (0, 80] or a limit below 1.
    """
    _check_inputs(catalogue, gaps, budget, hours_per_week, limit)
    wanted = {cid: float(g) for cid, g in gaps.items() if g > 0}
    where = region.strip().lower() if region else None
    candidates = [
        rec
        for res in catalogue.resources
        if (rec := score_resource(res, catalogue, wanted, budget, hours_per_week, where))
        and (include_over_budget or not _over_budget(res, budget))
    ]
    return _pick_diverse(candidates, limit)


def score_resource(
    resource: Resource,
    catalogue: ResourceCatalogue,
    gaps: Mapping[str, float],
    budget: Budget,
    hours_per_week: float,
    region: str | None,
) -> Recommendation | None:
    """Score one resource before diversity (rank 0, diversity 1); None when it builds no gap."""
    terms = tuple(
        GapTerm(
            competency_id=cid,
            competency=catalogue.competency_name(cid),
            gap=gaps[cid],
            strength=strength,
            contribution=gaps[cid] * strength / 3,
        )
        for cid, strength in resource.builds.items()
        if gaps.get(cid, 0) > 0
    )
    if not terms:
        return None
    terms = tuple(sorted(terms, key=lambda t: (-t.contribution, t.competency_id)))
    coverage = sum(t.contribution for t in terms)
    over = _over_budget(resource, budget)
    budget_fit = OVER_BUDGET_FACTOR if over else 1.0
    time_fit, time_flag = _time_fit(resource, hours_per_week)
    region_fit = 1.0 if _region_ok(resource.region, region) else REGION_MISMATCH_FACTOR
    wide = max(t.gap for t in terms) >= 2
    level_fit = ADVANCED_FACTOR if resource.level == "advanced" and wide else 1.0
    base = coverage * budget_fit * time_fit * region_fit * level_fit
    flags = []
    if over:
        flags.append(f"costs more than your budget (cost band {resource.cost}, budget {budget})")
    if time_flag:
        flags.append(time_flag)
    if region_fit < 1:
        flags.append(f"aimed at region {resource.region}, not {region}")
    if level_fit < 1:
        flags.append("an advanced resource for a gap of two levels or more; start with basics")
    return Recommendation(
        rank=0,
        resource=resource,
        score=base,
        terms=RecommendationTerms(
            gaps=terms,
            coverage=coverage,
            budget_fit=budget_fit,
            time_fit=time_fit,
            region_fit=region_fit,
            level_fit=level_fit,
            base_score=base,
            diversity=1.0,
        ),
        reasons=_reasons(resource, terms, budget, hours_per_week, region, over),
        flags=tuple(flags),
    )


def type_cap(limit: int) -> int:
    """Most places one resource type may take in a list of ``limit`` (while others remain)."""
    return max(2, math.ceil(limit / 3))


def _pick_diverse(candidates: list[Recommendation], limit: int) -> list[Recommendation]:
    pool = list(candidates)
    chosen: list[Recommendation] = []
    per_type: Counter[str] = Counter()
    cap = type_cap(limit)
    while pool and len(chosen) < limit:
        eligible = [c for c in pool if per_type[c.resource.type] < cap] or pool
        best = min(
            eligible,
            key=lambda c: (
                -c.terms.base_score * DIVERSITY_DECAY ** per_type[c.resource.type],
                COST_BANDS.index(c.resource.cost),
                c.resource.id,
            ),
        )
        pool.remove(best)
        diversity = DIVERSITY_DECAY ** per_type[best.resource.type]
        per_type[best.resource.type] += 1
        chosen.append(
            best.model_copy(
                update={
                    "rank": len(chosen) + 1,
                    "score": best.terms.base_score * diversity,
                    "terms": best.terms.model_copy(update={"diversity": diversity}),
                }
            )
        )
    return chosen


def _over_budget(resource: Resource, budget: str) -> bool:
    return COST_BANDS.index(resource.cost) > COST_BANDS.index(budget)


def _time_fit(resource: Resource, hours_per_week: float) -> tuple[float, str | None]:
    """(factor, flag or None) for the resource's time against the person's weekly hours."""
    time = resource.time
    if time.hours_per_week is not None:
        need = time.hours_per_week[0]
        if need <= hours_per_week:
            return 1.0, None
        flag = f"needs at least {need:g} hours a week; you have {hours_per_week:g}"
        return hours_per_week / need, flag
    assert time.hours is not None
    weeks = time.hours[1] / hours_per_week
    if weeks <= COMFORT_WEEKS:
        return 1.0, None
    return COMFORT_WEEKS / weeks, f"takes about {math.ceil(weeks)} weeks at your pace"


def _region_ok(resource_region: str, region: str | None) -> bool:
    if region is None or resource_region in ("global", region):
        return True
    return REGION_PARENTS.get(region) == resource_region


def _reasons(
    resource: Resource,
    terms: tuple[GapTerm, ...],
    budget: str,
    hours_per_week: float,
    region: str | None,
    over: bool,
) -> tuple[str, ...]:
    out = [
        f"Builds {t.competency} (strength {t.strength} of 3); your gap there is "
        f"{t.gap:g} level{'s' if t.gap != 1 else ''}."
        for t in terms
    ]
    out.append(resource.why)
    note = f" ({resource.cost_note})" if resource.cost_note else ""
    fits = "above" if over else "within"
    out.append(f"Cost: {resource.cost}{note}; {fits} your {budget} budget.")
    out.append(
        f"Time: {resource.time.text} ({resource.time.describe()}); "
        f"you have {hours_per_week:g} hours a week."
    )
    out.append(f"Type: {resource.type.replace('_', ' ')}; level: {resource.level}.")
    if region is not None:
        out.append(f"Region: {resource.region}.")
    return tuple(out)


def _check_inputs(
    catalogue: ResourceCatalogue,
    gaps: Mapping[str, float],
    budget: str,
    hours_per_week: float,
    limit: int,
) -> None:
    known = set(catalogue.competency_names) or {c for r in catalogue.resources for c in r.builds}
    problems = [f"unknown competency {cid!r}" for cid in gaps if cid not in known]
    problems += [
        f"gap for {cid!r} is {g!r}, expected 0 to {MAX_GAP:g}"
        for cid, g in gaps.items()
        if not (isinstance(g, int | float) and 0 <= g <= MAX_GAP)
    ]
    if budget not in COST_BANDS:
        problems.append(f"unknown budget {budget!r}")
    if not (0 < hours_per_week <= MAX_HOURS_PER_WEEK):
        problems.append(f"hours_per_week is {hours_per_week!r}, expected above 0 and at most 80")
    if limit < 1:
        problems.append(f"limit is {limit!r}, expected at least 1")
    if problems:
        raise PlanningInputError(
            "CP-PLN001",
            "cannot recommend resources: " + "; ".join(problems),
            f"competencies: {', '.join(sorted(known))}; budgets: {', '.join(COST_BANDS)}",
        )
