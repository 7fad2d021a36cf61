"""``careerpivot fit``: the "is it right for you?" check, from a file or asked in the terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from careerpivot.analysis.fit import FitResult
    from careerpivot.fit_service import Ask
    from careerpivot.packs.fit_schema import FitQuestionnaire

_BAND_STYLE = {"low": "red", "mid": "yellow", "high": "green"}


def fit(
    answers: Annotated[
        Path | None,
        typer.Option("--answers", "-a", help="YAML/JSON file {item_id: answer}; omit to be asked."),
    ] = None,
    questions: Annotated[
        bool, typer.Option("--questions", help="List the questions, item ids and answers.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Is product management right for you? Score each dimension of fit, with its downsides."""
    from careerpivot.analysis.fit import score_fit
    from careerpivot.cli._output import console, err_console, print_json
    from careerpivot.errors import FitAnswersError
    from careerpivot.fit_service import ask_answers, load_answers
    from careerpivot.packs.extras import load_fit_questionnaire

    questionnaire = load_fit_questionnaire()
    if questions:
        if as_json:
            print_json(questionnaire.model_dump(mode="json"))
        else:
            _print_questions(console(), questionnaire)
        return
    if answers is not None:
        raw = load_answers(answers)
    elif interactive():
        # questions go to stderr so that --json output on stdout stays clean
        raw = dict(ask_answers(questionnaire, rich_ask(err_console(), questionnaire)))
    else:
        raise FitAnswersError(
            "CP-FIT004",
            "no answers file was given and the terminal is not interactive",
            "pass --answers FILE (see examples/answers-maya.yaml; "
            "`careerpivot fit --questions` lists the items) or run in a terminal",
        )
    result = score_fit(questionnaire, raw)
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    render_fit(console(), result)


def interactive() -> bool:
    """Whether both stdin and stdout are terminals, so questions can be asked."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def rich_ask(con: Console, questionnaire: FitQuestionnaire) -> Ask:
    """An ``ask`` callback for :func:`~careerpivot.fit_service.ask_answers` using Rich prompts.

    Likert items take 1-5, choice items the number of a choice; Enter skips the item.
    """
    from rich.prompt import Prompt

    from careerpivot.packs.fit_schema import ChoiceAnswer, FitItem

    total = len(questionnaire.items)

    def ask(item: FitItem, number: int) -> object:
        con.print(f"\n[bold]{number}/{total}[/] {item.question}")
        if isinstance(item.answer, ChoiceAnswer):
            options = {str(i): c.value for i, c in enumerate(item.answer.choices, start=1)}
            labels = [c.label for c in item.answer.choices]
        else:
            scale = questionnaire.scales[item.answer.scale]
            options = {str(k): str(k) for k in scale}
            labels = list(scale.values())
        for key, label in zip(options, labels, strict=True):
            con.print(f"  {key}  {label}")
        reply = Prompt.ask(
            "answer (Enter to skip)",
            choices=list(options),
            default="",
            show_choices=False,
            show_default=False,
            console=con,
        )
        return options.get(reply) if reply else None

    return ask


def render_fit(con: Console, result: FitResult) -> None:
    """Print a fit result: a summary table, then each dimension with its downsides."""
    from rich.table import Table

    con.print(f"[bold]{result.title}[/]  ({result.answered} of {result.total_items} answered)")
    table = Table("dimension", "score", "band", "answers", box=None)
    for dim in result.dimensions:
        if dim.score is None:
            table.add_row(dim.name, "—", "[dim]not enough information[/]", _count(dim))
        else:
            style = _BAND_STYLE[dim.band or "mid"]
            bar = "█" * round(dim.score / 10)
            table.add_row(
                dim.name,
                f"{dim.score:.0f} [{style}]{bar}[/]",
                f"[{style}]{dim.band}[/]",
                _count(dim),
            )
    con.print(table)
    for dim in result.dimensions:
        con.print(f"\n[bold]{dim.name}[/]", markup=True)
        con.print(dim.explanation, markup=False)
        for text in dim.downsides:
            con.print(f"  [dim]downside:[/] {text}", soft_wrap=True)
    if result.things_to_weigh:
        con.print("\n[bold]Things to weigh[/]")
        for text in result.things_to_weigh:
            con.print(f"  • {text}", markup=False)
    con.print("\n[bold]For route planning[/]")
    for value in result.derived:
        con.print(f"  {value.name}: {value.explanation}", markup=False)


def _count(dim: object) -> str:
    answered, items = getattr(dim, "answered", 0), getattr(dim, "items", 0)
    return f"{answered}/{items}"


def _print_questions(con: Console, questionnaire: FitQuestionnaire) -> None:
    from careerpivot.packs.fit_schema import ChoiceAnswer

    con.print(f"[bold]{questionnaire.title}[/]\n{questionnaire.intro}\n")
    for item in questionnaire.items:
        if isinstance(item.answer, ChoiceAnswer):
            allowed = ", ".join(c.value for c in item.answer.choices)
        else:
            allowed = (
                "1-5 ("
                + ", ".join(f"{k} {v}" for k, v in questionnaire.scales[item.answer.scale].items())
                + ")"
            )
        rev = " [dim](reverse-scored)[/]" if item.direction == "reverse" else ""
        con.print(f"[bold]{item.id}[/] [{item.dimension}]{rev}")
        con.print(f"  {item.question}", markup=False)
        con.print(f"  answers: {allowed}", markup=False)
