"""How much of a skill's wording a text contains: the label-coverage term of ``extract.hybrid.v3``.

For a text ``t`` and a skill ``k`` the coverage is the best, over ``k``'s preferred and
alternative labels, of the idf-weighted share of the label's content words that occur in
``t`` (same light stemming as BM25, :func:`careerpivot.extract.skill_index.bm25_tokens`):

    coverage(t, k) = max over labels l of k:  Σ idf(w) for w in l ∩ t  /  Σ idf(w) for w in l

It is 1.0 when every word of some label appears in the text in any order ("work in a team"
covers "work in teams"), and small when only a common word is shared ("compensation" covers
a fifth of "legal compensation for victims of crime"). Unlike BM25, which the linker
max-normalises per sentence (so the best lexical match of a sentence always scores 1.0, however
weak), coverage is measured against the skill's own wording.

Data contract: :meth:`LabelCoverage.scores` returns a ``(len(texts), n_skills)`` float32 matrix
in ``[0, 1]`` whose columns follow the ``positions`` given to the constructor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from careerpivot.extract.embedders import Matrix
from careerpivot.extract.skill_index import bm25_tokens


def is_alt_word(label: str, kind: str) -> bool:
    """An alternative label of one content word in lower case ("lead", "design", "maths"):
    such a word names the skill only in some senses (sales "leads" are no leadership).

    Words are counted as this term counts them (BM25 tokens), so a hyphenated label such as
    "cold-calling" is two words here, while ``label_kind`` in the linker reads it as one
    ``alt_word`` (541 against 645 labels on ESCO v1.1.1).
    """
    return (
        kind == "alt"
        and len(bm25_tokens(label)) == 1
        and not any(c.isupper() or c.isdigit() for c in label)
    )


class LabelCoverage:
    """Idf-weighted label coverage over ``(uri, label, kind)`` rows (hidden labels skipped).

    With ``alt_words=False`` (``extract.hybrid.v5``) one-word lower-case alternative labels
    (:func:`is_alt_word`) are skipped too: v3 already gives their exact match no bonus, and a
    text containing the word no longer covers the skill fully.
    """

    def __init__(
        self,
        labels: Iterable[tuple[str, str, str]],
        positions: Mapping[str, int],
        *,
        alt_words: bool = True,
    ):
        self.vocab: dict[str, int] = {}
        rows: list[int] = []  # label row of each (label, word) pair
        words: list[int] = []
        owner: list[int] = []
        for uri, label, kind in labels:
            pos = positions.get(uri)
            tokens = dict.fromkeys(bm25_tokens(label, acronyms=True))
            if pos is None or not tokens or kind == "hidden":
                continue
            if not alt_words and is_alt_word(label, kind):
                continue
            for token in tokens:
                rows.append(len(owner))
                words.append(self.vocab.setdefault(token, len(self.vocab)))
            owner.append(pos)
        row, word = np.array(rows, dtype=np.int64), np.array(words, dtype=np.int64)
        self._owner = np.array(owner, dtype=np.int64)
        # document frequency over skills: a word counts once per skill, whatever its labels
        pairs = np.unique(self._owner[row] * max(len(self.vocab), 1) + word)
        df = np.bincount(pairs % max(len(self.vocab), 1), minlength=len(self.vocab))
        n = max(len(np.unique(self._owner)), 1)
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        weight = idf[word]
        share = weight / np.bincount(row, weights=weight, minlength=len(owner))[row]
        shape = (len(owner), len(self.vocab))
        matrix = sp.csr_matrix((share.astype(np.float32), (row, word)), shape=shape)
        self._labels_t = matrix.T.tocsr()
        self.n_skills = len(positions)

    def scores(self, texts: Sequence[str]) -> Matrix:
        """Coverage of every skill by each text: ``(len(texts), n_skills)``, in ``[0, 1]``."""
        out = np.zeros((len(texts), self.n_skills), dtype=np.float32)
        rows, cols = [], []
        for i, text in enumerate(texts):
            for word in set(bm25_tokens(text)):
                j = self.vocab.get(word)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
        if not rows:
            return out
        query = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(texts), len(self.vocab)),
        )
        hits = (query @ self._labels_t).tocoo()  # texts × labels, only labels sharing a word
        np.maximum.at(out, (hits.row, self._owner[hits.col]), np.minimum(hits.data, 1.0))
        return out
