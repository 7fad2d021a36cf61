"""Transferable strengths: what a person brings to the target role, with the evidence.

Two sources, kept apart so a reader can tell them apart:

- ``evidence``: a competency where the CV's evidence reaches the target's expected level
  (or level 2 when the target expects nothing), with medium or high confidence; the quotes
  are the person's own sentences;
- ``role``: the strengths the pack says people from the person's feeder role usually bring
  (authored text, e.g. first-hand user insight for customer-facing roles); each is marked as
  typical of the role, without quotes: the person confirms it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from careerpivot.analysis.competencies import CompetencyScore
from careerpivot.packs.schema import FeederRole


class Strength(BaseModel):
    """One strength, where it comes from, and the quotes behind it."""

    model_config = ConfigDict(frozen=True)

    name: str
    source: Literal["evidence", "role"]
    why: str
    competency_id: str | None = None
    evidence: list[str] = Field(default_factory=list)


def transferable_strengths(
    scores: Sequence[CompetencyScore], feeder: FeederRole | None = None
) -> list[Strength]:
    """Strengths from evidence first (strongest first), then the feeder role's usual ones."""
    out: list[Strength] = []
    ranked = sorted(
        (s for s in scores if s.level is not None and s.confidence in ("high", "medium")),
        key=lambda s: (-(s.level or 0) + (s.expected or 0), -(s.terms.get("evidence_strength", 0))),
    )
    for s in ranked:
        bar = s.expected if s.expected is not None else 2
        if (s.level or 0) < bar or not any(p.kind == "sentence" for p in s.evidence):
            continue
        quotes = [p.sentence for p in s.evidence if p.kind == "sentence"][:2]
        target = f"; the role expects {s.expected}" if s.expected is not None else ""
        out.append(
            Strength(
                name=s.name,
                source="evidence",
                why=f"Level {s.level} shown in your CV{target}.",
                competency_id=s.id,
                evidence=quotes,
            )
        )
    if feeder is not None:
        for text in feeder.transferable_strengths:
            out.append(
                Strength(
                    name=text,
                    source="role",
                    why=f"Typical of people moving from {feeder.title.lower()} "
                    "(CareerPivot's product pack); check it against your own experience.",
                )
            )
    return out
