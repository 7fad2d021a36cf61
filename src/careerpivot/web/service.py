"""What the web pages and the JSON API do, as plain functions over the user store.

Both edges of the web app (``pages_*.py`` and ``api.py``) call these functions, and these
call the same library functions as the CLI (:func:`careerpivot.profile.io.parse_bytes`,
:func:`careerpivot.intake.analyse_profile`, :mod:`careerpivot.extract.corrections`,
:func:`careerpivot.pivot.build_report`, …). Nothing here renders HTML or knows about HTTP.

Data contract:

- The web app is single-user: every profile it stores belongs to one person named
  :data:`LOCAL_PERSON` (created on first use) in the same user store as the CLI.
- Every write is all-or-nothing: input is parsed, analysed and validated first and stored
  only when everything worked, so a coded error leaves stored data untouched.
- CV text is never logged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from careerpivot.errors import WebRequestError
from careerpivot.profile.models import Profile
from careerpivot.report.model import PivotReport
from careerpivot.settings import Settings
from careerpivot.store import AnalysisRecord, PlanRecord, ProfileRecord, UserStore

if TYPE_CHECKING:
    from careerpivot.planning.service import CheckInResult, PlanView

#: Display name of the one person the local web app stores profiles for.
LOCAL_PERSON = "Local web user"
_MB = 1024 * 1024


@dataclass(frozen=True)
class Corrections:
    """User corrections to a profile, applied in the CLI's order: titles, add, accept, reject.

    ``titles`` maps the 1-based job position to its new title; skills are named by ESCO URI
    or label (see :mod:`careerpivot.extract.corrections`).
    """

    accept: Sequence[str] = ()
    reject: Sequence[str] = ()
    add: Sequence[str] = ()
    titles: Mapping[int, str] = field(default_factory=dict)

    def is_empty(self) -> bool:
        """True when nothing would change."""
        return not (self.accept or self.reject or self.add or self.titles)


def max_upload_bytes(settings: Settings) -> int:
    """The upload limit (the ``max_upload_mb`` setting) in bytes."""
    return int(settings.max_upload_mb * _MB)


def find_local_person(store: UserStore) -> str | None:
    """The id of the local web user, or None before the first upload."""
    for person in store.list_people():
        if person.display_name == LOCAL_PERSON:
            return person.id
    return None


def local_person(store: UserStore) -> str:
    """The id of the local web user, created on first use."""
    return find_local_person(store) or store.create_person(LOCAL_PERSON).id


def read_upload(
    data: bytes | None, filename: str | None, text: str | None, settings: Settings
) -> Profile:
    """Parse an uploaded document, or pasted text, into a (not yet analysed) profile.

    Raises:
        WebRequestError: CP-WEB002 when neither a file nor text was given.
        DocumentError: any CP-DOC code of :func:`careerpivot.profile.io.parse_bytes`.
    """
    from careerpivot.profile.io import parse_bytes

    limit = max_upload_bytes(settings)
    if data is not None:
        return parse_bytes(data, filename, max_bytes=limit)
    if text and text.strip():
        return parse_bytes(text.encode("utf-8"), "pasted.txt", max_bytes=limit)
    raise WebRequestError(
        "CP-WEB002",
        "no CV was given",
        "choose a file (PDF, DOCX, TXT, Markdown, JSON Resume or LinkedIn ZIP) or paste the text",
    )


def analyse_upload(
    store: UserStore,
    data: bytes | None,
    filename: str | None,
    text: str | None,
    settings: Settings,
) -> ProfileRecord:
    """Parse, analyse (skills with evidence, title matches) and store a CV as a new profile.

    Raises:
        WebRequestError, DocumentError: see :func:`read_upload` (nothing stored).
        StoreMissingError: CP-STO001 when no taxonomy has been imported.
    """
    from careerpivot.intake import analyse_profile

    profile = read_upload(data, filename, text, settings)
    analysed, _ = analyse_profile(profile, settings=settings)
    return store.save_profile(local_person(store), analysed)


def load_profile(store: UserStore, profile_id: str) -> tuple[ProfileRecord, Profile]:
    """The latest revision of a stored profile, as record and model (CP-USR001 when unknown)."""
    record = store.get_profile(profile_id)
    return record, Profile.model_validate(record.body)


def correct_profile(
    store: UserStore, profile_id: str, corrections: Corrections, settings: Settings
) -> ProfileRecord:
    """Apply ``corrections`` and store the result as a new revision of the profile.

    A fixed title resets that job's occupation matches, so the profile is analysed again
    (skill statuses the user set are kept, see ``merge_corrections``).

    Raises:
        ProfileError: CP-PRF001/002/003 for unknown skills or jobs (nothing stored).
        RecordNotFoundError: CP-USR001 for an unknown profile.
    """
    from careerpivot.extract.corrections import add_skills, fix_titles, set_status
    from careerpivot.intake import analyse_profile, skill_resolver

    record, profile = load_profile(store, profile_id)
    if corrections.is_empty():
        return record
    if corrections.titles:
        profile = fix_titles(profile, sorted(corrections.titles.items()))
        profile, _ = analyse_profile(profile, settings=settings)
    if corrections.add:
        profile = add_skills(profile, corrections.add, skill_resolver(settings))
    if corrections.accept:
        profile = set_status(profile, corrections.accept, "accepted")
    if corrections.reject:
        profile = set_status(profile, corrections.reject, "rejected")
    return store.save_profile(record.person_id, profile, profile_id=profile_id)


def clean_answers(answers: Mapping[str, object] | None) -> dict[str, object]:
    """Fit answers without empty values (a skipped question is simply left out)."""
    return {k: v for k, v in (answers or {}).items() if v not in (None, "")}


def create_report(
    store: UserStore,
    profile_id: str,
    target: str,
    settings: Settings,
    *,
    answers: Mapping[str, object] | None = None,
    hours_per_week: float = 5.0,
) -> tuple[AnalysisRecord, PivotReport]:
    """Build the pivot report for a stored profile's latest revision and store it.

    Raises:
        RecordNotFoundError: CP-USR001 for an unknown profile.
        NotFoundError: CP-OCC001/CP-OCC003 for an unknown or ambiguous target.
        FitAnswersError: CP-FIT002/CP-FIT003 for invalid answers (nothing stored).
        PlanningInputError: CP-PLN001 for hours per week out of range.
    """
    from careerpivot.errors import PlanningInputError
    from careerpivot.pivot import build_report

    if not 0 < hours_per_week <= 80:
        raise PlanningInputError(
            "CP-PLN001",
            f"hours per week must be between 0 and 80, got {hours_per_week:g}",
            "give the hours a week you can spend on the move, e.g. 5",
        )
    record, profile = load_profile(store, profile_id)
    cleaned = clean_answers(answers)
    report = build_report(
        profile,
        target,
        settings=settings,
        hours_per_week=hours_per_week,
        answers=cleaned or None,
    )
    analysis = store.save_analysis(
        profile_id,
        report.target.id,
        report.model_dump(mode="json"),
        profile_revision=record.revision,
    )
    return analysis, report


def load_report(store: UserStore, analysis_id: str) -> tuple[AnalysisRecord, PivotReport]:
    """A stored report (CP-USR001 when unknown)."""
    record = store.get_analysis(analysis_id)
    return record, PivotReport.model_validate(record.body)


def pm_roles() -> list[dict[str, Any]]:
    """The pack's product-management roles: id, title and summary, in pack order."""
    from careerpivot.packs.loader import load_pack

    return [{"id": r.id, "title": r.title, "summary": r.summary} for r in load_pack().roles]


