"""Plans as a service: the I/O adapter used by the CLI (``careerpivot plan …``) and the web app.

It reads CVs, answers files and the pack, runs the analysis, and stores plans, check-ins
and readiness snapshots in the user store. The scoring itself is pure and lives in
:mod:`careerpivot.planning.routes` and :mod:`careerpivot.planning.plan`.

Data contracts:

- A stored plan's ``body`` is ``{"target": TargetSummary JSON, "situation": Situation JSON,
  "routes": [RouteScore JSON, …], "plan": build_plan(...), "gaps": [{id, name, status,
  current, expected}], "analysis_id", "readiness": int | None, "hours_per_week"}``.
- A readiness snapshot is stored when the plan is made and after every check-in that
  carries evidence (it is re-scored from the new profile revision); ``done`` and ``note``
  check-ins do not change the evidence, so they do not add a snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from careerpivot.analysis.fit import FitResult
from careerpivot.errors import PlanningInputError, RecordNotFoundError
from careerpivot.planning.situation import Situation, situation_from_block
from careerpivot.profile.models import Evidence, Profile, SkillEvidence
from careerpivot.report.model import PivotReport
from careerpivot.settings import Settings
from careerpivot.store import (
    CheckInRecord,
    PlanRecord,
    ProfileRecord,
    ReadinessPoint,
    StepInput,
    UserStore,
)

MAX_HOURS = 80.0
LATEST_START = date(2100, 1, 1)


@dataclass(frozen=True)
class CheckInResult:
    """What a check-in stored and how readiness moved.

    ``readiness_before``/``readiness_after`` are None when the target expects no competency
    levels; ``new_skills`` are the skills the evidence added; ``gap_changes`` are
    ``{id, name, before, after}`` for competencies whose status changed.
    """

    plan_id: str
    checkins: list[CheckInRecord]
    readiness_before: float | None = None
    readiness_after: float | None = None
    new_skills: list[str] = field(default_factory=list)
    gap_changes: list[dict[str, Any]] = field(default_factory=list)
    profile_revision: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "plan_id": self.plan_id,
            "checkins": [c.to_dict() for c in self.checkins],
            "readiness_before": self.readiness_before,
            "readiness_after": self.readiness_after,
            "new_skills": list(self.new_skills),
            "gap_changes": list(self.gap_changes),
            "profile_revision": self.profile_revision,
        }


@dataclass(frozen=True)
class PlanView:
    """A stored plan with its steps (and their status), check-ins and readiness history."""

    plan: PlanRecord
    checkins: list[CheckInRecord]
    readiness: list[ReadinessPoint]

    @property
    def target_title(self) -> str:
        """The target role's title as stored with the plan."""
        target = self.plan.body.get("target") or {}
        return str(target.get("title") or self.plan.target)

    def to_dict(self) -> dict[str, Any]:
        """The document :mod:`careerpivot.planning.export` and ``plan show --json`` use."""
        data = self.plan.to_dict()
        data["target_title"] = self.target_title
        data["checkins"] = [c.to_dict() for c in self.checkins]
        data["readiness"] = [p.to_dict() for p in self.readiness]
        return data


def check_hours(hours_per_week: float) -> float:
    """``hours_per_week`` if in (0, 80], else CP-PLN001."""
    if not isinstance(hours_per_week, int | float) or not 0 < hours_per_week <= MAX_HOURS:
        raise PlanningInputError(
            "CP-PLN001",
            f"hours per week is {hours_per_week!r}, expected above 0 and at most 80",
            "pass --hours-per-week with a number such as 5",
        )
    return float(hours_per_week)


def parse_date(text: str | date | None) -> date | None:
    """A plan date from ``YYYY-MM-DD`` (None stays None).

    Raises:
        PlanningInputError: CP-PLN003 for another format or a date outside 1970-2099.
    """
    if text is None or isinstance(text, date):
        value = text
    else:
        try:
            value = date.fromisoformat(text.strip())
        except ValueError:
            raise PlanningInputError(
                "CP-PLN003", f"{text!r} is not a date", "write the date as YYYY-MM-DD"
            ) from None
    if value is not None and not date(1970, 1, 1) <= value < LATEST_START:
        raise PlanningInputError(
            "CP-PLN003", f"the date {value} is out of range", "use a date from 1970 to 2099"
        )
    return value


