"""``careerpivot skills …``: extract ESCO skills from any text (a job ad, a CV)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(help="Extract ESCO skills from text.", no_args_is_help=True)


@app.command("extract")
def extract(
    source: Annotated[str, typer.Argument(help="A text/Markdown/PDF/DOCX file, or - for stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    extractor: Annotated[
        str | None,
        typer.Option(
            "--extractor",
            help="Registered extractor (default: the library's; extract.fast.v2 for bulk text).",
        ),
    ] = None,
) -> None:
    """List the skills found in SOURCE, each with its score terms and the quoted evidence."""
    from careerpivot.cli._output import console, print_json
    from careerpivot.errors import DocumentError
    from careerpivot.extract.sentences import split_sentences
    from careerpivot.extract.service import load_extractor

    if source == "-":
        text = sys.stdin.read()
    else:
        from careerpivot.profile import parse_file

        text = parse_file(Path(source), redact=False).text
    from careerpivot.extract.boilerplate import boilerplate_reason

    every = split_sentences(text)
    if not every:
        raise DocumentError("CP-DOC001", "the text is empty", "pass a job ad or a CV with text")
    reasons = [boilerplate_reason(s) for _, _, s in every]
    sentences = [s for s, r in zip(every, reasons, strict=True) if r is None]
    skipped = [
        {"sentence": s, "reason": r} for (_, _, s), r in zip(every, reasons, strict=True) if r
    ]
    linker = load_extractor(extractor) if extractor else load_extractor()
    found: dict[str, dict[str, Any]] = {}
    for (start, end, sentence), links in zip(
        sentences, linker.link([s for _, _, s in sentences]), strict=True
    ):
        for link in links:
            offset = sentence.find(link.chunk)
            evidence = {
                "sentence": sentence,
                "text": link.chunk,
                "start": start + offset if offset >= 0 else start,
                "end": start + offset + len(link.chunk) if offset >= 0 else end,
            }
            entry = found.setdefault(
                link.uri, {"uri": link.uri, "label": link.label, "score": 0.0, "evidence": []}
            )
            entry["evidence"].append({**evidence, "score": link.score, "terms": {
                "label_sim": link.label_sim, "desc_sim": link.desc_sim, "bm25": link.bm25,
                "exact": link.exact}})  # fmt: skip
            entry["score"] = max(entry["score"], link.score)
    skills = sorted(found.values(), key=lambda e: -e["score"])
    if as_json:
        print_json(
            {
                "extractor": linker.name,
                "sentences": len(sentences),
                "skills": skills,
                "skipped": skipped,
            }
        )
        return
    con = console()
    if skipped:
        kinds = sorted({str(s["reason"]) for s in skipped})
        con.print(f"[dim]{len(skipped)} sentences skipped as boilerplate ({', '.join(kinds)})[/]")
    if not skills:
        con.print("No skill found with enough evidence.")
        return
    for entry in skills:
        con.print(f"[bold]{entry['label']}[/]  {entry['score']:.2f}")
        for ev in entry["evidence"][:3]:
            con.print(f"   “{ev['sentence']}”  [dim](matched: {ev['text']})[/]", soft_wrap=True)
