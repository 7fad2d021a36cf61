"""Plans for the three sample CVs on the real taxonomy, on SQLite and PostgreSQL.

What a careful reader checks: the person whose employer has a product team gets the internal
route first, unknown facts lower confidence, the plan survives a restart unchanged, evidence
check-ins raise readiness, and PostgreSQL gives the same plan as SQLite.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_store_postgres import pg_url, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PEOPLE = {
    "maya": ("maya-csm.md", "answers-maya.yaml"),
    "daniel": ("daniel-support-lead.txt", "answers-daniel.yaml"),
    "priya": ("priya-account-manager.md", "answers-priya.yaml"),
}
START = date(2026, 12, 1)
EVIDENCE = (
    "Defined the product strategy and a 12-month roadmap for the savings feature; prioritised "
    "the backlog with stakeholders using data from A/B tests and customer interviews."
)


def _create(url: str, name: str, samples: Path, settings: Any) -> str:
    from careerpivot.planning.service import create_plan
    from careerpivot.store import open_store

    cv, answers = PEOPLE[name]
    with open_store(url) as db:
        record = create_plan(
            db, samples / "cv" / cv, "pm", answers=EXAMPLES / answers, settings=settings,
            start=START,
        )  # fmt: skip
        return record.id


@pytest.fixture(scope="module")
def settings(embedded_home: Path) -> Any:
    from careerpivot.settings import load

    return load({"CAREERPIVOT_HOME": str(embedded_home)})


@pytest.fixture(scope="module")
def sqlite_plans(
    settings: Any, samples_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, dict[str, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('plans') / 'user.db'}"
    return url, {name: _create(url, name, samples_dir, settings) for name in PEOPLE}


def _view(url: str, plan_id: str) -> Any:
    from careerpivot.planning.service import plan_view
    from careerpivot.store import open_store

    with open_store(url) as db:
        return plan_view(db, plan_id)


def test_routes_read_as_sensible_advice(sqlite_plans: tuple[str, dict[str, str]]) -> None:
    url, ids = sqlite_plans
    routes = {n: _view(url, pid).plan.body["routes"] for n, pid in ids.items()}
    # Maya and Daniel's employers have product teams: the internal route comes first
    assert routes["maya"][0]["id"] == "internal_move"
    assert routes["daniel"][0]["id"] == "internal_move"
    # Priya does not know; her internal route is not guessed: low confidence, not first
    priya = {r["id"]: r for r in routes["priya"]}
    assert routes["priya"][0]["id"] != "internal_move"
    assert priya["internal_move"]["confidence_label"] == "low"
    # her fit answers show a high risk appetite and a long runway: startup ranks in the top 2
    assert priya["startup"]["rank"] <= 2
    for person in routes.values():
        assert all(r["terms"] or r["unknown"] for r in person)


def test_plans_are_dated_and_tied_to_each_persons_gaps(
    sqlite_plans: tuple[str, dict[str, str]],
) -> None:
    url, ids = sqlite_plans
    for name, pid in ids.items():
        view = _view(url, pid)
        body = view.plan.body
        open_gaps = {g["id"] for g in body["gaps"] if g["status"] != "have"}
        gap_steps = [s for s in body["plan"]["steps"] if s["kind"] == "gap"]
        assert gap_steps and {s["competencies"][0] for s in gap_steps} <= open_gaps, name
        dues = [s.due for s in view.plan.steps]
        assert all(START < d <= date(2027, 12, 1) for d in dues if d), name
        assert any((d - START).days <= 30 for d in dues if d), name
        for note in body["plan"]["outreach"]:
            assert "[[fill in: their first name]]" in note["text"]


def test_plan_survives_a_restart_and_evidence_raises_readiness(
    sqlite_plans: tuple[str, dict[str, str]], settings: Any
) -> None:
    from careerpivot.planning.service import check_in
    from careerpivot.store import open_store

    url, ids = sqlite_plans
    before = _view(url, ids["daniel"])
    with open_store(url) as db:
        result = check_in(db, ids["daniel"], evidence=EVIDENCE, settings=settings)
    assert result.readiness_before is not None and result.readiness_after is not None
    assert result.readiness_after > result.readiness_before
    assert result.new_skills and result.profile_revision == 2
    # "product strategy … roadmap" is evidence of strategic thinking, which the CV lacked
    assert "apply strategic thinking" in result.new_skills
    after = _view(url, ids["daniel"])  # a new engine: as after a restart
    assert after.plan.body == before.plan.body
    assert [s.key for s in after.plan.steps] == [s.key for s in before.plan.steps]
    assert [p.readiness for p in after.readiness] == [
        result.readiness_before,
        result.readiness_after,
    ]
    with open_store(url) as db:
        assert db.get_profile(after.plan.profile_id).revision == 2


def test_postgresql_gives_the_same_plan_and_progress(
    sqlite_plans: tuple[str, dict[str, str]],
    settings: Any,
    samples_dir: Path,
    pg_url: str,  # noqa: F811
) -> None:
    from careerpivot.planning.service import check_in
    from careerpivot.store import open_store

    url, ids = sqlite_plans
    pid = _create(pg_url, "maya", samples_dir, settings)
    pg, lite = _view(pg_url, pid), _view(url, ids["maya"])
    assert pg.plan.body["routes"] == lite.plan.body["routes"]
    assert [(s.key, s.due) for s in pg.plan.steps] == [(s.key, s.due) for s in lite.plan.steps]
    with open_store(pg_url) as db:
        check_in(db, pid, done=pg.plan.steps[0].key, settings=settings)
        result = check_in(db, pid, evidence=EVIDENCE, settings=settings)
    assert result.readiness_after is not None and result.readiness_before is not None
    assert result.readiness_after >= result.readiness_before
    again = _view(pg_url, pid)
    assert again.plan.steps[0].status == "done"
    assert [c.kind for c in again.checkins] == ["done", "evidence"]
    assert len(again.readiness) == 2


def test_no_product_plan_for_a_target_outside_the_pack(
    settings: Any, samples_dir: Path, tmp_path: Path
) -> None:
    """Routes are authored for product roles: planning a move into an ESCO occupation is a
    coded error, and nothing is stored."""
    from careerpivot.errors import PlanningInputError
    from careerpivot.planning.service import create_plan
    from careerpivot.store import open_store

    url = f"sqlite:///{tmp_path / 'user.db'}"
    with open_store(url) as db:
        with pytest.raises(PlanningInputError) as err:
            create_plan(
                db, samples_dir / "cv" / "maya-csm.md", "customer experience manager",
                settings=settings, start=START,
            )  # fmt: skip
        assert err.value.code == "CP-PLN007" and "customer experience manager" in err.value.hint
        assert db.list_people() == []
        # the refusal comes before the CV is read: no report is built for nothing
        with pytest.raises(PlanningInputError) as err:
            create_plan(
                db, tmp_path / "not-read.pdf", "customer experience manager",
                settings=settings, start=START,
            )  # fmt: skip
        assert err.value.code == "CP-PLN007"
