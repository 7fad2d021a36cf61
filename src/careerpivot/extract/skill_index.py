"""The ESCO skill index used by the extractor: label embeddings, a BM25 matrix, the lexicon.

Embeddings are computed once per taxonomy and embedder (``careerpivot data embed``, run at
the end of ``data import all``) and cached as ``$CAREERPIVOT_HOME/embeddings/<embedder>/
<fingerprint>.npz`` (float16). The fingerprint hashes the imported ESCO files and the recipe
version, so a re-import invalidates the cache.

Data contract of :class:`SkillIndex`: ``uris[i]``/``labels[i]`` describe skill ``i``;
``label_vecs`` holds one row per preferred or alternative label, ``label_owner`` maps each
row to its skill (a skill's rows are contiguous, its preferred label first); ``desc_vecs``
holds one row per skill for "label: description"; all rows are unit length. The index regroups
the label rows by how many labels a skill has; ``label_start[k]``/``label_count[k]`` locate
skill ``k``'s rows afterwards (preferred label first).
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from careerpivot.errors import StoreMissingError
from careerpivot.extract.embedders import Embedder, Matrix
from careerpivot.extract.lexicon import STOP, stem
from careerpivot.extract.parallel import parallel_map, split_even
from careerpivot.taxonomy.store import TaxonomyStore

ProgressFn = Callable[[str, int, int], None]
RECIPE = "skill-index.v1"
#: Label rows per labels × texts product (about 1.5 MB of output for 100 texts: stays in cache).
SLAB = 4096
Slab = tuple[int, int, int, npt.NDArray[np.int64]]
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#]*")


def bm25_tokens(text: str, *, acronyms: bool = False) -> list[str]:
    """Lower-cased, lightly stemmed content words of ``text`` (the BM25 vocabulary).

    With ``acronyms`` (for ESCO's skill labels, which are lower case but for names and
    acronyms) an all-capital word of up to five letters keeps a final S: the label "VATS"
    (*perform VATS*, a surgery) is then no plural of a CV's "VAT". Texts fold it ("SALES" in
    an upper-case title is "sales").
    """
    out = []
    for t in _TOKEN.findall(text):
        low = t.lower()
        if low in STOP:
            continue
        out.append(low if acronyms and len(t) <= 5 and t.isupper() else stem(t))
    return out


@dataclass
class SkillIndex:
    """Everything the hybrid linker needs about ESCO skills (see module docstring)."""

    uris: list[str]
    labels: list[str]
    label_vecs: Matrix
    label_owner: npt.NDArray[np.int64]
    desc_vecs: Matrix
    bm25: sp.csr_matrix
    vocab: dict[str, int]
    embedder: str

    def __post_init__(self) -> None:
        self.position = {uri: i for i, uri in enumerate(self.uris)}
        # Regroup label rows by how many labels their skill has (rows of one skill stay
        # contiguous, preferred label first): the max over a skill's labels is then a
        # reshape + max per group, far cheaper than a segmented reduce.
        owner = self.label_owner
        counts = np.bincount(owner, minlength=len(self.uris))
        order = np.lexsort((np.arange(len(owner)), owner, counts[owner]))
        self.label_vecs = np.ascontiguousarray(self.label_vecs[order])
        self.label_owner = owner[order]
        per_row = counts[self.label_owner]
        edges = np.flatnonzero(np.r_[True, np.diff(per_row) != 0, True])
        self._groups = [
            (int(a), int(b), int(per_row[a]), self.label_owner[a : b : int(per_row[a])])
            for a, b in itertools.pairwise(edges)
        ]
        self._default_slabs = self._slabs(SLAB)
        # each skill's rows after the regrouping: label_vecs[label_start[k] : + label_count[k]]
        self.label_count = counts.astype(np.int64)
        self.label_start = np.zeros(len(self.uris), dtype=np.int64)
        firsts = np.flatnonzero(np.r_[True, self.label_owner[1:] != self.label_owner[:-1]])
        self.label_start[self.label_owner[firsts]] = firsts
        self._preferred: Matrix | None = None

    @property
    def preferred_vecs(self) -> Matrix:
        """``(skills, dim)``: each skill's preferred-label row (a zero row without labels)."""
        if self._preferred is None:
            preferred = np.zeros_like(self.desc_vecs)
            has = self.label_count > 0
            preferred[has] = self.label_vecs[self.label_start[has]]
            self._preferred = preferred
        return self._preferred

    def group_maxima(self, vecs: Matrix, starts: Sequence[int]) -> tuple[Matrix, Matrix]:
        """Per group of rows of ``vecs``, the best description and preferred-label cosines.

        Rows ``starts[g]`` up to ``starts[g + 1]`` (or the end) form group ``g``; every group
        must be non-empty. Returns ``(desc, preferred)``, both ``(groups, skills)``: the max
        over the group's rows of the cosine with each skill's "label: description" row, and
        with its preferred label (a lower bound of :meth:`label_sims`, since the preferred
        label is one of the labels). Two rows per skill instead of ~8: a quarter of
        :meth:`similarities`' work. Skills are taken :data:`SLAB` ``// 4`` at a time per worker
        thread so each product is reduced while still in cache.
        """
        n_skills, n_groups = len(self.uris), len(starts)
        desc_t = np.empty((n_skills, n_groups), dtype=np.float32)
        pref_t = np.empty((n_skills, n_groups), dtype=np.float32)
        if not n_groups:
            return desc_t.T.copy(), pref_t.T.copy()
        texts_t = np.ascontiguousarray(vecs.T)
        cuts = np.asarray(starts, dtype=np.intp)
        preferred, step = self.preferred_vecs, SLAB // 4

        def share(part: slice) -> None:
            buf = np.empty((step, texts_t.shape[1]), dtype=np.float32)
            for a in range(part.start, part.stop, step):
                b = min(a + step, part.stop)
                for rows, out in ((self.desc_vecs, desc_t), (preferred, pref_t)):
                    prod = np.matmul(rows[a:b], texts_t, out=buf[: b - a])
                    out[a:b] = np.maximum.reduceat(prod, cuts, axis=1)

        parallel_map(share, split_even(n_skills))
        return np.ascontiguousarray(desc_t.T), np.ascontiguousarray(pref_t.T)

    def label_sims_of(self, vecs: Matrix, skills: npt.NDArray[np.intp]) -> Matrix:
        """Exact :meth:`label_sims` restricted to the columns ``skills``: ``(n, len(skills))``.

        Gathers only those skills' label rows, so the cost grows with the candidates, not
        with the taxonomy. A skill without labels gets -1.
        """
        counts = self.label_count[skills]
        out = np.full((len(vecs), len(skills)), -1.0, dtype=np.float32)
        keep = counts > 0
        if not len(vecs) or not keep.any():
            return out
        counts, starts = counts[keep], self.label_start[skills][keep]
        ends = np.cumsum(counts)
        rows = np.arange(int(ends[-1])) + np.repeat(starts - (ends - counts), counts)
        sims = vecs @ self.label_vecs[rows].T
        out[:, keep] = np.maximum.reduceat(sims, ends - counts, axis=1)
        return out

    def _slabs(self, slab: int) -> list[Slab]:
        """``(first row, end row, labels per skill, skills)``: about ``slab`` label rows each."""
        out = []
        for start, end, k, skills in self._groups:
            step = max(k, slab // k * k)
            for a in range(start, end, step):
                b = min(a + step, end)
                first = (a - start) // k
                out.append((a, b, k, skills[first : first + (b - a) // k]))
        return out

    def _label_max(self, slabs: Sequence[Slab], texts_t: Matrix, out_t: Matrix) -> None:
        """Per-skill best label cosine of the texts (columns of ``texts_t``) into ``out_t``."""
        if not slabs:
            return
        n = texts_t.shape[1]
        buf = np.empty((max(b - a for a, b, _, _ in slabs), n), dtype=np.float32)
        for a, b, k, skills in slabs:
            by_label = np.matmul(self.label_vecs[a:b], texts_t, out=buf[: b - a])
            out_t[skills] = by_label.reshape(-1, k, n).max(axis=1)

    def label_sims(self, vecs: Matrix, *, slab: int = SLAB) -> Matrix:
        """Best cosine between each row of ``vecs`` and any label of each skill: ``(n, skills)``.

        Labels are taken about ``slab`` rows at a time (whole skills), so each labels × texts
        product is still in cache when its per-skill maximum is taken.
        """
        out_t = np.empty((len(self.uris), len(vecs)), dtype=np.float32)
        self._label_max(self._slabs(slab), np.ascontiguousarray(vecs.T), out_t)
        return np.ascontiguousarray(out_t.T)

    def similarities(self, vecs: Matrix) -> tuple[Matrix, Matrix]:
        """:meth:`label_sims` and the cosines with "label: description", both ``(n, skills)``.

        The label rows (and description rows) are split over the worker threads (see
        :mod:`.parallel`); every product then has all the texts as its columns, the shape
        the BLAS runs fastest here.
        """
        n_skills, n = len(self.uris), len(vecs)
        labels_t = np.empty((n_skills, n), dtype=np.float32)
        descs_t = np.empty((n_skills, n), dtype=np.float32)
        texts_t = np.ascontiguousarray(vecs.T)
        slabs = self._default_slabs
        rows = np.cumsum([b - a for a, b, _, _ in slabs])
        shares = split_even(int(rows[-1])) if n and len(slabs) else []
        owner = np.searchsorted(rows, [sh.stop for sh in shares], side="left")
        cuts = [0, *(int(i) + 1 for i in owner)]
        desc_rows = split_even(n_skills, len(shares))

        def share(w: int) -> None:
            self._label_max(slabs[cuts[w] : cuts[w + 1]], texts_t, labels_t)
            part = desc_rows[w]
            np.matmul(self.desc_vecs[part], texts_t, out=descs_t[part])

        parallel_map(share, range(len(shares)))
        return np.ascontiguousarray(labels_t.T), np.ascontiguousarray(descs_t.T)

    def bm25_scores(self, texts: Sequence[str]) -> Matrix:
        """BM25 of each text against each skill's labels, max-normalised per text to [0, 1]."""
        rows, cols = [], []
        for i, text in enumerate(texts):
            for term in set(bm25_tokens(text)):
                if term in self.vocab:
                    rows.append(i)
                    cols.append(self.vocab[term])
        q = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(texts), len(self.vocab)),
        )
        scores = np.asarray((q @ self.bm25.T).todense(), dtype=np.float32)
        top: Matrix = np.maximum(scores.max(axis=1, keepdims=True), 1e-9)
        out: Matrix = scores / top
        return out


def _skill_rows(store: TaxonomyStore) -> tuple[list[str], list[str], list[str], list[list[str]]]:
    rows = store.conn.execute(
        "SELECT uri, preferred_label, COALESCE(description, '') FROM esco_skills ORDER BY uri"
    ).fetchall()
    alts: dict[str, list[str]] = {}
    for uri, label in store.conn.execute(
        "SELECT concept_uri, label FROM esco_labels WHERE concept='skill' AND kind='alt'"
    ):
        alts.setdefault(uri, []).append(label)
    uris = [r[0] for r in rows]
    labels = [r[1] for r in rows]
    descs = [r[2] for r in rows]
    return uris, labels, descs, [alts.get(u, []) for u in uris]


def fingerprint(store: TaxonomyStore, embedder: str) -> str:
    """Hash of the imported ESCO files, the embedder name and the recipe version."""
    esco = next((s for s in store.sources() if s.source == "esco"), None)
    if esco is None:
        raise StoreMissingError(
            "CP-STO001", "ESCO is not imported", "run `careerpivot data import all DIR` first"
        )
    digest = hashlib.sha256(f"{RECIPE}|{embedder}|".encode())
    for f in esco.files:
        digest.update(str(f["sha256"]).encode())
    return digest.hexdigest()[:20]


def cache_path(home: Path, store: TaxonomyStore, embedder: str) -> Path:
    """Where the embeddings for this store and embedder live."""
    return home / "embeddings" / embedder / f"{fingerprint(store, embedder)}.npz"


def _bm25(
    docs: list[list[str]], k1: float = 1.2, b: float = 0.75
) -> tuple[sp.csr_matrix, dict[str, int]]:
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    lengths = np.array([len(d) for d in docs], dtype=np.float64)
    avg = float(lengths.mean()) if len(docs) else 1.0
    df: Counter[str] = Counter()
    for d in docs:
        df.update(set(d))
    n = len(docs)
    for i, d in enumerate(docs):
        for term, tf in Counter(d).items():
            j = vocab.setdefault(term, len(vocab))
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            rows.append(i)
            cols.append(j)
            vals.append(idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[i] / avg)))
    matrix = sp.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)), dtype=np.float32)
    return matrix, vocab


