"""Occupation search and lookup: the library functions behind ``careerpivot occupations``.

Works with no import at all (pack roles only) and uses the full taxonomy once imported. The
index is built once per process and store file (keyed by path and modification time).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from careerpivot.errors import NotFoundError
from careerpivot.settings import Settings
from careerpivot.settings import load as load_settings
from careerpivot.taxonomy.models import Occupation
from careerpivot.taxonomy.search import OccupationIndex, PackEntry, SearchHit
from careerpivot.taxonomy.store import TaxonomyStore

#: Below this score a title lookup is not trusted and suggestions are offered instead.
SHOW_MIN_SCORE = 85.0


class SearchResult(BaseModel):
    """Hits plus what was searched: ``scope`` is ``taxonomy+pack`` or ``pack`` (no import)."""

    model_config = ConfigDict(frozen=True)

    query: str
    scope: str
    hits: list[SearchHit]


class OccupationView(BaseModel):
    """What ``occupations show`` prints: an ESCO occupation in detail, or a pack role."""

    model_config = ConfigDict(frozen=True)

    source: str
    occupation: Occupation | None = None
    role: dict[str, Any] | None = None


def _pack_entries() -> tuple[PackEntry, ...]:
    from careerpivot.packs.loader import load_pack

    pack = load_pack()
    roles = [PackEntry(r.id, r.title, tuple(r.aliases), "role") for r in pack.roles]
    feeders = [PackEntry(f.id, f.title, tuple(f.aliases), "feeder") for f in pack.feeders]
    return (*roles, *feeders)


@functools.lru_cache(maxsize=4)
def _index(store_path: str, mtime: float) -> OccupationIndex:
    if not store_path:
        return OccupationIndex.pack_only(_pack_entries())
    with TaxonomyStore.open(Path(store_path)) as store:
        return OccupationIndex.from_store(store.conn, _pack_entries())


def occupation_index(settings: Settings | None = None) -> tuple[OccupationIndex, str]:
    """The search index and its scope for the current store (cached per store version)."""
    settings = settings or load_settings()
    path = settings.store_path
    if path.exists():
        return _index(str(path), path.stat().st_mtime), "taxonomy+pack"
    return _index("", 0.0), "pack"


def search(query: str, *, limit: int = 10, settings: Settings | None = None) -> SearchResult:
    """Rank ESCO occupations and pack roles for ``query`` (typo and word-order tolerant)."""
    index, scope = occupation_index(settings)
    return SearchResult(query=query, scope=scope, hits=index.search(query, limit=limit))


def show(id_or_title: str, *, settings: Settings | None = None) -> OccupationView:
    """Look up one occupation by ESCO URI, ESCO code, pack role id, or title.

    Raises:
        NotFoundError: CP-OCC001 with the closest suggestions when nothing matches well.
    """
    from careerpivot.packs.loader import load_pack

    settings = settings or load_settings()
    pack = load_pack()
    roles = {r.id: r for r in pack.all_roles()}
    if id_or_title in roles:
        return OccupationView(source="pack", role=roles[id_or_title].model_dump(mode="json"))
    store_path = settings.store_path
    if store_path.exists():
        with TaxonomyStore.open(store_path) as store:
            occ = store.occupation(id_or_title) or store.occupation_by_code(id_or_title)
            if occ is not None:
                return OccupationView(source="esco", occupation=store.occupation_detail(occ.uri))
    result = search(id_or_title, limit=5, settings=settings)
    hits = result.hits
    if hits and hits[0].score >= SHOW_MIN_SCORE:
        return show(hits[0].id, settings=settings)
    raise NotFoundError(
        "CP-OCC001",
        f"no occupation or role matches {id_or_title!r}"
        + ("" if result.scope != "pack" else " (only the built-in pack is searched: no import)"),
        suggestions=[f"{h.title} ({h.id if h.source == 'pack' else h.code})" for h in hits[:5]],
    )
