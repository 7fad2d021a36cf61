"""Person-level analysis on small fixtures: competency levels, gaps, strengths, readiness.

Golden values pin the scoring formula documented in careerpivot.analysis.competencies.
"""

from __future__ import annotations

from datetime import date

import pytest

from careerpivot.analysis.competencies import recency_weight, score_competencies
from careerpivot.analysis.gaps import competency_gaps, transition_months
from careerpivot.analysis.readiness import readiness
from careerpivot.analysis.strengths import transferable_strengths
from careerpivot.packs.loader import load_pack
from careerpivot.pivot import competency_links
from careerpivot.profile.models import Evidence, SkillEvidence

TODAY = date(2026, 11, 28)
INTERVIEW = "http://data.europa.eu/esco/skill/896563fc-6255-4419-89c2-ffed30159ad6"
SQL = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"


def _skill(uri: str, label: str, sentences: list[str], *, last: str = "present") -> SkillEvidence:
    return SkillEvidence(
        uri=uri,
        label=label,
        score=0.9,
        evidence=[
            Evidence(text=label, sentence=s, experience_index=0, score=0.9) for s in sentences
        ],
        last_used=last,
    )


@pytest.fixture(scope="module")
def pack():  # type: ignore[no-untyped-def]
    return load_pack()


def test_recency_weights() -> None:
    assert recency_weight("present", TODAY) == 1.0
    assert recency_weight("2025-06", TODAY) == 1.0
    assert recency_weight("2022", TODAY) == 0.7
    assert recency_weight("2015-01", TODAY) == 0.4


def test_competency_levels_follow_the_documented_formula(pack) -> None:  # type: ignore[no-untyped-def]
    interviews = _skill(
        INTERVIEW,
        "conduct research interview",
        ["Ran 14 customer interviews.", "Interviewed churned users.", "Ran discovery calls."],
    )
    skills = [interviews]
    links = competency_links(pack, skills)  # phrase links only: no embeddings here
    assert links["user_empathy"][INTERVIEW] == 0.9
    pm = pack.get_role("pm")
    scores = {s.id: s for s in score_competencies(pack, skills, links, target=pm, as_of=TODAY)}
    empathy = scores["user_empathy"]
    # three described sentences × 0.9 link × 0.9 evidence × 1.0 kind × 1.0 recency = 2.43
    assert empathy.terms["evidence_strength"] == pytest.approx(2.43)
    assert empathy.level == 2 and empathy.confidence == "high" and empathy.expected == 3
    assert empathy.evidence[0].sentence == "Ran 14 customer interviews."
    # nothing bears on strategic thinking and no role: not enough information, never a guess
    assert scores["strategic_thinking"].level is None
    assert scores["strategic_thinking"].confidence == "none"


def test_old_evidence_counts_less(pack) -> None:  # type: ignore[no-untyped-def]
    recent = _skill(INTERVIEW, "conduct research interview", ["Ran interviews."])
    old = _skill(INTERVIEW, "conduct research interview", ["Ran interviews."], last="2012")
    a = score_competencies(pack, [recent], competency_links(pack, [recent]), as_of=TODAY)
    b = score_competencies(pack, [old], competency_links(pack, [old]), as_of=TODAY)
    strength = {s.id: s.terms["evidence_strength"] for s in a}
    weaker = {s.id: s.terms["evidence_strength"] for s in b}
    assert weaker["user_empathy"] == pytest.approx(strength["user_empathy"] * 0.4)


def test_feeder_role_is_a_discounted_prior(pack) -> None:  # type: ignore[no-untyped-def]
    feeder = pack.get_role("customer_success")
    scores = {s.id: s for s in score_competencies(pack, [], {}, feeder=feeder, as_of=TODAY)}
    built = feeder.builds["user_empathy"].level
    assert scores["user_empathy"].level == built - 1
    assert scores["user_empathy"].confidence == "low"
    assert scores["user_empathy"].role_prior is not None


