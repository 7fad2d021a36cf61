"""Schema of an authored pack: competencies, the PM role family and feeder roles.

A pack is hand-written YAML (see ``docs/pack.md``). These pydantic models are the contract:
every model forbids unknown keys, levels are integers 0–4, and :class:`Pack` checks that the
files agree with each other (ids unique, every reference resolves, every PM role states a level
for every competency). Cross-file checks live in :func:`cross_reference_problems` so the loader
can name the file a problem is in; :class:`Pack` runs the same checks when built in code.

ESCO references are URIs only; whether they exist in ESCO is checked against a taxonomy store
by :mod:`careerpivot.packs.validate`, not here (the schema needs no data download).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Annotated, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from careerpivot.errors import NotFoundError

#: The four competency areas, in display order.
AREAS: tuple[str, ...] = ("execution", "customer_insight", "strategy", "influencing_people")
Area = Literal["execution", "customer_insight", "strategy", "influencing_people"]

#: Levels run 0 (not shown) to 4 (sets the standard); :attr:`PackMeta.levels` names them.
LEVELS: tuple[int, ...] = (0, 1, 2, 3, 4)
Level = Annotated[int, Field(ge=0, le=4, strict=True)]

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
EscoSkillUri = Annotated[
    str, StringConstraints(pattern=r"^http://data\.europa\.eu/esco/skill/[0-9a-f-]{36}$")
]
EscoOccupationUri = Annotated[
    str, StringConstraints(pattern=r"^http://data\.europa\.eu/esco/occupation/[0-9a-f-]{36}$")
]
SocCode = Annotated[str, StringConstraints(pattern=r"^\d{2}-\d{4}(\.\d{2})?$")]

#: How an ESCO occupation relates to a pack role: ``exact`` (same job), ``broader`` (ESCO's
#: concept covers this role and others), ``closest-available`` (no ESCO concept fits; this is
#: the nearest, and the role's ``esco_note`` says how it differs).
Relation = Literal["exact", "broader", "closest-available"]


_T = TypeVar("_T")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_levels(value: dict[int, _T]) -> dict[int, _T]:
    got = sorted(value)
    if got != list(LEVELS):
        raise ValueError(f"must have exactly the levels 0, 1, 2, 3 and 4 (got {got})")
    return value


class LevelName(_Model):
    """What a level number means across the whole pack."""

    name: Text
    meaning: Text


class PackMeta(_Model):
    """``pack.yaml``: identity of the pack and the meaning of levels 0–4."""

    name: Id
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    title: Text
    description: Text
    esco_version: Text
    levels: Annotated[dict[int, LevelName], AfterValidator(_check_levels)]


class EscoSkillRef(_Model):
    """An ESCO skill a competency draws on (``label`` is ESCO's preferred label)."""

    uri: EscoSkillUri
    label: Text


class EscoOccupationRef(_Model):
    """An ESCO occupation a pack role corresponds to, and how closely."""

    uri: EscoOccupationUri
    label: Text
    relation: Relation


class Competency(_Model):
    """One competency with observable behaviours at each level 0–4."""

    id: Id
    name: Text
    area: Area
    definition: Text
    behaviours: Annotated[dict[int, Text], AfterValidator(_check_levels)]
    esco_skills: tuple[EscoSkillRef, ...] = Field(min_length=1)


class EntryRoute(_Model):
    """A common way into a role; ``from_roles`` are pack role or feeder ids."""

    route: Text
    detail: Text
    from_roles: tuple[Id, ...] = ()


class Ladder(_Model):
    """Where a role usually comes from and leads to (pack role or feeder ids)."""

    previous: tuple[Id, ...] = ()
    next: tuple[Id, ...] = ()


class SocProxy(_Model):
    """The US SOC / O*NET-SOC code used as a stand-in for wages, and how uncertain it is."""

    code: SocCode
    title: Text
    uncertainty: Literal["low", "medium", "high"]
    basis: Text
    note: Text


class PmRole(_Model):
    """A role of the product-management family."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = Field(min_length=1)
    summary: Text
    responsibilities: tuple[Text, ...] = Field(min_length=3)
    expected_levels: dict[Id, Level]
    entry_routes: tuple[EntryRoute, ...] = Field(min_length=1)
    ladder: Ladder
    esco_occupations: tuple[EscoOccupationRef, ...] = Field(min_length=1)
    soc_proxy: SocProxy
    esco_note: Text


class CompetencyBuild(_Model):
    """How far a feeder role typically builds one competency, and why."""

    level: Level
    why: Text


class FeederRole(_Model):
    """A role people commonly move into product management from."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = Field(min_length=1)
    summary: Text
    esco_occupations: tuple[EscoOccupationRef, ...] = Field(min_length=1)
    builds: dict[Id, CompetencyBuild] = Field(min_length=1)
    transferable_strengths: tuple[Text, ...] = Field(min_length=2)
    typical_gaps: tuple[Text, ...] = Field(min_length=2)
    likely_targets: tuple[Id, ...] = Field(min_length=1)


AnyRole = PmRole | FeederRole


def _all_roles(roles: Iterable[PmRole], feeders: Iterable[FeederRole]) -> list[AnyRole]:
    out: list[AnyRole] = [*roles]
    out.extend(feeders)
    return out


def _dupes(values: Iterable[str]) -> list[str]:
    return sorted(v for v, n in Counter(values).items() if n > 1)


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


def _missing(ids: Iterable[str], known: set[str]) -> list[str]:
    return [i for i in ids if i not in known]


def cross_reference_problems(
    competencies: tuple[Competency, ...],
    roles: tuple[PmRole, ...],
    feeders: tuple[FeederRole, ...],
) -> list[tuple[str, str, str]]:
    """Problems between the parts of a pack, as ``(section, field path, message)``.

    ``section`` is ``competencies``, ``roles`` or ``feeders`` (the file the problem is in);
    the path names the item by index and id, e.g. ``roles[1] (pm).expected_levels``.
    An empty list means the parts agree.
    """
    out: list[tuple[str, str, str]] = []
    comp_ids = {c.id for c in competencies}
    role_ids = {r.id for r in roles}
    all_ids = role_ids | {f.id for f in feeders}
    for dup in _dupes(c.id for c in competencies):
        out.append(("competencies", "id", f"duplicate competency id {dup!r}"))
    for dup in _dupes([r.id for r in roles] + [f.id for f in feeders]):
        out.append(("roles", "id", f"id {dup!r} is used by more than one role or feeder"))
    missing_areas = [a for a in AREAS if a not in {c.area for c in competencies}]
    if missing_areas:
        out.append(("competencies", "area", f"no competency in area(s) {missing_areas}"))
    for i, role in enumerate(roles):
        where = f"roles[{i}] ({role.id})"
        unknown = sorted(set(role.expected_levels) - comp_ids)
        if unknown:
            out.append(("roles", f"{where}.expected_levels", f"unknown competency {unknown}"))
        absent = sorted(comp_ids - set(role.expected_levels))
        if absent:
            out.append(("roles", f"{where}.expected_levels", f"no level for {absent}"))
        for part in ("previous", "next"):
            refs = getattr(role.ladder, part)
            if bad := _missing(refs, all_ids):
                out.append(("roles", f"{where}.ladder.{part}", f"unknown role id {bad}"))
            if role.id in refs:
                out.append(("roles", f"{where}.ladder.{part}", "a role cannot lead to itself"))
        for j, route in enumerate(role.entry_routes):
            if bad := _missing(route.from_roles, all_ids):
                path = f"{where}.entry_routes[{j}].from_roles"
                out.append(("roles", path, f"unknown role id {bad}"))
    for i, feeder in enumerate(feeders):
        where = f"feeders[{i}] ({feeder.id})"
        if unknown := sorted(set(feeder.builds) - comp_ids):
            out.append(("feeders", f"{where}.builds", f"unknown competency {unknown}"))
        if bad := _missing(feeder.likely_targets, role_ids):
            out.append(("feeders", f"{where}.likely_targets", f"unknown PM role id {bad}"))
    owners: dict[str, set[str]] = {}
    for any_role in _all_roles(roles, feeders):
        for name in (any_role.title, *any_role.aliases):
            owners.setdefault(_norm(name), set()).add(any_role.id)
    for name, ids in sorted(owners.items()):
        if len(ids) > 1:
            section = "roles" if ids & role_ids else "feeders"
            msg = f"title or alias {name!r} is used by more than one role: {sorted(ids)}"
            out.append((section, "aliases", msg))
    return out


class Pack(_Model):
    """A whole pack: metadata, competencies, PM roles and feeder roles, checked together."""

    meta: PackMeta
    competencies: tuple[Competency, ...] = Field(min_length=1)
    roles: tuple[PmRole, ...] = Field(min_length=1)
    feeders: tuple[FeederRole, ...] = ()

    @model_validator(mode="after")
    def _parts_agree(self) -> Pack:
        problems = cross_reference_problems(self.competencies, self.roles, self.feeders)
        if problems:
            raise ValueError("; ".join(f"{s}: {p}: {m}" for s, p, m in problems))
        return self

    def competency(self, competency_id: str) -> Competency:
        """The competency with id ``competency_id`` (KeyError when absent)."""
        for comp in self.competencies:
            if comp.id == competency_id:
                return comp
        raise KeyError(competency_id)

    def competencies_by_area(self) -> dict[str, list[Competency]]:
        """Competencies grouped by area, areas in :data:`AREAS` order."""
        return {a: [c for c in self.competencies if c.area == a] for a in AREAS}

    def all_roles(self) -> list[AnyRole]:
        """PM roles then feeder roles, in file order."""
        return _all_roles(self.roles, self.feeders)

    def get_role(self, role_id: str) -> AnyRole | None:
        """The PM role or feeder role with id ``role_id``, or None."""
        return next((r for r in self.all_roles() if r.id == role_id), None)

    def find_role(self, query: str) -> AnyRole:
        """The role whose id, title or alias matches ``query`` (case and dashes ignored).

        Raises:
            NotFoundError: CP-OCC001 with up to five closest ids/titles as suggestions.
        """
        key = _norm(query)
        for role in self.all_roles():
            if key in {_norm(role.id), _norm(role.title), *(_norm(a) for a in role.aliases)}:
                return role
        raise NotFoundError(
            "CP-OCC001",
            f"no PM role or feeder role in pack {self.meta.name!r} matches {query!r}",
            suggestions=self.suggest_roles(query),
        )

    def suggest_roles(self, query: str, limit: int = 5) -> list[str]:
        """The ``limit`` role ids closest to ``query``, each as ``id (title)``."""
        from rapidfuzz import fuzz, process

        choices: dict[str, str] = {}
        for role in self.all_roles():
            for name in (role.id, role.title, *role.aliases):
                choices.setdefault(_norm(name), role.id)
        ranked = process.extract(_norm(query), list(choices), scorer=fuzz.WRatio, limit=50)
        out: list[str] = []
        for name, _score, _idx in ranked:
            role_id = choices[name]
            if role_id not in out:
                out.append(role_id)
        titles = {r.id: r.title for r in self.all_roles()}
        return [f"{rid} ({titles[rid]})" for rid in out[:limit]]
