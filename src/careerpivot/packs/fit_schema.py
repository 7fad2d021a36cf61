"""Schema of the authored fit questionnaire (``packs/<name>/fit.yaml``).

The questionnaire asks whether a role suits a person, one *dimension* at a time (tolerance of
ambiguity, thankless days, influencing without authority, …). Every word the scorer shows
comes from this file: the questions, what a low or high answer means, what a low, middling or
high dimension score means, and the honest downsides of the role on that dimension.

Shape (abridged)::

    name: product-fit
    version: 1.0.0
    title: Is product management right for you?
    scales:
      agree: {1: Strongly disagree, 2: Disagree, 3: Neither, 4: Agree, 5: Strongly agree}
    dimensions:
      - id: ambiguity
        name: Tolerance of ambiguity
        min_answers: 2
        high_text: ...          # shown for a score >= 66.7
        mid_text: ...           # between
        low_text: ...           # <= 33.3
        weigh_if_low: ...       # becomes a "thing to weigh" when the score is low
        downsides: [...]        # always shown with the dimension
    items:
      - id: amb_start_unclear
        dimension: ambiguity
        question: I can start work on a problem before ...
        answer: {type: likert, scale: agree}
        direction: reverse      # optional; a high answer then means a LOW fit
        low_means: ...          # what answering 1-2 says about the person
        high_means: ...         # what answering 4-5 says
      - id: run_savings
        dimension: financial_runway
        question: ...
        answer:
          type: choice
          choices:
            - {value: lt3, label: Less than 3 months, score: 0, months: 0}

A Likert answer is an integer 1-5; a choice answer is one of the choice ``value`` strings.
Choice items are never reverse-scored: each choice states its own ``score`` (0-100).
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from careerpivot.packs.schema import Id, Text

LIKERT_VALUES: tuple[int, ...] = (1, 2, 3, 4, 5)

Score = Annotated[float, Field(ge=0, le=100)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_likert(value: dict[int, str]) -> dict[int, str]:
    if sorted(value) != list(LIKERT_VALUES):
        raise ValueError(
            f"a Likert scale must label exactly 1, 2, 3, 4 and 5 (got {sorted(value)})"
        )
    return value


LikertLabels = Annotated[dict[int, Text], AfterValidator(_check_likert)]


class LikertAnswer(_Model):
    """A 1-5 agreement answer; ``scale`` names an entry of :attr:`FitQuestionnaire.scales`."""

    type: Literal["likert"]
    scale: Id


class Choice(_Model):
    """One option of a choice item: stored ``value``, shown ``label``, its ``score`` 0-100.

    ``months`` (optional) is the number of months of financial runway the choice stands for
    (the lower bound of its range), used to derive ``runway_months``.
    """

    value: Id
    label: Text
    score: Score
    months: Annotated[int, Field(ge=0)] | None = None


class ChoiceAnswer(_Model):
    """A single choice among two or more options with distinct values."""

    type: Literal["choice"]
    choices: tuple[Choice, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _distinct(self) -> ChoiceAnswer:
        dupes = sorted(v for v, n in Counter(c.value for c in self.choices).items() if n > 1)
        if dupes:
            raise ValueError(f"duplicate choice value(s) {dupes}")
        return self


class FitItem(_Model):
    """One question, the dimension it measures, and what low and high answers mean."""

    id: Id
    dimension: Id
    question: Text
    answer: Annotated[LikertAnswer | ChoiceAnswer, Field(discriminator="type")]
    direction: Literal["positive", "reverse"] = "positive"
    low_means: Text
    high_means: Text


class FitDimension(_Model):
    """A criterion of fit with its authored interpretation and honest downsides."""

    id: Id
    name: Text
    description: Text
    min_answers: Annotated[int, Field(ge=1)] = 2
    high_text: Text
    mid_text: Text
    low_text: Text
    weigh_if_low: Text
    downsides: tuple[Text, ...] = Field(min_length=1)


class DerivedFrom(_Model):
    """Where values for later scoring come from: a dimension and a runway choice item."""

    risk_appetite_dimension: Id
    runway_months_item: Id


class FitQuestionnaire(_Model):
    """The whole questionnaire, checked for internal consistency."""

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")]
    title: Text
    intro: Text
    scales: dict[Id, LikertLabels] = Field(min_length=1)
    dimensions: tuple[FitDimension, ...] = Field(min_length=1)
    items: tuple[FitItem, ...] = Field(min_length=12)
    derive: DerivedFrom

    @model_validator(mode="after")
    def _parts_agree(self) -> FitQuestionnaire:
        problems = questionnaire_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def item(self, item_id: str) -> FitItem:
        """The item with id ``item_id`` (KeyError when absent)."""
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def items_of(self, dimension_id: str) -> tuple[FitItem, ...]:
        """Items of one dimension, in file order."""
        return tuple(it for it in self.items if it.dimension == dimension_id)


def questionnaire_problems(q: FitQuestionnaire) -> list[str]:
    """Cross-reference problems of a questionnaire as messages (empty when consistent)."""
    out: list[str] = []
    dim_ids = [d.id for d in q.dimensions]
    for dup in sorted(v for v, n in Counter(dim_ids).items() if n > 1):
        out.append(f"dimensions: duplicate id {dup!r}")
    for dup in sorted(v for v, n in Counter(it.id for it in q.items).items() if n > 1):
        out.append(f"items: duplicate id {dup!r}")
    for i, it in enumerate(q.items):
        where = f"items[{i}] ({it.id})"
        if it.dimension not in dim_ids:
            out.append(f"{where}.dimension: unknown dimension {it.dimension!r}")
        if isinstance(it.answer, LikertAnswer) and it.answer.scale not in q.scales:
            out.append(f"{where}.answer.scale: unknown scale {it.answer.scale!r}")
        if isinstance(it.answer, ChoiceAnswer) and it.direction != "positive":
            out.append(f"{where}.direction: choice items state their own scores; use positive")
    for i, dim in enumerate(q.dimensions):
        n = sum(1 for it in q.items if it.dimension == dim.id)
        if n < dim.min_answers:
            msg = f"min_answers is {dim.min_answers} but the dimension has {n} item(s)"
            out.append(f"dimensions[{i}] ({dim.id}): {msg}")
    if q.derive.risk_appetite_dimension not in dim_ids:
        out.append(f"derive.risk_appetite_dimension: unknown {q.derive.risk_appetite_dimension!r}")
    runway = next((it for it in q.items if it.id == q.derive.runway_months_item), None)
    if runway is None:
        out.append(f"derive.runway_months_item: unknown item {q.derive.runway_months_item!r}")
    elif not isinstance(runway.answer, ChoiceAnswer) or any(
        c.months is None for c in runway.answer.choices
    ):
        out.append("derive.runway_months_item: must be a choice item whose choices all have months")
    return out
