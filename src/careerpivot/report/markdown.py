"""Render a :class:`~careerpivot.report.model.PivotReport` as Markdown.

Sections, in order: summary with reasons; the role; what you bring; fit check; opportunity
cost; gaps and actions; adjacent and stepping-stone roles; routes and plan (when present);
notes. Every number is printed with the terms it came from.
"""

from __future__ import annotations

from careerpivot.analysis.gaps import Gap
from careerpivot.report.html_sections import (
    fit_view,
    money,
    opportunity_view,
    transitions_view,
)
from careerpivot.report.model import PivotReport, competencies_unseen

_BAR = "█"


def _bar(level: int | None, width: int = 4) -> str:
    if level is None:
        return "?" + "·" * (width - 1)
    return _BAR * level + "·" * (width - level)


def _quote(text: str) -> str:
    return "“" + " ".join(text.split()) + "”"


def _summary(r: PivotReport) -> list[str]:
    out = [f"# Pivot report: {r.person.current_title or 'you'} → {r.target.title}", ""]
    who = r.person.name or "You"
    out += [f"*{who} · generated {r.generated_on.isoformat()} · schema {r.schema_version}*", ""]
    out += ["## Summary", "", f"**{r.summary.headline}**", ""]
    out += [f"- {reason}" for reason in r.summary.reasons]
    if r.summary.readiness is not None:
        t = r.summary.readiness_terms
        out += [
            "",
            f"Readiness {r.summary.readiness}% = shown levels {t.get('shown_levels', 0):g} ÷ "
            f"expected levels {t.get('expected_levels', 0):g} (low-confidence levels count × 0.6).",
        ]
    return out


def _role(r: PivotReport) -> list[str]:
    t = r.target
    out = ["", f"## The role: {t.title}", "", t.summary]
    if t.responsibilities:
        out += ["", "What the job involves:", ""] + [f"- {x}" for x in t.responsibilities]
    if t.esco_note:
        out += ["", f"*Taxonomy note:* {t.esco_note}"]
    return out


def _bring(r: PivotReport) -> list[str]:
    out = ["", "## What you bring", ""]
    if r.person.feeder_title:
        out.append(f"Your current role matches *{r.person.feeder_title}* in CareerPivot's pack.")
        out.append("")
    for s in r.strengths:
        tag = "from your CV" if s.source == "evidence" else "typical of your role"
        out.append(f"- **{s.name}** ({tag}) — {s.why}")
        out += [f"  - {_quote(q)}" for q in s.evidence]
    out += ["", "### Competencies (0–4)", ""]
    unseen = competencies_unseen(r)
    if unseen:
        return [*out, unseen]
    out += ["| competency | you | role expects | confidence | evidence |", "|---|---|---|---|---|"]
    for c in r.competencies:
        quote = _quote(c.evidence[0].sentence) if c.evidence else c.explanation
        level = "n/a" if c.level is None else str(c.level)
        expected = "" if c.expected is None else str(c.expected)
        out.append(
            f"| {c.name} | {_bar(c.level)} {level} | {expected} | {c.confidence} | "
            f"{quote.replace('|', '/')} |"
        )
    return out


def _fit(r: PivotReport) -> list[str]:
    out = ["", "## Is it right for you? (fit check)", ""]
    view = fit_view(r.fit)
    if view is None:
        return [*out, "Not answered yet: run with `--answers FILE` (see `careerpivot fit`)."]
    for dim in view["dimensions"]:
        score = dim["score"]
        shown = "not enough information" if score is None else f"{score:g}/100"
        out.append(f"- **{dim['name']}**: {shown} — {dim['explanation']}")
        out += [f"  - downside: {d}" for d in dim["downsides"][:2]]
    out += [f"- To weigh: {thing}" for thing in view["things_to_weigh"]]
    return out


def _opportunity(r: PivotReport) -> list[str]:
    out = ["", "## Opportunity cost: staying vs pivoting", ""]
    view = opportunity_view(r.opportunity_cost)
    if view is None:
        return [*out, "Not computed (no wage data for this pair)."]
    cur = view["currency"]
    if view["horizons"]:
        out += ["| years | pivot total − stay total |", "|---|---|"]
        out += [
            f"| {h['years']} | {money(h['value'], cur, signed=True)} |" for h in view["horizons"]
        ]
    if view["break_even"]:
        out += ["", view["break_even"]]
    out += ["", "Assumptions:", ""] + [f"- {a}" for a in view["assumptions"]]
    out += ["", "Caveats:", ""] + [f"- {c}" for c in view["caveats"]]
    if view["risks"]:
        out += ["", "Risks:", ""] + [f"- {x}" for x in view["risks"]]
    return out


