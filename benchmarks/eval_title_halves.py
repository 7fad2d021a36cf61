"""Title-normalisation metrics on the two halves of the title dev file (tune on A, confirm on B).

Run (after ``careerpivot data import all`` and ``data embed`` into CAREERPIVOT_HOME)::

    CAREERPIVOT_HOME=… .venv/bin/python benchmarks/eval_title_halves.py --shared ../shared \
        --ranker titles.hybrid.v2 --ranker titles.hybrid.v3

An item belongs to half ``A`` when the SHA-256 of its id is even, else to ``B`` (the same
rule as ``eval_skill_halves.py``): a fixed, content-independent split, so a change tuned on
``A`` can be confirmed on ``B`` before it is trusted on held-out data. Each ranker ranks every
title once; the halves are scored from those rankings. Prints one line per ranker and half
(``A``, ``B``, ``all``) and, last, one JSON object with every number.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

FILE = "titles-jobbert-dev.jsonl"
KEYS = ("mrr", "r1", "r5", "r10")


def main() -> None:
    """Rank the dev titles with each ranker and print the metrics of each half."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--ranker", action="append", default=[])
    args = parser.parse_args()

    from careerpivot.evaluation.metrics import hit_at, reciprocal_rank
    from careerpivot.evaluation.runner import dev_half, read_gold
    from careerpivot.extract.titles_hybrid import DEFAULT_TITLE_RANKER, load_title_ranker

    items = read_gold(args.shared / "eval" / FILE, "title", "occupations")
    results: dict[str, dict[str, float]] = {}
    for name in args.ranker or [DEFAULT_TITLE_RANKER]:
        model = load_title_ranker(name)
        model.rank_titles(["warm up"], depth=1)
        start = time.perf_counter()
        ranked: list[list[str]] = []
        for lo in range(0, len(items), 512):
            chunk = [i.text for i in items[lo : lo + 512]]
            hits = model.rank_titles(chunk, depth=50, schemes=("esco",))
            ranked += [[h.uri for h in row] for row in hits]
        speed = len(items) / (time.perf_counter() - start)
        for part in ("A", "B", "all"):
            rows = [
                (i, r)
                for i, r in zip(items, ranked, strict=True)
                if part in ("all", dev_half(i.id))
            ]
            metrics = {"mrr": sum(reciprocal_rank(r, set(i.relevant)) for i, r in rows)}
            for k in (1, 5, 10):
                metrics[f"r{k}"] = sum(hit_at(r, set(i.relevant), k) for i, r in rows)
            key = f"{name} {part}"
            results[key] = {k: round(metrics[k] / len(rows), 4) for k in KEYS}
            results[key]["items"] = len(rows)
            cells = " ".join(f"{k} {results[key][k]:.4f}" for k in KEYS)
            print(f"{key:<22} n={len(rows):<5} {cells}", flush=True)
        results[f"{name} all"]["items_per_s"] = round(speed, 1)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
