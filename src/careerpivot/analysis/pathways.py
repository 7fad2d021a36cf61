"""Documented career pathways between profiles: the ``pathway`` facet (pure).

Skill overlap cannot see every move people actually make (a software developer becoming a
product manager shares few ESCO skills with the role). Two sources document such moves:

- **O*NET 29.2 "Related Occupations"** — for each O*NET-SOC occupation, 20 occupations the
  O*NET Center judged related for career exploration, in tiers ``Primary-Short``,
  ``Primary-Long`` and ``Supplemental`` (:data:`TIER_STRENGTH`). ESCO occupations reach
  them through the official crosswalk; a link via the parent occupation or the ISCO group
  counts less (:data:`careerpivot.analysis.occupation_profiles.ONET_VIA_CONFIDENCE`). A
  pack role reaches them through its SOC proxy and its referenced ESCO occupations.
- **The authored pack** — a PM role's ``entry_routes[].from_roles`` and ``ladder.previous``
  and a feeder's ``likely_targets`` name documented moves between pack roles
  (:data:`PACK_ROUTE`); the ESCO occupations a feeder references count as that feeder at
  their relation factor (exact 1.0, broader 0.75, closest-available 0.5).

Two profiles linked to the same O*NET occupation count as documented too
(:data:`SAME_OCCUPATION`: O*NET sees one job). The strength of ``A → B`` is the best
documented relation: ``tier strength × min(link
confidence of A, of B)`` over every O*NET pair, or the pack's strength; 0 when nothing
documents the move. It is directional, as both sources are. The facet is left out (no data)
for an origin with no O*NET link and no pack route, and for a target that no source ever
names as a destination (O*NET lists nothing as related to ``11-9199.00 Managers, All
Other``, the crosswalk code of ESCO's product manager: silence there is not evidence).

Data contract (:class:`OnetRelations`): ``codes`` the O*NET-SOC codes; ``related`` one
``(code index, related code index, tier, rank)`` per "Related Occupations" row; ``titles``
code → O*NET title. Links are CSR matrices ``(profiles, len(codes))`` of confidences in (0, 1].
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from careerpivot.analysis.occupation_profiles import RELATION_FACTOR, FloatArray, ProfileSet
from careerpivot.packs.schema import FeederRole, Pack, PmRole

#: Strength of an O*NET "Related Occupations" entry by tier.
TIER_STRENGTH: dict[str, float] = {"Primary-Short": 1.0, "Primary-Long": 0.75, "Supplemental": 0.5}
#: Two profiles linked to the same O*NET occupation: O*NET sees one job (a sibling move).
SAME_OCCUPATION = 1.0
SAME_TIER = "same O*NET occupation"
#: A move the pack documents between two of its roles.
PACK_ROUTE = 1.0
BoolArray = npt.NDArray[np.bool_]


@dataclass
class OnetRelations:
    """The O*NET "Related Occupations" table, indexed (see module docstring)."""

    codes: tuple[str, ...]
    related: list[tuple[int, int, str, int]]
    titles: dict[str, str]
    index: dict[str, int] = field(init=False)
    by_origin: dict[int, list[tuple[int, str, int]]] = field(init=False)

    def __post_init__(self) -> None:
        self.index = {c: i for i, c in enumerate(self.codes)}
        self.by_origin = {}
        for a, b, tier, rank in self.related:
            self.by_origin.setdefault(a, []).append((b, tier, rank))


@dataclass
class Pathways:
    """The pathway matrix ``(profiles, profiles)`` and what documents each entry.

    ``has_data[r]`` says whether origin ``r`` has a pathway source (an O*NET link or a pack
    route), ``has_target[r]`` whether any source names ``r`` as a destination; ``links``
    holds every profile's O*NET link confidences; ``pack_notes`` maps
    ``(origin row, target row)`` to the pack's wording.
    """

    matrix: sp.csr_matrix
    has_data: BoolArray
    has_target: BoolArray
    links: sp.csr_matrix
    relations: OnetRelations
    pack_notes: dict[tuple[int, int], str]


def links_matrix(rows: Sequence[Mapping[str, float]], codes: Sequence[str]) -> sp.csr_matrix:
    """CSR ``(len(rows), len(codes))`` of link confidences from ``{code: confidence}`` rows."""
    index = {c: i for i, c in enumerate(codes)}
    r, c, v = [], [], []
    for i, row in enumerate(rows):
        for code, conf in row.items():
            if code in index and conf > 0:
                r.append(i)
                c.append(index[code])
                v.append(conf)
    return sp.csr_matrix((v, (r, c)), shape=(len(rows), len(codes)), dtype=np.float64)


def _at_least(links: sp.csr_matrix, level: float) -> sp.csr_matrix:
    mask = links.copy().tocsr()
    mask.data = (mask.data >= level - 1e-9).astype(np.float64)
    mask.eliminate_zeros()
    return mask


def onet_matrix(
    left: sp.csr_matrix, right: sp.csr_matrix, relations: OnetRelations
) -> sp.csr_matrix:
    """``P[a, b]`` = best ``tier strength × min(conf of a, conf of b)`` over O*NET pairs.

    ``left``/``right`` are link matrices (origins, targets); computed with boolean sparse
    products per (tier, confidence level), then maxed.
    """
    n_codes = len(relations.codes)
    out = sp.csr_matrix((left.shape[0], right.shape[0]), dtype=np.float64)
    levels = sorted({round(float(x), 4) for x in np.r_[left.data, right.data]})
    for tier, strength in [*TIER_STRENGTH.items(), (SAME_TIER, SAME_OCCUPATION)]:
        if tier == SAME_TIER:
            rel = sp.identity(n_codes, format="csr", dtype=np.float64)
        else:
            pairs = [(a, b) for a, b, t, _rank in relations.related if t == tier]
            if not pairs:
                continue
            rel = sp.csr_matrix(
                (np.ones(len(pairs)), ([a for a, _ in pairs], [b for _, b in pairs])),
                shape=(n_codes, n_codes),
            )
        for level in levels:
            hit = (_at_least(left, level) @ rel @ _at_least(right, level).T).tocsr()
            hit.data = np.full(len(hit.data), strength * level)
            out = out.maximum(hit)
    return out.tocsr()


def pack_links(
    roles: Sequence[PmRole | FeederRole],
    esco: ProfileSet,
    esco_links: sp.csr_matrix,
    codes: Sequence[str],
    proxy_confidence: Mapping[str, float],
) -> sp.csr_matrix:
    """O*NET links of pack roles: the SOC proxy (PM roles) at its confidence, and each
    referenced ESCO occupation's links × its relation factor; the best per code."""
    rows: list[dict[str, float]] = []
    for role in roles:
        best: dict[str, float] = {}
        soc = getattr(role, "soc_proxy", None)
        if soc is not None:
            code = soc.code if "." in soc.code else f"{soc.code}.00"
            best[code] = proxy_confidence.get(role.id, 0.5)
        for ref in role.esco_occupations:
            row = esco.row.get(ref.uri)
            if row is None:
                continue
            lo, hi = esco_links.indptr[row], esco_links.indptr[row + 1]
            factor = RELATION_FACTOR[ref.relation]
            for col, conf in zip(esco_links.indices[lo:hi], esco_links.data[lo:hi], strict=True):
                code = codes[int(col)]
                best[code] = max(best.get(code, 0.0), float(conf) * factor)
        rows.append(best)
    return links_matrix(rows, codes)


