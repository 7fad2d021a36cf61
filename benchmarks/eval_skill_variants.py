"""Dev metrics (both halves) and linking speed of unregistered variants of a skill recipe.

Run (after ``careerpivot data import all`` and ``data embed`` into CAREERPIVOT_HOME)::

    CAREERPIVOT_HOME=… .venv/bin/python benchmarks/eval_skill_variants.py --shared ../shared \
        --variant 'span={"span_pooling": true}' \
        --variant 'span-chunks={"span_pooling": true, "span_windows": false, "candidates": 200}'

Each variant is ``--base``'s :class:`~careerpivot.extract.linker.Recipe` with the given fields
replaced (see its docstring), over the same loaded index, lexicon, prior and encoder, so the
variants of one run differ only in their recipe. The halves are those of
``eval_skill_halves.py``. With ``--speed`` each variant also links the dev sentences as
``bench_extract.py`` does (batches of 64 after a warm-up batch, cache cleared, best of 3)
and prints the 1-minute load average next to it. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path

FILES = ("skills-tech-dev.jsonl", "skills-house-dev.jsonl")
KEYS = ("mrr", "rp5", "rp10", "f1")


def main() -> None:
    """Score each variant on each half of each dev file and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--base", default="extract.hybrid.v3")
    parser.add_argument("--variant", action="append", default=[], help="NAME=JSON fields")
    parser.add_argument("--speed", action="store_true")
    args = parser.parse_args()

    from careerpivot.evaluation.runner import dev_half, evaluate_skills, read_gold
    from careerpivot.extract.linker import RECIPES, HybridLinker
    from careerpivot.extract.service import load_extractor

    base = load_extractor(args.base)
    assert isinstance(base, HybridLinker)
    variants = {args.base: {}} | {
        v.split("=", 1)[0]: json.loads(v.split("=", 1)[1]) for v in args.variant
    }
    gold = {f: read_gold(args.shared / "eval" / f, "text", "skills") for f in FILES}
    sentences = [item.text for items in gold.values() for item in items]
    results: dict[str, dict[str, float]] = {}
    for name, fields in variants.items():
        recipe = dataclasses.replace(RECIPES[args.base], **fields)
        linker = HybridLinker(
            base.index,
            base.embedder,
            base.lexicon,
            prior=base.prior,
            name=name,
            recipe=recipe,
            coverage=base.coverage,
        )

        def rank(texts: Sequence[str], linker: HybridLinker = linker) -> list[list[str]]:
            return linker.rank(list(texts))

        def extract(texts: Sequence[str], linker: HybridLinker = linker) -> list[set[str]]:
            return [{link.uri for link in links} for links in linker.link(list(texts))]

        for file, items in gold.items():
            for part in ("A", "B", "all"):
                subset = [i for i in items if part == "all" or dev_half(i.id) == part]
                metrics = evaluate_skills(subset, rank, extract)
                key = f"{name} {file.split('-')[1]} {part}"
                results[key] = {k: round(metrics[k], 4) for k in KEYS}
                print(f"{key:<40} " + " ".join(f"{k} {metrics[k]:.4f}" for k in KEYS))
        if args.speed:
            linker.link(sentences[:64])
            best = 0.0
            for _ in range(3):
                linker.clear_cache()
                start = time.perf_counter()
                for i in range(0, len(sentences), 64):
                    linker.link(sentences[i : i + 64])
                best = max(best, len(sentences) / (time.perf_counter() - start))
            load = os.getloadavg()[0]
            results[f"{name} speed"] = {"sentences_per_s": round(best, 1), "load": load}
            print(f"{name} link: {best:.1f} sentences/s (load average {load:.2f})")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
