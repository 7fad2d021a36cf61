"""Views of the report's optional sections (fit, opportunity cost, transitions) for HTML.

These sections arrive in :class:`~careerpivot.report.model.PivotReport` as plain JSON dicts
produced by other modules (:class:`careerpivot.analysis.fit.FitResult`,
:class:`careerpivot.analysis.opportunity.OpportunityCost`,
:mod:`careerpivot.analysis.transition_models`). The functions here read them defensively:
a missing or malformed key drops that part of the view, never the whole report, and nothing
is filled in that the dict does not say. Each view is a dict of plain values for the
template; charts are SVG strings from :mod:`careerpivot.report.charts`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from careerpivot.report.charts import Bar, Series, bar_chart, line_chart

HORIZONS = (1, 3, 5, 10)
FALLBACK_CAVEAT = (
    "These figures came without a data caveat. Modelled pay is indicative only: it is not an "
    "offer and not your local market."
)


def number(value: Any) -> float | None:
    """A number from a plain number or a ``Figure``-like ``{"value": …}`` dict, else None."""
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if isinstance(v, str | int | float) and str(v).strip()]
    return []


def _dicts(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, dict)]
    return []


def money(value: float | None, currency: str, signed: bool = False) -> str:
    """``USD 55,110``; with ``signed``, differences get a sign (``USD +1,200``, ``USD −800``)."""
    if value is None:
        return "n/a"
    if signed:
        sign = "+" if value > 0 else "−" if value < 0 else ""
        return f"{currency} {sign}{abs(value):,.0f}"
    return f"{currency} {value:,.0f}"


def _terms_text(fig: Any, currency: str) -> str | None:
    """``pivot total USD 1 − stay total USD 2`` from a two-term ``Figure``, else its formula."""
    if not isinstance(fig, dict):
        return None
    terms = [x for x in _dicts(fig.get("terms")) if number(x.get("value")) is not None]
    if len(terms) == 2:
        a, b = terms
        return (
            f"{a.get('name', '')} {money(number(a['value']), currency)} − "
            f"{b.get('name', '')} {money(number(b['value']), currency)}"
        )
    formula = fig.get("formula")
    return str(formula) if formula else None


# --- fit ---------------------------------------------------------------------------------


def fit_view(fit: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The fit check (``FitResult`` JSON) as a view with a 0–100 bar chart, or None."""
    if not fit:
        return None
    dims: list[dict[str, Any]] = []
    for d in _dicts(fit.get("dimensions")):
        score = number(d.get("score"))
        terms = [
            {
                "question": str(t.get("question", t.get("item_id", ""))),
                "answer": str(t.get("answer_label", t.get("answer", ""))),
                "score": number(t.get("score")),
                "means": t.get("means") or "",
            }
            for t in _dicts(d.get("terms"))
        ]
        dims.append(
            {
                "name": str(d.get("name") or d.get("id") or "dimension"),
                "description": str(d.get("description") or ""),
                "score": score,
                "band": d.get("band"),
                "answered": d.get("answered"),
                "items": d.get("items"),
                "explanation": str(d.get("explanation") or ""),
                "terms": terms,
                "downsides": _texts(d.get("downsides")),
            }
        )
    bars = [
        Bar(
            label=d["name"],
            value=d["score"],
            note=(
                f"{d['score']:g}/100" + (f" ({d['band']})" if d["band"] else "")
                if d["score"] is not None
                else f"{d['answered']} of {d['items']} answered"
                if isinstance(d["answered"], int) and isinstance(d["items"], int)
                else "no score"
            ),
        )
        for d in dims
    ]
    chart = (
        bar_chart(
            bars,
            chart_id="chart-fit",
            title="Fit check: score per dimension (0–100)",
            desc="One bar per fit dimension, scored 0 to 100 from your questionnaire answers; "
            "0–33 is low, 34–66 mid, 67–100 high. A dashed box means not enough answers to "
            "score that dimension. There is no overall verdict.",
            max_value=100,
            ticks=[0, 25, 50, 75, 100],
            legend=[("solid", "score from your answers"), ("unknown", "not enough information")],
        )
        if bars
        else None
    )
    return {
        "title": str(fit.get("title") or "Fit check"),
        "answered": fit.get("answered"),
        "total_items": fit.get("total_items"),
        "scorer": fit.get("scorer"),
        "dimensions": dims,
        "things_to_weigh": _texts(fit.get("things_to_weigh")),
        "derived": [
            {"name": str(x.get("name", "")), "explanation": str(x.get("explanation", ""))}
            for x in _dicts(fit.get("derived"))
        ],
        "chart": chart,
    }


