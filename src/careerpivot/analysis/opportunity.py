"""Opportunity cost of a pivot: staying versus switching, year by year over ten years.

Model ``opportunity.percentile_ladder.v1``. Data contract:

- Each path has a *wage ladder* built from BLS OEWS percentiles (:class:`~careerpivot.
  taxonomy.models.Wage`, annual USD): years in the track map to points on the ladder
  (:data:`EXPERIENCE_ANCHORS`: 0 y → p10, 2 y → p25, 5 y → median, 10 y → p75, 20 y → the
  *peak* = p90 of the ladder's top role), linear in between and flat after 20 years.
- **Stay**: year *t* pays the origin ladder at ``years_experience + t − 1`` years.
- **Pivot**: for ``transition_months`` the person keeps the current job and pay, then has
  ``unpaid_months`` without pay, then enters the target ladder at 0 years (title reset: an
  associate/junior title) or with up to :data:`TRANSFER_CREDIT_YEARS` of credit, gaining one
  year per year. An ``offer`` replaces the modelled start pay; later years keep the ladder's
  ratios. Months are counted exactly, so a year can mix old pay, no pay and new pay.
- **Own salary**: scales the origin ladder so year 1 equals it. With a currency other than
  USD or a non-US region there is no exchange rate: *both* ladders are scaled by
  ``salary / modelled origin pay`` (a salary is then required, CP-OPP002).
- Output: both yearly series, the cumulative difference (pivot − stay) after 1, 3, 5 and 10
  years, the break-even year (the first year from which the cumulative difference stays ≥ 0,
  or None), every assumption as a sentence, the US-data caveat, the authored risks that apply,
  and, for every number, a :class:`Figure` with its formula and terms.

Example: a customer service representative (SOC 43-4051, p10–p90 31,750 … 63,590) with 5
years' experience has a modelled stay pay of 44,770 in year 1 (the median).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from careerpivot.analysis.opportunity_models import (
    MODEL,
    Figure,
    Horizon,
    OpportunityCost,
    OpportunityInputs,
    SideSummary,
    Term,
    Uncertainty,
    WageSource,
    YearPoint,
)
from careerpivot.errors import OpportunityInputError
from careerpivot.taxonomy.models import Wage

__all__ = [
    "DEFAULT_TRANSITION_MONTHS",
    "DEFAULT_YEARS_EXPERIENCE",
    "EXPERIENCE_ANCHORS",
    "HORIZONS",
    "MODEL",
    "TRANSFER_CREDIT_YEARS",
    "US_DATA_CAVEAT",
    "Figure",
    "Horizon",
    "OpportunityCost",
    "OpportunityInputs",
    "SideSummary",
    "Term",
    "Uncertainty",
    "WageSource",
    "YearPoint",
    "opportunity_cost",
]

HORIZONS: tuple[int, ...] = (1, 3, 5, 10)
YEARS = 10
#: Years in a track → point of its wage ladder (``peak`` = p90 of the ladder's top role).
EXPERIENCE_ANCHORS: tuple[tuple[float, str], ...] = (
    (0.0, "p10"),
    (2.0, "p25"),
    (5.0, "median"),
    (10.0, "p75"),
    (20.0, "peak"),
)
#: Years of the target ladder credited for prior experience when there is no title reset.
TRANSFER_CREDIT_YEARS = 2.0
DEFAULT_YEARS_EXPERIENCE = 3.0
DEFAULT_TRANSITION_MONTHS = 6
US_NAMES = frozenset({"US", "USA", "UNITED STATES", "UNITED STATES OF AMERICA"})
US_DATA_CAVEAT = (
    "All modelled pay comes from BLS OEWS {release}: U.S. national annual wages across all "
    "industries, for broad occupation codes reached through the ESCO→O*NET crosswalk or the "
    "pack's SOC proxy. They are not offers and not your local market; pay for the same job "
    "differs widely by country, city, industry and company."
)


@dataclass(frozen=True)
class _Ladder:
    """A scaled wage ladder: anchors ``(years, US value, name)`` times ``scale``."""

    side: str
    soc: str
    anchors: tuple[tuple[float, float, str], ...]
    scale: float
    scale_source: str

    def _bracket(self, years: float) -> tuple[tuple[float, float, str], tuple[float, float, str]]:
        below = [a for a in self.anchors if a[0] <= years] or [self.anchors[0]]
        above = [a for a in self.anchors if a[0] >= years] or [self.anchors[-1]]
        return below[-1], above[0]

    def us_at(self, years: float) -> float:
        """Unscaled, unrounded US pay at ``years`` in the track."""
        lo, hi = self._bracket(years)
        if hi[0] == lo[0]:
            return lo[1]
        return lo[1] + (years - lo[0]) / (hi[0] - lo[0]) * (hi[1] - lo[1])

    def at(self, years: float) -> Figure:
        """Scaled pay at ``years`` in the track, with the bracketing anchors as terms."""
        lo, hi = self._bracket(years)
        us = self.us_at(years)
        if hi[0] == lo[0]:
            formula = f"{self.side} {lo[2]} (SOC {self.soc})"
        else:
            frac = (years - lo[0]) / (hi[0] - lo[0])
            formula = (
                f"{self.side} ladder (SOC {self.soc}) at {years:g} years: {lo[2]} + "
                f"{frac:.2f} × ({hi[2]} − {lo[2]})"
            )
        terms = [Term(name="years in the track", value=years)]
        for a in (lo, hi) if hi != lo else (lo,):
            terms.append(Term(name=f"{a[2]} ({a[0]:g} y)", value=a[1], source="OEWS, USD"))
        if self.scale != 1.0:
            formula += " × scale"
            terms.append(Term(name="scale", value=round(self.scale, 4), source=self.scale_source))
        return Figure(value=round(us * self.scale), formula=formula, terms=tuple(terms))


def opportunity_cost(inputs: OpportunityInputs) -> OpportunityCost:
    """Compare staying with pivoting over :data:`YEARS` years (rules in the module docstring).

    Raises:
        OpportunityInputError: CP-OPP001 when a wage row lacks the percentiles needed for a
            ladder; CP-OPP002 when a non-USD currency or non-US region comes without a salary.
    """
    cur = inputs.currency
    non_us = cur != "USD" or (inputs.region is not None and inputs.region.upper() not in US_NAMES)
    if non_us and inputs.salary is None:
        raise OpportunityInputError(
            "CP-OPP002",
            f"pay in {cur}{f' / {inputs.region}' if inputs.region else ''} needs your own salary",
            "pass --salary with your current annual pay: no exchange rates are used, the US "
            "figures are scaled by your salary instead",
        )
    notes: list[str] = []
    origin_peak = inputs.origin_peak or inputs.origin
    target_peak = inputs.target_peak or inputs.target
    e0 = inputs.years_experience
    if e0 is None:
        e0 = DEFAULT_YEARS_EXPERIENCE
        notes.append(f"Years of experience not given: {e0:g} assumed.")
    months = inputs.transition_months
    if months is None:
        months = DEFAULT_TRANSITION_MONTHS
        notes.append(f"Time to transition not given: {months} months assumed.")
    origin_us = _ladder("origin", inputs.origin, origin_peak, 1.0, "", notes)
    modelled_now = origin_us.us_at(e0)
    ratio = inputs.salary / modelled_now if inputs.salary else 1.0
    ratio_src = f"your salary {cur} {inputs.salary or 0:,.0f} / modelled {modelled_now:,.0f} USD"
    origin = _ladder("origin", inputs.origin, origin_peak, ratio, ratio_src, [])
    target = _ladder(
        "target", inputs.target, target_peak, ratio if non_us else 1.0, ratio_src, notes
    )
    start = 0.0 if inputs.title_reset else min(TRANSFER_CREDIT_YEARS, e0)
    stay = [origin.at(e0 + t - 1) for t in range(1, YEARS + 1)]
    target_years = [_target_pay(target, start, j, inputs.offer, cur) for j in range(YEARS)]
    pivot = [
        _pivot_year(t, stay[t - 1], target_years, months, inputs.unpaid_months, inputs)
        for t in range(1, YEARS + 1)
    ]
    points = tuple(_points(stay, pivot))
    be_year, be_text = _break_even(points, cur)
    return OpportunityCost(
        currency=cur,
        origin=_side(inputs.origin, origin_peak, origin, stay[0]),
        target=_side(inputs.target, target_peak, target, target_years[0]),
        title_reset=inputs.title_reset,
        entry_role=inputs.entry_role if inputs.title_reset else None,
        years=points,
        horizons=tuple(
            Horizon(years=h, cumulative_difference=points[h - 1].cumulative_difference)
            for h in HORIZONS
        ),
        break_even_year=be_year,
        break_even=be_text,
        assumptions=tuple(
            _assumptions(inputs, e0, months, start, modelled_now, ratio, non_us, target_years)
            + notes
        ),
        caveats=_caveats(inputs, non_us),
        risks=tuple(r.text for r in inputs.risks if r.when in _conditions(inputs, non_us)),
    )


def _ladder(
    side: str, src: WageSource, peak: WageSource, scale: float, scale_src: str, notes: list[str]
) -> _Ladder:
    w = src.wage
    values = {"p10": w.a_pct10, "p25": w.a_pct25, "median": w.a_median, "p75": w.a_pct75}
    peak_value, peak_name = peak.wage.a_pct90, f"peak (p90 {peak.label})"
    if peak_value is None:
        fallback = [(n, v) for n, v in _percentiles(peak.wage) if v is not None]
        if fallback:
            name, peak_value = fallback[-1]
            peak_name = f"peak ({name} {peak.label}; p90 not published)"
            notes.append(
                f"BLS does not publish p90 for SOC {peak.wage.soc_code} (top-coded or "
                f"suppressed): the {side} peak uses its {name}, so it is understated."
            )
    anchors: list[tuple[float, float, str]] = []
    for years, name in EXPERIENCE_ANCHORS:
        value = peak_value if name == "peak" else values[name]
        if value is None:
            continue
        label = peak_name if name == "peak" else name
        floor = anchors[-1][1] if anchors else 0.0
        anchors.append((years, max(value, floor), label))
    if len(anchors) < 2 or w.a_median is None:
        raise OpportunityInputError(
            "CP-OPP001",
            f"OEWS wages for SOC {w.soc_code} ({w.title}) lack the percentiles needed "
            f"for the {side} path",
            "choose a related occupation with published wages",
        )
    return _Ladder(side, w.soc_code, tuple(anchors), scale, scale_src)


def _percentiles(w: Wage) -> list[tuple[str, float | None]]:
    return [
        ("p10", w.a_pct10),
        ("p25", w.a_pct25),
        ("median", w.a_median),
        ("p75", w.a_pct75),
        ("p90", w.a_pct90),
    ]


def _target_pay(ladder: _Ladder, start: float, j: int, offer: float | None, cur: str) -> Figure:
    modelled = ladder.at(start + j)
    if offer is None:
        return modelled
    base = ladder.at(start).value
    value = round(offer * modelled.value / base)
    formula = f"offer × ladder({start + j:g} y) / ladder({start:g} y)"
    terms = (
        Term(name="offer", value=offer, source=f"your offer, {cur}"),
        Term(name=f"ladder at {start + j:g} y", value=modelled.value, source=modelled.formula),
        Term(name=f"ladder at {start:g} y", value=base, source="modelled start pay"),
    )
    return Figure(value=value, formula=formula, terms=terms)


def _pivot_year(
    t: int,
    stay: Figure,
    target_years: Sequence[Figure],
    months: int,
    unpaid: int,
    inputs: OpportunityInputs,
) -> Figure:
    segments: dict[tuple[str, int], int] = {}
    for month in range((t - 1) * 12, t * 12):
        if month < months:
            key = ("origin", 0)
        elif month < months + unpaid:
            key = ("unpaid", 0)
        else:
            key = ("target", (month - months - unpaid) // 12)
        segments[key] = segments.get(key, 0) + 1
    total = 0.0
    terms: list[Term] = []
    target_name = inputs.entry_role if inputs.title_reset and inputs.entry_role else None
    for (kind, j), n in segments.items():
        if kind == "origin":
            pay, name, src = stay.value, f"{n} months in current role", f"stay pay, year {t}"
        elif kind == "unpaid":
            pay, name, src = 0.0, f"{n} months without pay", "unpaid_months"
        else:
            pay = target_years[j].value
            role = target_name if j == 0 and target_name else inputs.target.label
            name, src = f"{n} months as {role} (year {j + 1} in the role)", target_years[j].formula
        total += pay * n / 12
        terms.append(Term(name=name, value=pay, source=src))
    names = {"origin": "current pay", "unpaid": "0", "target": "target pay year {}"}
    formula = " + ".join(f"{n}/12 × {names[k].format(j + 1)}" for (k, j), n in segments.items())
    return Figure(value=round(total), formula=formula, terms=tuple(terms))


def _points(stay: Sequence[Figure], pivot: Sequence[Figure]) -> Iterator[YearPoint]:
    cum = 0.0
    for t, (s, p) in enumerate(zip(stay, pivot, strict=True), start=1):
        diff = p.value - s.value
        cum += diff
        yield YearPoint(
            year=t,
            stay=s,
            pivot=p,
            difference=Figure(
                value=diff,
                formula="pivot − stay",
                terms=(Term(name="pivot", value=p.value), Term(name="stay", value=s.value)),
            ),
            cumulative_difference=Figure(
                value=cum,
                formula=f"Σ (pivot − stay), years 1–{t}",
                terms=(
                    Term(name="pivot total", value=sum(x.value for x in pivot[:t])),
                    Term(name="stay total", value=sum(x.value for x in stay[:t])),
                ),
            ),
        )


def _break_even(points: Sequence[YearPoint], cur: str) -> tuple[int | None, str]:
    cums = [p.cumulative_difference.value for p in points]
    year = next((i + 1 for i in range(len(cums)) if all(c >= 0 for c in cums[i:])), None)
    if year is None:
        return None, (
            f"The pivot path does not catch up within {len(cums)} years "
            f"(cumulative difference after {len(cums)} years: {cur} {cums[-1]:,.0f})."
        )
    if year == 1:
        return 1, "The pivot path earns at least as much as staying from the first year on."
    return year, (
        f"The pivot path catches up in year {year} and stays ahead through year {len(cums)}."
    )


def _side(src: WageSource, peak: WageSource, ladder: _Ladder, start: Figure) -> SideSummary:
    top = ladder.anchors[-1]
    peak_fig = Figure(
        value=round(top[1] * ladder.scale),
        formula=f"{top[2]}" + (" × scale" if ladder.scale != 1.0 else ""),
        terms=(
            Term(name=top[2], value=top[1], source=f"OEWS SOC {peak.wage.soc_code}, USD"),
            *(
                [Term(name="scale", value=round(ladder.scale, 4), source=ladder.scale_source)]
                if ladder.scale != 1.0
                else []
            ),
        ),
    )
    return SideSummary(
        label=src.label,
        soc_code=src.wage.soc_code,
        soc_title=src.wage.title,
        release=src.wage.release,
        uncertainty=src.uncertainty,
        basis=src.basis,
        note=src.note,
        alternatives=src.alternatives,
        peak_role=peak.label,
        ladder=tuple(
            Term(name=f"{n} ({y:g} y)", value=v, source="OEWS, USD") for y, v, n in ladder.anchors
        ),
        start_pay=start,
        peak_pay=peak_fig,
    )


def _assumptions(
    inputs: OpportunityInputs,
    e0: float,
    months: int,
    start: float,
    modelled_now: float,
    ratio: float,
    non_us: bool,
    target_years: Sequence[Figure],
) -> list[str]:
    cur, o, t = inputs.currency, inputs.origin, inputs.target
    anchors = ", ".join(f"{y:g} y → {n}" for y, n in EXPERIENCE_ANCHORS)
    out = [
        f"Experience maps to a point on each path's US wage ladder: {anchors} (the peak is p90 "
        "of the ladder's top role); linear in between, flat after 20 years.",
        f"Staying: {e0:g} years of experience as {o.label} now, one more each year.",
        f"Origin wages: SOC {o.wage.soc_code} {o.wage.title} ({o.basis}); "
        f"uncertainty {o.uncertainty}.",
        f"Target wages: SOC {t.wage.soc_code} {t.wage.title} ({t.basis}); "
        f"uncertainty {t.uncertainty}." + (f" {t.note}" if t.note else ""),
        f"Peaks: origin {(inputs.origin_peak or o).label}, target {(inputs.target_peak or t).label}"
        " (p90 of each path's top role).",
    ]
    if inputs.title_reset:
        entry = inputs.entry_role or f"a junior {t.label}"
        out.append(f"Title reset: you enter as {entry}, at 0 years on the target ladder (p10).")
        if inputs.entry_note:
            out.append(f"Wages for {entry}: {inputs.entry_note}")
    else:
        out.append(
            f"No title reset: you enter as {t.label} with {start:g} years of credit on the "
            f"target ladder (prior experience, at most {TRANSFER_CREDIT_YEARS:g})."
        )
    out.append(
        f"Pivot: you keep your current job and pay for {months} months while preparing"
        + (f", then go {inputs.unpaid_months} months without pay" if inputs.unpaid_months else "")
        + ", then switch; the target role gains one year of experience per year."
    )
    if inputs.salary is not None:
        out.append(
            f"Your salary ({cur} {inputs.salary:,.0f}) replaces the modelled origin pay "
            f"(USD {modelled_now:,.0f} at {e0:g} years): the origin ladder is scaled by "
            f"{ratio:.3f}."
        )
        if non_us:
            out.append(
                f"No exchange rates are used: both US ladders are scaled by the ratio of your "
                f"salary to the modelled origin pay ({ratio:.3f}) and shown in {cur}; this "
                "assumes both roles differ from US pay by the same factor in your market."
            )
        else:
            out.append("The target ladder is U.S. national pay, not scaled to your salary.")
    if inputs.offer is not None:
        out.append(
            f"Your offer ({cur} {inputs.offer:,.0f}) replaces the modelled start pay on the "
            "target path; later years follow the ladder's year-on-year ratios."
        )
    out.append(
        f"Figures are annual gross base pay in {cur}, not adjusted for inflation, taxes, "
        f"bonuses, equity or benefits; target start pay {cur} {target_years[0].value:,.0f}."
    )
    return out


def _caveats(inputs: OpportunityInputs, non_us: bool) -> tuple[str, ...]:
    out = [US_DATA_CAVEAT.format(release=inputs.origin.wage.release)]
    if non_us:
        out.append(
            f"Pay in {inputs.currency} is the US curve scaled by your own salary, not a "
            "conversion at any exchange rate and not local market data."
        )
    return tuple(out)


def _conditions(inputs: OpportunityInputs, non_us: bool) -> set[str]:
    cond = {"always"}
    sources = [inputs.origin, inputs.target, inputs.origin_peak, inputs.target_peak]
    flags = {
        "product_target": inputs.product_target,
        "title_reset": inputs.title_reset,
        "transition": inputs.transition_months is None or inputs.transition_months > 0,
        "unpaid_gap": inputs.unpaid_months > 0,
        "high_uncertainty": any(s is not None and s.uncertainty == "high" for s in sources),
        "scaled": non_us,
        "offer": inputs.offer is not None,
    }
    cond.update(k for k, v in flags.items() if v)
    return cond
