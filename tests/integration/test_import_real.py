"""Importing the real shared data: counts, and a kill in the middle loses nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from careerpivot.taxonomy.store import TaxonomyStore

pytestmark = pytest.mark.integration


def test_real_import_counts(taxonomy_store: TaxonomyStore) -> None:
    counts = {s.source: s.counts for s in taxonomy_store.sources()}
    assert counts["esco"]["occupations"] == 3007
    assert counts["esco"]["skills"] == 13896
    assert counts["esco"]["dropped_relations"] == 67
    assert counts["onet"]["occupations"] == 1016
    assert counts["crosswalk"]["rows"] == 8627
    assert counts["wages"]["occupations"] > 1000


def test_killed_import_leaves_previous_store_working(
    taxonomy_home: Path, shared_data: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    store = home / "taxonomy.sqlite"
    shutil.copy(taxonomy_home / "taxonomy.sqlite", store)
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    proc = subprocess.Popen(
        [sys.executable, "-m", "careerpivot", "data", "import", "all", str(shared_data)],
        env={**os.environ, "CAREERPIVOT_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(home.glob(".*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert list(home.glob(".*.tmp")), "the import never started writing"
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before
    with TaxonomyStore.open(store) as reopened:
        assert reopened.has_source("esco")
    assert list(home.glob(".*.tmp")), "expected the killed import's temporary file"
    from careerpivot.taxonomy.build import SourceSpec, import_sources

    wages = next((shared_data / "wages").glob("oews_may2025_national*"))
    import_sources(store, [SourceSpec("wages", wages)])
    assert not list(home.glob(".*.tmp")), "the next import cleans up after a killed one"
