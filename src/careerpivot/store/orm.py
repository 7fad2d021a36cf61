"""Tables of the user database, as typed SQLAlchemy 2 declarative classes.

The schema is owned by the Alembic migrations in ``store/migrations``; these classes must
describe exactly what the migrations create (a test compares the two on SQLite and
PostgreSQL). Nothing outside :mod:`careerpivot.store` imports this module: callers get the
plain records of :mod:`careerpivot.store.records`.

Tables (every child row is deleted with its parent: ``ON DELETE CASCADE``)::

    people             id, display_name, created_at
    profiles           id, person_id → people, created_at
    profile_revisions  (profile_id → profiles, revision), saved_at, schema_version, body JSON
    analyses           id, profile_id → profiles, profile_revision, target, created_at,
                       schema_version, body JSON
    plans              id, profile_id → profiles, target, created_at, body JSON
    plan_steps         id, plan_id → plans, position, key, title, due, status, done_at
    checkins           id, plan_id → plans, at, kind, step_key, text
    readiness_snapshots id, plan_id → plans, at, readiness, terms JSON

Ids of people, profiles, analyses and plans are UUID strings; steps, check-ins and snapshots
use integer ids. Times are stored as UTC and read back as timezone-aware UTC datetimes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Constraint names are fixed so migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: JSON documents: JSONB on PostgreSQL, JSON text on SQLite.
JsonDoc = JSON().with_variant(JSONB(), "postgresql")

STEP_STATUSES = ("todo", "doing", "done", "skipped")
CHECKIN_KINDS = ("done", "evidence", "note")


class UtcDateTime(TypeDecorator[datetime]):
    """A datetime stored as naive UTC and returned as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base with the fixed constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING)


def _parent(table: str) -> Any:
    return ForeignKey(f"{table}.id", ondelete="CASCADE")


class PersonRow(Base):
    """A person: an opaque id and an optional display name. No contact details."""

    __tablename__ = "people"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ProfileRow(Base):
    """A profile of a person; its content lives in :class:`ProfileRevisionRow`."""

    __tablename__ = "profiles"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(36), _parent("people"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ProfileRevisionRow(Base):
    """One saved version of a profile's JSON (revisions count 1, 2, 3, …)."""

    __tablename__ = "profile_revisions"

    profile_id: Mapped[str] = mapped_column(String(36), _parent("profiles"), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime())
    schema_version: Mapped[str] = mapped_column(String(16))
    body: Mapped[dict[str, Any]] = mapped_column(JsonDoc)


class AnalysisRow(Base):
    """A pivot report computed from one profile revision for one target."""

    __tablename__ = "analyses"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    profile_id: Mapped[str] = mapped_column(String(36), _parent("profiles"), index=True)
    profile_revision: Mapped[int | None] = mapped_column(Integer)
    target: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    schema_version: Mapped[str] = mapped_column(String(16))
    body: Mapped[dict[str, Any]] = mapped_column(JsonDoc)


class PlanRow(Base):
    """A dated plan towards a target; its steps are rows of :class:`StepRow`."""

    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    profile_id: Mapped[str] = mapped_column(String(36), _parent("profiles"), index=True)
    target: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    body: Mapped[dict[str, Any]] = mapped_column(JsonDoc)


class StepRow(Base):
    """One step of a plan; ``key`` is unique within the plan."""

    __tablename__ = "plan_steps"
    __table_args__ = (
        UniqueConstraint("plan_id", "key", name="uq_plan_steps_plan_id_key"),
        CheckConstraint("status IN ('todo', 'doing', 'done', 'skipped')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(String(36), _parent("plans"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(500))
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class CheckInRow(Base):
    """A progress check-in on a plan: a step done, new evidence, or a note."""

    __tablename__ = "checkins"
    __table_args__ = (CheckConstraint("kind IN ('done', 'evidence', 'note')", name="kind_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(String(36), _parent("plans"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    kind: Mapped[str] = mapped_column(String(16))
    step_key: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)


class ReadinessRow(Base):
    """A readiness score (0–100) of a plan at a point in time, with its terms."""

    __tablename__ = "readiness_snapshots"
    __table_args__ = (
        CheckConstraint("readiness >= 0 AND readiness <= 100", name="readiness_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(String(36), _parent("plans"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    readiness: Mapped[float] = mapped_column(Float)
    terms: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
