"""Taxonomy models: what the store hands to the rest of the engine.

All models are immutable pydantic models so they serialise to JSON as they are.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class SkillRef(_Frozen):
    """An ESCO skill as seen from an occupation: ``relation`` is essential or optional."""

    uri: str
    label: str
    skill_type: str | None = None
    reuse_level: str | None = None
    relation: str | None = None


class Skill(_Frozen):
    """An ESCO skill or knowledge concept."""

    uri: str
    preferred_label: str
    skill_type: str | None = None
    reuse_level: str | None = None
    description: str | None = None
    alt_labels: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()


class Wage(_Frozen):
    """Annual wages (USD) for one SOC code from BLS OEWS; ``None`` where BLS suppresses."""

    soc_code: str
    title: str
    release: str
    employment: int | None = None
    a_mean: float | None = None
    a_pct10: float | None = None
    a_pct25: float | None = None
    a_median: float | None = None
    a_pct75: float | None = None
    a_pct90: float | None = None
    top_coded: bool = False


class OnetLink(_Frozen):
    """An O*NET-SOC occupation linked to an ESCO occupation through the crosswalk."""

    code: str
    title: str
    job_zone: int | None = None
    via: str = "crosswalk"


class Occupation(_Frozen):
    """An ESCO occupation with what the store knows about it.

    ``essential_skills``/``optional_skills`` and ``onet``/``wages`` are filled by
    :meth:`TaxonomyStore.occupation_detail`; plain lookups leave them empty.
    """

    uri: str
    preferred_label: str
    code: str | None = None
    isco_group: str | None = None
    isco_label: str | None = None
    description: str | None = None
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    essential_skills: tuple[SkillRef, ...] = ()
    optional_skills: tuple[SkillRef, ...] = ()
    onet: tuple[OnetLink, ...] = ()
    wages: tuple[Wage, ...] = ()


class SourceStatus(_Frozen):
    """One imported source as recorded in the store."""

    source: str
    version: str
    imported_at: str
    origin: str
    files: tuple[dict[str, str | int], ...]
    counts: dict[str, int]
