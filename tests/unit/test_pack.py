"""The authored product pack: its content, schema checks, reference checks and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from careerpivot.errors import InputError, NotFoundError
from careerpivot.packs.loader import PACK_FILES, load_pack, load_pack_dir, shipped_packs
from careerpivot.packs.schema import AREAS, Pack, PmRole
from careerpivot.packs.validate import check_references, iter_references, validate_against_store

REQUIRED_ROLES = {
    "apm",
    "pm",
    "senior_pm",
    "product_owner",
    "technical_pm",
    "growth_pm",
    "product_ops",
    "head_of_product",
}
REQUIRED_FEEDERS = {
    "customer_support",
    "support_lead",
    "customer_success",
    "account_management",
    "sales",
    "solutions_engineering",
    "implementation_consulting",
    "business_analysis",
    "data_analysis",
    "software_engineering",
    "qa_testing",
    "ux_ui_design",
    "marketing",
    "project_management",
    "consulting",
    "operations",
}
REQUIRED_COMPETENCIES = {
    "first_principles",
    "influence_without_authority",
    "communication_trust",
    "prioritising_stakeholders",
    "execution",
    "strategic_thinking",
    "commercial_orientation",
    "user_empathy",
    "collaboration",
    "problem_solving",
}
FAKE_SKILL = "http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack()


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped pack."""
    src = files("careerpivot.packs") / "product"
    dst = tmp_path / "product"
    dst.mkdir()
    for fname, _ in PACK_FILES.values():
        (dst / fname).write_text((src / fname).read_text(encoding="utf-8"), encoding="utf-8")
    return dst


