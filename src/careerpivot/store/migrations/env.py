"""Alembic environment: runs migrations on the connection handed over by ``store.migrate``.

There is no ``alembic.ini``: :func:`careerpivot.store.migrate.alembic_config` builds the
configuration in code and passes an open connection (inside a transaction) in
``config.attributes["connection"]``. Logging is left to the application.
"""

from __future__ import annotations

from alembic import context

from careerpivot.store.orm import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when alembic is run by hand
    raise RuntimeError("run migrations through careerpivot.store.migrate or `careerpivot db`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
