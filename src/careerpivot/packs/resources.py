"""The resource catalogue of a pack: newsletters, podcasts, books, courses, communities, …

A shipped pack may carry ``resources.yaml`` (format in ``docs/pack.md``, *Resources*)::

    resources:
      - id: the_mom_test
        title: The Mom Test
        type: book                      # see ResourceType
        url: https://www.momtestbook.com   # optional: only an official homepage
        provider: Rob Fitzpatrick
        cost: low                       # free | low | medium | high (bands, not prices)
        cost_note: ...                  # optional
        time: {hours: [3, 5], text: a short book}          # or hours_per_week (+ weeks)
        format: read                    # read | listen | watch | course | cohort | ...
        region: global                  # global | europe | uk | us | ...
        level: beginner                 # beginner | intermediate | advanced
        builds: {user_empathy: 3, discovery_experimentation: 3}   # pack competency → 1-3
        why: One sentence on why it helps.
        checked: "2026-11"              # month an editor last confirmed it

:func:`load_resources` reads it through :mod:`importlib.resources` and checks it against the
pack: ids unique, every ``builds`` key a competency of the pack, and at least
:data:`MIN_RESOURCES` entries. Every problem is an :class:`~careerpivot.errors.InputError`
``CP-PAK001`` naming the file, the entry and the field, e.g.
``resources.yaml: resources[3] (the_mom_test).builds.empathy: unknown competency``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from careerpivot.errors import InputError
from careerpivot.packs.schema import Id, Pack, Text

RESOURCES_FILE = "resources.yaml"
#: A shipped catalogue must have at least this many entries.
MIN_RESOURCES = 40
_FIX = f"fix {RESOURCES_FILE} (format in docs/pack.md) and run `careerpivot pack validate`"

ResourceType = Literal[
    "newsletter",
    "blog",
    "podcast",
    "book",
    "course",
    "certification",
    "community",
    "meetup",
    "mentoring",
    "apm_programme",
    "practice",
    "tool",
]
RESOURCE_TYPES: tuple[str, ...] = get_args(ResourceType)
CostBand = Literal["free", "low", "medium", "high"]
#: Cost bands from cheapest to dearest; a budget allows its own band and every cheaper one.
COST_BANDS: tuple[str, ...] = ("free", "low", "medium", "high")
Format = Literal[
    "read", "listen", "watch", "course", "cohort", "community", "programme", "practice"
]
Level = Literal["beginner", "intermediate", "advanced"]
Strength = Annotated[int, Field(ge=1, le=3, strict=True)]
TotalHours = Annotated[float, Field(gt=0, le=2000)]
WeeklyHours = Annotated[float, Field(gt=0, le=80)]
Weeks = Annotated[int, Field(ge=1, le=104)]
Month = Annotated[str, StringConstraints(pattern=r"^20\d\d-(0[1-9]|1[0-2])$")]
HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_range(value: tuple[float, float] | None, name: str) -> None:
    if value is not None and value[0] > value[1]:
        raise ValueError(f"{name}: the low end {value[0]} is above the high end {value[1]}")


class TimeNeeded(_Model):
    """The effort a resource takes: a total (``hours``) or a weekly load (``hours_per_week``).

    Exactly one of ``hours`` and ``hours_per_week`` is set, each as a ``(low, high)`` range;
    ``weeks`` (optional, only with ``hours_per_week``) says how long a weekly commitment runs.
    ``text`` is the authored description shown to the user.
    """

    hours: tuple[TotalHours, TotalHours] | None = None
    hours_per_week: tuple[WeeklyHours, WeeklyHours] | None = None
    weeks: tuple[Weeks, Weeks] | None = None
    text: Text

    @model_validator(mode="after")
    def _one_kind(self) -> TimeNeeded:
        if (self.hours is None) == (self.hours_per_week is None):
            raise ValueError("give exactly one of hours (a total) or hours_per_week")
        if self.weeks is not None and self.hours_per_week is None:
            raise ValueError("weeks only goes with hours_per_week")
        _check_range(self.hours, "hours")
        _check_range(self.hours_per_week, "hours_per_week")
        if self.weeks is not None:
            _check_range((float(self.weeks[0]), float(self.weeks[1])), "weeks")
        return self

    def describe(self) -> str:
        """``"3-5 hours in total"`` or ``"4-8 hours a week for 4-8 weeks"``."""
        if self.hours is not None:
            return f"{_span(self.hours)} hours in total"
        assert self.hours_per_week is not None
        out = f"{_span(self.hours_per_week)} hours a week"
        if self.weeks is not None:
            out += f" for {_span(self.weeks)} weeks"
        return out


def _span(pair: tuple[float, float]) -> str:
    low, high = (f"{v:g}" for v in pair)
    return low if low == high else f"{low}-{high}"


class Resource(_Model):
    """One authored resource and the pack competencies it builds (strength 1-3)."""

    id: Id
    title: Text
    type: ResourceType
    url: HttpsUrl | None = None
    provider: Text
    cost: CostBand
    cost_note: Text | None = None
    time: TimeNeeded
    format: Format
    region: Id
    level: Level
    builds: dict[Id, Strength] = Field(min_length=1, max_length=6)
    why: Text
    checked: Month


class ResourceCatalogue(_Model):
    """A pack's resources (ids unique) and the names of the competencies they refer to.

    ``competency_names`` maps each pack competency id to its display name; the loader fills it
    from the pack so that reasons can name competencies without loading the pack again.
    """

    pack: Id = "product"
    resources: tuple[Resource, ...] = Field(min_length=1)
    competency_names: dict[Id, Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _unique_and_known(self) -> ResourceCatalogue:
        known = set(self.competency_names) or None
        problems = [f"{path}: {msg}" for path, msg in catalogue_problems(self.resources, known)]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def get(self, resource_id: str) -> Resource | None:
        """The resource with id ``resource_id``, or None."""
        return next((r for r in self.resources if r.id == resource_id), None)

    def competency_name(self, competency_id: str) -> str:
        """Display name of a competency (its id when the catalogue has no names)."""
        return self.competency_names.get(competency_id, competency_id)

    def filter(
        self,
        *,
        type: str | None = None,
        competency: str | None = None,
        budget: str | None = None,
    ) -> list[Resource]:
        """Resources of one ``type``, building ``competency``, costing at most ``budget``.

        Each filter left as None is not applied; order is file order.
        """
        allowed = COST_BANDS[: COST_BANDS.index(budget) + 1] if budget else COST_BANDS
        return [
            r
            for r in self.resources
            if (type is None or r.type == type)
            and (competency is None or competency in r.builds)
            and r.cost in allowed
        ]

    def coverage(self) -> dict[str, list[str]]:
        """Competency id → ids of the resources that build it (every named competency listed)."""
        out: dict[str, list[str]] = {cid: [] for cid in self.competency_names}
        for res in self.resources:
            for cid in res.builds:
                out.setdefault(cid, []).append(res.id)
        return out


def catalogue_problems(
    resources: Iterable[Resource], competency_ids: set[str] | None
) -> list[tuple[str, str]]:
    """``(field path, message)`` for duplicate ids and unknown competencies (empty when fine).

    Args:
        resources: the entries, in file order.
        competency_ids: the pack's competency ids; None skips that check.
    """
    items = list(resources)
    problems: list[tuple[str, str]] = []
    counts = Counter(r.id for r in items)
    seen: set[str] = set()
    for i, res in enumerate(items):
        where = f"resources[{i}] ({res.id})"
        if counts[res.id] > 1 and res.id in seen:
            problems.append((f"{where}.id", f"duplicate id {res.id!r}"))
        seen.add(res.id)
        if competency_ids is None:
            continue
        for cid in res.builds:
            if cid not in competency_ids:
                problems.append((f"{where}.builds.{cid}", f"unknown competency {cid!r}"))
    return problems


def load_resources(pack_name: str = "product") -> ResourceCatalogue:
    """The resource catalogue shipped with pack ``pack_name`` (cached: it is immutable).

    Raises:
        InputError: CP-PAK001 when the pack or its ``resources.yaml`` is missing, or the file
            does not validate (the message names the entry and field).
    """
    return _load_shipped(pack_name)


@lru_cache(maxsize=4)
def _load_shipped(pack_name: str) -> ResourceCatalogue:
    from careerpivot.packs.loader import load_pack

    pack = load_pack(pack_name)
    return load_resources_dir(files("careerpivot.packs") / pack_name, pack)


def load_resources_dir(
    directory: Path | Traversable, pack: Pack, *, min_entries: int = MIN_RESOURCES
) -> ResourceCatalogue:
    """Load ``resources.yaml`` from ``directory`` and check it against ``pack``.

    Args:
        directory: a pack directory (a path or an importlib resource).
        pack: the pack whose competencies ``builds`` may name.
        min_entries: the fewest resources accepted.

    Raises:
        InputError: CP-PAK001 naming the file, entry and field of the first problems.
    """
    from pydantic import TypeAdapter, ValidationError

    from careerpivot.packs.loader import _path, _read_yaml, _summary

    doc: Any = _read_yaml(directory, RESOURCES_FILE)
    if not isinstance(doc, dict) or not isinstance(doc.get("resources"), list):
        raise _error([f"{RESOURCES_FILE}: expected a mapping with a top-level 'resources' list"])
    extra = sorted(str(k) for k in doc if k != "resources")
    if extra:
        raise _error([f"{RESOURCES_FILE}: unknown top-level key(s) {extra}"])
    data = doc["resources"]
    try:
        items = TypeAdapter(tuple[Resource, ...]).validate_python(data)
    except ValidationError as exc:
        lines = [
            f"{RESOURCES_FILE}: {_path('resources', err['loc'], data)}: {err['msg']}"
            for err in exc.errors(include_url=False)
        ]
        raise InputError("CP-PAK001", _summary(lines), _FIX) from None
    names = {c.id: c.name for c in pack.competencies}
    problems = catalogue_problems(items, set(names))
    if problems:
        raise InputError(
            "CP-PAK001", _summary([f"{RESOURCES_FILE}: {p}: {m}" for p, m in problems]), _FIX
        )
    if len(items) < min_entries:
        raise _error([f"{RESOURCES_FILE}: {len(items)} resources, at least {min_entries} needed"])
    return ResourceCatalogue(pack=pack.meta.name, resources=items, competency_names=names)


def _error(lines: list[str]) -> InputError:
    from careerpivot.packs.loader import _summary

    return InputError("CP-PAK001", _summary(lines), _FIX)
