"""``careerpivot opportunity``: what staying or pivoting pays over 1, 3, 5 and 10 years."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from careerpivot.analysis.opportunity import OpportunityCost, SideSummary

BAR_WIDTH = 40


def opportunity(
    origin: Annotated[
        str, typer.Option("--from", help="Current role: pack role id, ESCO URI/code or title.")
    ],
    target: Annotated[str, typer.Option("--to", help="Target role, in the same forms.")],
    salary: Annotated[
        float | None, typer.Option("--salary", help="Your current annual pay.", min=1)
    ] = None,
    currency: Annotated[
        str, typer.Option("--currency", help="Currency of --salary/--offer (no FX is used).")
    ] = "USD",
    region: Annotated[
        str | None, typer.Option("--region", help="Where you work, if not the US.")
    ] = None,
    years_experience: Annotated[
        float | None, typer.Option("--years-experience", help="Years in your current role.")
    ] = None,
    offer: Annotated[
        float | None, typer.Option("--offer", help="Annual pay of an offer for the target.")
    ] = None,
    title_reset: Annotated[
        bool,
        typer.Option("--title-reset/--no-title-reset", help="Enter as APM / junior title."),
    ] = False,
    transition_months: Annotated[
        int | None, typer.Option("--transition-months", help="Months before you switch.")
    ] = None,
    unpaid_months: Annotated[
        int, typer.Option("--unpaid-months", help="Months without pay between the jobs.")
    ] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Compare staying with pivoting: yearly pay, cumulative difference, break-even, risks."""
    from careerpivot.cli._output import console, print_json
    from careerpivot.opportunity_service import compare

    overrides: dict[str, Any] = {
        "salary": salary,
        "currency": currency,
        "region": region,
        "years_experience": years_experience,
        "offer": offer,
        "title_reset": title_reset,
        "transition_months": transition_months,
        "unpaid_months": unpaid_months,
    }
    result = compare(origin, target, **overrides)
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    render_opportunity(console(), result)


def render_opportunity(con: Console, result: OpportunityCost) -> None:
    """Print the comparison: sources, yearly table, cumulative bars, assumptions and risks."""
    from rich.table import Table

    cur = result.currency
    _print_side(con, "Stay", result.origin, cur)
    _print_side(con, "Pivot", result.target, cur)
    table = Table("year", "stay", "pivot", "difference", "cumulative", title=f"Annual pay, {cur}")
    for point in result.years:
        table.add_row(
            str(point.year),
            f"{point.stay.value:,.0f}",
            f"{point.pivot.value:,.0f}",
            _signed(point.difference.value),
            _signed(point.cumulative_difference.value),
        )
    con.print(table)
    con.print(f"[bold]Cumulative difference (pivot − stay), {cur}[/]")
    biggest = max(abs(p.cumulative_difference.value) for p in result.years) or 1.0
    for point in result.years:
        value = point.cumulative_difference.value
        width = round(abs(value) / biggest * BAR_WIDTH)
        style = "green" if value >= 0 else "red"
        bar = "█" * width if width else "▏"
        con.print(f"  year {point.year:>2} [{style}]{bar}[/] {_signed(value)}")
    horizons = ", ".join(
        f"{h.years} y: {_signed(h.cumulative_difference.value)}" for h in result.horizons
    )
    con.print(f"After {horizons}")
    con.print(f"[bold]Break-even:[/] {result.break_even}")
    for title, lines in (
        ("Assumptions", result.assumptions),
        ("Caveats", result.caveats),
        ("Risks", result.risks),
    ):
        con.print(f"\n[bold]{title}[/]")
        for line in lines:
            con.print(f"  • {line}", markup=False, soft_wrap=True)


def _print_side(con: Console, name: str, side: SideSummary, cur: str) -> None:
    con.print(
        f"[bold]{name}:[/] {side.label} — SOC {side.soc_code} {side.soc_title} "
        f"(uncertainty {side.uncertainty}); starts at {cur} {side.start_pay.value:,.0f}, "
        f"peak {cur} {side.peak_pay.value:,.0f} ({side.peak_role})",
        soft_wrap=True,
    )
    if side.alternatives:
        con.print("  [dim]other SOC codes: " + "; ".join(side.alternatives) + "[/]", soft_wrap=True)


def _signed(value: float) -> str:
    return f"{value:+,.0f}"
