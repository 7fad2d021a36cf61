"""Read an authored pack from YAML files and validate it.

A pack is a directory of four YAML files (format in ``docs/pack.md``)::

    pack.yaml          name, version, description, the meaning of levels 0-4
    competencies.yaml  competencies: [...]
    roles.yaml         roles: [...]        (the PM role family)
    feeders.yaml       feeders: [...]      (roles people move into PM from)

Shipped packs live in ``careerpivot/packs/<name>/`` and are read through
:mod:`importlib.resources`, so they work from a wheel with no download. Every problem is
raised as :class:`~careerpivot.errors.InputError` ``CP-PAK001`` naming the file and the field
path, e.g. ``roles.yaml: roles[1] (pm).expected_levels.execution: ...``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from careerpivot.errors import InputError
from careerpivot.loading import safe_yaml
from careerpivot.packs.schema import (
    Competency,
    FeederRole,
    Pack,
    PackMeta,
    PmRole,
    cross_reference_problems,
)

#: File of each section, and the top-level key holding its list (None: the file is the model).
PACK_FILES: dict[str, tuple[str, str | None]] = {
    "meta": ("pack.yaml", None),
    "competencies": ("competencies.yaml", "competencies"),
    "roles": ("roles.yaml", "roles"),
    "feeders": ("feeders.yaml", "feeders"),
}
_FIX = "fix the pack file (format in docs/pack.md) and run `careerpivot pack validate`"


def shipped_packs() -> list[str]:
    """Names of the packs shipped inside the package."""
    root = files("careerpivot.packs")
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "pack.yaml").is_file())


def load_pack(name: str = "product") -> Pack:
    """Load and validate the shipped pack ``name`` (cached: the pack is immutable).

    Raises:
        InputError: CP-PAK001 when there is no such pack or it does not validate.
    """
    return _load_shipped(name)


@lru_cache(maxsize=4)
def _load_shipped(name: str) -> Pack:
    root = files("careerpivot.packs") / name
    if not name.isidentifier() or not (root / "pack.yaml").is_file():
        raise InputError(
            "CP-PAK001",
            f"no authored pack named {name!r}",
            f"shipped packs: {', '.join(shipped_packs()) or 'none'}",
        )
    pack = load_pack_dir(root)
    if pack.meta.name != name:
        raise InputError(
            "CP-PAK001",
            f"pack.yaml: meta.name is {pack.meta.name!r} but the pack directory is {name!r}",
            _FIX,
        )
    return pack


def load_pack_dir(directory: Path | Traversable) -> Pack:
    """Load and validate the pack in ``directory`` (a path or an importlib resource).

    Raises:
        InputError: CP-PAK001 naming the file (and line or field path) of the first problems.
    """
    raw = {section: _read_yaml(directory, fname) for section, (fname, _) in PACK_FILES.items()}
    meta = _validate(PackMeta, raw["meta"], "meta")
    competencies = _validate(tuple[Competency, ...], _items(raw, "competencies"), "competencies")
    roles = _validate(tuple[PmRole, ...], _items(raw, "roles"), "roles")
    feeders = _validate(tuple[FeederRole, ...], _items(raw, "feeders"), "feeders")
    problems = cross_reference_problems(competencies, roles, feeders)
    if problems:
        lines = [f"{PACK_FILES[s][0]}: {path}: {msg}" for s, path, msg in problems]
        raise InputError("CP-PAK001", _summary(lines), _FIX)
    return Pack(meta=meta, competencies=competencies, roles=roles, feeders=feeders)


def _read_yaml(directory: Path | Traversable, fname: str) -> Any:
    import yaml

    res = directory / fname
    if not res.is_file():
        raise InputError("CP-PAK001", f"{fname}: file is missing from the pack", _FIX)
    try:
        return safe_yaml(res.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError("CP-PAK001", f"{fname}: not valid UTF-8 ({exc.reason})", _FIX) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        msg = f"{fname}: YAML does not parse{where}: {problem}"
        raise InputError("CP-PAK001", msg, _FIX) from exc


def _items(raw: dict[str, Any], section: str) -> Any:
    """The list under the section's top-level key, or the whole document when malformed."""
    fname, key = PACK_FILES[section]
    doc = raw[section]
    if not isinstance(doc, dict) or key not in doc:
        raise InputError(
            "CP-PAK001", f"{fname}: expected a mapping with a top-level {key!r} list", _FIX
        )
    extra = sorted(str(k) for k in doc if k != key)
    if extra:
        raise InputError("CP-PAK001", f"{fname}: unknown top-level key(s) {extra}", _FIX)
    return doc[key]


def _validate(model: Any, data: Any, section: str) -> Any:
    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as exc:
        fname, key = PACK_FILES[section]
        lines = [
            f"{fname}: {_path(key or section, err['loc'], data)}: {err['msg']}"
            for err in exc.errors(include_url=False)
        ]
        raise InputError("CP-PAK001", _summary(lines), _FIX) from None


def _path(root: str, loc: tuple[int | str, ...], data: Any) -> str:
    """``roles[1] (pm).expected_levels.execution`` from a pydantic error location."""
    out = root
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list):
            out += f"[{part}]"
            node = node[part] if part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" ({node['id']})"
        else:
            out += f".{part}"
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _summary(lines: list[str], limit: int = 8) -> str:
    head = "; ".join(lines[:limit])
    more = f" (and {len(lines) - limit} more)" if len(lines) > limit else ""
    return f"the pack does not validate: {head}{more}"
