"""Server-side rendering: the Jinja2 environment of the web pages and the page response.

Autoescaping is on for every template, so text from a CV (names, titles, quoted sentences)
is always HTML-escaped. Templates get ``csrf_token`` (the hidden-field value for forms),
``static`` (a URL builder for ``/static`` assets with a cache-busting version) and
``request``.
"""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from careerpivot import __version__


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """The web templates (``web/templates``), autoescaped, strict about undefined names."""
    env = Environment(
        loader=PackageLoader("careerpivot.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: "n/a" if v is None else f"{float(v):.0f}%"
    env.filters["num"] = lambda v, fmt=".2f": "n/a" if v is None else format(v, fmt)
    env.filters["words"] = lambda s: str(s).replace("_", " ")
    env.globals["static"] = lambda path: f"/static/{path}?v={__version__}"
    return env


def render_text(request: Request, template: str, context: dict[str, Any]) -> str:
    """Render ``template`` with ``context`` plus the request, CSRF token and helpers."""
    csrf = request.app.state.csrf
    values = {"request": request, "csrf_token": csrf.form_token(request), **context}
    return environment().get_template(template).render(**values)


def render_page(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """An HTML response of ``template`` (see :func:`render_text`)."""
    return HTMLResponse(render_text(request, template, context), status_code=status_code)