def recent_profiles(store: UserStore, limit: int = 10) -> list[dict[str, Any]]:
    """The local user's profiles, newest first, with a short label (latest job title)."""
    person = find_local_person(store)
    if person is None:
        return []
    out = []
    for summary in reversed(store.list_profiles(person)):
        _, profile = load_profile(store, summary.id)
        job = profile.experiences[0].title if profile.experiences else None
        out.append(
            {
                "id": summary.id,
                "revision": summary.latest_revision,
                "updated_at": summary.updated_at,
                "label": job or profile.source.filename or "Pasted CV",
                "skills": sum(s.status != "rejected" for s in profile.skills),
            }
        )
        if len(out) >= limit:
            break
    return out


def answers_from_report(report: PivotReport) -> dict[str, object]:
    """The fit answers a report was built with, read back from its fit section's terms."""
    fit = report.fit or {}
    out: dict[str, object] = {}
    for dim in fit.get("dimensions", []) if isinstance(fit, dict) else []:
        for term in dim.get("terms", []) if isinstance(dim, dict) else []:
            if isinstance(term, dict) and "item_id" in term:
                out[str(term["item_id"])] = term.get("answer")
    return out


def create_plan(
    store: UserStore,
    analysis_id: str,
    settings: Settings,
    *,
    hours_per_week: float = 5.0,
    situation: Mapping[str, object] | None = None,
) -> PlanRecord:
    """Make and store a dated plan from a stored report (its profile revision, target and
    fit answers) with :func:`careerpivot.planning.service.create_plan`.

    ``situation`` holds the facts the routes are scored on (``product_team``,
    ``advocate``, ``company_size``, ``company_stage``, ``region``, ``seniority``,
    ``budget``); missing or ``unknown`` ones stay unknown.

    Raises:
        RecordNotFoundError: CP-USR001 for an unknown report.
        PlanningInputError: CP-PLN001 for hours per week out of range, CP-PLN002 for an
            invalid situation value, CP-PLN007 for a report whose target is not a product
            role of the pack (nothing stored).
    """
    from careerpivot.planning.service import create_plan as make

    record, report = load_report(store, analysis_id)
    profile = store.get_profile(record.profile_id, revision=record.profile_revision)
    return make(
        store,
        profile,
        record.target,
        answers=answers_from_report(report) or None,
        settings=settings,
        hours_per_week=hours_per_week,
        situation=dict(situation) if situation else None,
    )