def edit(directory: Path, fname: str, change: Callable[[Any], None]) -> None:
    """Load one YAML file of the pack, apply ``change`` and write it back."""
    path = directory / fname
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def pack_error(directory: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_pack_dir(directory)
    assert info.value.code == "CP-PAK001"
    return info.value


def pm_role(pack: Pack, role_id: str) -> PmRole:
    role = pack.get_role(role_id)
    assert isinstance(role, PmRole), role_id
    return role


def role_data(data: dict[str, Any], role_id: str) -> dict[str, Any]:
    return next(r for r in data["roles"] if r["id"] == role_id)


class FakeStore:
    """A tiny concept index: only the URIs it is given exist."""

    def __init__(self, skills: set[str], occupations: set[str]) -> None:
        self.skills, self.occupations = skills, occupations

    @classmethod
    def knowing(cls, pack: Pack) -> FakeStore:
        refs = list(iter_references(pack))
        return cls(
            {r.uri for r in refs if r.kind == "skill"},
            {r.uri for r in refs if r.kind == "occupation"},
        )

    def has_skill(self, uri: str) -> bool:
        return uri in self.skills

    def has_occupation(self, uri: str) -> bool:
        return uri in self.occupations

    def has_source(self, source: str) -> bool:
        return source == "esco"

    def __enter__(self) -> FakeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


# -- shipped content ------------------------------------------------------------------------
def test_shipped_pack_loads_with_its_metadata(pack: Pack) -> None:
    assert "product" in shipped_packs()
    assert pack.meta.name == "product"
    assert pack.meta.esco_version == "1.1.1"
    assert sorted(pack.meta.levels) == [0, 1, 2, 3, 4]


def test_competency_model_has_ten_or_more_competencies_in_exactly_four_areas(pack: Pack) -> None:
    assert AREAS == ("execution", "customer_insight", "strategy", "influencing_people")
    assert len(pack.competencies) >= 10
    assert {c.area for c in pack.competencies} == set(AREAS)
    assert REQUIRED_COMPETENCIES.issubset(c.id for c in pack.competencies)


def test_every_competency_has_one_distinct_sentence_per_level_and_esco_skills(pack: Pack) -> None:
    for comp in pack.competencies:
        assert sorted(comp.behaviours) == [0, 1, 2, 3, 4], comp.id
        sentences = list(comp.behaviours.values())
        assert len(set(sentences)) == 5, comp.id
        assert all(s.endswith(".") and s.count(". ") == 0 for s in sentences), comp.id
        assert comp.esco_skills, comp.id


def test_required_pm_roles_and_at_least_fifteen_feeders_are_present(pack: Pack) -> None:
    assert REQUIRED_ROLES.issubset(r.id for r in pack.roles)
    assert len(pack.feeders) >= 15
    assert REQUIRED_FEEDERS.issubset(f.id for f in pack.feeders)


def test_every_pm_role_expects_a_level_for_every_competency(pack: Pack) -> None:
    ids = {c.id for c in pack.competencies}
    for role in pack.roles:
        assert set(role.expected_levels) == ids, role.id
        assert all(0 <= v <= 4 for v in role.expected_levels.values()), role.id


def test_seniority_raises_expected_levels_along_the_ladder(pack: Pack) -> None:
    totals = [sum(pm_role(pack, i).expected_levels.values()) for i in ("apm", "pm", "senior_pm")]
    assert totals == sorted(totals) and len(set(totals)) == 3


def test_mappings_are_honest_about_esco_and_soc(pack: Pack) -> None:
    pm, po = pm_role(pack, "pm"), pm_role(pack, "product_owner")
    assert (pm.soc_proxy.code, pm.soc_proxy.uncertainty) == ("11-9199.00", "high")
    assert "marketing" in pm.esco_note
    assert "no product-owner occupation" in po.esco_note
    relations = {o.relation for r in pack.roles for o in r.esco_occupations}
    assert relations == {"closest-available"}, "ESCO has no exact match for any PM role"


def test_loading_a_directory_gives_the_same_pack(pack: Pack, pack_dir: Path) -> None:
    assert load_pack_dir(pack_dir) == pack


# -- schema errors name the file and the field ----------------------------------------------
def test_level_out_of_range_names_file_and_field(pack_dir: Path) -> None:
    edit(
        pack_dir, "roles.yaml", lambda d: role_data(d, "pm")["expected_levels"].update(execution=7)
    )
    message = pack_error(pack_dir).message
    assert "roles.yaml" in message
    assert "roles[1] (pm).expected_levels.execution" in message
    assert "less than or equal to 4" in message


def test_broken_yaml_names_file_and_line(pack_dir: Path) -> None:
    (pack_dir / "competencies.yaml").write_text("competencies:\n  - id: x\n   name: [oops\n")
    message = pack_error(pack_dir).message
    assert message.startswith("competencies.yaml: YAML does not parse at line")


def test_unknown_competency_in_expected_levels_is_rejected(pack: Pack, pack_dir: Path) -> None:
    edit(pack_dir, "roles.yaml", lambda d: role_data(d, "apm")["expected_levels"].update(mind=2))
    message = pack_error(pack_dir).message
    assert "roles.yaml: roles[0] (apm).expected_levels: unknown competency ['mind']" in message

    data = pack.model_dump()
    data["roles"][0]["expected_levels"]["mind"] = 2
    with pytest.raises(ValidationError, match="unknown competency"):
        Pack.model_validate(data)


def test_missing_competency_level_is_rejected(pack_dir: Path) -> None:
    edit(
        pack_dir, "roles.yaml", lambda d: role_data(d, "pm")["expected_levels"].pop("collaboration")
    )
    assert "(pm).expected_levels: no level for ['collaboration']" in pack_error(pack_dir).message


def test_behaviours_must_have_exactly_levels_0_to_4(pack_dir: Path) -> None:
    edit(pack_dir, "competencies.yaml", lambda d: d["competencies"][2]["behaviours"].pop(4))
    message = pack_error(pack_dir).message
    assert "competencies.yaml: competencies[2] (data_informed_decisions).behaviours" in message
    assert "exactly the levels 0, 1, 2, 3 and 4" in message


def test_unknown_area_is_rejected(pack_dir: Path) -> None:
    edit(pack_dir, "competencies.yaml", lambda d: d["competencies"][0].update(area="vibes"))
    message = pack_error(pack_dir).message
    assert "competencies[0] (execution).area" in message and "influencing_people" in message


def test_duplicate_competency_id_is_rejected(pack_dir: Path) -> None:
    edit(pack_dir, "competencies.yaml", lambda d: d["competencies"][1].update(id="execution"))
    assert "duplicate competency id 'execution'" in pack_error(pack_dir).message


def test_ladder_must_reference_existing_roles(pack_dir: Path) -> None:
    edit(
        pack_dir, "roles.yaml", lambda d: role_data(d, "senior_pm")["ladder"]["next"].append("cto")
    )
    message = pack_error(pack_dir).message
    assert "roles[2] (senior_pm).ladder.next: unknown role id ['cto']" in message


def test_feeder_builds_must_reference_known_competencies(pack_dir: Path) -> None:
    def change(d: Any) -> None:
        d["feeders"][0]["builds"]["juggling"] = {"level": 2, "why": "Circus days."}

    edit(pack_dir, "feeders.yaml", change)
    message = pack_error(pack_dir).message
    assert "feeders.yaml: feeders[0] (customer_support).builds: unknown competency" in message


def test_unknown_keys_are_rejected(pack_dir: Path) -> None:
    edit(pack_dir, "roles.yaml", lambda d: role_data(d, "pm").update(salary=100))
    message = pack_error(pack_dir).message
    assert "roles[1] (pm).salary" in message and "Extra inputs are not permitted" in message


def test_alias_shared_by_two_roles_is_rejected(pack_dir: Path) -> None:
    edit(pack_dir, "feeders.yaml", lambda d: d["feeders"][0]["aliases"].append("Product Manager"))
    message = pack_error(pack_dir).message
    assert "'product manager' is used by more than one role: ['customer_support', 'pm']" in message


def test_missing_file_is_reported(pack_dir: Path) -> None:
    (pack_dir / "feeders.yaml").unlink()
    assert "feeders.yaml: file is missing" in pack_error(pack_dir).message


def test_unknown_pack_name_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no authored pack named 'nope'") as info:
        load_pack("nope")
    assert info.value.code == "CP-PAK001" and "product" in info.value.hint


# -- ESCO references ------------------------------------------------------------------------
def test_check_references_is_empty_when_every_uri_exists(pack: Pack) -> None:
    assert check_references(pack, FakeStore.knowing(pack)) == []


def test_check_references_reports_a_fake_uri(pack: Pack, pack_dir: Path) -> None:
    edit(
        pack_dir,
        "competencies.yaml",
        lambda d: d["competencies"][0]["esco_skills"][0].update(uri=FAKE_SKILL),
    )
    broken = load_pack_dir(pack_dir)
    problems = check_references(broken, FakeStore.knowing(pack))
    assert problems == [
        f"ESCO skill {FAKE_SKILL} (perform project management) cited in "
        "competencies (execution) is not in the store"
    ]


def test_check_references_reports_a_missing_occupation(pack: Pack) -> None:
    store = FakeStore.knowing(pack)
    pm_uri = "http://data.europa.eu/esco/occupation/9f508305-80ce-4111-8722-f2c9b4a44890"
    store.occupations.discard(pm_uri)
    problems = check_references(pack, store)
    assert any("roles (pm)" in p and pm_uri in p for p in problems)
    assert all(pm_uri in p for p in problems)


def test_validate_against_store_raises_pak002_listing_bad_uris(pack: Pack) -> None:
    store = FakeStore.knowing(pack)
    assert validate_against_store(pack, store) == len(store.skills | store.occupations)
    store.skills.discard(pack.competencies[0].esco_skills[0].uri)
    with pytest.raises(InputError) as info:
        validate_against_store(pack, store)
    assert info.value.code == "CP-PAK002"
    assert pack.competencies[0].esco_skills[0].uri in info.value.message


# -- finding roles --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pm", "pm"),
        ("Digital Product Manager", "pm"),
        ("csm", "customer_success"),
        ("product-owner", "product_owner"),
        ("Customer success manager", "customer_success"),
        ("head of product", "head_of_product"),
    ],
)
def test_find_role_matches_id_title_or_alias(pack: Pack, query: str, expected: str) -> None:
    assert pack.find_role(query).id == expected


