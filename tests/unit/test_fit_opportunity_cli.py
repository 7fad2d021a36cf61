"""`careerpivot fit` and `careerpivot opportunity`, and the wage adapter, on tiny data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from careerpivot.errors import NotFoundError, OpportunityInputError
from careerpivot.opportunity_service import build_opportunity_inputs
from careerpivot.packs.loader import load_pack
from careerpivot.taxonomy.build import detect_sources, import_sources
from careerpivot.taxonomy.store import TaxonomyStore
from tests import minidata

REPO = Path(__file__).resolve().parents[2]
MAYA = REPO / "examples" / "answers-maya.yaml"
SUPPORT = "widget support agent"  # made-up ESCO occupation 4222.1 → SOC 43-4051


@pytest.fixture
def mini_home(home: Path, tmp_path: Path) -> Path:
    release = minidata.full_release(tmp_path / "data")
    import_sources(home / "taxonomy.sqlite", detect_sources(release))
    return home


@pytest.fixture
def mini_store(mini_home: Path) -> Iterator[TaxonomyStore]:
    with TaxonomyStore.open(mini_home / "taxonomy.sqlite") as store:
        yield store


# -- adapter -----------------------------------------------------------------------------------
def test_adapter_finds_crosswalk_wages_and_the_pack_soc_proxy(mini_store: TaxonomyStore) -> None:
    inputs = build_opportunity_inputs(
        mini_store, load_pack(), SUPPORT, "pm", years_experience=2, title_reset=True
    )
    assert inputs.origin.wage.soc_code == "43-4051"
    assert inputs.origin.uncertainty == "low"  # exact ESCO occupation, one SOC code
    assert "ESCO 'widget support agent' (exact) → SOC 43-4051" in inputs.origin.basis
    assert inputs.target.wage.soc_code == "11-9199"
    assert inputs.target.uncertainty == "high"
    assert "11-9199.00 Managers, All Other" in inputs.target.basis
    assert inputs.target_peak is not None and inputs.target_peak.label == "Head of product"
    assert inputs.entry_role == "Associate product manager"
    assert inputs.entry_note and "rough upper bound" in inputs.entry_note
    assert {r.id for r in inputs.risks} >= {"pm_pay_proxy", "title_reset_lasts"}


def test_adapter_accepts_uri_code_and_typos(mini_store: TaxonomyStore) -> None:
    pack = load_pack()
    for query in (minidata.occ_uri("o2"), "4222.1", "widget suport agent"):
        inputs = build_opportunity_inputs(mini_store, pack, query, "Product manager")
        assert inputs.origin.label == SUPPORT, query


def test_adapter_unknown_occupation_is_not_found(mini_store: TaxonomyStore) -> None:
    with pytest.raises(NotFoundError) as info:
        build_opportunity_inputs(mini_store, load_pack(), "zebra whisperer", "pm")
    assert info.value.code == "CP-OCC001" and info.value.suggestions


def test_adapter_without_wages_is_a_coded_error(mini_store: TaxonomyStore) -> None:
    # the pack's feeder points at real ESCO occupations, absent from the tiny store
    with pytest.raises(OpportunityInputError) as info:
        build_opportunity_inputs(mini_store, load_pack(), "customer_support", "pm")
    assert info.value.code == "CP-OPP001"


@pytest.mark.parametrize("override", [{"salary": -5}, {"currency": "EURO"}, {"bonus": 3}])
def test_adapter_invalid_overrides_are_coded_errors(
    mini_store: TaxonomyStore, override: dict[str, object]
) -> None:
    with pytest.raises(OpportunityInputError) as info:
        build_opportunity_inputs(mini_store, load_pack(), SUPPORT, "pm", **override)
    assert info.value.code == "CP-OPP002"


# -- careerpivot opportunity -----------------------------------------------------------------
def test_opportunity_cli_prints_table_chart_and_caveat(run_cli, mini_home: Path) -> None:
    result = run_cli("opportunity", "--from", SUPPORT, "--to", "pm", "--years-experience", "3")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "SOC 43-4051" in out and "SOC 11-9199" in out
    assert "Annual pay, USD" in out and "year 10" in out and "█" in out
    assert "Break-even:" in out
    assert "BLS OEWS May 2099" in out  # the US-data caveat, always
    assert "does not publish p90 for SOC 11-9199" in out  # the tiny file top-codes it


def test_opportunity_cli_json_with_currency_scaling(run_cli, mini_home: Path) -> None:
    result = run_cli(
        "opportunity", "--from", SUPPORT, "--to", "pm", "--salary", "30000",
        "--currency", "EUR", "--title-reset", "--transition-months", "3", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["currency"] == "EUR" and data["title_reset"] is True
    assert data["years"][0]["stay"]["value"] == 30000
    assert [h["years"] for h in data["horizons"]] == [1, 3, 5, 10]
    assert any("No exchange rates are used" in a for a in data["assumptions"])
    assert any("not a conversion at any exchange rate" in c for c in data["caveats"])


def test_opportunity_cli_prints_the_scaling_assumption(run_cli, mini_home: Path) -> None:
    result = run_cli(
        "opportunity", "--from", SUPPORT, "--to", "pm", "--salary", "30000", "--currency", "GBP"
    )
    assert result.exit_code == 0, result.stderr
    assert "No exchange rates are used" in result.stdout
    assert "GBP" in result.stdout


def test_opportunity_cli_unknown_occupation_exits_non_zero(run_cli, mini_home: Path) -> None:
    result = run_cli("opportunity", "--from", "zebra whisperer", "--to", "pm")
    assert result.exit_code == 66
    assert "CP-OCC001" in result.stderr


def test_opportunity_cli_currency_without_salary(run_cli, mini_home: Path) -> None:
    result = run_cli("opportunity", "--from", SUPPORT, "--to", "pm", "--currency", "EUR")
    assert result.exit_code == 65 and "CP-OPP002" in result.stderr


def test_opportunity_cli_without_store(run_cli, home: Path) -> None:
    result = run_cli("opportunity", "--from", SUPPORT, "--to", "pm")
    assert result.exit_code == 69 and "CP-STO001" in result.stderr


# -- careerpivot fit ---------------------------------------------------------------------------
def test_fit_cli_with_answers_file(run_cli, home: Path) -> None:
    result = run_cli("fit", "--answers", str(MAYA))
    assert result.exit_code == 0, result.stderr
    assert "Tolerance of ambiguity" in result.stdout
    assert "Things to weigh" in result.stdout
    assert "downside:" in result.stdout
    assert "runway_months: 3 months" in result.stdout


def test_fit_cli_json(run_cli, home: Path) -> None:
    result = run_cli("fit", "--answers", str(MAYA), "--json")
    data = json.loads(result.stdout)
    assert len(data["dimensions"]) == 9 and data["runway_months"] == 3
    assert data["dimensions"][0]["terms"][0]["item_id"] == "amb_start_unclear"


def test_fit_cli_without_answers_or_terminal(run_cli, home: Path) -> None:
    result = run_cli("fit")
    assert result.exit_code == 65
    assert "CP-FIT004" in result.stderr and "--answers" in result.stderr


def test_fit_cli_bad_answers_exit_with_codes(run_cli, home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("amb_start_unclear: 7\n", encoding="utf-8")
    result = run_cli("fit", "--answers", str(bad))
    assert result.exit_code == 65 and "CP-FIT003" in result.stderr
    bad.write_text("amb_start_uncler: 4\n", encoding="utf-8")
    result = run_cli("fit", "--answers", str(bad))
    assert result.exit_code == 65 and "CP-FIT002" in result.stderr
    assert "amb_start_unclear" in result.stderr
    result = run_cli("fit", "--answers", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 65 and "CP-FIT001" in result.stderr


def test_fit_cli_interactive(run_cli, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from careerpivot.packs.extras import load_fit_questionnaire

    n = len(load_fit_questionnaire().items)
    typed = iter(["4", "5", "2"] + [""] * (n - 3))  # answer three, skip the rest
    monkeypatch.setattr("careerpivot.cli.fit.interactive", lambda: True)
    monkeypatch.setattr("builtins.input", lambda *a: next(typed))
    result = run_cli("fit", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)  # the questions went to stderr
    assert "1/" in result.stderr and "Strongly agree" in result.stderr
    amb = data["dimensions"][0]
    assert amb["status"] == "scored" and amb["answered"] == 3
    assert amb["score"] == pytest.approx((75 + 100 + 75) / 3, abs=0.05)
    assert data["dimensions"][1]["status"] == "not_enough_information"


def test_fit_cli_lists_questions(run_cli, home: Path) -> None:
    result = run_cli("fit", "--questions")
    assert result.exit_code == 0
    assert "run_savings" in result.stdout and "under_3" in result.stdout
    data = json.loads(run_cli("fit", "--questions", "--json").stdout)
    assert len(data["items"]) >= 12
