"""The curated public API and the error-code table stay in step with the code."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import careerpivot
from careerpivot.errors import CODES

SRC = Path(careerpivot.__file__).parent


def test_all_lists_exactly_the_public_names() -> None:
    public = {
        name
        for name, value in vars(careerpivot).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert set(careerpivot.__all__) - {"__version__"} == public


def test_every_error_code_used_in_the_package_is_declared() -> None:
    used = set()
    for path in SRC.rglob("*.py"):
        used |= set(re.findall(r'"(CP-[A-Z]{3}\d{3})"', path.read_text(encoding="utf-8")))
    assert used - set(CODES) == set()
