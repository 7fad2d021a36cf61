"""``careerpivot occupations …``: search and show occupations and pack roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from careerpivot.taxonomy.models import Occupation

app = typer.Typer(help="Search and show occupations and product roles.", no_args_is_help=True)

_KINDS = {
    "preferred": "ESCO title",
    "alt": "ESCO alternative",
    "hidden": "ESCO hidden",
    "pack_title": "pack role",
    "pack_alias": "pack alias",
    "onet_title": "O*NET title",
    "onet_alt": "O*NET alt. title",
    "semantic": "closest label",
}
#: Title-ranker terms shown beside a semantic hit, in this order (see docs/titles.md).
_TERMS = ("dense", "centroid", "desc", "onet", "esco", "lexical", "prior", "seniority")


@app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help="A job title, in any word order; typos are ok.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=200)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Rank ESCO occupations and product roles for QUERY, explaining each score."""
    from careerpivot import occupations
    from careerpivot.cli._output import console, print_json

    result = occupations.search(query, limit=limit)
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    from rich.table import Table

    con = console()
    if result.scope == "pack":
        con.print("[yellow]No taxonomy imported: searching the built-in product pack only.[/]")
    if not result.hits:
        con.print(f"No occupation matches {query!r}.")
        raise typer.Exit(1)
    table = Table("#", "occupation / role", "source", "code", "score", "matched", box=None)
    for rank, hit in enumerate(result.hits, start=1):
        source = "pack" if hit.source == "pack" else "ESCO"
        matched = f"{hit.matched_label} [dim]({_KINDS[hit.match_kind]}"
        matched += f" {hit.via}" if hit.via else ""
        if hit.terms is not None:
            terms = (f"{k} {hit.terms[k]:.2f}" for k in _TERMS if hit.terms.get(k))
            matched += "; " + ", ".join(terms) + ")[/]"
        else:
            matched += f", {hit.label_score:.0f}×{hit.weight:.2f})[/]"
        table.add_row(str(rank), hit.title, source, hit.code or hit.id, f"{hit.score:.1f}", matched)
    con.print(table)
    if result.method == "semantic":
        con.print(
            "[dim]Scores: 100 × the title ranker's total (its terms in brackets); a title "
            "that equals a label word for word scores 100.[/]"
        )


@app.command("show")
def show_cmd(
    id_or_title: Annotated[str, typer.Argument(help="ESCO URI or code, pack role id, or title.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show an occupation: description, ISCO/SOC codes, essential/optional skills, wages."""
    from careerpivot import occupations
    from careerpivot.cli._output import print_json

    view = occupations.show(id_or_title)
    if as_json:
        print_json(view.model_dump(mode="json"))
        return
    if view.occupation is not None:
        _print_occupation(view.occupation)
    elif view.role is not None:
        from careerpivot.cli.pack import render_role

        render_role(view.role)


def _print_occupation(occ: Occupation) -> None:
    from rich.panel import Panel
    from rich.table import Table

    from careerpivot.cli._output import console

    con = console()
    head = f"[bold]{occ.preferred_label}[/]  ESCO {occ.code}  ·  ISCO {occ.isco_group}"
    if occ.isco_label:
        head += f" {occ.isco_label}"
    con.print(Panel(occ.description or "(no description)", title=head, title_align="left"))
    con.print(f"[dim]{occ.uri}[/]")
    if occ.alt_labels:
        con.print("also known as: " + "; ".join(occ.alt_labels[:12]))
    if occ.onet:
        links = ", ".join(
            f"{o.code} {o.title} (job zone {o.job_zone or '?'})" for o in occ.onet[:6]
        )
        con.print(f"O*NET-SOC ({occ.onet[0].via}): {links}")
    for name, skills in (("Essential", occ.essential_skills), ("Optional", occ.optional_skills)):
        con.print(f"\n[bold]{name} skills ({len(skills)})[/]")
        for s in skills:
            kind = "knowledge" if s.skill_type == "knowledge" else "skill"
            con.print(f"  • {s.label} [dim]({kind})[/]")
    if occ.wages:
        table = Table(
            "SOC", "title", "p10", "p25", "median", "p75", "p90", title="Annual wages, USD"
        )
        for w in occ.wages:
            cells = [w.a_pct10, w.a_pct25, w.a_median, w.a_pct75, w.a_pct90]
            table.add_row(
                w.soc_code, w.title, *[f"{c:,.0f}" if c is not None else "n/a" for c in cells]
            )
        con.print(table)
        con.print(
            f"[dim]BLS OEWS {occ.wages[0].release}, U.S. national, all industries; "
            "n/a = suppressed or top-coded by BLS. Through the ESCO→O*NET crosswalk: "
            "an approximation, not this exact job.[/]"
        )
