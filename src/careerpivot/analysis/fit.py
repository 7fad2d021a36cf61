"""Fit check: score the authored questionnaire per dimension, with the answers as terms.

Scorer ``fit.mean.v1``. Data contract:

- ``answers`` maps item ids of the questionnaire to a value: an integer 1-5 for a Likert item,
  a choice ``value`` for a choice item, or ``None`` for "not answered".
- Item score (0-100): Likert ``(answer - 1) × 25``, mirrored (``100 - x``) for reverse items;
  a choice scores its authored ``score``.
- Dimension score = mean of its answered item scores, when at least the dimension's
  ``min_answers`` items are answered; otherwise the dimension is ``not_enough_information``
  and has no score (we never guess missing answers).
- Band: ``low`` ≤ 33.3 < ``mid`` < 66.7 ≤ ``high``; the explanation is the pack's text for the
  band followed by what each answer means (the item's ``low_means`` / ``high_means`` for a low
  or high raw answer).
- No overall verdict: :class:`FitResult` holds per-dimension results, the honest downsides of
  each, and a short list of things to weigh (low dimensions and unscored ones).
- ``risk_appetite`` (0-100) is the score of the dimension named in ``derive``;
  ``runway_months`` is the ``months`` of the chosen answer to the runway item (the lower bound
  of the range), or ``None`` when not answered.

Example::

    >>> result = score_fit(q, {"amb_start_unclear": 5, "amb_decide_incomplete": 4})
    >>> result.dimension("ambiguity").score
    87.5
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

from careerpivot.errors import FitAnswersError
from careerpivot.packs.fit_schema import (
    ChoiceAnswer,
    FitDimension,
    FitItem,
    FitQuestionnaire,
    LikertAnswer,
)

SCORER = "fit.mean.v1"
LOW_MAX = 100 / 3
HIGH_MIN = 200 / 3

AnswerValue = int | str
Band = Literal["low", "mid", "high"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ItemTerm(_Frozen):
    """One answered item as a term of its dimension's score.

    ``raw`` is the answer's position 0-100 before reverse scoring; ``score`` after it.
    ``means`` is the pack's ``low_means``/``high_means`` text for a low/high raw answer.
    """

    item_id: str
    question: str
    answer: AnswerValue
    answer_label: str
    direction: Literal["positive", "reverse"]
    raw: float
    score: float
    means: str | None = None


class DimensionResult(_Frozen):
    """The fit on one dimension: score and band, or ``not_enough_information``."""

    id: str
    name: str
    description: str
    status: Literal["scored", "not_enough_information"]
    score: float | None
    band: Band | None
    answered: int
    items: int
    min_answers: int
    terms: tuple[ItemTerm, ...]
    missing_items: tuple[str, ...]
    explanation: str
    downsides: tuple[str, ...]


class DerivedValue(_Frozen):
    """A value derived for later scoring (route scoring), with where it came from."""

    name: str
    value: int | float | None
    explanation: str
    terms: tuple[str, ...] = ()


class FitResult(_Frozen):
    """Per-dimension fit, things to weigh, and values derived for route scoring."""

    scorer: str = SCORER
    questionnaire: str
    version: str
    title: str
    answered: int
    total_items: int
    dimensions: tuple[DimensionResult, ...]
    things_to_weigh: tuple[str, ...]
    risk_appetite: float | None
    runway_months: int | None
    derived: tuple[DerivedValue, ...]

    def dimension(self, dimension_id: str) -> DimensionResult:
        """The result of one dimension (KeyError when absent)."""
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        raise KeyError(dimension_id)


def score_fit(questionnaire: FitQuestionnaire, answers: Mapping[str, object]) -> FitResult:
    """Score ``answers`` against ``questionnaire`` (see the module docstring for the rules).

    Args:
        questionnaire: the authored questionnaire (``load_fit_questionnaire()``).
        answers: ``{item_id: value}``; ``None`` values and absent items count as unanswered.

    Returns:
        A :class:`FitResult`; every score carries the answered items as terms.

    Raises:
        FitAnswersError: CP-FIT002 for unknown item ids, CP-FIT003 for invalid values.
    """
    clean = validate_answers(questionnaire, answers)
    dims = tuple(_score_dimension(questionnaire, d, clean) for d in questionnaire.dimensions)
    by_id = {d.id: d for d in dims}
    risk_dim = by_id[questionnaire.derive.risk_appetite_dimension]
    runway_item = questionnaire.item(questionnaire.derive.runway_months_item)
    runway_months, runway_derived = _runway(runway_item, clean.get(runway_item.id))
    return FitResult(
        questionnaire=questionnaire.name,
        version=questionnaire.version,
        title=questionnaire.title,
        answered=len(clean),
        total_items=len(questionnaire.items),
        dimensions=dims,
        things_to_weigh=_things_to_weigh(questionnaire, dims),
        risk_appetite=risk_dim.score,
        runway_months=runway_months,
        derived=(_risk_derived(risk_dim), runway_derived),
    )


#: Blocks an answers file may hold besides the fit items (read by route planning and the
#: opportunity-cost report); the fit check ignores them.
ANSWER_BLOCKS = frozenset({"situation", "opportunity"})


def validate_answers(
    questionnaire: FitQuestionnaire, answers: Mapping[str, object]
) -> dict[str, AnswerValue]:
    """Check ``answers`` and return them normalised, without unanswered (``None``) items.

    Likert answers may be given as ``4``, ``4.0`` or ``"4"``; choice answers as the value.
    The ``situation`` and ``opportunity`` blocks of an answers file (:data:`ANSWER_BLOCKS`)
    are not items and are ignored.

    Raises:
        FitAnswersError: CP-FIT002 naming every unknown id (with close matches),
            CP-FIT003 naming every invalid value and what is allowed.
    """
    known = {it.id: it for it in questionnaire.items}
    answers = {k: v for k, v in answers.items() if k not in ANSWER_BLOCKS}
    unknown = sorted(str(k) for k in answers if k not in known)
    if unknown:
        close = {u: difflib.get_close_matches(u, list(known), n=1, cutoff=0.6) for u in unknown[:5]}
        hints = [f"{u} → {m[0]}" for u, m in close.items() if m]
        raise FitAnswersError(
            "CP-FIT002",
            f"unknown questionnaire item id(s): {', '.join(unknown)}",
            ("did you mean: " + "; ".join(hints) + "; ") * bool(hints)
            + "`careerpivot fit --questions` lists the item ids and allowed answers",
        )
    out: dict[str, AnswerValue] = {}
    problems: list[str] = []
    for item_id, value in answers.items():
        if value is None:
            continue
        item = known[item_id]
        parsed = _parse_value(questionnaire, item, value)
        if parsed is None:
            problems.append(f"{item_id}: {value!r} (allowed: {_allowed(questionnaire, item)})")
        else:
            out[item_id] = parsed
    if problems:
        raise FitAnswersError(
            "CP-FIT003",
            "invalid answer(s): " + "; ".join(problems),
            "Likert items take a whole number 1-5; choice items one of the listed values",
        )
    return out


def item_label(questionnaire: FitQuestionnaire, item: FitItem, value: AnswerValue) -> str:
    """The label shown for ``value`` (the scale's or the choice's wording)."""
    if isinstance(item.answer, LikertAnswer):
        return questionnaire.scales[item.answer.scale][int(value)]
    return next(c.label for c in item.answer.choices if c.value == value)


def _parse_value(q: FitQuestionnaire, item: FitItem, value: object) -> AnswerValue | None:
    if isinstance(item.answer, ChoiceAnswer):
        values = {c.value for c in item.answer.choices}
        return value if isinstance(value, str) and value in values else None
    number: int | None = None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    return number if number is not None and number in q.scales[item.answer.scale] else None


def _allowed(q: FitQuestionnaire, item: FitItem) -> str:
    if isinstance(item.answer, ChoiceAnswer):
        return ", ".join(c.value for c in item.answer.choices)
    return "1-5"


def _term(q: FitQuestionnaire, item: FitItem, value: AnswerValue) -> ItemTerm:
    if isinstance(item.answer, ChoiceAnswer):
        raw = next(c.score for c in item.answer.choices if c.value == value)
    else:
        raw = (int(value) - 1) * 25.0
    score = 100.0 - raw if item.direction == "reverse" else raw
    means = item.low_means if raw <= LOW_MAX else item.high_means if raw >= HIGH_MIN else None
    return ItemTerm(
        item_id=item.id,
        question=item.question,
        answer=value,
        answer_label=item_label(q, item, value),
        direction=item.direction,
        raw=raw,
        score=score,
        means=means,
    )


def _band(score: float) -> Band:
    return "low" if score <= LOW_MAX else "high" if score >= HIGH_MIN else "mid"


def _score_dimension(
    q: FitQuestionnaire, dim: FitDimension, answers: Mapping[str, AnswerValue]
) -> DimensionResult:
    items = q.items_of(dim.id)
    terms = tuple(_term(q, it, answers[it.id]) for it in items if it.id in answers)
    score: float | None = None
    band: Band | None = None
    if len(terms) < dim.min_answers:
        explanation = (
            f"Not enough information: {len(terms)} of {len(items)} questions answered, "
            f"at least {dim.min_answers} needed to score {dim.name.lower()}."
        )
    else:
        raw_score = sum(t.score for t in terms) / len(terms)
        score, band = round(raw_score, 1), _band(raw_score)
        text = {"low": dim.low_text, "mid": dim.mid_text, "high": dim.high_text}[band]
        said = " ".join(t.means for t in terms if t.means)
        explanation = f"{text} Your answers: {said}" if said else text
    return DimensionResult(
        id=dim.id,
        name=dim.name,
        description=dim.description,
        status="not_enough_information" if score is None else "scored",
        score=score,
        band=band,
        answered=len(terms),
        items=len(items),
        min_answers=dim.min_answers,
        terms=terms,
        missing_items=tuple(it.id for it in items if it.id not in answers),
        explanation=explanation,
        downsides=dim.downsides,
    )


def _things_to_weigh(q: FitQuestionnaire, dims: tuple[DimensionResult, ...]) -> tuple[str, ...]:
    authored = {d.id: d for d in q.dimensions}
    low = sorted((d for d in dims if d.band == "low"), key=lambda d: d.score or 0.0)
    out = [authored[d.id].weigh_if_low for d in low]
    for d in dims:
        if d.status == "not_enough_information":
            more = d.min_answers - d.answered
            out.append(
                f"{d.name}: not enough information; answer at least {more} more "
                f"question{'s' * (more > 1)} to score it."
            )
    return tuple(out)


def _risk_derived(dim: DimensionResult) -> DerivedValue:
    if dim.score is None:
        return DerivedValue(
            name="risk_appetite", value=None, explanation=f"{dim.name}: {dim.explanation}"
        )
    return DerivedValue(
        name="risk_appetite",
        value=dim.score,
        explanation=f"the {dim.name.lower()} score ({dim.score:g}/100, {dim.band}), "
        f"from {dim.answered} of {dim.items} answers",
        terms=tuple(f"{t.item_id} = {t.answer} → {t.score:g}" for t in dim.terms),
    )


def _runway(item: FitItem, value: AnswerValue | None) -> tuple[int | None, DerivedValue]:
    assert isinstance(item.answer, ChoiceAnswer)  # checked by the schema
    if value is None:
        return None, DerivedValue(
            name="runway_months",
            value=None,
            explanation=f"not enough information: {item.id} ({item.question}) is not answered",
        )
    choice = next(c for c in item.answer.choices if c.value == value)
    months = choice.months
    return months, DerivedValue(
        name="runway_months",
        value=months,
        explanation=f"{months} months: the lower bound of your answer '{choice.label}'",
        terms=(f"{item.id} = {value}",),
    )
