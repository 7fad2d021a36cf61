"""The boilerplate filter: job-ad text with no skill evidence is recognised, requirements kept."""

from __future__ import annotations

import pytest

from careerpivot.extract.boilerplate import boilerplate_reason


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("We are an equal opportunity employer and value diversity.", "legal"),
        ("All applicants are considered regardless of race, gender or age.", "legal"),
        ("Competitive salary, 30 days of holiday and a learning budget.", "benefits"),
        ("We offer private health insurance and stock options.", "benefits"),
        ("We are a fast-growing fintech backed by leading investors.", "company"),
        ("Kitepaper is a seed-stage startup in Berlin.", "company"),
        ("To apply, send your CV to the hiring team.", "application"),
        ("Mar 2022 – present", "dates"),
        ("Looking to move into product management.", "aspiration"),
        ("I am keen to transition into a product role.", "aspiration"),
        ("Jan 2020 – Feb 2022", "dates"),
        ("Berlin, Germany · [email] · [phone]", "contact"),
    ],
)
def test_boilerplate_is_recognised(sentence: str, reason: str) -> None:
    assert boilerplate_reason(sentence) == reason


@pytest.mark.parametrize(
    "sentence",
    [
        "Talk to customers every week and turn what you learn into clear problem statements.",
        "We are looking for someone with experience in SQL and A/B testing.",
        "You will own the roadmap and prioritise the backlog.",
        "Ran 14 customer interviews and tested prototypes with 6 accounts.",
        "Explain the benefits of the product to customers during onboarding.",
    ],
)
def test_evidence_is_kept(sentence: str) -> None:
    assert boilerplate_reason(sentence) is None
