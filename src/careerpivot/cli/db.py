"""``careerpivot db …``: create and migrate the user database (profiles, analyses, plans).

The database is ``$CAREERPIVOT_HOME/careerpivot.db`` (SQLite) unless
``CAREERPIVOT_DATABASE_URL`` names another one, e.g. ``postgresql+psycopg://user@host/db``.
Opening the store migrates it automatically; these commands do it on purpose and show where
a database stands.
"""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(
    help="The user database (profiles, analyses, plans): schema revision and migrations.",
    no_args_is_help=True,
)

UrlOpt = Annotated[
    str | None,
    typer.Option(
        "--url",
        help="Database URL; default $CAREERPIVOT_DATABASE_URL, else careerpivot.db in the home.",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@app.command("upgrade")
def upgrade(url: UrlOpt = None, as_json: JsonOpt = False) -> None:
    """Create the user database if needed and migrate it to the newest schema revision."""
    from careerpivot.cli._output import console, print_json
    from careerpivot.store import migrate
    from careerpivot.store.engine import open_engine, safe_url
    from careerpivot.store.repository import resolve_url

    engine = open_engine(resolve_url(url))
    try:
        before = migrate.status(engine).current
        after = migrate.upgrade(engine)
    finally:
        engine.dispose()
    shown = safe_url(engine.url)
    if as_json:
        print_json({"url": shown, "from": before, "to": after.current, "head": after.head})
        return
    con = console()
    if before == after.current:
        con.print(f"already at revision {after.current}: {shown}", markup=False, soft_wrap=True)
    else:
        con.print(
            f"upgraded {before or 'empty'} → {after.current}: {shown}", markup=False, soft_wrap=True
        )


@app.command("current")
def current(url: UrlOpt = None, as_json: JsonOpt = False) -> None:
    """Show the database's schema revision and the newest one this version knows.

    Changes nothing; a SQLite file that does not exist yet is reported, not created.
    Exits with CP-STO004 when the database is newer than this version of CareerPivot.
    """
    from careerpivot.cli._output import console, print_json
    from careerpivot.store import migrate
    from careerpivot.store.engine import open_engine, parse_url, safe_url, sqlite_path
    from careerpivot.store.repository import resolve_url

    target = resolve_url(url)
    parsed = parse_url(target)
    path = sqlite_path(parsed) if parsed.get_backend_name() == "sqlite" else None
    exists = path is None or path.exists()
    if exists:
        engine = open_engine(target)
        try:
            state = migrate.status(engine)
        finally:
            engine.dispose()
    else:
        state = migrate.SchemaStatus(current=None, head=migrate.head_revision())
    shown = safe_url(parsed)
    known = state.current is None or state.current in migrate.known_revisions()
    if as_json:
        print_json(
            {
                "url": shown,
                "exists": exists,
                "current": state.current,
                "head": state.head,
                "up_to_date": state.up_to_date,
                "known": known,
            }
        )
    else:
        con = console()
        con.print(
            f"database: {shown}{'' if exists else ' (not created yet)'}",
            markup=False,
            soft_wrap=True,
        )
        con.print(f"current:  {state.current or 'none (empty)'}", markup=False, soft_wrap=True)
        con.print(f"head:     {state.head}", markup=False, soft_wrap=True)
        if known and not state.up_to_date:
            con.print("run `careerpivot db upgrade` (or just use CareerPivot) to migrate")
    migrate.check_known(state.current)
