"""Load the pack's optional authored files: the fit questionnaire and the opportunity notes.

Each shipped pack may carry, next to its four core files (see :mod:`careerpivot.packs.loader`)::

    fit.yaml          the "is it right for you?" questionnaire   (packs/fit_schema.py)
    opportunity.yaml  risks listed by the opportunity-cost report (packs/opportunity_schema.py)

Both are read through :mod:`importlib.resources` and validated by pydantic; any problem is an
:class:`~careerpivot.errors.InputError` ``CP-PAK001`` naming the file and field path.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from careerpivot.errors import InputError
from careerpivot.packs.fit_schema import FitQuestionnaire
from careerpivot.packs.loader import _path, _read_yaml, _summary
from careerpivot.packs.opportunity_schema import OpportunityNotes

FIT_FILE = "fit.yaml"
OPPORTUNITY_FILE = "opportunity.yaml"
_FIX = "fix the file (format in its schema module) and run `careerpivot pack validate`"

_M = TypeVar("_M", bound=BaseModel)


def load_fit_questionnaire(pack: str = "product") -> FitQuestionnaire:
    """The fit questionnaire shipped with ``pack`` (cached: it is immutable).

    Raises:
        InputError: CP-PAK001 when the pack has no ``fit.yaml`` or it does not validate.
    """
    found = _shipped(pack, FIT_FILE, FitQuestionnaire)
    assert isinstance(found, FitQuestionnaire)
    return found


def load_opportunity_notes(pack: str = "product") -> OpportunityNotes:
    """The authored opportunity-cost risks shipped with ``pack`` (cached).

    Raises:
        InputError: CP-PAK001 when the pack has no ``opportunity.yaml`` or it does not validate.
    """
    found = _shipped(pack, OPPORTUNITY_FILE, OpportunityNotes)
    assert isinstance(found, OpportunityNotes)
    return found


def load_fit_file(directory: Path | Traversable) -> FitQuestionnaire:
    """Load and validate ``fit.yaml`` from ``directory`` (a path or a resource)."""
    return _load(directory, FIT_FILE, FitQuestionnaire)


@lru_cache(maxsize=8)
def _shipped(pack: str, fname: str, model: type[_M]) -> _M:
    if not pack.isidentifier():
        raise InputError("CP-PAK001", f"no authored pack named {pack!r}", _FIX)
    return _load(files("careerpivot.packs") / pack, fname, model)


def _load(directory: Path | Traversable, fname: str, model: type[_M]) -> _M:
    data: Any = _read_yaml(directory, fname)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"{fname}: {_path(fname.removesuffix('.yaml'), err['loc'], data)}: {err['msg']}"
            for err in exc.errors(include_url=False)
        ]
        raise InputError("CP-PAK001", _summary(lines), _FIX) from None
