"""The offline HTML pivot report: structure, escaping, no external URLs, charts, print CSS."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from importlib import resources
from typing import Any

import pytest
from markupsafe import escape

from careerpivot.analysis.competencies import CompetencyEvidence, CompetencyScore
from careerpivot.analysis.fit import score_fit
from careerpivot.analysis.gaps import Gap, GapAction
from careerpivot.analysis.opportunity import (
    OpportunityInputs,
    WageSource,
    opportunity_cost,
)
from careerpivot.analysis.strengths import Strength
from careerpivot.analysis.transition_models import (
    Facet,
    RoleRef,
    Step,
    Thresholds,
    Transition,
)
from careerpivot.packs.extras import load_fit_questionnaire
from careerpivot.packs.fit_schema import ChoiceAnswer
from careerpivot.report.charts import (
    Bar,
    Series,
    bar_chart,
    line_chart,
    nice_ticks,
    standalone,
)
from careerpivot.report.html import render_html
from careerpivot.report.model import Job, PersonSummary, PivotReport, Summary, TargetSummary
from careerpivot.report.render import render
from careerpivot.taxonomy.models import Wage

EVIL = 'I said "ship it" & wrote <script>alert("x")</script> in the release notes.'
ESCO_URI = "http://data.europa.eu/esco/occupation/00000000-0000-0000-0000-000000000000"
HEADINGS = [
    "Summary",
    "The role: Product manager",
    "What you bring",
    "Competencies (0–4)",
    "Is it right for you? Fit check",
    "Opportunity cost: staying vs pivoting",
    "Gaps and actions",
    "Adjacent and stepping-stone roles",
]
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "source", "wbr"}


def _evidence(sentence: str) -> CompetencyEvidence:
    return CompetencyEvidence(
        skill_uri="http://data.europa.eu/esco/skill/x",
        skill_label="demo skill",
        sentence=sentence,
        text="demo",
        experience_index=0,
        kind="sentence",
        weight=0.8,
        terms={"link": 1.0, "evidence": 0.8, "kind": 1.0, "recency": 1.0},
    )


def _score(cid: str, name: str, level: int | None, expected: int, conf: str) -> CompetencyScore:
    return CompetencyScore(
        id=cid,
        name=name,
        area="demo",
        level=level,
        confidence=conf,  # type: ignore[arg-type]
        expected=expected,
        evidence=[_evidence(EVIL)] if level else [],
        terms={"evidence_strength": 1.2, "evidence_level": float(level or 0)},
        explanation="Not enough information." if level is None else f"Level {level}.",
    )


def _fit() -> dict[str, Any]:
    q = load_fit_questionnaire()
    skip = q.dimensions[-1].id
    answers: dict[str, object] = {}
    for item in q.items:
        if item.dimension == skip:
            continue
        if isinstance(item.answer, ChoiceAnswer):
            answers[item.id] = item.answer.choices[0].value
        else:
            answers[item.id] = 4
    return score_fit(q, answers).model_dump(mode="json")


def _wage(soc: str, *values: float) -> Wage:
    p10, p25, median, p75, p90 = values
    return Wage(
        soc_code=soc,
        title=f"Title {soc}",
        release="May 2099",
        employment=1000,
        a_pct10=p10,
        a_pct25=p25,
        a_median=median,
        a_pct75=p75,
        a_pct90=p90,
    )


def _opportunity() -> dict[str, Any]:
    inputs = OpportunityInputs(
        origin=WageSource(
            label="Customer success manager",
            wage=_wage("41-3091", 38_000, 47_000, 70_000, 100_000, 148_000),
            basis="crosswalk",
            uncertainty="high",
        ),
        target=WageSource(
            label="Product manager",
            wage=_wage("11-9199", 74_000, 100_000, 140_000, 190_000, 230_000),
            basis="pack proxy",
            uncertainty="high",
        ),
        years_experience=6,
        title_reset=True,
        entry_role="Associate product manager",
        transition_months=9,
        unpaid_months=2,
    )
    return opportunity_cost(inputs).model_dump(mode="json")


def _transitions() -> dict[str, Any]:
    origin = RoleRef(id="customer_success", label="Customer success manager", kind="pack")

    def move(label: str, score: float, viability: str) -> Transition:
        return Transition(
            origin=origin,
            target=RoleRef(id=label, label=label, kind="esco"),
            score=score,
            viability=viability,  # type: ignore[arg-type]
            facets=[Facet(name="essential", value=0.6, weight=0.45, share=0.5, note="cover")],
            wage_ratio=1.4,
            job_zone_gap=1.0,
            steps=[
                Step(
                    via=RoleRef(id="ba", label="Business analyst", kind="esco"),
                    first_leg=0.7,
                    second_leg=0.6,
                    score=0.6,
                )
            ],
        )

    # the keys of a ``Ranking`` (built by hand: that model is still growing optional fields)
    return {
        "origin": origin.model_dump(mode="json"),
        "scorer": "transitions.facets.v1",
        "thresholds": Thresholds(
            viable=0.4,
            highly_viable=0.55,
            method="quantiles",
            reference_pairs=10,
            background_pairs=100,
            background_share_viable=0.1,
            background_share_highly_viable=0.02,
            soft_match_low=0.7,
            soft_match_high=0.9,
        ).model_dump(mode="json"),
        "candidates": 3000,
        "transitions": [
            move("Customer experience manager", 0.62, "highly viable").model_dump(mode="json"),
            move("Business <analyst>", 0.48, "viable").model_dump(mode="json"),
        ],
        "direct": move("Product manager", 0.41, "viable").model_dump(mode="json"),
    }


def make_report(**extras: Any) -> PivotReport:
    scores = [
        _score("user_empathy", "User empathy", 3, 3, "high"),
        _score("strategy", "Strategic thinking", None, 2, "low"),
        _score("execution", "Execution and delivery", 1, 3, "low"),
        _score("comms", "Clear communication & trust", 2, 3, "medium"),
    ]
    gaps = [
        Gap(
            kind="competency",
            id="execution",
            name="Execution and delivery",
            status="missing",
            expected=3,
            current=1,
            confidence="low",
            evidence=[EVIL],
            actions=[
                GapAction(
                    type="bridge_project",
                    text="Ship one small change end to end.",
                    effort_hours=(40, 120),
                ),
                GapAction(
                    type="foundation_learning", text="Learn delivery basics.", effort_hours=(10, 30)
                ),
            ],
            explanation="Expected level 3; you are at 1 (low confidence).",
        ),
        Gap(
            kind="competency",
            id="strategy",
            name="Strategic thinking",
            status="not_enough_information",
            expected=2,
            current=None,
            actions=[
                GapAction(
                    type="foundation_learning",
                    text="Find out where you stand.",
                    effort_hours=(10, 30),
                )
            ],
            explanation="Not enough information: nothing in the CV shows strategic thinking.",
        ),
        Gap(
            kind="skill",
            id="http://data.europa.eu/esco/skill/y",
            name="product roadmaps",
            status="missing",
            actions=[
                GapAction(
                    type="bridge_project", text="Practise product roadmaps.", effort_hours=(10, 30)
                )
            ],
            explanation="An essential ESCO skill of the target.",
        ),
    ]
    return PivotReport(
        generated_on=date(2025, 6, 1),
        person=PersonSummary(
            name="Alex Example",
            current_title="Customer Success Manager",
            feeder_role="customer_success",
            feeder_title="Customer success manager",
            years_experience=6.0,
            jobs=[
                Job(
                    title="Customer Success Manager",
                    employer="Demo <GmbH>",
                    start="2019-01",
                    current=True,
                    months=72,
                )
            ],
        ),
        target=TargetSummary(
            id="pm",
            title="Product manager",
            kind="pack",
            summary="Decides what to build and why.",
            responsibilities=["Own the roadmap"],
            expected_levels={"user_empathy": 3},
            esco_occupations=[ESCO_URI],
            esco_note="ESCO's product manager is marketing-flavoured.",
        ),
        summary=Summary(
            headline="Your CV shows 55% of the competency profile of a product manager.",
            reasons=["Your CV already shows what the role expects in: User empathy."],
            readiness=55,
            readiness_terms={
                "shown_levels": 6.0,
                "expected_levels": 11.0,
                "at_or_above": 1.0,
                "not_enough_information": 1.0,
            },
            transition_months=7,
            transition_terms={
                "hours": 150.0,
                "bridge_hours": 280.0,
                "bridge_overlap": 3.0,
                "other_hours": 56.7,
                "hours_per_week": 5.0,
            },
        ),
        strengths=[
            Strength(
                name="User empathy",
                source="evidence",
                why="Level 3 shown in your CV.",
                competency_id="user_empathy",
                evidence=[EVIL],
            ),
            Strength(name="First-hand user insight", source="role", why="Typical of the role."),
        ],
        competencies=scores,
        gaps=gaps,
        notes=["Scores come from your CV's wording.", "Run `careerpivot fit <x>` & retry."],
        **extras,
    )


def full_extras() -> dict[str, Any]:
    return {"fit": _fit(), "opportunity_cost": _opportunity(), "transitions": _transitions()}


class _Checker(HTMLParser):
    """Checks tag balance and collects attributes, headings and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.headings: list[str] = []
        self.scripts = 0
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs += [(tag, k, v) for k, v in attrs]
        self.scripts += tag == "script"
        if tag in ("h2",):
            self._heading = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs += [(tag, k, v) for k, v in attrs]

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


