"""``careerpivot transitions-matrix -o FILE``: every origin's best moves in one CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def transitions_matrix(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="CSV file to write (.csv or .csv.gz).")
    ],
    top: Annotated[int, typer.Option("--top", min=1, max=3100, help="Targets per origin.")] = 20,
    all_variants: Annotated[
        bool,
        typer.Option("--all-variants", help="Keep near-identical ESCO variants as separate rows."),
    ] = False,
) -> None:
    """Score every ESCO occupation and pack role against all others; keep each one's best.

    One row per (origin, target) with the score, its viability and every facet value, so a
    talent team or a batch job can filter and join without re-scoring. Prints the time taken
    and the peak memory.
    """
    import resource

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from careerpivot import transitions_service as ts
    from careerpivot.cli._output import console, err_console
    from careerpivot.transitions_matrix import write_matrix

    with err_console().status("Loading the transition model (built once per taxonomy)…"):
        ts.load_context(progress=lambda stage: err_console().print(f"[dim]building: {stage}[/]"))
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console(),
    ) as bar:
        task = bar.add_task("Scoring origins", total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        summary = write_matrix(output, top=top, distinct=not all_variants, progress=step)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    console().print(
        f"Wrote {summary.rows:,} rows ({summary.origins:,} origins × up to {top} targets) to "
        f"{summary.path} in {summary.seconds:.1f} s; peak memory {peak:.0f} MB."
    )
