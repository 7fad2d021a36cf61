"""`careerpivot pack …` commands: validate and browse the authored product pack.

Library code is imported inside each command so that ``careerpivot --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from careerpivot.packs.schema import FeederRole, Pack, PmRole

app = typer.Typer(
    help="The authored product-management pack: roles, feeder roles and competencies.",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]

_AREA_TITLES = {
    "execution": "Execution",
    "customer_insight": "Customer insight",
    "strategy": "Strategy",
    "influencing_people": "Influencing people",
}


@app.command("validate")
def validate(as_json: JsonOpt = False) -> None:
    """Check the pack's schema, and its ESCO URIs when a taxonomy store has been imported."""
    from careerpivot.cli._output import console, print_json
    from careerpivot.packs.loader import load_pack
    from careerpivot.settings import load as load_settings

    pack = load_pack()
    resource_count = _resource_count(pack.meta.name)
    route_counts = _route_counts(pack.meta.name)
    store_path = load_settings().store_path
    checked, reason = _check_store(pack, store_path)
    result = {
        "pack": pack.meta.name,
        "version": pack.meta.version,
        "schema": "ok",
        "references": "ok" if checked is not None else "not-checked",
        "uris_checked": checked,
        "store": str(store_path) if checked is not None else None,
        "reason": reason,
        "counts": _counts(pack),
        "resources": resource_count,
        "routes": route_counts,
    }
    if as_json:
        print_json(result)
        return
    con = console()
    counts = ", ".join(f"{n} {what}" for what, n in _counts(pack).items())
    con.print(f"[green]ok[/] pack {pack.meta.name} {pack.meta.version}: schema valid ({counts})")
    if resource_count is not None:
        con.print(f"[green]ok[/] resource catalogue valid ({resource_count} resources)")
    if route_counts is not None:
        parts = ", ".join(f"{n} {what}" for what, n in route_counts.items())
        con.print(f"[green]ok[/] routes and plan steps valid ({parts})")
    if checked is not None:
        con.print(f"[green]ok[/] all {checked} ESCO URIs exist in the store at {store_path}")
    else:
        con.print(f"[yellow]schema only:[/] {reason}", soft_wrap=True)


def _check_store(pack: Pack, store_path: Any) -> tuple[int | None, str | None]:
    """Validate URIs against the store if there is one: (URIs checked, or None and why not)."""
    from careerpivot.packs.validate import validate_against_store
    from careerpivot.taxonomy.store import TaxonomyStore

    if not store_path.exists():
        return None, (
            f"no taxonomy store at {store_path}, so ESCO URIs were not checked "
            "(import one with `careerpivot data import all DIR`)"
        )
    with TaxonomyStore.open(store_path) as store:
        if not store.has_source("esco"):
            return None, f"the store at {store_path} has no ESCO import, so URIs were not checked"
        return validate_against_store(pack, store), None


def _counts(pack: Pack) -> dict[str, int]:
    return {
        "competencies": len(pack.competencies),
        "roles": len(pack.roles),
        "feeders": len(pack.feeders),
    }


@app.command("roles")
def roles(as_json: JsonOpt = False) -> None:
    """List the PM role family and the feeder roles people move into product from."""
    from rich.table import Table

    from careerpivot.cli._output import console, print_json
    from careerpivot.packs.loader import load_pack

    pack = load_pack()
    feeders_of = {r.id: _entry_feeders(r) for r in pack.roles}
    if as_json:
        print_json(
            {
                "pack": pack.meta.name,
                "roles": [
                    {
                        "id": r.id,
                        "title": r.title,
                        "aliases": list(r.aliases),
                        "previous": list(r.ladder.previous),
                        "next": list(r.ladder.next),
                        "feeders": feeders_of[r.id],
                        "soc_proxy": r.soc_proxy.code,
                    }
                    for r in pack.roles
                ],
                "feeders": [
                    {
                        "id": f.id,
                        "title": f.title,
                        "esco_occupations": [o.label for o in f.esco_occupations],
                        "likely_targets": list(f.likely_targets),
                    }
                    for f in pack.feeders
                ],
            }
        )
        return
    con = console()
    table = Table(title="Product-management roles", title_justify="left")
    table.add_column("role")
    table.add_column("leads to")
    table.add_column("common feeders")
    for r in pack.roles:
        nxt = ", ".join(r.ladder.next) or "—"
        table.add_row(f"{r.title}\n[dim]{r.id}[/]", nxt, ", ".join(feeders_of[r.id]))
    con.print(table)
    table = Table(title="Feeder roles (people move into product from)", title_justify="left")
    table.add_column("role")
    table.add_column("closest ESCO occupation")
    table.add_column("likely targets")
    for f in pack.feeders:
        occ = f.esco_occupations[0].label
        table.add_row(f"{f.title}\n[dim]{f.id}[/]", occ, ", ".join(f.likely_targets))
    con.print(table)
    con.print("Show one with [bold]careerpivot pack show-role ID[/] (e.g. pm, customer_success).")


