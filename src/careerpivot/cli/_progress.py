"""Rich progress bars for long library calls that report ``(description, done, total)``."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from careerpivot.cli._output import err_console

ProgressFn = Callable[[str, int, int], None]


@contextlib.contextmanager
def progress_bar(title: str) -> Iterator[ProgressFn]:
    """Yield a callback that drives one Rich bar on stderr; each new description is a step."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console(),
        transient=False,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def report(description: str, done: int, total: int) -> None:
            group = description.split(" ", 1)[0]
            if group not in tasks:
                tasks[group] = bar.add_task(f"{title}: {group}", total=total)
            bar.update(
                tasks[group], completed=done, total=total, description=f"{title}: {description}"
            )

        yield report
