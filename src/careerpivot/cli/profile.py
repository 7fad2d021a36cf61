"""``careerpivot profile FILE``: read a CV into a Profile with skills, evidence and titles."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from careerpivot.profile.models import Experience, Profile, SkillEvidence


def profile(
    file: Path = typer.Argument(
        ...,
        help="A CV (PDF, DOCX, text, Markdown, JSON Resume, LinkedIn ZIP) or a profile JSON.",
        show_default=False,
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the profile as JSON."),
    no_redact: bool = typer.Option(
        False,
        "--no-redact",
        help="Keep e-mail, phone, street address and URLs in the profile (default: removed).",
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Also write the profile JSON to this file."
    ),
    parse_only: bool = typer.Option(
        False, "--parse-only", help="Only parse: no skill extraction or title matching."
    ),
    accept: list[str] = typer.Option(
        [], "--accept", help="Accept a suggested skill (URI or label). Repeatable."
    ),
    reject: list[str] = typer.Option(
        [], "--reject", help="Reject a skill; it is never suggested again. Repeatable."
    ),
    add: list[str] = typer.Option(
        [], "--add", help="Add a skill by its ESCO label or URI. Repeatable."
    ),
    title: list[str] = typer.Option(
        [], "--title", help="Fix a job title: N=TITLE (N as listed). Repeatable."
    ),
    extractor: str | None = typer.Option(
        None, "--extractor", help="Registered extractor name (default: the library's)."
    ),
) -> None:
    """Read FILE, find the skills it shows with quoted evidence, and match each job title.

    FILE may be a profile JSON saved earlier with -o and edited by hand: skills you accepted,
    rejected or added and titles you fixed are kept when the profile is analysed again.
    """
    from careerpivot.extract.corrections import (
        add_skills,
        fix_titles,
        parse_title_fix,
        set_status,
    )
    from careerpivot.intake import analyse_profile, skill_resolver
    from careerpivot.profile.io import parse_file, profile_to_json, save_profile

    result = parse_file(file, redact=not no_redact)
    if title:
        result = fix_titles(result, [parse_title_fix(t) for t in title])
    if not parse_only:
        result, _ = analyse_profile(result, extractor=extractor)
        if add:
            result = add_skills(result, add, skill_resolver())
        if accept:
            result = set_status(result, accept, "accepted")
        if reject:
            result = set_status(result, reject, "rejected")
    if output is not None:
        save_profile(result, output)
    if as_json:
        import sys

        sys.stdout.write(profile_to_json(result))
        return
    from careerpivot.cli._output import console, err_console

    con = console()
    print_summary(result, con, today=date.today())
    if not parse_only:
        print_skills(result, con)
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


def _matches(job: Experience) -> str:
    shown = [m for m in job.title_matches if m.status != "rejected"][:2]
    return "; ".join(f"{m.label} ({m.score:.2f})" for m in shown)


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
    columns = ["#", "title", "employer", "location", "dates", "length", "bullets"]
    matched = any(job.title_matches for job in profile.experiences)
    for column in [*columns, "closest occupations"] if matched else columns:
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
            *([_matches(job)] if matched else []),
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


_STATUS_STYLE = {"accepted": "green", "added": "cyan", "suggested": "", "rejected": "dim strike"}


def _where(profile: Profile, skill: SkillEvidence) -> str:
    jobs = sorted({e.experience_index for e in skill.evidence if e.experience_index is not None})
    parts = [f"job {i + 1}" for i in jobs]
    if any(e.kind == "listed" for e in skill.evidence):
        parts.append("skills list")
    if any(e.experience_index is None and e.kind == "sentence" for e in skill.evidence):
        parts.append("summary")
    return ", ".join(parts)


def print_skills(profile: Profile, con: Console, *, evidence: int = 2) -> None:
    """Print the profile's skills with status, score, where they were seen and quoted evidence."""
    from rich.table import Table

    if not profile.skills:
        con.print("\nNo skill was found with enough evidence.")
        return
    table = Table(
        title=f"Skills with evidence ({len(profile.skills)})",
        title_justify="left",
        show_lines=False,
    )
    for column in ("skill", "score", "status", "seen in", "months", "last used", "evidence"):
        table.add_column(column, overflow="fold")
    for skill in profile.skills:
        quotes = [
            f"“{e.sentence}”" if e.kind == "sentence" else f"listed: {e.text}"
            for e in skill.evidence[:evidence]
        ]
        table.add_row(
            skill.label,
            f"{skill.score:.2f}",
            skill.status,
            _where(profile, skill),
            "" if skill.months is None else str(skill.months),
            skill.last_used or "",
            "\n".join(quotes),
            style=_STATUS_STYLE[skill.status],
        )
    con.print(table)
    con.print(
        "[dim]score: best evidence score (embedding similarity of labels and descriptions + "
        "BM25 + exact-label bonus; listed-only skills × 0.85). Use --accept/--reject/--add, "
        "or edit the JSON, to correct.[/]"
    )
