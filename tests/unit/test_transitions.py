"""Transition scoring on a tiny hand-made skill space (pure functions, no store, no model).

Four made-up occupations over five made-up skills; the scores of every ordered pair are
pinned in ``tests/golden/transitions_small.json`` (regenerate deliberately with
``CAREERPIVOT_REGEN_GOLDEN=1`` after an intended change of the scorer, now
``transitions.facets.v3``). The ``pathway`` facet is fed by a three-code O*NET relations
table: support → PM is documented (Primary-Long), PM → support is not; PM → analyst is
(Supplemental, through the analyst's ISCO-group link).
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from careerpivot.analysis import occupation_profiles as op
from careerpivot.analysis import pathways as pw
from careerpivot.analysis import transitions as tr
from careerpivot.analysis.transition_explain import build_transition, role_ref
from careerpivot.analysis.transition_models import Thresholds

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "transitions_small.json"
SKILLS = [
    "interview customers",
    "run user interviews",
    "prioritise requests",
    "write SQL",
    "query databases",
]
LOW, HIGH = 0.5, 0.9


def _unit(v: list[float]) -> list[float]:
    n = math.sqrt(sum(x * x for x in v))
    return [x / n for x in v]


def make_space() -> op.SkillSpace:
    vecs = np.array(
        [
            _unit([1, 0, 0]),
            _unit([0.95, 0.312, 0]),
            _unit([0, 1, 0]),
            _unit([0, 0, 1]),
            _unit([0, 0.3, 0.954]),
        ],
        dtype=np.float32,
    )
    groups = sp.csr_matrix(np.array([[1, 0], [1, 0], [1, 0], [0, 1], [0, 1]], dtype=float))
    return op.SkillSpace(
        uris=tuple(f"skill/s{i}" for i in range(5)),
        labels=tuple(SKILLS),
        credit=op.soft_credit_matrix(vecs, LOW, HIGH, block=2),
        groups=groups,
        group_labels=("G1 people", "G2 data"),
        vectors=vecs,
    )


def _rows(spec: list[dict[int, float]]) -> sp.csr_matrix:
    return op.weights_matrix(spec, 5)


def make_profiles() -> op.ProfileSet:
    nan = np.nan
    return op.ProfileSet(
        ids=["occ/pm", "occ/support", "occ/analyst", "occ/data-engineer"],
        labels=["product manager", "support agent", "analyst", "data engineer"],
        kinds=["esco"] * 4,
        codes=["1.1", "2.1", "3.1", "3.1.1"],
        isco=["1111", "2222", "3333", "3333"],
        essential=_rows([{0: 1, 2: 1}, {1: 1, 2: 1}, {3: 1}, {4: 1, 3: 1}]),
        optional=_rows([{3: 1}, {}, {2: 1}, {}]),
        onet=np.array([[1.0, 0.0, 0.2], [0.8, 0.3, 0.0], [nan, nan, nan], [0.0, 0.2, 1.0]]),
        onet_conf=np.array([1.0, 1.0, 0.0, 0.5]),
        job_zone=np.array([4.0, 2.0, nan, 4.0]),
        wage=np.array([120000.0, 40000.0, 80000.0, nan]),
        wage_soc=["11-0001", "43-0001", "15-0001", None],
        family=["occ/pm", "occ/support", "occ/analyst", "occ/analyst"],
    )


def make_pathways(n: int = 4) -> pw.Pathways:
    """O*NET codes A (support), B (PM), C (analyst, via its ISCO group); data engineer none."""
    relations = pw.OnetRelations(
        ("A", "B", "C"),
        [(0, 1, "Primary-Long", 4), (2, 1, "Supplemental", 15), (1, 2, "Supplemental", 20)],
        {"A": "Support Workers", "B": "Product Managers", "C": "Analysts"},
    )
    links = pw.links_matrix([{"B": 1.0}, {"A": 1.0}, {"C": 0.5}, {}][:n], relations.codes)
    return pw.build(pw.onet_matrix(links, links, relations), links, relations, [])


@pytest.fixture
def model() -> tr.TransitionModel:
    return tr.build_model(make_space(), make_profiles(), pathways=make_pathways())


def all_scores(model: tr.TransitionModel) -> np.ndarray:
    n = len(model.profiles)
    return np.array(
        [
            tr.combine(tr.forward_facets(model, tr.profile_holder(model, i)), model.weights)
            for i in range(n)
        ]
    )


# -- building blocks ---------------------------------------------------------------------------
def test_credit_is_zero_below_low_one_from_high_and_linear_between() -> None:
    got = op.credit_curve(np.array([0.2, 0.5, 0.7, 0.9, 0.99]), 0.5, 0.9)
    assert got.tolist() == pytest.approx([0.0, 0.0, 0.5, 1.0, 1.0])


def test_soft_credit_matrix_is_symmetric_sparse_with_a_unit_diagonal() -> None:
    credit = make_space().credit.toarray()
    assert np.allclose(credit, credit.T)
    assert np.allclose(np.diag(credit), 1.0)
    assert credit[0, 1] == pytest.approx(1.0)  # cosine 0.95 ≥ high: near-synonyms
    assert credit[3, 4] == pytest.approx(1.0)
    assert credit[0, 3] == 0.0 and credit[2, 4] == 0.0  # cosine 0 and 0.3: no credit


def test_soft_match_thresholds_come_from_the_null_and_synonym_samples() -> None:
    randoms = np.linspace(0.0, 1.0, 1001)
    synonyms = np.array([0.7, 0.8, 0.9])
    low, high = op.soft_match_thresholds(randoms, synonyms)
    assert low == pytest.approx(0.99) and high == pytest.approx(max(0.8, 0.99 + 0.05))
    assert op.soft_match_thresholds(np.array([]), np.array([])) == pytest.approx(op.FALLBACK_SOFT)


def test_skill_groups_split_a_skill_reaching_two_groups_and_skip_unreachable_ones() -> None:
    codes = {"g/S": "S", "g/S1": "S1", "g/S2": "S2", "g/S1.1": "S1.1", "g/04": "04"}
    names = {"g/S1": "communicating", "g/S2": "information", "g/04": "business"}
    broader = [
        ("g/S1", "g/S"),
        ("g/S2", "g/S"),
        ("g/S1.1", "g/S1"),
        ("a", "g/S1.1"),
        ("b", "g/S2"),
        ("b", "a"),
        ("c", "g/04"),
    ]
    matrix, labels = op.skill_group_matrix(["a", "b", "c", "d"], broader, codes, names)
    assert labels == ("S1 communicating", "S2 information", "04 business")
    assert matrix.toarray().tolist() == [[1, 0, 0], [0.5, 0.5, 0], [0, 0, 1], [0, 0, 0]]
    assert [op.group_depth(c) for c in ("S", "S1", "S1.1", "04", "041", "0411")] == [
        0,
        1,
        2,
        1,
        2,
        3,
    ]


def test_family_roots_follow_occupation_parents_only() -> None:
    ids = ["merchant", "merchant/fish", "merchant/fish/frozen", "teacher"]
    broader = [
        ("merchant/fish", "merchant"),
        ("merchant/fish/frozen", "merchant/fish"),
        ("merchant", "isco/3324"),
        ("teacher", "teacher"),
    ]
    assert op.family_roots(ids, broader) == ["merchant", "merchant", "merchant", "teacher"]


def test_pack_role_profile_mixes_esco_skills_and_competency_levels() -> None:
    from careerpivot.packs.loader import load_pack

    pack = load_pack()
    pm = pack.get_role("pm")
    assert pm is not None
    esco_uri = pm.esco_occupations[0].uri  # product manager, closest-available
    comp_uris = [s.uri for c in pack.competencies for s in c.esco_skills]
    position = {u: i for i, u in enumerate(dict.fromkeys(["esco/a", "esco/b", *comp_uris]))}
    esco = make_profiles()
    esco.ids[0] = esco_uri
    esco.__post_init__()
    esco.essential = op.weights_matrix([{position["esco/a"]: 1.0}, {}, {}, {}], len(position))
    esco.optional = op.weights_matrix([{position["esco/b"]: 1.0}, {}, {}, {}], len(position))
    ess, opt = op.pack_role_weights(pm, pack, esco, position)
    assert ess[position["esco/a"]] == 0.5  # ESCO essential × closest-available
    assert opt == {position["esco/b"]: 0.5}
    level3 = pack.competency("execution").esco_skills[0].uri  # pm expects level 3
    assert ess[position[level3]] == 1.0
    assert op.level_weight(1) == 0.5 and op.level_weight(2) == op.level_weight(4) == 1.0


# -- scores ------------------------------------------------------------------------------------
def test_scores_of_every_ordered_pair_match_the_golden_file(model: tr.TransitionModel) -> None:
    scores = all_scores(model).round(4)
    facets = {
        model.profiles.labels[i]: {
            k: [None if np.isnan(x) else round(float(x), 4) for x in v]
            for k, v in tr.forward_facets(model, tr.profile_holder(model, i)).items()
        }
        for i in range(len(model.profiles))
    }
    got = {"labels": model.profiles.labels, "scores": scores.tolist(), "facets": facets}
    if os.environ.get("CAREERPIVOT_REGEN_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(got, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_scores_are_directional(model: tr.TransitionModel) -> None:
    s = all_scores(model)
    support, pm = 1, 0
    # Both cover each other's essentials (one through a near-synonym), but only the PM
    # brings the PM's optional SQL: coverage of the *target's* requirements differs.
    assert s[support, pm] != pytest.approx(s[pm, support])
    facets = tr.forward_facets(model, tr.profile_holder(model, support))
    assert facets["essential"][pm] == pytest.approx(1.0)


@pytest.mark.parametrize("block", [1, 2, 256])
def test_reverse_facets_agree_with_forward_facets(
    model: tr.TransitionModel, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tr, "REVERSE_BLOCK", block)  # profiles in blocks: the same values
    n = len(model.profiles)
    for target in range(n):
        back = tr.reverse_facets(model, target)
        for origin in range(n):
            fwd = tr.forward_facets(model, tr.profile_holder(model, origin))
            for name in (*tr.FACETS, "onet_confidence"):
                a, b = fwd[name][target], back[name][origin]
                assert (np.isnan(a) and np.isnan(b)) or a == pytest.approx(b), (
                    name,
                    origin,
                    target,
                )


def test_missing_facets_are_left_out_and_the_rest_renormalised(model: tr.TransitionModel) -> None:
    facets = tr.forward_facets(model, tr.profile_holder(model, 0))
    analyst = 2  # no O*NET data
    assert np.isnan(facets["onet"][analyst])
    w = model.weights
    present = ("essential", "optional", "activity", "origin", "pathway")
    assert facets["pathway"][analyst] == pytest.approx(0.25)  # PM → analyst, documented
    expected = sum(w[k] * facets[k][analyst] for k in present)
    expected /= sum(w[k] for k in present)
    assert tr.combine(facets, w)[analyst] == pytest.approx(expected)


def test_origin_facet_is_the_idf_weighted_share_of_the_origins_skills_the_target_uses(
    model: tr.TransitionModel,
) -> None:
    # idf over 4 occupations: s0, s1, s4 are required by one (log 5/2), s2, s3 by three
    # (log 5/4). support has s1 and s2 (weight 1); analyst requires s3 and s2 (optional):
    # s2 is used (credit 1), s1 has no counterpart (cosine to s2/s3 below LOW).
    idf = model.idf
    assert idf[[0, 2]].tolist() == pytest.approx([math.log(5 / 2), math.log(5 / 4)])
    facets = tr.forward_facets(model, tr.profile_holder(model, 1))
    assert facets["origin"][2] == pytest.approx(idf[2] / (idf[1] + idf[2]))
    # the PM requires s0 (a near-synonym of s1) and s2: all of support's skills are used
    assert facets["origin"][0] == pytest.approx(1.0)
    # directional: from the PM (s0, s2, s3 at 0.5) to support nothing covers s3
    back = tr.forward_facets(model, tr.profile_holder(model, 0))
    expected = (idf[0] + idf[2]) / (idf[0] + idf[2] + 0.5 * idf[3])
    assert back["origin"][1] == pytest.approx(expected)


def test_v1_weights_leave_the_origin_facet_out(model: tr.TransitionModel) -> None:
    v1 = tr.build_model(model.space, model.profiles, tr.SCORERS["transitions.facets.v1"])
    facets = tr.forward_facets(v1, tr.profile_holder(v1, 1))
    assert np.isnan(facets["origin"]).all()
    keep = ("essential", "optional", "activity", "onet")
    w = tr.V1_WEIGHTS
    num = sum(
        w[k] * facets[k][0] * (facets["onet_confidence"][0] if k == "onet" else 1) for k in keep
    )
    den = sum(w[k] * (facets["onet_confidence"][0] if k == "onet" else 1) for k in keep)
    assert tr.combine(facets, v1.weights)[0] == pytest.approx(num / den)
    assert tr.SCORER == "transitions.facets.v3" and tr.DEFAULT_WEIGHTS["origin"] > 0
    assert tr.DEFAULT_WEIGHTS["pathway"] > 0 and tr.V2_WEIGHTS["pathway"] == 0


def test_onet_weight_is_scaled_by_the_weaker_link_confidence(model: tr.TransitionModel) -> None:
    facets = tr.forward_facets(model, tr.profile_holder(model, 0))
    assert facets["onet_confidence"].tolist() == [1.0, 1.0, 0.0, 0.5]


# -- explained transitions ---------------------------------------------------------------------
def _thresholds() -> Thresholds:
    return tr.calibrate_thresholds(
        np.array([0.2, 0.4, 0.6, 0.8]), np.array([0.1, 0.5]), (LOW, HIGH)
    )


def test_a_transition_carries_its_terms_and_partitions_the_essentials(
    model: tr.TransitionModel,
) -> None:
    origin, target = 1, 0
    holder = tr.profile_holder(model, origin)
    have, source = tr.have_vector(model, holder)
    facets = tr.forward_facets(model, holder)
    row = {k: float(v[target]) for k, v in facets.items()}
    t = build_transition(
        model, _thresholds(), role_ref(model, origin), origin, target, row, have=have, source=source
    )
    assert t.score == pytest.approx(tr.combine(facets, model.weights)[target], abs=1e-4)
    assert sum(f.share for f in t.facets) == pytest.approx(1.0, abs=1e-3)
    assert t.score == pytest.approx(sum(f.share * (f.value or 0) for f in t.facets), abs=1e-3)
    pairs = {(m.target_label, m.origin_label) for m in t.matched_pairs}
    assert ("interview customers", "run user interviews") in pairs  # soft match
    assert ("prioritise requests", "prioritise requests") in pairs
    soft = next(m for m in t.matched_pairs if m.target_label == "interview customers")
    assert 0.9 < soft.similarity < 1.0 and soft.credit == 1.0
    assert t.missing_essentials == []
    assert t.job_zone_gap == 2.0 and t.wage_ratio == 3.0
    assert t.wage_basis == "OEWS median: 11-0001 over 43-0001"
    back = build_transition(
        model,
        _thresholds(),
        role_ref(model, 0),
        0,
        2,
        {k: float(v[2]) for k, v in tr.forward_facets(model, tr.profile_holder(model, 0)).items()},
        have=tr.have_vector(model, tr.profile_holder(model, 0))[0],
        source=tr.have_vector(model, tr.profile_holder(model, 0))[1],
    )
    assert [m.label for m in back.missing_essentials] == []  # PM has optional SQL (credit 0.5)
    assert back.job_zone_gap is None  # analyst has no job zone


def test_a_skill_set_is_scored_like_a_holder(model: tr.TransitionModel) -> None:
    holder = tr.skill_set_holder(model, {"skill/s1": 1.0, "skill/s2": 0.5, "unknown": 1.0})
    assert holder.columns.tolist() == [1, 2] and holder.onet is None
    facets = tr.forward_facets(model, holder)
    assert facets["essential"][0] == pytest.approx(0.75)  # s0 via s1 (1.0) + s2 at 0.5
    assert np.isnan(facets["onet"]).all()


def test_distinct_ranking_folds_family_variants(model: tr.TransitionModel) -> None:
    scores = np.array([0.0, 0.9, 0.5, 0.7])
    rows = tr.ranked_rows(scores, model.profiles.family, exclude=[0], distinct=True)
    assert rows == [(1, []), (3, [2])]
    assert tr.ranked_rows(scores, model.profiles.family, exclude=[0], distinct=False) == [
        (1, []),
        (3, []),
        (2, []),
    ]
    assert tr.rank_of(scores, 2, model.profiles.family, 0, distinct=False) == 3
    assert tr.rank_of(scores, 2, model.profiles.family, 0, distinct=True) == 2


def test_the_origins_own_family_is_no_move(model: tr.TransitionModel) -> None:
    """From an analyst, the other analyst variant is where they already are."""
    family = model.profiles.family
    assert tr.own_family(family, [2]) == [2, 3]
    assert tr.own_family(family, [0]) == [0]
    scores = np.array([0.9, 0.5, 0.0, 0.7])
    rows = tr.ranked_rows(scores, family, exclude=tr.own_family(family, [2]), distinct=True)
    assert rows == [(0, []), (1, [])]
    # the sibling scoring above no longer counts against a target
    assert tr.rank_of(scores, 1, family, 2, distinct=True) == 3
    assert tr.rank_of(scores, 1, family, tr.own_family(family, [2]), distinct=True) == 2


def test_two_step_routes_beat_the_direct_move() -> None:
    first = np.array([0.0, 0.8, 0.3, 0.9])
    second = np.array([0.0, 0.6, 0.9, 0.1])
    assert tr.best_steps(first, second, 0.2, exclude=[0]) == [
        (1, 0.8, 0.6, 0.6),
        (2, 0.3, 0.9, 0.3),
    ]
    assert tr.best_steps(first, second, 0.7, exclude=[0]) == []


def test_thresholds_are_quantiles_of_the_reference_scores() -> None:
    th = _thresholds()
    assert th.viable == pytest.approx(0.35) and th.highly_viable == pytest.approx(0.5)
    assert th.background_share_viable == 0.5 and th.background_share_highly_viable == 0.5
    assert tr.viability(0.6, th) == "highly viable"
    assert tr.viability(0.4, th) == "viable"
    assert tr.viability(0.1, th) == "stretch"


# -- a person: their CV's skills plus what their occupations imply -------------------------------
def test_implied_skills_are_down_weighted_and_never_override_the_cv(model) -> None:  # type: ignore[no-untyped-def]
    support = model.profiles.row["occ/support"]
    person = {"skill/s3": 0.9, "skill/s2": 0.2}  # writes SQL; a little prioritisation
    merged, implied = tr.with_implied_skills(model, person, [support], 0.35)
    # the support role's essentials (s1, s2 at weight 1) come in at 0.35 …
    assert merged["skill/s1"] == pytest.approx(0.35)
    assert implied == {"skill/s1"}
    # … and raise the person's own weaker s2 (0.2) to 0.35, but never lower a CV weight
    assert merged["skill/s2"] == pytest.approx(0.35) and merged["skill/s3"] == 0.9
    # with the implied skills the person is closer to PM than with the CV alone
    pm = model.profiles.row["occ/pm"]
    alone = tr.combine(tr.forward_facets(model, tr.skill_set_holder(model, person)), model.weights)
    both = tr.combine(tr.forward_facets(model, tr.skill_set_holder(model, merged)), model.weights)
    assert both[pm] > alone[pm]


def test_an_exact_feeder_role_lends_its_competencies_to_its_esco_occupation() -> None:
    from careerpivot.packs.loader import load_pack

    pack = load_pack()
    swe = next(r for r in pack.feeders if r.id == "software_engineering")
    ux = next(r for r in pack.feeders if r.id == "ux_ui_design")
    comp_uris = [s.uri for c in pack.competencies for s in c.esco_skills]
    position = {u: i for i, u in enumerate(dict.fromkeys(comp_uris))}
    esco = make_profiles()
    # row 1: software developer (exact for the feeder); row 2: user experience analyst,
    # only "closest-available" for the UX feeder, so it gains nothing
    esco.ids[1] = swe.esco_occupations[0].uri
    esco.ids[2] = next(e.uri for e in ux.esco_occupations if e.relation != "exact")
    esco.__post_init__()
    esco.essential = op.weights_matrix([{}, {}, {}, {}], len(position))
    extra, source = op.feeder_competencies(pack, esco, position)
    assert source == {1: "software_engineering"}
    assert extra[0].nnz == 0 and extra[2].nnz == 0 and extra[3].nnz == 0
    level4 = pack.competency("problem_solving").esco_skills[0].uri  # the feeder builds it at 4
    assert extra[1, position[level4]] == 1.0


def test_holder_extra_raises_what_a_holder_has_and_is_explained() -> None:
    space, profiles = make_space(), make_profiles()
    extra = op.weights_matrix([{}, {3: 1.0}], 5)  # support agent also "has" write SQL
    plain = tr.build_model(space, profiles)
    lent = tr.build_model(space, profiles, holder_extra=(extra, {1: "occ/analyst"}))
    assert lent.holder[1, 3] == 1.0 and plain.holder[1, 3] == 0.0
    before = tr.forward_facets(plain, tr.profile_holder(plain, 1))["essential"][2]
    after = tr.forward_facets(lent, tr.profile_holder(lent, 1))["essential"][2]
    assert before == 0.0 and after == 1.0  # the analyst requires only write SQL
    facets = tr.forward_facets(lent, tr.profile_holder(lent, 1))
    row = {k: float(v[2]) for k, v in facets.items()}
    th = Thresholds(
        viable=0.3,
        highly_viable=0.5,
        method="test",
        reference_pairs=0,
        background_pairs=0,
        background_share_viable=0.0,
        background_share_highly_viable=0.0,
        soft_match_low=LOW,
        soft_match_high=HIGH,
    )
    move = build_transition(lent, th, role_ref(lent, 1), 1, 2, row)
    assert move.notes and "analyst" in move.notes[0]