def test_find_role_unknown_suggests_closest(pack: Pack) -> None:
    with pytest.raises(NotFoundError) as info:
        pack.find_role("product manger")
    assert info.value.code == "CP-OCC001"
    assert "pm (Product manager)" in info.value.suggestions
    assert "did you mean" in info.value.hint


# -- CLI ------------------------------------------------------------------------------------
def test_cli_show_role_pm_shows_title_competencies_and_mappings(run_cli: Any, pack: Pack) -> None:
    result = run_cli("pack", "show-role", "pm")
    assert result.exit_code == 0, result.stderr
    assert "Product manager" in result.stdout
    for comp in pack.competencies:
        assert comp.name in result.stdout
    assert "3 strong" in result.stdout and "2 working" in result.stdout
    assert "11-9199.00" in result.stdout and "uncertainty: high" in result.stdout
    assert "closest-available" in result.stdout


def test_cli_show_role_behaviours_prints_the_expected_level_sentence(
    run_cli: Any, pack: Pack
) -> None:
    result = run_cli("pack", "show-role", "apm", "--behaviours")
    sentence = pack.competency("strategic_thinking").behaviours[1]
    assert sentence[:40] in " ".join(result.stdout.split())


def test_cli_show_role_feeder_shows_strengths_and_gaps(run_cli: Any) -> None:
    result = run_cli("pack", "show-role", "CSM")
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert "Customer success manager" in out
    assert "Typical gaps towards product management" in out
    assert "customer experience manager (closest-available)" in out


