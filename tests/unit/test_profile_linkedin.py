"""LinkedIn data-export archives (Profile.csv, Positions.csv, …) map onto the Profile."""

from __future__ import annotations

import io
import zipfile

import pytest

from careerpivot.errors import DocumentError
from careerpivot.profile import parse_bytes

PROFILE_CSV = (
    "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
    "Geo Location,Twitter Handles,Websites,Instant Messengers\n"
    'Jordan,Example,,"12 Example Road, Leeds",1 Jan 1990,Senior Support Specialist at Example '
    'Helpdesk,"Support specialist who loves fixing root causes.",Software,LS1 4AB,"Leeds, United '
    'Kingdom",,[PERSONAL:https://jordan.example.com],\n'
)
POSITIONS_CSV = (
    "Company Name,Title,Description,Location,Started On,Finished On\n"
    'Example Helpdesk Ltd,Senior Support Specialist,"Second-line support.\n'
    '• Resolve 50 tickets a day\n• Weekly top-issues report",Leeds,Mar 2021,\n'
    "Sample Retail plc,Support Specialist,,York,Jan 2019,Feb 2021\n"
)
EDUCATION_CSV = (
    "School Name,Start Date,End Date,Notes,Degree Name,Activities\n"
    "University of Exampleton,2013,2016,,BSc Business Management,Debating society\n"
)
SKILLS_CSV = "Name\nZendesk\nCustomer Support\nSQL\n"
LANGUAGES_CSV = "Name,Proficiency\nEnglish,Native or bilingual proficiency\nFrench,\n"
EMAIL_CSV = (
    'Notes:\n"Emails you have added"\n\nEmail Address,Confirmed,Primary,Updated On\n'
    "jordan.example@example.com,Yes,Yes,1/1/20\n"
)


def make_export(prefix: str = "", **overrides: str | bytes | None) -> bytes:
    files: dict[str, str | bytes | None] = {
        "Profile.csv": PROFILE_CSV,
        "Positions.csv": POSITIONS_CSV,
        "Education.csv": EDUCATION_CSV,
        "Skills.csv": SKILLS_CSV,
        "Languages.csv": LANGUAGES_CSV,
        "Email Addresses.csv": EMAIL_CSV,
        "Connections.csv": "Notes:\nFirst Name,Last Name\n",
    }
    files.update(overrides)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            if content is not None:
                archive.writestr(prefix + name, content)
    return buffer.getvalue()


def test_linkedin_export_maps_positions_education_skills_and_languages() -> None:
    profile = parse_bytes(make_export(), "Basic_LinkedInDataExport.zip")
    assert profile.source.format == "linkedin"
    assert profile.contact.name == "Jordan Example"
    assert profile.contact.location == "Leeds, United Kingdom"
    assert profile.headline == "Senior Support Specialist at Example Helpdesk"
    assert profile.summary == "Support specialist who loves fixing root causes."
    assert [
        (e.title, e.employer, e.location, e.start, e.end, e.current) for e in profile.experiences
    ] == [
        ("Senior Support Specialist", "Example Helpdesk Ltd", "Leeds", "2021-03", None, True),
        ("Support Specialist", "Sample Retail plc", "York", "2019-01", "2021-02", False),
    ]
    first = profile.experiences[0]
    assert first.bullets == ["Resolve 50 tickets a day", "Weekly top-issues report"]
    assert first.description == "Second-line support."
    [degree] = profile.education
    assert (degree.qualification, degree.institution, degree.start, degree.end) == (
        "BSc Business Management",
        "University of Exampleton",
        "2013",
        "2016",
    )
    assert profile.listed_skills == ["Zendesk", "Customer Support", "SQL"]
    assert [(lang.name, lang.level) for lang in profile.languages] == [
        ("English", "Native or bilingual proficiency"),
        ("French", None),
    ]


def test_linkedin_export_never_stores_contact_details_or_birth_date() -> None:
    profile = parse_bytes(make_export(), "export.zip")
    stored = profile.model_dump_json()
    for secret in ("example.com", "Example Road", "1990"):
        assert secret not in stored
    assert {r.kind: r.count for r in profile.redactions} == {
        "email": 1,
        "url": 1,
        "address": 1,
    }
    kept = parse_bytes(make_export(), "export.zip", redact=False)
    assert kept.contact.emails == ["jordan.example@example.com"]
    assert kept.contact.address == "12 Example Road, Leeds"
    assert "1990" not in kept.model_dump_json()


def test_linkedin_export_inside_a_folder_with_bom_is_read() -> None:
    data = make_export(
        prefix="Basic_LinkedInDataExport_01-01-2025/",
        **{"Positions.csv": "\ufeff" + POSITIONS_CSV},
    )
    profile = parse_bytes(data, "export.zip")
    assert [e.employer for e in profile.experiences] == [
        "Example Helpdesk Ltd",
        "Sample Retail plc",
    ]


def test_linkedin_export_without_positions_warns() -> None:
    profile = parse_bytes(make_export(**{"Positions.csv": None}), "export.zip")
    assert profile.experiences == []
    assert sorted(w.code for w in profile.warnings) == ["CP-DOC103", "CP-DOC106"]


def test_linkedin_csv_without_expected_columns_warns() -> None:
    profile = parse_bytes(make_export(**{"Skills.csv": "Skill Title\nSQL\n"}), "export.zip")
    assert profile.listed_skills == []
    assert [w.code for w in profile.warnings] == ["CP-DOC106"]


def test_linkedin_zip_bomb_is_cp_doc006() -> None:
    bomb = make_export(**{"Positions.csv": b"\0" * (8 * 1024 * 1024)})
    with pytest.raises(DocumentError) as info:
        parse_bytes(bomb, "export.zip")
    assert info.value.code == "CP-DOC006"


def test_zip_that_is_neither_docx_nor_linkedin_is_cp_doc007() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/holiday.txt", "hello")
    with pytest.raises(DocumentError) as info:
        parse_bytes(buffer.getvalue(), "export.zip")
    assert info.value.code == "CP-DOC007"