def check(html_text: str) -> _Checker:
    checker = _Checker()
    checker.feed(html_text)
    checker.close()
    assert not checker.errors, checker.errors[:5]
    assert checker.stack == [], checker.stack
    return checker


def svgs(html_text: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html_text, re.S)]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@pytest.fixture(scope="module")
def full_html() -> str:
    return render_html(make_report(**full_extras()))


@pytest.fixture(scope="module")
def bare_html() -> str:
    return render_html(make_report())


@pytest.mark.parametrize("which", ["full", "bare"])
def test_html_is_well_formed_with_every_section_in_order(
    which: str, full_html: str, bare_html: str
) -> None:
    text = full_html if which == "full" else bare_html
    assert text.startswith("<!doctype html>")
    checker = check(text)
    assert checker.headings[: len(HEADINGS)] == HEADINGS
    assert checker.headings[-1] == "Notes"


@pytest.mark.parametrize("which", ["full", "bare"])
def test_no_external_resources(which: str, full_html: str, bare_html: str) -> None:
    text = full_html if which == "full" else bare_html
    checker = check(text)
    links = [(t, k, v) for t, k, v in checker.attrs if k in ("href", "src", "action", "srcset")]
    assert links, "the table of contents should link to sections"
    assert all((v or "").startswith("#") for _, _, v in links), links
    assert checker.scripts == 0
    assert "<link" not in text and "@import" not in text
    assert re.findall(r"url\(([^)]*)\)", text) and all(
        u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", text)
    )
    # the only absolute URLs are ESCO URIs shown as text
    urls = set(re.findall(r"https?://[^\s\"'<]+", text))
    assert urls == {ESCO_URI}