def pack_routes(pack: Pack, profiles: ProfileSet) -> list[tuple[int, int, float, str]]:
    """``(origin row, target row, strength, note)`` for every move the pack documents."""
    row = profiles.row
    roles = {r.id: r for r in pack.all_roles()}
    out: list[tuple[int, int, float, str]] = []

    def add(from_id: str, target: PmRole | FeederRole, why: str) -> None:
        origin = roles.get(from_id)
        if origin is None or from_id not in row or target.id not in row or origin is target:
            return
        t = row[target.id]
        out.append((row[from_id], t, PACK_ROUTE, f"the pack documents {why}"))
        if isinstance(origin, FeederRole):
            for ref in origin.esco_occupations:
                if ref.uri in row:
                    out.append(
                        (
                            row[ref.uri],
                            t,
                            RELATION_FACTOR[ref.relation],
                            f"the pack documents {why}; {ref.label} is one of the ESCO "
                            f"occupations of {origin.title}",
                        )
                    )

    for role in pack.all_roles():
        if isinstance(role, PmRole):
            for route in role.entry_routes:
                for from_id in route.from_roles:
                    title = roles[from_id].title if from_id in roles else from_id
                    add(from_id, role, f"the entry route '{route.route}' from {title}")
            for from_id in role.ladder.previous:
                title = roles[from_id].title if from_id in roles else from_id
                add(from_id, role, f"{title} as a step before {role.title} on its ladder")
        else:
            for target_id in role.likely_targets:
                target = roles.get(target_id)
                if target is not None:
                    add(role.id, target, f"{target.title} as a likely next role for {role.title}")
    return out


