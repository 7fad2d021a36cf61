"""Opportunity cost on the real store: customer success → product manager (OEWS wages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careerpivot.analysis.opportunity import opportunity_cost
from careerpivot.opportunity_service import build_opportunity_inputs
from careerpivot.packs.loader import load_pack
from careerpivot.taxonomy.store import TaxonomyStore

pytestmark = pytest.mark.integration


def test_customer_success_to_pm_names_the_soc_proxy_and_caveat(
    taxonomy_store: TaxonomyStore,
) -> None:
    inputs = build_opportunity_inputs(
        taxonomy_store, load_pack(), "customer_success", "pm", years_experience=4
    )
    result = opportunity_cost(inputs)
    # origin: crosswalk of the pack's ESCO occupations, every candidate SOC accounted for
    assert result.origin.label == "Customer success manager"
    assert result.origin.soc_code and result.origin.uncertainty == "high"
    assert "closest-available" in result.origin.basis
    assert result.origin.alternatives
    # target: the pack's SOC proxy, named with its uncertainty
    assert (result.target.soc_code, result.target.uncertainty) == ("11-9199", "high")
    assert any("SOC 11-9199 Managers, All Other" in a for a in result.assumptions)
    assert any("O*NET has no product-manager occupation" in a for a in result.assumptions)
    assert result.target.peak_role == "Head of product"
    # a full ten-year series on both paths, with positive pay throughout
    assert [p.year for p in result.years] == list(range(1, 11))
    assert all(p.stay.value > 0 and p.pivot.value > 0 for p in result.years)
    assert [h.years for h in result.horizons] == [1, 3, 5, 10]
    assert result.caveats[0].startswith("All modelled pay comes from BLS OEWS")
    assert any("no official wage series for product managers" in r for r in result.risks)


def test_opportunity_cli_on_real_data(run_cli, imported_home: Path) -> None:
    result = run_cli(
        "opportunity", "--from", "customer service representative", "--to", "Product manager",
        "--salary", "38000", "--currency", "EUR", "--title-reset", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["target"]["soc_code"] == "11-9199"
    assert data["entry_role"] == "Associate product manager"
    assert data["years"][0]["stay"]["value"] == 38000
    assert any("No exchange rates are used" in a for a in data["assumptions"])
