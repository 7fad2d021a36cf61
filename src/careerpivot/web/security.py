"""Safety of the web app even in local mode: CSRF tokens, same-origin writes, headers.

- **CSRF (forms):** signed double submit. A random token lives in an HttpOnly,
  ``SameSite=Strict`` cookie (:data:`CSRF_COOKIE`); every form carries
  ``HMAC-SHA256(secret, token)`` in a hidden field (:data:`CSRF_FIELD`). A POST is accepted
  only when the field matches the cookie's signature. The secret is made per app instance
  with :mod:`secrets`, so tokens die with the server.
- **Same-origin writes (forms and API):** a POST/PATCH/PUT/DELETE whose ``Origin`` names
  another host, or whose ``Sec-Fetch-Site`` says ``cross-site``, is refused (CP-WEB001, 403).
  Command-line clients send neither header and are allowed.
- **Headers:** a Content-Security-Policy without inline scripts (``script-src 'self'``, no
  inline styles either), ``X-Content-Type-Options: nosniff``, ``Referrer-Policy:
  same-origin`` (with ``no-referrer`` browsers send ``Origin: null`` on form posts),
  ``X-Frame-Options: DENY`` plus ``frame-ancestors 'none'``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from careerpivot.errors import CsrfError

CSRF_COOKIE = "cp_csrf"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class Csrf:
    """Issues and checks CSRF tokens with a per-instance secret."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def sign(self, token: str) -> str:
        """The form value for cookie ``token``."""
        return hmac.new(self._secret, token.encode(), hashlib.sha256).hexdigest()

    def cookie_token(self, request: Request) -> str:
        """The request's cookie token, or a fresh one (stored on ``request.state``)."""
        token = request.cookies.get(CSRF_COOKIE)
        if not token or len(token) > 100:
            token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
            request.state.new_csrf = token
        return token

    def form_token(self, request: Request) -> str:
        """The hidden-field value for the forms of this response."""
        return self.sign(self.cookie_token(request))

    def check(self, request: Request, submitted: object) -> None:
        """Raise CP-WEB001 unless ``submitted`` is the signature of the cookie's token."""
        token = request.cookies.get(CSRF_COOKIE)
        if not token or not isinstance(submitted, str) or not submitted:
            raise _csrf_error()
        if not hmac.compare_digest(self.sign(token), submitted):
            raise _csrf_error()


def _csrf_error() -> CsrfError:
    return CsrfError(
        "CP-WEB001",
        "the form has no valid security token (it may be from an old page or another site)",
        "reload the page and submit the form again",
    )


def cross_site(request: Request) -> bool:
    """True when a browser says the request came from another site.

    ``Sec-Fetch-Site`` decides when the browser sends it; otherwise ``Origin`` must name this
    host (an opaque ``null`` origin counts as foreign). No header at all: not a browser.
    """
    fetch_site = request.headers.get("sec-fetch-site", "")
    if fetch_site in ("same-origin", "none"):
        return False
    if fetch_site in ("cross-site", "same-site"):
        return True
    origin = request.headers.get("origin")
    if not origin:
        return False
    if origin == "null":
        return True
    return urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower()


Next = Callable[[Request], Awaitable[Response]]


#: Room for form fields and multipart framing on top of the upload limit, in bytes.
FORM_OVERHEAD = 256 * 1024


def body_too_large(request: Request) -> bool:
    """True when the declared body is larger than the upload limit plus form overhead."""
    declared = request.headers.get("content-length", "")
    if not declared.isdigit():
        return False
    limit = float(request.app.state.web.settings.max_upload_mb) * 1024 * 1024
    return int(declared) > limit + FORM_OVERHEAD


async def security_middleware(request: Request, call_next: Next) -> Response:
    """Refuse cross-site writes and oversized bodies (before reading them), then add the
    security headers and the CSRF cookie."""
    from careerpivot.web.errors import error_response

    response: Response
    if request.method in UNSAFE_METHODS and cross_site(request):
        response = error_response(
            request,
            CsrfError(
                "CP-WEB001",
                "write requests from another site are refused",
                "use the CareerPivot page itself, or a client that sends no Origin header",
            ),
        )
    elif request.method in UNSAFE_METHODS and body_too_large(request):
        from careerpivot.errors import DocumentError

        limit = request.app.state.web.settings.max_upload_mb
        response = error_response(
            request,
            DocumentError(
                "CP-DOC002",
                f"the upload is larger than the limit of {limit:g} MB",
                "a CV is rarely over 2 MB: remove embedded images, or raise "
                "CAREERPIVOT_MAX_UPLOAD_MB",
            ),
        )
    else:
        response = await call_next(request)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="strict", path="/")
    return response
