"""The web app factory: :func:`create_app` builds the FastAPI app (pages, ``/api/``, static).

Composition root of the web edge: it resolves settings, owns the user store and the CSRF
secret, and wires the routers, error handlers and security middleware. Nothing happens at
import time; the user store is opened on the first request that needs it, and models load
on the first analysis (or in a background thread at start-up with ``warm=True``).
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import TYPE_CHECKING

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from careerpivot import __version__
from careerpivot.settings import Settings

if TYPE_CHECKING:
    from careerpivot.store import UserStore

API_DESCRIPTION = (
    "Every step of the CareerPivot web flow as JSON: upload and analyse a CV, read and "
    "correct the profile, search occupations, answer the fit check, build and read the "
    "pivot report, explore transitions and keep a plan. Errors are `{code, message, hint}` "
    "with the project's coded errors (CP-…) and a matching HTTP status."
)


class WebState:
    """What every request shares: settings, the CSRF signer and the lazily opened store."""

    def __init__(self, settings: Settings) -> None:
        from careerpivot.web.security import Csrf

        self.settings = settings
        self.csrf = Csrf()
        self._store: UserStore | None = None
        self._lock = threading.Lock()

    def store(self) -> UserStore:
        """The user store (opened and migrated on first use)."""
        with self._lock:
            if self._store is None:
                from careerpivot.store import open_store

                self._store = open_store(self.settings.database_url)
            return self._store

    def close(self) -> None:
        """Close the user store if it was opened."""
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def warm_up(settings: Settings) -> None:
    """Load the extractor and title ranker so the first analysis is fast (errors ignored)."""
    try:
        if not settings.store_path.exists():
            return
        from careerpivot.extract.service import load_extractor
        from careerpivot.extract.titles_hybrid import load_title_ranker

        load_extractor(settings=settings)
        load_title_ranker(settings=settings)
    except Exception:
        return


def create_app(settings: Settings | None = None, *, warm: bool = False) -> FastAPI:
    """Build the web app.

    Args:
        settings: where the taxonomy and the user store live (default: the environment).
        warm: load the skill extractor in a background thread at start-up.

    Returns:
        A FastAPI app serving the pages at ``/``, the JSON API under ``/api/`` (described
        at ``/api/openapi.json``) and local assets under ``/static/``.
    """
    from careerpivot.settings import load
    from careerpivot.web import api, api_plans, errors, pages_flow, pages_more, pages_plan
    from careerpivot.web.security import security_middleware

    state = WebState(settings or load())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=warm_up, args=(state.settings,), daemon=True).start()
        yield
        state.close()

    app = FastAPI(
        title="CareerPivot",
        version=__version__,
        description=API_DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI would load scripts from a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = state
    app.state.csrf = state.csrf
    errors.install(app)
    app.middleware("http")(security_middleware)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.include_router(api.router)
    app.include_router(api_plans.router)
    app.include_router(pages_flow.router)
    app.include_router(pages_more.router)
    app.include_router(pages_plan.router)
    app.add_api_route("/static/report.css", _report_css, include_in_schema=False)
    app.add_api_route("/favicon.ico", _favicon, include_in_schema=False)
    static = files("careerpivot.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app


def _report_css(request: Request) -> Response:
    """The report's own stylesheet, served from the report package (not copied)."""
    css = files("careerpivot.report").joinpath("templates", "report.css").read_text("utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


def _favicon(request: Request) -> Response:
    """The app icon, for browsers that ask for ``/favicon.ico`` regardless of the page."""
    svg = files("careerpivot.web").joinpath("static", "favicon.svg").read_bytes()
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})
