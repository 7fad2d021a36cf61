"""Opportunity cost: golden series on small wage ladders, scaling, offers, errors, terms."""

from __future__ import annotations

from typing import Any

import pytest

from careerpivot.analysis.opportunity import (
    US_DATA_CAVEAT,
    Figure,
    OpportunityCost,
    OpportunityInputs,
    WageSource,
    opportunity_cost,
)
from careerpivot.errors import OpportunityInputError
from careerpivot.packs.opportunity_schema import RISK_CONDITIONS, AuthoredRisk
from careerpivot.taxonomy.models import Wage


def wage(soc: str, *values: float | None) -> Wage:
    p10, p25, median, p75, p90 = values
    return Wage(
        soc_code=soc, title=f"Title {soc}", release="May 2099", employment=1000,
        a_pct10=p10, a_pct25=p25, a_median=median, a_pct75=p75, a_pct90=p90,
    )  # fmt: skip


ORIGIN = WageSource(
    label="Support agent",
    wage=wage("43-4051", 30_000, 40_000, 50_000, 60_000, 80_000),
    basis="crosswalk",
    uncertainty="medium",
)
TARGET = WageSource(
    label="Product manager",
    wage=wage("11-9199", 60_000, 80_000, 100_000, 120_000, 160_000),
    basis="pack proxy",
    uncertainty="high",
    note="A residual code.",
)


def run(**kwargs: Any) -> OpportunityCost:
    fields: dict[str, Any] = {"origin": ORIGIN, "target": TARGET, "years_experience": 5}
    fields.update(kwargs)
    return opportunity_cost(OpportunityInputs(**fields))


def values(result: OpportunityCost, path: str) -> list[float]:
    return [getattr(p, path).value for p in result.years]


def test_golden_series_without_title_reset() -> None:
    result = run(transition_months=6)
    assert values(result, "stay") == [
        50_000, 52_000, 54_000, 56_000, 58_000, 60_000, 62_000, 64_000, 66_000, 68_000,
    ]  # fmt: skip
    # 6 months of current pay, then the target ladder from 2 years of credit (p25 = 80,000)
    assert values(result, "pivot")[:4] == [65_000, 83_334, 90_000, 96_666]
    assert [h.years for h in result.horizons] == [1, 3, 5, 10]
    assert [h.cumulative_difference.value for h in result.horizons] == [
        15_000, 82_334, 167_000, 417_000,
    ]  # fmt: skip
    assert result.break_even_year == 1
    assert result.target.start_pay.value == 80_000
    assert result.origin.peak_pay.value == 80_000 and result.target.peak_pay.value == 160_000


def flat_origin(value: float) -> WageSource:
    return ORIGIN.model_copy(update={"wage": wage("43-4051", *[value] * 5)})


def test_break_even_year_after_a_title_reset() -> None:
    target = TARGET.model_copy(
        update={"wage": wage("11-9199", 60_000, 90_000, 120_000, 150_000, 200_000)}
    )
    result = run(
        origin=flat_origin(100_000), target=target, title_reset=True, transition_months=0,
        entry_role="Associate product manager",
    )  # fmt: skip
    assert values(result, "pivot") == [
        60_000, 75_000, 90_000, 100_000, 110_000, 120_000, 126_000, 132_000, 138_000, 144_000,
    ]  # fmt: skip
    cumulative = values(result, "cumulative_difference")
    assert cumulative == [
        -40_000, -65_000, -75_000, -75_000, -65_000, -45_000, -19_000, 13_000, 51_000, 95_000,
    ]  # fmt: skip
    assert result.break_even_year == 8
    assert "catches up in year 8" in result.break_even
    assert result.entry_role == "Associate product manager"
    assert "months as Associate product manager" in result.years[0].pivot.terms[0].name
    assert any("Title reset: you enter as Associate product manager" in a
               for a in result.assumptions)  # fmt: skip


def test_no_break_even_within_ten_years() -> None:
    target = TARGET.model_copy(update={"wage": wage("11-9199", *[40_000] * 5)})
    result = run(origin=flat_origin(50_000), target=target)
    assert result.break_even_year is None
    assert "does not catch up within 10 years" in result.break_even
    assert result.horizons[-1].cumulative_difference.value < 0


def test_unpaid_months_cost_their_pay() -> None:
    result = run(transition_months=6, unpaid_months=3)
    pivot = result.years[0].pivot
    assert pivot.value == 6 / 12 * 50_000 + 3 / 12 * 80_000
    assert [t.name for t in pivot.terms] == [
        "6 months in current role", "3 months without pay",
        "3 months as Product manager (year 1 in the role)",
    ]  # fmt: skip


def test_own_usd_salary_scales_only_the_origin_ladder() -> None:
    result = run(salary=60_000, transition_months=0)
    assert result.years[0].stay.value == 60_000
    assert result.years[0].pivot.value == 80_000  # U.S. national, not scaled
    assert any("not scaled to your salary" in a for a in result.assumptions)
    assert result.caveats == (US_DATA_CAVEAT.format(release="May 2099"),)
    scale = next(t for t in result.years[0].stay.terms if t.name == "scale")
    assert scale.value == 1.2


def test_other_currency_scales_both_ladders_without_exchange_rates() -> None:
    result = run(salary=40_000, currency="eur", transition_months=0)
    assert result.currency == "EUR"
    assert result.years[0].stay.value == 40_000
    assert result.years[0].pivot.value == 64_000  # 80,000 × 0.8
    assert result.target.peak_pay.value == 128_000
    assert any("No exchange rates are used" in a and "0.800" in a for a in result.assumptions)
    assert "BLS OEWS May 2099" in result.caveats[0]
    assert "not a conversion at any exchange rate" in result.caveats[1]


