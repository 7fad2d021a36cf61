"""``careerpivot plan …``: make a dated plan, list and show plans, check in, export.

Thin: every command calls one function of :mod:`careerpivot.planning.service` (or
:mod:`careerpivot.planning.export`) on the user store and formats the result. Errors are
coded (:mod:`careerpivot.errors`) and leave stored data unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from careerpivot.planning.service import PlanView

app = typer.Typer(help="Dated plans into the target role, with progress check-ins.",
                  no_args_is_help=True)  # fmt: skip

PlanId = Annotated[str, typer.Argument(help="The plan id (see `careerpivot plan list`).")]
Fact = Annotated[str | None, typer.Option(help="yes, no or unknown.", show_default=False)]
BAR_WIDTH = 40


@app.command("create")
def create(
    source: Annotated[
        Path, typer.Argument(help="A CV (any supported format) or a saved profile JSON.")
    ],
    to: Annotated[
        str, typer.Option("--to", help="Target: pack role id (pm, apm, …), ESCO code/URI or title.")
    ],
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help="Fit answers and an optional situation: block (YAML/JSON)."),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--start", help="First day of the plan, YYYY-MM-DD (default today)."),
    ] = None,
    hours_per_week: Annotated[
        float, typer.Option("--hours-per-week", help="Time you can give each week (0-80].")
    ] = 5.0,
    product_team: Fact = None,
    advocate: Fact = None,
    region: Annotated[
        str | None, typer.Option(help="europe, north_america or other.", show_default=False)
    ] = None,
    company_size: Annotated[
        str | None,
        typer.Option(help="micro, small, medium, large or enterprise.", show_default=False),
    ] = None,
    budget: Annotated[
        str | None,
        typer.Option(help="Resource budget: free, low, medium or high.", show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stored plan as JSON.")] = False,
) -> None:
    """Analyse CV_OR_PROFILE for --to TARGET, score the routes in and store a dated plan.

    Situation flags override the answers file's situation: block.
    """
    from careerpivot.planning.service import create_plan, parse_date, plan_view
    from careerpivot.settings import load
    from careerpivot.store import open_store

    first = parse_date(start)
    flags = {
        "product_team": product_team,
        "advocate": advocate,
        "region": region,
        "company_size": company_size,
        "budget": budget,
    }
    settings = load()
    with open_store() as db:
        record = create_plan(
            db,
            source,
            to,
            answers=answers,
            settings=settings,
            start=first,
            hours_per_week=hours_per_week,
            situation={k: v for k, v in flags.items() if v is not None},
        )
        view = plan_view(db, record.id)
    if as_json:
        from careerpivot.cli._output import print_json

        print_json(view.to_dict())
        return
    _print_view(view)


@app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the stored plans (id, target, made on, steps done)."""
    from careerpivot.cli._output import console, print_json
    from careerpivot.planning.service import list_plans
    from careerpivot.store import open_store

    with open_store() as db:
        plans = list_plans(db)
    if as_json:
        print_json([{**p.to_dict(), "body": None} for p in plans])
        return
    con = console()
    if not plans:
        con.print("no plan is stored yet — make one with `careerpivot plan create CV --to pm`")
    for p in plans:
        done = sum(s.status == "done" for s in p.steps)
        title = (p.body.get("target") or {}).get("title") or p.target
        con.print(
            f"{p.id}  {title}  made {p.created_at:%Y-%m-%d}  {done}/{len(p.steps)} steps done",
            markup=False,
            soft_wrap=True,
        )


