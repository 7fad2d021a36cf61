"""Building extractors from the local store: the composition root of :mod:`careerpivot.extract`.

Extractors are registered under versioned names (:data:`EXTRACTORS`). :func:`load_extractor`
opens the store, the embedder and the cached skill embeddings (computing them once, with
progress, when missing) and returns a linker with ``rank(texts)`` and ``link(texts)``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from careerpivot.errors import ConfigError
from careerpivot.extract import parts_cache
from careerpivot.extract.embedders import DEFAULT_EMBEDDER, Embedder, Matrix, get_embedder
from careerpivot.extract.label_coverage import LabelCoverage
from careerpivot.extract.lexicon import Lexicon
from careerpivot.extract.linker import (
    RECIPES,
    SAME_PARTS,
    BaselineLinker,
    HybridLinker,
    Link,
    skill_prior,
)
from careerpivot.extract.skill_index import SkillIndex, build_embeddings, cache_path, load_index
from careerpivot.loading import gc_paused
from careerpivot.settings import Settings
from careerpivot.settings import load as load_settings
from careerpivot.taxonomy.store import TaxonomyStore

ProgressFn = Callable[[str, int, int], None]
DEFAULT_EXTRACTOR = "extract.hybrid.v6"
EXTRACTORS = (
    "extract.hybrid.v6",
    "extract.hybrid.v5",
    "extract.hybrid.v4",
    "extract.fast.v2",
    "extract.fast.v1",
    "extract.hybrid.v3",
    "extract.hybrid.v2",
    "extract.hybrid.v1",
    "extract.baseline.v1",
)


class Extractor(Protocol):
    """What every registered extractor offers."""

    name: str

    def rank(self, texts: list[str], depth: int = 50) -> list[list[str]]:
        """ESCO skill URIs ranked for each text."""
        ...

    def link(
        self, texts: list[str], *, limit: int | Sequence[int] | None = None
    ) -> list[list[Link]]:
        """Thresholded skills of each text (at most ``limit`` per text)."""
        ...


def embed_taxonomy(
    settings: Settings | None = None,
    *,
    embedder: str = DEFAULT_EMBEDDER,
    force: bool = False,
    progress: ProgressFn | None = None,
    titles: bool = True,
) -> Path:
    """Compute (or reuse) the skill embeddings for the imported taxonomy; return the file.

    With ``titles`` (the default) the occupation-title embeddings of the title ranker are
    computed (or reused) too, see :func:`careerpivot.extract.titles_hybrid.embed_titles`.
    """
    settings = settings or load_settings()
    with TaxonomyStore.open(settings.store_path) as store:
        target = cache_path(settings.home, store, embedder)
        if force or not target.exists():
            build_embeddings(store, get_embedder(embedder), target, progress)
    if titles:
        from careerpivot.extract.titles_hybrid import embed_titles

        embed_titles(settings, embedder=embedder, force=force, progress=progress)
    return target


@functools.lru_cache(maxsize=2)
def _load(store_path: str, mtime: float, home: str, name: str, embedder: str) -> Extractor:
    with gc_paused():  # label indexes: many small objects, none of them garbage
        return _build(store_path, home, name, embedder)


def _build(store_path: str, home: str, name: str, embedder: str) -> Extractor:
    settings = Settings(Path(home), "", "", 10.0)
    path = embed_taxonomy(settings, embedder=embedder, titles=False)
    model = get_embedder(embedder)
    if name == "extract.baseline.v1":
        with TaxonomyStore.open(Path(store_path)) as store:
            return BaselineLinker(load_index(store, model, path), model)
    parts = SAME_PARTS.get(name, name)
    index, lexicon, prior, coverage = parts_cache.load_or_build(
        _parts_file(store_path, path, parts), lambda: _parts(store_path, model, path, parts)
    )
    query = _query_embedder(RECIPES[name].query_embedder, model)
    return HybridLinker(index, query, lexicon, prior=prior, name=name, coverage=coverage)


def _query_embedder(name: str, model: Embedder) -> Embedder:
    """The recipe's embedder for linked texts; ``model`` when it names none or cannot load.

    ``extract.hybrid.v6`` names the int8 ``minilm.q8.v1``; without onnxruntime it embeds the
    texts with ``model`` (the taxonomy's float32 encoder) and so links exactly like v5.
    """
    if not name:
        return model
    try:
        return get_embedder(name)
    except ConfigError:
        return model


def _parts_file(store_path: str, embeddings: Path, name: str) -> Path:
    with TaxonomyStore.open(Path(store_path)) as store:
        sources = parts_cache.sources_key(store)
    return parts_cache.cache_file(embeddings, name, extra=sources)


def prepare_extractor(
    settings: Settings, name: str = DEFAULT_EXTRACTOR, *, embedder: str = DEFAULT_EMBEDDER
) -> Path:
    """Build (or read back) the on-disk parts of extractor ``name``; return the cache file.

    Unlike :func:`load_extractor` nothing stays in memory after the call.
    """
    with gc_paused():
        _build(str(settings.store_path), str(settings.home), name, embedder)
    path = embed_taxonomy(settings, embedder=embedder, titles=False)
    return _parts_file(str(settings.store_path), path, SAME_PARTS.get(name, name))


_Parts = tuple[SkillIndex, Lexicon, Matrix | None, LabelCoverage | None]


def _parts(store_path: str, model: Embedder, path: Path, name: str) -> _Parts:
    """The taxonomy-derived parts of extractor ``name`` (cached by :mod:`.parts_cache`)."""
    with TaxonomyStore.open(Path(store_path)) as store:
        index = load_index(store, model, path)
        labels = store.conn.execute(
            "SELECT concept_uri, label, kind FROM esco_labels WHERE concept='skill'"
        ).fetchall()
        recipe = RECIPES[name]
        prior = _prior(store, index.uris, recipe.prior_weight) if recipe.prior_weight else None
    coverage = (
        LabelCoverage(labels, index.position, alt_words=recipe.coverage_alt_words)
        if recipe.coverage_weight
        else None
    )
    return index, Lexicon(labels), prior, coverage


def _prior(store: TaxonomyStore, uris: list[str], weight: float) -> Matrix:
    reuse = dict(store.conn.execute("SELECT uri, reuse_level FROM esco_skills").fetchall())
    counts = dict(
        store.conn.execute(
            "SELECT skill_uri, COUNT(DISTINCT occupation_uri) FROM esco_occupation_skills "
            "GROUP BY skill_uri"
        ).fetchall()
    )
    return skill_prior([reuse.get(u) for u in uris], [counts.get(u, 0) for u in uris], weight)


def load_extractor(
    name: str = DEFAULT_EXTRACTOR,
    settings: Settings | None = None,
    *,
    embedder: str = DEFAULT_EMBEDDER,
) -> Extractor:
    """The extractor registered as ``name`` over the imported taxonomy (cached per process).

    Raises:
        ConfigError: CP-CFG002 for an unknown name, CP-CFG003 when the model is missing.
        StoreMissingError: CP-STO001 when no taxonomy has been imported.
    """
    if name not in EXTRACTORS:
        raise ConfigError(
            "CP-CFG002", f"unknown extractor {name!r}", f"choose one of {', '.join(EXTRACTORS)}"
        )
    settings = settings or load_settings()
    TaxonomyStore.open(settings.store_path).close()
    mtime = settings.store_path.stat().st_mtime
    return _load(str(settings.store_path), mtime, str(settings.home), name, embedder)
