"""End-to-end fixtures: the real taxonomy with embeddings, shared with the integration tier."""

from __future__ import annotations

from tests.integration.conftest import embedded_home  # noqa: F401 - re-exported fixture
