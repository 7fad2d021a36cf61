"""Hybrid skill linking (``extract.hybrid.v1``): embeddings + BM25 + exact labels.

For a sentence ``s`` and skill ``k`` the score is

    score = (A(s,k) + A(chunks,k) + D(s,k) + D(chunks,k)) / 4 + 0.2 · BM25(s,k)

where ``A`` is the best cosine between the text and any preferred/alternative label of ``k``,
``D`` the cosine with "label: description", ``chunks`` the best of the sentence's phrase chunks
(split at punctuation, conjunctions and prepositions, job-ad filler such as "experience with"
stripped), and BM25 is max-normalised per sentence. An exact (inflection-tolerant) label match
adds :data:`EXACT_BONUS`. Every :class:`Link` keeps these terms, so a score can be explained.

``extract.baseline.v1`` is the plain reference: the sentence's cosine with preferred labels.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from careerpivot.extract.embedders import CachedEmbedder, Embedder, Matrix
from careerpivot.extract.lexicon import Lexicon
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
    label found verbatim (inflections allowed), if any.
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
    ) -> None:
        self.index = index
        self.embedder = embedder
        self._encoder = CachedEmbedder(embedder)
        self.lexicon = lexicon
        self.name = name
        self.prior = prior
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
        idx = self.index
        cleaned = [clean(t) or t for t in texts]
        pieces = [chunks(t) for t in cleaned]
        # a short sentence is often its own only chunk, and phrases repeat across sentences:
        # each distinct text is embedded and scored against the skills once
        unique = list(dict.fromkeys(cleaned + [p for ps in pieces for p in ps]))
        where = {text: i for i, text in enumerate(unique)}
        vecs = self._encoder.encode(unique, kind="query")
        sims_a, sims_d = idx.similarities(vecs)
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
        bm25 = idx.bm25_scores(cleaned)
        label_sim = (full_a + best_a) / 2
        desc_sim = (full_d + best_d) / 2
        score = (label_sim + desc_sim) / 2 + BM25_WEIGHT * bm25
        exact = np.zeros_like(score)
        for i, text in enumerate(cleaned):
            for m in self.lexicon.find(text):
                pos = idx.position.get(m.uri)
                if pos is not None:
                    exact[i, pos] = 1.0
        score += EXACT_BONUS * exact
        if self.prior is not None:
            # niche skills need an exact mention; general ones do not (see skill_prior)
            score += (1.0 - exact) * self.prior[None, :]
        f32 = np.float32
        terms: dict[str, Matrix] = {
            "label": np.asarray(label_sim, dtype=f32),
            "desc": np.asarray(desc_sim, dtype=f32),
            "bm25": bm25,
        }
        terms["exact"] = exact
        prior_term = np.zeros(score.shape, dtype=np.float32)
        if self.prior is not None:
            prior_term = np.asarray(self.prior[None, :] * (1.0 - exact), dtype=np.float32)
        terms["prior"] = prior_term
        terms["arg"] = arg.astype(np.float32)
        return np.asarray(score, dtype=np.float32), terms, pieces

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
        threshold: float = THRESHOLD,
        limit: int | Sequence[int] | None = None,
        per_chunk: int | None = None,
        context: Matrix | None = None,
    ) -> list[list[Link]]:
        """The thresholded skills of each text, with their score terms and evidence chunk.

        Args:
            texts: sentences.
            threshold: the minimum score shown.
            limit: caps the skills per text (one number, or one per text); by default
                :data:`MAX_PER_SENTENCE` (v1) or :data:`MAX_PER_SENTENCE_V2` (v2).
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
        if limit is None:
            limit = MAX_PER_SENTENCE if self.prior is None else MAX_PER_SENTENCE_V2
        limits = [limit] * len(texts) if isinstance(limit, int) else list(limit)
        out: list[list[Link]] = []
        for i in range(len(texts)):
            order = top_k(score[i], limits[i] * 4)
            links: list[Link] = []
            used: dict[str, int] = {}
            for j in order:
                if score[i, j] < threshold or len(links) >= limits[i]:
                    break
                chunk = pieces[i][int(terms["arg"][i, j])]
                if per_chunk is not None and used.get(chunk.lower(), 0) >= per_chunk:
                    continue
                used[chunk.lower()] = used.get(chunk.lower(), 0) + 1
                links.append(
                    Link(
                        uri=self.index.uris[j],
                        label=self.index.labels[j],
                        score=round(float(score[i, j]), 4),
                        label_sim=round(float(terms["label"][i, j]), 4),
                        desc_sim=round(float(terms["desc"][i, j]), 4),
                        bm25=round(float(terms["bm25"][i, j]), 4),
                        exact=self.index.labels[j] if terms["exact"][i, j] else None,
                        chunk=chunk,
                        prior=round(float(terms["prior"][i, j]), 4),
                        context=0.0 if context is None else round(float(context[j]), 4),
                    )
                )
            out.append(links)
        return out


class BaselineLinker:
    """``extract.baseline.v1``: cosine of the whole sentence with each preferred label."""

    name = "extract.baseline.v1"

    def __init__(self, index: SkillIndex, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder
        first = np.r_[True, np.diff(index.label_owner) != 0]  # a skill's first row: preferred
        preferred = np.zeros((len(index.uris), index.label_vecs.shape[1]), dtype=np.float32)
        preferred[index.label_owner[first]] = index.label_vecs[first]
        self._preferred = preferred

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


#: ``extract.hybrid.v2`` adds this generality prior to v1 (see :func:`skill_prior`).
PRIOR_WEIGHT = 0.04
_REUSE = {"transversal": 1.0, "cross-sector": 0.75, "sector-specific": 0.25}


def skill_prior(reuse_levels: Sequence[str | None], occupation_counts: Sequence[int]) -> Matrix:
    """Per-skill prior in ``[-PRIOR_WEIGHT, 0]``: niche skills are pushed down a little.

    A skill that ESCO marks occupation-specific and that few occupations need ("sell books",
    "interview insurance claimants") gets up to ``-PRIOR_WEIGHT``; a transversal skill many
    occupations need gets about 0. Half the weight comes from the reuse level, half from
    ``log(1 + occupations)`` scaled to the most-used skill. Exact mentions are not penalised.
    """
    counts = np.log1p(np.asarray(occupation_counts, dtype=np.float32))
    pop = counts / max(float(counts.max()), 1.0)
    reuse = np.array([_REUSE.get(r or "", 0.0) for r in reuse_levels], dtype=np.float32)
    out = PRIOR_WEIGHT * (0.5 * reuse + 0.5 * np.minimum(1.0, 2 * pop)) - PRIOR_WEIGHT
    return np.asarray(out, dtype=np.float32)
