"""The user store on a real PostgreSQL server, each test in its own throw-away schema.

Server: ``$CAREERPIVOT_TEST_POSTGRES_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``). Every test creates a uniquely named
schema, points the store at it through ``search_path`` and drops it afterwards, so parallel
runs never collide. The tests skip, saying why, only when the server cannot be reached.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, create_engine, inspect, make_url, text
from sqlalchemy.exc import IntegrityError

from careerpivot.errors import UserStoreError
from careerpivot.store import UserStore, migrate, open_store
from careerpivot.store.orm import Base
from tests.storedata import STEPS, profile_json, seed

pytestmark = pytest.mark.integration

SERVER = os.environ.get(
    "CAREERPIVOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TABLES = {
    "alembic_version",
    "people",
    "profiles",
    "profile_revisions",
    "analyses",
    "plans",
    "plan_steps",
    "checkins",
    "readiness_snapshots",
}


def _admin() -> object:
    import psycopg

    url = make_url(SERVER).set(drivername="postgresql")
    return psycopg.connect(
        url.render_as_string(hide_password=False), autocommit=True, connect_timeout=3
    )


@pytest.fixture(scope="module")
def server() -> str:
    import psycopg

    try:
        _admin().close()  # type: ignore[attr-defined]
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {make_url(SERVER)!r}: {exc}")
    return SERVER


@pytest.fixture
def pg_url(server: str) -> Iterator[str]:
    """A URL whose tables live in a fresh schema, dropped after the test."""
    schema = f"cp_test_{uuid.uuid4().hex[:12]}"
    with _admin() as con:  # type: ignore[attr-defined]
        con.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield (
            make_url(server)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with _admin() as con:  # type: ignore[attr-defined]
            con.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def db(pg_url: str) -> Iterator[UserStore]:
    with open_store(pg_url) as store:
        yield store


def _schema(db: UserStore) -> str:
    with db.engine.connect() as conn:
        return str(conn.execute(text("SELECT current_schema()")).scalar())


def test_migrations_create_every_table_in_the_test_schema(db: UserStore) -> None:
    schema = _schema(db)
    assert schema.startswith("cp_test_")
    assert set(inspect(db.engine).get_table_names(schema=schema)) == TABLES
    assert db.schema_status().current == migrate.head_revision()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        kinds = {
            row[0]: row[1]
            for row in conn.execute(
                text(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = 'plans'"
                )
            )
        }
    assert kinds["body"] == "jsonb"


def test_migrations_downgrade_and_upgrade_again(db: UserStore) -> None:
    from alembic import command

    config = migrate.alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert set(inspect(db.engine).get_table_names(schema=_schema(db))) == {"alembic_version"}
    migrate.upgrade(db.engine)
    assert set(inspect(db.engine).get_table_names(schema=_schema(db))) == TABLES


def test_round_trip_export_and_delete(db: UserStore) -> None:
    person_id, profile_id, plan = seed(db)
    other_id, _, _ = seed(db, "Alex Example")
    loaded = db.get_plan(plan.id)
    assert (loaded.body, [s.key for s in loaded.steps]) == (plan.body, [s.key for s in plan.steps])
    assert loaded.steps[0].status == "done"  # marked by the seeded done check-in
    assert db.get_profile(profile_id, revision=1).body["contact"]["emails"] == []
    history = db.readiness_history(plan.id)
    assert [p.readiness for p in history] == [35.0, 41.0, 47.0]
    assert all(p.at.tzinfo is UTC for p in history)
    doc = db.export_user(person_id)
    assert json.loads(json.dumps(doc)) == doc
    assert [s["status"] for s in doc["plans"][0]["steps"]] == ["done", "doing", "todo"]
    assert len(doc["profiles"][0]["revisions"]) == 2
    counts = db.delete_user(person_id)
    assert counts["plan_steps"] == 3 and counts["profile_revisions"] == 2
    assert [p.id for p in db.list_people()] == [other_id]
    assert len(db.export_user(other_id)["plans"]) == 1


def test_unicode_json_bodies_survive(db: UserStore) -> None:
    person = db.create_person("Zoë Ñandú")
    profile = db.save_profile(person.id, profile_json("Kundenservice → Produkt 🚀"))
    assert db.get_profile(profile.id).body["summary"] == "Kundenservice → Produkt 🚀"
    assert db.get_person(person.id).display_name == "Zoë Ñandú"


def test_a_failure_inside_the_transaction_rolls_the_plan_back(
    db: UserStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import careerpivot.store.plans as plans

    profile = db.save_profile(db.create_person().id, profile_json())

    def explode(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(plans, "plan_record", explode)
    with pytest.raises(RuntimeError):
        db.create_plan(profile.id, "t", {}, STEPS)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM plans")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM plan_steps")).scalar() == 0


def test_database_enforces_constraints_and_cascades(db: UserStore) -> None:
    person_id, _, plan = seed(db)
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(
            text("UPDATE plan_steps SET status = 'lost' WHERE plan_id = :p"), {"p": plan.id}
        )
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM people WHERE id = :p"), {"p": person_id})
    with db.engine.connect() as conn:
        for table in ("profiles", "plans", "plan_steps", "checkins", "readiness_snapshots"):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table


def test_a_newer_schema_revision_is_refused_and_left_unchanged(pg_url: str) -> None:
    with open_store(pg_url) as db:
        seed(db)
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(UserStoreError) as info:
        open_store(pg_url)
    assert info.value.code == "CP-STO004"
    with _raw(pg_url) as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "ffff_future"
        )
        assert conn.execute(text("SELECT count(*) FROM people")).scalar() == 1


@contextmanager
def _raw(url: str) -> Iterator[Connection]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def test_two_processes_migrating_a_fresh_schema_at_once_both_succeed(pg_url: str) -> None:
    code = (
        "import sys; from careerpivot.store import open_store\n"
        "db = open_store(sys.argv[1]); db.create_person('P'); db.close(); print('ok')"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, pg_url], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    assert [p.communicate(timeout=120)[0] for p in procs] == ["ok\n", "ok\n"]
    with open_store(pg_url) as db:
        assert len(db.list_people()) == 2


def test_unknown_database_is_a_coded_unreachable_error(server: str) -> None:
    url = make_url(server).set(database=f"cp_missing_{uuid.uuid4().hex[:8]}")
    with pytest.raises(UserStoreError) as info:
        open_store(url.render_as_string(hide_password=False))
    assert info.value.code == "CP-STO005"


def test_cli_uses_postgres_from_the_environment(
    pg_url: str, run_cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREERPIVOT_DATABASE_URL", pg_url)
    upgrade = run_cli("db", "upgrade", "--json")
    assert upgrade.exit_code == 0, upgrade.stderr
    assert json.loads(upgrade.stdout)["to"] == migrate.head_revision()
    with open_store() as db:
        person_id, _, _ = seed(db)
    exported = run_cli("data", "export-user", person_id)
    assert json.loads(exported.stdout)["person"]["id"] == person_id
    assert run_cli("data", "delete-user", person_id, "--yes").exit_code == 0
    assert run_cli("data", "export-user", person_id).exit_code == 66
    assert not (home / "careerpivot.db").exists()