def _entry_feeders(role: PmRole) -> list[str]:
    seen: list[str] = []
    for route in role.entry_routes:
        seen.extend(r for r in route.from_roles if r not in seen)
    return seen


@app.command("show-role")
def show_role(
    role: Annotated[str, typer.Argument(help="Role id, title or alias, e.g. pm or 'CSM'.")],
    as_json: JsonOpt = False,
    behaviours: Annotated[
        bool, typer.Option("--behaviours", "-b", help="Show what each level looks like.")
    ] = False,
) -> None:
    """Show one PM role or feeder role: summary, competencies, routes, ladder and mappings."""
    from careerpivot.cli._output import print_json
    from careerpivot.packs.loader import load_pack
    from careerpivot.packs.schema import PmRole

    pack = load_pack()
    found = pack.find_role(role)
    kind = "pm_role" if isinstance(found, PmRole) else "feeder"
    if as_json:
        print_json({"pack": pack.meta.name, "kind": kind, "role": found.model_dump(mode="json")})
        return
    render_role(found, behaviours=behaviours)


def render_role(role: Mapping[str, Any] | PmRole | FeederRole, *, behaviours: bool = False) -> None:
    """Print one pack role on the console (also used by ``occupations show``).

    Args:
        role: a role model, or its JSON dump (only ``id`` is read; the pack supplies the rest).
        behaviours: also print what each competency level looks like.
    """
    from careerpivot.cli._output import console
    from careerpivot.errors import NotFoundError
    from careerpivot.packs.loader import load_pack
    from careerpivot.packs.schema import PmRole

    pack = load_pack()
    role_id = str(role["id"]) if isinstance(role, Mapping) else role.id
    found = pack.get_role(role_id)
    if found is None:
        raise NotFoundError(
            "CP-OCC001",
            f"no PM role or feeder role with id {role_id!r}",
            suggestions=pack.suggest_roles(role_id),
        )
    con = console()
    if isinstance(found, PmRole):
        _render_pm_role(con, pack, found, behaviours)
    else:
        _render_feeder(con, pack, found, behaviours)


def _header(title: str, role_id: str, summary: str, aliases: tuple[str, ...]) -> RenderableType:
    from rich.markup import escape
    from rich.panel import Panel

    body = f"{escape(summary)}\n\n[dim]Also called:[/] {escape(', '.join(aliases))}"
    return Panel(body, title=f"[bold]{escape(title)}[/] [dim]({role_id})[/]", title_align="left")


def _bar(level: int) -> str:
    return f"[cyan]{'█' * (2 * level)}[/][dim]{'░' * (2 * (4 - level))}[/]"


def _levels_table(pack: Pack, levels: dict[str, tuple[int, str]]) -> Any:
    """Competencies by area with a level bar; a non-empty note is shown under the name."""
    from rich.console import Group
    from rich.markup import escape
    from rich.padding import Padding
    from rich.table import Table

    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    table.add_column("competency", ratio=1)
    table.add_column("bar", no_wrap=True)
    table.add_column("level", no_wrap=True)
    for area, comps in pack.competencies_by_area().items():
        rows = [c for c in comps if c.id in levels]
        if not rows:
            continue
        table.add_row(f"[bold]{_AREA_TITLES[area]}[/]", "", "")
        for comp in rows:
            level, note = levels[comp.id]
            name: RenderableType = Padding(escape(comp.name), (0, 0, 0, 2))
            if note:
                name = Group(name, Padding(f"[dim]{escape(note)}[/]", (0, 0, 0, 4)))
            table.add_row(name, _bar(level), f"{level} {pack.meta.levels[level].name}")
    return table


def _section(con: Console, title: str) -> None:
    con.print(f"\n[bold underline]{title}[/]")


def _bullets(con: Console, items: Any, *, markup: bool = False) -> None:
    """Bulleted items with a hanging indent; ``markup`` when items are escaped markup."""
    from rich.markup import escape
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column()
    for item in items:
        grid.add_row("•", item if markup else escape(item))
    con.print(grid)