def routes_and_plan(
    report: PivotReport,
    situation: Situation | None,
    *,
    fit: FitResult | None,
    start: date,
    hours_per_week: float,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The JSON-ready ``routes`` and ``plan`` sections of the pivot report.

    Loads the pack's route book and resource catalogue, scores the routes for the
    situation, recommends resources for the gaps and builds the dated plan.
    """
    from careerpivot.packs.resources import load_resources
    from careerpivot.packs.routes import load_routes
    from careerpivot.planning.plan import build_plan, gap_levels
    from careerpivot.planning.resources import recommend_resources
    from careerpivot.planning.routes import score_routes, situation_facts

    hours = check_hours(hours_per_week)
    sit = situation or Situation()
    book = load_routes()
    facts = situation_facts(
        sit,
        report.gaps,
        fit=fit,
        years_experience=report.person.years_experience,
        hours_per_week=hours,
    )
    routes = score_routes(book, facts)
    levels = gap_levels(report.gaps)
    region = {"europe": "europe", "north_america": "us"}.get(sit.region)
    recs = (
        recommend_resources(
            load_resources(), levels, budget=sit.budget, hours_per_week=hours, region=region
        )
        if any(v > 0 for v in levels.values())
        else []
    )
    plan = build_plan(book, routes, report, recs, start=start, hours_per_week=hours)
    plan["facts"] = {k: v.model_dump() for k, v in facts.items() if not k.startswith("gap.")}
    return [r.model_dump(mode="json") for r in routes], plan


def _situation(
    answers: Mapping[str, object] | None, given: Situation | Mapping[str, Any] | None
) -> Situation:
    if isinstance(given, Situation):
        return given
    block: dict[str, Any] = {}
    raw = (answers or {}).get("situation")
    if isinstance(raw, Mapping):
        block.update(raw)
    elif raw is not None:
        situation_from_block({"situation": raw})  # raises CP-PLN002 naming the field
    if given:
        block.update({k: v for k, v in given.items() if v is not None})
    return situation_from_block(block)


def _answers(answers: Path | str | Mapping[str, object] | None) -> dict[str, object] | None:
    if answers is None:
        return None
    if isinstance(answers, Mapping):
        return dict(answers)
    from careerpivot.fit_service import load_answers

    return load_answers(answers)


def _profile(
    store: UserStore,
    source: Path | str | Profile | ProfileRecord,
    settings: Settings | None,
) -> tuple[Profile, ProfileRecord | None]:
    if isinstance(source, ProfileRecord):
        return Profile.model_validate(source.body), source
    if isinstance(source, Profile):
        return source, None
    from careerpivot.intake import read_profile

    return read_profile(Path(source), settings=settings), None


def create_plan(
    store: UserStore,
    source_or_profile: Path | str | Profile | ProfileRecord,
    target: str,
    *,
    answers: Path | str | Mapping[str, object] | None = None,
    settings: Settings | None = None,
    start: date | None = None,
    hours_per_week: float = 5.0,
    situation: Situation | Mapping[str, Any] | None = None,
) -> PlanRecord:
    """Analyse a CV or profile for ``target``, score routes, build and store a dated plan.

    Everything is read and computed before the first write, so bad input changes nothing.
    A :class:`ProfileRecord` reuses that stored profile; a path or :class:`Profile` is
    saved as a new person and profile. The pivot report is stored as an analysis, the plan
    with its steps, and a first readiness snapshot.

    Args:
        store: the open user store.
        source_or_profile: a CV / profile JSON path, an analysed Profile, or a stored one.
        target: pack role id/alias, ESCO URI/code or title.
        answers: answers file (path) or mapping: fit items plus an optional ``situation``.
        settings: where the taxonomy and caches live.
        start: the plan's first day (default today).
        hours_per_week: time the person can give (0-80].
        situation: situation facts that override the answers' ``situation`` block.

    Raises:
        PlanningInputError: CP-PLN001 bad hours, CP-PLN002 bad situation, CP-PLN003 bad date.
        FitAnswersError: CP-FIT001-003 for an unusable answers file.
        PlanningInputError: CP-PLN007 for a target that is not a product role of the pack
            (an ESCO occupation or a feeder role: no routes are authored for it).
        NotFoundError: CP-OCC001/003 for an unknown or ambiguous target.
        DocumentError: for an unreadable CV.
    """
    from careerpivot.packs.loader import load_pack
    from careerpivot.pivot import build_report, resolve_target
    from careerpivot.pivot_sections import split_answers

    hours = check_hours(hours_per_week)
    first = parse_date(start) or date.today()
    raw = _answers(answers)
    sit = _situation(raw, situation)
    items = split_answers(raw)[0] if raw is not None else None
    # refuse a target without authored routes before reading the CV or building a report
    tgt = resolve_target(target, load_pack(), settings)
    if not tgt.product_role:
        raise PlanningInputError(
            "CP-PLN007",
            f"routes and plans are written for the product roles of the product pack; "
            f"{tgt.title} is not one of them",
            f"`careerpivot pivot CV --to '{tgt.title}'` lists its skill gaps; plan a move into "
            "a product role (`careerpivot pack roles`) instead",
        )
    profile, stored = _profile(store, source_or_profile, settings)
    report = build_report(
        profile,
        tgt.id,  # resolved above: a pack role id is found without a second search
        settings=settings,
        as_of=first,
        hours_per_week=hours,
        answers=dict(items) if items is not None else None,
        sections=("fit",) if items else (),
    )
    fit = FitResult.model_validate(report.fit) if report.fit else None
    routes, plan = routes_and_plan(report, sit, fit=fit, start=first, hours_per_week=hours)
    steps = [
        StepInput(s["key"], s["title"][:500], date.fromisoformat(s["due"])) for s in plan["steps"]
    ]
    if stored is None:
        person = store.create_person(profile.contact.name)
        stored = store.save_profile(person.id, profile)
    analysis = store.save_analysis(
        stored.id,
        report.target.id,
        report.model_dump(mode="json"),
        profile_revision=stored.revision,
    )
    body = {
        "target": report.target.model_dump(mode="json"),
        "situation": sit.model_dump(mode="json"),
        "routes": routes,
        "plan": plan,
        "gaps": _gap_summary(report),
        "analysis_id": analysis.id,
        "readiness": report.summary.readiness,
        "hours_per_week": hours,
    }
    record = store.create_plan(stored.id, report.target.id, body, steps)
    if report.summary.readiness is not None:
        store.add_readiness(record.id, report.summary.readiness, report.summary.readiness_terms)
    return record


def _gap_summary(report: PivotReport) -> list[dict[str, Any]]:
    return [
        {
            "id": g.id,
            "name": g.name,
            "status": g.status,
            "current": g.current,
            "expected": g.expected,
        }
        for g in report.gaps
        if g.kind == "competency"
    ]


def _step_key(plan: PlanRecord, done: str) -> str:
    keys = [s.key for s in plan.steps]
    if done in keys:
        return done
    if done.isdigit() and 1 <= int(done) <= len(keys):
        return keys[int(done) - 1]
    raise RecordNotFoundError(
        "CP-PLN004",
        f"the plan has no step {done!r}",
        "name a step by its key or its number in `careerpivot plan show`",
        suggestions=keys[:12],
    )


def add_evidence(
    profile: Profile, text: str, *, settings: Settings | None = None, as_of: date | None = None
) -> tuple[Profile, list[str]]:
    """Run the skill extraction on ``text`` as a new line of the current job.

    Skills found are added to the profile as ``accepted`` (the user reported them), or get
    the new evidence appended when already there; rejected skills stay rejected. Returns the
    new profile and the labels of the skills that were new.
    """
    from careerpivot.extract.profile_skills import extract_profile_skills
    from careerpivot.extract.service import load_extractor

    index = next((i for i, j in enumerate(profile.experiences) if j.current), 0)
    if profile.experiences:
        jobs = [
            j.model_copy(
                update={
                    "bullets": [text] if i == index else [],
                    "description": "",
                    "raw_text": "",
                    "span": None,
                }
            )
            for i, j in enumerate(profile.experiences)
        ]
        mini = profile.model_copy(
            update={
                "text": "",
                "summary": "",
                "listed_skills": [],
                "experiences": jobs,
                "skills": [],
            }
        )
    else:
        mini = profile.model_copy(
            update={"text": "", "summary": text, "listed_skills": [], "skills": []}
        )
    linker = load_extractor(settings=settings)
    found, _ = extract_profile_skills(mini, linker, as_of=as_of)  # type: ignore[arg-type]
    skills = {s.uri: s for s in profile.skills}
    added: list[str] = []
    for skill in found:
        evidence = [
            Evidence.model_validate(
                {**e.model_dump(), "span": None, "terms": {**e.terms, "checkin": 1.0}}
            )
            for e in skill.evidence
        ]
        old = skills.get(skill.uri)
        if old is None:
            skills[skill.uri] = skill.model_copy(
                update={"status": "accepted", "evidence": evidence}
            )
            added.append(skill.label)
        elif old.status != "rejected":
            skills[skill.uri] = old.model_copy(
                update={
                    "evidence": [*old.evidence, *evidence],
                    "score": max(old.score, skill.score),
                    "last_used": skill.last_used or old.last_used,
                    "months": max(old.months or 0, skill.months or 0) or None,
                }
            )
    merged: list[SkillEvidence] = list(skills.values())
    return Profile.model_validate(
        {**profile.model_dump(), "skills": [s.model_dump() for s in merged]}
    ), added


def check_in(
    store: UserStore,
    plan_id: str,
    *,
    done: str | None = None,
    evidence: str | None = None,
    note: str | None = None,
    settings: Settings | None = None,
) -> CheckInResult:
    """Record progress on a plan; evidence re-scores the gaps and readiness.

    ``done`` names a step (its key or its 1-based number). ``evidence`` is run through the
    skill extraction; the skills it shows are saved to the plan's profile as a new revision,
    the report is re-scored and a readiness snapshot stored. All inputs are checked and the
    re-scoring done before anything is written.

    Raises:
        RecordNotFoundError: CP-USR001 for an unknown plan; CP-PLN004 for an unknown step.
        PlanningInputError: CP-PLN005 when nothing is reported.
        RecordInputError: CP-USR002 for over-long text.
    """
    plan = store.get_plan(plan_id)
    evidence = (evidence or "").strip() or None
    note = (note or "").strip() or None
    if not (done or evidence or note):
        raise PlanningInputError(
            "CP-PLN005",
            "the check-in reports nothing",
            "pass --done STEP, --evidence TEXT or --note TEXT",
        )
    key = _step_key(plan, done) if done else None
    for text, what in ((evidence, "evidence"), (note, "note")):
        if text is not None and len(text) > 10_000:
            raise PlanningInputError("CP-PLN001", f"the {what} is longer than 10,000 characters")
    history = store.readiness_history(plan_id)
    before = history[-1].readiness if history else None
    rescored: tuple[Profile, list[str], PivotReport] | None = None
    if evidence is not None:
        rescored = _rescore(store, plan, evidence, settings)
    out: list[CheckInRecord] = []
    if key is not None:
        out.append(store.add_checkin(plan_id, "done", note or "", step_key=key))
    elif note is not None:
        out.append(store.add_checkin(plan_id, "note", note))
    result = CheckInResult(plan_id=plan_id, checkins=out, readiness_before=before,
                           readiness_after=before)  # fmt: skip
    if evidence is None or rescored is None:
        return result
    profile, added, report = rescored
    owner = store.get_profile(plan.profile_id)
    saved = store.save_profile(owner.person_id, profile, profile_id=plan.profile_id)
    out.append(store.add_checkin(plan_id, "evidence", evidence, step_key=key))
    after = report.summary.readiness
    if after is not None:
        store.add_readiness(plan_id, after, report.summary.readiness_terms)
    old = {g["id"]: g for g in plan.body.get("gaps", [])}
    changes = [
        {"id": g.id, "name": g.name, "before": old[g.id]["status"], "after": g.status}
        for g in report.gaps
        if g.kind == "competency" and g.id in old and old[g.id]["status"] != g.status
    ]
    return CheckInResult(
        plan_id=plan_id,
        checkins=out,
        readiness_before=before,
        readiness_after=float(after) if after is not None else before,
        new_skills=added,
        gap_changes=changes,
        profile_revision=saved.revision,
    )


def _rescore(
    store: UserStore, plan: PlanRecord, evidence: str, settings: Settings | None
) -> tuple[Profile, list[str], PivotReport]:
    from careerpivot.pivot import build_report

    current = Profile.model_validate(store.get_profile(plan.profile_id).body)
    profile, added = add_evidence(current, evidence, settings=settings)
    hours = float(plan.body.get("hours_per_week") or 5.0)
    report = build_report(
        profile, plan.target, settings=settings, hours_per_week=hours, sections=()
    )
    return profile, added, report


def plan_view(store: UserStore, plan_id: str) -> PlanView:
    """A stored plan with steps, check-ins and readiness history (CP-USR001 when unknown)."""
    plan = store.get_plan(plan_id)
    return PlanView(plan, store.list_checkins(plan_id), store.readiness_history(plan_id))


def list_plans(store: UserStore) -> list[PlanRecord]:
    """Every stored plan of every person, oldest first."""
    out: list[PlanRecord] = []
    for person in store.list_people():
        out += store.list_plans(person_id=person.id)
    out.sort(key=lambda p: (p.created_at, p.id))
    return out
