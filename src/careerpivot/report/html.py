"""HTML rendering of the pivot report (placeholder until the charted renderer lands)."""

from __future__ import annotations

import html

from careerpivot.report.markdown import render_markdown
from careerpivot.report.model import PivotReport


def render_html(report: PivotReport) -> str:
    """One offline HTML file."""
    body = html.escape(render_markdown(report))
    return f"<!doctype html><html><body><pre>{body}</pre></body></html>\n"