def _para(con: Console, markup: str) -> None:
    from rich.padding import Padding

    con.print(Padding(markup, (0, 0, 0, 2), expand=False))


def _esco(con: Console, pack: Pack, role: PmRole | FeederRole) -> None:
    from rich.markup import escape

    _section(con, f"ESCO v{pack.meta.esco_version} occupations")
    rows = [
        f"{escape(occ.label)} [dim]({occ.relation})[/]\n[dim]{occ.uri}[/]"
        for occ in role.esco_occupations
    ]
    _bullets(con, rows, markup=True)


def _render_pm_role(con: Console, pack: Pack, role: PmRole, behaviours: bool) -> None:
    from rich.markup import escape

    con.print(_header(role.title, role.id, role.summary, role.aliases))
    _section(con, "Responsibilities")
    _bullets(con, role.responsibilities)
    _section(con, "Expected competency levels (0 not yet shown … 4 leading)")
    levels = {
        cid: (lvl, pack.competency(cid).behaviours[lvl] if behaviours else "")
        for cid, lvl in role.expected_levels.items()
    }
    con.print(_levels_table(pack, levels))
    if not behaviours:
        con.print("  [dim]add --behaviours to see what each level looks like[/]")
    _section(con, "Entry routes")
    routes = []
    for route in role.entry_routes:
        src = f"\n[dim]from: {', '.join(route.from_roles)}[/]" if route.from_roles else ""
        routes.append(f"[bold]{escape(route.route)}[/]\n{escape(route.detail)}{src}")
    _bullets(con, routes, markup=True)
    _section(con, "Career ladder")
    prev = ", ".join(_title(pack, r) for r in role.ladder.previous) or "—"
    nxt = ", ".join(_title(pack, r) for r in role.ladder.next) or "—"
    _para(con, f"{escape(prev)}  →  [bold]{escape(role.title)}[/]  →  {escape(nxt)}")
    _esco(con, pack, role)
    _para(con, f"[dim]{escape(role.esco_note)}[/]")
    proxy = role.soc_proxy
    _section(con, "US wage proxy (SOC)")
    colour = {"low": "green", "medium": "yellow", "high": "red"}[proxy.uncertainty]
    _para(
        con, f"{proxy.code} {escape(proxy.title)} — uncertainty: [{colour}]{proxy.uncertainty}[/]"
    )
    _para(con, f"[dim]basis:[/] {escape(proxy.basis)}")
    _para(con, f"[dim]note:[/] {escape(proxy.note)}")


def _render_feeder(con: Console, pack: Pack, role: FeederRole, behaviours: bool) -> None:
    con.print(_header(role.title, role.id, role.summary, role.aliases))
    _section(con, "Competencies this role typically builds")
    levels = {cid: (b.level, b.why) for cid, b in role.builds.items()}
    con.print(_levels_table(pack, levels))
    _section(con, "Transferable strengths")
    _bullets(con, role.transferable_strengths)
    _section(con, "Typical gaps towards product management")
    _bullets(con, role.typical_gaps)
    _section(con, "Likely next roles in product")
    _bullets(con, [f"{_title(pack, r)} ({r})" for r in role.likely_targets])
    _esco(con, pack, role)


def _title(pack: Pack, role_id: str) -> str:
    role = pack.get_role(role_id)
    return role.title if role else role_id


@app.command("competencies")
def competencies(as_json: JsonOpt = False) -> None:
    """List the competency model: twelve competencies in four areas, with ESCO skills."""
    from rich.markup import escape

    from careerpivot.cli._output import console, print_json
    from careerpivot.packs.loader import load_pack

    pack = load_pack()
    if as_json:
        print_json(
            {
                "pack": pack.meta.name,
                "levels": {k: v.model_dump() for k, v in pack.meta.levels.items()},
                "competencies": [c.model_dump(mode="json") for c in pack.competencies],
            }
        )
        return
    con = console()
    for area, comps in pack.competencies_by_area().items():
        _section(con, _AREA_TITLES[area])
        rows = [
            f"[bold]{escape(c.name)}[/] [dim]({c.id})[/]\n{escape(c.definition)}\n"
            f"[dim]ESCO: {escape('; '.join(s.label for s in c.esco_skills))}[/]"
            for c in comps
        ]
        _bullets(con, rows, markup=True)