def test_quotes_are_escaped_text(full_html: str) -> None:
    assert "<script>" not in full_html
    assert "&lt;script&gt;alert(" in full_html
    assert "Demo &lt;GmbH&gt;" in full_html
    assert "Business &lt;analyst&gt;" in full_html
    # Markdown-style code spans in notes become <code>, their text still escaped
    assert "Run <code>careerpivot fit &lt;x&gt;</code> &amp; retry." in full_html
    # the quote is shown as the person wrote it, in quotation marks
    assert "“I said &#34;ship it&#34; &amp; wrote &lt;script&gt;" in full_html


def test_one_accessible_svg_per_chart(full_html: str, bare_html: str) -> None:
    charts = svgs(full_html)
    ids = [c.get("id") for c in charts]
    assert ids == ["chart-competencies", "chart-fit", "chart-pay", "chart-gaps"]
    for svg in charts:
        title, desc = (_local(c.tag) for c in svg[:2])
        assert (title, desc) == ("title", "desc")
        assert (svg[0].text or "").strip() and (svg[1].text or "").strip()
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == f"{svg.get('id')}-title {svg.get('id')}-desc"
    assert [c.get("id") for c in svgs(bare_html)] == ["chart-competencies", "chart-gaps"]


def test_not_enough_information_is_drawn_and_written(full_html: str) -> None:
    competencies = svgs(full_html)[0]
    texts = ["".join(t.itertext()) for t in competencies.iter() if _local(t.tag) == "text"]
    assert "not enough information" in texts
    assert "you n/a, role 2" in texts
    assert "you 1, role 3 · low" in texts
    dashed = [
        r for r in competencies.iter() if _local(r.tag) == "rect" and r.get("stroke-dasharray")
    ]
    assert dashed


