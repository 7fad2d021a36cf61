"""Shared fixtures: isolated home directories, the real taxonomy imported once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """``../shared`` next to the repo, or ``$CAREERPIVOT_SHARED_DATA/..``."""
    env = os.environ.get("CAREERPIVOT_SHARED_DATA")
    return Path(env).parent if env else REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The official data folder; integration tests skip when it is absent."""
    path = shared_dir() / "data"
    if not (path / "esco").is_dir():
        pytest.skip(f"shared data not found at {path}")
    return path


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The fictional sample CVs and job ads."""
    path = shared_dir() / "samples"
    if not path.is_dir():
        pytest.skip(f"samples not found at {path}")
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty CAREERPIVOT_HOME for one test."""
    path = tmp_path / "home"
    monkeypatch.setenv("CAREERPIVOT_HOME", str(path))
    monkeypatch.delenv("CAREERPIVOT_DATABASE_URL", raising=False)
    return path


@pytest.fixture(scope="session")
def taxonomy_home(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A home directory with ``shared/data`` imported (once per test session).

    ``CAREERPIVOT_TEST_HOME`` may name a home that already holds this import (and its
    embeddings) to skip the import locally; CI always imports afresh.
    """
    from careerpivot.taxonomy.build import detect_sources, import_sources

    reuse = os.environ.get("CAREERPIVOT_TEST_HOME")
    if reuse and (Path(reuse) / "taxonomy.sqlite").is_file():
        return Path(reuse)
    path = tmp_path_factory.mktemp("taxonomy-home")
    import_sources(path / "taxonomy.sqlite", detect_sources(shared_data))
    return path


@pytest.fixture
def imported_home(taxonomy_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point CAREERPIVOT_HOME at the session's imported taxonomy for one test."""
    monkeypatch.setenv("CAREERPIVOT_HOME", str(taxonomy_home))
    return taxonomy_home


@pytest.fixture(scope="session")
def taxonomy_store(taxonomy_home: Path) -> Iterator[object]:
    """A read-only :class:`TaxonomyStore` over the imported real taxonomy."""
    from careerpivot.taxonomy.store import TaxonomyStore

    with TaxonomyStore.open(taxonomy_home / "taxonomy.sqlite") as store:
        yield store


@dataclass
class CliResult:
    """What a CLI call printed and how it exited."""

    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Call ``careerpivot`` in-process: ``run_cli("data", "status")`` → :class:`CliResult`."""
    from careerpivot.cli import main

    def run(*argv: str) -> CliResult:
        capsys.readouterr()
        code = 0
        try:
            main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return run
