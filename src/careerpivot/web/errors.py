"""Coded errors to HTTP responses: JSON ``{code, message, hint}`` for the API, a page otherwise.

Each :class:`~careerpivot.errors.CareerPivotError` class carries its HTTP status; a few codes
have a more precise one here (a too-large upload is 413, an unsupported file type 415, an
empty search 400). Request validation errors from FastAPI become CP-WEB002 (422). Error
bodies never contain CV text: messages are written by the library for the user.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from careerpivot.errors import CareerPivotError, WebRequestError

#: Codes whose HTTP status differs from their class's ``http_status``.
STATUS_BY_CODE: dict[str, int] = {
    "CP-DOC001": 400,  # empty document
    "CP-DOC002": 413,  # too large
    "CP-DOC006": 413,  # zip bomb
    "CP-DOC007": 415,  # unsupported format
    "CP-OCC002": 400,  # empty occupation query
}


def status_of(exc: CareerPivotError) -> int:
    """The HTTP status for a coded error."""
    return STATUS_BY_CODE.get(exc.code, exc.http_status)


def wants_json(request: Request) -> bool:
    """API paths (and clients that only accept JSON) get JSON error bodies."""
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(request: Request, exc: CareerPivotError, status: int | None = None) -> Response:
    """The response for ``exc``: JSON for the API, the error page for the browser."""
    code = status or status_of(exc)
    if wants_json(request):
        return JSONResponse(exc.to_dict(), status_code=code)
    from careerpivot.web.render import render_page

    return render_page(
        request,
        "error.html.j2",
        {"title": f"Something went wrong ({exc.code})", "error": exc, "status": code},
        status_code=code,
    )


async def _coded(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CareerPivotError)
    return error_response(request, exc)


def _field_name(error: dict[str, Any]) -> str:
    loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "form")]
    return ".".join(loc) or "request"


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())[:5]
    fields = ", ".join(f"{_field_name(e)}: {e.get('msg', 'invalid')}" for e in errors)
    coded = WebRequestError(
        "CP-WEB002",
        f"the request is not valid ({fields})",
        "see the API description at /api/openapi.json",
    )
    return error_response(request, coded, status=422)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        from careerpivot.errors import NotFoundError

        missing = NotFoundError("CP-USR001", "this page does not exist", "start again at /")
        return error_response(request, missing, status=404)
    if wants_json(request):
        body = {"code": "CP-WEB002", "message": str(exc.detail), "hint": ""}
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)
    return HTMLResponse(str(exc.detail), status_code=exc.status_code, headers=exc.headers)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(CareerPivotError, _coded)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
