"""Helpers for web app tests: a tiny imported home, a client, CSRF tokens, page checks."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from careerpivot.settings import Settings, load
from tests import minidata

CV = Path(__file__).parent / "fixtures" / "cv" / "robin-widgets.md"
TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def mini_settings(root: Path) -> Settings:
    """Settings for a home at ``root/home`` with the tiny synthetic taxonomy imported."""
    from careerpivot.taxonomy.build import detect_sources, import_sources

    home = root / "home"
    release = minidata.full_release(root / "data")
    import_sources(home / "taxonomy.sqlite", detect_sources(release))
    return load({"CAREERPIVOT_HOME": str(home)})


def with_limit(settings: Settings, megabytes: float) -> Settings:
    """The same settings with another upload limit."""
    return replace(settings, max_upload_mb=megabytes)


def csrf_token(client: Any, path: str = "/") -> str:
    """GET ``path`` (setting the CSRF cookie) and return the form token it carries."""
    page = client.get(path)
    found = TOKEN.search(page.text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


class FormAudit(HTMLParser):
    """Collects form controls, their ids and the ``for`` targets of labels on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.wrapped = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag in ("input", "textarea", "select") and a.get("type") not in ("hidden", "submit"):
            a["_wrapped"] = "1" if self.label_depth else ""
            self.controls.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1

    def unlabelled(self) -> list[str]:
        """Names of visible controls with neither a ``<label for>`` nor a wrapping label."""
        return [
            c.get("name", "?")
            for c in self.controls
            if not c["_wrapped"]
            and c.get("id", "") not in self.label_for
            and not c.get("aria-label")
        ]


def unlabelled_controls(html: str) -> list[str]:
    """Form controls of ``html`` that have no label."""
    audit = FormAudit()
    audit.feed(html)
    return audit.unlabelled()
