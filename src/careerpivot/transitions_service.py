"""Occupation-to-occupation transitions: the library functions behind ``careerpivot transitions``.

Composition root of the transition scorer: loads (and on first use builds and caches) the
arrays of :mod:`careerpivot.transitions_data`, adds the authored pack roles, resolves names
and hands everything to the pure scorer :mod:`careerpivot.analysis.transitions`.

Public functions::

    rank_transitions("customer_success", limit=20)            -> Ranking
    transition("customer_success", "pm")                       -> Transition (with evidence)
    score_skill_set_against("pm", {skill_uri: 0.8, ...})       -> Transition for a person
    score_person("pm", {skill_uri: 0.8}, implied_from=["customer_success"])
                                                               -> PersonTransitions

Names (``origin``/``target``) are a pack role id, an ESCO occupation URI or code, or a
title; unknown titles raise ``CP-OCC001`` and ties ``CP-OCC003``, both with suggestions.
The model is cached per process (keyed by store file and modification time), so after the
first call ranking every target for one origin takes milliseconds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from careerpivot.analysis import pathways as pw
from careerpivot.analysis import transitions as tr
from careerpivot.analysis.occupation_profiles import (
    PROXY_CONFIDENCE,
    FloatArray,
    ProxyFacts,
    feeder_competencies,
    with_pack_roles,
)
from careerpivot.analysis.transition_explain import build_transition, role_ref
from careerpivot.analysis.transition_models import Ranking, RoleRef, Thresholds, Transition
from careerpivot.errors import InputError, NotFoundError
from careerpivot.settings import Settings
from careerpivot.settings import load as load_settings

ProgressFn = Callable[[str], None]
EmbedProgressFn = Callable[[str, int, int], None]
#: How many two-step routes :func:`transition` proposes at most.
STEP_LIMIT = 3
#: How many targets' reverse scores a context keeps.
REVERSE_CACHE = 16
#: The embedder whose skill vectors drive soft matching (tests switch to ``hashing.v1``).
EMBEDDER = "minilm.v1"

__all__ = [
    "TransitionContext",
    "load_context",
    "rank_transitions",
    "resolve",
    "score_person",
    "score_skill_set_against",
    "thresholds",
    "transition",
]


@dataclass
class TransitionContext:
    """The loaded scorer: the model (ESCO occupations + pack roles) and its thresholds."""

    model: tr.TransitionModel
    thresholds: Thresholds
    _reverse: dict[int, FloatArray] = field(default_factory=dict, repr=False)

    def ref(self, row: int) -> RoleRef:
        """The :class:`RoleRef` of profile ``row``."""
        return role_ref(self.model, row)

    def reverse_scores(self, target: int) -> FloatArray:
        """Scores of every profile → ``target`` (cached: a report asks for the same target)."""
        if target not in self._reverse:
            if len(self._reverse) >= REVERSE_CACHE:
                self._reverse.pop(next(iter(self._reverse)))
            m = self.model
            self._reverse[target] = tr.combine(tr.reverse_facets(m, target), m.weights)
        return self._reverse[target]


@functools.lru_cache(maxsize=2)
def _context(store_path: str, mtime: float, home: str, embedder: str) -> TransitionContext:
    from careerpivot import transitions_data as td
    from careerpivot.extract.service import embed_taxonomy
    from careerpivot.packs.loader import load_pack
    from careerpivot.taxonomy.store import TaxonomyStore

    settings = Settings(Path(home), "", "", 10.0)
    embeddings = embed_taxonomy(settings, embedder=embedder)
    data = td.load_or_build(settings, embeddings, embedder=embedder)
    pack = load_pack()
    with TaxonomyStore.open(Path(store_path)) as store:
        facts = td.onet_facts(store)
    proxies: dict[str, ProxyFacts] = {
        r.id: td.proxy_facts(facts, r.soc_proxy.code, r.soc_proxy.uncertainty) for r in pack.roles
    }
    profiles = with_pack_roles(data.esco, pack, data.space.position, proxies)
    roles = pack.all_roles()
    proxy_conf = {r.id: PROXY_CONFIDENCE.get(r.soc_proxy.uncertainty, 0.5) for r in pack.roles}
    role_links = pw.pack_links(roles, data.esco, data.esco_links, data.relations.codes, proxy_conf)
    links = sp.vstack([data.esco_links, role_links]).tocsr()
    pathways = pw.build(data.esco_pathways, links, data.relations, pw.pack_routes(pack, profiles))
    # a feeder role that *is* an ESCO occupation (relation exact) lends it its competencies
    competencies = feeder_competencies(pack, data.esco, data.space.position)
    model = tr.build_model(data.space, profiles, pathways=pathways, holder_extra=competencies)
    return TransitionContext(model, data.thresholds)


def load_context(
    settings: Settings | None = None,
    *,
    progress: ProgressFn | None = None,
    embed_progress: EmbedProgressFn | None = None,
) -> TransitionContext:
    """The scorer for the imported taxonomy (built once and cached on disk and in memory).

    The first call on a new store computes the skill embeddings when they are missing
    (minutes; ``embed_progress`` reports) and the transition arrays (seconds; ``progress``
    names each stage).

    Raises:
        StoreMissingError: CP-STO001 when no taxonomy has been imported.
        ConfigError: CP-CFG003 when the skill embeddings must be computed but the embedding
            model package is not installed.
    """
    from careerpivot import transitions_data as td
    from careerpivot.extract.service import embed_taxonomy
    from careerpivot.taxonomy.store import TaxonomyStore

    settings = settings or load_settings()
    TaxonomyStore.open(settings.store_path).close()
    mtime = settings.store_path.stat().st_mtime
    key = (str(settings.store_path), mtime, str(settings.home), EMBEDDER)
    if key not in _LOADED:
        embeddings = embed_taxonomy(settings, embedder=EMBEDDER, progress=embed_progress)
        td.load_or_build(settings, embeddings, progress, embedder=EMBEDDER)
        _LOADED.add(key)
    return _context(*key)


_LOADED: set[tuple[str, float, str, str]] = set()


def resolve(ctx: TransitionContext, query: str, settings: Settings | None = None) -> int:
    """The profile row for a pack role id, ESCO URI, ESCO code or title.

    Raises:
        NotFoundError: CP-OCC002 for an empty query; for titles those of
            :func:`careerpivot.occupations.resolve` (CP-OCC001 when nothing matches well,
            CP-OCC003 when several occupations or roles match about equally), with
            suggestions.
    """
    from careerpivot import occupations

    p = ctx.model.profiles
    key = query.strip()
    if not key:
        raise NotFoundError(
            "CP-OCC002",
            "the occupation query is empty",
            "give a pack role id, an ESCO URI or code, or a job title",
        )
    if key in p.row:
        return p.row[key]
    by_code = {c: i for i, c in enumerate(p.codes) if c}
    if key in by_code:
        return by_code[key]
    hit = occupations.resolve(key, settings=settings, allowed=lambda h: h.id in p.row)
    return p.row[hit.id]


def thresholds(settings: Settings | None = None) -> Thresholds:
    """The calibrated viability thresholds (and how they were computed)."""
    return load_context(settings).thresholds


def _documented(ctx: TransitionContext, origins: Sequence[int], target: int) -> list[str]:
    """What documents a move from ``origins`` to ``target`` (empty without pathway data)."""
    paths = ctx.model.pathways
    return [] if paths is None or not origins else pw.evidence(paths, origins, target)


def _facet_row(facets: Mapping[str, FloatArray], row: int) -> dict[str, float]:
    return {name: float(values[row]) for name, values in facets.items()}


def rank_transitions(
    origin: str,
    *,
    limit: int = 20,
    distinct: bool = True,
    kinds: tuple[str, ...] = ("esco", "pack"),
    settings: Settings | None = None,
) -> Ranking:
    """The ``limit`` best targets for ``origin`` among ESCO occupations and pack roles.

    Args:
        origin: pack role id, ESCO URI or code, or title.
        limit: how many targets to return.
        distinct: one row per occupation family (see :class:`Ranking`).
        kinds: which targets take part: ``esco``, ``pack`` or both.
        settings: defaults to the environment.

    Returns:
        A :class:`Ranking` whose transitions carry facets and separate signals but no
        skill-level evidence (ask :func:`transition` for one pair in detail).
    """
    ctx = load_context(settings)
    m = ctx.model
    row = resolve(ctx, origin, settings)
    facets = tr.forward_facets(m, tr.profile_holder(m, row))
    scores = tr.combine(facets, m.weights)
    allowed = np.isin(np.array(m.profiles.kinds), list(kinds))
    own = tr.own_family(m.profiles.family, [row])
    rows = tr.ranked_rows(
        scores, m.profiles.family, exclude=own, allowed=allowed, distinct=distinct, limit=limit
    )
    out = []
    for rank, (target, variants) in enumerate(rows, start=1):
        t = build_transition(
            m,
            ctx.thresholds,
            ctx.ref(row),
            row,
            target,
            _facet_row(facets, target),
            rank=rank,
            documented=_documented(ctx, [row], target),
        )
        out.append(t.model_copy(update={"variants": [ctx.ref(v) for v in variants[:10]]}))
    return Ranking(
        origin=ctx.ref(row),
        scorer=tr.SCORER,
        thresholds=ctx.thresholds,
        candidates=int(allowed.sum()) - int(allowed[own].sum()),
        distinct=distinct,
        transitions=out,
        own_family=[ctx.ref(r) for r in own if r != row],
    )


def _steps(
    ctx: TransitionContext,
    first: FloatArray,
    target: int,
    direct: float,
    exclude: list[int],
) -> list[tuple[int, float, float, float]]:
    """Two-step routes for a move that is not already highly viable."""
    if direct >= ctx.thresholds.highly_viable:
        return []
    m = ctx.model
    second = ctx.reverse_scores(target)
    skip = tr.own_family(m.profiles.family, exclude)
    return tr.best_steps(first, second, direct, skip, limit=STEP_LIMIT)


def transition(origin: str, target: str, *, settings: Settings | None = None) -> Transition:
    """One move in detail: facets, matched skill pairs, missing essentials, job-zone gap,
    wage ratio, ranks in both directions and two-step routes when the direct move is weak.

    ``rank`` is the target's rank among the origin's distinct targets; ``reverse_score`` is
    the score of the opposite move (the scores are directional).

    Raises:
        NotFoundError: CP-OCC001/2/3 when either name does not resolve.
        InputError: CP-TRN003 when both name the same occupation or role.
    """
    ctx = load_context(settings)
    m = ctx.model
    o = resolve(ctx, origin, settings)
    t = resolve(ctx, target, settings)
    if o == t:
        label = m.profiles.labels[o]
        raise InputError(
            "CP-TRN003",
            f"the origin and the target are the same ({label}): that is no move",
            f"`careerpivot transitions '{label}'` lists the closest moves from it",
        )
    holder = tr.profile_holder(m, o)
    have, source = tr.have_vector(m, holder)
    facets = tr.forward_facets(m, holder)
    scores = tr.combine(facets, m.weights)
    back = tr.combine(tr.forward_facets(m, tr.profile_holder(m, t)), m.weights)
    own = tr.own_family(m.profiles.family, [o])
    rank = tr.rank_of(scores, t, m.profiles.family, own, distinct=True)
    steps = _steps(ctx, scores, t, float(scores[t]), [o, t])
    return build_transition(
        m,
        ctx.thresholds,
        ctx.ref(o),
        o,
        t,
        _facet_row(facets, t),
        have=have,
        source=source,
        steps=steps,
        rank=rank,
        reverse_score=float(back[o]),
        documented=_documented(ctx, [o], t),
    )


def score_skill_set_against(
    target: str, skills: Mapping[str, float], *, settings: Settings | None = None
) -> Transition:
    """Score a person's skills (``{ESCO skill URI: weight 0..1}``) against ``target``.

    Uses the same facets as occupation moves except O*NET (a person has no O*NET ratings;
    its weight is spread over the others). Skills not in ESCO are ignored; weights are
    clipped to [0, 1]. Two-step routes are proposed as for occupations.

    Raises:
        InputError: CP-TRN001 when no known ESCO skill with a positive weight remains.
    """
    ctx = load_context(settings)
    return _skill_set_transition(ctx, skills, resolve(ctx, target, settings), [])


def _person_holder(
    ctx: TransitionContext, skills: Mapping[str, float], rows: Sequence[int]
) -> tr.Holder:
    """The holder of a skill set; the documented moves are those of the occupations ``rows``."""
    m = ctx.model
    return replace(
        tr.skill_set_holder(m, skills), pathway=tr.pathway_from(m, rows) if rows else None
    )


def _skill_set_transition(
    ctx: TransitionContext,
    skills: Mapping[str, float],
    t: int,
    own: Sequence[int],
    rows: Sequence[int] = (),
) -> Transition:
    """A skill set → profile ``t``; ``own`` rows are never proposed as stepping stones.

    ``rows`` are the occupations the person held (their documented moves count).
    """
    m = ctx.model
    holder = _person_holder(ctx, skills, rows)
    if not len(holder.columns):
        raise InputError(
            "CP-TRN001",
            "the skill set holds no known ESCO skill with a weight above 0",
            "pass ESCO skill URIs (http://data.europa.eu/esco/skill/…) with weights 0..1",
        )
    have, source = tr.have_vector(m, holder)
    facets = tr.forward_facets(m, holder)
    scores = tr.combine(facets, m.weights)
    rank = tr.rank_of(scores, t, m.profiles.family, None, distinct=True)
    steps = _steps(ctx, scores, t, float(scores[t]), [t, *own])
    person = RoleRef(id="person", label="your skills", kind="person")
    return build_transition(
        m,
        ctx.thresholds,
        person,
        None,
        t,
        _facet_row(facets, t),
        have=have,
        source=source,
        steps=steps,
        rank=rank,
        documented=_documented(ctx, rows, t),
    )


#: What a person's past occupations imply counts at this fraction of their own evidence.
IMPLIED_FACTOR = 0.5


@dataclass(frozen=True)
class PersonTransitions:
    """A person scored against a target and ranked against every role.

    ``direct`` is the person → target move (matched pairs, missing essentials, steps);
    ``ranked`` the person's best distinct targets other than the occupations they hold;
    ``implied`` the skill URIs that came
    only from the occupations in ``implied_from`` (at :data:`IMPLIED_FACTOR`), not from
    the CV itself.
    """

    direct: Transition
    ranked: Ranking
    implied: frozenset[str]
    implied_from: tuple[RoleRef, ...]


def score_person(
    target: str,
    skills: Mapping[str, float],
    *,
    implied_from: Sequence[str] = (),
    factor: float = IMPLIED_FACTOR,
    limit: int = 10,
    settings: Settings | None = None,
) -> PersonTransitions:
    """Score a person (their evidenced skills plus their occupations' skills, down-weighted).

    Args:
        target: pack role id, ESCO URI or code, or title.
        skills: ``{ESCO skill URI: weight 0..1}`` from the CV (see
            :func:`careerpivot.analysis.person_skills.person_skill_weights`).
        implied_from: occupations the person held (pack role ids, ESCO URIs/codes/titles);
            names that do not resolve are skipped.
        factor: the weight of implied skills relative to an occupation's own.
        limit: how many ranked targets to return.
        settings: defaults to the environment.

    Raises:
        NotFoundError: CP-OCC001/2/3 when ``target`` does not resolve.
        InputError: CP-TRN001 when neither the CV nor the occupations give any known skill.
    """
    ctx = load_context(settings)
    m = ctx.model
    rows = []
    for name in implied_from:
        try:
            rows.append(resolve(ctx, name, settings))
        except NotFoundError:
            continue
    t = resolve(ctx, target, settings)
    merged, implied = tr.with_implied_skills(m, skills, rows, factor)
    # the person's own occupations (and their families) are where they are, not a move
    own = [i for i in tr.own_family(m.profiles.family, rows) if i != t]
    direct = _skill_set_transition(ctx, merged, t, own, rows)
    holder = _person_holder(ctx, merged, rows)
    facets = tr.forward_facets(m, holder)
    scores = tr.combine(facets, m.weights)
    person = direct.origin
    ranked = [
        build_transition(
            m,
            ctx.thresholds,
            person,
            None,
            row,
            _facet_row(facets, row),
            rank=i,
            documented=_documented(ctx, rows, row),
        )
        for i, (row, _variants) in enumerate(
            tr.ranked_rows(scores, m.profiles.family, exclude=own, distinct=True, limit=limit),
            start=1,
        )
    ]
    return PersonTransitions(
        direct=direct,
        ranked=Ranking(
            origin=person,
            scorer=tr.SCORER,
            thresholds=ctx.thresholds,
            candidates=len(m.profiles),
            distinct=True,
            transitions=ranked,
        ),
        implied=frozenset(implied),
        implied_from=tuple(ctx.ref(r) for r in rows),
    )
