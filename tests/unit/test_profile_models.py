"""The Profile model: JSON round trips, hand-edited profiles, schema file and invariants."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from careerpivot.errors import DocumentError
from careerpivot.profile import (
    SCHEMA_VERSION,
    Experience,
    Profile,
    load_profile,
    parse_bytes,
    parse_file,
    profile_json_schema,
    profile_to_json,
    save_profile,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cv"
SCHEMA_FILE = Path(__file__).parents[2] / "src" / "careerpivot" / "profile" / "profile.schema.json"


@pytest.fixture
def profile() -> Profile:
    return parse_file(FIXTURES / "jordan-example.txt")


def test_saved_profile_loads_back_unchanged(profile: Profile, tmp_path: Path) -> None:
    path = save_profile(profile, tmp_path / "profile.json")
    assert load_profile(path) == profile
    assert parse_file(path) == profile  # the generic entry point recognises it too
    assert path.read_text(encoding="utf-8") == profile_to_json(profile)


def test_saved_profile_records_file_name_and_hash_but_never_the_path(
    profile: Profile, tmp_path: Path
) -> None:
    data = (FIXTURES / "jordan-example.txt").read_bytes()
    assert profile.source.filename == "jordan-example.txt"
    assert len(profile.source.sha256) == 64
    assert profile.source.size_bytes == len(data)
    assert str(FIXTURES) not in profile_to_json(profile)
    assert parse_bytes(data, "C:\\Users\\jordan\\cv.txt").source.filename == "cv.txt"


def test_hand_edited_profile_with_corrections_loads(profile: Profile, tmp_path: Path) -> None:
    document = json.loads(profile_to_json(profile))
    document["experiences"][2]["title"] = "Retail Store Assistant"
    document["experiences"][2]["start"] = "2017-05"
    document["warnings"] = []
    document["listed_skills"].append("Intercom")
    document["skills"] = [
        {
            "uri": "http://data.europa.eu/esco/skill/example",
            "label": "customer service",
            "score": 0.9,
            "status": "added",
            "evidence": [
                {"text": "tickets", "sentence": "Resolve 50 tickets a day.", "experience_index": 0}
            ],
        }
    ]
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document, indent=4), encoding="utf-8")
    loaded = load_profile(path)
    assert loaded.experiences[2].title == "Retail Store Assistant"
    assert loaded.experiences[2].start == "2017-05"
    assert loaded.skills[0].status == "added"


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["experiences"][0].update(start="March 2021"), "experiences.0.start"),
        (lambda d: d["experiences"][0].update(end="2022", current=True), "experiences.0"),
        (lambda d: d["experiences"][1].update(titel="typo"), "experiences.1.titel"),
        (lambda d: d.update(schema_version="2.0"), "schema_version"),
        (lambda d: d["source"].pop("sha256"), "source.sha256"),
        (lambda d: d["experiences"][1].update(start="2022", end="2020"), "experiences.1"),
    ],
)
def test_invalid_profile_json_is_cp_doc009_naming_the_field(
    profile: Profile, tmp_path: Path, change: object, where: str
) -> None:
    document = json.loads(profile_to_json(profile))
    change(document)  # type: ignore[operator]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        load_profile(path)
    assert info.value.code == "CP-DOC009"
    assert where in info.value.message
    with pytest.raises(DocumentError) as again:
        parse_file(path)
    assert again.value.code == "CP-DOC009"


def test_profile_json_that_is_not_an_object_is_cp_doc009(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]")
    with pytest.raises(DocumentError) as info:
        load_profile(path)
    assert info.value.code == "CP-DOC009"


def test_save_profile_failure_is_coded_and_leaves_the_old_file(
    profile: Profile, tmp_path: Path
) -> None:
    with pytest.raises(DocumentError) as info:
        save_profile(profile, tmp_path / "missing-dir" / "p.json")
    assert info.value.code == "CP-DOC011"
    target = tmp_path / "keep.json"
    target.write_text("old")
    save_profile(profile, target)
    assert load_profile(target) == profile
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.json"]


def test_shipped_schema_file_is_up_to_date() -> None:
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert shipped == profile_json_schema(), (
        'regenerate with: python -c "from careerpivot.profile.io import write_schema; '
        "write_schema('src/careerpivot/profile/profile.schema.json')\""
    )


def test_schema_names_the_placeholders_for_the_skill_extractor() -> None:
    schema = profile_json_schema()
    assert schema["properties"]["schema_version"]["default"] == SCHEMA_VERSION
    assert {"skills", "experiences", "redactions", "warnings"} <= set(schema["properties"])
    statuses = schema["$defs"]["SkillEvidence"]["properties"]["status"]["enum"]
    assert statuses == ["accepted", "rejected", "added", "suggested"]
    assert "title_matches" in schema["$defs"]["Experience"]["properties"]


def test_current_job_cannot_have_an_end_date() -> None:
    with pytest.raises(ValidationError):
        Experience(title="Support Specialist", start="2020", end="2021", current=True)


def test_experience_duration_uses_partial_dates() -> None:
    job = Experience(title="Support Specialist", start="2021-03", current=True)
    assert job.duration_months(date(2024, 2, 10)) == 36
    assert Experience(title="Agent", start="2017", end="2021").duration_months() == 48
    assert Experience(title="Agent").duration_months() is None


def test_spans_and_evidence_must_point_inside_the_profile(profile: Profile) -> None:
    document = json.loads(profile_to_json(profile))
    document["experiences"][0]["span"] = {"start": 0, "end": len(profile.text) + 1}
    with pytest.raises(ValidationError):
        Profile.model_validate(document)
    document = json.loads(profile_to_json(profile))
    document["skills"] = [
        {
            "uri": "u",
            "label": "l",
            "score": 0.5,
            "evidence": [{"text": "t", "sentence": "s", "experience_index": 7}],
        }
    ]
    with pytest.raises(ValidationError):
        Profile.model_validate(document)


def test_importing_the_profile_package_loads_no_document_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, careerpivot.profile, careerpivot.cli.profile; "
        "print(sorted(m for m in ('pypdf', 'docx', 'fpdf') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
