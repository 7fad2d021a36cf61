"""Build the taxonomy store atomically from official files.

:func:`import_sources` parses every given source first (so a bad file fails before anything
is touched), writes them into a temporary copy of the current store, rebuilds the search index,
and only then renames the copy over the store. An interrupted or failed import therefore
leaves the previous store working. A file lock keeps two imports from racing.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from careerpivot.errors import DataFormatError, NotFoundError, StoreError
from careerpivot.taxonomy import store as store_mod
from careerpivot.taxonomy.importers import crosswalk, esco, onet, wages
from careerpivot.taxonomy.models import SourceStatus
from careerpivot.taxonomy.text import normalise

ProgressFn = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SourceSpec:
    """A source to import: ``kind`` is esco|onet|crosswalk|wages, ``path`` a file or folder."""

    kind: str
    path: Path
    version: str | None = None


# -- detection ------------------------------------------------------------------------------
_CROSSWALK = re.compile(r"esco.?to.?onet.?soc.*\.csv(\.gz)?$", re.I)
_WAGES = re.compile(r"(oews.*national.*|national_m\d{4}_dl)\.csv(\.gz)?$", re.I)


def detect_sources(root: Path) -> list[SourceSpec]:
    """Find the newest complete release of each source under ``root`` (official file names).

    Raises:
        NotFoundError: CP-DAT001 when ``root`` does not exist.
        DataFormatError: CP-DAT006 when nothing known is found.
    """
    if not root.is_dir():
        raise NotFoundError("CP-DAT001", f"data directory {root} does not exist")
    found: dict[str, list[tuple[tuple[int, ...], SourceSpec]]] = defaultdict(list)
    for dirpath, _dirs, names in os.walk(root):
        folder = Path(dirpath)
        lower = {n.lower() for n in names}
        if {"occupations_en.csv", "occupations_en.csv.gz"} & lower and any(
            n.startswith("occupationskillrelations") for n in lower
        ):
            version = esco.detect_version(folder)
            found["esco"].append((_version_key(version), SourceSpec("esco", folder, version)))
        if {"occupation data.txt", "occupation data.txt.gz"} & lower:
            version = onet.detect_version(folder)
            found["onet"].append((_version_key(version), SourceSpec("onet", folder, version)))
        for name in names:
            if _CROSSWALK.search(name):
                found["crosswalk"].append(((0,), SourceSpec("crosswalk", folder / name)))
            elif _WAGES.search(name):
                release = wages.detect_release(Path(name))
                found["wages"].append((_version_key(release), SourceSpec("wages", folder / name)))
    if not found:
        raise DataFormatError(
            "CP-DAT006",
            f"no known data source under {root}",
            "expected ESCO CSVs, O*NET text files, the ESCO→O*NET crosswalk CSV or an OEWS file",
        )
    return [max(found[k], key=lambda t: t[0])[1] for k in store_mod.SOURCES if k in found]


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text)) or (0,)


# -- import ---------------------------------------------------------------------------------
def _parse(spec: SourceSpec, progress: ProgressFn | None) -> tuple[Any, str]:
    if spec.kind == "esco":
        return esco.parse(spec.path, progress), spec.version or esco.detect_version(spec.path)
    if spec.kind == "onet":
        return onet.parse(spec.path, progress), spec.version or onet.detect_version(spec.path)
    if spec.kind == "crosswalk":
        return crosswalk.parse(spec.path), spec.version or "ESCO→O*NET-SOC 2019"
    if spec.kind == "wages":
        data = wages.parse(spec.path)
        return data, spec.version or f"OEWS {data.release}"
    raise ValueError(f"unknown source kind {spec.kind!r}")


_WRITERS: dict[str, Callable[[sqlite3.Connection, Any], None]] = {
    "esco": esco.write,
    "onet": onet.write,
    "crosswalk": crosswalk.write,
    "wages": wages.write,
}


@contextlib.contextmanager
def _import_lock(store_path: Path) -> Iterator[None]:
    lock_path = store_path.with_name(store_path.name + ".lock")
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise StoreError(
                "CP-STO003",
                "another import into this home directory is running",
                "wait for it to finish, then try again",
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def import_sources(
    store_path: Path, specs: list[SourceSpec], progress: ProgressFn | None = None
) -> list[SourceStatus]:
    """Import ``specs`` into the store at ``store_path`` atomically; return the new status.

    Sources not named in ``specs`` keep their current data. Nothing changes on error.
    """
    parsed = [(spec, *_parse(spec, progress)) for spec in specs]
    store_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = store_path.with_name(f".{store_path.name}.{os.getpid()}.tmp")
    with _import_lock(store_path):
        for stale in store_path.parent.glob(f".{store_path.name}.*.tmp"):
            stale.unlink(missing_ok=True)  # left by a killed import; we hold the lock
        try:
            conn = _open_copy(store_path, tmp)
            try:
                with conn:
                    for step, (spec, data, version) in enumerate(parsed, start=1):
                        if progress:
                            progress(f"writing {spec.kind}", step, len(parsed) + 1)
                        _WRITERS[spec.kind](conn, data)
                        _record(conn, spec, version, data)
                    rebuild_search_index(conn)
                    if progress:
                        progress("search index", len(parsed) + 1, len(parsed) + 1)
                    conn.execute(
                        "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                        (store_mod.STORE_SCHEMA_VERSION,),
                    )
                conn.execute("ANALYZE")
            finally:
                conn.close()
            _fsync(tmp)
            os.replace(tmp, store_path)
        finally:
            tmp.unlink(missing_ok=True)
    with store_mod.TaxonomyStore.open(store_path) as store:
        return store.sources()


def _open_copy(store_path: Path, tmp: Path) -> sqlite3.Connection:
    """A connection to a fresh copy of the current store (or an empty one) at ``tmp``."""
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.isolation_level = "DEFERRED"
    if store_path.exists():
        try:
            with store_mod.TaxonomyStore.open(store_path) as old:
                old.conn.backup(conn)
        except StoreError:
            pass  # unreadable or older schema: start from scratch, re-import what is given
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.executescript(store_mod.schema_sql())
    return conn


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _record(conn: sqlite3.Connection, spec: SourceSpec, version: str, data: Any) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?,?)",
        (
            spec.kind,
            version,
            datetime.now(UTC).isoformat(timespec="seconds"),
            spec.path.name,
            json.dumps(data.files),
            json.dumps(data.counts()),
        ),
    )


def rebuild_search_index(conn: sqlite3.Connection) -> None:
    """Rebuild ``search_labels`` from ESCO occupation labels and O*NET titles.

    ESCO rows target an occupation URI; O*NET rows (``onet_title``/``onet_alt``) target an
    O*NET-SOC code and are expanded to ESCO occupations through the crosswalk at query time.
    """
    conn.execute("DELETE FROM search_labels")
    weights = {"preferred": 1.0, "alt": 0.95, "hidden": 0.85}
    rows = conn.execute(
        "SELECT concept_uri, kind, label FROM esco_labels WHERE concept='occupation'"
    ).fetchall()
    out = [(label, normalise(label), uri, kind, weights[kind], None) for uri, kind, label in rows]
    titles = conn.execute(
        "SELECT code, title, 'onet_title', 0.85 FROM onet_occupations UNION ALL "
        "SELECT code, title, 'onet_alt', 0.8 FROM onet_alternate_titles"
    ).fetchall()
    out.extend((title, normalise(title), code, kind, w, code) for code, title, kind, w in titles)
    conn.executemany("INSERT INTO search_labels VALUES (?,?,?,?,?,?)", out)
