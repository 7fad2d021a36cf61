"""Occupations and pack roles as skill profiles: the arrays transition scoring works on.

Pure: every function takes arrays or models and returns arrays; the adapter
:mod:`careerpivot.transitions_data` reads the store and the embedding cache and calls these.

Data contract
-------------
:class:`SkillSpace` (one row/column per ESCO skill, in ``uris`` order):

- ``credit[o, s]`` — soft credit in [0, 1] that *having* skill ``o`` gives for skill ``s``
  (1 on the diagonal; ``credit_curve`` of the cosine of the two skills' embeddings, zero
  below the lower threshold, so the matrix is sparse);
- ``groups[s, g]`` — share of skill ``s`` in skill group ``g`` (rows sum to 1, or 0 for a
  skill that reaches no group through ESCO's broader relations);
- ``vectors[s]`` — the unit-length embedding the similarities come from.

:class:`ProfileSet` (one row per ESCO occupation, then one per pack role):

- ``essential[p, s]`` / ``optional[p, s]`` — weight of skill ``s`` among what profile ``p``
  requires (ESCO: 1.0 per essential / optional relation; pack roles: see
  :func:`pack_role_weights`);
- ``onet[p]`` — z-scored O*NET skill+knowledge importance vector (NaN row: no O*NET data)
  and ``onet_conf[p]`` how directly it describes ``p`` (:data:`ONET_VIA_CONFIDENCE`);
- ``job_zone[p]``, ``wage[p]`` — O*NET job zone and OEWS median annual wage (NaN: unknown);
- ``family[p]`` — the top-most ESCO occupation above ``p`` in ESCO's occupation hierarchy
  (``wholesale merchant`` for ``wholesale merchant in beverages``); for pack roles the id of
  the first role built on the same ESCO occupations (``apm``, ``pm`` and ``senior_pm`` are
  seniority steps of one job and share the family ``apm``): near-identical variants share a
  family.

Worked example: ESCO ``product manager`` has ~20 essential skills, each weight 1.0 in its
``essential`` row. The pack role ``pm`` has the skills of ``product manager`` and ``ICT
product manager`` at 0.5 (relation ``closest-available``) plus the ESCO skills of its
competencies at :func:`level_weight` of the expected level (1.0 from level 2, "working", up),
the larger weight winning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from careerpivot.packs.schema import FeederRole, Pack, PmRole

FloatArray = npt.NDArray[np.float64]
Vectors = npt.NDArray[np.float32]

#: How much an ESCO occupation a pack role references counts towards the role's profile.
RELATION_FACTOR: dict[str, float] = {"exact": 1.0, "broader": 0.75, "closest-available": 0.5}
#: Confidence in an O*NET vector by how the crosswalk reached it (``OnetLink.via``).
ONET_VIA_CONFIDENCE: dict[str, float] = {
    "crosswalk": 1.0,
    "crosswalk (parent occupation)": 0.75,
    "crosswalk (ISCO group)": 0.5,
}
#: Confidence in a pack role's SOC proxy by its authored ``uncertainty``.
PROXY_CONFIDENCE: dict[str, float] = {"low": 1.0, "medium": 0.75, "high": 0.5}
#: Soft-match thresholds measured on ESCO v1.1.1 with ``minilm.v1`` (used when a taxonomy is
#: too small to calibrate its own).
FALLBACK_SOFT = (0.395, 0.871)
#: Weight of an optional skill in what a holder of the occupation is assumed to have.
OPTIONAL_HOLDER_WEIGHT = 0.5
#: The pack's "working" level (does it independently): at this level or above, a competency's
#: ESCO skills count in full, as an ESCO essential relation does; below it, pro rata.
WORKING_LEVEL = 2


@dataclass
class SkillSpace:
    """ESCO skills with their soft-credit matrix and group shares (see module docstring)."""

    uris: tuple[str, ...]
    labels: tuple[str, ...]
    credit: sp.csr_matrix
    groups: sp.csr_matrix
    group_labels: tuple[str, ...]
    vectors: Vectors
    position: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.position = {uri: i for i, uri in enumerate(self.uris)}


@dataclass
class ProfileSet:
    """Requirement profiles of ESCO occupations and pack roles (see module docstring).

    ``ids`` are ESCO occupation URIs (``kind == "esco"``) or pack role ids (``"pack"``).
    """

    ids: list[str]
    labels: list[str]
    kinds: list[str]
    codes: list[str | None]
    isco: list[str | None]
    essential: sp.csr_matrix
    optional: sp.csr_matrix
    onet: FloatArray
    onet_conf: FloatArray
    job_zone: FloatArray
    wage: FloatArray
    wage_soc: list[str | None]
    family: list[str]
    row: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.row = {pid: i for i, pid in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    def holder(self) -> sp.csr_matrix:
        """What a holder of each profile is assumed to have: essential, or optional × 0.5."""
        out: sp.csr_matrix = self.essential.maximum(self.optional * OPTIONAL_HOLDER_WEIGHT)
        return out.tocsr()


def credit_curve(sims: FloatArray | Vectors, low: float, high: float) -> FloatArray:
    """Soft credit of a cosine similarity: 0 at or below ``low``, 1 at ``high``, linear between.

    >>> credit_curve(np.array([0.3, 0.7, 0.95]), 0.5, 0.9).round(2).tolist()
    [0.0, 0.5, 1.0]
    """
    out: FloatArray = np.clip((np.asarray(sims, dtype=np.float64) - low) / (high - low), 0, 1)
    return out


def soft_credit_matrix(
    vectors: Vectors, low: float, high: float, *, block: int = 1024
) -> sp.csr_matrix:
    """The sparse skill × skill credit matrix of unit-length skill ``vectors``.

    Computed ``block`` rows at a time (the dense similarity matrix never exists whole);
    entries with zero credit are dropped; the diagonal is exactly 1.
    """
    n = len(vectors)
    parts: list[sp.csr_matrix] = []
    for start in range(0, n, block):
        sims = vectors[start : start + block] @ vectors.T
        sims[sims <= low] = 0.0
        rows, cols = np.nonzero(sims)
        vals = credit_curve(sims[rows, cols], low, high).astype(np.float32)
        keep = vals > 0
        parts.append(
            sp.csr_matrix(
                (vals[keep], (rows[keep], cols[keep])), shape=(len(sims), n), dtype=np.float32
            )
        )
    out = sp.vstack(parts).tocsr()
    out.setdiag(1.0)
    out.eliminate_zeros()
    return out


def soft_match_thresholds(
    random_sims: FloatArray, synonym_sims: FloatArray, *, null_quantile: float = 0.99
) -> tuple[float, float]:
    """Calibrate ``(low, high)`` of :func:`credit_curve` from the data.

    ``low`` is the ``null_quantile`` of similarities between random skill pairs (so fewer
    than 1 in 100 unrelated pairs earns any credit); ``high`` is the median similarity
    between two names of the same ESCO skill (preferred vs alternative label), the level at
    which two skills read as near-synonyms and earn full credit. Either falls back to
    :data:`FALLBACK_SOFT` (the values measured on ESCO v1.1.1 with MiniLM) when its sample
    is empty.
    """
    low = float(np.quantile(random_sims, null_quantile)) if len(random_sims) else FALLBACK_SOFT[0]
    high = float(np.median(synonym_sims)) if len(synonym_sims) else FALLBACK_SOFT[1]
    return low, max(high, low + 0.05)


def group_depth(code: str) -> int:
    """Depth of a skill-group code: ``S1`` → 1, ``S1.2`` → 2; ISCED-F ``04`` → 1, ``041`` → 2.

    Pillar roots (``S``, ``K``, ``T``, ``L``) are depth 0.
    """
    if code.isdigit():
        return len(code) - 1
    return 0 if len(code) == 1 else code.count(".") + 1


def skill_group_matrix(
    skill_uris: Sequence[str],
    broader: Iterable[tuple[str, str]],
    group_codes: Mapping[str, str],
    group_labels: Mapping[str, str],
    *,
    depth: int = 1,
) -> tuple[sp.csr_matrix, tuple[str, ...]]:
    """Share of each skill in the skill groups of ``depth`` (see :func:`group_depth`).

    Args:
        skill_uris: the skills (rows of the result).
        broader: ``(concept, broader concept)`` pairs of ESCO's skill hierarchy; concepts are
            skills or groups.
        group_codes: group URI → code (``S1``, ``T4.3``, ISCED-F ``04`` …).
        group_labels: group URI → preferred label.
        depth: which level of the hierarchy to profile over (1 = S1…S8, T1…T6, L1, L2 and the
            ISCED-F broad fields of knowledge).

    Returns:
        A ``(skills, groups)`` matrix whose rows sum to 1 (a skill reaching several groups
        is split evenly; one reaching none is an empty row) and the groups' display labels
        (``"S1 communication, collaboration and creativity"``).
    """
    parents: dict[str, list[str]] = {}
    for child, parent in broader:
        parents.setdefault(child, []).append(parent)
    targets = {uri for uri, code in group_codes.items() if group_depth(code) == depth}
    ordered = sorted(targets, key=lambda u: (group_codes[u][0].isdigit(), group_codes[u]))
    col = {uri: j for j, uri in enumerate(ordered)}
    memo: dict[str, frozenset[str]] = {}

    def reach(uri: str, seen: frozenset[str]) -> frozenset[str]:
        if uri in memo:
            return memo[uri]
        if uri in targets:
            return frozenset({uri})
        found: set[str] = set()
        for parent in parents.get(uri, ()):
            if parent not in seen:
                found |= reach(parent, seen | {uri})
        memo[uri] = frozenset(found)
        return memo[uri]

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, uri in enumerate(skill_uris):
        hits = reach(uri, frozenset())
        for g in hits:
            rows.append(i)
            cols.append(col[g])
            vals.append(1.0 / len(hits))
    matrix = sp.csr_matrix((vals, (rows, cols)), shape=(len(skill_uris), len(ordered)))
    labels = tuple(f"{group_codes[u]} {group_labels.get(u, '')}".strip() for u in ordered)
    return matrix, labels


def family_roots(ids: Sequence[str], broader: Iterable[tuple[str, str]]) -> list[str]:
    """The top-most ancestor of each id through ``(concept, broader concept)`` pairs.

    Only pairs whose both ends are in ``ids`` count (ISCO groups above an occupation are
    not family); with several parents the alphabetically first is followed; cycles stop.
    """
    known = set(ids)
    parent: dict[str, str] = {}
    for child, up in sorted((str(a), str(b)) for a, b in broader):
        if child in known and up in known and child != up:
            parent.setdefault(child, up)
    out = []
    for uri in ids:
        seen = {uri}
        while uri in parent and parent[uri] not in seen:
            uri = parent[uri]
            seen.add(uri)
        out.append(uri)
    return out


def zscore_rows(matrix: FloatArray) -> FloatArray:
    """Standardise each column over the rows that have data (NaN rows stay NaN)."""
    have = ~np.isnan(matrix).any(axis=1)
    out = np.full_like(matrix, np.nan)
    if have.any():
        part = matrix[have]
        std = part.std(axis=0)
        std[std == 0] = 1.0
        out[have] = (part - part.mean(axis=0)) / std
    return out


def role_levels(role: PmRole | FeederRole) -> dict[str, int]:
    """Competency levels of a role: ``expected_levels`` (PM roles) or ``builds`` (feeders)."""
    if isinstance(role, PmRole):
        return dict(role.expected_levels)
    return {cid: b.level for cid, b in role.builds.items()}


def level_weight(level: int) -> float:
    """Weight of a competency level: ``min(1, level / WORKING_LEVEL)`` (1 → 0.5, 2–4 → 1)."""
    return min(1.0, level / WORKING_LEVEL)


def pack_role_weights(
    role: PmRole | FeederRole,
    pack: Pack,
    esco: ProfileSet,
    skill_position: Mapping[str, int],
) -> tuple[dict[int, float], dict[int, float]]:
    """Essential and optional skill weights of a pack role (skill column → weight).

    - each ESCO occupation the role references contributes its essential skills (to
      ``essential``) and optional skills (to ``optional``) at :data:`RELATION_FACTOR` of its
      relation (exact 1.0, broader 0.75, closest-available 0.5);
    - each competency the role expects (PM roles: ``expected_levels``) or builds (feeders:
      ``builds``) at level ``L ≥ 1`` contributes its ESCO skills to ``essential`` at
      :func:`level_weight` (level 2, "working", and above count in full: the level gap
      itself is the business of :mod:`careerpivot.analysis.gaps`, not of skill coverage);
    - a skill reached several ways keeps its largest weight.
    """
    essential: dict[int, float] = {}
    optional: dict[int, float] = {}

    def put(target: dict[int, float], col: int, weight: float) -> None:
        target[col] = max(target.get(col, 0.0), weight)

    for ref in role.esco_occupations:
        row = esco.row.get(ref.uri)
        if row is None:
            continue
        factor = RELATION_FACTOR[ref.relation]
        for matrix, target in ((esco.essential, essential), (esco.optional, optional)):
            lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
            for col, w in zip(matrix.indices[lo:hi], matrix.data[lo:hi], strict=True):
                put(target, int(col), float(w) * factor)
    for col, weight in competency_weights(role, pack, skill_position).items():
        put(essential, col, weight)
    for col in essential:
        optional.pop(col, None)
    return essential, optional


def competency_weights(
    role: PmRole | FeederRole, pack: Pack, skill_position: Mapping[str, int]
) -> dict[int, float]:
    """ESCO skill columns of the competencies a role expects or builds, at
    :func:`level_weight` of the level (a skill reached twice keeps its largest weight)."""
    out: dict[int, float] = {}
    for cid, level in role_levels(role).items():
        if level < 1:
            continue
        for ref_skill in pack.competency(cid).esco_skills:
            col = skill_position.get(ref_skill.uri)
            if col is not None:
                out[col] = max(out.get(col, 0.0), level_weight(level))
    return out


def feeder_competencies(
    pack: Pack, esco: ProfileSet, skill_position: Mapping[str, int]
) -> tuple[sp.csr_matrix, dict[int, str]]:
    """What holding an ESCO occupation adds when a feeder role *is* that occupation.

    A feeder role that references an ESCO occupation with relation ``exact`` describes the
    same job; the competencies it builds (:func:`competency_weights`) are then part of what a
    holder of the occupation has. Returns a ``(len(esco), n_skills)`` matrix of those weights
    (zero rows elsewhere) and ``{ESCO row: feeder role id}``.
    """
    rows: list[dict[int, float]] = [{} for _ in range(len(esco))]
    source: dict[int, str] = {}
    for role in pack.feeders:
        weights = competency_weights(role, pack, skill_position)
        for ref in role.esco_occupations:
            row = esco.row.get(ref.uri)
            if row is None or ref.relation != "exact" or not weights:
                continue
            source.setdefault(row, role.id)
            for col, w in weights.items():
                rows[row][col] = max(rows[row].get(col, 0.0), w)
    return weights_matrix(rows, esco.essential.shape[1]), source


def weights_matrix(rows: Sequence[Mapping[int, float]], n_skills: int) -> sp.csr_matrix:
    """A ``(len(rows), n_skills)`` CSR matrix from per-row ``{column: weight}`` maps."""
    r = [i for i, m in enumerate(rows) for _ in m]
    c = [col for m in rows for col in m]
    v = [w for m in rows for w in m.values()]
    return sp.csr_matrix((v, (r, c)), shape=(len(rows), n_skills), dtype=np.float64)


def nanmean_rows(values: FloatArray, weights: Sequence[float]) -> FloatArray:
    """Weighted mean of ``values`` rows ignoring NaN rows (all NaN → a NaN row)."""
    w = np.asarray(weights, dtype=np.float64)
    ok = ~np.isnan(values).any(axis=1) & (w > 0)
    if not ok.any():
        return np.full(values.shape[1], np.nan)
    out: FloatArray = (values[ok] * w[ok, None]).sum(axis=0) / w[ok].sum()
    return out


@dataclass(frozen=True)
class ProxyFacts:
    """What the store says about a pack role's SOC proxy (NaN/None when unknown)."""

    onet: FloatArray
    job_zone: float
    wage: float
    wage_soc: str | None
    confidence: float = 0.5


