"""Documented pathways (``analysis/pathways.py``): O*NET related occupations and pack routes."""

from __future__ import annotations

import numpy as np
import pytest

from careerpivot.analysis import pathways as pw
from careerpivot.analysis import transitions as tr
from careerpivot.packs.loader import load_pack
from tests.unit.test_transitions import make_pathways, make_profiles, make_space


def test_strength_is_tier_times_the_weaker_link_and_directional() -> None:
    paths = make_pathways()
    m = paths.matrix.toarray()
    # rows/cols: pm, support, analyst, data engineer
    assert m[1, 0] == pytest.approx(0.75)  # support (A) → PM (B): Primary-Long, direct links
    assert m[0, 1] == 0.0  # nothing documents PM → support
    assert m[2, 0] == pytest.approx(0.5 * 0.5)  # Supplemental × the analyst's ISCO-group link
    assert m[0, 2] == pytest.approx(0.5 * 0.5)  # PM → analyst, the other way round
    assert paths.has_data.tolist() == [True, True, True, False]
    # O*NET names codes B (PM) and C (analyst) as destinations, never A (support)
    assert paths.has_target.tolist() == [True, False, True, False]


def test_the_facet_is_left_out_for_an_origin_without_any_source() -> None:
    model = tr.build_model(make_space(), make_profiles(), pathways=make_pathways())
    engineer = tr.forward_facets(model, tr.profile_holder(model, 3))
    assert np.isnan(engineer["pathway"]).all()
    support = tr.forward_facets(model, tr.profile_holder(model, 1))
    got = support["pathway"]
    # PM documented; analyst named by O*NET but not from support: 0; support itself and the
    # data engineer are never named as destinations: left out
    assert got[0] == pytest.approx(0.75) and got[2] == 0.0
    assert np.isnan(got[1]) and np.isnan(got[3])
    back = tr.reverse_facets(model, 0)  # everyone → PM, the same numbers read by column
    assert back["pathway"][1] == pytest.approx(0.75) and np.isnan(back["pathway"][3])
    assert np.isnan(tr.reverse_facets(model, 1)["pathway"]).all()  # nobody names support


def test_a_documented_move_scores_higher_than_the_same_move_undocumented() -> None:
    documented = tr.build_model(make_space(), make_profiles(), pathways=make_pathways())
    plain = tr.build_model(make_space(), make_profiles())
    with_path = tr.combine(
        tr.forward_facets(documented, tr.profile_holder(documented, 1)), documented.weights
    )
    without = tr.combine(tr.forward_facets(plain, tr.profile_holder(plain, 1)), plain.weights)
    # every target shares the weight; the documented one keeps more of it
    assert with_path[0] - with_path[2] > without[0] - without[2]
    assert with_path[2] < without[2]  # support → analyst is not documented


def test_evidence_names_the_onet_rows_behind_a_move() -> None:
    paths = make_pathways()
    lines = pw.evidence(paths, [1], 0)
    assert lines == [
        "O*NET lists Product Managers (B) among the occupations related to Support Workers (A):"
        " Primary-Long tier, #4"
    ]
    assert pw.evidence(paths, [0], 1) == []


def test_pack_routes_cover_feeders_and_their_esco_occupations() -> None:
    pack = load_pack()
    profiles = make_profiles()
    # give the tiny profile set the ids of the pack's roles and one ESCO occupation
    roles = {r.id: r for r in pack.all_roles()}
    swe = roles["software_engineering"]
    esco_uri = swe.esco_occupations[0].uri
    profiles.ids[:4] = ["pm", "software_engineering", esco_uri, "customer_success"]
    profiles.__post_init__()
    routes: dict[tuple[int, int], list[tuple[float, str]]] = {}
    for a, b, strength, note in pw.pack_routes(pack, profiles):
        routes.setdefault((a, b), []).append((strength, note))
    assert any(s == pw.PACK_ROUTE and "Join a startup" in n for s, n in routes[(1, 0)])
    # software developer is the feeder's exact ESCO occupation: relation factor 1.0
    assert all(s == 1.0 and "software developer" in n for s, n in routes[(2, 0)])
    assert (0, 1) not in routes  # PM → software engineering is not documented
    assert (3, 0) in routes  # customer success → PM (internal transfer)
