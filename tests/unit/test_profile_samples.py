"""The fictional sample CVs shipped next to the repository parse into the right jobs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from careerpivot.profile import Profile, parse_file


def _samples_dir() -> Path | None:
    candidates = []
    shared = os.environ.get("CAREERPIVOT_SHARED_DATA")
    if shared:
        candidates.append(Path(shared) / ".." / "samples" / "cv")
    candidates.append(Path(__file__).resolve().parents[2] / ".." / "shared" / "samples" / "cv")
    return next((c for c in candidates if c.is_dir()), None)


SAMPLES = _samples_dir()
pytestmark = pytest.mark.skipif(SAMPLES is None, reason="../shared/samples not available")


def _parse(name: str) -> Profile:
    assert SAMPLES is not None
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"sample {name} missing")
    return parse_file(path)


def _jobs(
    profile: Profile,
) -> list[tuple[str, str | None, str | None, str | None, str | None, bool]]:
    return [
        (e.title, e.employer, e.location, e.start, e.end, e.current) for e in profile.experiences
    ]


def test_maya_markdown_cv() -> None:
    profile = _parse("maya-csm.md")
    assert _jobs(profile) == [
        ("Senior Customer Success Manager", "Flowbase GmbH", "Berlin", "2022-03", None, True),
        ("Customer Success Manager", "Flowbase GmbH", "Berlin", "2020-01", "2022-02", False),
        ("Customer Support Specialist", "Lumo Travel", "Stockholm", "2018-08", "2019-12", False),
    ]
    assert [len(e.bullets) for e in profile.experiences] == [5, 2, 2]
    assert profile.experiences[0].bullets[3] == (
        "Partnered with a product manager on the redesign of the approval workflow: ran 14 "
        "customer interviews, wrote the problem statement and tested prototypes with 6 accounts."
    )
    assert profile.experiences[2].bullets[0] == (
        "Resolved 40–60 tickets a day by email and chat (CSAT 96%)."
    )
    [degree] = profile.education
    assert (degree.qualification, degree.institution, degree.end) == (
        "BA Communication Studies",
        "Uppsala University",
        "2018",
    )
    assert "Productboard" in profile.listed_skills and "SQL" in profile.listed_skills
    assert [(lang.name, lang.level) for lang in profile.languages] == [
        ("Swedish", "native"),
        ("English", "fluent"),
        ("German", "B2"),
    ]
    assert {r.kind: r.count for r in profile.redactions} == {"email": 1, "phone": 1}
    assert profile.summary.startswith("Customer success manager with six years in B2B SaaS.")
    assert profile.warnings == []


def test_daniel_plain_text_cv() -> None:
    profile = _parse("daniel-support-lead.txt")
    assert profile.contact.name == "Daniel Okafor"
    assert _jobs(profile) == [
        ("Support Team Lead", "Penny App Ltd", "Manchester", "2021", None, True),
        ("Customer Service Advisor", "Northern Energy plc", "Manchester", "2017", "2021", False),
        ("Retail Sales Assistant", "Currys", "Salford", "2016", "2017", False),
    ]
    assert [len(e.bullets) for e in profile.experiences] == [4, 2, 0]
    assert profile.experiences[0].bullets[1] == (
        "Introduced ticket tagging and a weekly top-10 issues report; 3 of the top issues were "
        "fixed by the product team, reducing contact rate by 22%."
    )
    assert [e.qualification for e in profile.education] == [
        "Level 4 Diploma in Customer Service Management",
        "A-levels: Maths, Business Studies, English",
    ]
    assert profile.education[0].end == "2019"
    assert profile.listed_skills[:3] == ["Team leadership", "coaching", "complaint handling"]
    assert {r.kind: r.count for r in profile.redactions} == {"email": 1}
    assert profile.warnings == []


def test_priya_markdown_cv_with_h3_job_headings() -> None:
    profile = _parse("priya-account-manager.md")
    assert _jobs(profile) == [
        ("Key Account Manager", "Stackline Logistics BV", "Amsterdam", "2019-09", None, True),
        ("Business Development Representative", "Cargoo", "Rotterdam", "2017", "2019", False),
    ]
    assert [len(e.bullets) for e in profile.experiences] == [3, 1]
    [degree] = profile.education
    assert (degree.qualification, degree.institution, degree.end) == (
        "MSc International Business",
        "Erasmus University Rotterdam",
        "2017",
    )
    assert [lang.name for lang in profile.languages] == ["Dutch", "English", "Tamil"]
    assert "Negotiation" in profile.listed_skills
    assert profile.warnings == []