def with_pack_roles(
    esco: ProfileSet,
    pack: Pack,
    skill_position: Mapping[str, int],
    proxies: Mapping[str, ProxyFacts],
) -> ProfileSet:
    """``esco`` with one row appended per pack role (PM roles, then feeders).

    A role's O*NET vector and job zone are the relation-weighted mean over its referenced
    ESCO occupations (its SOC proxy's own figures when the proxy has them); its wage is the
    proxy's OEWS median when known, otherwise the referenced occupations' mean. The O*NET
    confidence is the proxy's (:data:`PROXY_CONFIDENCE`) or else the best
    ``relation factor × confidence`` among the referenced occupations with O*NET data.
    ``proxies`` maps role id → :class:`ProxyFacts` of its SOC proxy.
    """
    roles = pack.all_roles()
    ess_rows: list[dict[int, float]] = []
    opt_rows: list[dict[int, float]] = []
    onet, confs, zones, wages, socs = [], [], [], [], []
    for role in roles:
        ess, opt = pack_role_weights(role, pack, esco, skill_position)
        ess_rows.append(ess)
        opt_rows.append(opt)
        refs = [
            (esco.row[r.uri], RELATION_FACTOR[r.relation])
            for r in role.esco_occupations
            if r.uri in esco.row
        ]
        idx = [i for i, _ in refs]
        w = [f for _, f in refs]
        proxy = proxies.get(role.id)
        vec = nanmean_rows(esco.onet[idx], w) if idx else np.full(esco.onet.shape[1], np.nan)
        conf = max((esco.onet_conf[i] * f for i, f in refs), default=0.0)
        if proxy is not None and not np.isnan(proxy.onet).any():
            vec, conf = proxy.onet, proxy.confidence
        onet.append(vec)
        confs.append(conf if not np.isnan(vec).any() else 0.0)
        zone = nanmean_rows(esco.job_zone[idx, None], w)[0] if idx else np.nan
        if proxy is not None and not np.isnan(proxy.job_zone):
            zone = proxy.job_zone
        zones.append(zone)
        wage = nanmean_rows(esco.wage[idx, None], w)[0] if idx else np.nan
        joined = ", ".join(dict.fromkeys(str(esco.wage_soc[i]) for i in idx if esco.wage_soc[i]))
        soc: str | None = joined or None
        if proxy is not None and not np.isnan(proxy.wage):
            wage, soc = proxy.wage, proxy.wage_soc
        wages.append(wage)
        socs.append(soc)
    n_skills = esco.essential.shape[1]
    return ProfileSet(
        ids=[*esco.ids, *(r.id for r in roles)],
        labels=[*esco.labels, *(r.title for r in roles)],
        kinds=[*esco.kinds, *("pack" for _ in roles)],
        codes=[*esco.codes, *(None for _ in roles)],
        isco=[*esco.isco, *(None for _ in roles)],
        essential=sp.vstack([esco.essential, weights_matrix(ess_rows, n_skills)]).tocsr(),
        optional=sp.vstack([esco.optional, weights_matrix(opt_rows, n_skills)]).tocsr(),
        onet=np.vstack([esco.onet, np.array(onet).reshape(len(roles), -1)]),
        onet_conf=np.r_[esco.onet_conf, confs],
        job_zone=np.r_[esco.job_zone, zones],
        wage=np.r_[esco.wage, wages],
        wage_soc=[*esco.wage_soc, *socs],
        family=[*esco.family, *pack_families(roles)],
    )


def pack_families(roles: Sequence[PmRole | FeederRole]) -> list[str]:
    """The family of each pack role: the first role (in pack order) with the same set of
    referenced ESCO occupations, so seniority steps of one job count as one family."""
    first: dict[frozenset[str], str] = {}
    out = []
    for role in roles:
        key = frozenset(r.uri for r in role.esco_occupations)
        out.append(first.setdefault(key, role.id) if key else role.id)
    return out
