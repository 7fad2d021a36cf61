"""``careerpivot transitions`` and the transition service on a tiny synthetic release.

The release is :mod:`tests.minidata` with a few more made-up occupations and skills; skill
vectors come from the model-free ``hashing.v1`` embedder, so nothing is downloaded.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careerpivot import transitions_service as ts
from careerpivot.errors import InputError, NotFoundError
from careerpivot.settings import load as load_settings
from tests import minidata

OCC = {
    "o1": ("1223.1", "1223", "widget product manager", "product lead", ""),
    "o2": ("4222.1", "4222", "widget support agent", "helpdesk agent", ""),
    "o3": ("2511.9", "2511", "widget analyst", "", ""),
    "o4": ("1223.2", "1223", "gadget product manager", "", ""),
    "o5": ("4222.2", "4222", "gadget support agent", "", ""),
    "o6": ("2511.8", "2511", "widget data engineer", "", ""),
}
SKILLS = {
    "s1": ("skill/competence", "cross-sector", "interview customers", "run user interviews"),
    "s2": ("skill/competence", "transversal", "prioritise requests", "triage requests"),
    "s3": ("knowledge", "sector-specific", "widget markets", "widget market knowledge"),
    "s4": ("skill/competence", "cross-sector", "write SQL", "query databases"),
    "s5": ("skill/competence", "cross-sector", "answer customer questions", "help customers"),
    "s6": ("skill/competence", "cross-sector", "plan product roadmaps", "roadmap planning"),
    "s7": ("skill/competence", "cross-sector", "build data pipelines", "data pipelines"),
}
RELATIONS = [
    ("o1", "essential", "s1"),
    ("o1", "essential", "s2"),
    ("o1", "essential", "s6"),
    ("o1", "optional", "s3"),
    ("o4", "essential", "s1"),
    ("o4", "essential", "s6"),
    ("o4", "optional", "s4"),
    ("o2", "essential", "s2"),
    ("o2", "essential", "s5"),
    ("o2", "optional", "s1"),
    ("o5", "essential", "s5"),
    ("o5", "essential", "s2"),
    ("o3", "essential", "s4"),
    ("o3", "optional", "s2"),
    ("o6", "essential", "s4"),
    ("o6", "essential", "s7"),
]


@pytest.fixture
def release_home(tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home with the synthetic release imported and the hashing embedder selected."""
    from careerpivot.extract.service import embed_taxonomy
    from careerpivot.taxonomy.build import detect_sources, import_sources

    monkeypatch.setattr(minidata, "OCC", OCC)
    monkeypatch.setattr(minidata, "SKILLS", SKILLS)
    monkeypatch.setattr(minidata, "RELATIONS", RELATIONS)
    monkeypatch.setattr(ts, "EMBEDDER", "hashing.v1")
    monkeypatch.setenv("COLUMNS", "200")  # keep Rich tables on one line per row
    data = minidata.full_release(tmp_path / "data")
    import_sources(home / "taxonomy.sqlite", detect_sources(data))
    embed_taxonomy(load_settings(), embedder="hashing.v1")
    return home


def test_ranking_lists_other_occupations_and_pack_roles_with_terms(release_home: Path) -> None:
    ranking = ts.rank_transitions(minidata.occ_uri("o2"), limit=50, distinct=False)
    ids = [t.target.id for t in ranking.transitions]
    assert minidata.occ_uri("o2") not in ids
    assert minidata.occ_uri("o5") == ids[0]  # same skills as the origin
    assert {"pm", "customer_success"} <= set(ids)  # pack roles take part
    assert ranking.candidates == len(ids)
    for t in ranking.transitions:
        assert t.score == pytest.approx(sum(f.share * (f.value or 0) for f in t.facets), abs=1e-3)
    cache = list((release_home / "transitions" / "hashing.v1").glob("*.npz"))
    assert len(cache) == 1


def test_a_move_is_explained_and_directional(release_home: Path) -> None:
    move = ts.transition("widget support agent", "widget product manager")
    assert move.origin.label == "widget support agent" and move.target.code == "1223.1"
    pairs = {(m.target_label, m.origin_label) for m in move.matched_pairs}
    assert ("prioritise requests", "prioritise requests") in pairs
    missing = {m.label for m in move.missing_essentials}
    assert "plan product roadmaps" in missing
    essentials = {"interview customers", "prioritise requests", "plan product roadmaps"}
    matched_ess = {m.target_label for m in move.matched_pairs if m.relation == "essential"}
    assert matched_ess | missing == essentials and not matched_ess & missing
    assert move.reverse_score is not None and move.reverse_score != move.score
    assert move.job_zone_gap == 2.0  # O*NET job zones 4 (managers) vs 2 (customer service)
    assert move.wage_ratio == pytest.approx(140000 / 41000, abs=1e-3)


