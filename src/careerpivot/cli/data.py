"""``careerpivot data …``: import, download and inspect the taxonomy store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Import, download and inspect occupational data.", no_args_is_help=True)
import_app = typer.Typer(
    help="Import official data files into the local store.", no_args_is_help=True
)
app.add_typer(import_app, name="import")

PathArg = Annotated[Path, typer.Argument(help="File or folder with the official release.")]


def _run_import(specs_for: str, path: Path) -> None:
    from careerpivot.cli._output import console
    from careerpivot.cli._progress import progress_bar
    from careerpivot.settings import load
    from careerpivot.taxonomy.build import SourceSpec, detect_sources, import_sources

    settings = load()
    settings.ensure_home()
    specs = detect_sources(path) if specs_for == "all" else [SourceSpec(specs_for, path)]
    with progress_bar("import") as report:
        statuses = import_sources(settings.store_path, specs, report)
    imported = {s.kind for s in specs}
    con = console()
    for status in statuses:
        if status.source in imported:
            counts = ", ".join(f"{k} {v:,}" for k, v in status.counts.items())
            con.print(f"[green]✓[/] {status.source} {status.version}: {counts}")
    con.print(f"store: {settings.store_path}")


@import_app.command("all")
def import_all(
    directory: Annotated[Path, typer.Argument(help="A folder laid out like shared/data.")],
) -> None:
    """Detect and import every known source found under DIRECTORY."""
    _run_import("all", directory)


@import_app.command("esco")
def import_esco(path: PathArg) -> None:
    """Import ESCO from a folder of the official CSVs (plain or .gz) or the official zip."""
    _run_import("esco", path)


@import_app.command("onet")
def import_onet(path: PathArg) -> None:
    """Import O*NET from the folder of the database text edition."""
    _run_import("onet", path)


@import_app.command("crosswalk")
def import_crosswalk(path: PathArg) -> None:
    """Import the official ESCO → O*NET-SOC crosswalk (CSV)."""
    _run_import("crosswalk", path)


@import_app.command("wages")
def import_wages(path: PathArg) -> None:
    """Import BLS OEWS national wages (CSV, plain or .gz)."""
    _run_import("wages", path)


@app.command("status")
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show which sources are installed, with versions, row counts and checksums."""
    from careerpivot.cli._output import console, print_json
    from careerpivot.settings import load
    from careerpivot.taxonomy.store import SOURCES, TaxonomyStore

    settings = load()
    path = settings.store_path
    sources = []
    if path.exists():
        with TaxonomyStore.open(path) as store:
            sources = store.sources()
    if as_json:
        print_json(
            {
                "store": str(path),
                "installed": bool(sources),
                "sources": [s.model_dump() for s in sources],
                "missing": [k for k in SOURCES if k not in {s.source for s in sources}],
            }
        )
        return
    from rich.table import Table

    con = console()
    con.print(f"store: {path}")
    if not sources:
        con.print("nothing imported yet — run `careerpivot data import all DIR`")
        return
    table = Table("source", "version", "imported", "rows", "files")
    for s in sources:
        rows = ", ".join(f"{k} {v:,}" for k, v in s.counts.items())
        files = "\n".join(f"{f['name']} sha256:{str(f['sha256'])[:12]}…" for f in s.files)
        table.add_row(s.source, s.version, s.imported_at, rows, files)
    con.print(table)
    missing = [k for k in SOURCES if k not in {s.source for s in sources}]
    if missing:
        con.print(f"not installed: {', '.join(missing)}")
