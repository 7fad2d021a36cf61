"""`careerpivot occupations …` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="occupations commands.", no_args_is_help=True)
