"""The pivot report for the three sample CVs on the real taxonomy (ESCO, O*NET, OEWS, MiniLM).

What a careful reader checks: strengths and gaps quote the CV verbatim (nothing invented), the
ranking of readiness matches the CVs (Maya already does product work; Priya has the least
evidence), the person is scored on their own skills, pay figures come with their assumptions,
and unknown or ambiguous targets get a clear, coded answer with suggestions.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from careerpivot.errors import NotFoundError

ANSWERS = Path(__file__).resolve().parents[2] / "examples" / "answers-maya.yaml"
CVS = {
    "maya": "maya-csm.md",
    "daniel": "daniel-support-lead.txt",
    "priya": "priya-account-manager.md",
}
AS_OF = date(2026, 11, 28)


@pytest.fixture(scope="module")
def reports(embedded_home: Path, samples_dir: Path) -> dict[str, Any]:
    from careerpivot.pivot import pivot
    from careerpivot.settings import load

    settings = load({"CAREERPIVOT_HOME": str(embedded_home)})
    out = {}
    for name, file in CVS.items():
        path = samples_dir / "cv" / file
        report = pivot(path, "pm", answers=ANSWERS, settings=settings, as_of=AS_OF)
        out[name] = (report, path.read_text(encoding="utf-8"))
    out["settings"] = settings
    return out


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", list(CVS))
def test_every_quote_is_in_the_cv(reports, name: str) -> None:  # type: ignore[no-untyped-def]
    report, cv = reports[name]
    cv = _flat(cv)
    quotes = [q for s in report.strengths for q in s.evidence]
    quotes += [q for g in report.gaps for q in g.evidence]
    quotes += [e.sentence for c in report.competencies for e in c.evidence]
    assert quotes, "a report with no quoted evidence at all"
    for quote in quotes:
        # sentences are whitespace-normalised and may drop a bullet marker
        assert _flat(quote).strip("-•* ") in cv, quote


def test_readiness_follows_the_evidence(reports) -> None:  # type: ignore[no-untyped-def]
    ready = {n: reports[n][0].summary.readiness for n in CVS}
    assert ready["maya"] > ready["daniel"] > ready["priya"]
    months = {n: reports[n][0].summary.transition_months for n in CVS}
    assert months["maya"] < months["priya"]


def test_customer_facing_strengths_are_called_out(reports) -> None:  # type: ignore[no-untyped-def]
    maya = reports["maya"][0]
    names = " ".join(s.name.lower() for s in maya.strengths)
    assert "user" in names or "customer" in names
    assert any(s.source == "evidence" and s.evidence for s in maya.strengths)


def test_all_sections_are_computed_with_their_terms(reports) -> None:  # type: ignore[no-untyped-def]
    for name in CVS:
        report = reports[name][0]
        assert report.fit is not None and report.opportunity_cost is not None
        tr = report.transitions
        assert tr is not None, report.notes
        direct = tr["direct"]
        assert direct["origin"]["kind"] == "person" and direct["target"]["id"] == "pm"
        assert direct["matched_pairs"] and direct["missing_essentials"]
        assert tr["occupation_direct"] is not None  # every sample's title matches a role
        # the person's own occupations are not offered as a move
        own = {r["id"] for r in tr["implied_from"]}
        assert not own & {t["target"]["id"] for t in tr["ranked"]}
        oc = report.opportunity_cost
        assert [y["year"] for y in oc["years"]][:1] == [1]
        assert oc["assumptions"] and oc["caveats"]


def test_maya_is_scored_against_pm_as_a_customer_success_manager(reports) -> None:  # type: ignore[no-untyped-def]
    maya = reports["maya"][0]
    assert maya.person.feeder_role == "customer_success"
    assert maya.transitions["implied_from"][0]["id"] == "customer_success"
    matched = {m["origin_label"] for m in maya.transitions["direct"]["matched_pairs"]}
    assert "conduct research interview" in matched
    assert maya.transitions["direct"]["viability"] in ("viable", "highly viable")
    # the pack documents the move from customer success into PM; the report says so
    documented = maya.transitions["direct"]["documented"]
    assert any("Customer success manager" in line for line in documented), documented
    pathway = {f["name"]: f for f in maya.transitions["direct"]["facets"]}["pathway"]
    assert pathway["value"] == 1.0 and pathway["share"] > 0


@pytest.mark.parametrize("target", ["manager", "analyst", "nurse"])
def test_ambiguous_targets_name_the_candidates(reports, target: str) -> None:  # type: ignore[no-untyped-def]
    from careerpivot.packs.loader import load_pack
    from careerpivot.pivot import resolve_target

    with pytest.raises(NotFoundError) as err:
        resolve_target(target, load_pack(), reports["settings"])
    assert err.value.code == "CP-OCC003"
    assert len(err.value.suggestions) >= 3
    assert all(target in s.lower() for s in err.value.suggestions[:2])


def test_unknown_target_suggests_close_titles(reports) -> None:  # type: ignore[no-untyped-def]
    from careerpivot.packs.loader import load_pack
    from careerpivot.pivot import resolve_target

    with pytest.raises(NotFoundError) as err:
        resolve_target("astronaut of the sea", load_pack(), reports["settings"])
    assert err.value.code == "CP-OCC001" and "astronaut (3153.3)" in err.value.suggestions


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("product manager", "Product manager"),
        ("ux designer", "UX / UI designer"),
        ("instructional designer", "instructional designer"),
        ("clinical informatics", "clinical informatics manager"),
    ],
)
def test_clear_titles_resolve(reports, typed: str, title: str) -> None:  # type: ignore[no-untyped-def]
    from careerpivot.packs.loader import load_pack
    from careerpivot.pivot import resolve_target

    assert resolve_target(typed, load_pack(), reports["settings"]).title == title


def test_an_esco_target_is_judged_by_its_essential_skills(reports, samples_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """Any → any: a target outside the product pack gets skill gaps, not PM routes."""
    from careerpivot.pivot import pivot

    path = samples_dir / "cv" / CVS["maya"]
    cv = _flat(path.read_text(encoding="utf-8"))
    report = pivot(path, "customer experience manager", settings=reports["settings"], as_of=AS_OF)
    assert report.target.kind == "esco" and not report.target.expected_levels
    skills = [g for g in report.gaps if g.kind == "skill"]
    assert skills and len(skills) == len(report.gaps)
    assert {g.status for g in skills} >= {"missing", "partial"}
    assert all(g.actions for g in skills if g.status != "have")
    for quote in [q for g in skills for q in g.evidence]:
        assert _flat(quote).strip("-•* ") in cv, quote
    # what she brings is read off the same skills, quoted from her CV
    from_cv = [s for s in report.strengths if s.source == "evidence" and not s.competency_id]
    assert from_cv and all(s.evidence for s in from_cv)
    assert all("customer experience manager it counts as" in s.why for s in from_cv)
    for quote in [q for s in from_cv for q in s.evidence]:
        assert _flat(quote).strip("-•* ") in cv, quote
    shown = sum(g.status == "have" for g in skills)
    assert any(
        f"Your CV shows {shown} of the {len(skills)} essential ESCO skills" in r
        for r in report.summary.reasons
    )
    assert report.summary.transition_terms["hours"] > 0
    # the product pack's routes and plan, and its PM pay caveat, are not applied to it
    assert report.routes is None and report.plan is None
    assert any("Routes and the dated plan are written for" in n for n in report.notes)
    assert report.opportunity_cost is not None
    assert not any("product managers" in r for r in report.opportunity_cost["risks"])


def test_a_nurse_moving_into_clinical_informatics_sees_what_she_brings(reports) -> None:  # type: ignore[no-untyped-def]
    """A move far from the product pack: the strengths are the nurse's own skills that bear
    on the target's ESCO skills, and the product competency table (nothing in it applies)
    gives way to one line."""
    from careerpivot.intake import analyse_profile
    from careerpivot.pivot import build_report
    from careerpivot.profile import parse_text
    from careerpivot.report.markdown import render_markdown

    cv = (
        "# Jo Example\n\n## Experience\n"
        "### Staff Nurse, Example General Hospital (Mar 2019 – present)\n"
        "- Administered medication and kept patient records up to date in the ward's EHR "
        "system.\n"
        "- Dressed post-operative wounds and watched for signs of infection.\n"
    )
    profile, _ = analyse_profile(parse_text(cv), settings=reports["settings"])
    report = build_report(
        profile, "1342.1", settings=reports["settings"], as_of=AS_OF, sections=("transitions",)
    )
    assert report.target.title == "clinical informatics manager"
    labels = {s.name for s in report.strengths}
    assert "manage healthcare users' data" in labels, labels
    assert all(s.evidence for s in report.strengths)
    md = render_markdown(report)
    assert "competency model is written for product roles" in md
    assert "| Execution and delivery |" not in md
    from careerpivot.report.html import render_html

    page = render_html(report)
    section = page.split('<section id="competencies"', 1)[1].split("</section>", 1)[0]
    assert "competency model is written for product roles" in section
    assert "<table>" not in section and "Levels:" not in section


def test_the_current_role_is_no_target(reports, samples_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """Maya works as a customer success manager: a report on "moving" there, or a move from
    an occupation to itself, is a coded error, not a 16-month plan and a pay loss."""
    from careerpivot.errors import InputError
    from careerpivot.pivot import pivot
    from careerpivot.transitions_service import transition

    with pytest.raises(InputError) as err:
        pivot(
            samples_dir / "cv" / CVS["maya"], "customer success manager",
            settings=reports["settings"], as_of=AS_OF,
        )  # fmt: skip
    assert err.value.code == "CP-TRN003" and "current job" in err.value.message
    with pytest.raises(InputError) as same:
        transition("customer_success", "Customer success manager", settings=reports["settings"])
    assert same.value.code == "CP-TRN003"


def test_cli_any_target_and_its_errors(  # type: ignore[no-untyped-def]
    reports, run_cli, samples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the CLI: a Markdown report on an ESCO target lists its skill gaps in one table
    and no routes; the current role, a self-move and a plan for an ESCO target exit 65."""
    monkeypatch.setenv("CAREERPIVOT_HOME", str(reports["settings"].home))
    monkeypatch.setenv("CAREERPIVOT_DATABASE_URL", f"sqlite:///{tmp_path / 'user.db'}")
    cv, out = str(samples_dir / "cv" / CVS["maya"]), tmp_path / "cx.md"
    made = run_cli("pivot", cv, "--to", "customer experience manager", "--format", "md",
                   "-o", str(out))  # fmt: skip
    assert made.exit_code == 0, made.stderr
    text = out.read_text(encoding="utf-8")
    assert "| skill | status | action | hours | why |" in text
    assert "Routes and the dated plan are written for" in text and "## Plan" not in text
    for argv, code in [
        (("pivot", cv, "--to", "customer_success"), "CP-TRN003"),
        (("transitions", "customer_success", "--to", "Customer success manager"), "CP-TRN003"),
        (("plan", "create", cv, "--to", "customer experience manager"), "CP-PLN007"),
    ]:
        result = run_cli(*argv)
        assert result.exit_code == 65 and code in result.stderr, (argv, result.stderr)


def test_the_pivot_command_shows_what_a_nurse_brings_to_an_esco_target(
    embedded_home: Path, imported_home: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    cv = tmp_path / "jo-example.md"
    cv.write_text(
        "# Jo Example\n\n## Experience\n"
        "### Staff Nurse, Example General Hospital (Mar 2019 – present)\n"
        "- Administered medication and kept patient records up to date in the ward's EHR "
        "system.\n",
        encoding="utf-8",
    )
    result = run_cli("pivot", str(cv), "--to", "1342.1", "--format", "md")
    assert result.exit_code == 0, result.stderr
    bring = result.stdout.split("## What you bring", 1)[1].split("## Is it right", 1)[0]
    assert "**manage healthcare users' data** (from your CV)" in bring
    assert "for clinical informatics manager it counts as" in bring
    assert "competency model is written for product roles" in bring
