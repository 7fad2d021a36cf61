"""Readiness for a target role: how much of the expected competency profile the CV shows.

    readiness = 100 × Σ_c min(level_c, expected_c) × trust_c  /  Σ_c expected_c

``trust`` is 1.0 for high or medium confidence, 0.6 for low (a skills list or the role
only), 0 for "not enough information". Terms: the numerator, the denominator and the count of
competencies at each status, so the number can be checked by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

from careerpivot.analysis.competencies import CompetencyScore

TRUST = {"high": 1.0, "medium": 1.0, "low": 0.6, "none": 0.0}


def readiness(scores: Sequence[CompetencyScore]) -> tuple[int | None, dict[str, float]]:
    """Readiness 0–100 and its terms; None when the target expects no competency levels."""
    expected = [s for s in scores if s.expected]
    total = float(sum(s.expected or 0 for s in expected))
    if not total:
        return None, {}
    shown = sum(min(s.level or 0, s.expected or 0) * TRUST[s.confidence] for s in expected)
    terms = {
        "shown_levels": round(shown, 2),
        "expected_levels": total,
        "at_or_above": float(sum((s.level or 0) >= (s.expected or 0) for s in expected)),
        "not_enough_information": float(sum(s.level is None for s in expected)),
    }
    return round(100 * shown / total), terms