def _resource_count(pack_name: str) -> int | None:
    """Entries in the pack's validated resource catalogue; None when the pack ships none.

    Raises:
        InputError: CP-PAK001 when ``resources.yaml`` exists but does not validate.
    """
    from importlib.resources import files

    from careerpivot.packs.resources import RESOURCES_FILE, load_resources

    if not (files("careerpivot.packs") / pack_name / RESOURCES_FILE).is_file():
        return None
    return len(load_resources(pack_name).resources)


def _route_counts(pack_name: str) -> dict[str, int] | None:
    """Counts of the pack's validated ``routes.yaml``; None when the pack ships none.

    Raises:
        InputError: CP-PAK001 when ``routes.yaml`` exists but does not validate.
    """
    from importlib.resources import files

    from careerpivot.packs.routes import ROUTES_FILE, load_routes

    if not (files("careerpivot.packs") / pack_name / ROUTES_FILE).is_file():
        return None
    book = load_routes(pack_name)
    return {"routes": len(book.routes), "steps": len(book.steps), "outreach": len(book.outreach)}


@app.command("resources")
def resources(
    type_: Annotated[
        str | None,
        typer.Option("--type", "-t", help="Only this type, e.g. book, podcast, course."),
    ] = None,
    competency: Annotated[
        str | None,
        typer.Option("--competency", "-c", help="Only resources building this competency id."),
    ] = None,
    budget: Annotated[
        str | None,
        typer.Option("--budget", "-b", help="Dearest cost band: free, low, medium or high."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the resource catalogue: newsletters, podcasts, books, courses, communities, …"""
    from rich.markup import escape
    from rich.table import Table

    from careerpivot.cli._output import console, print_json
    from careerpivot.packs.resources import load_resources

    catalogue = load_resources()
    type_, competency, budget = _resource_filters(catalogue, type_, competency, budget)
    found = catalogue.filter(type=type_, competency=competency, budget=budget)
    if as_json:
        print_json(
            {
                "pack": catalogue.pack,
                "filters": {"type": type_, "competency": competency, "budget": budget},
                "count": len(found),
                "resources": [r.model_dump(mode="json") for r in found],
            }
        )
        return
    con = console()
    table = Table(
        title=f"Resources ({len(found)} of {len(catalogue.resources)})", title_justify="left"
    )
    table.add_column("resource", ratio=3, overflow="fold")
    table.add_column("type · cost", no_wrap=True)
    table.add_column("time", ratio=1)
    table.add_column("builds", ratio=2)
    for r in found:
        name = f"[bold]{escape(r.title)}[/]\n[dim]{escape(r.provider)}[/]\n[dim]{r.id}[/]"
        if r.url:
            name += f"\n[dim]{escape(r.url)}[/]"
        builds = "\n".join(
            f"{escape(catalogue.competency_name(c))} {'●' * s}" for c, s in r.builds.items()
        )
        kind = f"{r.type.replace('_', ' ')}\n{r.cost}"
        table.add_row(name, kind, escape(r.time.describe()), builds)
    con.print(table)
    if not found:
        con.print("No resource matches these filters.")
    else:
        con.print("[dim]● strength 1 touches on it, ●● practises it, ●●● centres on it[/]")


def _resource_filters(
    catalogue: Any, type_: str | None, competency: str | None, budget: str | None
) -> tuple[str | None, str | None, str | None]:
    """Normalised filters; an unknown value raises NotFoundError CP-PAK003 with suggestions."""
    import difflib

    from careerpivot.errors import NotFoundError
    from careerpivot.packs.resources import COST_BANDS, RESOURCE_TYPES

    by_name = {n.lower(): cid for cid, n in catalogue.competency_names.items()}
    known = {
        "--type": list(RESOURCE_TYPES),
        "--competency": list(catalogue.competency_names),
        "--budget": list(COST_BANDS),
    }
    out: list[str | None] = []
    for option, value in (("--type", type_), ("--competency", competency), ("--budget", budget)):
        if value is None:
            out.append(None)
            continue
        norm = value.strip().lower().replace("-", "_").replace(" ", "_")
        if option == "--competency":
            norm = by_name.get(value.strip().lower(), norm)
        if norm not in known[option]:
            close = difflib.get_close_matches(norm, known[option], n=3, cutoff=0.5)
            mean = f"did you mean: {'; '.join(close)}? " if close else ""
            raise NotFoundError(
                "CP-PAK003",
                f"{option} {value!r} is not known",
                f"{mean}choose one of: {', '.join(known[option])}",
                suggestions=close,
            )
        out.append(norm)
    return out[0], out[1], out[2]
