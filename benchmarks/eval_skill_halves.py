"""Skill-extraction metrics on the two halves of each dev file (tune on A, confirm on B).

Run (after ``careerpivot data import all`` and ``data embed`` into CAREERPIVOT_HOME)::

    CAREERPIVOT_HOME=… .venv/bin/python benchmarks/eval_skill_halves.py --shared ../shared \
        --extractor extract.hybrid.v2 --extractor extract.hybrid.v3

An item belongs to half ``A`` when the SHA-256 of its id is even, else to ``B``: a fixed,
content-independent split, so a change tuned on ``A`` can be confirmed on ``B`` before it is
trusted on held-out data. Prints one line per extractor, file and half (``A``, ``B``, ``all``)
and, last, one JSON object with every number.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

FILES = ("skills-tech-dev.jsonl", "skills-house-dev.jsonl")
KEYS = ("mrr", "rp5", "rp10", "precision", "recall", "f1")


def main() -> None:
    """Score each extractor on each half of each dev file and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--extractor", action="append", default=[])
    args = parser.parse_args()

    from careerpivot.evaluation.runner import dev_half, evaluate_skills, read_gold
    from careerpivot.extract.service import DEFAULT_EXTRACTOR, Extractor, load_extractor

    results: dict[str, dict[str, dict[str, float]]] = {}
    for name in args.extractor or [DEFAULT_EXTRACTOR]:
        linker = load_extractor(name)

        def rank(texts: Sequence[str], linker: Extractor = linker) -> list[list[str]]:
            return linker.rank(list(texts))

        def extract(texts: Sequence[str], linker: Extractor = linker) -> list[set[str]]:
            return [{link.uri for link in links} for links in linker.link(list(texts))]

        for file in FILES:
            items = read_gold(args.shared / "eval" / file, "text", "skills")
            subsets = {
                "A": [i for i in items if dev_half(i.id) == "A"],
                "B": [i for i in items if dev_half(i.id) == "B"],
                "all": items,
            }
            for part, subset in subsets.items():
                metrics = evaluate_skills(subset, rank, extract)
                key = f"{name} {file.split('-')[1]} {part}"
                results[key] = {k: round(metrics[k], 4) for k in KEYS}
                results[key]["items"] = len(subset)
                cells = " ".join(f"{k} {metrics[k]:.4f}" for k in KEYS)
                print(f"{key:<36} n={len(subset):<3} {cells}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
