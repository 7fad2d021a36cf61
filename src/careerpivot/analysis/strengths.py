"""Transferable strengths: what a person brings to the target role, with the evidence.

Two sources, kept apart so a reader can tell them apart:

- ``evidence``: a competency where the CV's evidence reaches the target's expected level
  (or level 2 when the target expects nothing), with medium or high confidence; the quotes
  are the person's own sentences;
- ``role``: the strengths the pack says people from the person's feeder role usually bring
  (authored text, e.g. first-hand user insight for customer-facing roles); each is marked as
  typical of the role, without quotes: the person confirms it.

A target without competency levels (an ESCO occupation) is judged by its ESCO skills, so its
evidence strengths are the CV's skills that bear on them (:func:`skill_strengths`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

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


#: At most this many skill strengths are listed for a target without competency levels.
MAX_SKILL_STRENGTHS = 6


def skill_strengths(
    target: str,
    matched: Sequence[Mapping[str, Any]],
    missing: Sequence[Mapping[str, Any]],
    evidence: Mapping[str, Sequence[str]],
    near_credit: float,
) -> list[Strength]:
    """What the CV brings to a target judged by its ESCO skills (no competency levels).

    Read off the person → target transition (``transitions.direct`` of the report): each
    skill of the CV with at least one quoted sentence (``evidence``: skill URI → sentences)
    that a matched pair (``target_label``, ``origin_uri``, ``origin_label``, ``relation``
    essential|optional, ``similarity``, ``credit``, ``from`` = ``cv``) ties to the target, or
    that is the closest CV skill (``closest_uri``, ``closest_label``, ``credit`` ≥
    ``near_credit``) of a missing essential skill (``label``). One strength per CV skill,
    naming the target skills it bears on: pairs before near misses, essential before
    optional, then by credit; at most :data:`MAX_SKILL_STRENGTHS`. Skills implied only by
    the person's occupation (``from`` = ``role``) are not strengths: the CV does not show them.
    """
    found: dict[str, tuple[tuple[int, int, float], str, list[str]]] = {}

    def add(uri: str, label: str, rank: tuple[int, int, float], why: str) -> None:
        if not evidence.get(uri):
            return
        if uri not in found:
            found[uri] = (rank, label, [why])
            return
        best, name, whys = found[uri]
        whys.append(why)
        found[uri] = (min(best, rank), name, whys)

    for m in matched:
        if m.get("from") != "cv":
            continue
        credit = float(m.get("credit") or 0.0)
        kind = "essential" if m.get("relation") == "essential" else "optional"
        same = float(m.get("similarity") or 0.0) >= 1.0
        t = str(m["target_label"])
        why = f"{'' if same else 'close to '}{t}, {kind} (credit {credit:.2f} of 1)"
        add(str(m["origin_uri"]), str(m["origin_label"]), (0, kind != "essential", -credit), why)
    for m in missing:
        credit = float(m.get("credit") or 0.0)
        near = str(m.get("closest_uri") or "")
        if near and credit >= near_credit:
            why = f"related to {m['label']}, essential (credit {credit:.2f} of 1)"
            add(near, str(m.get("closest_label") or ""), (1, 0, -credit), why)
    ranked = sorted(found.items(), key=lambda kv: (kv[1][0], kv[1][1]))
    out = []
    for uri, (_rank, label, whys) in ranked[:MAX_SKILL_STRENGTHS]:
        quotes = [" ".join(q.split()) for q in evidence[uri]][:2]
        out.append(
            Strength(
                name=label,
                source="evidence",
                why=f"Shown in your CV; for {target} it counts as: {'; '.join(whys[:3])}.",
                evidence=quotes,
            )
        )
    return out
