"""The browser edge of CareerPivot: a FastAPI app with server-rendered pages and a JSON API.

Start it with ``careerpivot serve`` or build it with :func:`create_app`. Pages and API call
the same library functions as the CLI (see :mod:`careerpivot.web.service`); all assets are
served locally, nothing comes from a CDN. Importing this package loads nothing heavy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from careerpivot.settings import Settings

__all__ = ["create_app"]


def create_app(settings: Settings | None = None, **kwargs: Any) -> FastAPI:
    """Build the web app (see :func:`careerpivot.web.app.create_app`)."""
    from careerpivot.web.app import create_app as build

    return build(settings, **kwargs)
