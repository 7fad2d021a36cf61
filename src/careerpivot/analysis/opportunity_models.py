"""Models of the opportunity-cost comparison (inputs and results); the model is in
:mod:`careerpivot.analysis.opportunity`, which re-exports every name here.

All models are frozen pydantic models and serialise to JSON as they are. Every number of a
result is a :class:`Figure`: its value, the formula it came from and the named terms.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from careerpivot.packs.opportunity_schema import AuthoredRisk
from careerpivot.taxonomy.models import Wage

#: Name and version of the model (a behaviour change adds ``.v2``).
MODEL = "opportunity.percentile_ladder.v1"
Uncertainty = Literal["low", "medium", "high"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class WageSource(_Frozen):
    """The OEWS wages standing for one role, and how they were chosen."""

    label: str
    role_id: str | None = None
    wage: Wage
    basis: str
    uncertainty: Uncertainty
    note: str | None = None
    alternatives: tuple[str, ...] = ()


class OpportunityInputs(_Frozen):
    """Everything the model needs; ``None`` means "not given" (a stated default is used)."""

    origin: WageSource
    target: WageSource
    origin_peak: WageSource | None = None
    target_peak: WageSource | None = None
    entry_role: str | None = None
    entry_note: str | None = None
    years_experience: float | None = Field(default=None, ge=0, le=50)
    title_reset: bool = False
    transition_months: int | None = Field(default=None, ge=0, le=120)
    unpaid_months: int = Field(default=0, ge=0, le=60)
    salary: float | None = Field(default=None, gt=0)
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    region: str | None = None
    offer: float | None = Field(default=None, gt=0)
    risks: tuple[AuthoredRisk, ...] = ()
    product_target: bool = False

    @field_validator("currency", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value


class Term(_Frozen):
    """A named input of a number, with where it came from."""

    name: str
    value: float
    source: str = ""


class Figure(_Frozen):
    """A number with the formula and terms it was computed from."""

    value: float
    formula: str
    terms: tuple[Term, ...] = ()


class SideSummary(_Frozen):
    """One path: which wages stand for it, where it starts and where it can peak."""

    label: str
    soc_code: str
    soc_title: str
    release: str
    uncertainty: Uncertainty
    basis: str
    note: str | None
    alternatives: tuple[str, ...]
    peak_role: str
    ladder: tuple[Term, ...]
    start_pay: Figure
    peak_pay: Figure


class YearPoint(_Frozen):
    """Pay on both paths in one year and the running difference (pivot − stay)."""

    year: int
    stay: Figure
    pivot: Figure
    difference: Figure
    cumulative_difference: Figure


class Horizon(_Frozen):
    """The cumulative difference after ``years`` years."""

    years: int
    cumulative_difference: Figure


class OpportunityCost(_Frozen):
    """Stay versus pivot over ten years, with every assumption and term."""

    model: str = MODEL
    currency: str
    origin: SideSummary
    target: SideSummary
    title_reset: bool
    entry_role: str | None
    years: tuple[YearPoint, ...]
    horizons: tuple[Horizon, ...]
    break_even_year: int | None
    break_even: str
    assumptions: tuple[str, ...]
    caveats: tuple[str, ...]
    risks: tuple[str, ...]
