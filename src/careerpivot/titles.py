"""Job titles → ESCO occupations (and pack roles): the normaliser used for CV experiences.

``title_ranker()`` returns a function ranking ESCO occupation URIs for a title, built on the
occupation search index (:mod:`careerpivot.taxonomy.search`).
"""

from __future__ import annotations

from collections.abc import Callable

from careerpivot.settings import Settings


def title_ranker(
    settings: Settings | None = None, *, depth: int = 50
) -> Callable[[str], list[str]]:
    """A function ``title -> ESCO occupation URIs`` (best first, at most ``depth``).

    Raises:
        StoreMissingError: CP-STO001 when no taxonomy has been imported.
    """
    from careerpivot.occupations import occupation_index
    from careerpivot.settings import load
    from careerpivot.taxonomy.store import TaxonomyStore

    settings = settings or load()
    TaxonomyStore.open(settings.store_path).close()  # a clear error when nothing is imported
    index, _ = occupation_index(settings)

    def rank(title: str) -> list[str]:
        if not title.strip():
            return []
        hits = index.search(title, limit=depth + 20)
        return [h.id for h in hits if h.source == "esco"][:depth]

    return rank