def plan_export(store: UserStore, plan_id: str, fmt: str) -> tuple[str, str, str]:
    """A plan as ``(text, media type, file name)`` in Markdown (``md``) or iCalendar (``ics``).

    Raises:
        RecordNotFoundError: CP-USR001 for an unknown plan.
        PlanningInputError: CP-PLN006 for another format.
    """
    from careerpivot.errors import PlanningInputError
    from careerpivot.planning.export import to_ics, to_markdown

    if fmt not in ("md", "ics"):
        raise PlanningInputError("CP-PLN006", f"unknown export format {fmt!r}", "use md or ics")
    doc = load_plan(store, plan_id).to_dict()
    if fmt == "md":
        return to_markdown(doc), "text/markdown; charset=utf-8", f"plan-{plan_id}.md"
    return to_ics(doc), "text/calendar; charset=utf-8", f"plan-{plan_id}.ics"


def check_in(
    store: UserStore,
    plan_id: str,
    settings: Settings,
    *,
    done: str | None = None,
    evidence: str | None = None,
    note: str | None = None,
) -> CheckInResult:
    """Record progress on a plan (a step done, evidence, a note); evidence re-scores the
    gaps and readiness (:func:`careerpivot.planning.service.check_in`).

    Raises:
        RecordNotFoundError: CP-USR001 for an unknown plan; CP-PLN004 for an unknown step.
        PlanningInputError: CP-PLN005 when nothing is reported (nothing stored).
    """
    from careerpivot.planning.service import check_in as record

    return record(store, plan_id, done=done, evidence=evidence, note=note, settings=settings)


def load_plan(store: UserStore, plan_id: str) -> PlanView:
    """A plan with its steps, check-ins and readiness history (CP-USR001 when unknown)."""
    from careerpivot.planning.service import plan_view

    return plan_view(store, plan_id)
