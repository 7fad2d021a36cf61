"""Pick a renderer by format and write reports atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from careerpivot.errors import DocumentError
from careerpivot.report.model import PivotReport


def render(report: PivotReport, fmt: str) -> str:
    """The report as ``md``, ``html`` or ``json`` text."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "html":
        from careerpivot.report.html import render_html

        return render_html(report)
    from careerpivot.report.markdown import render_markdown

    return render_markdown(report)


def write_report(text: str, path: Path) -> Path:
    """Write ``text`` to ``path`` atomically (a temporary file renamed over it).

    Raises:
        DocumentError: CP-DOC011 when the file cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".report-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise DocumentError(
            "CP-DOC011", f"cannot write the report to {path}: {exc.strerror}", "choose another path"
        ) from exc
    return path
