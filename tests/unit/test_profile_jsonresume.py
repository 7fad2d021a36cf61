"""JSON Resume documents (jsonresume.org) map onto the Profile model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careerpivot.errors import DocumentError
from careerpivot.profile import parse_bytes, parse_file

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cv"


def test_json_resume_maps_basics_work_education_skills_and_languages() -> None:
    profile = parse_file(FIXTURES / "jordan-resume.json")
    assert profile.source.format == "jsonresume"
    assert profile.contact.name == "Jordan Example"
    assert profile.contact.location == "Leeds, GB"
    assert profile.headline == "Support Specialist"
    assert profile.summary == "Customer support specialist with five years in software and retail."
    first, second = profile.experiences
    assert (first.title, first.employer, first.location) == (
        "Senior Support Specialist",
        "Example Helpdesk Ltd",
        "Leeds",
    )
    assert (first.start, first.end, first.current) == ("2021-03", None, True)
    assert first.description == "Second-line support for a B2B helpdesk product."
    assert len(first.bullets) == 2
    assert (second.start, second.end, second.current) == ("2019-01", "2021-02", False)
    [degree] = profile.education
    assert (degree.qualification, degree.field, degree.institution) == (
        "BSc",
        "Business Management",
        "University of Exampleton",
    )
    assert (degree.start, degree.end, degree.details) == (
        "2013",
        "2016",
        ["Marketing", "Statistics"],
    )
    assert profile.listed_skills == ["Customer support", "Zendesk", "Jira", "Data", "SQL", "Excel"]
    assert [(lang.name, lang.level) for lang in profile.languages] == [
        ("English", "Native speaker"),
        ("French", "B1"),
    ]


def test_json_resume_spans_index_into_the_rendered_text() -> None:
    profile = parse_file(FIXTURES / "jordan-resume.json")
    for job in profile.experiences:
        assert job.span is not None
        assert profile.text[job.span.start : job.span.end] == job.raw_text


def test_json_resume_contact_details_are_redacted_and_counted() -> None:
    profile = parse_file(FIXTURES / "jordan-resume.json")
    stored = profile.model_dump_json()
    assert "example.com" not in stored and "496 0000" not in stored
    assert "[email]" in profile.experiences[1].bullets[0]
    assert {r.kind: r.count for r in profile.redactions} == {
        "email": 2,
        "url": 2,
        "phone": 1,
        "address": 1,
    }


def test_json_resume_without_redaction_keeps_contact_details() -> None:
    profile = parse_file(FIXTURES / "jordan-resume.json", redact=False)
    assert profile.contact.emails == ["jordan.example@example.com", "ops@example.com"]
    assert profile.contact.phones == ["+44 113 496 0000"]
    assert profile.contact.address == "12 Example Road, LS1 4AB"
    assert profile.redactions == []


def test_json_resume_with_wrong_types_is_read_leniently_with_warnings() -> None:
    document = {
        "basics": {"name": "Jordan Example", "location": "Leeds"},
        "work": [
            "not an object",
            {"position": "Support Specialist", "name": "Example Ltd", "startDate": "someday"},
            {"position": "Agent", "name": "Sample plc", "startDate": "2020", "endDate": "2018"},
        ],
        "skills": "Zendesk",
    }
    profile = parse_bytes(json.dumps(document).encode(), "resume.json")
    assert [e.title for e in profile.experiences] == ["Support Specialist", "Agent"]
    assert profile.experiences[0].start is None
    assert (profile.experiences[1].start, profile.experiences[1].end) == ("2020", None)
    codes = sorted(w.code for w in profile.warnings)
    assert codes == ["CP-DOC104", "CP-DOC104", "CP-DOC106", "CP-DOC106"]


def test_json_resume_without_work_warns_cp_doc103() -> None:
    profile = parse_bytes(b'{"basics": {"name": "Jordan Example"}}', "resume.json")
    assert [w.code for w in profile.warnings] == ["CP-DOC103"]


def test_json_that_is_not_a_resume_or_profile_is_cp_doc007() -> None:
    with pytest.raises(DocumentError) as info:
        parse_bytes(b'{"hello": "world"}', "data.json")
    assert info.value.code == "CP-DOC007"


@pytest.mark.parametrize("data", [b'{"basics": ', b"[1, 2", b"{" * 5000])
def test_invalid_json_named_json_is_cp_doc004(data: bytes) -> None:
    with pytest.raises(DocumentError) as info:
        parse_bytes(data, "resume.json")
    assert info.value.code == "CP-DOC004"
