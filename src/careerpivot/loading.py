"""Helpers for building large in-memory structures once per process.

Building the label indexes of a taxonomy allocates hundreds of thousands of small objects
(tuples, dataclasses, dict entries). CPython's cyclic garbage collector is triggered by
allocations and re-scans the growing heap each time, although none of these objects is
garbage: measured on ESCO v1.1.1's 100,084 skill labels, the exact-label index took 2.2–2.8 s
to build with the collector on and 1.1–1.6 s with it paused. A whole `careerpivot pivot` run
(Maya's CV, `--to pm`, JSON; 2-core AVX2 machine) took 16.2–16.9 s with CPython's default
thresholds (700, 10, 10) and 13.3–13.4 s with :data:`GC_THRESHOLDS`, at the same peak memory
(868 MB).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: Allocations between young-generation collections, and the older generations' ratios:
#: collections still run (cycles are freed), a few hundred times less often while indexes load.
GC_THRESHOLDS = (50_000, 20, 20)


def tune_gc() -> None:
    """Raise the collector's thresholds to :data:`GC_THRESHOLDS` (the CLI does this first)."""
    gc.set_threshold(*GC_THRESHOLDS)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (reference counting still frees
    memory); restore its previous state afterwards, also on errors. Nested use is safe."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def safe_yaml(text: str) -> Any:
    """``yaml.safe_load`` through libyaml's C parser when PyYAML has it (the pure-Python one
    took about 1 s of every `careerpivot pivot` run reading the pack's files); the same safe
    constructors, and the same :class:`yaml.YAMLError` with its ``problem_mark`` on bad input."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)
