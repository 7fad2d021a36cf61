"""``careerpivot transitions FROM [--to TARGET]``: where can I move from here, and how well?"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from careerpivot.analysis.transition_models import (
        Facet,
        Ranking,
        Thresholds,
        Transition,
    )

_SHORT = {
    "essential": "ess",
    "optional": "opt",
    "activity": "act",
    "onet": "onet",
    "origin": "orig",
    "pathway": "path",
}
_COLOUR = {"highly viable": "green", "viable": "yellow", "stretch": "red"}


def transitions(
    origin: Annotated[
        str, typer.Argument(metavar="FROM", help="Pack role id, ESCO URI or code, or job title.")
    ],
    to: Annotated[
        str | None,
        typer.Option("--to", help="Show this one move in detail (id, code or title)."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=500)] = 20,
    all_variants: Annotated[
        bool,
        typer.Option("--all-variants", help="List near-identical ESCO variants separately."),
    ] = False,
    kind: Annotated[
        str, typer.Option("--kind", help="Targets to rank: all, esco or pack.")
    ] = "all",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Rank the occupations and product roles FROM leads to, or explain one move (--to).

    Scores are directional (how much of the target's requirements FROM brings) and carry
    their facets; job-zone gap and wage ratio are shown beside the score, not in it.
    """
    from careerpivot import transitions_service as ts
    from careerpivot.cli._output import err_console, print_json

    kinds = {"all": ("esco", "pack"), "esco": ("esco",), "pack": ("pack",)}
    if kind not in kinds:
        raise typer.BadParameter(f"must be all, esco or pack (got {kind!r})", param_hint="--kind")
    with err_console().status("Loading the transition model (built once per taxonomy)…"):
        ts.load_context(progress=lambda stage: err_console().print(f"[dim]building: {stage}[/]"))
    if to is not None:
        move = ts.transition(origin, to)
        if as_json:
            print_json(move.model_dump(mode="json"))
        else:
            _print_transition(move, ts.thresholds())
        return
    ranking = ts.rank_transitions(origin, limit=limit, distinct=not all_variants, kinds=kinds[kind])
    if as_json:
        print_json(ranking.model_dump(mode="json"))
    else:
        _print_ranking(ranking)


def _terms(facets: list[Facet]) -> str:
    return " ".join(" –  " if f.value is None else f"{f.value:.2f}" for f in facets)


def _signal(t: Transition) -> tuple[str, str]:
    zone = "–" if t.job_zone_gap is None else f"{t.job_zone_gap:+.1f}"
    wage = "–" if t.wage_ratio is None else f"{t.wage_ratio:.2f}"
    return zone, wage


def _threshold_line(th: Thresholds) -> str:
    return (
        f"[dim]viable ≥ {th.viable:.3f}, highly viable ≥ {th.highly_viable:.3f} — {th.method} "
        f"({th.reference_pairs} pairs; {th.background_share_viable:.1%} of random pairs reach "
        f"viable). Soft skill match: no credit below cosine {th.soft_match_low:.3f}, full "
        f"credit from {th.soft_match_high:.3f}.[/]"
    )


#: Terminal width from which the ranking table also shows every facet value.
WIDE_TABLE = 110


