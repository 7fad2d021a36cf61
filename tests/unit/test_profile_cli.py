"""`careerpivot profile --parse-only`: readable summary, JSON output, file output and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from careerpivot.cli import profile as profile_cli
from careerpivot.errors import DocumentError
from careerpivot.profile import Profile, load_profile

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cv"


@pytest.fixture
def cli() -> typer.Typer:
    root = typer.Typer()
    root.command("profile")(profile_cli.profile)

    @root.command("other")
    def _other() -> None:  # a second command keeps "profile" a subcommand, as in the real app
        """Unused."""

    return root


def test_parse_prints_jobs_dates_bullet_counts_and_skills(cli: typer.Typer) -> None:
    result = CliRunner().invoke(
        cli,
        ["profile", "--parse-only", str(FIXTURES / "jordan-example.txt")],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Jordan Example" in out
    assert "Experience (3)" in out
    assert "Senior Support Specialist" in out and "2021-03 – present" in out
    assert "2019-01 – 2021-02" in out
    assert "BSc Business Management" in out
    assert "Skills listed (5)" in out
    assert "redacted: 1 email, 1 url, 1 phone, 1 address" in out
    assert "jordan.example@example.com" not in out


def test_parse_json_prints_a_valid_profile(cli: typer.Typer) -> None:
    result = CliRunner().invoke(
        cli, ["profile", "--parse-only", "--json", str(FIXTURES / "sam-placeholder.md")]
    )
    assert result.exit_code == 0, result.output
    profile = Profile.model_validate(json.loads(result.stdout))
    assert profile.experiences[0].employer == "Placeholder Software Ltd"


def test_parse_writes_the_profile_file_and_no_redact_keeps_contact(
    cli: typer.Typer, tmp_path: Path
) -> None:
    out = tmp_path / "profile.json"
    result = CliRunner().invoke(
        cli,
        [
            "profile",
            "--parse-only",
            "--no-redact",
            "-o",
            str(out),
            str(FIXTURES / "jordan-example.txt"),
        ],
    )
    assert result.exit_code == 0, result.output
    saved = load_profile(out)
    assert saved.contact.emails == ["jordan.example@example.com"]
    assert saved.source.redacted is False


def test_parse_errors_are_coded_document_errors(cli: typer.Typer, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["profile", "--parse-only", str(empty)])
    assert isinstance(result.exception, DocumentError)
    assert result.exception.code == "CP-DOC001"
    assert result.exception.exit_code == 65


def test_parse_shows_warnings(cli: typer.Typer) -> None:
    result = CliRunner().invoke(
        cli,
        ["profile", "--parse-only", str(FIXTURES / "lena-beispiel-de.txt")],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "[CP-DOC101]" in result.stdout
