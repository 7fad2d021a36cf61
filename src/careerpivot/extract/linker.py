"""Hybrid skill linking (``extract.hybrid.v1``): embeddings + BM25 + exact labels.

For a sentence ``s`` and skill ``k`` the score is

    score = (A(s,k) + A(chunks,k) + D(s,k) + D(chunks,k)) / 4 + 0.2 · BM25(s,k)

where ``A`` is the best cosine between the text and any preferred/alternative label of ``k``,
``D`` the cosine with "label: description", ``chunks`` the best of the sentence's phrase chunks
(split at punctuation, conjunctions and prepositions, job-ad filler such as "experience with"
stripped), and BM25 is max-normalised per sentence. An exact (inflection-tolerant) label match
adds :data:`EXACT_BONUS`. Every :class:`Link` keeps these terms, so a score can be explained.

``extract.hybrid.v2`` adds a generality prior (:func:`skill_prior`). ``extract.hybrid.v3``
(see :data:`RECIPES`) also scores three-word windows inside long phrases (job-ad text often
lost its commas: "feeding moving castration insemination monitoring the animals health"),
weighs the whole sentence 0.4 against the best phrase 0.6, adds label coverage
(:mod:`.label_coverage`), and trusts exact matches by the kind of label found: preferred labels
and names ("SQL", "Java") fully, multi-word alternative labels half, single lower-case
alternative words ("design", "processes") and hidden labels not at all.

``extract.hybrid.v4`` scores like v3, faster: a phrase's best *label* cosine is computed
exactly only for 200 candidate skills per sentence; the others get a lower bound from the
preferred label alone (see :meth:`HybridLinker._piece_sims`). ``extract.hybrid.v5`` (the
default) is v4 whose label coverage ignores one-word lower-case alternative labels.

``extract.baseline.v1`` is the plain reference: the sentence's cosine with preferred labels.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from careerpivot.extract.embedders import (
    CachedEmbedder,
    Embedder,
    Matrix,
    Span,
    normalise_rows,
    supports_spans,
)
from careerpivot.extract.label_coverage import LabelCoverage
from careerpivot.extract.lexicon import STOP, Lexicon, Mention, tokens
from careerpivot.extract.parallel import parallel_map, split_even
from careerpivot.extract.skill_index import SkillIndex, bm25_tokens

BM25_WEIGHT = 0.2
EXACT_BONUS = 0.15
#: Thresholded output: a skill is shown when its score reaches this and it is among the top
#: :data:`MAX_PER_SENTENCE` of its sentence.
THRESHOLD = 0.62
MAX_PER_SENTENCE = 3
#: v2 keeps the two best skills of a short sentence (measured: higher F1 on both dev sets);
#: long CV sentences get more (see :func:`careerpivot.extract.profile_skills.sentence_limit`).
MAX_PER_SENTENCE_V2 = 2
#: Weight of the document-topic bonus used for whole CVs (see HybridLinker.document_context).
CONTEXT_WEIGHT = 0.06
#: ``extract.hybrid.v2`` adds this generality prior to v1 (see :func:`skill_prior`).
PRIOR_WEIGHT = 0.04
#: ``extract.hybrid.v3`` weighs the same prior more (measured on the dev halves).
PRIOR_WEIGHT_V3 = 0.06


@dataclass(frozen=True)
class Recipe:
    """The scoring parameters of one registered hybrid extractor (see :data:`RECIPES`).

    ``sentence_weight`` is the share of the whole sentence's cosines (the rest goes to the best
    phrase); ``windows`` adds three-word windows inside phrases of four words or more;
    ``exact_weights`` scales :data:`EXACT_BONUS` by the kind of label matched
    (:func:`label_kind`; kinds not listed count fully); ``coverage_weight`` weighs
    :class:`~careerpivot.extract.label_coverage.LabelCoverage`; ``prior_weight`` that of the
    generality prior (:func:`skill_prior`; 0: none); with ``show_named`` a skill the
    text names by its preferred label or a name ("SQL") is shown above the threshold even
    beyond the per-sentence limit (which is there for near-synonyms, not for lists of tools).

    Speed options (v4): ``candidates`` ``M`` > 0 computes the phrases' exact label cosines
    only for each sentence's ``M`` candidate skills (see :meth:`HybridLinker._piece_sims`).
    With ``span_pooling`` a phrase's vector is pooled from the sentence's own encoder states
    (one encoder run per sentence, see :meth:`HybridLinker.piece_vectors`), the windows too
    unless ``span_windows`` is off; ``span_mix`` ≠ 1 mixes it with the sentence vector.
    Only ``extract.fast.v1`` pools spans (docs/extraction.md).

    ``coverage_alt_words`` off (v5): label coverage ignores one-word lower-case alternative
    labels (:func:`careerpivot.extract.label_coverage.is_alt_word`).

    ``query_embedder`` (v6) names the embedder of the texts being linked when it is not the
    one the taxonomy was embedded with (``minilm.q8.v1``: the same model with int8 products,
    :mod:`careerpivot.extract.minilm_int8`); the skill vectors stay those of the index.
    """

    threshold: float = THRESHOLD
    max_per_sentence: int = MAX_PER_SENTENCE
    bm25_weight: float = BM25_WEIGHT
    exact_bonus: float = EXACT_BONUS
    sentence_weight: float = 0.5
    windows: bool = False
    coverage_weight: float = 0.0
    prior_weight: float = 0.0
    exact_weights: dict[str, float] = field(default_factory=dict)
    show_named: bool = False
    span_pooling: bool = False
    span_mix: float = 1.0
    span_windows: bool = True
    candidates: int = 0
    coverage_alt_words: bool = True
    query_embedder: str = ""


#: Measured on the dev files' "A" halves, confirmed on the "B" halves
#: (``benchmarks/eval_skill_halves.py``, CHANGELOG).
RECIPES = {
    "extract.hybrid.v1": Recipe(),
    "extract.hybrid.v2": Recipe(max_per_sentence=MAX_PER_SENTENCE_V2, prior_weight=PRIOR_WEIGHT),
    "extract.hybrid.v3": Recipe(
        threshold=0.66,
        max_per_sentence=MAX_PER_SENTENCE_V2,
        sentence_weight=0.4,
        windows=True,
        coverage_weight=0.1,
        prior_weight=PRIOR_WEIGHT_V3,
        exact_weights={"alt": 0.5, "alt_word": 0.0, "hidden": 0.0, "shadowed": 0.0},
        show_named=True,
    ),
}
#: ``extract.hybrid.v4``: v3's scores with the phrases' label cosines pruned to 200 candidate
#: skills per sentence (measured: the same dev metrics as v3, full files and halves).
RECIPES["extract.hybrid.v4"] = replace(RECIPES["extract.hybrid.v3"], candidates=200)
#: ``extract.fast.v1``: v4 with span pooling (one encoder run per sentence; phrases and
#: windows pooled from its states). About twice v4's link rate for bulk text (job ads, batch
#: runs) at a measured cost on the dev files: TECH MRR .786 → .762, HOUSE .667 → .652, F1
#: .513 → .509 / .431 → .415 (docs/extraction.md). CVs keep the default.
RECIPES["extract.fast.v1"] = replace(RECIPES["extract.hybrid.v4"], span_pooling=True)
#: ``extract.hybrid.v5`` (the default): v4 with label coverage that ignores one-word lower-case
#: alternative labels ("lead" of *lead others*, "finance" …), as v3's exact bonus already
#: does. Dev files unchanged within one link (TECH F1 .513 → .515, HOUSE RP@10 .735 → .734);
#: on the sample CVs it drops *lead others* from "qualified leads" and *economics* from
#: "finance", and finds *manage accounts* for the account manager (docs/extraction.md).
RECIPES["extract.hybrid.v5"] = replace(RECIPES["extract.hybrid.v4"], coverage_alt_words=False)
#: ``extract.hybrid.v6`` (the default): v5 with the linked texts embedded by the int8 encoder
#: ``minilm.q8.v1`` (per-word-piece activation scales, so a text's vector does not depend on
#: its batch; 7-bit weights, so no CPU saturates a product); the taxonomy's vectors stay
#: float32. 1.5–1.7× v5's link rate with VNNI, 1.2–1.5× on AVX2 alone; on the dev files
#: within one or two links of v5 (docs/extraction.md). Without onnxruntime it links like v5.
RECIPES["extract.hybrid.v6"] = replace(RECIPES["extract.hybrid.v5"], query_embedder="minilm.q8.v1")
#: ``extract.fast.v2``: v6 with fast.v1's span pooling, for bulk text: fast.v1's quality on the
#: dev files, 88–103 sentences/s against fast.v1's 72–84 on an AVX2 machine (docs/extraction.md).
RECIPES["extract.fast.v2"] = replace(RECIPES["extract.hybrid.v6"], span_pooling=True)
#: Extractors whose taxonomy-derived parts are those of another (the parts cache shares them).
SAME_PARTS = {"extract.hybrid.v6": "extract.hybrid.v5", "extract.fast.v2": "extract.hybrid.v5"}

_PLACEHOLDER = re.compile(r"<[A-Z_]+>")
_SPLIT = re.compile(
    r"\s*(?:[,;:()\[\]/|•!?]|\s-\s|\.\s|\.$|\band\b|\bor\b|\bwith\b|\bas well as\b|"
    r"\bincluding\b|\bsuch as\b|\be\.g\.|\bi\.e\.|\bin\b|\bto\b|\bfor\b|\bof\b|\bon\b|"
    r"\bwho\b|\bthat\b|\bwhich\b|\bwhere\b)\s*",
    re.I,
)
_FILLER = (
    "a|an|the|strong|solid|good|excellent|proven|deep|advanced|working|hands-on|demonstrated|"
    "extensive|basic|broad|sound|thorough|familiarity|understanding|knowledge|experience|"
    "expertise|proficiency|ability|skills?|background|track record|years?|plus|in-depth|"
    "professional|practical|previous|prior|able|must|should|will|you|have|has|be|is|are|"
    "required|requirements?|desired|preferred|nice|bonus|responsibilities|qualifications|we|"
    "our|your|of|with|in|on|to|for|at|least|minimum"
)
_BOILER = re.compile(r"^(?:(?:(?:" + _FILLER + r")\b|\d+\+?)[\s\-]*)+", re.I)


def clean(text: str) -> str:
    """Drop anonymisation placeholders (``<ORGANIZATION>``) and collapse whitespace."""
    return re.sub(r"\s+", " ", _PLACEHOLDER.sub(" ", text)).strip()


def chunks(text: str) -> list[str]:
    """Phrase chunks of ``text`` plus joined neighbours ("knowledge of HTML"), filler removed."""
    t = clean(text)
    parts = [p.strip() for p in _SPLIT.split(t) if p and p.strip() and bm25_tokens(p)]
    out = list(parts)
    low = t.lower()
    for a, b in itertools.pairwise(parts):
        i, j = low.find(a.lower()), low.find(b.lower())
        if 0 <= i < j and len(t[i : j + len(b)].split()) <= 12:
            out.append(t[i : j + len(b)])
    stripped = []
    for p in out:
        s = _BOILER.sub("", p).strip(" -*•")
        stripped.append(s if bm25_tokens(s) else p)
    return list(dict.fromkeys(stripped)) or [t]


def windows(text: str, size: int = 3, min_words: int = 4) -> list[str]:
    """Every ``size``-word window inside the phrases of ``text`` that have ``min_words`` or more.

    Phrases are split as in :func:`chunks`; a long phrase without punctuation ("feeding moving
    castration insemination monitoring the animals health") then still yields the short spans
    ("monitoring the animals") a skill label is about as long as.
    """
    out: list[str] = []
    for part in _SPLIT.split(clean(text)):
        words = part.split()
        if len(words) >= max(min_words, size + 1):
            out.extend(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return list(dict.fromkeys(out))


def label_kind(mention: Mention) -> str:
    """``preferred``, ``name`` (one word with a capital or digit: "SQL", "Java"), ``alt`` (a
    multi-word alternative label), ``alt_word`` (one lower-case alternative word) or ``hidden``.
    """
    if mention.kind in ("preferred", "hidden"):
        return mention.kind
    words = [w for _, _, w in tokens(mention.label) if w.lower() not in STOP]
    if len(words) == 1:
        return "name" if any(c.isupper() or c.isdigit() for c in words[0]) else "alt_word"
    return "alt"


def top_k(row: Matrix, k: int) -> npt.NDArray[np.intp]:
    """Positions of the ``k`` largest values of ``row``, largest first (ties: lower first).

    A partial selection followed by a sort of the ``k`` winners, instead of sorting all
    ~14k skills of every sentence.
    """
    k = min(k, row.size)
    if k <= 0:
        return np.zeros(0, dtype=np.intp)
    if k < row.size:
        kth = row[np.argpartition(-row, k - 1)[k - 1]]
        part = np.flatnonzero(row >= kth)  # every tie of the k-th value competes
    else:
        part = np.arange(row.size)
    return part[np.lexsort((part, -row[part]))][:k]


@dataclass(frozen=True)
class Link:
    """A skill linked to a text, with the terms of its score.

    ``chunk`` is the phrase that matched best (the evidence span's text); ``exact`` the
    label found verbatim (inflections allowed), if any, and ``exact_weight`` the share of
    the exact-match bonus it earned (see :class:`Recipe`); ``coverage`` is the label-coverage
    term (v3).
    """

    uri: str
    label: str
    score: float
    label_sim: float
    desc_sim: float
    bm25: float
    exact: str | None
    chunk: str
    prior: float = 0.0
    context: float = 0.0
    coverage: float = 0.0
    exact_weight: float = 0.0


class HybridLinker:
    """Rank and extract ESCO skills for texts with one embedder and one :class:`SkillIndex`."""

    name = "extract.hybrid.v1"

    def __init__(
        self,
        index: SkillIndex,
        embedder: Embedder,
        lexicon: Lexicon,
        *,
        prior: Matrix | None = None,
        name: str = "extract.hybrid.v1",
        recipe: Recipe | None = None,
        coverage: LabelCoverage | None = None,
    ) -> None:
        self.index = index
        self.embedder = embedder
        self._encoder = CachedEmbedder(embedder)
        self.lexicon = lexicon
        self.name = name
        self.prior = prior
        self.recipe = recipe or RECIPES.get(name, Recipe())
        self.coverage = coverage
        self._last: tuple[tuple[str, ...], tuple[Matrix, dict[str, Matrix], list[list[str]]]]
        self._last = ((), (np.zeros((0, 0), np.float32), {}, []))

    def clear_cache(self) -> None:
        """Forget cached embeddings and scores (benchmarks time cold texts with this)."""
        self._encoder = CachedEmbedder(self.embedder, self._encoder.size)
        self._last = ((), (np.zeros((0, 0), np.float32), {}, []))

    def _cached_scores(
        self, texts: Sequence[str]
    ) -> tuple[Matrix, dict[str, Matrix], list[list[str]]]:
        """:meth:`_scores` for ``texts``, reusing the previous batch's when it is the same."""
        key = tuple(texts)
        if key != self._last[0]:
            self._last = (key, self._scores(texts))
        return self._last[1]

    def _scores(self, texts: Sequence[str]) -> tuple[Matrix, dict[str, Matrix], list[list[str]]]:
        idx, recipe = self.index, self.recipe
        cleaned = [clean(t) or t for t in texts]
        phrases = [chunks(t) for t in cleaned]
        pieces = phrases
        if recipe.windows:
            pieces = [
                list(dict.fromkeys(ps + windows(t))) for ps, t in zip(phrases, cleaned, strict=True)
            ]
        shape = (len(cleaned), len(idx.uris))
        exact = self._exact(cleaned, shape)
        mentioned = exact > 0
        bm25 = idx.bm25_scores(cleaned)
        prior_term = np.zeros(shape, dtype=np.float32)
        if self.prior is not None:
            # niche skills need an exact mention; general ones do not (see skill_prior)
            prior_term = np.where(mentioned, 0.0, self.prior[None, :]).astype(np.float32)
        coverage = np.zeros(shape, dtype=np.float32)
        if self.coverage is not None and recipe.coverage_weight:
            distinct = list(dict.fromkeys(p for ps in phrases for p in ps))
            at = {p: i for i, p in enumerate(distinct)}
            by_phrase = self.coverage.scores(distinct)
            for i, ps in enumerate(phrases):
                coverage[i] = by_phrase[[at[p] for p in ps]].max(axis=0)
        # the score terms that do not depend on cosines (zero matrices when unused)
        static = recipe.bm25_weight * bm25 + recipe.exact_bonus * exact + prior_term
        static += recipe.coverage_weight * coverage
        candidate: Matrix | None = None
        if recipe.span_pooling or recipe.candidates:
            full_a, full_d, best_a, best_d, arg, candidate = self._piece_sims(
                cleaned, pieces, exact, static
            )
        else:
            full_a, full_d, best_a, best_d, arg = self._text_sims(cleaned, pieces)
        w = recipe.sentence_weight
        label_sim = w * full_a + (1 - w) * best_a
        desc_sim = w * full_d + (1 - w) * best_d
        score = (label_sim + desc_sim) / 2 + static
        f32 = np.float32
        terms: dict[str, Matrix] = {
            "label": np.asarray(label_sim, dtype=f32),
            "desc": np.asarray(desc_sim, dtype=f32),
            "bm25": bm25,
        }
        terms["exact"] = exact
        terms["prior"] = prior_term
        terms["coverage"] = coverage
        terms["arg"] = arg.astype(np.float32)
        if candidate is not None:
            terms["candidate"] = candidate
        return np.asarray(score, dtype=np.float32), terms, pieces

    def _text_sims(
        self, cleaned: Sequence[str], pieces: Sequence[Sequence[str]]
    ) -> tuple[Matrix, Matrix, Matrix, Matrix, npt.NDArray[np.int64]]:
        """v1–v3: ``(full_a, full_d, best_a, best_d, arg)``, every text embedded alone.

        ``full_*``: the sentences' label (best over a skill's labels) and description
        cosines; ``best_*``: the best over each sentence's pieces; ``arg``: the piece with the
        best label + description cosine, per sentence and skill.
        """
        # a short sentence is often its own only chunk, and phrases repeat across sentences:
        # each distinct text is embedded and scored against the skills once
        vecs, where = self._embed_distinct(cleaned, pieces)
        sims_a, sims_d = self.index.similarities(vecs)
        rows = [where[t] for t in cleaned]
        full_a, full_d = sims_a[rows], sims_d[rows]
        best_a = np.empty_like(full_a)
        best_d = np.empty_like(full_d)
        arg = np.zeros(full_a.shape, dtype=np.int64)
        for i, ps in enumerate(pieces):
            if len(ps) == 1:
                best_a[i], best_d[i] = sims_a[where[ps[0]]], sims_d[where[ps[0]]]
                continue
            block = [where[p] for p in ps]
            chunk_a, chunk_d = sims_a[block], sims_d[block]
            np.max(chunk_a, axis=0, out=best_a[i])
            np.max(chunk_d, axis=0, out=best_d[i])
            chunk_a += chunk_d
            arg[i] = chunk_a.argmax(axis=0)
        return full_a, full_d, best_a, best_d, arg

    def _embed_distinct(
        self, cleaned: Sequence[str], pieces: Sequence[Sequence[str]]
    ) -> tuple[Matrix, dict[str, int]]:
        """Each distinct sentence or piece embedded alone once: the vectors and their rows."""
        unique = list(dict.fromkeys([*cleaned, *(p for ps in pieces for p in ps)]))
        return self._encoder.encode(unique, kind="query"), {t: i for i, t in enumerate(unique)}

    def piece_vectors(
        self,
        cleaned: Sequence[str],
        pieces: Sequence[Sequence[str]],
        pooled_upto: Sequence[int] | None = None,
    ) -> tuple[Matrix, list[Matrix]]:
        """The sentences' vectors and, per sentence, one unit row per piece.

        With the recipe's ``span_pooling`` and an embedder that can embed spans in context
        (:func:`~careerpivot.extract.embedders.supports_spans`) the encoder runs once per
        sentence: piece ``j`` of sentence ``i`` is found in ``cleaned[i]`` (its first
        occurrence; every chunk and window is a substring of the cleaned sentence) and its row
        is the mean of the sentence's last hidden states over the word pieces of that span,
        normalised; with ``span_mix`` ``a`` ≠ 1 it is ``normalise(a · pooled + (1 - a) ·
        sentence)``. A piece equal to the sentence gets the sentence's vector. A piece not
        found in the sentence, or whose span lies past the encoder's truncation, is embedded
        alone, as is every piece without span pooling, and every piece of sentence ``i`` from
        position ``pooled_upto[i]`` on (v4 passes the phrase count: windows are embedded
        alone unless the recipe has ``span_windows``).
        """
        n = len(cleaned)
        if not (self.recipe.span_pooling and supports_spans(self.embedder)):
            vecs, where = self._embed_distinct(cleaned, pieces)
            return vecs[[where[t] for t in cleaned]], [
                vecs[[where[p] for p in ps]] for ps in pieces
            ]
        spans: list[list[Span]] = []
        slots: list[list[int]] = []  # piece positions that have a span, per sentence
        for text, ps in zip(cleaned, pieces, strict=True):
            upto = len(ps) if pooled_upto is None else pooled_upto[len(spans)]
            found = [(j, text.find(p)) for j, p in enumerate(ps[:upto]) if p != text]
            found = [(j, at) for j, at in found if at >= 0]
            slots.append([j for j, _ in found])
            spans.append([(at, at + len(ps[j])) for j, at in found])
        sent, pooled = self._encoder.encode_spans(cleaned, spans, kind="query")
        mix = self.recipe.span_mix
        out = [np.zeros((len(ps), sent.shape[1]), dtype=np.float32) for ps in pieces]
        alone: list[tuple[int, int]] = []
        for i in range(n):
            block = pooled[i]
            if mix != 1.0 and len(block):
                block = normalise_rows(mix * block + (1.0 - mix) * sent[i][None, :])
                block[np.linalg.norm(pooled[i], axis=1) == 0] = 0.0
            out[i][slots[i]] = block
            for j, p in enumerate(pieces[i]):
                if p == cleaned[i]:
                    out[i][j] = sent[i]
                elif not out[i][j].any():
                    alone.append((i, j))
        if alone:
            vecs = self._encoder.encode([pieces[i][j] for i, j in alone], kind="query")
            for (i, j), vec in zip(alone, vecs, strict=True):
                out[i][j] = vec
        return sent, out

    def _piece_sims(
        self,
        cleaned: Sequence[str],
        pieces: Sequence[Sequence[str]],
        exact: Matrix,
        static: Matrix,
    ) -> tuple[Matrix, Matrix, Matrix, Matrix, npt.NDArray[np.int64], Matrix]:
        """v4: :meth:`_text_sims` from :meth:`piece_vectors`, optionally pruned.

        ``static`` holds the score terms that do not depend on cosines (BM25, exact bonus,
        prior, coverage). The sentences' own cosines (``full_*``) and the best description
        cosine over a sentence's pieces (``best_d``) are exact for every skill. With the
        recipe's ``candidates`` ``M`` > 0 the best *label* cosine over the pieces
        (``best_a``) is exact only for the sentence's candidate skills; every other skill
        gets the best cosine of the pieces with its *preferred* label, a lower bound of the
        exact value (the preferred label is one of its labels), so a non-candidate can only
        score lower than unpruned. The candidates are the ``M`` best skills by the score
        those lower bounds give, plus every skill the sentence mentions exactly. Their exact
        scores can only rise, so the sentence's ``M`` best skills after refinement are all
        candidates. ``arg`` (the evidence piece) is exact for candidates; a non-candidate gets
        the sentence's first piece. The last matrix marks candidates with 1.0 (every skill of
        a sentence without pieces of its own, and every skill when not pruning).
        """
        idx, m = self.index, self.recipe.candidates
        upto = None if self.recipe.span_windows else [len(chunks(t)) for t in cleaned]
        sent, per = self.piece_vectors(cleaned, pieces, upto)
        full_a, full_d = idx.similarities(sent)
        own = [
            [j for j, p in enumerate(ps) if p != t] for ps, t in zip(pieces, cleaned, strict=True)
        ]
        blocks = [per[i][own[i]] for i in range(len(cleaned))]
        stacked: Matrix = np.zeros((0, sent.shape[1]), dtype=np.float32)
        if blocks:
            stacked = np.ascontiguousarray(np.vstack(blocks), dtype=np.float32)
        bounds = np.r_[0, np.cumsum([len(o) for o in own])]
        best_a, best_d = full_a.copy(), full_d.copy()  # a sentence that is its only piece
        arg = np.zeros(full_a.shape, dtype=np.int64)
        candidate = np.ones(full_a.shape, dtype=np.float32)
        with_own = [i for i in range(len(cleaned)) if own[i]]
        if not m:
            piece_a, piece_d = idx.similarities(stacked)
            for i in with_own:
                rows = slice(int(bounds[i]), int(bounds[i + 1]))
                self._refine(
                    i,
                    pieces[i],
                    cleaned[i],
                    own[i],
                    piece_a[rows],
                    piece_d[rows],
                    full_a,
                    full_d,
                    best_a,
                    best_d,
                    arg,
                    None,
                )
            return full_a, full_d, best_a, best_d, arg, candidate
        group_d, group_a = idx.group_maxima(stacked, [int(bounds[i]) for i in with_own])
        w = self.recipe.sentence_weight
        for g, i in enumerate(with_own):
            whole = len(own[i]) < len(pieces[i])  # the sentence is one of its own pieces
            best_d[i] = np.maximum(group_d[g], full_d[i]) if whole else group_d[g]
            best_a[i] = np.maximum(group_a[g], full_a[i]) if whole else group_a[g]
            arg[i] = pieces[i].index(cleaned[i]) if whole else own[i][0]
        approx = (w * full_a + (1 - w) * best_a + w * full_d + (1 - w) * best_d) / 2 + static

        def refine(part: slice) -> None:
            for i in with_own[part]:
                cand = np.union1d(top_k(approx[i], m), np.flatnonzero(exact[i] > 0))
                rows = stacked[int(bounds[i]) : int(bounds[i + 1])]
                chunk_a = idx.label_sims_of(rows, cand)
                chunk_d = rows @ idx.desc_vecs[cand].T
                self._refine(
                    i,
                    pieces[i],
                    cleaned[i],
                    own[i],
                    chunk_a,
                    chunk_d,
                    full_a,
                    full_d,
                    best_a,
                    best_d,
                    arg,
                    cand,
                )
                candidate[i] = 0.0
                candidate[i, cand] = 1.0

        parallel_map(refine, split_even(len(with_own)))
        return full_a, full_d, best_a, best_d, arg, candidate

    @staticmethod
    def _refine(
        i: int,
        pieces: Sequence[str],
        text: str,
        own: Sequence[int],
        chunk_a: Matrix,
        chunk_d: Matrix,
        full_a: Matrix,
        full_d: Matrix,
        best_a: Matrix,
        best_d: Matrix,
        arg: npt.NDArray[np.int64],
        cand: npt.NDArray[np.intp] | None,
    ) -> None:
        """Exact best cosines and evidence piece of sentence ``i`` for the skills ``cand``
        (all skills when ``None``) from its own pieces' cosines ``chunk_*`` (one row per
        position in ``own``), counting the sentence itself when it is one of its pieces."""
        cols = slice(None) if cand is None else cand
        positions = list(own)
        if len(positions) < len(pieces):
            chunk_a = np.vstack([chunk_a, full_a[i, cols][None, :]])
            chunk_d = np.vstack([chunk_d, full_d[i, cols][None, :]])
            positions.append(pieces.index(text))
        best_a[i, cols] = chunk_a.max(axis=0)
        best_d[i, cols] = chunk_d.max(axis=0)
        arg[i, cols] = np.asarray(positions)[(chunk_a + chunk_d).argmax(axis=0)]

    def _exact(self, texts: Sequence[str], shape: tuple[int, ...]) -> Matrix:
        """Exact label mentions: 1.0, or the recipe's weight for the kind of label matched.

        Words that are one skill's preferred label and another's alternative label ("SQL":
        *SQL*, and an alternative label of *database management systems*) are the first
        skill's mention; the others count as kind ``shadowed``.
        """
        weights = self.recipe.exact_weights
        exact = np.zeros(shape, dtype=np.float32)
        for i, text in enumerate(texts):
            found = self.lexicon.find(text)
            preferred = {(m.start, m.end) for m in found if m.kind == "preferred"}
            for m in found:
                pos = self.index.position.get(m.uri)
                if pos is None:
                    continue
                kind = label_kind(m)
                if kind != "preferred" and (m.start, m.end) in preferred:
                    kind = "shadowed"
                weight = weights.get(kind, 1.0) if weights else 1.0
                exact[i, pos] = max(exact[i, pos], weight)
        return exact

    def rank(self, texts: Sequence[str], depth: int = 50) -> list[list[str]]:
        """ESCO skill URIs ranked for each text, best first (``depth`` per text)."""
        score, _, _ = self._cached_scores(texts)
        return [[self.index.uris[j] for j in top_k(row, depth)] for row in score]

    def document_context(self, texts: Sequence[str], weight: float = CONTEXT_WEIGHT) -> Matrix:
        """Per-skill bonus for fitting the whole document's topic (for CVs and job ads).

        The mean embedding of ``texts`` is compared with every skill's "label: description"
        vector; the cosines are standardised (z-scores) and scaled so one standard deviation
        is worth ``weight / 2``, clipped to ``[-weight, weight]``. "Sell tickets" then loses
        to customer-support skills in a support agent's CV that mentions tickets.
        """
        vecs = self._encoder.encode([clean(t) or t for t in texts], kind="query")
        centroid = vecs.mean(axis=0)
        centroid /= max(float(np.linalg.norm(centroid)), 1e-9)
        sims = self.index.desc_vecs @ centroid
        z = (sims - sims.mean()) / max(float(sims.std()), 1e-9)
        return np.asarray(np.clip(z * weight / 2, -weight, weight), dtype=np.float32)

    def link(
        self,
        texts: Sequence[str],
        *,
        threshold: float | None = None,
        limit: int | Sequence[int] | None = None,
        per_chunk: int | None = None,
        context: Matrix | None = None,
    ) -> list[list[Link]]:
        """The thresholded skills of each text, with their score terms and evidence chunk.

        Args:
            texts: sentences.
            threshold: the minimum score shown; by default the recipe's
                (:data:`THRESHOLD` for v1 and v2, 0.66 for v3).
            limit: caps the skills per text (one number, or one per text); by default the
                recipe's (:data:`MAX_PER_SENTENCE` for v1, :data:`MAX_PER_SENTENCE_V2` after).
                A recipe with ``show_named`` (v3) adds the skills the text names by their
                preferred label or a name beyond it.
            per_chunk: at most this many skills per evidence phrase (so three near-synonyms
                of one phrase do not crowd out the other phrases of a long sentence).
            context: a per-skill bonus added before thresholding (see
                :meth:`document_context`); it appears in each link's terms.
        """
        if not texts:
            return []
        score, terms, pieces = self._cached_scores(texts)
        if context is not None:
            score = score + context[None, :]
        if threshold is None:
            threshold = self.recipe.threshold
        if limit is None:
            limit = self.recipe.max_per_sentence
        limits = [limit] * len(texts) if isinstance(limit, int) else list(limit)
        out: list[list[Link]] = []
        for i in range(len(texts)):
            order = top_k(score[i], limits[i] * 4)
            chosen: list[int] = []
            used: dict[str, int] = {}
            for j in order:
                if score[i, j] < threshold or len(chosen) >= limits[i]:
                    break
                chunk = pieces[i][int(terms["arg"][i, j])].lower()
                if per_chunk is not None and used.get(chunk, 0) >= per_chunk:
                    continue
                used[chunk] = used.get(chunk, 0) + 1
                chosen.append(int(j))
            if self.recipe.show_named:
                named = np.flatnonzero((terms["exact"][i] >= 1.0) & (score[i] >= threshold))
                named = named[np.argsort(-score[i, named], kind="stable")]
                chosen += [int(j) for j in named if int(j) not in chosen]
            row = (score[i], {k: v[i] for k, v in terms.items()}, pieces[i])
            out.append([self._link(row, j, context) for j in chosen])
        return out

    def _link(
        self, row: tuple[Matrix, dict[str, Matrix], list[str]], j: int, context: Matrix | None
    ) -> Link:
        """The :class:`Link` of skill ``j`` from one text's scores, terms and phrases."""
        score, terms, pieces = row
        return Link(
            uri=self.index.uris[j],
            label=self.index.labels[j],
            score=round(float(score[j]), 4),
            label_sim=round(float(terms["label"][j]), 4),
            desc_sim=round(float(terms["desc"][j]), 4),
            bm25=round(float(terms["bm25"][j]), 4),
            exact=self.index.labels[j] if terms["exact"][j] else None,
            chunk=pieces[int(terms["arg"][j])],
            prior=round(float(terms["prior"][j]), 4),
            context=0.0 if context is None else round(float(context[j]), 4),
            coverage=round(float(terms["coverage"][j]), 4),
            exact_weight=round(float(terms["exact"][j]), 4),
        )


class BaselineLinker:
    """``extract.baseline.v1``: cosine of the whole sentence with each preferred label."""

    name = "extract.baseline.v1"

    def __init__(self, index: SkillIndex, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder
        self._preferred = index.preferred_vecs

    def rank(self, texts: Sequence[str], depth: int = 50) -> list[list[str]]:
        """ESCO skill URIs ranked for each text by cosine with the preferred label."""
        sims = self.embedder.encode(list(texts), kind="query") @ self._preferred.T
        top = np.argsort(-sims, axis=1)[:, :depth]
        return [[self.index.uris[j] for j in row] for row in top]

    def link(
        self,
        texts: Sequence[str],
        *,
        threshold: float = 0.5,
        limit: int | Sequence[int] | None = None,
    ) -> list[list[Link]]:
        """Top skills above a cosine threshold (no evidence chunks)."""
        sims = self.embedder.encode(list(texts), kind="query") @ self._preferred.T
        limits = [limit or 3] * len(texts) if not isinstance(limit, Sequence) else list(limit)
        out = []
        for i, text in enumerate(texts):
            order = np.argsort(-sims[i])[: limits[i]]
            out.append(
                [
                    Link(
                        self.index.uris[j],
                        self.index.labels[j],
                        float(sims[i, j]),
                        float(sims[i, j]),
                        0.0,
                        0.0,
                        None,
                        text,
                    )
                    for j in order
                    if sims[i, j] >= threshold
                ]
            )
        return out


_REUSE = {"transversal": 1.0, "cross-sector": 0.75, "sector-specific": 0.25}


def skill_prior(
    reuse_levels: Sequence[str | None],
    occupation_counts: Sequence[int],
    weight: float = PRIOR_WEIGHT,
) -> Matrix:
    """Per-skill prior in ``[-weight, 0]``: niche skills are pushed down a little.

    A skill that ESCO marks occupation-specific and that few occupations need ("sell books",
    "interview insurance claimants") gets up to ``-weight``; a transversal skill many
    occupations need gets about 0. Half the weight comes from the reuse level, half from
    ``log(1 + occupations)`` scaled to the most-used skill. Exact mentions are not penalised.
    """
    counts = np.log1p(np.asarray(occupation_counts, dtype=np.float32))
    pop = counts / max(float(counts.max()), 1.0)
    reuse = np.array([_REUSE.get(r or "", 0.0) for r in reuse_levels], dtype=np.float32)
    out = weight * (0.5 * reuse + 0.5 * np.minimum(1.0, 2 * pop)) - weight
    return np.asarray(out, dtype=np.float32)
