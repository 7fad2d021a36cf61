"""Schema of the authored opportunity-cost notes (``packs/<name>/opportunity.yaml``).

The file holds the risks of switching that the opportunity-cost report lists next to its
numbers. Each risk says when it applies, so the report shows only the ones that fit the
user's inputs::

    risks:
      - id: title_reset_lasts
        when: title_reset
        text: A more junior title can take one to three years to win back ...

``when`` is one of :data:`RISK_CONDITIONS`: ``always``; ``product_target`` (the target is
one of the pack's product roles, not an ESCO occupation); ``title_reset`` (the user enters
below the target title); ``transition`` (time to transition > 0); ``unpaid_gap`` (months
without pay > 0); ``high_uncertainty`` (a wage proxy is marked high uncertainty);
``scaled`` (figures were scaled to the user's own salary); ``offer`` (an offer replaced the
modelled start pay).
"""

from __future__ import annotations

from collections import Counter
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from careerpivot.packs.schema import Id, Text

RiskCondition = Literal[
    "always",
    "product_target",
    "title_reset",
    "transition",
    "unpaid_gap",
    "high_uncertainty",
    "scaled",
    "offer",
]
RISK_CONDITIONS: tuple[str, ...] = get_args(RiskCondition)


class AuthoredRisk(BaseModel):
    """A risk of switching, in the pack's words, and the condition under which it applies."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    when: RiskCondition
    text: Text


class OpportunityNotes(BaseModel):
    """The whole ``opportunity.yaml``: authored risks with unique ids."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    risks: tuple[AuthoredRisk, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> OpportunityNotes:
        dupes = sorted(v for v, n in Counter(r.id for r in self.risks).items() if n > 1)
        if dupes:
            raise ValueError(f"duplicate risk id(s) {dupes}")
        return self
