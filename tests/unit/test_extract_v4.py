"""``extract.hybrid.v4``: candidate pruning and contextual span pooling compute what they claim."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pytest

from careerpivot.extract.embedders import (
    CachedEmbedder,
    HashingEmbedder,
    Kind,
    Matrix,
    Span,
    supports_spans,
)
from careerpivot.extract.linker import RECIPES, HybridLinker, chunks, clean, windows
from careerpivot.extract.minilm import pool_spans
from tests.unit.test_extract_fast_paths import random_index
from tests.unit.test_extract_v3 import SKILLS, Skills, _linker

#: More skills than candidates, so pruning has something to prune.
MORE: Skills = {
    **SKILLS,
    "python": ("Python", ["Python programming"], "A programming language."),
    "sales": ("sell products", ["selling", "sales"], "Sell goods to customers."),
    "tickets": ("sell tickets", [], "Sell tickets for events."),
    "support": ("provide customer support", ["customer service"], "Help customers."),
    "feed": ("feed livestock", ["feeding animals"], "Give animals their food."),
    "report": ("write reports", ["reporting"], "Write work-related reports."),
    "budget": ("manage budgets", ["budgeting"], "Plan and monitor budgets."),
}
TEXTS = [
    "Strong knowledge of SQL and Python, experience with customer service",
    "feeding moving castration insemination monitoring the animals health",
    "Python",
    "You will sell tickets, write reports and manage budgets as well as work in teams",
    "",
]


class SpanHashing(HashingEmbedder):
    """A span embedder whose span vectors are the substrings embedded alone (no context)."""

    def __init__(self) -> None:
        super().__init__(dim=512)
        self.calls: list[list[str]] = []

    def encode_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]], *, kind: Kind = "passage"
    ) -> tuple[Matrix, list[Matrix]]:
        self.calls.append(list(texts))
        pooled = [
            self.encode([t[a:b] for a, b in s]) if s else np.zeros((0, self.dim), np.float32)
            for t, s in zip(texts, spans, strict=True)
        ]
        return self.encode(texts), pooled


def _with(linker: HybridLinker, **changes: object) -> HybridLinker:
    recipe = dataclasses.replace(linker.recipe, **changes)  # type: ignore[arg-type]
    return HybridLinker(
        linker.index, linker.embedder, linker.lexicon, recipe=recipe, coverage=linker.coverage
    )


def test_pool_spans_is_the_normalised_mean_of_the_tokens_inside_each_span() -> None:
    rng = np.random.default_rng(0)
    states = rng.standard_normal((6, 8)).astype(np.float32)
    # "[CLS] knowledge of sq ##l [SEP]" over "knowledge of sql"
    offsets = [(0, 0), (0, 9), (10, 12), (13, 15), (15, 16), (0, 0)]
    special = [1, 0, 0, 0, 0, 1]
    got = pool_spans(states, offsets, special, [(13, 16), (0, 12), (14, 15), (16, 16), (99, 120)])

    def unit(v: np.ndarray) -> np.ndarray:
        return v / np.linalg.norm(v)

    assert np.allclose(got[0], unit(states[3:5].mean(axis=0)), atol=1e-6)  # "sql": 2 pieces
    assert np.allclose(got[1], unit(states[1:3].mean(axis=0)), atol=1e-6)  # no [CLS]
    assert np.allclose(got[2], unit(states[3]), atol=1e-6)  # a partial overlap counts
    assert not got[3].any() and not got[4].any()  # empty, or past the truncated end
    assert pool_spans(states, offsets, special, []).shape == (0, 8)


def test_the_cache_keeps_span_vectors_per_text_and_needs_a_span_embedder() -> None:
    inner = SpanHashing()
    cached = CachedEmbedder(inner, size=64)
    texts, spans = ["a b c", "d e"], [[(0, 3), (2, 5)], []]
    vecs, pooled = cached.encode_spans(texts, spans)
    again, pooled_again = cached.encode_spans(texts, spans)
    assert len(inner.calls) == 1  # the second call is served from the cache
    assert np.array_equal(vecs, again) and np.array_equal(pooled[0], pooled_again[0])
    assert np.allclose(pooled[0], inner.encode(["a b", "b c"]))
    assert pooled[1].shape == (0, 512)
    cached.encode_spans(["a b c"], [[(0, 1)]])  # a new span of a known text: encoded again
    assert inner.calls[-1] == ["a b c"]
    assert np.array_equal(cached.encode(["d e"]), vecs[1:])  # the text's vector is shared
    assert supports_spans(cached) and not supports_spans(CachedEmbedder(HashingEmbedder()))
    with pytest.raises(TypeError):
        CachedEmbedder(HashingEmbedder()).encode_spans(texts, spans)


def test_group_maxima_and_candidate_label_sims_match_the_full_products() -> None:
    rng = np.random.default_rng(3)
    owner = np.array([0, 0, 1, 2, 2, 2, 3, 4, 4, 5], dtype=np.int64)
    index, labels, _ = random_index(rng, owner.tolist())
    vecs = rng.standard_normal((7, 16)).astype(np.float32)
    full_a, full_d = index.similarities(vecs)
    preferred = np.stack([labels[np.flatnonzero(owner == k)[0]] for k in range(6)])
    got_d, got_p = index.group_maxima(vecs, [0, 3, 4])
    for g, rows in enumerate((slice(0, 3), slice(3, 4), slice(4, 7))):
        assert np.allclose(got_d[g], full_d[rows].max(axis=0), atol=1e-6)
        assert np.allclose(got_p[g], (vecs[rows] @ preferred.T).max(axis=0), atol=1e-6)
    assert (got_p <= np.stack([full_a[:3].max(0), full_a[3], full_a[4:].max(0)]) + 1e-6).all()
    skills = np.array([4, 0, 2], dtype=np.intp)
    assert np.allclose(index.label_sims_of(vecs, skills), full_a[:, skills], atol=1e-6)


def test_v4_scores_equal_the_unpruned_ones_for_every_candidate_skill() -> None:
    exact = _with(_linker("extract.hybrid.v3", MORE), candidates=0, span_pooling=True)
    pruned = _with(exact, candidates=3)
    s_exact, t_exact, _ = exact._scores(TEXTS)
    s_pruned, t_pruned, _ = pruned._scores(TEXTS)
    cand = t_pruned["candidate"] > 0
    assert (cand.sum(axis=1) < len(MORE)).any()  # something was pruned
    assert np.allclose(s_pruned[cand], s_exact[cand], atol=1e-5)
    assert np.array_equal(t_pruned["arg"][cand], t_exact["arg"][cand])
    assert (s_pruned <= s_exact + 1e-5).all()  # non-candidates: a lower bound
    assert np.allclose(t_pruned["desc"], t_exact["desc"], atol=1e-5)  # descriptions: exact
    for row, mask in zip(s_pruned, cand, strict=True):  # the best M are all candidates
        assert mask[np.argsort(-row, kind="stable")[:3]].all()
    # the unpruned v4 path is v3's scoring (pieces embedded alone)
    s_v3, _, _ = _linker("extract.hybrid.v3", MORE)._scores(TEXTS)
    assert np.allclose(s_exact, s_v3, atol=1e-5)


def test_span_pooling_asks_the_encoder_once_per_sentence_for_every_piece() -> None:
    base = _linker("extract.hybrid.v3", MORE)
    emb = SpanHashing()
    spans = HybridLinker(
        base.index,
        emb,
        base.lexicon,
        recipe=dataclasses.replace(base.recipe, span_pooling=True),
        coverage=base.coverage,
    )
    s_span, t_span, pieces = spans._scores(TEXTS)
    s_v3, t_v3, pieces_v3 = base._scores(TEXTS)
    assert pieces == pieces_v3
    assert emb.calls == [[clean(t) or t for t in TEXTS]]
    # span vectors of this embedder are the substrings alone: the same scores as v3's
    assert np.allclose(s_span, s_v3, atol=1e-5)
    assert np.array_equal(t_span["arg"], t_v3["arg"])
    cleaned = [clean(t) or t for t in TEXTS]
    sent, per = spans.piece_vectors(cleaned, pieces)
    for i, (text, ps) in enumerate(zip(cleaned, pieces, strict=True)):
        assert all(p in text for p in ps)  # every piece is a substring of its sentence
        assert np.allclose(per[i], emb.encode(ps), atol=1e-6)
        assert np.allclose(sent[i], emb.encode([text])[0], atol=1e-6)
    # windows embedded alone when the recipe says so
    alone = _with(spans, span_windows=False)
    emb.calls.clear()
    text = clean(TEXTS[1])
    alone.piece_vectors([text], [chunks(text) + windows(text)], [len(chunks(text))])
    assert emb.calls == [[text]]


def test_v4_is_registered_with_v3s_scoring_and_pruning() -> None:
    from careerpivot.extract.service import EXTRACTORS

    v3, v4 = RECIPES["extract.hybrid.v3"], RECIPES["extract.hybrid.v4"]
    assert "extract.hybrid.v4" in EXTRACTORS and "extract.hybrid.v3" in EXTRACTORS
    assert v4.candidates >= 50  # rank depth: the best 50 are always exactly scored
    assert dataclasses.replace(v4, candidates=0) == v3


def test_fast_v1_is_v4_with_span_pooling() -> None:
    from careerpivot.extract.service import DEFAULT_EXTRACTOR, EXTRACTORS

    fast = RECIPES["extract.fast.v1"]
    assert "extract.fast.v1" in EXTRACTORS and DEFAULT_EXTRACTOR == "extract.hybrid.v6"
    assert fast.span_pooling and fast.span_windows and fast.span_mix == 1.0
    assert dataclasses.replace(fast, span_pooling=False) == RECIPES["extract.hybrid.v4"]


def test_v5_is_v4_with_coverage_that_ignores_one_word_alternative_labels() -> None:
    """ "qualified leads" covers *lead others* (alternative label "lead") fully under v4, not
    under v5; a name such as "SQL" and multi-word labels still count."""
    from careerpivot.extract.label_coverage import LabelCoverage, is_alt_word

    v4, v5 = RECIPES["extract.hybrid.v4"], RECIPES["extract.hybrid.v5"]
    assert dataclasses.replace(v5, coverage_alt_words=True) == v4
    assert is_alt_word("lead", "alt") and not is_alt_word("SQL", "alt")
    assert not is_alt_word("lead", "preferred") and not is_alt_word("guide others", "alt")
    labels = [
        ("lead", "lead others", "preferred"),
        ("lead", "lead", "alt"),
        ("lead", "guide others", "alt"),
        ("sql", "SQL", "alt"),
        ("sql", "structured query language", "preferred"),
    ]
    positions = {"lead": 0, "sql": 1}
    text = ["Prospected and qualified leads in SQL"]
    old = LabelCoverage(labels, positions).scores(text)[0]
    new = LabelCoverage(labels, positions, alt_words=False).scores(text)[0]
    assert old[0] == pytest.approx(1.0) and 0 < new[0] < 1.0
    assert old[1] == new[1] == pytest.approx(1.0)
