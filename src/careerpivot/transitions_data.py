"""Adapter: read the store and the skill-embedding cache into transition-scoring arrays.

Builds the :class:`~careerpivot.analysis.occupation_profiles.SkillSpace` and the ESCO part of
the :class:`~careerpivot.analysis.occupation_profiles.ProfileSet` once per store, calibrates
the soft-match and viability thresholds, and caches everything as
``$CAREERPIVOT_HOME/transitions/<fingerprint>.npz`` (the fingerprint hashes the imported
source files, the embedder and :data:`RECIPE`, so a re-import or a new recipe rebuilds it).
The pack roles are added on load (they ship with the package and cost nothing to build).

Skill vectors: the mean of a skill's preferred-label and "label: description" MiniLM
embeddings (``minilm.v1`` cache of :mod:`careerpivot.extract.skill_index`), re-normalised.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from careerpivot.analysis import occupation_profiles as op
from careerpivot.analysis import pathways as pw
from careerpivot.analysis import transitions as tr
from careerpivot.analysis.transition_models import Thresholds
from careerpivot.extract.embedders import DEFAULT_EMBEDDER
from careerpivot.extract.skill_index import fingerprint as embedding_fingerprint
from careerpivot.settings import Settings
from careerpivot.taxonomy.store import TaxonomyStore

#: Bump whenever the build changes (thresholds, vectors, group depth, holder weights …).
RECIPE = "transitions-data.v2"
#: Origins sampled for calibrating the viability thresholds, and background pairs per origin.
CALIBRATION_ORIGINS = 800
BACKGROUND_PER_ORIGIN = 25
SEED = 20240611
#: Depth of the skill-group activity profile: 2 = S1.1, T4.3, ISCED-F narrow fields … (156
#: groups in ESCO v1.1.1; depth 1 has 28 and separated "known viable" pairs less well).
GROUP_DEPTH = 2
#: Viable / highly viable thresholds of ``transitions.facets.v2`` calibrated on ESCO v1.1.1
#: (v1: 0.332 / 0.516); used only when a taxonomy has no ISCO unit group with two
#: occupations, e.g. a tiny test release.
FALLBACK_THRESHOLDS = (0.308, 0.476)
ProgressFn = Callable[[str], None]


@dataclass
class TransitionData:
    """The cached arrays: skill space, ESCO profiles, thresholds and build facts."""

    space: op.SkillSpace
    esco: op.ProfileSet
    thresholds: Thresholds
    onet_elements: tuple[str, ...]
    built_seconds: float
    relations: pw.OnetRelations
    esco_links: sp.csr_matrix
    esco_pathways: sp.csr_matrix


def data_fingerprint(store: TaxonomyStore, embedder: str = DEFAULT_EMBEDDER) -> str:
    """Hash of the imported sources, the embedder, :data:`RECIPE` and the facet weights."""
    digest = hashlib.sha256(f"{RECIPE}|{embedding_fingerprint(store, embedder)}|".encode())
    digest.update(json.dumps(tr.DEFAULT_WEIGHTS, sort_keys=True).encode())
    for src in store.sources():
        digest.update(f"{src.source}:{src.version}".encode())
        for f in src.files:
            digest.update(str(f.get("sha256", "")).encode())
    return digest.hexdigest()[:20]


# -- skills ----------------------------------------------------------------------------------
def skill_vectors(embeddings: Path) -> tuple[list[str], op.Vectors, op.FloatArray, op.FloatArray]:
    """Skill URIs, their vectors, and the similarity samples that calibrate soft matching.

    Returns ``(uris, vectors, random_sims, synonym_sims)``: ``random_sims`` are cosines of
    20,000 random skill pairs, ``synonym_sims`` cosines between a skill's preferred label and
    each of its alternative labels.
    """
    with np.load(embeddings) as data:
        uris = [str(u) for u in data["uris"]]
        owner = data["label_owner"].astype(np.int64)
        labels = data["label_vecs"].astype(np.float32)
        desc = data["desc_vecs"].astype(np.float32)
    first = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    pref = labels[first]
    pref_row = np.repeat(first, np.diff(np.r_[first, len(owner)]))
    alt = np.arange(len(owner)) != pref_row
    synonyms = (labels[alt] * labels[pref_row[alt]]).sum(axis=1).astype(np.float64)
    vecs = pref + desc
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    rng = np.random.default_rng(SEED)
    a = rng.integers(0, len(uris), 20000)
    b = rng.integers(0, len(uris), 20000)
    keep = a != b
    randoms = (vecs[a[keep]] * vecs[b[keep]]).sum(axis=1).astype(np.float64)
    return uris, vecs.astype(np.float32), randoms, synonyms


def _skill_groups(store: TaxonomyStore, uris: list[str]) -> tuple[sp.csr_matrix, tuple[str, ...]]:
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    for uri, code, label in store.conn.execute(
        "SELECT uri, code, preferred_label FROM esco_skill_groups"
    ):
        codes[uri] = code or uri.rsplit("/", 1)[-1]
        names[uri] = label
    broader = store.conn.execute("SELECT uri, broader_uri FROM esco_skill_broader").fetchall()
    return op.skill_group_matrix(uris, broader, codes, names, depth=GROUP_DEPTH)


# -- occupations -----------------------------------------------------------------------------
def _onet_matrix(store: TaxonomyStore) -> tuple[dict[str, op.FloatArray], tuple[str, ...]]:
    rows = store.conn.execute(
        "SELECT code, domain || ':' || element_name, value FROM onet_ratings WHERE scale='IM' "
        "ORDER BY 2"
    ).fetchall()
    elements = tuple(sorted({r[1] for r in rows}))
    col = {e: j for j, e in enumerate(elements)}
    out: dict[str, op.FloatArray] = {}
    for code, element, value in rows:
        out.setdefault(code, np.full(len(elements), np.nan))[col[element]] = value
    return {c: v for c, v in out.items() if not np.isnan(v).any()}, elements


def _zones(store: TaxonomyStore) -> dict[str, float]:
    return {c: float(z) for c, z in store.conn.execute("SELECT code, job_zone FROM onet_job_zones")}


def _wages(store: TaxonomyStore) -> dict[str, float]:
    q = "SELECT soc_code, a_median FROM wages WHERE a_median IS NOT NULL"
    return {c: float(w) for c, w in store.conn.execute(q)}


@dataclass(frozen=True)
class _OnetFacts:
    vectors: dict[str, op.FloatArray]
    zones: dict[str, float]
    wages: dict[str, float]
    dim: int

    def for_codes(self, codes: list[str]) -> tuple[op.FloatArray, float, float, str | None]:
        vecs = [self.vectors[c] for c in codes if c in self.vectors]
        vec = np.mean(vecs, axis=0) if vecs else np.full(self.dim, np.nan)
        zones = [self.zones[c] for c in codes if c in self.zones]
        socs = list(dict.fromkeys(c[:7] for c in codes if c[:7] in self.wages))
        wage = float(np.mean([self.wages[s] for s in socs])) if socs else np.nan
        zone = float(np.mean(zones)) if zones else np.nan
        return vec, zone, wage, ", ".join(socs) or None


def _esco_profiles(
    store: TaxonomyStore, position: dict[str, int], facts: _OnetFacts
) -> tuple[op.ProfileSet, list[dict[str, float]]]:
    """The ESCO profiles and, per row, ``{O*NET code: link confidence}``."""
    occs = store.conn.execute(
        "SELECT uri, preferred_label, code, isco_group FROM esco_occupations ORDER BY uri"
    ).fetchall()
    row = {r[0]: i for i, r in enumerate(occs)}
    ess: tuple[list[int], list[int]] = ([], [])
    opt: tuple[list[int], list[int]] = ([], [])
    for occ, skill, relation in store.conn.execute(
        "SELECT occupation_uri, skill_uri, relation FROM esco_occupation_skills"
    ):
        if occ in row and skill in position:
            target = ess if relation == "essential" else opt
            target[0].append(row[occ])
            target[1].append(position[skill])
    shape = (len(occs), len(position))
    broader = store.conn.execute("SELECT uri, broader_uri FROM esco_occupation_broader")
    family = op.family_roots([r[0] for r in occs], broader.fetchall())

    def matrix(pairs: tuple[list[int], list[int]]) -> sp.csr_matrix:
        m = sp.csr_matrix((np.ones(len(pairs[0])), pairs), shape=shape, dtype=np.float64)
        m.data[:] = 1.0  # a repeated relation counts once
        return m

    onet, confs, zones, wages, socs = [], [], [], [], []
    link_rows: list[dict[str, float]] = []
    for _uri, _label, code, _isco in occs:
        links = store.onet_links(code) if code else ()
        vec, zone, wage, soc = facts.for_codes([link.code for link in links])
        onet.append(vec)
        conf = op.ONET_VIA_CONFIDENCE.get(links[0].via, 0.5) if links else 0.0
        link_rows.append({link.code: op.ONET_VIA_CONFIDENCE.get(link.via, 0.5) for link in links})
        confs.append(0.0 if np.isnan(vec).any() else conf)
        zones.append(zone)
        wages.append(wage)
        socs.append(soc)
    profiles = op.ProfileSet(
        ids=[r[0] for r in occs],
        labels=[r[1] for r in occs],
        kinds=["esco"] * len(occs),
        codes=[r[2] for r in occs],
        isco=[r[3] for r in occs],
        essential=matrix(ess),
        optional=matrix(opt),
        onet=np.array(onet).reshape(len(occs), facts.dim),
        onet_conf=np.array(confs, dtype=np.float64),
        job_zone=np.array(zones, dtype=np.float64),
        wage=np.array(wages, dtype=np.float64),
        wage_soc=socs,
        family=family,
    )
    return profiles, link_rows


def onet_relations(store: TaxonomyStore) -> pw.OnetRelations:
    """The imported O*NET "Related Occupations" table (empty when O*NET is not imported)."""
    rows = store.conn.execute(
        "SELECT code, related_code, COALESCE(tier, ''), COALESCE(rank, 0) FROM onet_related "
        "ORDER BY code, rank"
    ).fetchall()
    titles = dict(store.conn.execute("SELECT code, title FROM onet_occupations").fetchall())
    codes = tuple(sorted({r[0] for r in rows} | {r[1] for r in rows} | set(titles)))
    index = {c: i for i, c in enumerate(codes)}
    related = [(index[a], index[b], str(t), int(k)) for a, b, t, k in rows]
    return pw.OnetRelations(codes, related, {str(k): str(v) for k, v in titles.items()})


def onet_facts(store: TaxonomyStore) -> _OnetFacts:
    """O*NET importance vectors (z-scored over all rated codes), job zones and wages."""
    raw, elements = _onet_matrix(store)
    codes = sorted(raw)
    if codes:
        z = op.zscore_rows(np.array([raw[c] for c in codes]))
        vectors = {c: z[i] for i, c in enumerate(codes)}
    else:
        vectors = {}
    return _OnetFacts(vectors, _zones(store), _wages(store), max(len(elements), 1))


def proxy_facts(facts: _OnetFacts, soc_code: str, uncertainty: str = "high") -> op.ProxyFacts:
    """What ``facts`` (:func:`onet_facts`) say about a pack role's SOC proxy code."""
    codes = [soc_code] if "." in soc_code else [f"{soc_code}.00"]
    vec, zone, wage, soc = facts.for_codes(codes)
    if np.isnan(wage) and soc_code[:7] in facts.wages:
        wage, soc = facts.wages[soc_code[:7]], soc_code[:7]
    conf = op.PROXY_CONFIDENCE.get(uncertainty, 0.5)
    return op.ProxyFacts(onet=vec, job_zone=zone, wage=wage, wage_soc=soc, confidence=conf)


