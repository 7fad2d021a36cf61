"""The break-in routes, plan step templates and outreach notes of a pack (``routes.yaml``).

Format (``docs/plan.md``)::

    facts:                              # what route scores may depend on
      - id: product_team
        label: your employer has a product team
        question: Does your current employer have its own product team?
        values: {yes: "it has one", no: "it has none"}
    routes:
      - id: internal_move
        title: Move internally with an advocate
        kind: core                      # core (the four routes of the column) | adjacent
        summary: One paragraph, in our own words.
        base: 30                        # points before any fact (0-100)
        effects:                        # fact value -> points, with the reason in plain words
          - {fact: product_team, value: "yes", points: 35, reason: "..."}
    steps:
      - id: offer_customer_interviews
        title: Offer to run customer interviews for a PM
        detail: What to do and what "done" looks like.
        window: 30                      # due within the first 30/60/90/180/365 days
        routes: [internal_move]         # included when one of these routes ranks high …
        competencies: [user_empathy]    # … or when one of these competencies is a gap
        hours: 4
    outreach:
      - id: pm_coffee
        title: Coffee invitation to a product manager
        routes: [internal_move, mentors]
        template: "Hi {recipient}, I am {current_title} at {employer} …"

Templates may only use the placeholders in :data:`OUTREACH_FIELDS`; step titles only
``{competencies}``. Every problem is an :class:`~careerpivot.errors.InputError` ``CP-PAK001``
naming the file and field path.
"""

from __future__ import annotations

import string
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from careerpivot.errors import InputError
from careerpivot.packs.schema import Id, Pack, Text