def test_print_css(full_html: str) -> None:
    css = full_html[full_html.index("<style>") : full_html.index("</style>")]
    assert "@media print" in css
    printed = css[css.index("@media print") :]
    assert "break-before: page" in printed
    assert "break-inside: avoid" in printed
    assert "background: #fff" in printed


def test_missing_sections_say_how_to_get_them(bare_html: str) -> None:
    assert "careerpivot fit --questions" in bare_html
    assert "--answers FILE" in bare_html
    assert bare_html.count("Not computed") == 2


def test_opportunity_section_shows_horizons_assumptions_and_caveat(full_html: str) -> None:
    opp = _opportunity()
    for h in opp["horizons"]:
        value = h["cumulative_difference"]["value"]
        sign = "+" if value > 0 else "−"
        assert f"USD {sign}{abs(value):,.0f}" in full_html
    assert "pivot total USD" in full_html and "stay total USD" in full_html
    assert "after" in full_html and "10 years" in full_html
    for text in [*opp["assumptions"], *opp["caveats"], *opp["risks"]]:
        assert str(escape(text)) in full_html, text
    assert "U.S. national annual wages" in full_html
    assert opp["break_even"] in full_html


def test_fit_section_shows_scores_downsides_and_unscored(full_html: str) -> None:
    fit = _fit()
    scored = [d for d in fit["dimensions"] if d["score"] is not None]
    unscored = [d for d in fit["dimensions"] if d["score"] is None]
    assert scored and unscored
    for d in scored:
        assert f"{d['score']:g}/100" in full_html
    for d in fit["dimensions"]:
        for downside in d["downsides"]:
            assert str(escape(downside)) in full_html


def test_gaps_show_status_quotes_and_typed_actions(full_html: str) -> None:
    gaps = full_html[full_html.index('id="gaps"') : full_html.index('id="transitions"')]
    assert "40–120 h" in gaps and "bridge project" in gaps and "foundation learning" in gaps
    assert "not enough information" in gaps and "missing" in gaps
    assert "product roadmaps" in gaps
    assert "&lt;script&gt;" in gaps


def test_transitions_section(full_html: str) -> None:
    part = full_html[full_html.index('id="transitions"') :]
    assert "Customer experience manager" in part and "highly viable" in part
    assert "Business analyst" in part  # stepping stone
    assert "This move from Customer success manager: 0.41 (viable)" in part


@pytest.mark.parametrize(
    "extras",
    [
        {"fit": {"dimensions": [{"name": "Only a name"}, "junk"]}},
        {"fit": {"title": "x"}},
        {"opportunity_cost": {"years": [{"year": 1}], "horizons": "junk"}},
        {
            "opportunity_cost": {
                "currency": "EUR",
                "years": [
                    {"year": 1, "stay": 10, "pivot": 5, "cumulative_difference": -5},
                    {"year": 2, "stay": 11, "pivot": 20, "cumulative_difference": 4},
                ],
            }
        },
        {"transitions": {"ranked": [{"label": "A role", "score": 0.5}], "steps": ["A → B"]}},
        {"transitions": {"transitions": [{"target": None}], "thresholds": {"viable": None}}},
        {"routes": [{"title": "Advocate"}], "plan": {"steps": [{"due": "2025-07", "title": "x"}]}},
    ],
)
def test_partial_or_unexpected_section_dicts_still_render(extras: dict[str, Any]) -> None:
    text = render_html(make_report(**extras))
    check(text)
    for svg in svgs(text):
        assert _local(svg[0].tag) == "title"


def test_partial_opportunity_derives_horizons_and_caveat() -> None:
    text = render_html(
        make_report(
            opportunity_cost={
                "currency": "EUR",
                "years": [
                    {"year": y, "stay": 100, "pivot": 90 + 5 * y, "cumulative_difference": y}
                    for y in range(1, 11)
                ],
            }
        )
    )
    assert "EUR +10" in text and 'id="chart-pay"' in text
    assert "came without a data caveat" in text


def test_render_dispatches_to_html() -> None:
    assert render(make_report(), "html").startswith("<!doctype html>")


def test_templates_ship_with_the_package() -> None:
    folder = resources.files("careerpivot.report") / "templates"
    assert (folder / "report.html.j2").is_file() and (folder / "report.css").is_file()
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert "report/templates/*" in pyproject["tool"]["setuptools"]["package-data"]["careerpivot"]


# --- charts -------------------------------------------------------------------------------