def _print_ranking(r: Ranking) -> None:
    from rich.markup import escape
    from rich.table import Column, Table

    from careerpivot.cli._output import console

    con = console()
    title = f"From {r.origin.label} ({r.origin.kind}) — {len(r.transitions)} of {r.candidates}"
    names = (
        " ".join(f"{_SHORT[f.name]:<4}" for f in r.transitions[0].facets) if r.transitions else ""
    )
    # a narrow terminal keeps the target names readable and leaves out the facet values
    wide = con.width >= WIDE_TABLE
    columns: list[Column | str] = ["#", Column("target", min_width=24, ratio=1), "score"]
    columns += [Column("viability", no_wrap=True)]
    columns += [Column(names, no_wrap=True)] if wide else []
    table = Table(*columns, "zone±", "wage×", title=title, box=None)
    for t in r.transitions:
        zone, wage = _signal(t)
        label = t.target.label + (" [dim]· pack[/]" if t.target.kind == "pack" else "")
        label += f" [dim](+{len(t.variants)} variants)[/]" if t.variants else ""
        colour = _COLOUR[t.viability]
        cells = [str(t.rank), label, f"{t.score:.3f}", f"[{colour}]{t.viability}[/]"]
        cells += [_terms(t.facets)] if wide else []
        table.add_row(*cells, zone, wage)
    con.print(table)
    if r.transitions and not wide:
        con.print(
            f"[dim]Facet values are shown from {WIDE_TABLE} columns; `--json` or `--to TARGET` "
            "gives them for any width.[/]"
        )
    if r.transitions:
        weights = ", ".join(f"{f.name} {f.weight:.2f}" for f in r.transitions[0].facets)
        con.print(
            f"[dim]Facet weights: {weights} (renormalised over the facets with data; "
            "O*NET scaled by link confidence). zone± = job-zone gap, wage× = wage ratio, "
            "both separate from the score. `--to TARGET` explains one move.[/]"
        )
    con.print(_threshold_line(r.thresholds))
    if r.distinct:
        con.print("[dim]One row per occupation family; --all-variants lists every variant.[/]")
    if r.own_family:
        names = ", ".join(f.label for f in r.own_family[:3])
        more = f" and {len(r.own_family) - 3} more" if len(r.own_family) > 3 else ""
        con.print(
            f"[dim]Left out as {r.origin.label}'s own occupation family, not a move: "
            f"{escape(names)}{more}.[/]"
        )


def _print_transition(t: Transition, th: Thresholds) -> None:
    from rich.table import Table

    from careerpivot.cli._output import console

    con = console()
    colour = _COLOUR[t.viability]
    con.print(
        f"[bold]{t.origin.label}[/] → [bold]{t.target.label}[/]  score {t.score:.3f} "
        f"[{colour}]{t.viability}[/]  (rank {t.rank} among the origin's targets; "
        f"reverse move scores {t.reverse_score if t.reverse_score is not None else '–'})"
    )
    facets = Table(
        "facet", "value", "weight", "confidence", "share", "contribution", "what", box=None
    )
    for f in t.facets:
        value = "–" if f.value is None else f"{f.value:.3f}"
        contrib = "–" if f.value is None else f"{f.value * f.share:.3f}"
        facets.add_row(
            f.name,
            value,
            f"{f.weight:.2f}",
            f"{f.confidence:.2f}",
            f"{f.share:.2f}",
            contrib,
            f.note,
        )
    con.print(facets)
    if t.documented:
        con.print("[bold]Documented move[/]")
        for line in t.documented:
            con.print(f"  • {line}")
    for note in t.notes:
        con.print(f"[dim]{note}[/]")
    zone, wage = _signal(t)
    con.print(
        f"Separate signals: job-zone gap {zone} (target − origin, O*NET 1–5); "
        f"wage ratio ×{wage}" + (f" ({t.wage_basis})" if t.wage_basis else "")
    )
    matched = Table(
        "target skill",
        "← origin skill",
        "sim",
        "credit",
        "relation",
        title=f"Matched skills ({len(t.matched_pairs)})",
        box=None,
    )
    for m in t.matched_pairs[:30]:
        matched.add_row(
            m.target_label, m.origin_label, f"{m.similarity:.2f}", f"{m.credit:.2f}", m.relation
        )
    con.print(matched)
    if len(t.matched_pairs) > 30:
        con.print(f"[dim]… {len(t.matched_pairs) - 30} more (use --json)[/]")
    con.print(f"\n[bold]Missing essential skills ({len(t.missing_essentials)})[/]")
    for s in t.missing_essentials[:30]:
        near = (
            f" [dim](closest: {s.closest_label}, credit {s.credit:.2f})[/]"
            if s.closest_label
            else ""
        )
        con.print(f"  • {s.label}{near}")
    if t.steps:
        con.print("\n[bold]Stepping stones[/] (route score = weaker leg, above the direct move)")
        for step in t.steps:
            con.print(
                f"  {t.origin.label} → [bold]{step.via.label}[/] ({step.first_leg:.3f}) → "
                f"{t.target.label} ({step.second_leg:.3f}) = {step.score:.3f}"
            )
    con.print(_threshold_line(th))