@app.command("show")
def show(
    plan_id: PlanId,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show a plan: routes, steps with status, check-ins and readiness over time."""
    from careerpivot.planning.service import plan_view
    from careerpivot.store import open_store

    with open_store() as db:
        view = plan_view(db, plan_id)
    if as_json:
        from careerpivot.cli._output import print_json

        print_json(view.to_dict())
        return
    _print_view(view)


@app.command("check-in")
def check_in(
    plan_id: PlanId,
    done: Annotated[
        str | None, typer.Option("--done", help="A step you finished: its key or number.")
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option("--evidence", help="What you did or made; re-scores gaps and readiness."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A free note.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Record progress: a step done, new evidence (re-scored) or a note."""
    from careerpivot.cli._output import console, print_json
    from careerpivot.planning.service import check_in as record
    from careerpivot.settings import load
    from careerpivot.store import open_store

    with open_store() as db:
        result = record(db, plan_id, done=done, evidence=evidence, note=note, settings=load())
    if as_json:
        print_json(result.to_dict())
        return
    con = console()
    for c in result.checkins:
        step = f" step {c.step_key}" if c.step_key else ""
        con.print(f"recorded {c.kind}{step}", markup=False)
    if result.new_skills:
        con.print("skills your evidence shows: " + ", ".join(result.new_skills), markup=False)
    for g in result.gap_changes:
        con.print(f"{g['name']}: {g['before']} → {g['after']}", markup=False)
    if evidence and result.readiness_after is not None:
        before = result.readiness_before
        moved = "" if before is None else f" (was {before:.0f}%)"
        con.print(f"readiness {result.readiness_after:.0f}%{moved}", markup=False)


@app.command("export")
def export(
    plan_id: PlanId,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or ics.")] = "md",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Export a plan as Markdown or as an iCalendar file (one all-day entry per step)."""
    from careerpivot.errors import PlanningInputError
    from careerpivot.planning.export import to_ics, to_markdown
    from careerpivot.planning.service import plan_view
    from careerpivot.store import open_store

    if fmt not in ("md", "ics"):
        raise PlanningInputError("CP-PLN006", f"unknown export format {fmt!r}", "use md or ics")
    with open_store() as db:
        doc = plan_view(db, plan_id).to_dict()
    text = to_markdown(doc) if fmt == "md" else to_ics(doc)
    if output is None:
        typer.echo(text, nl=False)
        return
    from careerpivot.cli._output import err_console
    from careerpivot.cli.userdata import _write_private

    _write_private(output, text)
    err_console().print(f"plan written to {output}", markup=False)


def _print_view(view: PlanView) -> None:
    from careerpivot.cli._output import console

    con = console()
    plan = view.plan
    body: dict[str, Any] = plan.body.get("plan") or {}
    con.print(f"[bold]Plan {plan.id}[/]: {view.target_title}", soft_wrap=True)
    if body.get("start"):
        con.print(f"{body['start']} → {body.get('end', '')} at {body.get('hours_per_week')} h/week")
    _print_routes(con, plan.body.get("routes") or [])
    con.print("\n[bold]Steps[/]")
    for i, s in enumerate(plan.steps, start=1):
        mark = "[green]✓[/]" if s.status == "done" else "·"
        due = s.due.isoformat() if s.due else ""
        con.print(f" {mark} {i:>2}. {due}  {_esc(s.title)}  [dim]({s.key})[/]", soft_wrap=True)
    _print_readiness(con, view)
    if view.checkins:
        con.print("\n[bold]Check-ins[/]")
        for c in view.checkins:
            step = f" {c.step_key}" if c.step_key else ""
            text = f": {c.text}" if c.text else ""
            con.print(f" {c.at:%Y-%m-%d %H:%M} {c.kind}{step}{text}", markup=False, soft_wrap=True)


def _print_routes(con: Console, routes: list[dict[str, Any]]) -> None:
    if not routes:
        return
    con.print("\n[bold]Routes in[/] (score 0-100, confidence)")
    for r in routes[:4]:
        con.print(
            f" {r['rank']}. {_esc(r['title'])} — {r['score']} ({r['confidence_label']}): "
            f"{_esc(r['why'])}",
            soft_wrap=True,
        )


def _print_readiness(con: Console, view: PlanView) -> None:
    con.print("\n[bold]Readiness over time[/]")
    if not view.readiness:
        con.print(" no snapshot yet (the target expects no competency levels)")
        return
    for p in view.readiness:
        filled = round(p.readiness / 100 * BAR_WIDTH)
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        con.print(f" {p.at:%Y-%m-%d %H:%M}  [cyan]{bar}[/] {p.readiness:.0f}%")


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(str(text))
