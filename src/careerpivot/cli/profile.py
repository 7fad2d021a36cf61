"""`careerpivot profile …` commands: read a CV into a Profile and show or save it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from careerpivot.profile.models import Experience, Profile

app = typer.Typer(help="profile commands: read a CV into a profile.", no_args_is_help=True)


@app.callback()
def _group() -> None:
    """Read CVs (PDF, DOCX, text/Markdown, JSON Resume, LinkedIn export) into a profile."""


@app.command("parse")
def parse(
    file: Path = typer.Argument(..., help="CV or profile file to read.", show_default=False),
    as_json: bool = typer.Option(False, "--json", help="Print the profile as JSON."),
    no_redact: bool = typer.Option(
        False,
        "--no-redact",
        help="Keep e-mail, phone, street address and URLs in the profile (default: removed).",
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Also write the profile JSON to this file."
    ),
) -> None:
    """Parse FILE and print a summary of the profile (or the profile JSON with --json)."""
    from careerpivot.profile.io import parse_file, profile_to_json, save_profile

    profile = parse_file(file, redact=not no_redact)
    if output is not None:
        save_profile(profile, output)
    if as_json:
        import sys

        sys.stdout.write(profile_to_json(profile))
        return
    from careerpivot.cli._output import console, err_console

    print_summary(profile, console(), today=date.today())
    if output is not None:
        err_console().print(f"profile written to {output}", markup=False)


def _dates(job: Experience) -> str:
    start = job.start or "?"
    end = "present" if job.current else (job.end or "?")
    return f"{start} – {end}"


def _duration(job: Experience, today: date) -> str:
    months = job.duration_months(today)
    if months is None:
        return ""
    years, rest = divmod(months, 12)
    parts = [f"{years} y" if years else "", f"{rest} m" if rest else ""]
    return " ".join(p for p in parts if p)


def print_summary(profile: Profile, con: Console, *, today: date) -> None:
    """Print a readable summary of ``profile``: jobs with dates and bullet counts, education,
    listed skills, languages, warnings and redactions."""
    from rich.table import Table
    from rich.text import Text

    source = profile.source
    name = profile.contact.name or "(no name found)"
    con.print(Text(name, style="bold"))
    con.print(
        f"source: {source.filename or '(text)'} · {source.format} · sha256 {source.sha256[:12]}",
        markup=False,
    )
    if profile.summary:
        summary = profile.summary if len(profile.summary) <= 300 else profile.summary[:297] + "…"
        con.print(f"\n{summary}", markup=False)
    jobs = Table(title=f"Experience ({len(profile.experiences)})", title_justify="left")
    for column in ("#", "title", "employer", "location", "dates", "length", "bullets"):
        jobs.add_column(column, overflow="fold")
    for index, job in enumerate(profile.experiences, start=1):
        jobs.add_row(
            str(index),
            job.title,
            job.employer or "",
            job.location or "",
            _dates(job),
            _duration(job, today),
            str(len(job.bullets)),
        )
    con.print(jobs)
    _print_rest(profile, con)


def _print_rest(profile: Profile, con: Console) -> None:
    if profile.education:
        con.print(f"\n[bold]Education ({len(profile.education)})[/]", markup=True)
        for item in profile.education:
            text = ", ".join(p for p in (item.qualification, item.institution, item.end) if p)
            con.print(f"  - {text}", markup=False)
    con.print(f"\n[bold]Skills listed ({len(profile.listed_skills)})[/]", markup=True)
    con.print("  " + (", ".join(profile.listed_skills) or "(none)"), markup=False)
    if profile.languages:
        langs = ", ".join(
            f"{lang.name} ({lang.level})" if lang.level else lang.name for lang in profile.languages
        )
        con.print("\n[bold]Languages[/]", markup=True)
        con.print(f"  {langs}", markup=False)
    if profile.redactions:
        removed = ", ".join(f"{r.count} {r.kind}" for r in profile.redactions)
        con.print(f"\nredacted: {removed} (use --no-redact to keep them)", markup=False)
    if profile.warnings:
        con.print(f"\n[bold yellow]Warnings ({len(profile.warnings)})[/]", markup=True)
        for warning in profile.warnings:
            con.print(f"  [{warning.code}] {warning.message}", markup=False)
