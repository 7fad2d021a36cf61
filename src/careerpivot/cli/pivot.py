"""``careerpivot pivot CV_OR_PROFILE --to TARGET``: the pivot report (Markdown, HTML or JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

Format = typer.Option("--format", "-f", help="md, html or json.")


def pivot(
    source: Annotated[
        Path, typer.Argument(help="A CV (any supported format) or a saved profile JSON.")
    ],
    to: Annotated[
        str, typer.Option("--to", help="Target: pack role id (pm, apm, …), ESCO code/URI or title.")
    ],
    answers: Annotated[
        Path | None, typer.Option("--answers", help="Fit-check answers (YAML or JSON).")
    ] = None,
    fmt: Annotated[str, Format] = "md",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the report to this file.")
    ] = None,
    hours_per_week: Annotated[
        float, typer.Option("--hours-per-week", help="Time you can give to closing gaps.")
    ] = 5.0,
) -> None:
    """Should you pivot, and what would it take? A report backed by your CV's evidence."""
    from careerpivot.errors import InputError
    from careerpivot.report.render import render

    if fmt not in ("md", "html", "json"):
        raise InputError("CP-RPT001", f"unknown report format {fmt!r}", "use md, html or json")
    from careerpivot.pivot import pivot as run

    report = run(source, to, answers=answers, hours_per_week=hours_per_week)
    text = render(report, fmt)
    if output is None:
        typer.echo(text, nl=False)
        return
    from careerpivot.cli._output import err_console
    from careerpivot.report.render import write_report

    write_report(text, output)
    err_console().print(f"report written to {output}", markup=False)
