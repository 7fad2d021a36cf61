"""The user store: one handle for every operation on people, profiles, analyses and plans.

Usage::

    from careerpivot.store import StepInput, open_store

    with open_store() as db:                      # SQLite in CAREERPIVOT_HOME, migrated
        person = db.create_person("Sam Sample")
        saved = db.save_profile(person.id, profile)             # revision 1
        plan = db.create_plan(saved.id, "pack:product-manager", {"routes": []},
                              [StepInput("shadow-pm", "Shadow a PM for a day")])
        db.add_checkin(plan.id, "done", step_key="shadow-pm")
        db.add_readiness(plan.id, 42, {"shown_levels": 8.4, "expected_levels": 20})
        document = db.export_user(person.id)

Every method runs in its own transaction: it either happens completely or not at all.
"""

from __future__ import annotations

from types import TracebackType

from careerpivot.store import migrate
from careerpivot.store.engine import open_engine
from careerpivot.store.plans import PlanOps
from careerpivot.store.profiles import ProfileOps
from careerpivot.store.userdata import UserDataOps


class UserStore(ProfileOps, PlanOps, UserDataOps):
    """Repository of user data over a SQLAlchemy engine (SQLite or PostgreSQL).

    Build it with :func:`open_store`; close it (or use it as a context manager) when done.
    """

    def __enter__(self) -> UserStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def schema_status(self) -> migrate.SchemaStatus:
        """The database's schema revision and the newest one this code knows."""
        return migrate.status(self.engine)


def resolve_url(url: str | None = None) -> str:
    """``url``, or the ``database_url`` setting (default: SQLite file in the home directory)."""
    if url:
        return url
    from careerpivot.settings import load

    return load().database_url


def open_store(url: str | None = None, *, upgrade: bool = True) -> UserStore:
    """Open the user database, migrating it to the newest schema first.

    Args:
        url: a SQLAlchemy URL; default the ``CAREERPIVOT_DATABASE_URL`` setting, which
            defaults to ``sqlite:///$CAREERPIVOT_HOME/careerpivot.db``.
        upgrade: migrate an empty or older database (default). With False the schema must
            already be current.

    Raises:
        ConfigError: CP-CFG002 for a malformed URL or unsupported backend.
        UserStoreError: CP-STO005 when the database cannot be reached; CP-STO004 when it
            was written by a newer CareerPivot (nothing changed); CP-STO006 when a migration
            fails or, with ``upgrade=False``, the schema is not current.
    """
    engine = open_engine(resolve_url(url))
    try:
        if upgrade:
            migrate.upgrade(engine)
        else:
            state = migrate.status(engine)
            migrate.check_known(state.current)
            if not state.up_to_date:
                from careerpivot.errors import UserStoreError

                raise UserStoreError(
                    "CP-STO006",
                    f"the user database is at schema revision {state.current!r}, "
                    f"not {state.head!r}",
                    "run `careerpivot db upgrade`",
                )
    except BaseException:
        engine.dispose()
        raise
    return UserStore(engine)