# --- opportunity cost --------------------------------------------------------------------


def _side(side: Any, currency: str, heading: str) -> dict[str, Any] | None:
    if not isinstance(side, dict):
        return None
    start, peak = side.get("start_pay"), side.get("peak_pay")
    return {
        "heading": heading,
        "label": str(side.get("label") or ""),
        "soc": " ".join(str(side.get(k) or "") for k in ("soc_code", "soc_title")).strip(),
        "release": side.get("release"),
        "uncertainty": side.get("uncertainty"),
        "basis": side.get("basis"),
        "note": side.get("note"),
        "alternatives": _texts(side.get("alternatives")),
        "start_pay": money(number(start), currency) if number(start) is not None else None,
        "start_formula": start.get("formula") if isinstance(start, dict) else None,
        "peak_role": side.get("peak_role"),
        "peak_pay": money(number(peak), currency) if number(peak) is not None else None,
        "peak_formula": peak.get("formula") if isinstance(peak, dict) else None,
    }


def _horizons(
    oc: Mapping[str, Any], points: Sequence[dict[str, Any]], currency: str
) -> list[dict[str, Any]]:
    rows = []
    for h in _dicts(oc.get("horizons")):
        cum = h.get("cumulative_difference", h.get("difference"))
        if number(h.get("years")) is not None and number(cum) is not None:
            how = _terms_text(cum, currency)
            rows.append({"years": int(h["years"]), "value": number(cum), "formula": how})
    if rows:
        return rows
    by_year = {int(p["year"]): p for p in points}
    return [
        {"years": y, "value": by_year[y]["cumulative"], "formula": None}
        for y in HORIZONS
        if y in by_year and by_year[y]["cumulative"] is not None
    ]


