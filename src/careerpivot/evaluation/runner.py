"""Gold-set readers and evaluation loops for ``careerpivot eval skills|titles``.

Gold formats (``shared/eval/README.md``):

- skills: ``{"id", "text", "skills": [ESCO skill URI, ...]}`` per line;
- titles: ``{"id", "title", "occupations": [ESCO occupation URI, ...]}`` per line.

Results are plain dicts whose keys are the ones the CLI prints as its last JSON line.
"""

from __future__ import annotations

import hashlib
import json
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from careerpivot.errors import DataFormatError, NotFoundError
from careerpivot.evaluation.metrics import SetCounts, hit_at, r_precision_at, reciprocal_rank

ProgressFn = Callable[[str, int, int], None]


@dataclass(frozen=True)
class GoldItem:
    """One gold example: the input text and its relevant ids."""

    id: str
    text: str
    relevant: frozenset[str]


def dev_half(item_id: str) -> str:
    """``"A"`` or ``"B"``: the parity of the SHA-256 of a gold item's id.

    A fixed, content-independent split of a dev file: tune on ``A``, confirm on ``B``
    (``benchmarks/eval_skill_halves.py``, ``eval_title_halves.py``).
    """
    return "A" if int(hashlib.sha256(item_id.encode()).hexdigest(), 16) % 2 == 0 else "B"


def read_gold(path: Path, text_key: str, ids_key: str) -> list[GoldItem]:
    """Read a JSONL gold file.

    Raises:
        NotFoundError: CP-DAT001 when the file does not exist.
        DataFormatError: CP-DAT002 (bad JSON) or CP-DAT003 (missing key), naming the line.
    """
    if not path.is_file():
        raise NotFoundError("CP-DAT001", f"gold file {path} does not exist")
    items: list[GoldItem] = []
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFormatError(
                    "CP-DAT002", f"not JSON ({exc.msg})", file=path.name, row=line_no
                ) from exc
            for key in (text_key, ids_key):
                if not isinstance(row, dict) or key not in row:
                    raise DataFormatError(
                        "CP-DAT003",
                        f"gold line lacks {key!r}",
                        f"each line needs {text_key!r} and {ids_key!r}",
                        file=path.name,
                        row=line_no,
                        column=key,
                    )
            items.append(
                GoldItem(str(row.get("id", line_no)), str(row[text_key]), frozenset(row[ids_key]))
            )
    if not items:
        raise DataFormatError("CP-DAT002", "gold file has no items", file=path.name)
    return items


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def evaluate_titles(
    items: Sequence[GoldItem],
    rank: Callable[[str], list[str]],
    progress: ProgressFn | None = None,
) -> dict[str, float]:
    """MRR and Recall@1/5/10 of ``rank(title) -> ranked occupation ids``."""
    totals = {"mrr": 0.0, "r1": 0.0, "r5": 0.0, "r10": 0.0}
    start = time.perf_counter()
    for i, item in enumerate(items, start=1):
        ranked = rank(item.text)
        rel = set(item.relevant)
        totals["mrr"] += reciprocal_rank(ranked, rel)
        for k in (1, 5, 10):
            totals[f"r{k}"] += hit_at(ranked, rel, k)
        if progress and (i % 50 == 0 or i == len(items)):
            progress("titles", i, len(items))
    elapsed = time.perf_counter() - start
    out = {k: v / len(items) for k, v in totals.items()}
    out["items"] = float(len(items))
    out["items_per_s"] = len(items) / elapsed if elapsed else 0.0
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def evaluate_title_batches(
    items: Sequence[GoldItem],
    rank: Callable[[list[str]], list[list[str]]],
    progress: ProgressFn | None = None,
    batch: int = 512,
) -> dict[str, float]:
    """MRR and Recall@1/5/10 of a batch ranker ``rank(titles) -> ranked ids per title``.

    Same metrics and keys as :func:`evaluate_titles`; titles are ranked ``batch`` at a time
    so a ranker can encode them together.
    """
    totals = {"mrr": 0.0, "r1": 0.0, "r5": 0.0, "r10": 0.0}
    start = time.perf_counter()
    for lo in range(0, len(items), batch):
        chunk = items[lo : lo + batch]
        for item, ranked in zip(chunk, rank([i.text for i in chunk]), strict=True):
            rel = set(item.relevant)
            totals["mrr"] += reciprocal_rank(ranked, rel)
            for k in (1, 5, 10):
                totals[f"r{k}"] += hit_at(ranked, rel, k)
        if progress:
            progress("titles", min(lo + batch, len(items)), len(items))
    elapsed = time.perf_counter() - start
    out = {k: v / len(items) for k, v in totals.items()}
    out["items"] = float(len(items))
    out["items_per_s"] = len(items) / elapsed if elapsed else 0.0
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def evaluate_skills(
    items: Sequence[GoldItem],
    rank: Callable[[Sequence[str]], list[list[str]]],
    extract: Callable[[Sequence[str]], list[set[str]]],
    progress: ProgressFn | None = None,
    batch: int = 32,
) -> dict[str, float]:
    """Ranking (MRR, RP@5, RP@10) and thresholded P/R/F1 of a skill extractor.

    ``rank(texts)`` returns, per text, ESCO skill ids ranked over the whole taxonomy;
    ``extract(texts)`` returns the thresholded set the extractor would show a user.
    """
    totals = {"mrr": 0.0, "rp5": 0.0, "rp10": 0.0}
    counts = SetCounts()
    start = time.perf_counter()
    for lo in range(0, len(items), batch):
        chunk = items[lo : lo + batch]
        texts = [item.text for item in chunk]
        for item, ranked, predicted in zip(chunk, rank(texts), extract(texts), strict=True):
            rel = set(item.relevant)
            totals["mrr"] += reciprocal_rank(ranked, rel)
            totals["rp5"] += r_precision_at(ranked, rel, 5)
            totals["rp10"] += r_precision_at(ranked, rel, 10)
            counts.add(predicted, rel)
        if progress:
            progress("skills", min(lo + batch, len(items)), len(items))
    elapsed = time.perf_counter() - start
    out = {k: v / len(items) for k, v in totals.items()}
    out.update(precision=counts.precision, recall=counts.recall, f1=counts.f1)
    out["items"] = float(len(items))
    out["items_per_s"] = len(items) / elapsed if elapsed else 0.0
    out["peak_rss_mb"] = peak_rss_mb()
    return out
