"""`careerpivot db …` and `careerpivot data export-user | delete-user | list-users`."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from careerpivot.store import open_store
from tests.storedata import seed


def _seed_home(*names: str) -> list[str]:
    with open_store() as db:
        return [seed(db, name)[0] for name in names]


def test_db_current_reports_a_missing_database_without_creating_it(run_cli, home: Path) -> None:
    result = run_cli("db", "current", "--json")
    assert result.exit_code == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["exists"] is False
    assert status["current"] is None
    assert status["head"] == "0001"
    assert not (home / "careerpivot.db").exists()


def test_db_upgrade_creates_then_reports_already_current(run_cli, home: Path) -> None:
    first = run_cli("db", "upgrade")
    assert first.exit_code == 0, first.stderr
    assert "upgraded empty → 0001" in first.stdout
    assert (home / "careerpivot.db").exists()
    again = run_cli("db", "upgrade", "--json")
    assert json.loads(again.stdout) == {
        "url": f"sqlite:///{home / 'careerpivot.db'}",
        "from": "0001",
        "to": "0001",
        "head": "0001",
    }
    current = run_cli("db", "current")
    assert "current:  0001" in current.stdout


def test_db_commands_accept_an_explicit_url(run_cli, home: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.db"
    assert run_cli("db", "upgrade", "--url", f"sqlite:///{other}").exit_code == 0
    assert other.exists()
    assert not (home / "careerpivot.db").exists()


def test_newer_database_is_a_coded_error_for_every_command(run_cli, home: Path) -> None:
    _seed_home("Sam Sample")
    with sqlite3.connect(home / "careerpivot.db") as con:
        con.execute("UPDATE alembic_version SET version_num = 'ffff'")
    for argv in (("db", "current"), ("db", "upgrade"), ("data", "export-user")):
        result = run_cli(*argv)
        assert result.exit_code == 74, argv
        assert "[CP-STO004]" in result.stderr
        assert "Traceback" not in result.stderr


def test_unreachable_database_url_exits_non_zero_without_traceback(
    run_cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "CAREERPIVOT_DATABASE_URL", "postgresql+psycopg://nobody:secret@127.0.0.1:1/none"
    )
    for argv in (("db", "upgrade"), ("db", "current"), ("data", "list-users")):
        result = run_cli(*argv)
        assert result.exit_code == 74, argv
        assert "[CP-STO005]" in result.stderr
        assert "secret" not in result.stderr
        assert "Traceback" not in result.stderr


def test_malformed_database_url_is_a_config_error(
    run_cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREERPIVOT_DATABASE_URL", "::not a url::")
    result = run_cli("db", "upgrade")
    assert result.exit_code == 78
    assert "[CP-CFG002]" in result.stderr


def test_export_user_prints_the_only_person_as_json(run_cli, home: Path) -> None:
    [person_id] = _seed_home("Sam Sample")
    result = run_cli("data", "export-user")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["person"]["id"] == person_id
    assert len(doc["plans"][0]["steps"]) == 3


def test_export_user_writes_a_private_file(run_cli, home: Path, tmp_path: Path) -> None:
    person_id, _ = _seed_home("Sam Sample", "Alex Example")
    out = tmp_path / "export" / "sam.json"
    result = run_cli("data", "export-user", "sam sample", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["person"]["id"] == person_id
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "1 profiles, 1 analyses, 1 plans" in result.stderr


def test_export_user_needs_a_person_when_several_are_stored(run_cli, home: Path) -> None:
    ids = _seed_home("Sam Sample", "Alex Example")
    result = run_cli("data", "export-user")
    assert result.exit_code == 66
    assert "[CP-USR001]" in result.stderr
    assert all(i in result.stderr for i in ids)


def test_delete_user_without_yes_asks_and_deletes_nothing(run_cli, home: Path) -> None:
    [person_id] = _seed_home("Sam Sample")
    result = run_cli("data", "delete-user", person_id)
    assert result.exit_code == 65
    assert "[CP-USR003]" in result.stderr
    assert run_cli("data", "export-user", person_id).exit_code == 0


def test_delete_user_with_yes_removes_everything(run_cli, home: Path) -> None:
    person_id, other_id = _seed_home("Sam Sample", "Alex Example")
    result = run_cli("data", "delete-user", person_id, "--yes")
    assert result.exit_code == 0, result.stderr
    assert f"deleted person {person_id}" in result.stdout
    assert "profile_revisions 2" in result.stdout
    gone = run_cli("data", "export-user", person_id)
    assert gone.exit_code == 66
    listed = json.loads(run_cli("data", "list-users", "--json").stdout)
    assert [p["id"] for p in listed] == [other_id]


def test_delete_unknown_person_is_not_found(run_cli, home: Path) -> None:
    result = run_cli("data", "delete-user", "nobody", "--yes")
    assert result.exit_code == 66
    assert "[CP-USR001]" in result.stderr


def test_help_lists_the_new_commands(run_cli) -> None:
    data = run_cli("data", "--help").stdout
    assert all(c in data for c in ("export-user", "delete-user", "list-users"))
    db = run_cli("db", "--help").stdout
    assert "upgrade" in db and "current" in db
