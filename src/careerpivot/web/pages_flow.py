"""Pages of the guided flow: start → review → target → fit check → report.

Each handler reads the form, checks its CSRF token, calls :mod:`careerpivot.web.service`
and answers with a page or a redirect (POST → 303 → GET, so a reload never re-submits).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import FormData, UploadFile

from careerpivot.errors import WebRequestError
from careerpivot.settings import Settings
from careerpivot.store import UserStore
from careerpivot.web import service, views
from careerpivot.web.render import render_page, render_text
from careerpivot.web.security import CSRF_FIELD

router = APIRouter(include_in_schema=False)


def _store(request: Request) -> UserStore:
    store: UserStore = request.app.state.web.store()
    return store


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.web.settings
    return settings


async def checked_form(request: Request) -> FormData:
    """The posted form, after its CSRF token was checked (CP-WEB001 otherwise).

    Uploaded files of the form are read into memory and closed here, so no temporary file
    outlives the request whatever happens next.
    """
    form = await request.form()
    try:
        request.app.state.csrf.check(request, form.get(CSRF_FIELD))
        files: dict[str, tuple[bytes, str | None]] = {}
        limit = service.max_upload_bytes(_settings(request))
        for key, value in form.multi_items():
            if isinstance(value, UploadFile) and value.filename:
                files[key] = (await value.read(limit + 1), value.filename)
        request.state.files = files
    finally:
        await form.close()
    return form


def see_other(url: str) -> RedirectResponse:
    """A 303 redirect (POST → GET)."""
    return RedirectResponse(url, status_code=303)


@router.get("/", response_class=HTMLResponse)
def start(request: Request) -> HTMLResponse:
    """Step 1: upload or paste a CV; continue with a stored profile."""
    store = _store(request)
    settings = _settings(request)
    return render_page(
        request,
        "start.html.j2",
        {
            "title": "Start: your CV",
            "step": "start",
            "profiles": service.recent_profiles(store),
            "max_mb": settings.max_upload_mb,
            "has_taxonomy": settings.store_path.exists(),
        },
    )


@router.post("/profiles")
async def upload(request: Request) -> RedirectResponse:
    """Analyse the uploaded file or pasted text and show the review page."""
    from starlette.concurrency import run_in_threadpool

    form = await checked_form(request)
    settings = _settings(request)
    data, filename = request.state.files.get("file", (None, None))
    text = form.get("text")
    pasted = text if isinstance(text, str) else None
    record = await run_in_threadpool(
        service.analyse_upload, _store(request), data, filename, pasted, settings
    )
    return see_other(f"/profiles/{record.id}")


@router.get("/profiles/{profile_id}", response_class=HTMLResponse)
def review(request: Request, profile_id: str) -> HTMLResponse:
    """Step 2: what we found: experiences and skills with quoted evidence, to correct."""
    record, profile = service.load_profile(_store(request), profile_id)
    return render_page(
        request,
        "review.html.j2",
        {
            "title": "Review what we found",
            "step": "review",
            "record": record,
            "profile": profile,
            "jobs": views.jobs(profile, date.today()),
            "skills": views.skills(profile),
            "saved": request.query_params.get("saved") == "1",
        },
    )


_SKILL_FIELD = re.compile(r"^skill-(\d+)$")
_TITLE_FIELD = re.compile(r"^title-(\d+)$")


def corrections_from_form(form: FormData, profile: Any) -> service.Corrections:
    """Read the review form: changed skill statuses, added skills and changed titles."""
    accept: list[str] = []
    reject: list[str] = []
    titles: dict[int, str] = {}
    for key, value in form.multi_items():
        if not isinstance(value, str):
            continue
        if m := _SKILL_FIELD.match(key):
            index = int(m.group(1))
            if index >= len(profile.skills):
                raise WebRequestError("CP-WEB002", "the form names an unknown skill", "reload")
            skill = profile.skills[index]
            if value == "accepted" and skill.status not in ("accepted", "added"):
                accept.append(skill.uri)
            elif value == "rejected" and skill.status != "rejected":
                reject.append(skill.uri)
        elif m := _TITLE_FIELD.match(key):
            number = int(m.group(1))
            jobs = profile.experiences
            if (
                1 <= number <= len(jobs)
                and value.strip()
                and value.strip() != jobs[number - 1].title
            ):
                titles[number] = value.strip()
    raw_add = form.get("add")
    added = [a.strip() for a in re.split(r"[\n,;]", raw_add if isinstance(raw_add, str) else "")]
    return service.Corrections(accept, reject, [a for a in added if a], titles)


@router.post("/profiles/{profile_id}/corrections")
async def correct(request: Request, profile_id: str) -> RedirectResponse:
    """Save the review form's corrections as a new profile revision."""
    from starlette.concurrency import run_in_threadpool

    form = await checked_form(request)
    store = _store(request)
    record, profile = service.load_profile(store, profile_id)
    if form.get("revision") != str(record.revision):
        raise WebRequestError(
            "CP-WEB002",
            "the profile was changed since this page was loaded (e.g. in another tab)",
            "reload the page and make your corrections again",
        )
    fixes = corrections_from_form(form, profile)
    await run_in_threadpool(service.correct_profile, store, profile_id, fixes, _settings(request))
    if form.get("next") == "target":
        return see_other(f"/profiles/{profile_id}/target")
    return see_other(f"/profiles/{profile_id}?saved=1#skills")


