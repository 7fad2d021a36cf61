"""Schema migrations of the user database, run in code (no ``alembic.ini`` needed).

The revisions ship inside the package (``store/migrations/versions``). :func:`upgrade` brings
a database to the newest revision in one transaction: on SQLite the transaction holds the
write lock from the start (``BEGIN IMMEDIATE``), on PostgreSQL a transaction-scoped advisory
lock, so two processes opening a fresh database at once migrate it exactly once.

A database stamped with a revision this code does not know was written by a newer
CareerPivot: :func:`check_known` refuses it with CP-STO004 before anything is changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from careerpivot.errors import UserStoreError

#: Arbitrary constant key of the PostgreSQL advisory lock taken while migrating.
_PG_LOCK_KEY = 0x43505553  # "CPUS"


@dataclass(frozen=True)
class SchemaStatus:
    """Where a database stands: ``current`` is None for an empty database."""

    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        """True when the database is at the newest revision this code knows."""
        return self.current == self.head


def alembic_config() -> Config:
    """An Alembic configuration pointing at the packaged migration scripts."""
    config = Config()
    location = resources.files("careerpivot.store") / "migrations"
    config.set_main_option("script_location", str(location))
    return config


def head_revision() -> str:
    """The newest revision this code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships a revision
        raise RuntimeError("no migration revisions are packaged")
    return head


def known_revisions() -> set[str]:
    """Every revision id shipped with this code."""
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _current(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def check_known(current: str | None) -> None:
    """Refuse a database stamped with a revision this code does not know.

    Raises:
        UserStoreError: CP-STO004 when ``current`` is not a packaged revision.
    """
    if current is not None and current not in known_revisions():
        raise UserStoreError(
            "CP-STO004",
            f"the user database is at schema revision {current!r}, newer than this "
            f"CareerPivot knows (newest: {head_revision()!r}); nothing was changed",
            "upgrade CareerPivot, or point CAREERPIVOT_DATABASE_URL at another database",
        )


def status(engine: Engine) -> SchemaStatus:
    """The database's current revision and the code's head revision (read only)."""
    with engine.connect() as conn:
        current = _current(conn)
    return SchemaStatus(current=current, head=head_revision())


def upgrade(engine: Engine) -> SchemaStatus:
    """Migrate the database to the newest revision; a no-op when already there.

    Returns:
        The status after the upgrade.

    Raises:
        UserStoreError: CP-STO004 when the database is newer than the code (unchanged);
            CP-STO006 when a migration fails (rolled back, the database is unchanged).
    """
    head = head_revision()
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            current = _current(conn)
            check_known(current)
            if current != head:
                config = alembic_config()
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise UserStoreError(
            "CP-STO006",
            f"migrating the user database failed ({type(exc).__name__}); it was rolled back",
            "check the database is writable and not in use by an older CareerPivot",
        ) from exc
    return SchemaStatus(current=head, head=head)
