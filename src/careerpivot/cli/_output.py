"""Shared output helpers for the CLI: JSON printing and coded error messages."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

from careerpivot.errors import CareerPivotError


def console() -> Console:
    """A console on stdout (no colour when not a terminal)."""
    return Console(highlight=False)


def err_console() -> Console:
    """A console on stderr for messages and progress."""
    return Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    """Print ``data`` as one JSON document on stdout (UTF-8, stable key order)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_error(exc: CareerPivotError) -> None:
    """Print a coded error on stderr: ``error [CODE] message`` then the hint."""
    con = err_console()
    con.print(f"[bold red]error[/] [{exc.code}] {exc.message}", markup=True, soft_wrap=True)
    if exc.hint:
        con.print(f"  hint: {exc.hint}", markup=False, soft_wrap=True)
