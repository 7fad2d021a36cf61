"""Command-line edge: parse arguments, call one library function, format the result.

Each command group lives in its own module (``cli/data.py``, ``cli/occupations.py``, …) and
imports the library lazily inside the command, so ``careerpivot --help`` stays fast.
Errors of :mod:`careerpivot.errors` are printed as coded messages and mapped to exit codes;
no traceback reaches the user.
"""

from __future__ import annotations

import sys

import typer

from careerpivot.cli import data, db, evaluate, occupations, pack, pivot, profile, skills, userdata
from careerpivot.cli import fit as fit_cmd
from careerpivot.cli import opportunity as opportunity_cmd
from careerpivot.cli import plan as plan_cmd
from careerpivot.cli import serve as serve_cmd
from careerpivot.cli import transitions as transitions_cmd
from careerpivot.cli import transitions_matrix as matrix_cmd

app = typer.Typer(
    name="careerpivot",
    help="Evidence-based career pivots: what you bring, what a role needs, and how to get there.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(data.app, name="data")
data.app.command("export-user")(userdata.export_user)
data.app.command("delete-user")(userdata.delete_user)
data.app.command("list-users")(userdata.list_users)
app.add_typer(db.app, name="db")
app.add_typer(occupations.app, name="occupations")
app.add_typer(pack.app, name="pack")
app.command("profile")(profile.profile)
app.command("pivot")(pivot.pivot)
app.add_typer(skills.app, name="skills")
app.add_typer(evaluate.app, name="eval")
app.command("fit")(fit_cmd.fit)
app.command("opportunity")(opportunity_cmd.opportunity)
app.command("transitions")(transitions_cmd.transitions)
app.command("transitions-matrix")(matrix_cmd.transitions_matrix)
app.add_typer(plan_cmd.app, name="plan")
app.command("serve")(serve_cmd.serve)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: run the app and turn coded errors into exit codes.

    Usage errors are reported by Typer (exit 2); :class:`CareerPivotError` is printed as a
    coded message on stderr and exits with the class's exit code.
    """
    from careerpivot.errors import CareerPivotError
    from careerpivot.loading import tune_gc

    tune_gc()
    try:
        app(args=argv, prog_name="careerpivot")
    except CareerPivotError as exc:
        from careerpivot.cli._output import print_error

        print_error(exc)
        sys.exit(exc.exit_code)