# -- calibration -----------------------------------------------------------------------------
def calibrate(model: tr.TransitionModel, soft: tuple[float, float]) -> Thresholds:
    """Viability thresholds from ESCO pairs sharing an ISCO unit group (see module docs).

    A seeded sample of :data:`CALIBRATION_ORIGINS` origins from unit groups with at least two
    occupations; for each, the scores to every other occupation of its unit group (the
    reference) and to :data:`BACKGROUND_PER_ORIGIN` random occupations of other groups.
    """
    p = model.profiles
    esco_rows = [i for i, k in enumerate(p.kinds) if k == "esco"]
    groups: dict[str, list[int]] = {}
    for i in esco_rows:
        if p.isco[i]:
            groups.setdefault(str(p.isco[i]), []).append(i)
    eligible = sorted(i for g in groups.values() if len(g) > 1 for i in g)
    if not eligible:
        return fallback_thresholds(soft)
    rng = np.random.default_rng(SEED)
    picked = rng.choice(eligible, size=min(CALIBRATION_ORIGINS, len(eligible)), replace=False)
    reference: list[float] = []
    background: list[float] = []
    all_rows = np.array(esco_rows)
    for origin in sorted(int(i) for i in picked):
        scores = tr.combine(
            tr.forward_facets(model, tr.profile_holder(model, origin)), model.weights
        )
        same = groups[str(p.isco[origin])]
        reference.extend(float(scores[j]) for j in same if j != origin)
        others = all_rows[[p.isco[j] != p.isco[origin] for j in all_rows]]
        for j in rng.choice(others, size=min(BACKGROUND_PER_ORIGIN, len(others)), replace=False):
            background.append(float(scores[int(j)]))
    return tr.calibrate_thresholds(np.array(reference), np.array(background), soft)