def opportunity_view(oc: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The opportunity cost (``OpportunityCost`` JSON) with a pay-trajectory chart, or None."""
    if not oc:
        return None
    cur = str(oc.get("currency") or "USD")
    points: list[dict[str, Any]] = []
    for p in _dicts(oc.get("years")):
        year, stay, pivot = number(p.get("year")), number(p.get("stay")), number(p.get("pivot"))
        if year is None or stay is None or pivot is None:
            continue
        points.append(
            {
                "year": int(year),
                "stay": stay,
                "pivot": pivot,
                "difference": number(p.get("difference")),
                "cumulative": number(p.get("cumulative_difference")),
                "pivot_formula": (p.get("pivot") or {}).get("formula")
                if isinstance(p.get("pivot"), dict)
                else None,
            }
        )
    points.sort(key=lambda p: p["year"])
    origin = _side(oc.get("origin"), cur, "Staying")
    target = _side(oc.get("target"), cur, "Pivoting")
    stay_name = f"Stay: {origin['label']}" if origin and origin["label"] else "Stay"
    pivot_name = f"Pivot: {target['label']}" if target and target["label"] else "Pivot"
    chart = None
    be = oc.get("break_even_year")
    if len(points) >= 2:
        short = cur + " {:,.0f}k"

        chart = line_chart(
            [
                Series(stay_name, [p["stay"] for p in points], short="stay"),
                Series(pivot_name, [p["pivot"] for p in points], short="pivot"),
            ],
            [p["year"] for p in points],
            chart_id="chart-pay",
            title=f"Modelled yearly pay, staying vs pivoting, over {len(points)} years ({cur})",
            desc=f"Two lines of annual gross pay in {cur}, one point per year: the solid line "
            "with circles is staying in your current role, the dashed line with squares is "
            "pivoting (including the months before you switch and any unpaid gap). "
            "Modelled figures, see the assumptions below the chart.",
            x_label="year",
            y_label=f"pay per year ({cur})",
            value_format=lambda v: "0" if v == 0 else short.format(v / 1000),
            x_marker=(be, "cumulative break-even") if isinstance(be, int) and be > 1 else None,
        )
    caveats = _texts(oc.get("caveats")) or [FALLBACK_CAVEAT]
    return {
        "currency": cur,
        "model": oc.get("model"),
        "points": points,
        "horizons": _horizons(oc, points, cur),
        "break_even": oc.get("break_even") or "",
        "break_even_year": oc.get("break_even_year"),
        "sides": [s for s in (origin, target) if s],
        "title_reset": bool(oc.get("title_reset")),
        "entry_role": oc.get("entry_role"),
        "assumptions": _texts(oc.get("assumptions")),
        "caveats": caveats,
        "risks": _texts(oc.get("risks")),
        "chart": chart,
    }


# --- transitions -------------------------------------------------------------------------


def _label(ref: Any) -> str:
    if isinstance(ref, dict):
        return str(ref.get("label") or ref.get("title") or ref.get("id") or "")
    return str(ref or "")


def _move(item: Mapping[str, Any]) -> dict[str, Any]:
    target = item.get("target")
    facets = [
        {
            "name": str(f.get("name", "")),
            "value": number(f.get("value")),
            "share": number(f.get("share")),
            "note": str(f.get("note") or ""),
        }
        for f in _dicts(item.get("facets"))
    ]
    return {
        "label": _label(target) if target is not None else _label(item.get("label")),
        "score": number(item.get("score")),
        "viability": item.get("viability") or "",
        "job_zone_gap": number(item.get("job_zone_gap")),
        "wage_ratio": number(item.get("wage_ratio")),
        "wage_basis": item.get("wage_basis"),
        "facets": facets,
        "missing": [_label(m) for m in _dicts(item.get("missing_essentials"))][:8],
        "matched": [
            {
                "have": str(m.get("origin_label", "")),
                "need": str(m.get("target_label", "")),
                "similarity": number(m.get("similarity")),
                "implied": m.get("from") == "role",
            }
            for m in _dicts(item.get("matched_pairs"))
            if m.get("relation") == "essential"
        ][:8],
        "steps": _steps(item.get("steps")),
        "documented": [str(x) for x in item.get("documented") or [] if isinstance(x, str)][:3],
    }


def _steps(value: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for step in value if isinstance(value, list | tuple) else []:
        if isinstance(step, str):
            out.append({"text": step})
        elif isinstance(step, dict):
            out.append(
                {
                    "via": _label(step.get("via")),
                    "first_leg": number(step.get("first_leg")),
                    "second_leg": number(step.get("second_leg")),
                    "score": number(step.get("score")),
                }
            )
    return out


def transitions_view(tr: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Adjacent and stepping-stone roles from a transitions dict, or None.

    Accepts a ``Ranking`` JSON (``origin``, ``transitions``, ``thresholds``) or a dict with
    ``direct`` (one ``Transition``: origin → the target), ``ranked``/``adjacent`` (lists of
    ``Transition`` JSON or flat ``{label, score, viability}`` rows) and ``steps``.
    """
    if not tr:
        return None
    ranked_raw: Any = next(
        (tr[k] for k in ("ranked", "adjacent", "transitions") if isinstance(tr.get(k), list)), []
    )
    ranked = [_move(x) for x in _dicts(ranked_raw)]
    direct_raw = next(
        (tr[k] for k in ("direct", "transition", "target") if isinstance(tr.get(k), dict)), None
    )
    direct = _move(direct_raw) if direct_raw and "score" in direct_raw else None
    steps = _steps(tr.get("steps"))
    if direct and not steps:
        steps = direct["steps"]
    th = tr.get("thresholds")
    thresholds = (
        f"viable ≥ {number(th.get('viable')):.2f}, highly viable ≥ "
        f"{number(th.get('highly_viable')):.2f} ({th.get('method', '')})"
        if isinstance(th, dict)
        and number(th.get("viable")) is not None
        and number(th.get("highly_viable")) is not None
        else None
    )
    occupation = tr.get("occupation_direct")
    if not isinstance(occupation, dict):
        occupation = None
    return {
        "origin": _label(tr.get("origin")),
        "scorer": tr.get("scorer"),
        "direct": direct,
        "occupation": _move(occupation) if occupation else None,
        "occupation_origin": _label(occupation.get("origin")) if occupation else "",
        "implied_from": [_label(r) for r in _dicts(tr.get("implied_from"))],
        "implied_factor": number(tr.get("implied_factor")),
        "ranked": ranked[:12],
        "steps": steps[:5],
        "thresholds": thresholds,
    }


def routes_view(routes: Any) -> dict[str, Any] | None:
    """The break-in routes for the template, with a score chart (SVG); None when absent.

    Each route: ``rank, title, kind, score, confidence_label, why, summary, terms`` (fact
    label, value label, signed points, reason), ``unknown`` and ``what_would_change``.
    """
    from careerpivot.report.charts import Bar, BarStyle, bar_chart

    rows = _dicts(routes)
    if not rows:
        return None
    items = []
    for r in rows:
        terms = [
            {
                "label": str(t.get("label", "")),
                "value": str(t.get("value_label", "")),
                "points": f"{int(t.get('points', 0)):+d}",
                "reason": str(t.get("reason", "")),
                "source": str(t.get("source", "")),
            }
            for t in _dicts(r.get("terms"))
        ]
        items.append(
            {
                "rank": r.get("rank"),
                "title": str(r.get("title", r.get("id", ""))),
                "kind": str(r.get("kind", "")),
                "score": number(r.get("score")),
                "base": number(r.get("base")),
                "confidence": str(r.get("confidence_label", "")),
                "why": str(r.get("why", "")),
                "summary": str(r.get("summary", "")),
                "terms": terms,
                "changes": _texts(r.get("what_would_change")),
            }
        )
    styles: dict[str, BarStyle] = {"high": "solid", "medium": "light"}
    bars = []
    for i in items:
        score = number(i["score"])
        note = "not scored" if score is None else f"{score:.0f} · confidence {i['confidence']}"
        style = styles.get(str(i["confidence"]), "hatched")
        bars.append(Bar(label=f"{i['rank']}. {i['title']}", value=score, note=note, style=style))
    chart = bar_chart(
        bars,
        chart_id="chart-routes",
        title="Routes into the role, scored for your situation (0-100)",
        desc="One row per route, best first. The bar is the route's score from 0 to 100: "
        "solid for high confidence, light for medium, hatched for low (facts the score depends "
        "on are unknown). The text on the right repeats the score and confidence.",
        max_value=100,
        ticks=(0, 25, 50, 75, 100),
        legend=[("solid", "high confidence"), ("light", "medium"), ("hatched", "low")],
    )
    return {"items": items, "chart": chart}


def plan_section_view(plan: Any) -> dict[str, Any] | None:
    """The dated plan for the template: phases with their steps, resources, outreach notes."""
    if not isinstance(plan, Mapping):
        return None
    steps = {str(s.get("key")): s for s in _dicts(plan.get("steps"))}
    phases = []
    for ph in _dicts(plan.get("phases")):
        rows = [steps[k] for k in _texts(ph.get("steps")) if k in steps]
        if rows:
            phases.append(
                {"name": str(ph.get("name", "")), "until": ph.get("until"), "steps": rows}
            )
    if not phases and steps:
        phases = [{"name": "Steps", "until": plan.get("end"), "steps": list(steps.values())}]
    return {
        "start": plan.get("start"),
        "end": plan.get("end"),
        "hours_per_week": plan.get("hours_per_week"),
        "hours_total": plan.get("hours_total"),
        "phases": phases,
        "resources": _dicts(plan.get("resources")),
        "outreach": _dicts(plan.get("outreach")),
        "notes": _texts(plan.get("notes")),
    }
