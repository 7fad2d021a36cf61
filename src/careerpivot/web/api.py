"""The JSON API under ``/api/``: every step of the web flow, described by OpenAPI.

Each endpoint parses its input, calls one function of :mod:`careerpivot.web.service` or the
library, and returns JSON. Errors are the project's coded errors as ``{code, message, hint}``
with the status from :mod:`careerpivot.web.errors`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from pydantic import BaseModel, Field

from careerpivot.settings import Settings
from careerpivot.store import ProfileRecord, UserStore
from careerpivot.web import service

router = APIRouter(prefix="/api", tags=["api"])
Answer = int | str | None


class ErrorOut(BaseModel):
    """A coded error (see ``careerpivot.errors.CODES``)."""

    code: str
    message: str
    hint: str


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (400, "malformed request"),
        (403, "cross-site write refused (CP-WEB001)"),
        (404, "unknown profile, report, plan or occupation"),
        (413, "upload too large (CP-DOC002)"),
        (415, "unsupported file type (CP-DOC007)"),
        (422, "invalid input (a coded CP-… error)"),
        (503, "no taxonomy imported or the user store is unavailable"),
    )
}


def get_store(request: Request) -> UserStore:
    """The app's user store."""
    store: UserStore = request.app.state.web.store()
    return store


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.web.settings
    return settings


Store = Annotated[UserStore, Depends(get_store)]
Config = Annotated[Settings, Depends(get_settings)]


class ProfileOut(BaseModel):
    """A stored profile revision: ids and the Profile JSON (see docs/profile-schema.md)."""

    profile_id: str
    revision: int
    saved_at: datetime
    profile: dict[str, Any]


def profile_out(record: ProfileRecord) -> ProfileOut:
    """The API view of a profile record."""
    return ProfileOut(
        profile_id=record.id,
        revision=record.revision,
        saved_at=record.saved_at,
        profile=record.body,
    )


class CorrectionsIn(BaseModel):
    """Corrections: skills (ESCO URI or label) to accept, reject or add; titles by job number."""

    accept: list[str] = Field(default_factory=list)
    reject: list[str] = Field(default_factory=list)
    add: list[str] = Field(default_factory=list)
    titles: dict[int, str] = Field(default_factory=dict, description="job number (1-based) → title")


class FitIn(BaseModel):
    """Fit-check answers: item id → 1–5 (Likert) or a choice value; leave items out to skip."""

    answers: dict[str, Answer] = Field(default_factory=dict)


class ReportIn(BaseModel):
    """What to build a pivot report for."""

    profile_id: str
    target: str = Field(description="pack role id (pm, apm, …), ESCO URI/code or title")
    answers: dict[str, Any] = Field(
        default_factory=dict,
        description="fit items (id → 1–5 or choice) plus optional `situation` and "
        "`opportunity` blocks, as in an answers file",
    )
    hours_per_week: float = 5.0


class ReportOut(BaseModel):
    """A stored pivot report (the report JSON schema 1.x in ``report``)."""

    analysis_id: str
    profile_id: str
    profile_revision: int | None
    target: str
    created_at: datetime
    report: dict[str, Any]


@router.post("/profiles", status_code=201, response_model=ProfileOut, responses=ERRORS)
def upload_profile(
    store: Store,
    settings: Config,
    file: Annotated[UploadFile | None, File(description="PDF, DOCX, TXT, MD, JSON, ZIP")] = None,
    text: Annotated[str | None, Form(description="pasted CV text")] = None,
) -> ProfileOut:
    """Upload a CV (or paste its text): parse, find skills with evidence, store a profile."""
    data = filename = None
    if file is not None:
        data = file.file.read(service.max_upload_bytes(settings) + 1)
        filename = file.filename
    return profile_out(service.analyse_upload(store, data, filename, text, settings))


@router.get("/profiles", responses=ERRORS)
def list_profiles(store: Store) -> list[dict[str, Any]]:
    """The local user's profiles, newest first."""
    return service.recent_profiles(store, limit=100)


@router.get("/profiles/{profile_id}", response_model=ProfileOut, responses=ERRORS)
def get_profile(profile_id: str, store: Store) -> ProfileOut:
    """The latest revision of a profile."""
    return profile_out(store.get_profile(profile_id))


@router.patch("/profiles/{profile_id}", response_model=ProfileOut, responses=ERRORS)
def correct_profile(
    profile_id: str, body: CorrectionsIn, store: Store, settings: Config
) -> ProfileOut:
    """Accept, reject or add skills and fix job titles; stored as a new revision."""
    fixes = service.Corrections(body.accept, body.reject, body.add, body.titles)
    return profile_out(service.correct_profile(store, profile_id, fixes, settings))


@router.get("/occupations", responses=ERRORS)
def search_occupations(
    settings: Config,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, Any]:
    """Search ESCO occupations and pack roles by title (typo tolerant)."""
    from careerpivot.occupations import search

    return search(q, limit=limit, settings=settings).model_dump(mode="json")


@router.get("/roles")
def list_roles() -> list[dict[str, Any]]:
    """The product-management roles of the authored pack."""
    return service.pm_roles()


@router.get("/fit/questions")
def fit_questions() -> dict[str, Any]:
    """The pack's fit questionnaire: dimensions, scales and every item."""
    from careerpivot.packs.extras import load_fit_questionnaire

    return load_fit_questionnaire().model_dump(mode="json")


@router.post("/fit/score", responses=ERRORS)
def fit_score(body: FitIn) -> dict[str, Any]:
    """Score fit answers per dimension, with terms and things to weigh."""
    from careerpivot.analysis.fit import score_fit
    from careerpivot.packs.extras import load_fit_questionnaire

    result = score_fit(load_fit_questionnaire(), service.clean_answers(body.answers))
    return result.model_dump(mode="json")


@router.post("/reports", status_code=201, response_model=ReportOut, responses=ERRORS)
def create_report(body: ReportIn, store: Store, settings: Config) -> ReportOut:
    """Build the pivot report for a profile and a target, and store it."""
    record, _ = service.create_report(
        store,
        body.profile_id,
        body.target,
        settings,
        answers=body.answers,
        hours_per_week=body.hours_per_week,
    )
    return report_out(record)


@router.get("/reports/{analysis_id}", response_model=ReportOut, responses=ERRORS)
def get_report(analysis_id: str, store: Store) -> ReportOut:
    """A stored pivot report."""
    return report_out(store.get_analysis(analysis_id))


def report_out(record: Any) -> ReportOut:
    """The API view of an analysis record."""
    return ReportOut(
        analysis_id=record.id,
        profile_id=record.profile_id,
        profile_revision=record.profile_revision,
        target=record.target,
        created_at=record.created_at,
        report=record.body,
    )


@router.get("/transitions", responses=ERRORS)
def transitions(
    settings: Config,
    origin: Annotated[str, Query(min_length=1, max_length=300)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """The best next roles from ``origin`` (pack role id, ESCO URI/code or title)."""
    from careerpivot.transitions_service import rank_transitions

    return rank_transitions(origin, limit=limit, settings=settings).model_dump(mode="json")


@router.get("/transition", responses=ERRORS)
def transition_detail(
    settings: Config,
    origin: Annotated[str, Query(min_length=1, max_length=300)],
    target: Annotated[str, Query(min_length=1, max_length=300)],
) -> dict[str, Any]:
    """One move in detail: facets, matched skills, missing essentials, stepping stones."""
    from careerpivot.transitions_service import transition

    return transition(origin, target, settings=settings).model_dump(mode="json")
