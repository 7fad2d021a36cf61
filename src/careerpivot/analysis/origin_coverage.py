"""The ``origin`` facet of ``transitions.facets.v2``: how much of what A has is useful in B.

Pure array functions (no model, no I/O), used by :mod:`careerpivot.analysis.transitions`.

For a move ``A → B`` the essential/optional facets ask how much of *B's requirements* A
brings; this facet asks the opposite question, how much of *A's skills* B uses::

    origin(A → B) = Σ_o u(o) · best_B(o) / Σ_o u(o),   u(o) = h_A(o) · idf(o)
    best_B(o)     = max over B's essential and optional skills s of credit[o, s]

``h_A`` is what a holder of A has (1 essential, 0.5 optional, or a person's weight) and
``idf(o) = log((N + 1) / (df(o) + 1))`` with ``df`` the number of the N ESCO occupations
requiring ``o`` (essential or optional): a move that keeps a holder's rare, specialised
skills in use counts for more than one that only keeps ubiquitous skills such as
"communication". Together with the target-side facets it makes the score Jaccard-like
(both sides' coverage) while staying directional.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
#: Origin skills processed at once (bounds memory at ``BLOCK × profiles`` floats).
BLOCK = 64


def skill_idf(
    requirements: sp.csr_matrix | sp.csc_matrix, esco_rows: npt.NDArray[np.bool_]
) -> FloatArray:
    """``log((N + 1) / (df + 1))`` per skill column over the ``esco_rows`` of ``requirements``.

    >>> req = sp.csr_matrix(np.array([[1.0, 1.0], [1.0, 0.0], [1.0, 0.0]]))
    >>> skill_idf(req, np.array([True, True, True])).round(3).tolist()
    [0.0, 0.693]
    """
    pattern = (requirements[np.flatnonzero(esco_rows)] > 0).astype(np.float64)
    df = np.asarray(pattern.sum(axis=0)).ravel()
    n = float(esco_rows.sum())
    out: FloatArray = np.log((n + 1.0) / (df + 1.0))
    return out


def forward(
    credit: sp.csr_matrix,
    requirements: sp.csc_matrix,
    idf: FloatArray,
    columns: IntArray,
    weights: FloatArray,
) -> FloatArray:
    """``origin(holder → every profile)``; NaN when the holder's skills all have idf 0.

    Args:
        credit: skill × skill soft credit (symmetric, 1 on the diagonal).
        requirements: profile × skill in CSC form, non-zero where the profile requires
            the skill.
        idf: per-skill weight (:func:`skill_idf`).
        columns: the holder's skill columns.
        weights: the holder's weight of each column.

    Works on the sparse triples ``(origin skill, profile, credit)``: each non-zero credit
    of an origin skill for a skill ``s`` is handed to every profile requiring ``s``, and
    the best one per (origin skill, profile) is kept.
    """
    n = requirements.shape[0]
    u = weights * idf[columns]
    total = float(u.sum())
    if total <= 0:
        return np.full(n, np.nan)
    acc = np.zeros(n)
    indptr, indices = requirements.indptr, requirements.indices
    for lo in range(0, len(columns), BLOCK):
        block = credit[columns[lo : lo + BLOCK]].tocoo()
        counts = np.diff(indptr)[block.col]
        if not counts.sum():
            continue
        ends = np.cumsum(counts)
        pos = np.arange(ends[-1]) - np.repeat(ends - counts, counts)
        profile = indices[np.repeat(indptr[block.col], counts) + pos]
        best = np.zeros((block.shape[0], n))
        np.maximum.at(best, (np.repeat(block.row, counts), profile), np.repeat(block.data, counts))
        acc += u[lo : lo + BLOCK] @ best
    out: FloatArray = acc / total
    return out


def reverse(
    credit: sp.csr_matrix,
    target_columns: IntArray,
    holder: sp.csr_matrix,
    idf: FloatArray,
) -> FloatArray:
    """``origin(every profile → target)`` from the target's required skill columns.

    ``holder`` is profile × skill (what a holder of each profile has); rows whose skills
    all have idf 0 are NaN.
    """
    n = holder.shape[0]
    if not len(target_columns):
        best = np.zeros(holder.shape[1])
    else:
        # credit is symmetric: the best credit of skill o for any target skill
        best = np.asarray(credit[target_columns].max(axis=0).todense()).ravel()
    u = holder @ sp.diags(idf)
    total = np.asarray(u.sum(axis=1)).ravel()
    num = np.asarray(u @ best).ravel()
    with np.errstate(invalid="ignore", divide="ignore"):
        out: FloatArray = np.where(total > 0, num / np.where(total > 0, total, 1.0), np.nan)
    return out if n else np.zeros(0)
