"""Occupation search and lookup: the library functions behind ``careerpivot occupations``.

Works with no import at all (pack roles only) and uses the full taxonomy once imported. The
index is built once per process and store file (keyed by path and modification time).

Two methods rank a typed title:

- ``lexical`` — the fuzzy label search of :mod:`careerpivot.taxonomy.search` (always there);
- ``semantic`` — once the taxonomy and its title embeddings exist (``data embed``), the
  title ranker :data:`SEARCH_TITLE_RANKER` (:mod:`careerpivot.extract.titles_hybrid`) scores
  the hits; an ESCO preferred title, pack role title or alias that the query matches almost
  word for word keeps its fuzzy score when that is higher (see :func:`_semantic_hits`), so
  typos and exact titles still come first. The lexical search
  alone took ESCO's odd alternative labels at face value: ``teacher`` is an alternative label
  of *politics lecturer*, ``nurse`` gave *nurse assistant*, ``registered nurse`` nothing.

:func:`resolve` turns a title into one hit or a coded error with suggestions; its thresholds
depend on the method (:data:`TRUSTED`, :data:`CLEAR_LEAD`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from careerpivot.errors import NotFoundError
from careerpivot.settings import Settings
from careerpivot.settings import load as load_settings
from careerpivot.taxonomy.models import Occupation
from careerpivot.taxonomy.search import OccupationIndex, PackEntry, SearchHit
from careerpivot.taxonomy.store import TaxonomyStore

if TYPE_CHECKING:
    from careerpivot.extract.titles_hybrid import TitleRanker

#: The title ranker of the semantic method. Not the CV pipeline's default (v4): the thresholds
#: below are calibrated on v3's score scale, and v4's two e5 terms lift every score (e5
#: cosines of unrelated texts are ~0.8): "qwerty" 63 → 76, "astronaut of the sea" 77.3 → 85.8,
#: "Help Desk Analyst" 81.6 → 87.5 (measured on ESCO v1.1.1), so v4 needs its own thresholds.
SEARCH_TITLE_RANKER = "titles.hybrid.v3"
#: Below this score a title lookup is not trusted and suggestions are offered instead.
SHOW_MIN_SCORE = 85.0
#: The best hit's score a title lookup needs, per method. Semantic scores are 100 × the title
#: ranker's 0–1 total: common titles score 80–95 ("Help Desk Analyst" 81.6, "plumber" 93.2),
#: strings that are no job title 57–70 ("qwerty" 63, "the" 68) and near-nonsense 70–80
#: ("astronaut of the sea" 77.3; measured on the imported ESCO v1.1.1). Below the bar the
#: user gets suggestions instead of a guess.
TRUSTED = {"lexical": SHOW_MIN_SCORE, "semantic": 80.0}
#: A title is clear when its best hit leads the next by this much (else: ambiguous). Semantic
#: leads of generic words are small ("teacher" 1.3, "nurse" 0.7, "manager" 0.5, "analyst"
#: 2.4) and those of specific titles large ("chef" 5.5, "astronaut" 16).
CLEAR_LEAD = {"lexical": 8.0, "semantic": 3.0}
#: Label kinds whose word-for-word match names an occupation or role outright.
EXACT_KINDS = ("preferred", "pack_title", "pack_alias")
#: A fuzzy match of a title or alias this close (0–100) counts beside the semantic score.
NEAR_EXACT = 90.0
_PACK_ONLY = " (only the built-in pack is searched: no import)"


class SearchResult(BaseModel):
    """Hits plus what was searched: ``scope`` is ``taxonomy+pack`` or ``pack`` (no import)."""

    model_config = ConfigDict(frozen=True)

    query: str
    scope: str
    hits: list[SearchHit]
    method: str = "lexical"


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


def search(
    query: str, *, limit: int = 10, settings: Settings | None = None, semantic: bool = True
) -> SearchResult:
    """Rank ESCO occupations and pack roles for ``query`` (typo and word-order tolerant).

    With ``semantic`` (and a title ranker available, see :func:`title_ranker`) the hits are
    ordered by the title ranker and carry its terms; exact titles stay first (module
    docstring). ``method`` in the result says which ordering was used.

    Raises:
        InputError: CP-OCC002 when the query has no letters or digits.
    """
    return _search(query, limit, settings or load_settings(), semantic)[0]


def _search(
    query: str, limit: int, settings: Settings, semantic: bool
) -> tuple[SearchResult, list[SearchHit]]:
    """:func:`search`'s result and the fuzzy search's own hits (``limit`` + 40 of them)."""
    index, scope = occupation_index(settings)
    lexical = index.search(query, limit=max(limit, 10) + 40)
    ranker = title_ranker(settings) if semantic and scope != "pack" else None
    if ranker is None:
        return SearchResult(query=query, scope=scope, hits=lexical[:limit]), lexical
    hits = _semantic_hits(query, lexical, ranker, index, limit)
    return SearchResult(query=query, scope=scope, hits=hits, method="semantic"), lexical


def title_ranker(settings: Settings) -> TitleRanker | None:
    """:data:`SEARCH_TITLE_RANKER` when the taxonomy and its title embeddings exist, else None.

    Never computes embeddings (a search must not start a minutes-long job) and never fails:
    without a model package or a cache the search stays lexical.
    """
    from careerpivot.errors import CareerPivotError
    from careerpivot.extract.titles_hybrid import load_title_ranker, title_caches

    if not settings.store_path.exists():
        return None
    try:
        if not all(path.exists() for path in title_caches(settings, SEARCH_TITLE_RANKER)):
            return None
        return load_title_ranker(SEARCH_TITLE_RANKER, settings=settings)
    except CareerPivotError:
        return None


def _semantic_hits(
    query: str,
    lexical: list[SearchHit],
    ranker: TitleRanker,
    index: OccupationIndex,
    limit: int,
) -> list[SearchHit]:
    """The title ranker's hits, each scored by the better of two readings.

    A hit's score is the larger of 100 × the title ranker's total and, when the fuzzy search
    matched the hit's own title or alias almost word for word (:data:`NEAR_EXACT`), that
    fuzzy score (its label score × weight); the hit keeps the explanation of the reading that
    won. Typos the embedder reads poorly ("widget analist") so still find the title, while
    ESCO's loose alternative labels ("teacher" for politics lecturer) no longer decide.
    """
    near = {h.id: h for h in lexical if h.match_kind in EXACT_KINDS and h.label_score >= NEAR_EXACT}
    best: dict[str, SearchHit] = {}
    for th in ranker.rank_titles([query], depth=limit + len(near))[0]:
        best[th.uri] = SearchHit(
            id=th.uri,
            source=th.scheme,
            title=th.label,
            score=round(100 * th.score, 1),
            matched_label=th.matched or th.label,
            match_kind="semantic",
            label_score=round(100 * th.terms.get("dense", th.score), 1),
            weight=1.0,
            code=index.code(th.uri),
            terms=dict(th.terms),
        )
    for target, hit in near.items():
        if target not in best or hit.score > best[target].score:
            best[target] = hit
    lexical_rank = {h.id: i for i, h in enumerate(lexical)}  # ties: the fuzzy search's order
    order = sorted(
        best.values(),
        key=lambda h: (-h.score, h.match_kind == "semantic", lexical_rank.get(h.id, len(lexical))),
    )
    return order[:limit]


def resolve(
    query: str,
    *,
    settings: Settings | None = None,
    allowed: Callable[[SearchHit], bool] | None = None,
    prefer_pack: bool = True,
) -> SearchHit:
    """The one occupation or role a typed title names, or a coded error with suggestions.

    A title is taken when a hit's title equals it (pack roles first, ESCO occupations first
    without ``prefer_pack``), or when the best hit
    reaches :data:`TRUSTED` and leads the next by :data:`CLEAR_LEAD` (per method). Generic
    words ("teacher", "nurse", "manager") match several occupations about equally and are
    not guessed. ``allowed`` filters the hits (e.g. to the occupations a model knows).

    Raises:
        InputError: CP-OCC002 for a query without letters or digits.
        NotFoundError: CP-OCC001 when nothing matches well enough, CP-OCC003 when several
            occupations or roles match about equally well.
    """
    result, fuzzy = _search(query, 8, settings or load_settings(), True)
    hits = [h for h in result.hits if allowed is None or allowed(h)]
    suggestions = [f"{h.title} ({h.id if h.source == 'pack' else h.code})" for h in hits[:6]]
    key = " ".join(query.lower().split())
    exact = [h for h in hits if " ".join(h.title.lower().split()) == key] or [
        h for h in hits if h.match_kind in EXACT_KINDS and h.label_score >= 100.0
    ]  # the title itself first, then a label or alias ("CSM", "manager product")
    if exact:
        return min(exact, key=lambda h: (h.source == "pack") != prefer_pack)
    if _clear(hits, result.method):
        return hits[0]
    if result.method == "semantic" and hits:
        # a typo the embedder reads less well ("custmer servce representative"): the fuzzy
        # search may still be clear, and is trusted when both agree on the best hit
        lexical = [h for h in fuzzy[:8] if allowed is None or allowed(h)]
        if _clear(lexical, "lexical") and lexical[0].id == hits[0].id:
            return hits[0]
    if not hits or hits[0].score < TRUSTED[result.method]:
        raise NotFoundError(
            "CP-OCC001",
            f"no occupation or role matches {query!r}"
            + ("" if result.scope != "pack" else _PACK_ONLY),
            suggestions=suggestions,
        )
    raise NotFoundError(
        "CP-OCC003",
        f"{query!r} matches several occupations or roles about equally well",
        "name one by its full title, pack role id or ESCO code: " + "; ".join(suggestions),
        suggestions=suggestions,
    )


def _clear(hits: list[SearchHit], method: str) -> bool:
    """The best hit is trusted and leads the next by :data:`CLEAR_LEAD` (per method)."""
    if not hits or hits[0].score < TRUSTED[method]:
        return False
    return len(hits) == 1 or hits[0].score - hits[1].score >= CLEAR_LEAD[method]


def show(id_or_title: str, *, settings: Settings | None = None) -> OccupationView:
    """Look up one occupation by ESCO URI, ESCO code, pack role id, or title.

    Raises:
        NotFoundError: CP-OCC001 with the closest suggestions when nothing matches well,
            CP-OCC003 when a title names several occupations about equally (see
            :func:`resolve`).
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
    hit = resolve(id_or_title, settings=settings, prefer_pack=False)
    return show(hit.id, settings=settings)
