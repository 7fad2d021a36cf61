"""Speed and sanity of occupation transitions (``careerpivot.transitions_service``).

Run against an imported home (``CAREERPIVOT_HOME``, e.g. ``/tmp/cphome``)::

    CAREERPIVOT_HOME=/tmp/cphome .venv/bin/python benchmarks/bench_transitions.py

Prints: cold and warm load times, the time to rank every target for one origin, a sanity
table of well-known moves for the default scorer (``transitions.facets.v3``) and for
``transitions.facets.v2`` and ``v1`` (rank of the target in the origin's list, raw and by distinct
occupation family; rank of the origin in the target's list, to show the asymmetry; score,
viability; the count in the top 20), the ranks of ESCO ``product manager`` for the three
origins the architecture notes measured with plain exact-skill coverage, and the top 10 of
a few other origins (a check against overfitting the well-known moves).
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

from careerpivot import transitions_service as ts
from careerpivot.analysis import pathways as pw
from careerpivot.analysis import transitions as tr
from careerpivot.analysis.transition_models import Thresholds

#: (origin, target, why this pair) — ESCO occupations by URI-free title, pack roles by id.
MOVES: list[tuple[str, str, str]] = [
    ("customer_success", "pm", "pack feeder → pack PM role"),
    ("customer_success", "1223.1", "pack feeder → ESCO product manager"),
    ("support_lead", "product_ops", "pack feeder → pack product operations"),
    ("account_management", "pm", "pack feeder → pack PM role"),
    ("software_engineering", "pm", "pack feeder (ESCO software developer + competencies)"),
    ("2512.4", "pm", "ESCO software developer → pack PM role"),
    ("ux_ui_design", "pm", "pack feeder (UI designer, UX analyst + competencies)"),
    ("2513.3", "pm", "ESCO user interface designer → pack PM role"),
    ("data_analysis", "pm", "pack feeder (ESCO data analyst + competencies)"),
    ("2511.3", "pm", "ESCO data analyst → pack PM role"),
    ("2330.1", "2359.10", "ESCO secondary school teacher → instructional designer"),
    ("2221.2", "1342.1", "ESCO nurse responsible for general care → clinical informatics manager"),
    ("3322.1", "2433.4", "ESCO commercial sales representative → sales engineer"),
    ("sales", "2433.4", "pack sales feeder → ESCO sales engineer"),
    (
        "3322.1",
        "solutions_engineering",
        "ESCO sales rep → pack solutions engineer (alias: sales engineer)",
    ),
    ("sales", "solutions_engineering", "pack sales feeder → pack solutions engineer"),
    (
        "marketing",
        "1223.1",
        "pack marketing feeder → ESCO product manager (alt: product marketing manager)",
    ),
    ("1221.3.2", "1223.1", "ESCO marketing manager → ESCO product manager"),
    (
        "marketing",
        "1221.3.2",
        "pack marketing feeder → ESCO marketing manager (ESCO's other occupation with the "
        "alt label 'product marketing manager')",
    ),
]
#: Architecture notes: exact-skill coverage ranks ESCO product manager #2,241 / #548 / #88.
EXACT_REFERENCE = [("4225.1", 2241), ("2421.1", 548), ("2431.8", 88)]
#: Origins whose top 10 is printed: customer service representative, business analyst,
#: secondary school teacher, nurse responsible for general care.
TOP10_ORIGINS = ["4225.1", "2421.1", "2330.1", "2221.2"]
#: Thresholds of the older scorers as calibrated by their own builds on ESCO v1.1.1.
V1_THRESHOLDS = (0.332, 0.516)
V2_THRESHOLDS = (0.308, 0.476)


def _scores(m: tr.TransitionModel, row: int) -> np.ndarray:
    return tr.combine(tr.forward_facets(m, tr.profile_holder(m, row)), m.weights)


def sanity_table(ctx: ts.TransitionContext, m: tr.TransitionModel, th: Thresholds) -> int:
    """Print the well-known moves under model ``m``; return how many rank in the top 20."""
    fam = m.profiles.family
    head = f"{'origin':34} {'target':34} {'rank':>5} {'raw':>5} {'rev':>5} {'score':>6}  viability"
    print(head + "\n" + "-" * len(head))
    hits = 0
    for origin, target, why in MOVES:
        o, t = ts.resolve(ctx, origin), ts.resolve(ctx, target)
        fwd, back = _scores(m, o), _scores(m, t)
        # the origin's own family is no move (as in `careerpivot transitions`)
        rank = tr.rank_of(fwd, t, fam, tr.own_family(fam, [o]), distinct=True)
        raw = tr.rank_of(fwd, t, fam, tr.own_family(fam, [o]), distinct=False)
        rev = tr.rank_of(back, o, fam, tr.own_family(fam, [t]), distinct=True)
        hits += rank <= 20
        print(
            f"{m.profiles.labels[o][:34]:34} {m.profiles.labels[t][:34]:34} {rank:5d} {raw:5d} "
            f"{rev:5d} {fwd[t]:6.3f}  {tr.viability(float(fwd[t]), th)}  [{why}]"
        )
    print(f"in the top 20 (distinct families): {hits}/{len(MOVES)}")
    if m.pathways is not None:
        print("documented (pathway facet):")
        for origin, target, _why in MOVES:
            o, t = ts.resolve(ctx, origin), ts.resolve(ctx, target)
            lines = pw.evidence(m.pathways, [o], t, limit=1)
            print(
                f"  {m.profiles.labels[o][:30]:30} → {m.profiles.labels[t][:30]:30} "
                f"{lines[0] if lines else '—'}"
            )
    return hits


def main() -> int:
    t0 = time.perf_counter()
    ctx = ts.load_context(progress=lambda stage: print(f"  building: {stage}", file=sys.stderr))
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    ctx = ts.load_context()
    warm_load = time.perf_counter() - t0
    m = ctx.model
    fam = m.profiles.family
    print(
        f"profiles: {len(m.profiles)} ({m.profiles.kinds.count('pack')} pack roles), "
        f"skills: {len(m.space.uris)}, soft-credit entries: {m.space.credit.nnz:,}"
    )
    print(f"load: first call {cold:.2f} s, cached {warm_load * 1000:.1f} ms")
    times = []
    for origin, _target, _why in MOVES:
        t0 = time.perf_counter()
        ts.rank_transitions(origin, limit=20)
        times.append(time.perf_counter() - t0)
    print(
        f"rank all {len(m.profiles) - 1} targets for one origin (warm, {len(times)} origins): "
        f"median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms"
    )
    t0 = time.perf_counter()
    ts.transition("customer_success", "pm")
    print(
        f"one detailed transition with two-step routes: {(time.perf_counter() - t0) * 1000:.0f} ms"
    )
    th = ctx.thresholds
    print(
        f"\nthresholds: viable ≥ {th.viable:.3f}, highly viable ≥ {th.highly_viable:.3f} "
        f"({th.method}; {th.reference_pairs} reference pairs; background pairs above: "
        f"{th.background_share_viable:.1%} / {th.background_share_highly_viable:.1%}); "
        f"soft match {th.soft_match_low:.3f} → {th.soft_match_high:.3f}"
    )
    print(f"\n== {tr.SCORER} (default) ==")
    sanity_table(ctx, m, th)
    v2 = tr.build_model(m.space, m.profiles, tr.SCORERS["transitions.facets.v2"])
    th2 = th.model_copy(update={"viable": V2_THRESHOLDS[0], "highly_viable": V2_THRESHOLDS[1]})
    print(f"\n== transitions.facets.v2 (thresholds {V2_THRESHOLDS}) ==")
    sanity_table(ctx, v2, th2)
    v1 = tr.build_model(m.space, m.profiles, tr.SCORERS["transitions.facets.v1"])
    th1 = th.model_copy(update={"viable": V1_THRESHOLDS[0], "highly_viable": V1_THRESHOLDS[1]})
    print(f"\n== transitions.facets.v1 (thresholds {V1_THRESHOLDS}) ==")
    sanity_table(ctx, v1, th1)
    print(
        "rank = among distinct occupation families; raw = among all profiles; "
        "rev = rank of the origin in the target's own list"
    )
    print("\nESCO product manager, ours vs plain exact-skill coverage:")
    pm = ts.resolve(ctx, "1223.1")
    for origin, exact in EXACT_REFERENCE:
        o = ts.resolve(ctx, origin)
        s = _scores(m, o)
        print(
            f"  {m.profiles.labels[o]:34} "
            f"distinct #{tr.rank_of(s, pm, fam, tr.own_family(fam, [o]), distinct=True):<5} "
            f"raw #{tr.rank_of(s, pm, fam, tr.own_family(fam, [o]), distinct=False):<5} "
            f"exact-coverage #{exact}"
        )
    for origin in TOP10_ORIGINS:
        ranking = ts.rank_transitions(origin, limit=10)
        print(f"\ntop 10 for {ranking.origin.label} ({tr.SCORER}):")
        for t in ranking.transitions:
            facet = next(f.value for f in t.facets if f.name == "origin")
            print(
                f"  {t.rank:2d}. {t.target.label[:48]:48} {t.score:.3f} {t.viability:13} "
                f"origin facet {facet}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