@router.get("/profiles/{profile_id}/target", response_class=HTMLResponse)
def choose_target(request: Request, profile_id: str, q: str = "") -> HTMLResponse:
    """Step 3: pick a pack PM role, or search any occupation."""
    from careerpivot.occupations import search

    record, profile = service.load_profile(_store(request), profile_id)
    query = q.strip()[:200]
    hits = search(query, limit=15, settings=_settings(request)).hits if query else []
    return render_page(
        request,
        "target.html.j2",
        {
            "title": f"Choose a target role{': ' + query if query else ''}",
            "step": "target",
            "record": record,
            "profile": profile,
            "roles": service.pm_roles(),
            "query": query,
            "hits": hits,
        },
    )


@router.get("/profiles/{profile_id}/fit", response_class=HTMLResponse)
def fit_check(request: Request, profile_id: str, target: str) -> HTMLResponse:
    """Step 4: the fit questionnaire (every item; any may be skipped)."""
    from careerpivot.packs.extras import load_fit_questionnaire

    record, _ = service.load_profile(_store(request), profile_id)
    questionnaire = load_fit_questionnaire()
    return render_page(
        request,
        "fit.html.j2",
        {
            "title": "Fit check: is it right for you?",
            "step": "fit",
            "record": record,
            "target": target,
            "target_title": views.target_title(target, _settings(request)),
            "q": questionnaire,
            "groups": views.fit_groups(questionnaire),
        },
    )


@router.post("/profiles/{profile_id}/reports")
async def make_report(request: Request, profile_id: str) -> RedirectResponse:
    """Build and store the report from the fit form, then show it."""
    from starlette.concurrency import run_in_threadpool

    form = await checked_form(request)
    target = form.get("target")
    if not isinstance(target, str) or not target.strip():
        raise WebRequestError("CP-WEB002", "no target role was chosen", "choose a target role")
    answers = {
        key.removeprefix("fit-"): value
        for key, value in form.multi_items()
        if key.startswith("fit-") and isinstance(value, str) and value
    }
    hours = views.hours(form.get("hours_per_week"))
    record, _ = await run_in_threadpool(
        lambda: service.create_report(
            _store(request),
            profile_id,
            target,
            _settings(request),
            answers=answers,
            hours_per_week=hours,
        )
    )
    return see_other(f"/reports/{record.id}")


@router.get("/reports/{analysis_id}", response_class=HTMLResponse)
def report(request: Request, analysis_id: str) -> HTMLResponse:
    """Step 5: the stored report, rendered by the report module inside the app's frame."""
    record, pivot_report = service.load_report(_store(request), analysis_id)
    header = render_text(
        request,
        "report_header.html.j2",
        {
            "record": record,
            "r": pivot_report,
            "planning": views.planning_available(),
            # routes and plans are authored for the pack's product roles only (CP-PLN007)
            "product_target": pivot_report.target.product_role,
            "plans": views.plans_for(_store(request), record),
            "situation_questions": views.SITUATION_QUESTIONS,
        },
    )
    return HTMLResponse(views.embed_report(pivot_report, header))