ROUTES_FILE = "routes.yaml"
RouteKind = Literal["core", "adjacent"]
#: Due windows of plan steps, in days after the plan's start.
WINDOWS: tuple[int, ...] = (30, 60, 90, 180, 365)
#: Placeholders an outreach template may use (filled from the profile, report and plan only).
OUTREACH_FIELDS = frozenset(
    {"recipient", "name", "current_title", "employer", "target_title", "evidence", "strength"}
)
STEP_FIELDS = frozenset({"competencies"})
Points = Annotated[int, Field(ge=-100, le=100)]
_FIX = f"fix {ROUTES_FILE} (format in docs/plan.md) and run `careerpivot pack validate`"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fact(_Model):
    """A situation fact routes can depend on, with the label of each value."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]*$", max_length=60)]
    label: Text
    question: Text
    values: dict[str, Text] = Field(min_length=2)


class Effect(_Model):
    """Points a route gains (or loses) when a fact has a value, and why, in plain words."""

    fact: str
    value: str
    points: Points
    reason: Text


class Route(_Model):
    """One way into product work, scored from ``base`` plus the effects of known facts."""

    id: Id
    title: Text
    kind: RouteKind
    summary: Text
    base: Annotated[int, Field(ge=0, le=100)]
    effects: tuple[Effect, ...] = Field(min_length=1)


class StepTemplate(_Model):
    """A concrete plan step, included for the routes or competency gaps it names."""

    id: Id
    title: Text
    detail: Text
    window: int
    routes: tuple[Id, ...] = ()
    competencies: tuple[Id, ...] = ()
    hours: Annotated[float, Field(gt=0, le=200)]
    outreach: Id | None = None


class OutreachTemplate(_Model):
    """A short note the user may send; filled only from their own facts (else placeholders)."""

    id: Id
    title: Text
    routes: tuple[Id, ...] = Field(min_length=1)
    template: Text


class RouteBook(_Model):
    """Everything in ``routes.yaml``: facts, routes, step templates and outreach notes."""

    facts: tuple[Fact, ...] = Field(min_length=1)
    routes: tuple[Route, ...] = Field(min_length=4)
    steps: tuple[StepTemplate, ...] = Field(min_length=1)
    outreach: tuple[OutreachTemplate, ...] = ()

    def fact(self, fact_id: str) -> Fact | None:
        """The fact with id ``fact_id`` (None when absent)."""
        return next((f for f in self.facts if f.id == fact_id), None)

    def route(self, route_id: str) -> Route | None:
        """The route with id ``route_id`` (None when absent)."""
        return next((r for r in self.routes if r.id == route_id), None)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def routebook_problems(book: RouteBook, pack: Pack) -> list[str]:
    """Cross-reference problems (unknown facts, values, routes, competencies; bad fields)."""
    facts = {f.id: f for f in book.facts}
    route_ids = {r.id for r in book.routes}
    comps = {c.id for c in pack.competencies}
    outreach = {o.id for o in book.outreach}
    out: list[str] = []
    for kind, ids in (
        ("fact", [f.id for f in book.facts]),
        ("route", [r.id for r in book.routes]),
        ("step", [s.id for s in book.steps]),
        ("outreach", [o.id for o in book.outreach]),
    ):
        out += [f"duplicate {kind} id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for r in book.routes:
        for j, e in enumerate(r.effects):
            where = f"routes ({r.id}).effects[{j}]"
            fact = facts.get(e.fact) if not e.fact.startswith("gap.") else None
            if e.fact.startswith("gap."):
                if e.fact[4:] not in comps:
                    out.append(f"{where}: unknown competency {e.fact[4:]!r}")
            elif fact is None:
                out.append(f"{where}: unknown fact {e.fact!r}")
            elif e.value not in fact.values:
                out.append(f"{where}: {e.value!r} is not a value of fact {e.fact!r}")
    for s in book.steps:
        where = f"steps ({s.id})"
        if s.window not in WINDOWS:
            out.append(f"{where}.window: {s.window} is not one of {list(WINDOWS)}")
        out += [f"{where}.routes: unknown route {x!r}" for x in s.routes if x not in route_ids]
        out += [f"{where}.competencies: unknown {x!r}" for x in s.competencies if x not in comps]
        if s.outreach is not None and s.outreach not in outreach:
            out.append(f"{where}.outreach: unknown outreach note {s.outreach!r}")
        if not s.routes and not s.competencies:
            out.append(f"{where}: names no route and no competency, so it is never chosen")
        out += [f"{where}.title: unknown placeholder {{{p}}}" for p in _bad(s.title, STEP_FIELDS)]
    for o in book.outreach:
        where = f"outreach ({o.id})"
        out += [f"{where}.routes: unknown route {x!r}" for x in o.routes if x not in route_ids]
        bad = _bad(o.template, OUTREACH_FIELDS)
        out += [f"{where}.template: unknown placeholder {{{p}}}" for p in bad]
    return out


def _bad(text: str, allowed: frozenset[str]) -> list[str]:
    try:
        return sorted(_placeholders(text) - allowed)
    except ValueError:
        return ["(unbalanced braces)"]


def load_routes(pack_name: str = "product") -> RouteBook:
    """The route book shipped with pack ``pack_name`` (cached: it is immutable).

    Raises:
        InputError: CP-PAK001 when ``routes.yaml`` is missing or does not validate.
    """
    return _load_shipped(pack_name)


@lru_cache(maxsize=4)
def _load_shipped(pack_name: str) -> RouteBook:
    from careerpivot.packs.loader import load_pack

    pack = load_pack(pack_name)
    return load_routes_dir(files("careerpivot.packs") / pack_name, pack)


def load_routes_dir(directory: Path | Traversable, pack: Pack) -> RouteBook:
    """Load ``routes.yaml`` from ``directory`` and check it against ``pack``.

    Raises:
        InputError: CP-PAK001 naming the file and field path of the first problems.
    """
    from careerpivot.packs.loader import _path, _read_yaml, _summary

    doc: Any = _read_yaml(directory, ROUTES_FILE)
    if not isinstance(doc, dict):
        raise InputError("CP-PAK001", f"{ROUTES_FILE}: expected a mapping", _FIX)
    try:
        book = RouteBook.model_validate(doc)
    except ValidationError as exc:
        lines = [
            f"{ROUTES_FILE}: {_path('routes', err['loc'], doc)}: {err['msg']}"
            for err in exc.errors(include_url=False)
        ]
        raise InputError("CP-PAK001", _summary(lines), _FIX) from None
    problems = routebook_problems(book, pack)
    if problems:
        raise InputError("CP-PAK001", _summary([f"{ROUTES_FILE}: {p}" for p in problems]), _FIX)
    return book