def test_a_persons_skills_are_scored_against_a_target(release_home: Path) -> None:
    skills = {minidata.skill_uri("s1"): 1.0, minidata.skill_uri("s6"): 0.8}
    move = ts.score_skill_set_against("1223.1", skills)
    assert move.origin.kind == "person"
    assert {m.target_label for m in move.matched_pairs} >= {"interview customers"}
    onet = next(f for f in move.facets if f.name == "onet")
    assert onet.value is None and onet.share == 0
    with pytest.raises(InputError) as info:
        ts.score_skill_set_against("1223.1", {"http://example.org/not-a-skill": 1.0})
    assert info.value.code == "CP-TRN001"


def test_unknown_and_ambiguous_names_raise_coded_errors(release_home: Path) -> None:
    with pytest.raises(NotFoundError) as info:
        ts.transition("qqqzzz", "pm")
    assert info.value.code == "CP-OCC001"
    with pytest.raises(NotFoundError) as info:
        ts.rank_transitions("   ")
    assert info.value.code == "CP-OCC002"


def test_cli_prints_a_ranking_and_one_json_object(release_home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("transitions", "widget support agent", "-n", "5")
    assert result.exit_code == 0, result.stderr
    assert "gadget support agent" in result.stdout and "viable ≥" in result.stdout
    result = run_cli("transitions", minidata.occ_uri("o2"), "--json", "--kind", "esco")
    data = json.loads(result.stdout)
    assert data["origin"]["label"] == "widget support agent"
    assert {t["target"]["kind"] for t in data["transitions"]} == {"esco"}


def test_ranking_table_fits_the_terminal(
    release_home: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A narrow terminal keeps target names whole and drops the facet columns (with a note);
    a wide one shows every facet value."""
    monkeypatch.setenv("COLUMNS", "80")
    narrow = run_cli("transitions", "widget support agent", "-n", "5")
    assert narrow.exit_code == 0, narrow.stderr
    assert "gadget support agent" in narrow.stdout and "ess  opt" not in narrow.stdout
    assert "Facet values are shown from 110 columns" in narrow.stdout
    monkeypatch.setenv("COLUMNS", "150")
    wide = run_cli("transitions", "widget support agent", "-n", "5")
    assert "ess  opt" in wide.stdout and "Facet values are shown" not in wide.stdout


def test_cli_explains_one_move(release_home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("transitions", "4222.1", "--to", "1223.1")
    assert result.exit_code == 0, result.stderr
    assert "Matched skills" in result.stdout and "Missing essential skills" in result.stdout
    data = json.loads(run_cli("transitions", "4222.1", "--to", "1223.1", "--json").stdout)
    assert data["target"]["label"] == "widget product manager"
    assert {f["name"] for f in data["facets"]} == {
        "essential",
        "optional",
        "activity",
        "onet",
        "origin",
        "pathway",
    }


def test_cli_unknown_occupation_exits_non_zero_with_a_code(release_home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("transitions", "qqqzzz")
    assert result.exit_code == 66
    assert "CP-OCC001" in result.stderr


def test_cli_without_a_taxonomy_says_what_to_do(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("transitions", "pm")
    assert result.exit_code == 69
    assert "CP-STO001" in result.stderr


def test_the_all_pairs_matrix_holds_each_origins_ranking(
    release_home: Path, run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import csv
    import gzip

    out = tmp_path / "matrix.csv.gz"
    result = run_cli("transitions-matrix", "-o", str(out), "--top", "3")
    assert result.exit_code == 0, result.stderr
    assert "rows" in result.stdout and "peak memory" in result.stdout
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    ctx = ts.load_context()
    n = len(ctx.model.profiles)
    assert {r["origin_id"] for r in rows} == set(ctx.model.profiles.ids)
    assert len(rows) <= 3 * n and all(r["origin_id"] != r["target_id"] for r in rows)
    # the rows of one origin are its ranking, as `transitions FROM` lists it
    origin = minidata.occ_uri("o2")
    mine = [r for r in rows if r["origin_id"] == origin]
    ranking = ts.rank_transitions(origin, limit=3)
    assert [r["target_id"] for r in mine] == [t.target.id for t in ranking.transitions]
    assert [float(r["score"]) for r in mine] == [t.score for t in ranking.transitions]
    # the facet values behind each score are written beside it
    facets = {f.name: f.value for f in ranking.transitions[0].facets}
    assert {k: (float(v) if v else None) for k, v in mine[0].items() if k in facets} == facets


def test_the_matrix_refuses_a_missing_folder(release_home: Path, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("transitions-matrix", "-o", str(tmp_path / "nope" / "m.csv"))
    assert result.exit_code != 0
    assert "CP-TRN002" in result.stderr
    assert not (tmp_path / "nope").exists()
