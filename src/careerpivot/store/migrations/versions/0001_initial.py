"""Initial user database: people, profiles with revisions, analyses, plans and progress.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from careerpivot.store.orm import JsonDoc, UtcDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _id() -> sa.Column[str]:
    return sa.Column("id", sa.String(36), nullable=False)


def _parent(column: str, table: str, *, primary_key: bool = False) -> sa.Column[str]:
    return sa.Column(
        column,
        sa.String(36),
        sa.ForeignKey(f"{table}.id", ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
    )


def upgrade() -> None:
    """Create every table of the first schema."""
    op.create_table(
        "people",
        _id(),
        sa.Column("display_name", sa.String(200), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
    )
    op.create_table(
        "profiles",
        _id(),
        _parent("person_id", "people"),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_profiles"),
    )
    op.create_index("ix_profiles_person_id", "profiles", ["person_id"])
    op.create_table(
        "profile_revisions",
        _parent("profile_id", "profiles"),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("saved_at", UtcDateTime(), nullable=False),
        sa.Column("schema_version", sa.String(16), nullable=False),
        sa.Column("body", JsonDoc, nullable=False),
        sa.PrimaryKeyConstraint("profile_id", "revision", name="pk_profile_revisions"),
    )
    op.create_table(
        "analyses",
        _id(),
        _parent("profile_id", "profiles"),
        sa.Column("profile_revision", sa.Integer(), nullable=True),
        sa.Column("target", sa.String(500), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("schema_version", sa.String(16), nullable=False),
        sa.Column("body", JsonDoc, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_analyses"),
    )
    op.create_index("ix_analyses_profile_id", "analyses", ["profile_id"])
    op.create_table(
        "plans",
        _id(),
        _parent("profile_id", "profiles"),
        sa.Column("target", sa.String(500), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("body", JsonDoc, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plans"),
    )
    op.create_index("ix_plans_profile_id", "plans", ["profile_id"])
    op.create_table(
        "plan_steps",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _parent("plan_id", "plans"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("done_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_plan_steps"),
        sa.UniqueConstraint("plan_id", "key", name="uq_plan_steps_plan_id_key"),
        sa.CheckConstraint(
            "status IN ('todo', 'doing', 'done', 'skipped')",
            name=op.f("ck_plan_steps_status_known"),
        ),
    )
    op.create_index("ix_plan_steps_plan_id", "plan_steps", ["plan_id"])
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _parent("plan_id", "plans"),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("step_key", sa.String(100), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_checkins"),
        sa.CheckConstraint(
            "kind IN ('done', 'evidence', 'note')", name=op.f("ck_checkins_kind_known")
        ),
    )
    op.create_index("ix_checkins_plan_id", "checkins", ["plan_id"])
    op.create_table(
        "readiness_snapshots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _parent("plan_id", "plans"),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("readiness", sa.Float(), nullable=False),
        sa.Column("terms", JsonDoc, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_readiness_snapshots"),
        sa.CheckConstraint(
            "readiness >= 0 AND readiness <= 100",
            name=op.f("ck_readiness_snapshots_readiness_range"),
        ),
    )
    op.create_index("ix_readiness_snapshots_plan_id", "readiness_snapshots", ["plan_id"])


def downgrade() -> None:
    """Drop every table (children first)."""
    for table in (
        "readiness_snapshots",
        "checkins",
        "plan_steps",
        "plans",
        "analyses",
        "profile_revisions",
        "profiles",
        "people",
    ):
        op.drop_table(table)