def _skill_gaps(gaps: list[Gap]) -> list[str]:
    """The essential-skill gaps of a target without competency levels, as one table."""
    out = [
        f"Essential ESCO skills: {sum(g.status == 'have' for g in gaps)} shown, "
        f"{sum(g.status == 'partial' for g in gaps)} in part, "
        f"{sum(g.status == 'missing' for g in gaps)} missing.",
        "",
        "| skill | status | action | hours | why |",
        "|---|---|---|---|---|",
    ]
    for g in gaps:
        a = g.actions[0] if g.actions else None
        cells = [
            g.name,
            g.status.replace("_", " "),
            a.type.replace("_", " ") if a else "",
            f"{a.effort_hours[0]}–{a.effort_hours[1]}" if a else "",
            g.explanation.split("; ", 1)[-1],
        ]
        out.append("| " + " | ".join(c.replace("|", "/").replace("\n", " ") for c in cells) + " |")
    out += [
        "",
        "Actions: *proof* = put the quoted example forward with its result; *translation* = "
        "describe a recent example of the skill in your CV; *bridge project* = practise it in "
        "a small project, at work or on your own, then add what you did; *foundation learning* "
        "= learn the basics first (a course or a book). Hours are focused work per skill.",
    ]
    return out


def _gaps(r: PivotReport) -> list[str]:
    out = ["", "## Gaps and actions", ""]
    skills = [g for g in r.gaps if g.kind == "skill"]
    if skills and len(skills) == len(r.gaps):
        return [*out, *_skill_gaps(skills)]
    for g in r.gaps:
        if g.status == "have":
            continue
        head = f"### {g.name} — {g.status.replace('_', ' ')}"
        out += [head, "", g.explanation, ""]
        for a in g.actions:
            lo, hi = a.effort_hours
            out.append(f"- *{a.type.replace('_', ' ')}* ({lo}–{hi} h): {a.text}")
        out.append("")
    have = [g.name for g in r.gaps if g.status == "have"]
    if have:
        out.append(f"Already shown: {', '.join(have)}.")
    return out


def _transitions(r: PivotReport) -> list[str]:
    out = ["", "## Adjacent and stepping-stone roles", ""]
    view = transitions_view(r.transitions)
    if view is None:
        return [*out, "Not computed."]
    direct = view["direct"]
    if direct and direct["score"] is not None:
        out.append(
            f"This move, scored on your skills: {direct['score']:.2f} ({direct['viability']})."
        )
        for pair in direct["matched"][:6]:
            source = " (usual in your role, not quoted from your CV)" if pair["implied"] else ""
            out.append(f"- carries over: {pair['have']} → {pair['need']}{source}")
        if direct["missing"]:
            out.append(f"- to build: {', '.join(direct['missing'][:6])}")
        for line in direct["documented"]:
            out.append(f"- documented move: {line}")
        out.append("")
        out.append("Roles closest to your skills:")
        out.append("")
    for row in view["ranked"][:10]:
        score = row["score"]
        shown = "" if score is None else f" — score {score:.2f}"
        out.append(f"- {row['label']}{shown} ({row['viability']})")
    for step in view["steps"][:3]:
        out.append(f"- Stepping stone: {step.get('text') or step.get('via')}")
    return out


def _routes_plan(r: PivotReport) -> list[str]:
    out: list[str] = []
    if r.routes:
        out += ["", "## How to break in: routes", ""]
        for route in r.routes:
            out.append(
                f"{route.get('rank', '-')}. **{route.get('title')}** — {route.get('score')}/100, "
                f"confidence {route.get('confidence_label', 'n/a')}: {route.get('why', '')}"
            )
            terms = [
                f"{t.get('label')}: {t.get('value_label')} ({int(t.get('points', 0)):+d})"
                for t in route.get("terms", [])
            ]
            if terms:
                out.append(f"   - From: base {route.get('base')}; " + "; ".join(terms))
            for change in route.get("what_would_change", [])[:3]:
                out.append(f"   - Would change it: {change}")
    if r.plan:
        plan = r.plan
        out += ["", "## Plan", ""]
        if plan.get("start"):
            out += [
                f"From {plan['start']} to {plan.get('end')} at {plan.get('hours_per_week')} "
                "hours a week.",
                "",
            ]
        steps = {s.get("key"): s for s in plan.get("steps", [])}
        phases = [p for p in plan.get("phases", []) if p.get("steps")]
        for phase in phases or [{"name": "Steps", "steps": list(steps)}]:
            out += [f"### {phase.get('name')}", ""]
            for key in phase.get("steps", []):
                step = steps.get(key) or {}
                out.append(f"- [ ] {step.get('due', '')} {step.get('title', '')}")
            out.append("")
        if plan.get("resources"):
            out += ["### Recommended resources", ""]
            for res in plan["resources"]:
                out.append(
                    f"- **{res.get('title')}** ({res.get('type', '').replace('_', ' ')}, cost "
                    f"{res.get('cost')}, {res.get('time')})"
                )
            out.append("")
        for note in plan.get("outreach", []):
            out += [
                f"### {note.get('title')} (draft; fill the [[…]] parts)",
                "",
                f"> {note.get('text')}",
                "",
            ]
        out += [f"- {n}" for n in plan.get("notes", [])]
    return out


def render_markdown(report: PivotReport) -> str:
    """The whole report as Markdown text."""
    parts = (
        _summary(report)
        + _role(report)
        + _bring(report)
        + _fit(report)
        + _opportunity(report)
        + _gaps(report)
        + _transitions(report)
        + _routes_plan(report)
    )
    if report.notes:
        parts += ["", "## Notes", ""] + [f"- {n}" for n in report.notes]
    return "\n".join(parts).rstrip() + "\n"
