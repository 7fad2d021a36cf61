"""Everything stored about one person: export it as one JSON document, or delete it.

Export document (``format: careerpivot.user-export``, ``format_version: 1``)::

    {
      "format": "careerpivot.user-export", "format_version": 1,
      "exported_at": "2025-03-01T09:00:00+00:00", "schema_revision": "0001",
      "person": {"id": "…uuid…", "display_name": "Sam Sample", "created_at": "…"},
      "profiles": [{"id": "…", "created_at": "…",
                    "revisions": [{"revision": 1, "saved_at": "…", "schema_version": "1.1",
                                   "body": {…Profile JSON…}}]}],
      "analyses": [{"id": "…", "profile_id": "…", "profile_revision": 1, "target": "…",
                    "created_at": "…", "schema_version": "1.0", "body": {…}}],
      "plans": [{"id": "…", "profile_id": "…", "target": "…", "created_at": "…", "body": {…},
                 "steps": [{"key": "…", "title": "…", "due": "2025-04-01", "status": "done",
                            "done_at": "…", …}],
                 "checkins": [{"at": "…", "kind": "done", "step_key": "…", "text": ""}],
                 "readiness": [{"at": "…", "readiness": 42.0, "terms": {…}}]}]
    }

The export is read in one transaction, so it is a consistent snapshot. Deletion removes
every row of the person in one transaction; on SQLite deleted content is overwritten
(``secure_delete``) and the write-ahead log is checkpointed and truncated afterwards, so the
data does not linger in the database files.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, select
from sqlalchemy.orm import Session

from careerpivot.store import migrate
from careerpivot.store.base import StoreBase, found, not_found, utcnow
from careerpivot.store.orm import (
    AnalysisRow,
    CheckInRow,
    PersonRow,
    PlanRow,
    ProfileRevisionRow,
    ProfileRow,
    ReadinessRow,
    StepRow,
)
from careerpivot.store.plans import checkin_record, readiness_record, step_record
from careerpivot.store.profiles import analysis_record, person_record

EXPORT_FORMAT = "careerpivot.user-export"
EXPORT_VERSION = 1


def _profiles(session: Session, person_id: str) -> list[dict[str, Any]]:
    profiles = session.scalars(
        select(ProfileRow).where(ProfileRow.person_id == person_id).order_by(ProfileRow.created_at)
    )
    result = []
    for profile in profiles:
        revisions = session.scalars(
            select(ProfileRevisionRow)
            .where(ProfileRevisionRow.profile_id == profile.id)
            .order_by(ProfileRevisionRow.revision)
        )
        result.append(
            {
                "id": profile.id,
                "created_at": profile.created_at.isoformat(),
                "revisions": [
                    {
                        "revision": r.revision,
                        "saved_at": r.saved_at.isoformat(),
                        "schema_version": r.schema_version,
                        "body": r.body,
                    }
                    for r in revisions
                ],
            }
        )
    return result


def _rows_of_plan(session: Session, model: Any, plan_id: str) -> list[Any]:
    query = select(model).where(model.plan_id == plan_id)
    order = model.position if model is StepRow else model.at
    return list(session.scalars(query.order_by(order, model.id)))


def _plan_document(session: Session, plan: PlanRow) -> dict[str, Any]:
    def rows(model: Any) -> list[dict[str, Any]]:
        to_record = RECORDS[model]
        return [
            {k: v for k, v in to_record(r).to_dict().items() if k != "plan_id"}
            for r in _rows_of_plan(session, model, plan.id)
        ]

    return {
        "id": plan.id,
        "profile_id": plan.profile_id,
        "target": plan.target,
        "created_at": plan.created_at.isoformat(),
        "body": plan.body,
        "steps": rows(StepRow),
        "checkins": rows(CheckInRow),
        "readiness": rows(ReadinessRow),
    }


RECORDS: dict[Any, Any] = {
    StepRow: step_record,
    CheckInRow: checkin_record,
    ReadinessRow: readiness_record,
}


def _plans(session: Session, owned: Select[Any]) -> list[dict[str, Any]]:
    plans = session.scalars(
        select(PlanRow).where(PlanRow.profile_id.in_(owned)).order_by(PlanRow.created_at)
    )
    return [_plan_document(session, plan) for plan in plans]


class UserDataOps(StoreBase):
    """Export and delete all data of one person."""

    def find_person(self, ref: str) -> str:
        """The id of the person whose id, or else unique display name, is ``ref``.

        Raises:
            RecordNotFoundError: CP-USR001 when nobody (or more than one person) matches.
        """
        ref = ref.strip()
        with self._read() as session:
            if session.get(PersonRow, ref) is not None:
                return ref
            ids = list(
                session.scalars(
                    select(PersonRow.id).where(func.lower(PersonRow.display_name) == ref.lower())
                )
            )
        if len(ids) == 1:
            return ids[0]
        if ids:
            error = not_found("person", ref)
            error.message = f"{len(ids)} people are named {ref!r}; give the person's id"
            error.hint = "ids: " + ", ".join(ids)
            raise error
        raise not_found("person", ref)

    def export_user(self, person_id: str) -> dict[str, Any]:
        """Everything stored about a person, as one JSON-ready document (see module doc).

        Raises:
            RecordNotFoundError: CP-USR001 for an unknown person.
        """
        owned = select(ProfileRow.id).where(ProfileRow.person_id == person_id)
        with self._read() as session:
            person = found(session.get(PersonRow, person_id), "person", person_id)
            analyses = session.scalars(
                select(AnalysisRow)
                .where(AnalysisRow.profile_id.in_(owned))
                .order_by(AnalysisRow.created_at, AnalysisRow.id)
            )
            return {
                "format": EXPORT_FORMAT,
                "format_version": EXPORT_VERSION,
                "exported_at": utcnow().isoformat(),
                "schema_revision": migrate.head_revision(),
                "person": person_record(person).to_dict(),
                "profiles": _profiles(session, person_id),
                "analyses": [analysis_record(a).to_dict() for a in analyses],
                "plans": _plans(session, owned),
            }

    def delete_user(self, person_id: str) -> dict[str, int]:
        """Delete a person and everything stored about them, in one transaction.

        Returns:
            Rows deleted per table, e.g. ``{"people": 1, "profiles": 2, …}``.

        Raises:
            RecordNotFoundError: CP-USR001 for an unknown person (nothing deleted).
        """
        owned = select(ProfileRow.id).where(ProfileRow.person_id == person_id)
        plans = select(PlanRow.id).where(PlanRow.profile_id.in_(owned))
        steps: list[tuple[str, Any, ColumnElement[bool]]] = [
            ("readiness_snapshots", ReadinessRow, ReadinessRow.plan_id.in_(plans)),
            ("checkins", CheckInRow, CheckInRow.plan_id.in_(plans)),
            ("plan_steps", StepRow, StepRow.plan_id.in_(plans)),
            ("plans", PlanRow, PlanRow.profile_id.in_(owned)),
            ("analyses", AnalysisRow, AnalysisRow.profile_id.in_(owned)),
            ("profile_revisions", ProfileRevisionRow, ProfileRevisionRow.profile_id.in_(owned)),
            ("profiles", ProfileRow, ProfileRow.person_id == person_id),
            ("people", PersonRow, PersonRow.id == person_id),
        ]
        counts: dict[str, int] = {}
        with self._write() as session:
            found(session.get(PersonRow, person_id), "person", person_id)
            for table, model, where in steps:
                result = session.execute(delete(model).where(where))
                counts[table] = int(getattr(result, "rowcount", 0) or 0)
        if self.dialect == "sqlite":
            raw = self.engine.raw_connection()
            try:  # outside any transaction: fold the log into the file and empty it
                raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
        return counts