def test_gaps_have_typed_actions_and_rejected_skills_do_not_count(pack) -> None:  # type: ignore[no-untyped-def]
    sql = _skill(SQL, "SQL", ["Analysed churn in SQL."])
    rejected = sql.model_copy(update={"status": "rejected"})
    pm = pack.get_role("pm")
    with_sql = score_competencies(
        pack, [sql], competency_links(pack, [sql]), target=pm, as_of=TODAY
    )
    without = score_competencies(
        pack, [rejected], competency_links(pack, [rejected]), target=pm, as_of=TODAY
    )
    data_with = next(s for s in with_sql if s.id == "data_informed_decisions")
    data_without = next(s for s in without if s.id == "data_informed_decisions")
    assert data_with.evidence and not data_without.evidence
    gaps = competency_gaps(with_sql, pack.competencies)
    assert {g.status for g in gaps} <= {"have", "partial", "missing", "not_enough_information"}
    for gap in gaps:
        assert gap.actions, gap.id
        assert all(a.type in {"proof", "translation", "bridge_project", "foundation_learning"}
                   for a in gap.actions)  # fmt: skip
    unknown = [g for g in gaps if g.status == "not_enough_information"]
    assert unknown and all(g.explanation.startswith("Not enough information") for g in unknown)
    months, terms = transition_months(gaps, hours_per_week=10)
    assert months >= 1 and terms["hours_per_week"] == 10


def test_readiness_and_strengths(pack) -> None:  # type: ignore[no-untyped-def]
    pm = pack.get_role("pm")
    feeder = pack.get_role("customer_success")
    skills = [
        _skill(INTERVIEW, "conduct research interview", [f"Interview {i}." for i in range(4)])
    ]
    scores = score_competencies(
        pack, skills, competency_links(pack, skills), feeder=feeder, target=pm, as_of=TODAY
    )
    value, terms = readiness(scores)
    assert value is not None and 0 < value < 100
    assert terms["expected_levels"] == sum(pm.expected_levels.values())
    strengths = transferable_strengths(scores, feeder)
    evidence = [s for s in strengths if s.source == "evidence"]
    assert evidence and evidence[0].evidence[0].startswith("Interview")
    assert {s.name for s in strengths if s.source == "role"} == set(feeder.transferable_strengths)


def test_actions_quote_a_wrapped_cv_sentence_on_one_line(pack) -> None:  # type: ignore[no-untyped-def]
    wrapped = [
        f"Interviewed {n} churned users and\n    shared the findings with engineers."
        for n in ("ten", "twelve", "fifteen")
    ]
    skills = [_skill(INTERVIEW, "conduct research interview", wrapped)]
    pm = pack.get_role("pm")
    scores = score_competencies(
        pack, skills, competency_links(pack, skills), target=pm, as_of=TODAY
    )
    texts = [a.text for g in competency_gaps(scores, pack.competencies) for a in g.actions]
    quoting = [t for t in texts if "churned users" in t]
    assert quoting, texts
    assert all("churned users and shared the findings" in t for t in quoting)
    assert not any("\n" in t for t in texts)


RELATIONSHIP = "http://data.europa.eu/esco/skill/2239694b-771a-4586-8b54-2794e361a9ae"


def test_a_phrase_linked_skill_counts_only_where_its_phrase_says_so(pack) -> None:  # type: ignore[no-untyped-def]
    """Onboarding work shows execution; owning a book of accounts shows commercial sense, not
    execution, though the pack's phrases tie both to *maintain relationship with customers*."""
    from careerpivot.pivot import phrase_gated_evidence

    onboarding = "Ran the customer onboarding programme for 30 new accounts."
    book = "Own a book of 40 enterprise accounts (EUR 3.1M ARR)."
    skills = [
        _skill(RELATIONSHIP, "maintain relationship with customers", [onboarding, book]),
        _skill(SQL, "SQL", ["Analysed churn drivers in SQL."]),
    ]
    gated = phrase_gated_evidence(pack, skills)

    def sentences(comp: str, uri: str) -> list[str]:
        return [e.sentence for s in gated[comp] if s.uri == uri for e in s.evidence]

    assert sentences("execution", RELATIONSHIP) == [onboarding]
    assert sentences("commercial_orientation", RELATIONSHIP) == [book]
    # skills not tied by a phrase keep all their evidence
    assert sentences("execution", SQL) == ["Analysed churn drivers in SQL."]
    links = competency_links(pack, skills)
    plain = score_competencies(pack, skills, links, as_of=TODAY)
    narrowed = score_competencies(pack, skills, links, as_of=TODAY, evidence_for=gated)
    execution = next(c for c in plain if c.id == "execution")
    assert {e.sentence for e in execution.evidence} >= {onboarding, book}
    execution = next(c for c in narrowed if c.id == "execution")
    assert [e.sentence for e in execution.evidence if e.skill_uri == RELATIONSHIP] == [onboarding]


