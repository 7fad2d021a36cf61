"""Turn transition arrays into explained :class:`Transition` models (pure).

For one pair ``origin → target`` it lists every target skill the origin covers with credit of
at least :data:`MATCH_CREDIT` as a :class:`SkillMatch` (target skill ← origin skill, cosine,
credit) and every essential skill covered less well as a :class:`MissingSkill` (with the
origin's closest skill when it earns any credit), so each essential skill of the target
appears in exactly one of the two lists. The facets carry value, nominal weight and the
share used, so ``score == Σ share × value``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from careerpivot.analysis import transitions as tr
from careerpivot.analysis.occupation_profiles import FloatArray
from careerpivot.analysis.transition_models import (
    Facet,
    MissingSkill,
    RoleRef,
    SkillMatch,
    Step,
    Thresholds,
    Transition,
)
from careerpivot.analysis.transitions import IntArray

#: Credit from which a target skill counts as matched (display only; scoring uses the credit).
MATCH_CREDIT = 0.5


def role_ref(model: tr.TransitionModel, row: int) -> RoleRef:
    """The :class:`RoleRef` of profile ``row``."""
    p = model.profiles
    kind = "pack" if p.kinds[row] == "pack" else "esco"
    return RoleRef(id=p.ids[row], label=p.labels[row], kind=kind, code=p.codes[row])


def facet_list(
    values: Mapping[str, float | None],
    weights: Mapping[str, float],
    confidence: Mapping[str, float] | None = None,
) -> tuple[list[Facet], float]:
    """Facets with value, weight and share, and the score they make (Σ share × value)."""
    conf = confidence or {}
    shares = tr.facet_shares(values, weights, conf)
    facets = []
    score = 0.0
    for name in tr.FACETS:
        value = values.get(name)
        share = shares[name]
        if value is not None:
            score += share * value
        note = tr.FACET_NOTES[name]
        if value is None:
            note += " — no data, left out"
        elif name == "pathway" and value == 0:
            note += " — none names this move"
        elif conf.get(name, 1.0) < 1.0:
            note += f" — weight × {conf[name]:.2f}: the O*NET link is indirect"
        facets.append(
            Facet(
                name=name,
                value=None if value is None else round(value, 4),
                weight=weights.get(name, 0.0),
                confidence=round(conf.get(name, 1.0), 4),
                share=round(share, 4),
                note=note,
            )
        )
    return facets, score


def skill_evidence(
    model: tr.TransitionModel,
    target: int,
    have: FloatArray,
    source: IntArray,
) -> tuple[list[SkillMatch], list[MissingSkill]]:
    """Matched pairs (essential first, best credit first) and missing essential skills."""
    space = model.space
    p = model.profiles
    matched: list[SkillMatch] = []
    missing: list[MissingSkill] = []
    for relation, matrix in (("essential", p.essential), ("optional", p.optional)):
        lo, hi = matrix.indptr[target], matrix.indptr[target + 1]
        cols, weights = matrix.indices[lo:hi], matrix.data[lo:hi]
        for col, weight in sorted(
            zip(cols.tolist(), weights.tolist(), strict=True),
            key=lambda cw: (-have[cw[0]], -cw[1], space.labels[cw[0]]),
        ):
            credit = float(have[col])
            src = int(source[col])
            if credit >= MATCH_CREDIT:
                sim = 1.0 if src == col else float(space.vectors[col] @ space.vectors[src])
                matched.append(
                    SkillMatch(
                        target_uri=space.uris[col],
                        target_label=space.labels[col],
                        origin_uri=space.uris[src],
                        origin_label=space.labels[src],
                        relation=relation,
                        similarity=round(min(sim, 1.0), 4),
                        credit=round(credit, 4),
                        weight=round(float(weight), 4),
                    )
                )
            elif relation == "essential":
                missing.append(
                    MissingSkill(
                        uri=space.uris[col],
                        label=space.labels[col],
                        weight=round(float(weight), 4),
                        credit=round(credit, 4),
                        closest_uri=space.uris[src] if src >= 0 else None,
                        closest_label=space.labels[src] if src >= 0 else None,
                    )
                )
    return matched, missing


def _ratio(a: float, b: float) -> float | None:
    if np.isnan(a) or np.isnan(b) or b <= 0:
        return None
    return round(a / b, 4)


def _gap(a: float, b: float) -> float | None:
    return None if np.isnan(a) or np.isnan(b) else round(a - b, 2)


def build_transition(
    model: tr.TransitionModel,
    thresholds: Thresholds,
    origin: RoleRef,
    origin_row: int | None,
    target: int,
    facets: Mapping[str, float],
    *,
    have: FloatArray | None = None,
    source: IntArray | None = None,
    steps: Sequence[tuple[int, float, float, float]] = (),
    rank: int | None = None,
    reverse_score: float | None = None,
    documented: Sequence[str] = (),
) -> Transition:
    """A :class:`Transition` from facet values (and, for detail, ``have``/``source``).

    ``origin_row`` is None for a person's skill set (no job zone or wage to compare).
    ``facets`` maps facet name → value (NaN = no data) and ``<name>_confidence`` → the
    scale of that facet's weight. ``documented`` names the sources behind the ``pathway``
    facet (:func:`careerpivot.analysis.pathways.evidence`).
    """
    values = {k: (None if np.isnan(facets[k]) else float(facets[k])) for k in tr.FACETS}
    conf = {k: float(facets[f"{k}_confidence"]) for k in tr.FACETS if f"{k}_confidence" in facets}
    facet_models, score = facet_list(values, model.weights, conf)
    matched: list[SkillMatch] = []
    missing: list[MissingSkill] = []
    if have is not None and source is not None:
        matched, missing = skill_evidence(model, target, have, source)
    p = model.profiles
    zone_gap = wage_ratio = None
    basis = None
    if origin_row is not None:
        zone_gap = _gap(p.job_zone[target], p.job_zone[origin_row])
        wage_ratio = _ratio(p.wage[target], p.wage[origin_row])
        if wage_ratio is not None:
            basis = f"OEWS median: {p.wage_soc[target]} over {p.wage_soc[origin_row]}"
    return Transition(
        origin=origin,
        target=role_ref(model, target),
        score=round(score, 4),
        viability=tr.viability(score, thresholds),
        facets=facet_models,
        matched_pairs=matched,
        missing_essentials=missing,
        job_zone_gap=zone_gap,
        wage_ratio=wage_ratio,
        wage_basis=basis,
        steps=[
            Step(
                via=role_ref(model, s),
                first_leg=round(a, 4),
                second_leg=round(b, 4),
                score=round(r, 4),
            )
            for s, a, b, r in steps
        ],
        rank=rank,
        reverse_score=None if reverse_score is None else round(reverse_score, 4),
        documented=list(documented),
        notes=_origin_notes(model, origin_row),
    )


def _origin_notes(model: tr.TransitionModel, origin_row: int | None) -> list[str]:
    """Say when the origin's skills include a pack feeder's competencies."""
    if origin_row is None or origin_row not in model.augmented:
        return []
    p = model.profiles
    feeder = model.augmented[origin_row]
    title = p.labels[p.row[feeder]] if feeder in p.row else feeder
    return [
        f"What a {p.labels[origin_row]} has includes the competencies the product pack authors "
        f"for {title}, whose exact ESCO occupation it is (their ESCO skills count as held)."
    ]
