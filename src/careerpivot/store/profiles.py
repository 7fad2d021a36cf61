"""People, profiles (with revision history) and analyses.

A person owns profiles; every :meth:`ProfileOps.save_profile` on an existing profile adds a
new revision (1, 2, 3, …) and never changes an older one, so a user's corrections can be
traced. An analysis (pivot report) belongs to a profile and remembers the revision it was
computed from.

Privacy: the store keeps no contact details. ``save_profile`` clears e-mails, phones, URLs
and the street address from ``Profile.contact`` (CV intake already redacts them by default);
the name and city-level location stay, as shown in the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from careerpivot.errors import DocumentError
from careerpivot.profile.models import Profile
from careerpivot.store.base import (
    StoreBase,
    found,
    invalid,
    json_body,
    new_id,
    text_field,
    utcnow,
)
from careerpivot.store.orm import AnalysisRow, PersonRow, ProfileRevisionRow, ProfileRow
from careerpivot.store.records import AnalysisRecord, PersonRecord, ProfileRecord, ProfileSummary


def person_record(row: PersonRow) -> PersonRecord:
    """The record of a person row."""
    return PersonRecord(id=row.id, display_name=row.display_name, created_at=row.created_at)


def revision_record(person_id: str, row: ProfileRevisionRow) -> ProfileRecord:
    """The record of one profile revision."""
    return ProfileRecord(
        id=row.profile_id,
        person_id=person_id,
        revision=row.revision,
        saved_at=row.saved_at,
        schema_version=row.schema_version,
        body=row.body,
    )


def analysis_record(row: AnalysisRow) -> AnalysisRecord:
    """The record of an analysis row."""
    return AnalysisRecord(
        id=row.id,
        profile_id=row.profile_id,
        profile_revision=row.profile_revision,
        target=row.target,
        created_at=row.created_at,
        schema_version=row.schema_version,
        body=row.body,
    )


def _profile_body(profile: Profile | Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    try:
        model = profile if isinstance(profile, Profile) else Profile.model_validate(profile)
    except ValidationError as exc:
        raise DocumentError(
            "CP-DOC009",
            f"the profile does not match the profile schema ({exc.error_count()} problems)",
            "save a profile produced by `careerpivot profile … -o FILE`",
        ) from exc
    body = model.model_dump(mode="json")
    contact = body["contact"]
    contact.update(emails=[], phones=[], urls=[], address=None)
    return model.schema_version, body


def _latest_revision(session: Session, profile_id: str) -> int:
    query = select(func.max(ProfileRevisionRow.revision)).where(
        ProfileRevisionRow.profile_id == profile_id
    )
    return int(session.scalar(query) or 0)


class ProfileOps(StoreBase):
    """Operations on people, profiles and analyses (each one transaction)."""

    # -- people ---------------------------------------------------------------------------

    def create_person(self, display_name: str | None = None) -> PersonRecord:
        """Store a new person with a fresh UUID.

        Args:
            display_name: an optional name to show (1–200 characters); no contact details.
        """
        name = None if display_name is None else text_field(display_name, "display name", 200)
        row = PersonRow(id=new_id(), display_name=name, created_at=utcnow())
        with self._write() as session:
            session.add(row)
        return person_record(row)

    def get_person(self, person_id: str) -> PersonRecord:
        """The stored person (CP-USR001 when unknown)."""
        with self._read() as session:
            return person_record(found(session.get(PersonRow, person_id), "person", person_id))

    def list_people(self) -> list[PersonRecord]:
        """Every stored person, oldest first."""
        with self._read() as session:
            rows = session.scalars(select(PersonRow).order_by(PersonRow.created_at, PersonRow.id))
            return [person_record(r) for r in rows]

    # -- profiles -------------------------------------------------------------------------

    def save_profile(
        self,
        person_id: str,
        profile: Profile | Mapping[str, Any],
        *,
        profile_id: str | None = None,
    ) -> ProfileRecord:
        """Save a profile as a new revision.

        Args:
            person_id: the owner (must exist).
            profile: a :class:`Profile` or its JSON; validated against the profile schema.
            profile_id: an existing profile of this person to add a revision to; None starts
                a new profile at revision 1.

        Returns:
            The stored revision (contact e-mails, phones, URLs and address cleared).

        Raises:
            DocumentError: CP-DOC009 when ``profile`` does not validate (nothing stored).
            RecordNotFoundError: CP-USR001 for an unknown person, or a profile id that is
                unknown or belongs to another person.
        """
        schema_version, body = _profile_body(profile)
        now = utcnow()
        with self._write() as session:
            found(session.get(PersonRow, person_id), "person", person_id)
            if profile_id is None:
                profile_id = new_id()
                session.add(ProfileRow(id=profile_id, person_id=person_id, created_at=now))
                session.flush()
                revision = 1
            else:
                owned = session.get(ProfileRow, profile_id)
                if owned is None or owned.person_id != person_id:
                    found(None, "profile", profile_id)
                revision = _latest_revision(session, profile_id) + 1
            row = ProfileRevisionRow(
                profile_id=profile_id,
                revision=revision,
                saved_at=now,
                schema_version=schema_version,
                body=body,
            )
            session.add(row)
        return revision_record(person_id, row)

    def get_profile(self, profile_id: str, *, revision: int | None = None) -> ProfileRecord:
        """A profile's latest revision, or the given one (CP-USR001 when unknown)."""
        with self._read() as session:
            owner = found(session.get(ProfileRow, profile_id), "profile", profile_id)
            number = revision or _latest_revision(session, profile_id)
            row = session.get(ProfileRevisionRow, (profile_id, number))
            if row is None:
                found(None, "profile revision", f"{profile_id}@{revision}")
            assert row is not None
            return revision_record(owner.person_id, row)

    def profile_history(self, profile_id: str) -> list[ProfileRecord]:
        """Every revision of a profile, oldest first."""
        with self._read() as session:
            owner = found(session.get(ProfileRow, profile_id), "profile", profile_id)
            rows = session.scalars(
                select(ProfileRevisionRow)
                .where(ProfileRevisionRow.profile_id == profile_id)
                .order_by(ProfileRevisionRow.revision)
            )
            return [revision_record(owner.person_id, r) for r in rows]

    def list_profiles(self, person_id: str) -> list[ProfileSummary]:
        """A person's profiles (without bodies), oldest first."""
        latest = (
            select(
                ProfileRevisionRow.profile_id,
                func.max(ProfileRevisionRow.revision).label("rev"),
                func.max(ProfileRevisionRow.saved_at).label("saved"),
            )
            .group_by(ProfileRevisionRow.profile_id)
            .subquery()
        )
        query = (
            select(ProfileRow, latest.c.rev, latest.c.saved)
            .join(latest, latest.c.profile_id == ProfileRow.id)
            .where(ProfileRow.person_id == person_id)
            .order_by(ProfileRow.created_at, ProfileRow.id)
        )
        with self._read() as session:
            found(session.get(PersonRow, person_id), "person", person_id)
            return [
                ProfileSummary(
                    id=row.id,
                    person_id=row.person_id,
                    created_at=row.created_at,
                    latest_revision=int(rev),
                    updated_at=saved,
                )
                for row, rev, saved in session.execute(query)
            ]

    # -- analyses -------------------------------------------------------------------------

    def save_analysis(
        self,
        profile_id: str,
        target: str,
        body: Mapping[str, Any],
        *,
        schema_version: str | None = None,
        profile_revision: int | None = None,
    ) -> AnalysisRecord:
        """Store a pivot report computed for a profile.

        Args:
            profile_id: the profile analysed (must exist).
            target: the target occupation URI or pack role id (1–500 characters).
            body: the report JSON (kept as given).
            schema_version: the report schema version; default ``body["schema_version"]``.
            profile_revision: the revision analysed; default the profile's latest.

        Raises:
            RecordInputError: CP-USR002 for a non-JSON body or no schema version.
            RecordNotFoundError: CP-USR001 for an unknown profile or revision.
        """
        doc = json_body(body, "analysis")
        version = schema_version or doc.get("schema_version")
        if not isinstance(version, str) or not version:
            raise invalid("the analysis has no schema_version", "pass schema_version=…")
        row = AnalysisRow(
            id=new_id(),
            profile_id=profile_id,
            target=text_field(target, "target", 500),
            created_at=utcnow(),
            schema_version=text_field(version, "schema_version", 16),
            body=doc,
        )
        with self._write() as session:
            found(session.get(ProfileRow, profile_id), "profile", profile_id)
            latest = _latest_revision(session, profile_id)
            if profile_revision is not None and not 1 <= profile_revision <= latest:
                found(None, "profile revision", f"{profile_id}@{profile_revision}")
            row.profile_revision = profile_revision or latest
            session.add(row)
        return analysis_record(row)

    def get_analysis(self, analysis_id: str) -> AnalysisRecord:
        """A stored analysis (CP-USR001 when unknown)."""
        with self._read() as session:
            row = found(session.get(AnalysisRow, analysis_id), "analysis", analysis_id)
            return analysis_record(row)

    def list_analyses(self, profile_id: str) -> list[AnalysisRecord]:
        """A profile's analyses, oldest first."""
        with self._read() as session:
            found(session.get(ProfileRow, profile_id), "profile", profile_id)
            rows = session.scalars(
                select(AnalysisRow)
                .where(AnalysisRow.profile_id == profile_id)
                .order_by(AnalysisRow.created_at, AnalysisRow.id)
            )
            return [analysis_record(r) for r in rows]
