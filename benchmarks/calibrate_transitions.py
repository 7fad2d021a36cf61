"""How the facet weights of ``transitions.facets.v1`` were chosen (reproducible grid search).

Two reference sets of "known viable" ESCO moves, both taken from the data, never from the
well-known moves checked by ``bench_transitions.py``:

A. ordered pairs of ESCO occupations sharing an ISCO-08 unit group;
B. O*NET "related occupations" (tier Primary-Short) carried over to ESCO through the
   official crosswalk (direct rows only), keeping pairs in *different* ISCO unit groups
   that share no O*NET code — career moves across occupational groups. (B favours the
   O*NET facet somewhat, since O*NET built its list partly from the same ratings.)

For a seeded sample of origins, every target is scored once per facet; each weight vector
on a 0.1 grid of the simplex is then scored by the mean percentile rank of the reference
targets in their origin's ranking (1.0 = always first), averaged over A and B. Prints the
best vectors, the per-facet results and every registered scorer's weights
(:data:`~careerpivot.analysis.transitions.SCORERS`, v1 and v2; v2's weights are not on the
grid, they sum to 1.3). The grid step is the optional argument (default 0.1: 1,001 vectors
over the five facets, a few minutes; 0.25 for a quick look)::

    CAREERPIVOT_HOME=/tmp/cphome .venv/bin/python benchmarks/calibrate_transitions.py [STEP]
"""

from __future__ import annotations

import itertools
import sys

import numpy as np

from careerpivot import transitions_service as ts
from careerpivot.analysis import transitions as tr
from careerpivot.settings import load as load_settings
from careerpivot.taxonomy.store import TaxonomyStore

ORIGINS = 400
SEED = 7


def references(
    ctx: ts.TransitionContext,
) -> tuple[list[int], dict[int, list[int]], dict[int, list[int]]]:
    """Sampled origins and their reference targets (A: same ISCO group, B: O*NET related)."""
    p = ctx.model.profiles
    esco = [i for i, k in enumerate(p.kinds) if k == "esco"]
    groups: dict[str | None, list[int]] = {}
    for i in esco:
        groups.setdefault(p.isco[i], []).append(i)
    code_row = {p.codes[i]: i for i in esco if p.codes[i]}
    with TaxonomyStore.open(load_settings().store_path) as store:
        exact: dict[int, set[str]] = {}
        for esco_code, onet in store.conn.execute(
            "SELECT esco_code, onet_code FROM crosswalk_esco_onet"
        ):
            if esco_code in code_row:
                exact.setdefault(code_row[esco_code], set()).add(onet)
        related: dict[str, set[str]] = {}
        for a, b in store.conn.execute(
            "SELECT code, related_code FROM onet_related WHERE tier='Primary-Short'"
        ):
            related.setdefault(a, set()).add(b)
    by_onet: dict[str, set[int]] = {}
    for row, codes in exact.items():
        for c in codes:
            by_onet.setdefault(c, set()).add(row)
    rng = np.random.default_rng(SEED)
    origins = sorted(int(i) for i in rng.choice(sorted(exact), ORIGINS, replace=False))
    ref_a = {o: [j for j in groups[p.isco[o]] if j != o] for o in origins}
    ref_b: dict[int, list[int]] = {}
    for o in origins:
        near = {j for c in exact[o] for rc in related.get(c, ()) for j in by_onet.get(rc, ())}
        ref_b[o] = sorted(
            j
            for j in near
            if j != o and p.isco[j] != p.isco[o] and not exact.get(j, set()) & exact[o]
        )
    return origins, ref_a, ref_b


def percentile_ranks(scores: np.ndarray, origin: int, targets: list[int]) -> tuple[float, float]:
    """Mean percentile rank of ``targets`` (1 = first) and their share in the top 20."""
    s = scores.copy()
    s[origin] = -np.inf
    order = np.argsort(-s)
    rank = np.empty(len(s), dtype=np.int64)
    rank[order] = np.arange(1, len(s) + 1)
    r = rank[targets]
    return float(np.mean(1 - (r - 1) / (len(s) - 1))), float(np.mean(r <= 20))


def evaluate(
    facets: dict[int, dict[str, np.ndarray]], refs: dict[int, list[int]], weights: dict[str, float]
) -> tuple[float, float]:
    """Mean percentile rank and top-20 recall of ``refs`` under ``weights``."""
    pct, top = [], []
    for origin, targets in refs.items():
        if targets:
            a, b = percentile_ranks(tr.combine(facets[origin], weights), origin, targets)
            pct.append(a)
            top.append(b)
    return float(np.mean(pct)), float(np.mean(top))


def main() -> int:
    step = float(sys.argv[1]) if len(sys.argv) > 1 else 0.1
    ctx = ts.load_context()
    m = ctx.model
    origins, ref_a, ref_b = references(ctx)
    print(
        f"origins {len(origins)}, reference A pairs {sum(map(len, ref_a.values()))}, "
        f"reference B pairs {sum(map(len, ref_b.values()))}"
    )
    esco_only = np.array([k == "esco" for k in m.profiles.kinds])
    facets = {}
    for o in origins:
        facets[o] = tr.forward_facets(m, tr.profile_holder(m, o))
        for k in tr.FACETS:  # pack roles are not in the references: rank them last
            facets[o][k][~esco_only] = -1.0
    grid = [
        dict(zip(tr.FACETS, (float(x) for x in w), strict=True))
        for w in itertools.product(
            np.round(np.arange(0, 1 + step / 2, step), 2), repeat=len(tr.FACETS)
        )
        if abs(sum(w) - 1) < 1e-9
    ]
    results = []
    for w in grid:
        a, b = evaluate(facets, ref_a, w), evaluate(facets, ref_b, w)
        results.append(((a[0] + b[0]) / 2, w, a, b))
    results.sort(key=lambda r: -r[0])

    def show(
        label: str, r: tuple[float, dict[str, float], tuple[float, float], tuple[float, float]]
    ) -> None:
        obj, w, a, b = r
        ws = " ".join(f"{k}={v:.2f}" for k, v in w.items())
        print(
            f"{label:12} objective {obj:.4f}  A pct {a[0]:.4f} top20 {a[1]:.3f}  "
            f"B pct {b[0]:.4f} top20 {b[1]:.3f}  [{ws}]"
        )

    for i, r in enumerate(results[:8], start=1):
        show(f"best #{i}", r)
    for name in tr.FACETS:
        only = next(r for r in results if r[1][name] == 1.0)
        show(f"{name} only", only)
    for name, weights in tr.SCORERS.items():
        a, b = evaluate(facets, ref_a, weights), evaluate(facets, ref_b, weights)
        obj = (a[0] + b[0]) / 2
        better = sum(r[0] > obj for r in results)
        show(name.removeprefix("transitions.facets."), (obj, weights, a, b))
        print(f"  {name}: {better} of {len(results)} grid vectors score higher")
    return 0


if __name__ == "__main__":
    sys.exit(main())
