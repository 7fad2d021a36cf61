"""Directional, multi-facet transition scores between occupations and pack roles.

Pure: works on the arrays of :mod:`careerpivot.analysis.occupation_profiles` and
:mod:`careerpivot.analysis.pathways`, handed in by :mod:`careerpivot.transitions_service`.
Registered as ``transitions.facets.v3`` (the default); ``transitions.facets.v2`` and
``v1`` are the same machinery with the ``pathway`` (and ``origin``) facet's weight at zero
(:data:`SCORERS`).

The score of a move ``A → B`` is the weighted mean of six facets, each in [0, 1]:

``essential``
    soft coverage of B's essential skills by what a holder of A has:
    ``Σ_s w_B(s) · have_A(s) / Σ_s w_B(s)`` with ``have_A(s) = max_o h_A(o) · credit[o, s]``
    (``h_A`` = 1 for A's essential skills, 0.5 for its optional ones; ``credit`` the soft
    credit of near-synonymous skills, 1 for the same skill). Directional: it measures how
    much of the *target's* requirements the origin brings.
``optional``
    the same over B's optional skills.
``activity``
    cosine between the two profiles' distributions over ESCO's top-level skill groups
    (S1.1, T4.3 …, the ISCED-F narrow fields of knowledge; NaN when either has none).
``onet``
    ``max(0, cosine)`` of the z-scored O*NET skill and knowledge importance vectors of the
    O*NET occupations the crosswalk links each to. Its weight is scaled per pair by
    ``min(confidence of A, confidence of B)``, where confidence says how directly the O*NET
    vector describes the profile (1.0 direct crosswalk row, 0.75 via the parent ESCO
    occupation, 0.5 via the ISCO group or a pack role's closest-available ESCO concept); the
    arrays carry it under the key ``onet_confidence``.
``origin`` (v2)
    the reverse view of coverage: the idf-weighted share of A's skills that have a
    counterpart among B's essential or optional skills (best soft credit), see
    :mod:`careerpivot.analysis.origin_coverage`. Still directional.
``pathway`` (v3)
    how strongly a documented source names the move: O*NET "Related Occupations" through the
    crosswalk, or the pack's entry routes (:mod:`careerpivot.analysis.pathways`); 0 when
    nothing documents it, left out when the origin has no source at all.

A facet without data (no optional skills, no O*NET link) is left out and the other weights
are renormalised; :class:`~careerpivot.analysis.transition_models.Facet` keeps both the
nominal weight and the share used. Job-zone gap and wage ratio are reported beside the
score, never folded into it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from careerpivot.analysis import origin_coverage as oc
from careerpivot.analysis import pathways as pw
from careerpivot.analysis.occupation_profiles import FloatArray, ProfileSet, SkillSpace
from careerpivot.analysis.transition_models import Thresholds, Viability

SCORER = "transitions.facets.v3"
FACETS: tuple[str, ...] = ("essential", "optional", "activity", "onet", "origin", "pathway")
#: v1 nominal weights, chosen by the grid search in ``benchmarks/calibrate_transitions.py``:
#: mean percentile rank of known moves (ESCO pairs sharing an ISCO unit group; O*NET related
#: occupations across groups) in their origin's ranking; within 0.001 of the best vector, with
#: less O*NET weight because the O*NET reference favours that facet (see docs/transitions.md).
PATHWAY_WEIGHT = 0.45
V1_WEIGHTS: dict[str, float] = {
    "essential": 0.5,
    "optional": 0.2,
    "activity": 0.1,
    "onet": 0.2,
    "origin": 0.0,
    "pathway": 0.0,
}
#: v2 adds the ``origin`` facet at 0.3 on top of the v1 weights (shares renormalise: the
#: five nominal weights sum to 1.3). Chosen on the same data references as v1 (see
#: docs/transitions.md): it raised reference A's top-20 recall and 11 of 16 well-known ranks.
V2_WEIGHTS: dict[str, float] = {**V1_WEIGHTS, "origin": 0.3}
#: v3 adds the documented ``pathway`` facet (see docs/transitions.md for how its weight was
#: chosen and what it does to the reference recall).
V3_WEIGHTS: dict[str, float] = {**V2_WEIGHTS, "pathway": PATHWAY_WEIGHT}
#: Registered scorer names → weights (v1, v2 stay reproducible; thresholds are per scorer).
SCORERS: dict[str, dict[str, float]] = {
    "transitions.facets.v1": V1_WEIGHTS,
    "transitions.facets.v2": V2_WEIGHTS,
    "transitions.facets.v3": V3_WEIGHTS,
}
DEFAULT_WEIGHTS: dict[str, float] = SCORERS[SCORER]
FACET_NOTES: dict[str, str] = {
    "essential": "soft coverage of the target's essential skills",
    "optional": "soft coverage of the target's optional skills",
    "activity": "cosine of skill-group activity profiles",
    "onet": "cosine of O*NET skill/knowledge importance (via crosswalk)",
    "origin": "share of the origin's skills the target uses (idf-weighted, soft)",
    "pathway": "a documented move: O*NET related occupations or the pack's entry routes",
}
IntArray = npt.NDArray[np.int64]


@dataclass
class TransitionModel:
    """Everything scoring needs, precomputed once per store (see :func:`build_model`).

    ``holder`` is ``profiles.holder()``; ``activity`` and ``onet`` hold unit-length rows
    (zero rows where there is no data, flagged by ``has_onet``); ``ess_total`` and
    ``opt_total`` are the row sums of the requirement weights; ``requirements`` is
    ``essential + optional`` (CSC: by skill) and ``idf`` the per-skill weight of the
    ``origin`` facet (:func:`careerpivot.analysis.origin_coverage.skill_idf`, ESCO rows);
    ``pathways`` the documented moves (None: no source, the facet is left out);
    ``augmented`` maps the rows whose holder includes a pack feeder's competencies (see
    :func:`careerpivot.analysis.occupation_profiles.feeder_competencies`) to that feeder.
    """

    space: SkillSpace
    profiles: ProfileSet
    holder: sp.csr_matrix
    activity: FloatArray
    has_activity: npt.NDArray[np.bool_]
    onet: FloatArray
    has_onet: npt.NDArray[np.bool_]
    onet_conf: FloatArray
    ess_total: FloatArray
    opt_total: FloatArray
    weights: dict[str, float]
    requirements: sp.csc_matrix
    idf: FloatArray
    pathways: pw.Pathways | None = None
    augmented: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Holder:
    """What someone moving from an origin has: skill columns with weights in (0, 1].

    ``activity``/``onet`` are the origin's unit vectors (``onet`` None when unknown);
    ``pathway`` the documented-move strength to every profile (None when unknown).
    """

    columns: IntArray
    weights: FloatArray
    activity: FloatArray
    onet: FloatArray | None
    onet_conf: float = 0.0
    pathway: FloatArray | None = None


def unit_rows(matrix: FloatArray) -> FloatArray:
    """Rows scaled to unit length; zero (or NaN) rows become zero."""
    m = np.nan_to_num(np.asarray(matrix, dtype=np.float64))
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: FloatArray = m / norms
    return out


def build_model(
    space: SkillSpace,
    profiles: ProfileSet,
    weights: Mapping[str, float] | None = None,
    pathways: pw.Pathways | None = None,
    holder_extra: tuple[sp.csr_matrix, Mapping[int, str]] | None = None,
) -> TransitionModel:
    """Precompute the holder matrix, activity profiles and O*NET unit vectors.

    ``holder_extra`` (a matrix over the first rows, and which feeder each row's additions
    come from) raises what a holder of those profiles has (element-wise maximum).
    """
    holder = profiles.holder()
    augmented: dict[int, str] = {}
    if holder_extra is not None:
        extra, augmented = holder_extra[0], dict(holder_extra[1])
        pad = sp.csr_matrix((holder.shape[0] - extra.shape[0], holder.shape[1]))
        holder = holder.maximum(sp.vstack([extra, pad]).tocsr()).tocsr()
    activity = unit_rows(np.asarray((holder @ space.groups).todense()))
    has_onet: npt.NDArray[np.bool_] = np.asarray(~np.isnan(profiles.onet).any(axis=1))
    requirements = (profiles.essential + profiles.optional).tocsc()
    esco_rows = np.array([k == "esco" for k in profiles.kinds], dtype=bool)
    return TransitionModel(
        space=space,
        profiles=profiles,
        holder=holder,
        activity=activity,
        has_activity=np.abs(activity).sum(axis=1) > 0,
        onet=unit_rows(profiles.onet),
        has_onet=has_onet,
        onet_conf=np.where(has_onet, profiles.onet_conf, 0.0),
        ess_total=np.asarray(profiles.essential.sum(axis=1)).ravel(),
        opt_total=np.asarray(profiles.optional.sum(axis=1)).ravel(),
        weights={**V1_WEIGHTS, **(weights or DEFAULT_WEIGHTS)},
        requirements=requirements,
        idf=oc.skill_idf(requirements, esco_rows if esco_rows.any() else ~esco_rows),
        pathways=pathways,
        augmented=augmented,
    )


def profile_holder(model: TransitionModel, row: int) -> Holder:
    """The :class:`Holder` of profile ``row`` (an ESCO occupation or pack role)."""
    h = model.holder
    lo, hi = h.indptr[row], h.indptr[row + 1]
    onet = model.onet[row] if model.has_onet[row] else None
    return Holder(
        h.indices[lo:hi].astype(np.int64),
        h.data[lo:hi].astype(np.float64),
        model.activity[row],
        onet,
        float(model.onet_conf[row]),
        pathway_from(model, [row]),
    )


def pathway_from(model: TransitionModel, rows: Sequence[int]) -> FloatArray | None:
    """The best documented-move strength from any of ``rows`` to every profile."""
    return None if model.pathways is None else pw.row_values(model.pathways, rows)


def skill_set_holder(model: TransitionModel, skills: Mapping[str, float]) -> Holder:
    """A :class:`Holder` from ``{ESCO skill URI: weight 0..1}`` (unknown URIs are ignored)."""
    pos = model.space.position
    pairs = sorted((pos[u], float(w)) for u, w in skills.items() if u in pos and w > 0)
    cols = np.array([c for c, _ in pairs], dtype=np.int64)
    wts = np.clip(np.array([w for _, w in pairs], dtype=np.float64), 0.0, 1.0)
    groups = model.space.groups
    act = np.asarray(groups[cols].T @ wts).ravel() if len(cols) else np.zeros(groups.shape[1])
    return Holder(cols, wts, unit_rows(act[None, :])[0], None)


def with_implied_skills(
    model: TransitionModel, skills: Mapping[str, float], rows: Sequence[int], factor: float
) -> tuple[dict[str, float], set[str]]:
    """A person's skills plus what their occupations imply, down-weighted by ``factor``.

    Each skill of the profile ``rows`` (ESCO occupations or pack roles the person held) is
    added at ``factor`` × its weight there, unless the person's own weight is higher.
    Returns the merged ``{skill URI: weight}`` and the URIs that came only from ``rows``.
    """
    merged = {u: float(w) for u, w in skills.items() if w > 0}
    implied: set[str] = set()
    for row in rows:
        holder = profile_holder(model, row)
        for col, weight in zip(holder.columns, holder.weights, strict=True):
            uri = model.space.uris[int(col)]
            value = float(weight) * factor
            if value > merged.get(uri, 0.0):
                if uri not in skills:
                    implied.add(uri)
                merged[uri] = value
    return merged, implied


def have_vector(model: TransitionModel, holder: Holder) -> tuple[FloatArray, IntArray]:
    """``have[s]`` (best credit the holder earns for skill ``s``) and the skill giving it.

    The second array holds the holder's skill column behind each credit, -1 where none.
    """
    n = len(model.space.uris)
    if not len(holder.columns):
        return np.zeros(n), np.full(n, -1, dtype=np.int64)
    dense = model.space.credit[holder.columns].toarray() * holder.weights[:, None]
    best = dense.argmax(axis=0)
    have = dense[best, np.arange(n)].astype(np.float64)
    source = np.where(have > 0, holder.columns[best], -1).astype(np.int64)
    return have, source


def forward_facets(model: TransitionModel, holder: Holder) -> dict[str, FloatArray]:
    """Facet values of ``holder → every profile`` (NaN where a facet has no data).

    Also holds ``onet_confidence``, the per-pair scale of the O*NET weight.
    """
    have, _ = have_vector(model, holder)
    p = model.profiles
    with np.errstate(invalid="ignore", divide="ignore"):
        ess = np.asarray(p.essential @ have).ravel() / model.ess_total
        opt = np.asarray(p.optional @ have).ravel() / model.opt_total
    if np.abs(holder.activity).sum() > 0:
        act = np.where(model.has_activity, model.activity @ holder.activity, np.nan)
    else:
        act = np.full(len(p), np.nan)
    if holder.onet is None:
        onet = np.full(len(p), np.nan)
    else:
        onet = np.where(model.has_onet, np.maximum(model.onet @ holder.onet, 0.0), np.nan)
    conf = np.minimum(model.onet_conf, holder.onet_conf)
    if model.weights.get("origin", 0.0) > 0 and len(holder.columns):
        origin = oc.forward(
            model.space.credit, model.requirements, model.idf, holder.columns, holder.weights
        )
    else:
        origin = np.full(len(p), np.nan)
    pathway = np.full(len(p), np.nan) if holder.pathway is None else holder.pathway
    return {
        "essential": ess,
        "optional": opt,
        "activity": act,
        "onet": onet,
        "onet_confidence": conf,
        "origin": origin,
        "pathway": pathway,
    }


#: Profiles per block in :func:`reverse_facets` (bounds its temporary memory).
REVERSE_BLOCK = 256


def reverse_facets(model: TransitionModel, target: int) -> dict[str, FloatArray]:
    """Facet values of ``every profile → target`` (for two-step routes and asymmetry)."""
    p = model.profiles
    ess_row, opt_row = p.essential[target], p.optional[target]
    cols = np.unique(np.r_[ess_row.indices, opt_row.indices]).astype(np.int64)
    h = model.holder
    n = len(p)
    best = np.zeros((n, len(cols)))
    if len(cols) and h.nnz:
        # credit is symmetric, so its columns are its rows transposed.
        kc = model.space.credit[cols].toarray().T
        # profiles in blocks: one product for all of them held every (holder skill, target
        # skill) pair at once (220 MB for a pack role with many skills)
        for a in range(0, n, REVERSE_BLOCK):
            b = min(n, a + REVERSE_BLOCK)
            lo, hi = int(h.indptr[a]), int(h.indptr[b])
            if lo == hi:
                continue
            vals = kc[h.indices[lo:hi]] * h.data[lo:hi, None]
            ptr = h.indptr[a : b + 1] - lo
            nonempty = np.flatnonzero(np.diff(ptr) > 0)
            best[a + nonempty] = np.maximum.reduceat(vals, ptr[nonempty], axis=0)
    colpos = {int(c): j for j, c in enumerate(cols)}

    def cover(row: sp.csr_matrix, total: float) -> FloatArray:
        if total <= 0:
            return np.full(n, np.nan)
        idx = [colpos[int(c)] for c in row.indices]
        out: FloatArray = best[:, idx] @ row.data / total
        return out

    ess = cover(ess_row, float(model.ess_total[target]))
    opt = cover(opt_row, float(model.opt_total[target]))
    if model.has_activity[target]:
        act = np.where(model.has_activity, model.activity @ model.activity[target], np.nan)
    else:
        act = np.full(n, np.nan)
    if model.has_onet[target]:
        onet = np.where(model.has_onet, np.maximum(model.onet @ model.onet[target], 0.0), np.nan)
    else:
        onet = np.full(n, np.nan)
    conf = np.minimum(model.onet_conf, model.onet_conf[target])
    if model.weights.get("origin", 0.0) > 0:
        origin = oc.reverse(model.space.credit, cols, h, model.idf)
    else:
        origin = np.full(n, np.nan)
    if model.pathways is None:
        pathway = np.full(n, np.nan)
    else:
        pathway = pw.column_values(model.pathways, target)
    return {
        "essential": ess,
        "optional": opt,
        "activity": act,
        "onet": onet,
        "onet_confidence": conf,
        "origin": origin,
        "pathway": pathway,
    }


def combine(facets: Mapping[str, FloatArray], weights: Mapping[str, float]) -> FloatArray:
    """Weighted mean of the facets, renormalised over the facets present in each row.

    A ``<facet>_confidence`` array, when present, scales that facet's weight per row.
    """
    num = np.zeros_like(facets[FACETS[0]], dtype=np.float64)
    den = np.zeros_like(num)
    for name in FACETS:
        values = facets[name]
        ok = ~np.isnan(values)
        w = weights.get(name, 0.0) * facets.get(f"{name}_confidence", np.ones_like(num))
        num[ok] += w[ok] * values[ok]
        den[ok] += w[ok]
    with np.errstate(invalid="ignore", divide="ignore"):
        out: FloatArray = np.where(den > 0, num / den, 0.0)
    return out


def facet_shares(
    values: Mapping[str, float | None],
    weights: Mapping[str, float],
    confidence: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """The weight share each facet gets once missing facets are left out.

    ``confidence`` scales a facet's weight (1.0 when absent), as in :func:`combine`.
    """
    conf = confidence or {}
    eff = {
        f: weights.get(f, 0.0) * conf.get(f, 1.0) if values.get(f) is not None else 0.0
        for f in FACETS
    }
    total = sum(eff.values())
    return {f: (eff[f] / total if total else 0.0) for f in FACETS}


def viability(score: float, thresholds: Thresholds) -> Viability:
    """``highly viable`` / ``viable`` / ``stretch`` by the calibrated thresholds."""
    if score >= thresholds.highly_viable:
        return "highly viable"
    if score >= thresholds.viable:
        return "viable"
    return "stretch"


def best_steps(
    first: FloatArray,
    second: FloatArray,
    direct: float,
    exclude: Sequence[int],
    *,
    limit: int = 3,
) -> list[tuple[int, float, float, float]]:
    """Stepping stones ``S`` with ``min(A→S, S→B)`` above the direct score, best first.

    Returns ``(row of S, first leg, second leg, route score)`` tuples.
    """
    route = np.minimum(first, second)
    route[list(exclude)] = -1.0
    order = np.argsort(-route, kind="stable")[:limit]
    return [
        (int(i), float(first[i]), float(second[i]), float(route[i]))
        for i in order
        if route[i] > direct
    ]


def ranked_rows(
    scores: FloatArray,
    families: Sequence[str],
    *,
    exclude: Sequence[int] = (),
    allowed: npt.NDArray[np.bool_] | None = None,
    distinct: bool = True,
    limit: int | None = None,
) -> list[tuple[int, list[int]]]:
    """Rows by descending score, each with the family variants it stands for.

    With ``distinct`` only the best row of each family is listed and the family's other rows
    (ranked below it) come with it; otherwise every row stands alone. ``exclude`` rows
    (the origin) and rows not ``allowed`` are skipped. Ties keep row order.
    """
    order = np.argsort(-scores, kind="stable")
    skip = set(exclude)
    out: list[tuple[int, list[int]]] = []
    head: dict[str, int] = {}
    for row in order.tolist():
        if row in skip or (allowed is not None and not allowed[row]):
            continue
        fam = families[row]
        if distinct and fam in head:
            out[head[fam]][1].append(row)
            continue
        if limit is not None and len(out) >= limit:
            if not distinct:
                break
            continue
        head[fam] = len(out)
        out.append((row, []))
    return out


def own_family(families: Sequence[str], rows: Sequence[int]) -> list[int]:
    """``rows`` and every other row of their families, sorted: where someone already is, not a
    move. "history teacher secondary school" (a narrower ESCO occupation) is left out of a
    secondary school teacher's targets, as the person-level ranking leaves out the families
    of a person's own occupations.
    """
    fams = {families[r] for r in rows}
    return sorted({i for i, f in enumerate(families) if f in fams} | set(rows))


def rank_of(
    scores: FloatArray,
    target: int,
    families: Sequence[str],
    exclude: int | Sequence[int] | None,
    *,
    distinct: bool,
) -> int:
    """1-based rank of ``target`` among all rows but ``exclude`` (the origin, or the origin
    with its own family, see :func:`own_family`).

    With ``distinct``: one plus the number of other families with a row scoring above it.
    """
    better = scores > scores[target]
    if exclude is not None:
        better[[exclude] if isinstance(exclude, int) else list(exclude)] = False
    better[target] = False
    if not distinct:
        return int(better.sum()) + 1
    fams = {families[i] for i in np.flatnonzero(better).tolist()}
    fams.discard(families[target])
    return len(fams) + 1


def calibrate_thresholds(
    reference: FloatArray,
    background: FloatArray,
    soft_match: tuple[float, float],
    *,
    viable_quantile: float = 0.25,
    highly_quantile: float = 0.5,
) -> Thresholds:
    """Viability thresholds from the scores of "known viable" reference pairs.

    ``reference`` holds the scores of ordered pairs of different ESCO occupations sharing an
    ISCO-08 unit group; ``background`` the scores of random ordered pairs. ``viable`` is the
    ``viable_quantile`` of the reference (3 in 4 known-viable moves score at least this),
    ``highly_viable`` its median (``highly_quantile``). The shares of background pairs above each
    threshold are kept to show how selective they are.
    """
    viable = float(np.quantile(reference, viable_quantile))
    highly = float(np.quantile(reference, highly_quantile))
    return Thresholds(
        viable=round(viable, 4),
        highly_viable=round(highly, 4),
        method=(
            f"quantiles {viable_quantile:g} and {highly_quantile:g} of the {SCORER} scores of "
            "ordered pairs of ESCO occupations sharing an ISCO-08 unit group"
        ),
        reference_pairs=len(reference),
        background_pairs=len(background),
        background_share_viable=_share(background, viable),
        background_share_highly_viable=_share(background, highly),
        soft_match_low=round(soft_match[0], 4),
        soft_match_high=round(soft_match[1], 4),
    )


def _share(values: FloatArray, threshold: float) -> float:
    return round(float((values >= threshold).mean()), 4) if len(values) else 0.0