def test_the_phrases_say_which_competencies_a_skill_shows(pack) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    lead_team = "http://data.europa.eu/esco/skill/1f1d2ff8-c4c1-45cc-9812-6a7ee84a73cb"
    lead_others = "http://data.europa.eu/esco/skill/75d8e5d9-bef3-418b-9011-01bff9f27207"
    unphrased = "urn:skill:not-in-any-phrase"
    assert lead_others in {
        r.uri for r in pack.competency("influence_without_authority").esco_skills
    }
    same = np.ones(4, dtype=np.float32) / 2.0  # a unit vector: cosine 1.0 with itself
    vecs = {uri: same for uri in (lead_team, lead_others, unphrased)}
    for r in pack.competency("influence_without_authority").esco_skills:
        vecs.setdefault(r.uri, same)
    skills = [
        _skill(lead_team, "lead a team", ["Lead a team of 9 support agents."]),
        _skill(unphrased, "some skill", ["Did something."]),
    ]
    links = competency_links(pack, skills, vecs)
    # "lead a team" is named by the phrase team_leadership (execution, communication): its
    # likeness to "lead others" does not make it influencing without authority
    assert links["execution"][lead_team] == 0.9
    assert lead_team not in links["influence_without_authority"]
    # a skill no phrase names is still linked by its description's likeness
    assert links["influence_without_authority"][unphrased] == pytest.approx(1.0)


def test_a_summary_claim_weighs_less_than_a_described_job_activity(pack) -> None:  # type: ignore[no-untyped-def]
    summary = Evidence(
        text="customer interviews",
        sentence="I love talking to customers in interviews.",
        experience_index=None,
        score=0.9,
    )
    job = Evidence(
        text="customer interviews",
        sentence="Ran 14 customer interviews.",
        experience_index=0,
        score=0.9,
    )
    skill = SkillEvidence(
        uri=INTERVIEW,
        label="conduct research interview",
        score=0.9,
        evidence=[summary, job],
        last_used="present",
    )
    scores = {
        s.id: s
        for s in score_competencies(pack, [skill], competency_links(pack, [skill]), as_of=TODAY)
    }
    quoted = scores["user_empathy"].evidence
    # the job's sentence is quoted first; the summary's self-description counts 0.8
    assert [e.sentence for e in quoted] == [job.sentence, summary.sentence]
    assert quoted[0].weight == pytest.approx(0.81)
    assert quoted[1].weight == pytest.approx(0.648)
    assert quoted[1].terms["kind"] == 0.8


def test_a_sentence_showing_more_of_a_competency_is_quoted_first(pack) -> None:  # type: ignore[no-untyped-def]
    feedback_uri = "http://data.europa.eu/esco/skill/89ba58e8-a67e-4d2b-ad42-6acab25c241b"
    prototype_uri = "http://data.europa.eu/esco/skill/07dd856d-6141-48a7-a228-918f88494812"
    tagging = "Collected and tagged requests in Productboard."
    redesign = "Ran 14 customer interviews and tested prototypes with 6 accounts."
    skills = [
        _skill(feedback_uri, "measure customer feedback", [tagging]),
        _skill(INTERVIEW, "conduct research interview", [redesign]),
        _skill(prototype_uri, "create prototype of user experience solutions", [redesign]),
    ]
    links = competency_links(pack, skills)
    scores = {s.id: s for s in score_competencies(pack, skills, links, as_of=TODAY)}
    quoted = scores["discovery_experimentation"].evidence
    # equal weights: the sentence that shows two of the competency's skills comes first
    assert quoted[0].weight == quoted[1].weight
    assert [e.sentence for e in quoted] == [redesign, tagging]


