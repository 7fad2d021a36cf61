"""Adapter for the opportunity cost: look up wages in the store and the pack, then compare.

:func:`build_opportunity_inputs` turns two names into :class:`~careerpivot.analysis.
opportunity.OpportunityInputs`; the pure model in :mod:`careerpivot.analysis.opportunity` does
the rest. How each side's wages are found:

- **pack PM role** (``pm``, ``Product manager``, an alias): its ``soc_proxy`` code and the
  stated uncertainty; its peak is the p90 of the last role on its ``ladder.next`` chain
  (pm → senior_pm → head_of_product).
- **pack feeder role** (``customer_success``, ``Customer success manager``) or **ESCO
  occupation** (URI, ESCO code or a title matching well): every SOC code the official
  crosswalk maps its ESCO occupation(s) to. The SOC with the closest pack relation (exact,
  then broader, then closest-available) and then the highest U.S. employment is chosen; the
  others are listed as alternatives. Uncertainty: ``low`` for an exact occupation with one SOC
  code, ``medium`` for an exact one with several, ``high`` otherwise. Its peak is its own p90.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from careerpivot.analysis.opportunity import (
    OpportunityCost,
    OpportunityInputs,
    Uncertainty,
    WageSource,
    opportunity_cost,
)
from careerpivot.errors import InputError, NotFoundError, OpportunityInputError
from careerpivot.packs.opportunity_schema import OpportunityNotes
from careerpivot.packs.schema import AnyRole, Pack, PmRole
from careerpivot.settings import Settings
from careerpivot.taxonomy.models import Occupation, Wage
from careerpivot.taxonomy.store import TaxonomyStore

#: Below this search score a typed title is not trusted (same bar as ``occupations show``).
MIN_TITLE_SCORE = 85.0
_RELATION_RANK = {"exact": 0, "broader": 1, "closest-available": 2}


def build_opportunity_inputs(
    store: TaxonomyStore,
    pack: Pack,
    origin: str,
    target: str,
    *,
    notes: OpportunityNotes | None = None,
    **user_overrides: Any,
) -> OpportunityInputs:
    """Look up the wages of ``origin`` and ``target`` and combine them with the user's inputs.

    Args:
        store: an open taxonomy store with ESCO, the crosswalk and OEWS wages imported.
        pack: the authored pack (``load_pack()``).
        origin: where the person is now: pack role id/title/alias, ESCO URI, code or title.
        target: where they want to go, in the same forms.
        notes: authored risks; default: the pack's ``opportunity.yaml`` (none when absent).
        **user_overrides: fields of :class:`OpportunityInputs` the user gave (``salary``,
            ``currency``, ``region``, ``years_experience``, ``offer``, ``title_reset``,
            ``transition_months``, ``unpaid_months``).

    Raises:
        NotFoundError: CP-OCC001 when a name matches no role or occupation.
        OpportunityInputError: CP-OPP001 when no wages exist for a side, CP-OPP002 for
            invalid overrides.
    """
    origin_src, origin_peak = wage_sources(store, pack, origin, "origin")
    target_src, target_peak = wage_sources(store, pack, target, "target")
    entry = _entry_role(pack, target_src.role_id) if user_overrides.get("title_reset") else None
    if notes is None:
        notes = _notes(pack)
    try:
        return OpportunityInputs(
            origin=origin_src,
            target=target_src,
            origin_peak=origin_peak,
            target_peak=target_peak,
            entry_role=entry.title if entry else None,
            entry_note=entry.soc_proxy.note if entry else None,
            risks=notes.risks,
            product_target=isinstance(
                pack.get_role(target_src.role_id) if target_src.role_id else None, PmRole
            ),
            **user_overrides,
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
            for err in exc.errors(include_url=False)
        )
        raise OpportunityInputError(
            "CP-OPP002",
            f"invalid opportunity-cost input: {problems}",
            "salary and offer must be positive, currency a 3-letter code such as EUR, "
            "months and years within range",
        ) from None


def compare(
    origin: str, target: str, *, settings: Settings | None = None, **user_overrides: Any
) -> OpportunityCost:
    """Open the configured store and pack, build the inputs and run the comparison.

    Raises:
        StoreMissingError: CP-STO001 when no taxonomy has been imported.
        NotFoundError, OpportunityInputError: as :func:`build_opportunity_inputs`.
    """
    from careerpivot.packs.loader import load_pack
    from careerpivot.settings import load as load_settings

    settings = settings or load_settings()
    with TaxonomyStore.open(settings.store_path) as store:
        inputs = build_opportunity_inputs(store, load_pack(), origin, target, **user_overrides)
    return opportunity_cost(inputs)


def wage_sources(
    store: TaxonomyStore, pack: Pack, query: str, side: str
) -> tuple[WageSource, WageSource]:
    """The wages standing for ``query`` and for the top of its ladder (see module docstring).

    Raises:
        NotFoundError: CP-OCC001 when nothing matches ``query``.
        OpportunityInputError: CP-OPP001 when no OEWS wages exist for it.
    """
    role, occupation = resolve(store, pack, query)
    if isinstance(role, PmRole):
        src = _proxy_source(store, role, side)
        return src, _proxy_source(store, _ladder_top(pack, role), side)
    if role is not None:
        occs: list[tuple[Occupation, str]] = []
        for ref in role.esco_occupations:
            occ = store.occupation(ref.uri)
            if occ is not None:
                occs.append((occ, ref.relation))
        src = _crosswalk_source(store, role.title, role.id, occs, side)
    else:
        assert occupation is not None
        src = _crosswalk_source(
            store, occupation.preferred_label, None, [(occupation, "exact")], side
        )
    return src, src


def resolve(
    store: TaxonomyStore, pack: Pack, query: str
) -> tuple[AnyRole | None, Occupation | None]:
    """A pack role, or else an ESCO occupation, for an id, URI, code or title.

    Raises:
        NotFoundError: CP-OCC001 with the closest titles as suggestions.
    """
    text = query.strip()
    role = pack.get_role(text)
    if role is not None:
        return role, None
    try:
        return pack.find_role(text), None
    except NotFoundError:
        pass
    occ = store.occupation(text) or store.occupation_by_code(text)
    if occ is not None:
        return None, occ
    from careerpivot.taxonomy.search import OccupationIndex, PackEntry

    entries = [PackEntry(r.id, r.title, tuple(r.aliases), "role") for r in pack.all_roles()]
    hits = OccupationIndex.from_store(store.conn, entries).search(text, limit=5)
    if hits and hits[0].score >= MIN_TITLE_SCORE:
        best = hits[0]
        if best.source == "pack":
            return pack.get_role(best.id), None
        found = store.occupation(best.id)
        if found is not None:
            return None, found
    raise NotFoundError(
        "CP-OCC001",
        f"no occupation or pack role matches {query!r}",
        suggestions=[f"{h.title} ({h.id if h.source == 'pack' else h.code})" for h in hits]
        or pack.suggest_roles(text),
    )


def _proxy_source(store: TaxonomyStore, role: PmRole, side: str) -> WageSource:
    proxy = role.soc_proxy
    wage = store.wage(proxy.code[:7])
    if wage is None:
        raise _no_wages(role.title, [proxy.code], side)
    return WageSource(
        label=role.title,
        role_id=role.id,
        wage=wage,
        basis=f"pack SOC proxy {proxy.code} {proxy.title}: {proxy.basis.rstrip('.')}",
        uncertainty=proxy.uncertainty,
        note=proxy.note,
    )


def _crosswalk_source(
    store: TaxonomyStore,
    label: str,
    role_id: str | None,
    occs: list[tuple[Occupation, str]],
    side: str,
) -> WageSource:
    found: dict[str, tuple[Wage, str, str, str]] = {}
    tried: list[str] = []
    for occ, relation in occs:
        links = store.onet_links(occ.code) if occ.code else ()
        for link in links:
            tried.append(link.code)
            wage = store.wage(link.code[:7])
            old = found.get(link.code[:7])
            if wage is not None and (old is None or _rank(relation) < _rank(old[2])):
                found[link.code[:7]] = (wage, occ.preferred_label, relation, link.via)
    if not found:
        raise _no_wages(label, tried, side)

    def key(item: tuple[Wage, str, str, str]) -> tuple[int, int]:
        return _rank(item[2]), -(item[0].employment or 0)

    ranked = sorted(found.values(), key=key)
    wage, occ_label, relation, via = ranked[0]
    uncertainty: Uncertainty = "high"
    if relation == "exact" and via == "crosswalk":
        uncertainty = "low" if len(ranked) == 1 else "medium"
    basis = f"ESCO '{occ_label}' ({relation}) → SOC {wage.soc_code} via the {via}"
    if len(ranked) > 1:
        basis += f"; the most employed of {len(ranked)} candidate SOC codes"
    return WageSource(
        label=label,
        role_id=role_id,
        wage=wage,
        basis=basis,
        uncertainty=uncertainty,
        alternatives=tuple(
            f"{w.soc_code} {w.title} (median {w.a_median:,.0f} USD)"
            if w.a_median is not None
            else f"{w.soc_code} {w.title}"
            for w, *_ in ranked[1:]
        ),
    )


def _rank(relation: str) -> int:
    return _RELATION_RANK.get(relation, len(_RELATION_RANK))


def _ladder_top(pack: Pack, role: PmRole) -> PmRole:
    seen = {role.id}
    current = role
    while current.ladder.next:
        nxt = pack.get_role(current.ladder.next[0])
        if not isinstance(nxt, PmRole) or nxt.id in seen:
            break
        seen.add(nxt.id)
        current = nxt
    return current


def _entry_role(pack: Pack, role_id: str | None) -> PmRole | None:
    role = pack.get_role(role_id) if role_id else None
    if not isinstance(role, PmRole):
        return None
    for prev in role.ladder.previous:
        before = pack.get_role(prev)
        if isinstance(before, PmRole):
            return before
    return None


def _notes(pack: Pack) -> OpportunityNotes:
    from careerpivot.packs.extras import load_opportunity_notes

    try:
        return load_opportunity_notes(pack.meta.name)
    except InputError as exc:
        if "file is missing" in exc.message:
            return OpportunityNotes.model_construct(risks=())
        raise


def _no_wages(label: str, codes: list[str], side: str) -> OpportunityInputError:
    tried = ", ".join(sorted(set(codes))) or "none (no crosswalk row)"
    return OpportunityInputError(
        "CP-OPP001",
        f"no OEWS wages for the {side} {label!r} (SOC codes tried: {tried})",
        "import wages with `careerpivot data import all DIR`, or choose a related occupation",
    )