def fallback_thresholds(soft: tuple[float, float]) -> Thresholds:
    """:data:`FALLBACK_THRESHOLDS` for a taxonomy with no ISCO unit group of two occupations."""
    viable, highly = FALLBACK_THRESHOLDS
    return Thresholds(
        viable=viable,
        highly_viable=highly,
        method="fallback: the values calibrated on ESCO v1.1.1 (no ISCO unit group here has "
        "two occupations to calibrate on)",
        reference_pairs=0,
        background_pairs=0,
        background_share_viable=0.0,
        background_share_highly_viable=0.0,
        soft_match_low=round(soft[0], 4),
        soft_match_high=round(soft[1], 4),
    )


# -- build / cache ---------------------------------------------------------------------------
def build(
    store: TaxonomyStore, embeddings: Path, progress: ProgressFn | None = None
) -> TransitionData:
    """Compute every array from the store and the embedding cache (≈ 10–20 s)."""
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    say("skill vectors")
    uris, vecs, randoms, synonyms = skill_vectors(embeddings)
    soft = op.soft_match_thresholds(randoms, synonyms)
    say("soft-match matrix")
    credit = op.soft_credit_matrix(vecs, *soft)
    groups, group_labels = _skill_groups(store, uris)
    label_of = dict(store.conn.execute("SELECT uri, preferred_label FROM esco_skills").fetchall())
    space = op.SkillSpace(
        tuple(uris), tuple(label_of.get(u, u) for u in uris), credit, groups, group_labels, vecs
    )
    say("occupation profiles")
    facts = onet_facts(store)
    esco, link_rows = _esco_profiles(store, space.position, facts)
    say("documented pathways")
    relations = onet_relations(store)
    links = pw.links_matrix(link_rows, relations.codes)
    esco_paths = pw.onet_matrix(links, links, relations)
    pathways = pw.build(esco_paths, links, relations, [])
    say("calibration")
    thresholds = calibrate(tr.build_model(space, esco, pathways=pathways), soft)
    elements = tuple(
        sorted(
            {
                r[0]
                for r in store.conn.execute(
                    "SELECT domain || ':' || element_name FROM onet_ratings WHERE scale='IM'"
                )
            }
        )
    )
    return TransitionData(
        space,
        esco,
        thresholds,
        elements,
        time.perf_counter() - t0,
        relations,
        links,
        esco_paths,
    )