def test_non_us_region_also_scales_both_ladders() -> None:
    result = run(salary=40_000, region="Germany", transition_months=0)
    assert result.currency == "USD" and result.years[0].pivot.value == 64_000


@pytest.mark.parametrize("kwargs", [{"currency": "EUR"}, {"region": "France"}])
def test_non_us_pay_without_salary_is_a_coded_error(kwargs: dict[str, str]) -> None:
    with pytest.raises(OpportunityInputError) as info:
        run(**kwargs)
    assert info.value.code == "CP-OPP002"
    assert "no exchange rates" in info.value.hint


def test_offer_replaces_the_modelled_start_pay() -> None:
    result = run(offer=90_000, transition_months=0)
    assert result.target.start_pay.value == 90_000
    assert values(result, "pivot")[:2] == [90_000, round(90_000 * 86_667 / 80_000)]
    assert result.target.start_pay.terms[0].name == "offer"
    assert any("Your offer (USD 90,000)" in a for a in result.assumptions)


def test_defaults_are_stated_as_assumptions() -> None:
    result = run(years_experience=None)
    assert "Years of experience not given: 3 assumed." in result.assumptions
    assert "Time to transition not given: 6 months assumed." in result.assumptions
    assert any("0 y → p10, 2 y → p25, 5 y → median" in a for a in result.assumptions)


def test_missing_p90_uses_the_highest_published_percentile() -> None:
    target = TARGET.model_copy(
        update={"wage": wage("11-9199", 60_000, 80_000, 100_000, 120_000, None)}
    )
    result = run(target=target)
    assert result.target.peak_pay.value == 120_000
    assert any("does not publish p90 for SOC 11-9199" in a for a in result.assumptions)


def test_missing_median_is_a_coded_error() -> None:
    target = TARGET.model_copy(update={"wage": wage("11-9199", 60_000, None, None, None, None)})
    with pytest.raises(OpportunityInputError) as info:
        run(target=target)
    assert info.value.code == "CP-OPP001" and "11-9199" in info.value.message


def test_risks_are_filtered_by_condition() -> None:
    risks = tuple(AuthoredRisk(id=c, when=c, text=f"risk {c}") for c in RISK_CONDITIONS)  # type: ignore[arg-type]
    plain = run(risks=risks)
    assert plain.risks == ("risk always", "risk transition", "risk high_uncertainty")
    everything = run(
        risks=risks,
        title_reset=True,
        unpaid_months=2,
        salary=1,
        currency="SEK",
        offer=5,
        product_target=True,
    )
    assert len(everything.risks) == len(RISK_CONDITIONS)
    # a risk about product roles is not shown for a move into an ESCO occupation
    assert "risk product_target" not in run(risks=risks, title_reset=True).risks
    low = run(
        risks=risks, transition_months=0, target=TARGET.model_copy(update={"uncertainty": "low"})
    )
    assert low.risks == ("risk always",)


def test_every_number_carries_a_formula_and_terms() -> None:
    result = run(salary=45_000, transition_months=8)
    figures: list[Figure] = [result.origin.start_pay, result.origin.peak_pay]
    figures += [result.target.start_pay, result.target.peak_pay]
    for point in result.years:
        figures += [point.stay, point.pivot, point.difference, point.cumulative_difference]
    for fig in figures:
        assert fig.formula and fig.terms, fig
    stay = result.years[0].stay
    assert stay.formula == "origin median (SOC 43-4051) × scale"
    assert [t.name for t in stay.terms] == ["years in the track", "median (5 y)", "scale"]
    assert result.years[1].stay.formula == (
        "origin ladder (SOC 43-4051) at 6 years: median + 0.20 × (p75 − median) × scale"
    )
    assert result.years[0].pivot.terms[0].source == "stay pay, year 1"
    assert result.years[0].pivot.terms[1].source == "target p25 (SOC 11-9199)"
    assert {t.name for t in result.origin.ladder} == {
        "p10 (0 y)", "p25 (2 y)", "median (5 y)", "p75 (10 y)", "peak (p90 Support agent) (20 y)",
    }  # fmt: skip


def test_result_is_json_serialisable() -> None:
    result = run(salary=40_000, currency="EUR")
    assert OpportunityCost.model_validate_json(result.model_dump_json()) == result


@pytest.mark.parametrize(("salary", "years"), [(33_333, 3.7), (51_234.5, 0), (99_999, 12.25)])
def test_year_one_stay_pay_is_the_own_salary(salary: float, years: float) -> None:
    assert run(salary=salary, years_experience=years).years[0].stay.value == round(salary)


def test_missing_p10_starts_the_ladder_at_p25() -> None:
    origin = ORIGIN.model_copy(
        update={"wage": wage("43-4051", None, 40_000, 50_000, 60_000, 80_000)}
    )
    result = run(origin=origin, years_experience=0)
    assert result.years[0].stay.value == 40_000
    assert result.years[2].stay.value == 40_000  # at 2 years: p25


def test_shipped_risks_cover_the_conditions_the_model_uses() -> None:
    from careerpivot.packs.extras import load_opportunity_notes

    notes = load_opportunity_notes()
    assert {r.when for r in notes.risks} == set(RISK_CONDITIONS)
    assert len({r.id for r in notes.risks}) == len(notes.risks)
