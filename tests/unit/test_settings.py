"""Settings are declared once and documented; defaults and errors behave as documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerpivot.errors import ConfigError
from careerpivot.settings import SETTINGS, load

DOCS = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_documented_with_its_help_text(setting) -> None:
    text = DOCS.read_text(encoding="utf-8")
    row = next((line for line in text.splitlines() if f"`{setting.env}`" in line), None)
    assert row is not None, f"{setting.env} missing from docs/settings.md"
    assert setting.help in row


def test_docs_list_no_setting_that_does_not_exist() -> None:
    names = {s.env for s in SETTINGS}
    documented = {
        part.strip("` ")
        for line in DOCS.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
        for part in [line.split("|")[1]]
    }
    assert documented == names


def test_database_defaults_to_sqlite_inside_home(tmp_path: Path) -> None:
    settings = load({"CAREERPIVOT_HOME": str(tmp_path)})
    assert settings.home == tmp_path
    assert settings.database_url == f"sqlite:///{tmp_path / 'careerpivot.db'}"
    assert settings.store_path == tmp_path / "taxonomy.sqlite"


def test_home_defaults_to_platform_user_data_dir() -> None:
    settings = load({})
    assert settings.home.name == "careerpivot"


def test_invalid_upload_limit_is_a_coded_error() -> None:
    with pytest.raises(ConfigError) as info:
        load({"CAREERPIVOT_MAX_UPLOAD_MB": "ten"})
    assert info.value.code == "CP-CFG002"