def _csr_parts(prefix: str, m: sp.csr_matrix) -> dict[str, Any]:
    return {
        f"{prefix}_data": m.data,
        f"{prefix}_indices": m.indices,
        f"{prefix}_indptr": m.indptr,
        f"{prefix}_shape": np.array(m.shape),
    }


def _csr(data: Any, prefix: str) -> sp.csr_matrix:
    parts = (data[f"{prefix}_data"], data[f"{prefix}_indices"], data[f"{prefix}_indptr"])
    return sp.csr_matrix(parts, shape=tuple(int(x) for x in data[f"{prefix}_shape"]))


def save(data: TransitionData, target: Path) -> Path:
    """Write ``data`` to ``target`` atomically (a temporary file renamed over it)."""
    s, e = data.space, data.esco
    tier_names = sorted({r[2] for r in data.relations.related})
    meta = {
        "skill_labels": list(s.labels),
        "group_labels": list(s.group_labels),
        "ids": e.ids,
        "labels": e.labels,
        "codes": e.codes,
        "isco": e.isco,
        "wage_soc": e.wage_soc,
        "family": e.family,
        "thresholds": data.thresholds.model_dump(),
        "onet_elements": list(data.onet_elements),
        "built_seconds": data.built_seconds,
        "onet_codes": list(data.relations.codes),
        "onet_titles": data.relations.titles,
        "related_tiers": tier_names,
    }
    tiers = {t: i for i, t in enumerate(tier_names)}
    related = np.array(
        [(a, b, tiers[t], k) for a, b, t, k in data.relations.related], dtype=np.int64
    ).reshape(-1, 4)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp.npz")
    np.savez(
        tmp,
        uris=np.array(s.uris),
        vectors=s.vectors.astype(np.float16),
        meta=np.array(json.dumps(meta)),
        onet=e.onet,
        onet_conf=e.onet_conf,
        job_zone=e.job_zone,
        wage=e.wage,
        **_csr_parts("credit", s.credit),
        **_csr_parts("groups", s.groups),
        **_csr_parts("ess", e.essential),
        **_csr_parts("opt", e.optional),
        **_csr_parts("links", data.esco_links),
        **_csr_parts("paths", data.esco_pathways),
        related=related,
    )
    tmp.replace(target)
    return target


