"""Adapters around the fit check: read an answers file, or collect answers one by one.

An answers file is YAML or JSON holding one mapping ``{item_id: value}`` (see
``examples/answers-maya.yaml``)::

    amb_start_unclear: 4        # Likert items: 1-5
    goal_ten_years: lead_product  # choice items: one of the choice values
    run_dependants: null        # or leave the item out: not answered

The scoring itself is pure and lives in :mod:`careerpivot.analysis.fit`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from careerpivot.analysis.fit import AnswerValue, validate_answers
from careerpivot.errors import FitAnswersError
from careerpivot.loading import safe_yaml
from careerpivot.packs.fit_schema import FitItem, FitQuestionnaire

#: Answers files larger than this are refused (a real one is a few kilobytes).
MAX_ANSWERS_BYTES = 1_000_000

#: Invalid answers to one item before it is skipped.
MAX_ATTEMPTS = 3

#: ``ask(item, number)`` returns the raw answer typed by the user, or None to skip the item.
Ask = Callable[[FitItem, int], object]


def load_answers(path: Path | str) -> dict[str, object]:
    """Read an answers file (``.json`` as JSON, anything else as YAML) into ``{item_id: value}``.

    Values are returned as written; :func:`careerpivot.analysis.fit.score_fit` checks them
    against the questionnaire (unknown ids → CP-FIT002, bad values → CP-FIT003).

    Raises:
        FitAnswersError: CP-FIT001 when the file is missing, too large, not UTF-8, does not
            parse, or is not a mapping.
    """
    path = Path(path)
    hint = "give a YAML or JSON file mapping item ids to answers, like examples/answers-maya.yaml"
    if not path.is_file():
        raise FitAnswersError("CP-FIT001", f"answers file {path} does not exist", hint)
    try:
        if path.stat().st_size > MAX_ANSWERS_BYTES:
            raise FitAnswersError(
                "CP-FIT001", f"answers file {path} is larger than {MAX_ANSWERS_BYTES} bytes", hint
            )
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FitAnswersError("CP-FIT001", f"answers file {path} is not UTF-8", hint) from exc
    except OSError as exc:
        msg = f"answers file {path} cannot be read ({exc.strerror or exc})"
        raise FitAnswersError("CP-FIT001", msg, hint) from exc
    data = _parse(path, text, hint)
    if data is None:
        return {}
    if not isinstance(data, dict):
        msg = f"answers file {path} holds a {type(data).__name__}, not a mapping of item ids"
        raise FitAnswersError("CP-FIT001", msg, hint)
    return {str(k): v for k, v in data.items()}


def ask_answers(questionnaire: FitQuestionnaire, ask: Ask) -> dict[str, AnswerValue]:
    """Collect answers item by item through ``ask``; invalid input is asked again.

    ``ask`` returns the raw answer (``None`` or ``""`` skips the item); after
    :data:`MAX_ATTEMPTS` invalid answers the item is left unanswered. Returns only the
    answered items, normalised as :func:`~careerpivot.analysis.fit.validate_answers` does.
    """
    out: dict[str, AnswerValue] = {}
    for number, item in enumerate(questionnaire.items, start=1):
        for _attempt in range(MAX_ATTEMPTS):
            raw = ask(item, number)
            if raw is None or raw == "":
                break
            try:
                out.update(validate_answers(questionnaire, {item.id: raw}))
                break
            except FitAnswersError:
                continue
    return out


def _parse(path: Path, text: str, hint: str) -> object:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text) if text.strip() else None
        except json.JSONDecodeError as exc:
            msg = f"answers file {path} is not valid JSON (line {exc.lineno}: {exc.msg})"
            raise FitAnswersError("CP-FIT001", msg, hint) from exc
    import yaml

    try:
        return safe_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        msg = f"answers file {path} is not valid YAML{where}"
        raise FitAnswersError("CP-FIT001", msg, hint) from exc
