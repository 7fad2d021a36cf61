"""The resource catalogue (pack content + schema) and the pure resource recommender."""

from __future__ import annotations

import ast
import json
import math
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml

import careerpivot.planning.resources as planning_resources
from careerpivot.errors import CODES, InputError, PlanningInputError
from careerpivot.packs.loader import load_pack
from careerpivot.packs.resources import (
    COST_BANDS,
    MIN_RESOURCES,
    RESOURCES_FILE,
    Resource,
    ResourceCatalogue,
    load_resources,
    load_resources_dir,
)
from careerpivot.packs.schema import Pack
from careerpivot.planning.resources import (
    ADVANCED_FACTOR,
    DIVERSITY_DECAY,
    OVER_BUDGET_FACTOR,
    REGION_MISMATCH_FACTOR,
    Recommendation,
    recommend_resources,
    type_cap,
)


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack()


@pytest.fixture(scope="module")
def catalogue() -> ResourceCatalogue:
    return load_resources()


def res(rid: str, builds: dict[str, int], **over: Any) -> Resource:
    """A small fictional resource; ``over`` replaces any field."""
    data: dict[str, Any] = {
        "id": rid,
        "title": rid.replace("_", " ").title(),
        "type": "book",
        "provider": "Fictional Press",
        "cost": "low",
        "time": {"hours": [4, 6], "text": "a short read"},
        "format": "read",
        "region": "global",
        "level": "beginner",
        "builds": builds,
        "why": f"Why {rid} helps.",
        "checked": "2026-11",
    }
    data.update(over)
    return Resource.model_validate(data)


def tiny(*resources: Resource) -> ResourceCatalogue:
    names = {"user_empathy": "User empathy", "execution": "Execution", "strategy": "Strategy"}
    return ResourceCatalogue(pack="product", resources=resources, competency_names=names)


def recommend(cat: ResourceCatalogue, gaps: dict[str, float], **kw: Any) -> list[Recommendation]:
    args: dict[str, Any] = {"budget": "high", "hours_per_week": 5.0, "limit": 10} | kw
    return recommend_resources(cat, gaps, **args)


def ids(recs: list[Recommendation]) -> list[str]:
    return [r.resource.id for r in recs]


# -- shipped catalogue ----------------------------------------------------------------------
def test_catalogue_loads_with_at_least_40_resources(catalogue: ResourceCatalogue) -> None:
    assert catalogue.pack == "product"
    assert len(catalogue.resources) >= MIN_RESOURCES >= 40
    assert len({r.id for r in catalogue.resources}) == len(catalogue.resources)
    assert load_resources() is catalogue  # cached


def test_catalogue_spans_the_required_kinds_of_resource(catalogue: ResourceCatalogue) -> None:
    types = {r.type for r in catalogue.resources}
    assert {
        "newsletter",
        "podcast",
        "book",
        "course",
        "certification",
        "community",
        "apm_programme",
        "practice",
    } <= types
    titles = {r.title.split(":")[0] for r in catalogue.resources}
    assert {"Inspired", "Empowered", "Continuous Discovery Habits", "The Mom Test"} <= titles
    assert {r.cost for r in catalogue.resources} == set(COST_BANDS)


def test_every_competency_is_built_by_at_least_two_resources(
    catalogue: ResourceCatalogue, pack: Pack
) -> None:
    coverage = catalogue.coverage()
    assert set(coverage) == {c.id for c in pack.competencies}
    thin = {cid: rids for cid, rids in coverage.items() if len(rids) < 2}
    assert thin == {}
    strong = {
        cid
        for cid, rids in coverage.items()
        for rid in rids
        if catalogue_strength(catalogue, rid, cid) >= 2
    }
    assert strong == set(coverage), "every competency has a resource that practises it"


def catalogue_strength(cat: ResourceCatalogue, rid: str, cid: str) -> int:
    found = cat.get(rid)
    assert found is not None
    return found.builds[cid]


def test_every_entry_is_complete_and_checked(catalogue: ResourceCatalogue) -> None:
    for r in catalogue.resources:
        assert r.checked == "2026-11", r.id
        assert r.why.endswith("."), r.id
        assert r.url is None or r.url.startswith("https://"), r.id
        assert r.time.describe()


