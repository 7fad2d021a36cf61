"""Ranking and set metrics used by ``careerpivot eval`` (pure functions).

Conventions follow the skill-extraction literature (Decorte et al.): every item has a set of
relevant ids and a ranked list of predicted ids.

- reciprocal rank: 1 / rank of the first relevant id (0 when none is ranked);
- R-Precision@K: |relevant ∩ top K| / min(K, |relevant|);
- Recall@K: 1 when any relevant id is in the top K (single-label title benchmarks);
- set precision / recall / F1 are micro-averaged over all items.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    """1 / (1-based rank of the first relevant id), or 0.0."""
    for i, item in enumerate(ranked, start=1):
        if item in relevant:
            return 1.0 / i
    return 0.0


def r_precision_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Share of the top ``k`` that is relevant, normalised by ``min(k, |relevant|)``."""
    if not relevant:
        return 0.0
    hits = sum(1 for item in ranked[:k] if item in relevant)
    return hits / min(k, len(relevant))


def hit_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """1.0 when a relevant id is in the top ``k``, else 0.0."""
    return 1.0 if any(item in relevant for item in ranked[:k]) else 0.0


@dataclass
class SetCounts:
    """Micro-averaged set-level counts for a thresholded extractor."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[str], relevant: set[str]) -> None:
        """Count one item."""
        self.tp += len(predicted & relevant)
        self.fp += len(predicted - relevant)
        self.fn += len(relevant - predicted)

    @property
    def precision(self) -> float:
        """tp / (tp + fp), 0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
