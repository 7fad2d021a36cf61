"""A process killed mid-write loses nothing it committed and leaves no partial plan.

A child process writes plans (each with 5 steps), check-ins, readiness snapshots and profile
revisions in a loop and prints each id only after the write returned (committed). The test
SIGKILLs it at a random moment, several times on the same SQLite file, and then checks the
file with plain ``sqlite3``: integrity, foreign keys, every reported row present, and every
plan complete with all its steps.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from careerpivot.store import migrate, open_store
from tests.storedata import profile_json

pytestmark = pytest.mark.integration

STEPS_PER_PLAN = 5
USER_TABLES = {
    "people",
    "profiles",
    "profile_revisions",
    "analyses",
    "plans",
    "plan_steps",
    "checkins",
    "readiness_snapshots",
}

CHILD = """
import sys
from careerpivot.store import StepInput, open_store
from tests.storedata import profile_json

url, person_id, profile_id = sys.argv[1:4]
steps = [StepInput(f"s{i}", f"Step {i}") for i in range(int(sys.argv[4]))]
with open_store(url) as db:
    print("ready", flush=True)
    n = 0
    while True:
        body = {"n": n, "pad": "x" * 4000}
        plan = db.create_plan(profile_id, "pack:product-manager", body, steps)
        print("plan", plan.id, flush=True)
        checkin = db.add_checkin(plan.id, "done", step_key="s0")
        print("checkin", checkin.id, plan.id, flush=True)
        point = db.add_readiness(plan.id, n % 101, {"n": float(n)})
        print("readiness", plan.id, flush=True)
        saved = db.save_profile(person_id, profile_json(f"rev {n}"), profile_id=profile_id)
        print("revision", saved.revision, flush=True)
        n += 1
"""

REPO = Path(__file__).resolve().parents[2]


def _child(script: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-u", str(script), *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    )


def _run_and_kill(
    proc: subprocess.Popen[str], committed_lines: int, rng: random.Random
) -> list[list[str]]:
    """Read until ``committed_lines`` writes were reported, then SIGKILL mid-loop."""
    assert proc.stdout is not None
    lines = []
    while len(lines) < committed_lines:
        line = proc.stdout.readline()
        assert line, f"child ended early with {proc.poll()}"
        lines.append(line)
    time.sleep(rng.uniform(0, 0.02))
    proc.send_signal(signal.SIGKILL)
    rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    lines += rest.splitlines(keepends=True)
    return [line.split() for line in lines if line.endswith("\n")]


def _check_file(path: Path, reported: list[list[str]]) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        step_counts = dict(
            con.execute(
                "SELECT p.id, count(s.id) FROM plans p LEFT JOIN plan_steps s ON s.plan_id = p.id "
                "GROUP BY p.id"
            ).fetchall()
        )
        assert set(step_counts.values()) <= {STEPS_PER_PLAN}, "a plan lost some of its steps"
        checkins = {str(r[0]) for r in con.execute("SELECT id FROM checkins")}
        done = {
            r[0]
            for r in con.execute(
                "SELECT plan_id FROM plan_steps WHERE key = 's0' AND status = 'done'"
            )
        }
        snapshots = {r[0] for r in con.execute("SELECT plan_id FROM readiness_snapshots")}
        revisions = [r[0] for r in con.execute("SELECT revision FROM profile_revisions ORDER BY 1")]
        for fields in reported:
            match fields:
                case ["plan", plan_id]:
                    assert plan_id in step_counts
                case ["checkin", checkin_id, plan_id]:
                    assert checkin_id in checkins and plan_id in done
                case ["readiness", plan_id]:
                    assert plan_id in snapshots
                case ["revision", number]:
                    assert int(number) in revisions
        assert revisions == list(range(1, len(revisions) + 1)), "revision history has a gap"
        return {"plans": len(step_counts), "checkins": len(checkins), "revisions": len(revisions)}
    finally:
        con.close()


def test_sigkill_mid_write_loses_no_committed_row_and_no_plan_is_partial(tmp_path: Path) -> None:
    db_path = tmp_path / "careerpivot.db"
    url = f"sqlite:///{db_path}"
    with open_store(url) as db:
        person = db.create_person("Kill Test Fictional")
        profile = db.save_profile(person.id, profile_json())
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    rng = random.Random(20250301)
    reported: list[list[str]] = []
    for _ in range(4):
        proc = _child(script, url, person.id, profile.id, str(STEPS_PER_PLAN))
        reported += _run_and_kill(proc, rng.randint(40, 160), rng)
        counts = _check_file(db_path, reported)
    assert sum(f[0] == "plan" for f in reported) >= 40
    assert counts["plans"] >= sum(f[0] == "plan" for f in reported)
    with open_store(url) as db:  # still opens, migrates nothing, accepts writes
        assert db.schema_status().up_to_date
        assert len(db.list_plans(person_id=person.id)) == counts["plans"]
        db.add_checkin(db.list_plans(person_id=person.id)[0].id, "note", "after the crash")


def test_sigkill_during_first_open_leaves_a_database_that_opens(tmp_path: Path) -> None:
    db_path = tmp_path / "fresh.db"
    script = tmp_path / "child.py"
    script.write_text(
        "import sys\nfrom careerpivot.store import open_store\n"
        "open_store(sys.argv[1]).close()\nprint('ready', flush=True)\n",
        encoding="utf-8",
    )
    rng = random.Random(7)
    for _ in range(3):
        db_path.unlink(missing_ok=True)
        proc = _child(script, f"sqlite:///{db_path}")
        time.sleep(rng.uniform(0.2, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        if db_path.exists():
            with sqlite3.connect(db_path) as con:
                assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                query = "SELECT name FROM sqlite_master WHERE type = 'table'"
                tables = {r[0] for r in con.execute(query)}
                stamped = (
                    con.execute("SELECT version_num FROM alembic_version").fetchall()
                    if "alembic_version" in tables
                    else []
                )
            # The migration is one transaction: no user table and no stamp, or all of them.
            user_tables = tables - {"alembic_version"}
            assert (user_tables, stamped) in ((set(), []), (USER_TABLES, [("0001",)]))
        with open_store(f"sqlite:///{db_path}") as db:
            assert db.schema_status().current == migrate.head_revision()
