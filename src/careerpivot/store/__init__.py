"""Persistence of user data: people, profiles with revisions, analyses, plans and progress.

SQLAlchemy 2 over SQLite (default: ``$CAREERPIVOT_HOME/careerpivot.db``) or PostgreSQL (set
``CAREERPIVOT_DATABASE_URL=postgresql+psycopg://…``). The schema is managed by Alembic
migrations shipped in the package and applied automatically when the store is opened (or by
``careerpivot db upgrade``). The taxonomy store (``taxonomy.sqlite``) is separate and
read-only; nothing here touches it. See ``docs/storage.md`` for the tables.

This is an adapter: ``analysis/`` and ``planning/`` never import it. Callers hand in plain
JSON bodies and :class:`StepInput` rows and get frozen records back.
"""

from __future__ import annotations

from careerpivot.store.migrate import SchemaStatus
from careerpivot.store.records import (
    AnalysisRecord,
    CheckInKind,
    CheckInRecord,
    PersonRecord,
    PlanRecord,
    ProfileRecord,
    ProfileSummary,
    ReadinessPoint,
    StepInput,
    StepRecord,
    StepStatus,
)
from careerpivot.store.repository import UserStore, open_store, resolve_url

__all__ = [
    "AnalysisRecord",
    "CheckInKind",
    "CheckInRecord",
    "PersonRecord",
    "PlanRecord",
    "ProfileRecord",
    "ProfileSummary",
    "ReadinessPoint",
    "SchemaStatus",
    "StepInput",
    "StepRecord",
    "StepStatus",
    "UserStore",
    "open_store",
    "resolve_url",
]
