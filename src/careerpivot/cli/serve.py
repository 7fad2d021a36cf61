"""``careerpivot serve``: the web app on this computer (FastAPI + Uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer


def serve(
    host: Annotated[
        str,
        typer.Option(
            "--host", help="Address to listen on. The default only accepts this computer."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Open CareerPivot in your browser: from CV to plan, with the same data as the CLI."""
    import uvicorn

    from careerpivot.cli._output import err_console
    from careerpivot.web.app import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console().print(
            f"warning: listening on {host}: anyone who can reach this address can read the "
            "stored CVs (the web app has no login)",
            markup=False,
        )
    err_console().print(f"CareerPivot is running at http://{host}:{port}/ (Ctrl+C stops it)")
    uvicorn.run(create_app(warm=True), host=host, port=port, log_level="warning")
