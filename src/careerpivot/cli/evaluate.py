"""``careerpivot eval …``: score the extractor and the title normaliser on gold sets."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Measure quality and speed on gold sets.", no_args_is_help=True)

GoldOpt = Annotated[Path, typer.Option("--gold", help="JSONL gold file (see shared/eval).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="End with one JSON line of metrics.")]
LimitOpt = Annotated[int, typer.Option("--limit", help="Score only the first N items (0: all).")]


def _print(name: str, metrics: dict[str, float], as_json: bool) -> None:
    from rich.table import Table

    from careerpivot.cli._output import console

    table = Table("metric", "value", title=name)
    for key, value in metrics.items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    console().print(table)
    if as_json:
        print(json.dumps({k: round(v, 4) for k, v in metrics.items()}))


@app.command("titles")
def titles(
    gold: GoldOpt,
    as_json: JsonOpt = False,
    limit: LimitOpt = 0,
    ranker: Annotated[
        str | None,
        typer.Option("--ranker", help="Registered title ranker name (default: the library's)."),
    ] = None,
    baseline: Annotated[
        bool, typer.Option("--baseline/--no-baseline", help="Also score titles.lexical.v1.")
    ] = False,
) -> None:
    """Title → ESCO occupation: MRR and Recall@1/5/10 over all occupations."""
    from careerpivot.cli._progress import progress_bar
    from careerpivot.evaluation.runner import evaluate_title_batches, read_gold
    from careerpivot.extract.titles_hybrid import (
        DEFAULT_TITLE_RANKER,
        TitleRanker,
        load_title_ranker,
    )

    ranker = ranker or DEFAULT_TITLE_RANKER
    items = read_gold(gold, "title", "occupations")
    items = items[:limit] if limit else items
    extra = baseline and ranker != "titles.lexical.v1"
    names = [ranker, *(["titles.lexical.v1"] if extra else [])]
    results: dict[str, dict[str, float]] = {}
    for name in names:
        model = load_title_ranker(name)
        model.rank_titles(["warm up"], depth=1)

        def rank(texts: list[str], model: TitleRanker = model) -> list[list[str]]:
            hits = model.rank_titles(texts, depth=50, schemes=("esco",))
            return [[h.uri for h in row] for row in hits]

        with progress_bar(name) as report:
            results[name] = evaluate_title_batches(items, rank, report)
        _print(f"{name}: {gold.name} ({len(items)} items)", results[name], False)
    if as_json:
        out: dict[str, object] = {k: round(v, 4) for k, v in results[ranker].items()}
        out["ranker"] = ranker
        if extra:
            out["baseline"] = {k: round(v, 4) for k, v in results[names[1]].items()}
        print(json.dumps(out))


@app.command("skills")
def skills(
    gold: GoldOpt,
    as_json: JsonOpt = False,
    limit: LimitOpt = 0,
    extractor: Annotated[
        str | None,
        typer.Option("--extractor", help="Registered extractor name (default: the library's)."),
    ] = None,
    baseline: Annotated[
        bool, typer.Option("--baseline/--no-baseline", help="Also score extract.baseline.v1.")
    ] = True,
) -> None:
    """Sentence → ESCO skills: MRR, RP@5/@10 over all skills; thresholded P/R/F1."""
    from careerpivot.cli._progress import progress_bar
    from careerpivot.evaluation.runner import evaluate_skills, read_gold
    from careerpivot.extract.service import DEFAULT_EXTRACTOR, Extractor, load_extractor

    extractor = extractor or DEFAULT_EXTRACTOR
    items = read_gold(gold, "text", "skills")
    items = items[:limit] if limit else items
    extra = baseline and extractor != "extract.baseline.v1"
    names = [extractor, *(["extract.baseline.v1"] if extra else [])]
    results: dict[str, dict[str, float]] = {}
    for name in names:
        linker = load_extractor(name)

        def extract(texts: Sequence[str], linker: Extractor = linker) -> list[set[str]]:
            return [{link.uri for link in links} for links in linker.link(list(texts))]

        def rank(texts: Sequence[str], linker: Extractor = linker) -> list[list[str]]:
            return linker.rank(list(texts))

        linker.rank(["warm up"])
        with progress_bar(name) as report:
            results[name] = evaluate_skills(items, rank, extract, report)
        _print(f"{name}: {gold.name} ({len(items)} items)", results[name], False)
    if as_json:
        out = {k: round(v, 4) for k, v in results[extractor].items()}
        if len(names) > 1:
            out["baseline"] = {k: round(v, 4) for k, v in results[names[1]].items()}  # type: ignore[assignment]
        print(json.dumps(out))
