"""Search and show over the real imported taxonomy (ESCO v1.1.1, O*NET 29.2, OEWS)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careerpivot import occupations

pytestmark = pytest.mark.integration

PM_URI = "http://data.europa.eu/esco/occupation/9f508305-80ce-4111-8722-f2c9b4a44890"


def _titles(query: str, limit: int = 10) -> list[str]:
    return [h.title for h in occupations.search(query, limit=limit).hits]


def test_product_manager_finds_the_esco_occupation_first(imported_home: Path) -> None:
    hit = occupations.search("product manager").hits[0]
    assert (hit.source, hit.title, hit.code) == ("esco", "product manager", "1223.1")
    assert hit.matched_label == "product manager" and hit.score == 100


def test_word_order_and_typos_are_tolerated(imported_home: Path) -> None:
    assert _titles("manager product")[0] == "product manager"
    assert _titles("custmer servce representative")[0] == "customer service representative"
    assert "software developer" in _titles("sofware developper", 3)


def test_customer_success_manager_returns_customer_facing_roles(imported_home: Path) -> None:
    hits = occupations.search("customer success manager", limit=10).hits
    assert hits[0].source == "pack", "the pack defines customer success; ESCO lacks it"
    esco = [h.title.lower() for h in hits if h.source == "esco"][:5]
    words = (
        "customer",
        "client",
        "contact centre",
        "call centre",
        "service",
        "account",
        "checkout",
    )
    facing = [t for t in esco if any(w in t for w in words)]
    assert len(esco) == 5 and len(facing) == 5, esco


def test_onet_titles_reach_esco_through_the_crosswalk(imported_home: Path) -> None:
    hits = occupations.search("Help Desk Analyst", limit=5, semantic=False).hits
    esco = [h for h in hits if h.source == "esco"]
    assert esco[0].title == "ICT help desk agent"
    assert (esco[0].match_kind, esco[0].via) == ("onet_alt", "15-1232.00")
    # the semantic ordering agrees, and its O*NET term says why
    semantic = occupations.search("Help Desk Analyst", limit=5)
    assert semantic.method == "semantic"
    first = next(h for h in semantic.hits if h.source == "esco")
    assert first.title == "ICT help desk agent" and first.match_kind == "semantic"
    assert first.terms is not None and first.terms["onet"] > 0.9


@pytest.mark.parametrize(
    ("query", "wrong", "right"),
    [
        # ESCO lists "teacher" as an alternative label of politics lecturer only
        ("teacher", "politics lecturer", {"secondary school teacher", "primary school teacher"}),
        ("nurse", "nurse assistant", {"specialist nurse", "nurse responsible for general care"}),
    ],
)
def test_generic_titles_rank_the_common_occupations_first(
    imported_home: Path, query: str, wrong: str, right: set[str]
) -> None:
    assert occupations.search(query, semantic=False).hits[0].title == wrong
    top = [h.title for h in occupations.search(query, limit=2).hits]
    assert set(top) == right


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("high school teacher", "secondary school teacher"),
        ("CSM", "Customer success manager"),
        ("support lead", "Support team lead"),
        ("Help Desk Analyst", "ICT help desk agent"),
        ("manager product", "Product manager"),
    ],
)
def test_resolve_takes_clear_titles(imported_home: Path, query: str, title: str) -> None:
    assert occupations.resolve(query).title == title


def test_resolve_refuses_to_guess(imported_home: Path) -> None:
    from careerpivot.errors import NotFoundError

    with pytest.raises(NotFoundError) as ambiguous:
        occupations.resolve("registered nurse")  # lexically: no match at all
    assert ambiguous.value.code == "CP-OCC003"
    assert "nurse responsible for general care (2221.2)" in ambiguous.value.suggestions[:3]
    with pytest.raises(NotFoundError) as unknown:
        occupations.resolve("qqqq zzzz")
    assert unknown.value.code == "CP-OCC001" and unknown.value.suggestions


def test_show_lists_essential_skills_crosswalk_and_wages(imported_home: Path) -> None:
    view = occupations.show("product manager")
    occ = view.occupation
    assert occ is not None and occ.uri == PM_URI
    assert len(occ.essential_skills) == 24 and len(occ.optional_skills) == 31
    assert [o.code for o in occ.onet] == ["11-9199.00"]
    assert occ.wages[0].soc_code == "11-9199" and occ.wages[0].a_median


def test_show_by_uri_code_and_pack_id(imported_home: Path) -> None:
    assert occupations.show(PM_URI).occupation is not None
    by_code = occupations.show("1223.1").occupation
    assert by_code is not None and by_code.uri == PM_URI
    assert occupations.show("product_owner").source == "pack"


def test_cli_search_and_show(run_cli, imported_home: Path) -> None:
    result = run_cli("occupations", "search", "product manager", "--json", "--limit", "3")
    data = json.loads(result.stdout)
    assert data["scope"] == "taxonomy+pack"
    assert data["hits"][0]["title"] == "product manager"

    shown = run_cli("occupations", "show", "product manager")
    assert shown.exit_code == 0
    assert "Essential skills (24)" in shown.stdout
    assert "11-9199" in shown.stdout

    unknown = run_cli("occupations", "show", "qqqq zzzz")
    assert unknown.exit_code == 66
    assert "CP-OCC001" in unknown.stderr


def test_cli_explains_semantic_hits_and_names_ambiguous_origins(
    run_cli, imported_home: Path
) -> None:
    table = run_cli("occupations", "search", "registered nurse", "--limit", "3")
    assert table.exit_code == 0
    text = " ".join(table.stdout.split())
    assert "specialist nurse" in text  # the first hit (the table wraps longer titles)
    assert "closest label; dense" in text and "100 × the title ranker's total" in text
    ambiguous = run_cli("transitions", "nurse")
    assert ambiguous.exit_code == 66 and "CP-OCC003" in ambiguous.stderr
    assert "nurse responsible for general care (2221.2)" in " ".join(ambiguous.stderr.split())