def build(
    esco_matrix: sp.csr_matrix,
    links: sp.csr_matrix,
    relations: OnetRelations,
    routes: Iterable[tuple[int, int, float, str]],
) -> Pathways:
    """The :class:`Pathways` of all profiles.

    ``esco_matrix`` is :func:`onet_matrix` of the first (ESCO) rows, cached by the data
    build; ``links`` covers every profile (ESCO rows first, then pack roles); the pack rows
    and columns are computed here, and the pack ``routes`` raise entries they document.
    """
    n, n_esco = links.shape[0], esco_matrix.shape[0]
    esco_links, extra = links[:n_esco], links[n_esco:]
    top = sp.hstack([esco_matrix, onet_matrix(esco_links, extra, relations)])
    bottom = onet_matrix(extra, links, relations)
    matrix = sp.vstack([top, bottom]).tocsr()
    has = np.asarray(links.getnnz(axis=1) > 0)
    named = np.zeros(len(relations.codes), dtype=bool)
    named[[b for _a, b, _t, _k in relations.related]] = True
    # a target is "covered" when one of its codes is ever listed as related (or shared)
    target_codes = links.copy().tocsr()
    target_codes.data = np.ones_like(target_codes.data)
    has_target = np.asarray(target_codes @ named.astype(np.float64) > 0).ravel()
    notes: dict[tuple[int, int], str] = {}
    best: dict[tuple[int, int], float] = {}
    for a, b, strength, note in routes:
        if strength > best.get((a, b), 0.0):
            best[(a, b)] = strength
            notes[(a, b)] = note
        has[a] = True
        has_target[b] = True
    if best:
        pack = sp.csr_matrix(
            (list(best.values()), ([a for a, _ in best], [b for _, b in best])), shape=(n, n)
        )
        matrix = matrix.maximum(pack).tocsr()
    # a profile is not a move from itself
    matrix = (matrix - sp.diags(matrix.diagonal())).tocsr()
    matrix.eliminate_zeros()
    return Pathways(matrix, has, has_target, links.tocsr(), relations, notes)


def row_values(pathways: Pathways, rows: Sequence[int]) -> FloatArray | None:
    """Best pathway strength from any of ``rows`` to every profile; None without data."""
    usable = [r for r in rows if pathways.has_data[r]]
    if not usable:
        return None
    best = pathways.matrix[usable].toarray().max(axis=0)
    out: FloatArray = np.where(pathways.has_target, best, np.nan)
    return out


def column_values(pathways: Pathways, target: int) -> FloatArray:
    """Pathway strength of every profile → ``target`` (NaN for origins without data, or
    everywhere when no source names ``target`` as a destination)."""
    col = np.asarray(pathways.matrix[:, target].toarray()).ravel()
    out: FloatArray = np.where(pathways.has_data & pathways.has_target[target], col, np.nan)
    return out


def evidence(pathways: Pathways, origins: Sequence[int], target: int, limit: int = 3) -> list[str]:
    """Sentences naming what documents a move from ``origins`` to ``target``, strongest first."""
    found: list[tuple[float, str]] = []
    rel = pathways.relations
    links = pathways.links
    b_row = links[target]
    b_codes = dict(zip(b_row.indices.tolist(), b_row.data.tolist(), strict=True))
    for origin in origins:
        note = pathways.pack_notes.get((origin, target))
        if note:
            found.append((float(pathways.matrix[origin, target]) + 1.0, note[0].upper() + note[1:]))
        a_row = links[origin]
        for a, conf_a in zip(a_row.indices.tolist(), a_row.data.tolist(), strict=True):
            if a in b_codes:
                ca = rel.codes[a]
                found.append(
                    (
                        SAME_OCCUPATION * min(conf_a, b_codes[a]),
                        f"Both map to the same O*NET occupation, {rel.titles.get(ca, ca)} ({ca})",
                    )
                )
            for b, tier, rank in rel.by_origin.get(a, ()):
                if b not in b_codes:
                    continue
                strength = TIER_STRENGTH.get(tier, 0.0) * min(conf_a, b_codes[b])
                ca, cb = rel.codes[a], rel.codes[b]
                found.append(
                    (
                        strength,
                        f"O*NET lists {rel.titles.get(cb, cb)} ({cb}) among the occupations "
                        f"related to {rel.titles.get(ca, ca)} ({ca}): {tier} tier, #{rank}",
                    )
                )
    found.sort(key=lambda x: -x[0])
    return list(dict.fromkeys(text for _, text in found))[:limit]
