"""On-disk cache of the parts an extractor derives from the taxonomy at load time.

Loading ``extract.hybrid.v5`` builds, from the imported store and the cached skill
embeddings, four parts: the :class:`~careerpivot.extract.skill_index.SkillIndex` (vectors
regrouped per skill, BM25 matrix), the exact-label :class:`~careerpivot.extract.lexicon.Lexicon`,
the generality prior and the :class:`~careerpivot.extract.label_coverage.LabelCoverage`. That
took 5 s of every `careerpivot profile` or `pivot` run on a 2-core machine; unpickling the
saved parts takes under 1 s.

The title ranker (``titles.hybrid.v1``–``v3``) is cached the same way
(``titles-<name>-<key>.pkl``, its key also covering the pack roles it ranks), without its
embedder, which is attached again after loading.

Data contract: the cache file is ``extractor-<name>-<key>.pkl`` next to the embeddings it
was built from. ``key`` hashes the embeddings file's name, size and modification time, the
extractor name, the Python version, the source code of the modules that build or read the
parts and ``extra``, which every caller starts with :func:`sources_key` (the versions and
file hashes of every imported source: the title ranker's employment prior comes from the
OEWS wages, which the embeddings' fingerprint does not cover), so a new import, new
embeddings or changed code never load stale parts. A file that cannot be read is
ignored and rebuilt; writes are atomic (temporary file, then rename), and older cache files
of the same extractor are removed. The file holds pickles written by this package into the
user's own CareerPivot home; nothing else is ever unpickled.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from careerpivot.taxonomy.store import TaxonomyStore

T = TypeVar("T")


def _extractor_modules() -> tuple[ModuleType, ...]:
    from careerpivot.extract import label_coverage, lexicon, linker, skill_index

    return (label_coverage, lexicon, linker, skill_index)


def sources_key(store: TaxonomyStore) -> bytes:
    """The imported sources of ``store`` (name, version, file hashes) as cache-key bytes."""
    parts = [
        f"{s.source}:{s.version}:" + ",".join(str(f.get("sha256", "")) for f in s.files)
        for s in sorted(store.sources(), key=lambda s: s.source)
    ]
    return "|".join(parts).encode()


def cache_file(
    embeddings: Path,
    name: str,
    *,
    kind: str = "extractor",
    modules: Sequence[ModuleType] | None = None,
    extra: bytes = b"",
) -> Path:
    """Where the parts of ``name`` built from ``embeddings`` are cached.

    ``kind`` prefixes the file name (``extractor``, ``titles``); ``modules`` are the modules
    whose source code builds or reads the parts (default: the extractor's); ``extra`` is every
    other input the parts depend on: :func:`sources_key` of the store, and for the title
    ranker its pack roles.
    """
    stat = embeddings.stat()
    digest = hashlib.sha256(
        f"{embeddings.name}|{stat.st_size}|{stat.st_mtime_ns}|{name}|{sys.version_info[:2]}|".encode()
    )
    for module in modules if modules is not None else _extractor_modules():
        digest.update(Path(str(module.__file__)).read_bytes())
    digest.update(extra)
    return embeddings.parent / f"{kind}-{name}-{digest.hexdigest()[:20]}.pkl"


def load_or_build(path: Path, build: Callable[[], T]) -> T:
    """The parts saved at ``path``, or ``build()`` saved there first."""
    try:
        with path.open("rb") as fh:
            parts: T = pickle.load(fh)  # our own cache, in the user's home
        return parts
    except Exception:  # missing, truncated or from another version: rebuild
        pass
    parts = build()
    _save(path, parts)
    return parts


def _save(path: Path, parts: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            pickle.dump(parts, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError):  # a read-only or full home: work without it
        tmp.unlink(missing_ok=True)
        return
    prefix = path.name.rsplit("-", 1)[0] + "-"
    for old in path.parent.glob(f"{prefix}*.pkl"):
        if old != path:
            old.unlink(missing_ok=True)