def build_embeddings(
    store: TaxonomyStore, embedder: Embedder, target: Path, progress: ProgressFn | None = None
) -> Path:
    """Embed every skill label and "label: description" and save them to ``target``."""
    uris, labels, descs, alts = _skill_rows(store)
    texts: list[str] = []
    owner: list[int] = []
    for i, (label, more) in enumerate(zip(labels, alts, strict=True)):
        for text in dict.fromkeys([label, *more]):
            texts.append(text)
            owner.append(i)
    ld = [f"{lab}: {d}" if d else lab for lab, d in zip(labels, descs, strict=True)]
    chunks: list[Matrix] = []
    everything = texts + ld
    step = 2048
    for start in range(0, len(everything), step):
        chunks.append(embedder.encode(everything[start : start + step]))
        if progress:
            progress("embed skills", min(start + step, len(everything)), len(everything))
    vecs = np.concatenate(chunks).astype(np.float16)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp.npz")
    np.savez(
        tmp,
        uris=np.array(uris),
        label_vecs=vecs[: len(texts)],
        label_owner=np.array(owner, dtype=np.int64),
        desc_vecs=vecs[len(texts) :],
    )
    tmp.replace(target)
    return target


def load_index(store: TaxonomyStore, embedder: Embedder, cached: Path) -> SkillIndex:
    """Load cached embeddings (build them first with :func:`build_embeddings`)."""
    uris, labels, _descs, alts = _skill_rows(store)
    with np.load(cached) as data:
        if list(data["uris"]) != uris:
            raise StoreMissingError(
                "CP-STO001",
                "the skill embeddings do not match the imported taxonomy",
                "run `careerpivot data embed`",
            )
        label_vecs = data["label_vecs"].astype(np.float32)
        owner = data["label_owner"].astype(np.int64)
        desc_vecs = data["desc_vecs"].astype(np.float32)
    docs = [
        bm25_tokens(" ".join([lab, *more]), acronyms=True)
        for lab, more in zip(labels, alts, strict=True)
    ]
    matrix, vocab = _bm25(docs)
    return SkillIndex(uris, labels, label_vecs, owner, desc_vecs, matrix, vocab, embedder.name)
