"""The all-pairs transition matrix: every origin's best targets, written as one CSV file.

For batch work (a talent team screening many roles, a mentor directory, a distributed job
later): scores every ESCO occupation and pack role as an origin against every other profile
with the default scorer and keeps each origin's ``top`` targets (one per occupation family,
as ``careerpivot transitions`` lists them, unless ``distinct`` is off).

Output contract (CSV, UTF-8, header row; gzip when the path ends in ``.gz``)::

    origin_id, origin_label, origin_kind, rank, target_id, target_label, target_kind,
    score, viability, essential, optional, activity, onet, origin, pathway

``rank`` is 1-based per origin; facet columns hold the facet values (empty when a facet has
no data for the pair), so each score can be recomputed from its terms and the weights in
:data:`careerpivot.analysis.transitions.DEFAULT_WEIGHTS`. Rows are grouped by origin in
profile order, targets by rank.
"""

from __future__ import annotations

import csv
import gzip
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np

from careerpivot import transitions_service as ts
from careerpivot.analysis import transitions as tr
from careerpivot.errors import InputError
from careerpivot.settings import Settings

COLUMNS = (
    "origin_id",
    "origin_label",
    "origin_kind",
    "rank",
    "target_id",
    "target_label",
    "target_kind",
    "score",
    "viability",
    *tr.FACETS,
)
#: ``progress(done, total)`` after each origin.
ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class MatrixSummary:
    """What :func:`write_matrix` did: origins scored, rows written, seconds, output path."""

    origins: int
    rows: int
    seconds: float
    path: Path


def iter_rows(
    ctx: ts.TransitionContext,
    *,
    top: int = 20,
    distinct: bool = True,
    progress: ProgressFn | None = None,
) -> Iterator[tuple[str | float | int, ...]]:
    """Rows of the matrix (see the module docstring), origin by origin."""
    m = ctx.model
    p = m.profiles
    n = len(p)
    for origin in range(n):
        facets = tr.forward_facets(m, tr.profile_holder(m, origin))
        scores = tr.combine(facets, m.weights)
        own = tr.own_family(p.family, [origin])
        ranked = tr.ranked_rows(scores, p.family, exclude=own, distinct=distinct, limit=top)
        for rank, (target, _variants) in enumerate(ranked, start=1):
            score = float(scores[target])
            values = [facets[f][target] for f in tr.FACETS]
            yield (
                p.ids[origin],
                p.labels[origin],
                p.kinds[origin],
                rank,
                p.ids[target],
                p.labels[target],
                p.kinds[target],
                round(score, 4),
                tr.viability(score, ctx.thresholds),
                *("" if np.isnan(v) else round(float(v), 4) for v in values),
            )
        if progress is not None:
            progress(origin + 1, n)


def _open(path: Path, *, gz: bool) -> TextIO:
    if gz:
        return io.TextIOWrapper(gzip.open(path, "wb"), encoding="utf-8", newline="")
    return path.open("w", encoding="utf-8", newline="")


def write_matrix(
    path: Path,
    *,
    top: int = 20,
    distinct: bool = True,
    progress: ProgressFn | None = None,
    settings: Settings | None = None,
) -> MatrixSummary:
    """Score every origin and write its ``top`` targets to ``path`` (atomically).

    Raises:
        InputError: CP-TRN002 when ``top`` is not positive or the folder does not exist.
        StoreMissingError: CP-STO001 when no taxonomy has been imported.
    """
    if top < 1:
        raise InputError("CP-TRN002", f"--top must be at least 1 (got {top})")
    if not path.parent.is_dir():
        raise InputError(
            "CP-TRN002", f"the folder {path.parent} does not exist", "create it or pick another"
        )
    ctx = ts.load_context(settings)
    t0 = time.perf_counter()
    tmp = path.with_name(path.name + ".partial")
    rows = 0
    try:
        with _open(tmp, gz=path.suffix == ".gz") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            for row in iter_rows(ctx, top=top, distinct=distinct, progress=progress):
                writer.writerow(row)
                rows += 1
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return MatrixSummary(len(ctx.model.profiles), rows, time.perf_counter() - t0, path)
