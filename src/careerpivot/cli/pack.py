"""`careerpivot pack …` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="pack commands.", no_args_is_help=True)
