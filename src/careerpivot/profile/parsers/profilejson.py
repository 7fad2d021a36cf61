"""Saved CareerPivot profiles (the JSON written by :func:`careerpivot.profile.save_profile`).

A saved profile loads back unchanged, including its original ``source``; a profile the user
corrected by hand loads as long as it still matches the schema (``profile.schema.json``).
Anything else is CP-DOC009 with the first few problems, by field path and without values
(a value may be personal data).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from careerpivot.errors import DocumentError
from careerpivot.profile.models import Profile

_SHOWN_ERRORS = 3


def is_profile(document: object) -> bool:
    """True when ``document`` claims to be a CareerPivot profile (has ``schema_version``)."""
    return isinstance(document, dict) and "schema_version" in document


def load(document: dict[str, Any]) -> Profile:
    """Validate a decoded profile JSON object.

    Raises:
        DocumentError: CP-DOC009 when it does not match the schema.
    """
    try:
        return Profile.model_validate(document)
    except ValidationError as exc:
        raise invalid_profile(exc) from exc


def invalid_profile(exc: ValidationError) -> DocumentError:
    """The CP-DOC009 error for a validation failure, naming fields but never values."""
    problems = []
    for error in exc.errors(include_input=False, include_url=False)[:_SHOWN_ERRORS]:
        where = ".".join(str(part) for part in error["loc"]) or "(top level)"
        problems.append(f"{where}: {error['msg']}")
    more = exc.error_count() - len(problems)
    text = "; ".join(problems) + (f"; and {more} more" if more > 0 else "")
    hint = "fix the fields named above"
    if any(error["loc"][-1:] in (("start",), ("end",)) for error in exc.errors()):
        hint += "; dates are written YYYY or YYYY-MM"
    if any(error["type"] == "extra_forbidden" for error in exc.errors()):
        hint += "; unknown fields are not allowed (check the spelling)"
    return DocumentError("CP-DOC009", f"the profile JSON does not match the schema: {text}", hint)
