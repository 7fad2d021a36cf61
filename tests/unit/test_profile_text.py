"""Plain-text and Markdown CVs: sections, job headers, bullets, education, skills."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerpivot.profile import Experience, parse_bytes, parse_file, parse_text
from careerpivot.profile.headers import parse_header
from careerpivot.profile.sections import heading_kind, split_sections

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cv"


def _jobs(experiences: list[Experience]) -> list[tuple[object, ...]]:
    return [
        (e.title, e.employer, e.location, e.start, e.end, e.current, len(e.bullets))
        for e in experiences
    ]


def test_plain_text_cv_gives_jobs_with_titles_employers_dates_and_bullets() -> None:
    profile = parse_file(FIXTURES / "jordan-example.txt")
    assert profile.source.format == "text"
    assert profile.source.parser == "careerpivot.parser.text.v1"
    assert _jobs(profile.experiences) == [
        ("Senior Support Specialist", "Example Helpdesk Ltd", "Leeds", "2021-03", None, True, 3),
        ("Support Specialist", "Sample Retail plc", None, "2019-01", "2021-02", False, 2),
        ("Store Assistant", "Corner Shop Co.", "York", "2017", "2018", False, 1),
    ]
    first = profile.experiences[0]
    assert first.bullets[1] == (
        "Run a weekly report of the top issues for the product manager; two were fixed "
        "in 2023 and contact volume fell by 15%."
    )
    assert profile.experiences[2].bullets == ["Served customers and handled the till."]
    assert profile.summary.startswith("Customer support specialist with five years")
    assert profile.warnings == []


def test_experience_spans_point_at_the_job_text() -> None:
    profile = parse_file(FIXTURES / "jordan-example.txt")
    for job in profile.experiences:
        assert job.span is not None
        assert profile.text[job.span.start : job.span.end] == job.raw_text
        assert job.raw_text.startswith(job.title)


def test_education_skills_and_languages_are_separated() -> None:
    profile = parse_file(FIXTURES / "jordan-example.txt")
    [degree] = profile.education
    assert degree.qualification == "BSc Business Management"
    assert degree.field == "Business Management"
    assert degree.institution == "University of Exampleton"
    assert degree.end == "2016"
    assert profile.listed_skills == ["Zendesk", "Jira", "customer empathy", "SQL (basic)", "Excel"]
    assert [(lang.name, lang.level) for lang in profile.languages] == [
        ("English", "native"),
        ("French", "B1"),
    ]


def test_markdown_cv_with_h3_jobs_numbered_bullets_and_a_single_line_job() -> None:
    profile = parse_file(FIXTURES / "sam-placeholder.md")
    assert profile.source.format == "markdown"
    assert profile.headline == "Account manager"
    assert _jobs(profile.experiences) == [
        ("Account Manager", "Placeholder Software Ltd", None, "2020-01", None, True, 2),
        (
            "Sales Development Representative",
            "Fictional Widgets",
            "Remote",
            "2017-06",
            "2019-12",
            False,
            1,
        ),
        ("Customer Service Agent", "Demo Telecom", "Bristol", "2015", "2017", False, 0),
    ]
    [degree] = profile.education
    assert (degree.qualification, degree.field, degree.institution) == (
        "Bachelor of Arts in History",
        "History",
        "University of Nowhere",
    )
    assert (degree.start, degree.end) == ("2012", "2015")
    assert [(lang.name, lang.level) for lang in profile.languages] == [
        ("English", "native"),
        ("Spanish", "conversational"),
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["Senior Customer Success Manager — Acme Analytics (Berlin)"],
            ("Senior Customer Success Manager", "Acme Analytics", "Berlin"),
        ),
        (
            ["Customer Support Lead, Brightdesk | 2017 to 2021"],
            ("Customer Support Lead", "Brightdesk", None),
        ),
        (
            ["Manager, Customer Success at Example Corp"],
            ("Manager, Customer Success", "Example Corp", None),
        ),
        (["Support Specialist", "Acme Corp, Leeds"], ("Support Specialist", "Acme Corp", "Leeds")),
        (["Acme Corp", "Support Specialist"], ("Support Specialist", "Acme Corp", None)),
        (
            ["Senior CSM — Acme, Inc., Boston", "Mar 2022 – present"],
            ("Senior CSM", "Acme, Inc.", "Boston"),
        ),
        (
            ["Support Engineer at Widgets Ltd. (Remote) 2020-2022"],
            ("Support Engineer", "Widgets Ltd.", "Remote"),
        ),
        (
            ["Team Lead, Penny Ltd (consumer fintech, 60 people), Manchester — 2021 to now"],
            ("Team Lead", "Penny Ltd", "Manchester"),
        ),
    ],
)
def test_job_header_shapes(lines: list[str], expected: tuple[str, str | None, str | None]) -> None:
    header = parse_header(lines)
    assert header is not None
    assert (header.title, header.employer, header.location) == expected


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("EXPERIENCE", "experience"),
        ("Work history", "experience"),
        ("WORK HISTORY:", "experience"),
        ("**Skills**", "skills"),
        ("Professional Summary", "summary"),
        ("Education & Training", "education"),
        ("Senior Support Specialist", None),
    ],
)
def test_heading_names_map_to_section_kinds(heading: str, kind: str | None) -> None:
    assert heading_kind(heading) == kind


def test_sections_accept_markdown_caps_colon_and_underlined_headings() -> None:
    text = (
        "Jordan Example\n\n## Summary\nHello.\n\nWORK HISTORY\nJob line\n\nSkills:\nZendesk\n\n"
        "Education\n=========\nBSc\n"
    )
    kinds = [s.kind for s in split_sections(text)]
    assert kinds == ["preamble", "summary", "experience", "skills", "education"]


def test_cv_without_headings_still_finds_dated_jobs() -> None:
    text = (
        "Alex Sample\n\nSupport Specialist, Example Ltd — 2019 to 2021\n"
        "- Answered customer questions by phone.\n\n"
        "Retail Assistant, Sample Shop, Leeds — 2016 to 2019\n"
    )
    profile = parse_text(text)
    assert [(e.title, e.employer, e.start, e.end) for e in profile.experiences] == [
        ("Support Specialist", "Example Ltd", "2019", "2021"),
        ("Retail Assistant", "Sample Shop", "2016", "2019"),
    ]


def test_text_without_jobs_warns_instead_of_failing() -> None:
    profile = parse_text("I have worked in customer support for many years and like it a lot.")
    assert profile.experiences == []
    assert [w.code for w in profile.warnings] == ["CP-DOC103"]
    assert profile.summary.startswith("I have worked in customer support")


def test_unreadable_job_dates_are_flagged_with_a_warning() -> None:
    text = "EXPERIENCE\nSupport Specialist, Example Ltd — 2021 - 2019\n- Did things.\n"
    profile = parse_text(text)
    [job] = profile.experiences
    assert job.start is None and job.end is None
    assert [(w.code, w.field) for w in profile.warnings] == [("CP-DOC104", "experiences[0]")]


def test_non_english_cv_gets_a_coded_warning_not_an_error() -> None:
    profile = parse_file(FIXTURES / "lena-beispiel-de.txt")
    assert [w.code for w in profile.warnings] == ["CP-DOC101"]
    assert "German" in profile.warnings[0].message
    assert [e.employer for e in profile.experiences] == ["Beispiel GmbH", "Muster Versand AG"]


def test_english_cvs_get_no_language_warning() -> None:
    for name in ("jordan-example.txt", "sam-placeholder.md"):
        assert not [w for w in parse_file(FIXTURES / name).warnings if w.code == "CP-DOC101"]


def test_windows_1252_text_is_decoded_with_a_warning() -> None:
    text = "EXPERIENCE\nCafé Supervisor, Crème Brûlée Ltd — 2019 to 2021\n- Served 200 guests.\n"
    profile = parse_bytes(text.encode("cp1252"), "cv.txt")
    assert profile.experiences[0].title == "Café Supervisor"
    assert profile.experiences[0].employer == "Crème Brûlée Ltd"
    assert [w.code for w in profile.warnings] == ["CP-DOC102"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-32"])
def test_unicode_encodings_with_and_without_bom_are_read(encoding: str) -> None:
    text = "EXPERIENCE\nSupport Specialist — Exämple Ltd\nMar 2021 – present\n- Helped.\n"
    profile = parse_bytes(text.encode(encoding), "cv.txt")
    assert profile.experiences[0].employer == "Exämple Ltd"
    assert profile.experiences[0].current is True
    assert profile.warnings == [] or [w.code for w in profile.warnings] == ["CP-DOC103"]