def test_bar_chart_escapes_and_labels_every_bar() -> None:
    svg = bar_chart(
        [Bar("A <b>&", 2, reference=3, note="2 of 3"), Bar("B", None, note="n/a")],
        chart_id="c1",
        title='T "x" <y>',
        desc="D",
        max_value=4,
        legend=[("solid", "level"), ("unknown", "not enough information")],
    )
    root = ET.fromstring(svg)
    assert root[0].text == 'T "x" <y>'
    texts = ["".join(t.itertext()) for t in root.iter() if _local(t.tag) == "text"]
    assert "A <b>&" in texts and "2 of 3" in texts and "not enough information" in texts
    assert int(root.get("width") or 0) > 400
    assert ET.fromstring(standalone(svg)).tag == "{http://www.w3.org/2000/svg}svg"


def test_bar_chart_rejects_a_bad_scale() -> None:
    with pytest.raises(ValueError):
        bar_chart([], chart_id="c", title="t", desc="d", max_value=0)


def test_line_chart_labels_line_ends_and_checks_lengths() -> None:
    svg = line_chart(
        [Series("Stay <here>", [1.0, 2.0, 3.0], short="stay"), Series("Go", [0.0, 2.0, 5.0])],
        [1, 2, 3],
        chart_id="c2",
        title="Pay",
        desc="Two lines",
        x_marker=(2, "break-even"),
    )
    root = ET.fromstring(svg)
    texts = ["".join(t.itertext()) for t in root.iter() if _local(t.tag) == "text"]
    assert "stay: 3" in texts and "Go: 5" in texts and "Stay <here>" in texts
    assert "break-even" in texts
    assert len([e for e in root.iter() if _local(e.tag) == "polyline"]) == 2
    with pytest.raises(ValueError):
        line_chart([Series("x", [1.0])], [1, 2], chart_id="c", title="t", desc="d")


def test_nice_ticks_cover_the_range() -> None:
    ticks = nice_ticks(0, 188_000)
    assert ticks[0] == 0 and ticks[-1] >= 188_000 and len(ticks) <= 7
    assert nice_ticks(-5, 5)[0] <= -5


def test_markdown_reads_the_same_sections_as_html() -> None:
    from careerpivot.report.markdown import render_markdown

    md = render_markdown(make_report(**full_extras()))
    opp = _opportunity()
    for h in opp["horizons"]:
        value = h["cumulative_difference"]["value"]
        sign = "+" if value > 0 else "−"
        assert f"| {h['years']} | USD {sign}{abs(value):,.0f} |" in md
    assert "None" not in md.split("## Opportunity cost")[1].split("## Gaps")[0]
    for text in [*opp["assumptions"], *opp["caveats"]]:
        assert text in md
    assert all(d["name"] in md for d in _fit()["dimensions"] if d.get("name"))


def test_skill_gap_chart_counts_the_essential_skills() -> None:
    """A target judged by its essential ESCO skills gets a chart of how many the CV shows."""
    from careerpivot.report.html import skill_gap_chart

    def gap(i: int, status: str) -> Gap:
        return Gap(
            kind="skill",
            id=f"http://data.europa.eu/esco/skill/{i}",
            name=f"skill {i}",
            status=status,  # type: ignore[arg-type]
            explanation="An essential ESCO skill of instructional designer.",
        )

    gaps = [gap(0, "have"), gap(1, "partial"), gap(2, "partial"), gap(3, "missing")]
    svg = skill_gap_chart(gaps, "instructional designer")
    assert svg is not None
    root = ET.fromstring(svg)
    text = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "1 of 4" in text and "2 of 4" in text and "shown in your CV" in text
    title = next(t for t in root.iter() if t.tag.endswith("title"))
    assert "instructional designer" in (title.text or "")
    assert skill_gap_chart([], "instructional designer") is None


def test_markdown_lists_skill_gaps_as_one_table() -> None:
    """A target judged by its essential ESCO skills: the Markdown gaps are one table with a
    row per skill, its status, action type and hours, and the counts above it."""
    skill_gaps = [g for g in make_report().gaps if g.kind == "skill"]
    report = make_report().model_copy(update={"gaps": skill_gaps})
    text = render(report, "md")
    section = text.split("## Gaps and actions", 1)[1]
    assert "Essential ESCO skills: 0 shown, 0 in part, 1 missing." in section
    assert "| product roadmaps | missing | bridge project | 10–30 |" in section
    assert "*bridge project* = practise it" in section
