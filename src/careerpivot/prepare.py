"""Build the derived caches that a first report needs, once, right after ``data embed``.

A report reads three caches derived from the imported taxonomy and its embeddings: the
default extractor's parts and the default title ranker (both pickled by
:mod:`careerpivot.extract.parts_cache`) and the transition arrays
(:mod:`careerpivot.transitions_data`). Each is built on first use when missing, which made a
user's first ``careerpivot pivot`` (or first report in the web app) take about 20 s instead of
4 s. :func:`prepare_caches` builds them up front, one at a time, and lets each go before the
next, so the step's memory stays that of the largest part.

Data contract: ``prepare_caches`` returns one ``(what, path)`` pair per cache it made sure
exists, in build order; a cache already present is only read back. The caches' keys are those
of their modules, so a later import or embed invalidates them as before.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from careerpivot.settings import Settings
from careerpivot.settings import load as load_settings

ProgressFn = Callable[[str, int, int], None]


def prepare_caches(
    settings: Settings | None = None, progress: ProgressFn | None = None
) -> list[tuple[str, Path]]:
    """Build (or check) the default extractor's, title ranker's and transitions' caches.

    Raises:
        StoreMissingError: CP-STO001 when no taxonomy has been imported.
        ConfigError: CP-CFG003 when the embedding model package is not installed.
    """
    from careerpivot import transitions_data as td
    from careerpivot.extract.embedders import DEFAULT_EMBEDDER
    from careerpivot.extract.service import embed_taxonomy, prepare_extractor
    from careerpivot.extract.titles_hybrid import prepare_title_ranker

    settings = settings or load_settings()

    def transitions() -> Path:
        embeddings = embed_taxonomy(settings, embedder=DEFAULT_EMBEDDER, titles=False)
        td.load_or_build(settings, embeddings, embedder=DEFAULT_EMBEDDER)
        return td.cache_target(settings, DEFAULT_EMBEDDER)

    steps: list[tuple[str, Callable[[], Path]]] = [
        ("extractor", lambda: prepare_extractor(settings)),
        ("title ranker", lambda: prepare_title_ranker(settings)),
        ("transitions", transitions),
    ]
    report = progress or (lambda _d, _n, _t: None)
    done: list[tuple[str, Path]] = []
    for step, (what, build) in enumerate(steps):
        report(f"prepare {what}", step, len(steps))
        done.append((what, build()))
        gc.collect()  # let the part go before the next one is built
    report("prepare caches", len(steps), len(steps))
    return done
