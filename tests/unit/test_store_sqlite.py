"""The user store on a real SQLite file: schema, revisions, plans, progress, export, delete."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from careerpivot.errors import (
    ConfigError,
    DocumentError,
    RecordInputError,
    RecordNotFoundError,
    UserStoreError,
)
from careerpivot.store import StepInput, UserStore, migrate, open_store
from careerpivot.store.orm import Base
from tests.storedata import STEPS, T0, profile_json, seed

TABLES = {
    "people",
    "profiles",
    "profile_revisions",
    "analyses",
    "plans",
    "plan_steps",
    "checkins",
    "readiness_snapshots",
}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "user" / "careerpivot.db"


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    with open_store(f"sqlite:///{db_path}") as store:
        yield store


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as con:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _files_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- opening and migrations ----------------------------------------------------------------


def test_first_open_creates_the_folder_and_migrates_to_head(db: UserStore, db_path: Path) -> None:
    assert db_path.exists()
    assert db.schema_status().current == migrate.head_revision() == "0001"
    assert set(inspect(db.engine).get_table_names()) >= TABLES


def test_migrated_schema_matches_the_orm_exactly(db: UserStore) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    checks = {c["name"] for c in inspect(db.engine).get_check_constraints("plan_steps")}
    assert checks == {"ck_plan_steps_status_known"}


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(db: UserStore) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_reopening_a_current_database_changes_nothing(db_path: Path) -> None:
    open_store(f"sqlite:///{db_path}").close()
    before = _files_digest(db_path)
    with open_store(f"sqlite:///{db_path}") as again:
        assert again.schema_status().up_to_date
    assert _files_digest(db_path) == before


def test_migrations_downgrade_to_empty_and_upgrade_again(db: UserStore) -> None:
    from alembic import command

    config = migrate.alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    assert migrate.status(db.engine).current is None
    migrate.upgrade(db.engine)
    assert set(inspect(db.engine).get_table_names()) >= TABLES


def test_a_database_from_a_newer_version_is_refused_and_left_unchanged(db_path: Path) -> None:
    with open_store(f"sqlite:///{db_path}") as db:
        seed(db)
    with sqlite3.connect(db_path) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = _files_digest(db_path)
    with pytest.raises(UserStoreError) as info:
        open_store(f"sqlite:///{db_path}")
    assert info.value.code == "CP-STO004"
    assert "9999_future" in info.value.message
    assert _files_digest(db_path) == before
    with sqlite3.connect(db_path) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999_future",)


def test_open_without_upgrade_refuses_an_old_schema(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    sqlite3.connect(db_path).close()  # an empty database: no schema yet
    with pytest.raises(UserStoreError) as info:
        open_store(f"sqlite:///{db_path}", upgrade=False)
    assert info.value.code == "CP-STO006"


def test_two_processes_opening_a_fresh_database_migrate_it_once(db_path: Path) -> None:
    code = (
        "import sys; from careerpivot.store import open_store\n"
        "db = open_store(sys.argv[1]); db.create_person('P'); db.close(); print('ok')"
    )
    url = f"sqlite:///{db_path}"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, url], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outputs == ["ok\n", "ok\n"]
    assert _count(db_path, "people") == 2


def test_unopenable_sqlite_path_is_a_coded_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(UserStoreError) as info:
        open_store(f"sqlite:///{blocker / 'sub' / 'careerpivot.db'}")
    assert info.value.code == "CP-STO005"


def test_a_file_that_is_not_a_database_is_a_coded_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(UserStoreError) as info:
        open_store(f"sqlite:///{bogus}")
    assert info.value.code == "CP-STO005"


@pytest.mark.parametrize("url", ["not a url", "mysql://user@localhost/db"])
def test_malformed_or_unsupported_urls_are_config_errors(url: str) -> None:
    with pytest.raises(ConfigError) as info:
        open_store(url)
    assert info.value.code == "CP-CFG002"


def test_default_url_is_the_sqlite_file_in_the_home(home: Path) -> None:
    with open_store() as db:
        db.create_person()
    assert (home / "careerpivot.db").exists()
    assert not (home / "taxonomy.sqlite").exists()


# -- people and profiles ---------------------------------------------------------------------


def test_each_save_adds_a_revision_and_keeps_the_older_ones(db: UserStore) -> None:
    person = db.create_person("Sam Sample")
    first = db.save_profile(person.id, profile_json("first"))
    second = db.save_profile(person.id, profile_json("second"), profile_id=first.id)
    assert (first.revision, second.revision) == (1, 2)
    assert db.get_profile(first.id).body["summary"] == "second"
    assert db.get_profile(first.id, revision=1).body["summary"] == "first"
    assert [r.revision for r in db.profile_history(first.id)] == [1, 2]
    [summary] = db.list_profiles(person.id)
    assert (summary.id, summary.latest_revision) == (first.id, 2)
    assert summary.updated_at == second.saved_at
    assert summary.updated_at.tzinfo is UTC


def test_saved_profiles_keep_no_contact_details(db: UserStore) -> None:
    person = db.create_person()
    stored = db.get_profile(db.save_profile(person.id, profile_json()).id).body["contact"]
    assert stored == {
        "name": "Sam Sample",
        "location": "Leeds, UK",
        "emails": [],
        "phones": [],
        "urls": [],
        "address": None,
    }


def test_an_invalid_profile_is_refused_and_nothing_is_stored(db: UserStore, db_path: Path) -> None:
    person = db.create_person()
    broken = profile_json()
    del broken["source"]["sha256"]
    with pytest.raises(DocumentError) as info:
        db.save_profile(person.id, broken)
    assert info.value.code == "CP-DOC009"
    assert _count(db_path, "profiles") == _count(db_path, "profile_revisions") == 0


def test_a_profile_cannot_be_saved_under_another_person(db: UserStore) -> None:
    alice, bob = db.create_person("A"), db.create_person("B")
    theirs = db.save_profile(alice.id, profile_json())
    with pytest.raises(RecordNotFoundError) as info:
        db.save_profile(bob.id, profile_json(), profile_id=theirs.id)
    assert info.value.code == "CP-USR001"
    with pytest.raises(RecordNotFoundError):
        db.save_profile("no-such-person", profile_json())


# -- analyses ------------------------------------------------------------------------------


def test_analysis_takes_its_schema_version_from_the_body_and_the_latest_revision(
    db: UserStore,
) -> None:
    person = db.create_person()
    profile = db.save_profile(person.id, profile_json())
    db.save_profile(person.id, profile_json(), profile_id=profile.id)
    saved = db.save_analysis(profile.id, "esco:product-manager", {"schema_version": "1.0"})
    assert (saved.schema_version, saved.profile_revision) == ("1.0", 2)
    assert db.get_analysis(saved.id) == saved
    assert db.list_analyses(profile.id) == [saved]


def test_analysis_without_schema_version_or_with_unknown_revision_is_refused(
    db: UserStore,
) -> None:
    profile = db.save_profile(db.create_person().id, profile_json())
    with pytest.raises(RecordInputError) as info:
        db.save_analysis(profile.id, "t", {"score": 1})
    assert info.value.code == "CP-USR002"
    with pytest.raises(RecordNotFoundError):
        db.save_analysis(profile.id, "t", {"schema_version": "1.0"}, profile_revision=5)
    with pytest.raises(RecordInputError):
        db.save_analysis(profile.id, "t", {"schema_version": "1.0", "when": datetime.now(UTC)})


# -- plans and progress ----------------------------------------------------------------------


def test_plan_is_stored_with_its_steps_in_order(db: UserStore) -> None:
    profile = db.save_profile(db.create_person().id, profile_json())
    plan = db.create_plan(profile.id, "pack:product-manager", {"horizon_weeks": 12}, STEPS)
    loaded = db.get_plan(plan.id)
    assert loaded == plan
    assert [s.key for s in loaded.steps] == ["talk-to-pm", "shadow", "course"]
    assert [s.status for s in loaded.steps] == ["todo", "doing", "todo"]
    assert loaded.steps[0].due is not None and loaded.steps[0].due.isoformat() == "2025-03-15"
    assert loaded.body == {"horizon_weeks": 12}
    assert db.list_plans(profile_id=profile.id) == [plan]
    assert db.list_plans(person_id=profile.person_id) == [plan]


def test_duplicate_step_keys_are_refused_and_no_plan_is_stored(
    db: UserStore, db_path: Path
) -> None:
    profile = db.save_profile(db.create_person().id, profile_json())
    with pytest.raises(RecordInputError) as info:
        db.create_plan(profile.id, "t", {}, [StepInput("a", "A"), StepInput("a", "again")])
    assert info.value.code == "CP-USR002"
    assert _count(db_path, "plans") == _count(db_path, "plan_steps") == 0


def test_a_failure_inside_the_transaction_rolls_the_whole_plan_back(
    db: UserStore, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import careerpivot.store.plans as plans

    profile = db.save_profile(db.create_person().id, profile_json())

    def explode(*args: object) -> None:
        raise RuntimeError("boom after the rows were flushed")

    monkeypatch.setattr(plans, "plan_record", explode)
    with pytest.raises(RuntimeError):
        db.create_plan(profile.id, "t", {}, STEPS)
    assert _count(db_path, "plans") == _count(db_path, "plan_steps") == 0


def test_a_done_checkin_marks_its_step_done_at_the_checkin_time(db: UserStore) -> None:
    profile = db.save_profile(db.create_person().id, profile_json())
    plan = db.create_plan(profile.id, "t", {}, STEPS)
    checkin = db.add_checkin(plan.id, "done", step_key="shadow", at=T0)
    assert (checkin.kind, checkin.step_key, checkin.at) == ("done", "shadow", T0)
    step = {s.key: s for s in db.get_plan(plan.id).steps}["shadow"]
    assert (step.status, step.done_at) == ("done", T0)
    db.add_checkin(plan.id, "evidence", "Ran the sprint review demo", step_key="shadow")
    assert [c.kind for c in db.list_checkins(plan.id)] == ["done", "evidence"]


@pytest.mark.parametrize(
    ("kwargs", "error", "code"),
    [
        ({"kind": "done"}, RecordInputError, "CP-USR002"),
        ({"kind": "done", "step_key": "nope"}, RecordNotFoundError, "CP-USR001"),
        ({"kind": "shout", "text": "hi"}, RecordInputError, "CP-USR002"),
        ({"kind": "note", "text": "  "}, RecordInputError, "CP-USR002"),
        ({"kind": "note", "text": "hi", "at": datetime(2025, 1, 1)}, RecordInputError, "CP-USR002"),
    ],
)
def test_bad_checkins_are_refused_and_nothing_changes(
    db: UserStore, db_path: Path, kwargs: dict[str, object], error: type, code: str
) -> None:
    profile = db.save_profile(db.create_person().id, profile_json())
    plan = db.create_plan(profile.id, "t", {}, STEPS)
    with pytest.raises(error) as info:
        db.add_checkin(plan.id, **kwargs)  # type: ignore[arg-type]
    assert info.value.code == code
    assert _count(db_path, "checkins") == 0
    assert db.get_plan(plan.id) == plan


def test_readiness_history_is_in_time_order_with_its_terms(db: UserStore) -> None:
    profile = db.save_profile(db.create_person().id, profile_json())
    plan = db.create_plan(profile.id, "t", {}, STEPS)
    db.add_readiness(plan.id, 50, {"shown_levels": 10}, at=T0 + timedelta(days=14))
    db.add_readiness(plan.id, 40.5, {"shown_levels": 8.1}, at=T0)
    history = db.readiness_history(plan.id)
    assert [(p.at, p.readiness, p.terms) for p in history] == [
        (T0, 40.5, {"shown_levels": 8.1}),
        (T0 + timedelta(days=14), 50.0, {"shown_levels": 10.0}),
    ]


@pytest.mark.parametrize(
    ("value", "terms"), [(101, {}), (-1, {}), (float("nan"), {}), (50, {"x": "high"})]
)
def test_readiness_outside_0_to_100_or_with_bad_terms_is_refused(
    db: UserStore, value: float, terms: dict[str, float]
) -> None:
    profile = db.save_profile(db.create_person().id, profile_json())
    plan = db.create_plan(profile.id, "t", {}, STEPS)
    with pytest.raises(RecordInputError):
        db.add_readiness(plan.id, value, terms)
    assert db.readiness_history(plan.id) == []


def test_unknown_ids_are_coded_not_found_errors(db: UserStore) -> None:
    calls = [
        lambda: db.get_person("x"),
        lambda: db.get_profile("x"),
        lambda: db.get_plan("x"),
        lambda: db.get_analysis("x"),
        lambda: db.add_checkin("x", "note", "hi"),
        lambda: db.add_readiness("x", 1, {}),
        lambda: db.readiness_history("x"),
        lambda: db.create_plan("x", "t", {}, STEPS),
        lambda: db.export_user("x"),
        lambda: db.delete_user("x"),
    ]
    for call in calls:
        with pytest.raises(RecordNotFoundError) as info:
            call()
        assert info.value.code == "CP-USR001"


# -- export and delete -----------------------------------------------------------------------


def test_export_holds_everything_stored_about_the_person_and_nobody_else(db: UserStore) -> None:
    person_id, profile_id, plan = seed(db)
    seed(db, "Other Person")
    doc = db.export_user(person_id)
    assert json.loads(json.dumps(doc)) == doc
    assert doc["format"] == "careerpivot.user-export"
    assert doc["person"]["display_name"] == "Sam Sample"
    [profile] = doc["profiles"]
    assert profile["id"] == profile_id
    assert [r["body"]["summary"] for r in profile["revisions"]] == [
        "Support specialist who loves product work.",
        "Now leading the feedback loop.",
    ]
    assert [a["body"]["score"] for a in doc["analyses"]] == [61]
    [exported] = doc["plans"]
    assert exported["id"] == plan.id
    assert [s["status"] for s in exported["steps"]] == ["done", "doing", "todo"]
    assert [c["kind"] for c in exported["checkins"]] == ["done", "note"]
    assert [r["readiness"] for r in exported["readiness"]] == [35.0, 41.0, 47.0]
    assert "Other Person" not in json.dumps(doc)


def test_delete_removes_every_row_of_the_person_and_keeps_the_others(
    db: UserStore, db_path: Path
) -> None:
    person_id, _, _ = seed(db)
    other_id, _, _ = seed(db, "Other Person")
    counts = db.delete_user(person_id)
    assert counts == {
        "readiness_snapshots": 3,
        "checkins": 2,
        "plan_steps": 3,
        "plans": 1,
        "analyses": 1,
        "profile_revisions": 2,
        "profiles": 1,
        "people": 1,
    }
    with pytest.raises(RecordNotFoundError):
        db.export_user(person_id)
    assert len(db.export_user(other_id)["plans"]) == 1
    for table, deleted in counts.items():
        assert _count(db_path, table) == deleted  # exactly the other person's copy remains


def test_deleted_text_does_not_linger_in_the_database_files(db: UserStore, db_path: Path) -> None:
    person = db.create_person("Zebedee Fictional")
    marker = "unmistakable-marker-4f1c9"
    db.save_profile(person.id, profile_json(f"I am {marker}."))
    db.delete_user(person.id)
    # Still open: the write-ahead log must not hold the old pages either.
    for path in db_path.parent.iterdir():
        assert marker.encode() not in path.read_bytes(), path.name
        assert b"Zebedee" not in path.read_bytes(), path.name


def test_find_person_accepts_an_id_or_a_unique_display_name(db: UserStore) -> None:
    sam = db.create_person("Sam Sample")
    db.create_person("Twin")
    db.create_person("twin")
    assert db.find_person(sam.id) == sam.id
    assert db.find_person("sam sample") == sam.id
    with pytest.raises(RecordNotFoundError) as info:
        db.find_person("Twin")
    assert "2 people" in info.value.message


def test_a_failing_migration_is_rolled_back_completely(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic.operations import Operations
    from sqlalchemy.exc import OperationalError

    real = Operations.create_index
    calls: list[str] = []

    def fail_on_third(self: Operations, name: str, *args: object, **kwargs: object) -> None:
        calls.append(name)
        if len(calls) == 3:
            raise OperationalError("CREATE INDEX", {}, Exception("disk full"))
        real(self, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Operations, "create_index", fail_on_third)
    with pytest.raises(UserStoreError) as info:
        open_store(f"sqlite:///{db_path}")
    assert info.value.code == "CP-STO006"
    with sqlite3.connect(db_path) as con:
        assert con.execute("SELECT name FROM sqlite_master").fetchall() == []


def test_switching_to_wal_is_retried_while_another_process_holds_the_file() -> None:
    import time

    from careerpivot.store.engine import _set_wal

    class Cursor:
        def __init__(self, failures: int, message: str = "database is locked") -> None:
            self.failures, self.message, self.calls = failures, message, 0

        def execute(self, sql: str) -> None:
            self.calls += 1
            if self.calls <= self.failures:
                raise sqlite3.OperationalError(self.message)

    busy = Cursor(failures=2)
    _set_wal(busy, time.monotonic() + 5)
    assert busy.calls == 3  # SQLite answers "locked" at once here; we wait and try again
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _set_wal(Cursor(failures=1000), time.monotonic() + 0.2)  # gives up at the deadline
    other = Cursor(failures=1, message="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk"):
        _set_wal(other, time.monotonic() + 5)  # anything else is not retried
    assert other.calls == 1
