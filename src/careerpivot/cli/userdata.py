"""``careerpivot data export-user | delete-user | list-users``: a person's stored data.

Attached to the ``data`` group in ``cli/__init__.py``. Export writes one JSON document (the
format is described in :mod:`careerpivot.store.userdata`); delete removes every row of the
person in one transaction and asks for confirmation unless ``--yes`` is given.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from careerpivot.store import UserStore

PersonArg = Annotated[
    str,
    typer.Argument(
        help="The person's id, or their display name when it is unique.", metavar="PERSON"
    ),
]


def _only_person(db: UserStore) -> str:
    from careerpivot.errors import RecordNotFoundError

    people = db.list_people()
    if len(people) == 1:
        return people[0].id
    if not people:
        raise RecordNotFoundError(
            "CP-USR001", "no person is stored yet", "nothing to export", suggestions=[]
        )
    raise RecordNotFoundError(
        "CP-USR001",
        f"{len(people)} people are stored; say which one to export",
        suggestions=[f"{p.id} ({p.display_name or 'no name'})" for p in people],
    )


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` atomically to ``path``, readable by the owner only (it is personal data)."""
    from careerpivot.errors import DocumentError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise DocumentError(
            "CP-DOC011",
            f"cannot write {path.name} ({exc.strerror or exc})",
            "choose a folder you can write to with -o",
        ) from exc


def export_user(
    person: Annotated[
        str | None,
        typer.Argument(
            help="The person's id or unique display name; may be left out when only one "
            "person is stored.",
            metavar="[PERSON]",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the JSON to FILE (mode 600) instead of stdout."),
    ] = None,
) -> None:
    """Export everything stored about PERSON as one JSON document."""
    import json

    from careerpivot.cli._output import err_console
    from careerpivot.store import open_store

    with open_store() as db:
        person_id = db.find_person(person) if person else _only_person(db)
        document = db.export_user(person_id)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    _write_private(output, text)
    counts = ", ".join(f"{len(document[k])} {k}" for k in ("profiles", "analyses", "plans"))
    err_console().print(
        f"exported person {person_id} ({counts}) to {output}", markup=False, soft_wrap=True
    )


def delete_user(
    person: PersonArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
) -> None:
    """Delete PERSON and everything stored about them (profiles, analyses, plans, progress)."""
    from careerpivot.cli._output import console
    from careerpivot.errors import RecordInputError
    from careerpivot.store import open_store

    with open_store() as db:
        person_id = db.find_person(person)
        if not yes:
            if not sys.stdin.isatty():
                raise RecordInputError(
                    "CP-USR003",
                    "delete-user needs confirmation and the terminal cannot ask",
                    "add --yes to delete without asking",
                )
            typer.confirm(
                f"Delete person {person_id} and all their stored data? This cannot be undone",
                abort=True,
            )
        counts = db.delete_user(person_id)
    rows = ", ".join(f"{table} {n}" for table, n in counts.items() if n)
    console().print(f"deleted person {person_id}: {rows}", markup=False, soft_wrap=True)


def list_users(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the people stored in the user database (ids and display names)."""
    from careerpivot.cli._output import console, print_json
    from careerpivot.store import open_store

    with open_store() as db:
        people = db.list_people()
    if as_json:
        print_json([p.to_dict() for p in people])
        return
    con = console()
    if not people:
        con.print("no person is stored yet")
    for p in people:
        name = p.display_name or "(no name)"
        con.print(f"{p.id}  {name}  since {p.created_at:%Y-%m-%d}", markup=False, soft_wrap=True)
