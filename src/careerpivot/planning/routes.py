"""Score the break-in routes of the pack for one person's situation.

Pure: takes the route book (``packs/product/routes.yaml``), the pivot report, the situation
and the fit result; returns models. Algorithm ``planning.routes.v1``::

    facts            situation block (product team, advocate, size, stage, region,
                     seniority), the fit check (risk appetite, runway, dimension bands),
                     the CV (years of experience) and the gaps (gap load, each competency)
    score(route)     = clamp(base + Σ points of the effects whose fact has that value, 0, 100)
    weight(fact)     = the largest |points| the route gives any value of that fact
    confidence       = Σ weight of known facts / Σ weight of all facts the route uses
                       (1.0 when it uses none); high ≥ 0.75, medium ≥ 0.4, else low

Unknown facts add no points (never guessed) and lower the confidence. Every score keeps its
terms (fact, value, points, reason), and ``what_would_change`` lists, for each unknown fact,
the range it could move the score, and for known ones the value that would raise it most.
Routes are ranked by score, then core routes before adjacent ones, then pack order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

from careerpivot.analysis.fit import FitResult
from careerpivot.analysis.gaps import Gap
from careerpivot.packs.routes import Route, RouteBook
from careerpivot.planning.situation import Situation

ALGORITHM = "planning.routes.v1"
Confidence = Literal["high", "medium", "low"]
#: Fit dimensions whose band is a route fact (``fit.<id>``).
FIT_FACTS = ("ambiguity", "influence")
SITUATION_FACTS = ("product_team", "advocate", "company_size", "company_stage", "region")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class FactValue(_Model):
    """One fact as route scoring sees it: its value (None = unknown) and where it came from."""

    fact: str
    value: str | None
    source: str
    detail: str = ""


class RouteTerm(_Model):
    """One effect that moved a route's score: the fact, its value, the points and why."""

    fact: str
    label: str
    value: str
    value_label: str
    source: str
    points: int
    reason: str


class UnknownFact(_Model):
    """A fact the route depends on that is not known, and how far it could move the score."""

    fact: str
    label: str
    question: str
    low: int
    high: int


class RouteScore(_Model):
    """A scored route with its terms, reasons, confidence and what would change it."""

    id: str
    title: str
    kind: str
    summary: str
    rank: int
    score: int
    base: int
    confidence: float
    confidence_label: Confidence
    terms: tuple[RouteTerm, ...]
    unknown: tuple[UnknownFact, ...]
    reasons: tuple[str, ...]
    what_would_change: tuple[str, ...]
    why: str
    algorithm: str = ALGORITHM


def _band(value: float, cuts: tuple[float, float], names: tuple[str, str, str]) -> str:
    return names[0] if value < cuts[0] else names[1] if value < cuts[1] else names[2]


def gap_load(gaps: list[Gap]) -> tuple[str | None, str]:
    """``light``/``moderate``/``heavy`` from the competency gaps (None without any), and why.

    load = (missing + ½ × partial + ½ × not enough information) / competencies expected;
    light below 0.25, moderate below 0.5, heavy from 0.5.
    """
    comp = [g for g in gaps if g.kind == "competency"]
    if not comp:
        return None, "no competency gaps were computed"
    count = {s: sum(g.status == s for g in comp) for s in ("missing", "partial")}
    nei = sum(g.status == "not_enough_information" for g in comp)
    load = (count["missing"] + 0.5 * count["partial"] + 0.5 * nei) / len(comp)
    detail = (
        f"{count['missing']} missing, {count['partial']} partial, {nei} not enough "
        f"information of {len(comp)} competencies (load {load:.2f})"
    )
    return _band(load, (0.25, 0.5), ("light", "moderate", "heavy")), detail


def situation_facts(
    situation: Situation | None,
    gaps: list[Gap],
    *,
    fit: FitResult | None,
    years_experience: float | None,
    hours_per_week: float,
) -> dict[str, FactValue]:
    """Every fact route scoring may use, known or not, with its source."""
    sit = situation or Situation()
    out: dict[str, FactValue] = {}
    for name in (*SITUATION_FACTS, "seniority"):
        raw = getattr(sit, name)
        out[name] = FactValue(
            fact=name, value=None if raw == "unknown" else raw, source="situation"
        )
    risk, risk_src = (fit.risk_appetite, "fit check") if fit else (None, "")
    if risk is None and sit.risk_appetite is not None:
        risk, risk_src = sit.risk_appetite, "situation"
    out["risk_appetite"] = FactValue(
        fact="risk_appetite",
        value=None if risk is None else _band(risk, (40, 70), ("low", "medium", "high")),
        source=risk_src or "fit check",
        detail="" if risk is None else f"risk appetite {risk:.0f} of 100",
    )
    runway, run_src = (fit.runway_months, "fit check") if fit else (None, "")
    if runway is None and sit.runway_months is not None:
        runway, run_src = sit.runway_months, "situation"
    out["runway"] = FactValue(
        fact="runway",
        value=None if runway is None else _band(runway, (3, 6), ("short", "medium", "long")),
        source=run_src or "fit check",
        detail="" if runway is None else f"runway {runway} month(s)",
    )
    years = years_experience
    out["experience"] = FactValue(
        fact="experience",
        value=None
        if years is None
        else _band(years, (3, 8.01), ("under_3", "from_3_to_8", "over_8")),
        source="CV",
        detail="" if years is None else f"{years:g} years of work in the CV",
    )
    load, detail = gap_load(gaps)
    out["gap_load"] = FactValue(fact="gap_load", value=load, source="gaps", detail=detail)
    out["hours"] = FactValue(
        fact="hours",
        value=_band(hours_per_week, (4, 8.01), ("few", "some", "many")),
        source="plan input",
        detail=f"{hours_per_week:g} hours a week",
    )
    for dim_id in FIT_FACTS:
        band = None
        if fit is not None:
            try:
                band = fit.dimension(dim_id).band
            except KeyError:
                band = None
        out[f"fit.{dim_id}"] = FactValue(fact=f"fit.{dim_id}", value=band, source="fit check")
    for gap in gaps:
        if gap.kind == "competency":
            out[f"gap.{gap.id}"] = FactValue(fact=f"gap.{gap.id}", value=gap.status, source="gaps")
    return out