def test_evidence_too_thin_for_level_1_is_not_enough_information(pack) -> None:  # type: ignore[no-untyped-def]
    # one sentence from a job that ended in 2015: 0.9 link × 0.9 evidence × 0.4 recency
    old = _skill(
        INTERVIEW, "conduct research interview", ["Ran 14 customer interviews."], last="2015"
    )
    pm = pack.get_role("pm")
    scores = {
        s.id: s
        for s in score_competencies(
            pack, [old], competency_links(pack, [old]), target=pm, as_of=TODAY
        )
    }
    empathy = scores["user_empathy"]
    assert empathy.terms["evidence_strength"] == pytest.approx(0.324)
    # the sentence is listed, but it is not read as level 0 (which would claim a lack)
    assert empathy.level is None and empathy.confidence == "low"
    assert [e.sentence for e in empathy.evidence] == ["Ran 14 customer interviews."]
    assert "touches on this in 1 place(s)" in empathy.explanation
    gap = next(g for g in competency_gaps(list(scores.values()), pack.competencies)
               if g.id == "user_empathy")  # fmt: skip
    assert gap.status == "not_enough_information" and gap.current is None
    assert gap.evidence == ["Ran 14 customer interviews."]
    assert gap.actions[0].type == "proof"
    assert "“Ran 14 customer interviews.”" in gap.actions[0].text


def test_a_target_judged_by_its_skills_shows_the_cv_skills_that_bear_on_them() -> None:
    from careerpivot.analysis.strengths import skill_strengths

    matched = [
        {"target_label": "collect healthcare user's general data", "origin_uri": "u:data",
         "origin_label": "manage healthcare users' data", "relation": "essential",
         "similarity": 0.78, "credit": 0.57, "from": "cv"},
        {"target_label": "nursing science", "origin_uri": "u:nursing",
         "origin_label": "nursing science", "relation": "essential", "similarity": 1.0,
         "credit": 0.5, "from": "role"},
        {"target_label": "manage budgets", "origin_uri": "u:budget",
         "origin_label": "manage budgets", "relation": "optional", "similarity": 1.0,
         "credit": 0.9, "from": "cv"},
    ]  # fmt: skip
    missing = [
        {"label": "analyse large-scale data in healthcare", "credit": 0.27,
         "closest_uri": "u:data", "closest_label": "manage healthcare users' data"},
        {"label": "drug interaction management", "credit": 0.26,
         "closest_uri": "u:meds", "closest_label": "administer prescribed medication"},
        {"label": "clinical science", "credit": 0.1,
         "closest_uri": "u:wounds", "closest_label": "apply wound dressings"},
    ]  # fmt: skip
    evidence = {
        "u:data": ["Kept patient records up to date."],
        "u:budget": ["Ran the ward's budget."],
        "u:meds": ["Administered medication."],
        "u:wounds": ["Dressed wounds."],
        "u:nursing": [],
    }
    out = skill_strengths("clinical informatics manager", matched, missing, evidence, 0.25)
    # essential pairs first, then optional ones, then near misses; the role-only skill and a
    # near miss below the credit floor are left out
    assert [s.name for s in out] == [
        "manage healthcare users' data",
        "manage budgets",
        "administer prescribed medication",
    ]
    assert out[0].evidence == ["Kept patient records up to date."]
    assert "close to collect healthcare user's general data, essential (credit 0.57 of 1)" in (
        out[0].why
    )
    assert "related to analyse large-scale data in healthcare" in out[0].why
    assert all(s.source == "evidence" and s.competency_id is None for s in out)
