"""The person's situation: the facts break-in routes are scored on.

Read from the optional ``situation:`` block of an answers file (the same YAML/JSON that
``--answers`` takes; the fit check ignores the block)::

    situation:
      product_team: "yes"          # yes | no | unknown  (quote yes/no in YAML)
      advocate: unknown            # a PM or leader who could advocate for you
      company_size: medium         # micro 1-10 | small 11-50 | medium 51-250 |
                                   # large 251-1000 | enterprise 1000+ | unknown
      company_stage: scaleup       # startup | scaleup | established | public_sector | unknown
      region: europe               # europe | north_america | other | unknown
      seniority: senior            # junior | mid | senior | lead | unknown
      budget: low                  # free | low | medium | high (for resources; default low)
      risk_appetite: 60            # 0-100; used only when the fit check gives none
      runway_months: 6             # used only when the fit check gives none

Anything left out is ``unknown`` and stays unknown: it lowers a route's confidence instead of
being guessed. YAML reads bare ``yes``/``no`` as true/false; both spellings are accepted.
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from careerpivot.errors import PlanningInputError

YesNo = Literal["yes", "no", "unknown"]
CompanySize = Literal["micro", "small", "medium", "large", "enterprise", "unknown"]
CompanyStage = Literal["startup", "scaleup", "established", "public_sector", "unknown"]
Region = Literal["europe", "north_america", "other", "unknown"]
Seniority = Literal["junior", "mid", "senior", "lead", "unknown"]
Budget = Literal["free", "low", "medium", "high"]
#: Regions a user may name that map to one of :data:`Region` (lower-case).
REGION_ALIASES: dict[str, str] = {
    "eu": "europe",
    "uk": "europe",
    "emea": "europe",
    "us": "north_america",
    "usa": "north_america",
    "canada": "north_america",
    "na": "north_america",
}


class Situation(BaseModel):
    """Facts about the person's situation; every one may be ``unknown``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    product_team: YesNo = "unknown"
    advocate: YesNo = "unknown"
    company_size: CompanySize = "unknown"
    company_stage: CompanyStage = "unknown"
    region: Region = "unknown"
    seniority: Seniority = "unknown"
    budget: Budget = "low"
    risk_appetite: float | None = Field(default=None, ge=0, le=100)
    runway_months: int | None = Field(default=None, ge=0, le=600)

    @field_validator("product_team", "advocate", mode="before")
    @classmethod
    def _yes_no(cls, value: Any) -> Any:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if value is None:
            return "unknown"
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("company_size", "company_stage", "seniority", "budget", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        if value is None:
            return "unknown"
        return value.strip().lower().replace("-", "_") if isinstance(value, str) else value

    @field_validator("region", mode="before")
    @classmethod
    def _region(cls, value: Any) -> Any:
        if value is None:
            return "unknown"
        if isinstance(value, str):
            key = value.strip().lower().replace(" ", "_").replace("-", "_")
            return REGION_ALIASES.get(key, key)
        return value

    def known(self) -> dict[str, str]:
        """The categorical facts that are not ``unknown`` (for display)."""
        data = self.model_dump(exclude={"budget", "risk_appetite", "runway_months"})
        return {k: str(v) for k, v in data.items() if v != "unknown"}


def situation_from_block(block: Mapping[str, object] | None) -> Situation:
    """Validate a ``situation:`` block (None or empty: everything unknown).

    Raises:
        PlanningInputError: CP-PLN002 naming the field and the allowed values.
    """
    if not block:
        return Situation()
    try:
        return Situation.model_validate(dict(block))
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            where = ".".join(str(p) for p in err["loc"]) or "situation"
            problems.append(f"situation.{where}: {err['msg']}")
        raise PlanningInputError(
            "CP-PLN002",
            "the situation block is invalid: " + "; ".join(problems),
            "see examples/answers-maya.yaml and docs/plan.md for the allowed values",
        ) from None
