"""Contact details are removed from stored profiles by default, and counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerpivot.profile import parse_file, parse_text
from careerpivot.profile.redact import redact

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cv"


@pytest.mark.parametrize(
    ("text", "expected", "counts"),
    [
        ("mail jordan.example@example.com now", "mail [email] now", {"email": 1}),
        ("call +44 113 496 0000", "call [phone]", {"phone": 1}),
        ("call (555) 123-4567 or 0113 496 0000", "call [phone] or [phone]", {"phone": 2}),
        ("Phone: 555 1234", "Phone: [phone]", {"phone": 1}),
        ("Tel. +44 (0)20 7946 0000", "Tel. [phone]", {"phone": 1}),
        ("12 Example Road, Leeds LS1 4AB, UK", "[address], UK", {"address": 1}),
        ("Musterstraße 12, 10115 Berlin", "[address] Berlin", {"address": 1}),
        ("4 Sample Street, Springfield 12345", "[address]", {"address": 1}),
        (
            "https://www.linkedin.com/in/jordan-example/. and github.com/jordan",
            "[url]. and [url]",
            {"url": 2},
        ),
    ],
)
def test_contact_details_are_replaced_by_placeholders(
    text: str, expected: str, counts: dict[str, int]
) -> None:
    result = redact(text)
    assert result.text == expected
    assert result.counts == counts


@pytest.mark.parametrize(
    "text",
    [
        "2018 2019 2020 2021",
        "01/2019 – 06/2021",
        "2019-2021",
        "EUR 3.1M ARR; 40–60 tickets a day",
        "Engineering 2023",
        "1 200 000 users",
        "3 of the top issues were fixed by the product team",
        "Level 4 Diploma in Customer Service Management, 2019",
    ],
)
def test_dates_and_figures_are_not_mistaken_for_contact_details(text: str) -> None:
    assert redact(text).text == text


def test_parsed_profile_has_no_contact_details_and_records_counts() -> None:
    profile = parse_file(FIXTURES / "jordan-example.txt")
    stored = profile.model_dump_json()
    for secret in ("jordan.example@example.com", "496 0000", "Example Road", "LS1 4AB"):
        assert secret not in stored
    assert "linkedin.com" not in stored
    assert {r.kind: r.count for r in profile.redactions} == {
        "email": 1,
        "url": 1,
        "phone": 1,
        "address": 1,
    }
    assert profile.source.redacted is True
    assert profile.contact.emails == [] and profile.contact.phones == []
    assert profile.contact.name == "Jordan Example"
    assert profile.contact.location == "Leeds, UK"


def test_no_redact_keeps_contact_details_in_contact_and_text() -> None:
    profile = parse_file(FIXTURES / "jordan-example.txt", redact=False)
    assert profile.source.redacted is False
    assert profile.redactions == []
    assert profile.contact.emails == ["jordan.example@example.com"]
    assert profile.contact.phones == ["+44 113 496 0000"]
    assert profile.contact.urls == ["https://www.linkedin.com/in/jordan-example-000"]
    assert profile.contact.address == "12 Example Road, Leeds LS1 4AB"
    assert "jordan.example@example.com" in profile.text


def test_contact_details_inside_job_bullets_are_redacted_too() -> None:
    text = (
        "EXPERIENCE\nSupport Specialist, Example Ltd — 2019 to 2021\n"
        "- Ran the shared inbox help@example.com and the hotline 0113 496 0001.\n"
    )
    profile = parse_text(text)
    assert profile.experiences[0].bullets == [
        "Ran the shared inbox [email] and the hotline [phone]."
    ]
    assert {r.kind: r.count for r in profile.redactions} == {"email": 1, "phone": 1}