def test_cli_unknown_role_exits_non_zero_with_code_and_suggestion(run_cli: Any) -> None:
    result = run_cli("pack", "show-role", "product manger")
    assert result.exit_code == 66
    assert "CP-OCC001" in result.stderr
    assert "pm (Product manager)" in result.stderr


def test_cli_json_outputs_parse(run_cli: Any, pack: Pack) -> None:
    shown = json.loads(run_cli("pack", "show-role", "pm", "--json").stdout)
    assert shown["kind"] == "pm_role" and shown["role"]["id"] == "pm"
    assert len(shown["role"]["expected_levels"]) == len(pack.competencies)
    feeder = json.loads(run_cli("pack", "show-role", "sales", "--json").stdout)
    assert feeder["kind"] == "feeder" and feeder["role"]["likely_targets"]
    listed = json.loads(run_cli("pack", "roles", "--json").stdout)
    assert {r["id"] for r in listed["roles"]} == {r.id for r in pack.roles}
    assert len(listed["feeders"]) == len(pack.feeders)
    comps = json.loads(run_cli("pack", "competencies", "--json").stdout)
    assert [c["id"] for c in comps["competencies"]] == [c.id for c in pack.competencies]
    assert set(comps["competencies"][0]["behaviours"]) == {"0", "1", "2", "3", "4"}


def test_cli_roles_and_competencies_tables_list_everything(run_cli: Any, pack: Pack) -> None:
    roles = run_cli("pack", "roles").stdout
    assert all(r.id in roles for r in (*pack.roles, *pack.feeders))
    comps = " ".join(run_cli("pack", "competencies").stdout.split())
    assert all(f"({c.id})" in comps for c in pack.competencies)
    assert "Influencing people" in comps


def test_cli_validate_without_store_checks_schema_only(run_cli: Any, home: Path) -> None:
    result = run_cli("pack", "validate")
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert "schema valid" in out and "schema only" in out and "not checked" in out
    data = json.loads(run_cli("pack", "validate", "--json").stdout)
    assert data["schema"] == "ok" and data["references"] == "not-checked"
    assert data["counts"]["feeders"] >= 15


def test_cli_validate_with_store_checks_uris(
    run_cli: Any, home: Path, pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    from careerpivot.taxonomy.store import TaxonomyStore

    home.mkdir(parents=True)
    (home / "taxonomy.sqlite").write_bytes(b"")
    store = FakeStore.knowing(pack)
    monkeypatch.setattr(TaxonomyStore, "open", classmethod(lambda cls, path: store))
    data = json.loads(run_cli("pack", "validate", "--json").stdout)
    assert data["references"] == "ok" and data["uris_checked"] > 50

    store.occupations.clear()
    result = run_cli("pack", "validate")
    assert result.exit_code == 65 and "CP-PAK002" in result.stderr


def test_importing_the_cli_does_not_load_the_pack() -> None:
    code = (
        "import sys, careerpivot.cli; "
        "print(sorted(m for m in sys.modules if m.startswith('careerpivot.packs.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_render_role_accepts_a_json_dump_and_rejects_unknown_ids(
    capsys: pytest.CaptureFixture[str], pack: Pack
) -> None:
    from careerpivot.cli.pack import render_role

    sales = pack.get_role("sales")
    assert sales is not None
    render_role(sales.model_dump(mode="json"))
    out = " ".join(capsys.readouterr().out.split())
    assert "Sales representative" in out and "commercial sales representative (exact)" in out
    with pytest.raises(NotFoundError):
        render_role({"id": "astronaut"})