def test_competency_names_come_from_the_pack(catalogue: ResourceCatalogue, pack: Pack) -> None:
    assert catalogue.competency_name("user_empathy") == pack.competency("user_empathy").name


def test_filter_by_type_competency_and_budget(catalogue: ResourceCatalogue) -> None:
    books = catalogue.filter(type="book")
    assert books and all(r.type == "book" for r in books)
    free = catalogue.filter(budget="free")
    assert free and all(r.cost == "free" for r in free)
    low = catalogue.filter(budget="low")
    assert {r.cost for r in low} == {"free", "low"}
    empathy = catalogue.filter(competency="user_empathy", budget="free")
    assert empathy and all("user_empathy" in r.builds and r.cost == "free" for r in empathy)


# -- bad catalogues -------------------------------------------------------------------------
@pytest.fixture
def res_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped resources.yaml."""
    src = files("careerpivot.packs") / "product" / RESOURCES_FILE
    (tmp_path / RESOURCES_FILE).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def edit(directory: Path, change: Any) -> None:
    path = directory / RESOURCES_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def resource_error(directory: Path, pack: Pack, **kw: Any) -> str:
    with pytest.raises(InputError) as info:
        load_resources_dir(directory, pack, **kw)
    assert info.value.code == "CP-PAK001"
    return info.value.message


def test_copy_of_the_shipped_file_loads(res_dir: Path, pack: Pack) -> None:
    assert len(load_resources_dir(res_dir, pack).resources) == len(load_resources().resources)


def test_unknown_competency_names_the_entry_and_field(res_dir: Path, pack: Pack) -> None:
    def change(d: Any) -> None:
        d["resources"][3]["builds"]["empathy"] = 2

    edit(res_dir, change)
    rid = yaml.safe_load((res_dir / RESOURCES_FILE).read_text())["resources"][3]["id"]
    msg = resource_error(res_dir, pack)
    assert f"resources[3] ({rid}).builds.empathy: unknown competency 'empathy'" in msg


def test_duplicate_id_names_the_second_entry(res_dir: Path, pack: Pack) -> None:
    def change(d: Any) -> None:
        d["resources"][5]["id"] = d["resources"][2]["id"]

    edit(res_dir, change)
    msg = resource_error(res_dir, pack)
    assert "resources[5]" in msg and "duplicate id" in msg


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("cost", "cheap", "resources[0] (lennys_newsletter).cost"),
        ("builds", {"execution": 4}, "resources[0] (lennys_newsletter).builds.execution"),
        ("time", {"hours": [5, 2], "text": "x"}, "resources[0] (lennys_newsletter).time"),
        ("time", {"text": "x"}, "exactly one of hours"),
        ("url", "http://example.org", "resources[0] (lennys_newsletter).url"),
        ("checked", "November", "resources[0] (lennys_newsletter).checked"),
        ("colour", "red", "resources[0] (lennys_newsletter).colour"),
    ],
)
def test_bad_field_is_a_coded_error_naming_the_entry(
    res_dir: Path, pack: Pack, field: str, value: Any, expected: str
) -> None:
    def change(d: Any) -> None:
        d["resources"][0][field] = value

    edit(res_dir, change)
    assert expected in resource_error(res_dir, pack)


def test_missing_field_names_the_entry(res_dir: Path, pack: Pack) -> None:
    edit(res_dir, lambda d: d["resources"][1].pop("why"))
    assert "resources[1] (mind_the_product).why: Field required" in resource_error(res_dir, pack)


def test_too_few_resources_is_an_error(res_dir: Path, pack: Pack) -> None:
    edit(res_dir, lambda d: d.update(resources=d["resources"][:10]))
    assert "10 resources, at least 40 needed" in resource_error(res_dir, pack)
    assert len(load_resources_dir(res_dir, pack, min_entries=5).resources) == 10


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- just a list\n", "top-level 'resources' list"),
        ("resources: []\nextra: 1\n", "unknown top-level key(s) ['extra']"),
        ("resources: [\n", "YAML does not parse at line"),
    ],
)
def test_malformed_file_is_a_coded_error(
    tmp_path: Path, pack: Pack, text: str, expected: str
) -> None:
    (tmp_path / RESOURCES_FILE).write_text(text, encoding="utf-8")
    assert expected in resource_error(tmp_path, pack)


def test_missing_file_is_a_coded_error(tmp_path: Path, pack: Pack) -> None:
    assert "resources.yaml: file is missing" in resource_error(tmp_path, pack)


def test_unknown_pack_is_a_coded_error() -> None:
    with pytest.raises(InputError) as info:
        load_resources("nope")
    assert info.value.code == "CP-PAK001"


def test_catalogue_model_rejects_duplicates_and_unknown_competencies() -> None:
    with pytest.raises(ValueError, match="duplicate id 'a'"):
        tiny(res("a", {"execution": 1}), res("a", {"execution": 2}))
    with pytest.raises(ValueError, match="unknown competency 'nope'"):
        tiny(res("a", {"nope": 1}))


# -- recommender: scoring -------------------------------------------------------------------
def test_ranking_favours_resources_closing_the_largest_gaps() -> None:
    cat = tiny(
        res("exec_book", {"execution": 3}, type="book"),
        res("empathy_pod", {"user_empathy": 3}, type="podcast"),
        res("strategy_blog", {"strategy": 3}, type="blog"),
    )
    recs = recommend(cat, {"user_empathy": 3, "execution": 1, "strategy": 2})
    assert ids(recs) == ["empathy_pod", "strategy_blog", "exec_book"]
    assert [r.rank for r in recs] == [1, 2, 3]
    assert [r.score for r in recs] == [3.0, 2.0, 1.0]


def test_terms_explain_the_score_exactly() -> None:
    cat = tiny(res("two", {"execution": 2, "user_empathy": 1, "strategy": 3}))
    (rec,) = recommend(cat, {"execution": 3, "user_empathy": 2})
    t = rec.terms
    assert [(g.competency_id, g.gap, g.strength) for g in t.gaps] == [
        ("execution", 3.0, 2),
        ("user_empathy", 2.0, 1),
    ]
    assert [g.contribution for g in t.gaps] == pytest.approx([2.0, 2 / 3])
    assert t.coverage == pytest.approx(2 + 2 / 3)
    product = t.coverage * t.budget_fit * t.time_fit * t.region_fit * t.level_fit * t.diversity
    assert rec.score == pytest.approx(product)
    assert rec.algorithm == "planning.resources.v1"


def test_resources_building_no_gap_are_never_recommended() -> None:
    cat = tiny(res("exec", {"execution": 3}), res("emp", {"user_empathy": 1}))
    assert ids(recommend(cat, {"user_empathy": 1, "execution": 0})) == ["emp"]
    assert recommend(cat, {}) == []
    assert recommend(cat, {"execution": 0}) == []


def test_over_budget_resources_are_excluded_or_flagged() -> None:
    cat = tiny(
        res("pricey", {"execution": 3}, cost="high", type="course"),
        res("cheap", {"execution": 1}, cost="free"),
    )
    assert ids(recommend(cat, {"execution": 2}, budget="medium")) == ["cheap"]
    assert ids(recommend(cat, {"execution": 2}, budget="high")) == ["pricey", "cheap"]
    kept = recommend(cat, {"execution": 2}, budget="free", include_over_budget=True)
    pricey = next(r for r in kept if r.resource.id == "pricey")
    assert pricey.terms.budget_fit == OVER_BUDGET_FACTOR
    assert any("more than your budget" in f for f in pricey.flags)
    assert any("above your free budget" in r for r in pricey.reasons)


def test_budget_filter_on_the_shipped_catalogue(catalogue: ResourceCatalogue) -> None:
    gaps = {c: 2.0 for c in catalogue.competency_names}
    for budget in COST_BANDS:
        recs = recommend(catalogue, gaps, budget=budget)
        allowed = COST_BANDS[: COST_BANDS.index(budget) + 1]
        assert recs and all(r.resource.cost in allowed for r in recs), budget


def test_time_fit_penalises_weekly_loads_above_the_available_hours() -> None:
    cat = tiny(
        res(
            "job",
            {"execution": 3},
            type="apm_programme",
            format="programme",
            time={"hours_per_week": [40, 50], "text": "full time"},
        ),
        res("long_read", {"execution": 3}, time={"hours": [100, 120], "text": "a long read"}),
        res("short", {"execution": 1}, type="podcast"),
    )
    recs = {r.resource.id: r for r in recommend(cat, {"execution": 3}, hours_per_week=5)}
    assert recs["job"].terms.time_fit == pytest.approx(5 / 40)
    assert "needs at least 40 hours a week; you have 5" in recs["job"].flags
    assert recs["long_read"].terms.time_fit == pytest.approx(12 / (120 / 5))
    assert "takes about 24 weeks at your pace" in recs["long_read"].flags
    assert recs["short"].terms.time_fit == 1.0 and recs["short"].flags == ()
    full_time = {r.resource.id: r for r in recommend(cat, {"execution": 3}, hours_per_week=40)}
    assert full_time["job"].terms.time_fit == 1.0


def test_region_fit_and_flag() -> None:
    cat = tiny(
        res("us_only", {"execution": 3}, region="us"),
        res("eu", {"execution": 3}, region="europe", type="meetup", format="community"),
    )
    recs = {r.resource.id: r for r in recommend(cat, {"execution": 2}, region="UK")}
    assert recs["us_only"].terms.region_fit == REGION_MISMATCH_FACTOR
    assert "aimed at region us, not uk" in recs["us_only"].flags
    assert recs["eu"].terms.region_fit == 1.0
    anywhere = recommend(cat, {"execution": 2}, region=None)
    assert all(r.terms.region_fit == 1.0 for r in anywhere)


def test_advanced_resources_are_penalised_for_wide_gaps() -> None:
    cat = tiny(res("adv", {"execution": 3}, level="advanced"))
    (wide,) = recommend(cat, {"execution": 3})
    assert wide.terms.level_fit == ADVANCED_FACTOR and wide.flags
    (narrow,) = recommend(cat, {"execution": 1})
    assert narrow.terms.level_fit == 1.0 and narrow.flags == ()


def test_reasons_are_built_from_catalogue_fields() -> None:
    r = res(
        "mom",
        {"user_empathy": 3},
        cost_note="sold as an e-book",
        time={"hours": [3, 5], "text": "a short book"},
    )
    (rec,) = recommend(tiny(r), {"user_empathy": 2}, region="us")
    assert rec.reasons == (
        "Builds User empathy (strength 3 of 3); your gap there is 2 levels.",
        "Why mom helps.",
        "Cost: low (sold as an e-book); within your high budget.",
        "Time: a short book (3-5 hours in total); you have 5 hours a week.",
        "Type: book; level: beginner.",
        "Region: global.",
    )


# -- recommender: diversity -----------------------------------------------------------------
def test_diverse_types_are_preferred_over_a_run_of_books() -> None:
    books = [res(f"book_{i}", {"execution": 3}) for i in range(6)]
    pod = res("pod", {"execution": 2}, type="podcast", format="listen")
    practice = res("practice", {"execution": 1}, type="practice", format="practice")
    recs = recommend(tiny(*books, pod, practice), {"execution": 3}, limit=4)
    assert ids(recs) == ["book_0", "pod", "book_1", "practice"]
    assert recs[2].terms.diversity == DIVERSITY_DECAY
    assert recs[2].score == pytest.approx(3.0 * DIVERSITY_DECAY)


def test_books_only_fill_the_list_when_nothing_else_fits() -> None:
    books = [res(f"book_{i}", {"execution": 3}) for i in range(6)]
    recs = recommend(tiny(*books), {"execution": 3}, limit=5)
    assert len(recs) == 5 and ids(recs)[0] == "book_0"


def test_shipped_catalogue_recommendations_mix_types(catalogue: ResourceCatalogue) -> None:
    gaps = {"discovery_experimentation": 3.0, "user_empathy": 2.0, "strategic_thinking": 2.0}
    recs = recommend(catalogue, gaps, budget="low", limit=10, region="uk")
    assert len(recs) == 10
    types = [r.resource.type for r in recs]
    assert max(types.count(t) for t in set(types)) <= type_cap(10) == math.ceil(10 / 3)
    assert len(set(types)) >= 4
    assert all(r.resource.cost in ("free", "low") for r in recs)
    assert recs[0].terms.gaps[0].competency_id == "discovery_experimentation"
    assert [r.score for r in recs] == sorted((r.score for r in recs), reverse=True)


def test_limit_is_respected(catalogue: ResourceCatalogue) -> None:
    assert len(recommend(catalogue, {"execution": 2}, limit=3)) == 3


# -- recommender: bad input -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("gaps", "kw", "expected"),
    [
        ({"nope": 1}, {}, "unknown competency 'nope'"),
        ({"execution": 5}, {}, "expected 0 to 4"),
        ({"execution": -1}, {}, "expected 0 to 4"),
        ({"execution": 1}, {"budget": "lavish"}, "unknown budget 'lavish'"),
        ({"execution": 1}, {"hours_per_week": 0}, "hours_per_week is 0"),
        ({"execution": 1}, {"limit": 0}, "limit is 0"),
    ],
)
def test_bad_inputs_raise_a_coded_error(gaps: dict[str, float], kw: Any, expected: str) -> None:
    cat = tiny(res("a", {"execution": 1}))
    with pytest.raises(PlanningInputError) as info:
        recommend(cat, gaps, **kw)
    assert info.value.code == "CP-PLN001" and info.value.code in CODES
    assert expected in info.value.message


def test_the_recommender_module_does_no_io() -> None:
    tree = ast.parse(Path(planning_resources.__file__).read_text(encoding="utf-8"))
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    allowed = {"__future__", "math", "collections", "collections.abc", "typing", "pydantic"}
    assert imported - allowed == {"careerpivot.errors", "careerpivot.packs.resources"}
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert "open" not in names


# -- CLI ------------------------------------------------------------------------------------
def test_cli_resources_json_lists_the_whole_catalogue(run_cli: Any, home: Path) -> None:
    result = run_cli("pack", "resources", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["count"] == len(load_resources().resources) >= 40
    assert data["filters"] == {"type": None, "competency": None, "budget": None}
    assert {"id", "title", "type", "cost", "time", "builds", "why", "checked"} <= set(
        data["resources"][0]
    )


def test_cli_resources_filters(run_cli: Any, home: Path) -> None:
    data = json.loads(
        run_cli("pack", "resources", "--type", "book", "--budget", "free", "--json").stdout
    )
    assert data["count"] >= 1
    assert all(r["type"] == "book" and r["cost"] == "free" for r in data["resources"])
    by_name = json.loads(run_cli("pack", "resources", "-c", "User empathy", "--json").stdout)
    assert by_name["filters"]["competency"] == "user_empathy"
    assert all("user_empathy" in r["builds"] for r in by_name["resources"])


def test_cli_resources_table_shows_titles(run_cli: Any, home: Path) -> None:
    result = run_cli("pack", "resources", "--type", "podcast")
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert "Lenny's Podcast" in out and "Resources (" in out
    assert "The Mom Test" not in out


def test_cli_resources_unknown_filter_is_a_coded_error(run_cli: Any, home: Path) -> None:
    result = run_cli("pack", "resources", "--competency", "empathy")
    assert result.exit_code == 66
    assert "CP-PAK003" in result.stderr and "user_empathy" in result.stderr
    assert run_cli("pack", "resources", "--budget", "cheap").exit_code == 66
    assert run_cli("pack", "resources", "--type", "video").exit_code == 66


def test_cli_validate_reports_the_resource_catalogue(run_cli: Any, home: Path) -> None:
    data = json.loads(run_cli("pack", "validate", "--json").stdout)
    assert data["resources"] == len(load_resources().resources)
    assert "resource catalogue valid" in run_cli("pack", "validate").stdout
