"""Read side of the compiled taxonomy store.

The store is one SQLite file (schema in ``schema.sql``) written only by
:mod:`careerpivot.taxonomy.build`. Readers open it read-only, so a running query never sees a
half-written import: the builder replaces the whole file atomically.

Data contract: URIs are ESCO concept URIs; O*NET codes are O*NET-SOC 2019 (``NN-NNNN.NN``);
wage ``soc_code`` is SOC 2018 (``NN-NNNN``), reached from O*NET by its first seven characters.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from careerpivot.errors import StoreError, StoreMissingError
from careerpivot.taxonomy.models import (
    Occupation,
    OnetLink,
    Skill,
    SkillRef,
    SourceStatus,
    Wage,
)

#: Bumped whenever ``schema.sql`` changes incompatibly; older stores must be re-imported.
STORE_SCHEMA_VERSION = "1"

SOURCES = ("esco", "onet", "crosswalk", "wages")


def schema_sql() -> str:
    """The DDL of the store."""
    return (Path(__file__).with_name("schema.sql")).read_text(encoding="utf-8")


#: Bound parameters per ``IN (…)`` query (SQLite allows 999 in old builds).
IN_CHUNK = 500


def _in_chunks(values: Iterable[str]) -> Iterator[tuple[list[str], str]]:
    """The distinct ``values`` in order, :data:`IN_CHUNK` at a time, each with its ``?,?,…``."""
    wanted = list(dict.fromkeys(values))
    for i in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[i : i + IN_CHUNK]
        yield chunk, ",".join("?" * len(chunk))


class TaxonomyStore:
    """Read-only access to a compiled store.

    Use :meth:`open`; the object is a context manager that closes the connection.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    @classmethod
    def open(cls, path: Path) -> TaxonomyStore:
        """Open the store at ``path`` read-only.

        Raises:
            StoreMissingError: CP-STO001 when nothing has been imported yet.
            StoreError: CP-STO002 when the file is unreadable or of another schema version.
        """
        if not path.exists():
            raise StoreMissingError(
                "CP-STO001",
                f"no taxonomy store at {path}",
                "run `careerpivot data import all ../shared/data` "
                "(or `careerpivot data download`) first",
            )
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                "CP-STO002",
                f"taxonomy store {path} is unreadable ({exc})",
                "re-run `careerpivot data import all DIR` to rebuild it",
            ) from exc
        if row is None or row[0] != STORE_SCHEMA_VERSION:
            conn.close()
            raise StoreError(
                "CP-STO002",
                f"taxonomy store {path} has schema {row[0] if row else '?'}, "
                f"this version needs {STORE_SCHEMA_VERSION}",
                "re-run `careerpivot data import all DIR` to rebuild it",
            )
        return cls(path, conn)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> TaxonomyStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- status ----------------------------------------------------------------------------
    def sources(self) -> list[SourceStatus]:
        """The imported sources, in import order of :data:`SOURCES`."""
        rows = self.conn.execute("SELECT * FROM sources").fetchall()
        out = [
            SourceStatus(
                source=r["source"],
                version=r["version"],
                imported_at=r["imported_at"],
                origin=r["origin"],
                files=tuple(json.loads(r["files_json"])),
                counts=json.loads(r["counts_json"]),
            )
            for r in rows
        ]
        order = {s: i for i, s in enumerate(SOURCES)}
        return sorted(out, key=lambda s: order.get(s.source, 99))

    def has_source(self, source: str) -> bool:
        """True when ``source`` (esco, onet, crosswalk, wages) has been imported."""
        row = self.conn.execute("SELECT 1 FROM sources WHERE source=?", (source,)).fetchone()
        return row is not None

    # -- ESCO ------------------------------------------------------------------------------
    def has_occupation(self, uri: str) -> bool:
        """True when ``uri`` is an ESCO occupation in the store."""
        q = "SELECT 1 FROM esco_occupations WHERE uri=?"
        return self.conn.execute(q, (uri,)).fetchone() is not None

    def has_skill(self, uri: str) -> bool:
        """True when ``uri`` is an ESCO skill or knowledge concept in the store."""
        q = "SELECT 1 FROM esco_skills WHERE uri=?"
        return self.conn.execute(q, (uri,)).fetchone() is not None

    def skill_types(self, uris: Iterable[str]) -> dict[str, str]:
        """``{uri: skill_type}`` (``skill/competence``, ``knowledge`` …) of the known ``uris``."""
        out: dict[str, str] = {}
        for chunk, marks in _in_chunks(uris):
            rows = self.conn.execute(
                f"SELECT uri, skill_type FROM esco_skills WHERE uri IN ({marks})", chunk
            )
            out.update({str(u): str(t) for u, t in rows})
        return out

    def skill_sectors(self, uris: Iterable[str]) -> dict[str, tuple[str, int, frozenset[str]]]:
        """``{uri: (reuse_level, occupations, ISCO-08 sub-major groups)}`` of known ``uris``.

        ``occupations`` counts the ESCO occupations that need the skill (essential or
        optional); the groups are their 2-digit ISCO-08 codes (empty when no occupation
        needs it). ``reuse_level`` is
        ESCO's (``transversal``, ``cross-sector``, ``sector-specific``,
        ``occupation-specific``; empty when ESCO gives none).
        """
        out: dict[str, tuple[str, int, frozenset[str]]] = {}
        for chunk, marks in _in_chunks(uris):
            groups: dict[str, set[str]] = {}
            counts: dict[str, int] = {}
            for skill, group in self.conn.execute(
                "SELECT os.skill_uri, substr(o.isco_group, 1, 2) FROM esco_occupation_skills os "
                "JOIN esco_occupations o ON o.uri = os.occupation_uri "
                f"WHERE os.skill_uri IN ({marks})",
                chunk,
            ):
                counts[str(skill)] = counts.get(str(skill), 0) + 1
                if group:
                    groups.setdefault(str(skill), set()).add(str(group))
            for uri, reuse in self.conn.execute(
                f"SELECT uri, reuse_level FROM esco_skills WHERE uri IN ({marks})", chunk
            ):
                key = str(uri)
                out[key] = (str(reuse or ""), counts.get(key, 0), frozenset(groups.get(key, ())))
        return out

    def isco_groups(self, occupation_uris: Iterable[str]) -> dict[str, str]:
        """``{uri: 4-digit ISCO-08 unit group}`` of the known ESCO occupation URIs."""
        out: dict[str, str] = {}
        for chunk, marks in _in_chunks(occupation_uris):
            rows = self.conn.execute(
                f"SELECT uri, isco_group FROM esco_occupations WHERE uri IN ({marks})", chunk
            )
            out.update({str(u): str(g) for u, g in rows if g})
        return out

    def skill(self, uri: str) -> Skill | None:
        """One skill with its alternative labels and broader concepts, or None."""
        r = self.conn.execute("SELECT * FROM esco_skills WHERE uri=?", (uri,)).fetchone()
        if r is None:
            return None
        alts = self._labels(uri, "alt")
        broader = tuple(
            b[0]
            for b in self.conn.execute(
                "SELECT broader_uri FROM esco_skill_broader WHERE uri=?", (uri,)
            )
        )
        return Skill(
            uri=r["uri"],
            preferred_label=r["preferred_label"],
            skill_type=r["skill_type"],
            reuse_level=r["reuse_level"],
            description=r["description"],
            alt_labels=alts,
            broader=broader,
        )

    def iter_occupations(self) -> Iterator[Occupation]:
        """Every ESCO occupation (without skills), ordered by preferred label."""
        for r in self.conn.execute("SELECT * FROM esco_occupations ORDER BY preferred_label"):
            yield self._occupation(r)

    def occupation(self, uri: str) -> Occupation | None:
        """One ESCO occupation (labels, codes, description; no skills), or None."""
        r = self.conn.execute("SELECT * FROM esco_occupations WHERE uri=?", (uri,)).fetchone()
        return self._occupation(r) if r else None

    def occupation_by_code(self, code: str) -> Occupation | None:
        """The ESCO occupation with ESCO code ``code`` (e.g. ``1223.1``), or None."""
        r = self.conn.execute("SELECT * FROM esco_occupations WHERE code=?", (code,)).fetchone()
        return self._occupation(r) if r else None

    def occupation_detail(self, uri: str) -> Occupation | None:
        """An occupation with essential/optional skills, O*NET links and wages."""
        occ = self.occupation(uri)
        if occ is None:
            return None
        skills = self.occupation_skills(uri)
        onet = self.onet_links(occ.code) if occ.code else ()
        wages = self.wages_for(link.code for link in onet)
        return occ.model_copy(
            update={
                "essential_skills": tuple(s for s in skills if s.relation == "essential"),
                "optional_skills": tuple(s for s in skills if s.relation == "optional"),
                "onet": onet,
                "wages": wages,
            }
        )

    def occupation_skills(self, uri: str) -> tuple[SkillRef, ...]:
        """Skills related to occupation ``uri``: essential first, then by label."""
        rows = self.conn.execute(
            """SELECT s.uri, s.preferred_label, s.skill_type, s.reuse_level, r.relation
               FROM esco_occupation_skills r JOIN esco_skills s ON s.uri = r.skill_uri
               WHERE r.occupation_uri=? ORDER BY r.relation, s.preferred_label""",
            (uri,),
        ).fetchall()
        return tuple(
            SkillRef(uri=r[0], label=r[1], skill_type=r[2], reuse_level=r[3], relation=r[4])
            for r in rows
        )

    # -- O*NET, crosswalk, wages -----------------------------------------------------------
    def onet_links(self, esco_code: str) -> tuple[OnetLink, ...]:
        """O*NET occupations the official crosswalk maps ESCO code ``esco_code`` to.

        Falls back to the parent ESCO code (``1223.1.2`` → ``1223.1``) and then the ISCO
        group when the exact code has no row; ``via`` says which was used.
        """
        if not self.has_source("crosswalk"):
            return ()
        candidates = [(esco_code, "crosswalk")]
        parts = esco_code.split(".")
        for n in range(len(parts) - 1, 0, -1):
            via = "crosswalk (ISCO group)" if n == 1 else "crosswalk (parent occupation)"
            candidates.append((".".join(parts[:n]), via))
        for code, via in candidates:
            rows = self.conn.execute(
                """SELECT c.onet_code, COALESCE(o.title, c.onet_title), z.job_zone
                   FROM crosswalk_esco_onet c
                   LEFT JOIN onet_occupations o ON o.code = c.onet_code
                   LEFT JOIN onet_job_zones z ON z.code = c.onet_code
                   WHERE c.esco_code=? ORDER BY c.onet_code""",
                (code,),
            ).fetchall()
            if rows:
                return tuple(OnetLink(code=r[0], title=r[1], job_zone=r[2], via=via) for r in rows)
        return ()

    def wages_for(self, onet_codes: Any) -> tuple[Wage, ...]:
        """OEWS wages for O*NET codes (by their SOC prefix), one per distinct SOC code."""
        seen: dict[str, Wage] = {}
        for code in onet_codes:
            soc = str(code)[:7]
            if soc in seen:
                continue
            wage = self.wage(soc)
            if wage is not None:
                seen[soc] = wage
        return tuple(seen.values())

    def wage(self, soc_code: str) -> Wage | None:
        """OEWS national wages for SOC 2018 code ``soc_code`` (``NN-NNNN``), or None."""
        r = self.conn.execute("SELECT * FROM wages WHERE soc_code=?", (soc_code,)).fetchone()
        if r is None:
            return None
        return Wage(
            soc_code=r["soc_code"],
            title=r["title"],
            release=r["release"],
            employment=r["employment"],
            a_mean=r["a_mean"],
            a_pct10=r["a_pct10"],
            a_pct25=r["a_pct25"],
            a_median=r["a_median"],
            a_pct75=r["a_pct75"],
            a_pct90=r["a_pct90"],
            top_coded=bool(r["top_coded"]),
        )

    # -- helpers ---------------------------------------------------------------------------
    def _labels(self, uri: str, kind: str) -> tuple[str, ...]:
        rows = self.conn.execute(
            "SELECT label FROM esco_labels WHERE concept_uri=? AND kind=? ORDER BY label",
            (uri, kind),
        )
        return tuple(r[0] for r in rows)

    def _occupation(self, r: sqlite3.Row) -> Occupation:
        isco = self.conn.execute(
            "SELECT preferred_label FROM esco_isco_groups WHERE code=?", (r["isco_group"],)
        ).fetchone()
        return Occupation(
            uri=r["uri"],
            preferred_label=r["preferred_label"],
            code=r["code"],
            isco_group=r["isco_group"],
            isco_label=isco[0] if isco else None,
            description=r["description"],
            alt_labels=self._labels(r["uri"], "alt"),
            hidden_labels=self._labels(r["uri"], "hidden"),
        )