def load(path: Path) -> TransitionData:
    """Read a cache written by :func:`save`."""
    with np.load(path) as data:
        meta = json.loads(str(data["meta"]))
        space = op.SkillSpace(
            tuple(str(u) for u in data["uris"]),
            tuple(meta["skill_labels"]),
            _csr(data, "credit"),
            _csr(data, "groups"),
            tuple(meta["group_labels"]),
            data["vectors"].astype(np.float32),
        )
        esco = op.ProfileSet(
            ids=meta["ids"],
            labels=meta["labels"],
            kinds=["esco"] * len(meta["ids"]),
            codes=meta["codes"],
            isco=meta["isco"],
            essential=_csr(data, "ess"),
            optional=_csr(data, "opt"),
            onet=data["onet"],
            onet_conf=data["onet_conf"],
            job_zone=data["job_zone"],
            wage=data["wage"],
            wage_soc=meta["wage_soc"],
            family=meta["family"],
        )
        tiers = meta["related_tiers"]
        relations = pw.OnetRelations(
            tuple(meta["onet_codes"]),
            [(int(a), int(b), tiers[int(t)], int(k)) for a, b, t, k in data["related"].tolist()],
            meta["onet_titles"],
        )
        links, paths = _csr(data, "links"), _csr(data, "paths")
    return TransitionData(
        space,
        esco,
        Thresholds(**meta["thresholds"]),
        tuple(meta["onet_elements"]),
        float(meta["built_seconds"]),
        relations,
        links,
        paths,
    )


def cache_target(settings: Settings, embedder: str = DEFAULT_EMBEDDER) -> Path:
    """Where the arrays for the current store and ``embedder`` are cached."""
    with TaxonomyStore.open(settings.store_path) as store:
        name = data_fingerprint(store, embedder)
    return settings.home / "transitions" / embedder / f"{name}.npz"


def load_or_build(
    settings: Settings,
    embeddings: Path,
    progress: ProgressFn | None = None,
    *,
    embedder: str = DEFAULT_EMBEDDER,
) -> TransitionData:
    """The cached arrays for the current store and embedder, built and saved on first use."""
    target = cache_target(settings, embedder)
    if target.exists():
        return load(target)
    with TaxonomyStore.open(settings.store_path) as store:
        data = build(store, embeddings, progress)
    save(data, target)
    return data