def score_route(route: Route, book: RouteBook, facts: Mapping[str, FactValue]) -> RouteScore:
    """Score one route from the facts (rank 0; :func:`score_routes` ranks)."""
    terms: list[RouteTerm] = []
    weights: dict[str, int] = {}
    for eff in route.effects:
        weights[eff.fact] = max(weights.get(eff.fact, 0), abs(eff.points))
        fv = facts.get(eff.fact)
        if fv is None or fv.value != eff.value:
            continue
        label, value_label = _labels(book, eff.fact, eff.value)
        terms.append(
            RouteTerm(
                fact=eff.fact,
                label=label,
                value=eff.value,
                value_label=value_label,
                source=fv.source,
                points=eff.points,
                reason=eff.reason,
            )
        )
    total = sum(weights.values())
    unknown_ids = [f for f in weights if facts.get(f) is None or facts[f].value is None]
    known = total - sum(weights[f] for f in unknown_ids)
    confidence = round(known / total, 2) if total else 1.0
    score = max(0, min(100, route.base + sum(t.points for t in terms)))
    unknown = tuple(_unknown(route, book, f) for f in unknown_ids)
    reasons = tuple(
        f"{t.reason} ({'+' if t.points >= 0 else ''}{t.points})"
        for t in sorted(terms, key=lambda t: -abs(t.points))
    )
    change = _changes(route, book, facts, unknown, score)
    why = (
        max(terms, key=lambda t: t.points).reason
        if terms and max(t.points for t in terms) > 0
        else route.summary.split(". ")[0].rstrip(".") + "."
    )
    return RouteScore(
        id=route.id,
        title=route.title,
        kind=route.kind,
        summary=route.summary,
        rank=0,
        score=score,
        base=route.base,
        confidence=confidence,
        confidence_label="high" if confidence >= 0.75 else "medium" if confidence >= 0.4 else "low",
        terms=tuple(terms),
        unknown=unknown,
        reasons=reasons,
        what_would_change=change,
        why=why,
    )


def score_routes(book: RouteBook, facts: Mapping[str, FactValue]) -> list[RouteScore]:
    """All routes of the book scored and ranked (1 = best)."""
    order = {r.id: i for i, r in enumerate(book.routes)}
    scored = [score_route(r, book, facts) for r in book.routes]
    scored.sort(key=lambda s: (-s.score, s.kind != "core", order[s.id]))
    return [s.model_copy(update={"rank": i}) for i, s in enumerate(scored, start=1)]


def _labels(book: RouteBook, fact_id: str, value: str) -> tuple[str, str]:
    if fact_id.startswith("gap."):
        return f"your gap in {fact_id[4:].replace('_', ' ')}", value.replace("_", " ")
    fact = book.fact(fact_id)
    if fact is None:
        return fact_id, value
    return fact.label, fact.values.get(value, value)


def _unknown(route: Route, book: RouteBook, fact_id: str) -> UnknownFact:
    points = [e.points for e in route.effects if e.fact == fact_id]
    fact = book.fact(fact_id)
    label = fact.label if fact else fact_id
    question = fact.question if fact else f"Add evidence about {fact_id}."
    return UnknownFact(
        fact=fact_id, label=label, question=question, low=min(0, *points), high=max(0, *points)
    )


def _changes(
    route: Route,
    book: RouteBook,
    facts: Mapping[str, FactValue],
    unknown: tuple[UnknownFact, ...],
    score: int,
) -> tuple[str, ...]:
    out = [
        f"Not known: {u.label}. {u.question} It could move this score by {u.low:+d} to "
        f"{u.high:+d} points."
        for u in unknown
    ]
    for fact_id in dict.fromkeys(e.fact for e in route.effects):
        fv = facts.get(fact_id)
        if fv is None or fv.value is None:
            continue
        now = sum(e.points for e in route.effects if e.fact == fact_id and e.value == fv.value)
        best = max(
            (e for e in route.effects if e.fact == fact_id and e.value != fv.value),
            key=lambda e: e.points,
            default=None,
        )
        if best is not None and best.points > now:
            label, value_label = _labels(book, fact_id, best.value)
            gain = min(100, score + best.points - now) - score
            if gain > 0:
                out.append(f"If {label} became “{value_label}”: {gain:+d} points ({best.reason})")
    return tuple(out)
