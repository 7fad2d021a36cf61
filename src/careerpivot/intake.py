"""From a CV file or an edited profile JSON to an analysed Profile (skills and title matches).

Every command that takes "a CV or a profile" goes through :func:`read_profile`, so a user's
corrections in a saved profile JSON (accepted, rejected and added skills, fixed titles,
accepted title matches) are honoured everywhere.

This is an adapter: it reads files, the taxonomy store and the embedding cache, then hands
models to the pure functions of :mod:`careerpivot.extract.profile_skills`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from careerpivot.extract.corrections import SkillResolver
from careerpivot.extract.profile_skills import (
    Skipped,
    extract_profile_skills,
    merge_corrections,
    off_sector,
)
from careerpivot.profile.models import SCHEMA_VERSION, Profile, SkillEvidence
from careerpivot.settings import Settings

if TYPE_CHECKING:
    from careerpivot.taxonomy.store import TaxonomyStore


def analyse_profile(
    profile: Profile,
    *,
    settings: Settings | None = None,
    extractor: str | None = None,
    as_of: date | None = None,
    titles: bool = True,
) -> tuple[Profile, list[Skipped]]:
    """Fill ``skills`` (and job ``title_matches``) of ``profile``, keeping user corrections.

    Raises:
        StoreMissingError: CP-STO001 when no taxonomy has been imported.
    """
    from careerpivot.extract.service import DEFAULT_EXTRACTOR, load_extractor

    linker = load_extractor(extractor or DEFAULT_EXTRACTOR, settings)
    if titles:  # first: the jobs' occupations say which niche skills are in sector
        profile = _match_titles(profile, settings)
    extracted, skipped = extract_profile_skills(profile, linker, as_of=as_of)  # type: ignore[arg-type]
    extracted = _in_sector(profile, extracted, settings)
    merged = merge_corrections(profile.skills, extracted)
    out = profile.model_copy(update={"skills": merged, "schema_version": SCHEMA_VERSION})
    return Profile.model_validate(out.model_dump()), skipped


def _store_path(settings: Settings | None) -> Path:
    from careerpivot.settings import load

    return (settings or load()).store_path


def _in_sector(
    profile: Profile, skills: list[SkillEvidence], settings: Settings | None
) -> list[SkillEvidence]:
    """``skills`` without the niche guesses outside the person's sectors (one store open)."""
    from careerpivot.taxonomy.store import TaxonomyStore

    with TaxonomyStore.open(_store_path(settings)) as store:
        groups = _person_groups(profile, store)
        if not groups:
            return skills
        return off_sector(skills, store.skill_sectors(s.uri for s in skills), groups)[0]


def person_groups(profile: Profile, settings: Settings | None = None) -> frozenset[str]:
    """ISCO-08 sub-major groups (2 digits) of the occupations the jobs' titles matched.

    Every title match not rejected counts: an ESCO occupation by its ISCO unit group, a pack
    role by those of the ESCO occupations it references.
    """
    from careerpivot.taxonomy.store import TaxonomyStore

    with TaxonomyStore.open(_store_path(settings)) as store:
        return _person_groups(profile, store)


def _person_groups(profile: Profile, store: TaxonomyStore) -> frozenset[str]:
    from careerpivot.extract.titles_hybrid import pack_roles

    refs = {role.id: [uri for uri, _ in role.esco] for role in pack_roles()}
    uris: list[str] = []
    for job in profile.experiences:
        for match in job.title_matches:
            if match.status != "rejected":
                uris += refs.get(match.uri, []) if match.scheme == "pack" else [match.uri]
    return frozenset(group[:2] for group in store.isco_groups(uris).values())


def _match_titles(profile: Profile, settings: Settings | None) -> Profile:
    from careerpivot.extract.titles_hybrid import load_title_ranker, match_titles

    return match_titles(profile, load_title_ranker(settings=settings))


def read_profile(
    path: Path,
    *,
    redact: bool = True,
    analyse: bool = True,
    settings: Settings | None = None,
    extractor: str | None = None,
) -> Profile:
    """Read a CV (any supported format) or a saved profile JSON and analyse it.

    Raises:
        DocumentError: for unreadable or unsupported files (see :mod:`careerpivot.profile.io`).
        StoreMissingError: CP-STO001 when ``analyse`` is set and nothing has been imported.
    """
    from careerpivot.profile.io import parse_file

    profile = parse_file(path, redact=redact)
    if not analyse:
        return profile
    return analyse_profile(profile, settings=settings, extractor=extractor)[0]


def skill_resolver(settings: Settings | None = None) -> SkillResolver:
    """Resolve a skill name or URI to an ESCO skill: exact URI, preferred or alternative label."""
    from careerpivot.settings import load
    from careerpivot.taxonomy.store import TaxonomyStore

    path = (settings or load()).store_path
    TaxonomyStore.open(path).close()  # a clear error now when nothing is imported

    def resolve(name: str) -> tuple[str, str] | None:
        with TaxonomyStore.open(path) as store:
            row = _lookup(store.conn, name.strip())
        return (row[0], row[1]) if row else None

    return resolve


def _lookup(conn: sqlite3.Connection, key: str) -> Sequence[str] | None:
    row = conn.execute(
        "SELECT uri, preferred_label FROM esco_skills WHERE uri = ?1 OR preferred_label = ?1 "
        "COLLATE NOCASE",
        (key,),
    ).fetchone()
    if row:
        return tuple(row)
    found: Sequence[str] | None = conn.execute(
        "SELECT s.uri, s.preferred_label FROM esco_labels l JOIN esco_skills s "
        "ON s.uri = l.concept_uri WHERE l.concept = 'skill' AND l.label = ? COLLATE NOCASE "
        "ORDER BY l.kind DESC LIMIT 1",
        (key,),
    ).fetchone()
    return tuple(found) if found else None
