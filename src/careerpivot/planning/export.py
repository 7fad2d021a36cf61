"""Export a stored plan as Markdown or iCalendar (RFC 5545). Pure: returns text.

Both take the plan document of :meth:`careerpivot.planning.service.PlanView.to_dict`::

    {"id": "…", "target": "pm", "target_title": "Product manager", "created_at": "…",
     "body": {"routes": [...], "plan": {"start": "2026-01-05", "steps": [...], ...}},
     "steps": [{"key": "…", "title": "…", "due": "2026-02-01", "status": "todo"}, ...],
     "checkins": [...], "readiness": [{"at": "…", "readiness": 42.0, "terms": {...}}]}

The iCalendar file has one all-day ``VEVENT`` (on the due date) and one ``VTODO`` (due that
day, ``COMPLETED`` once done) per dated step, each with a stable ``UID`` and a ``DTSTAMP``.
Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character; text
values escape backslash, semicolon, comma and newline.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

PRODID = "-//CareerPivot//Plan export//EN"
UID_DOMAIN = "careerpivot.invalid"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    """An iCalendar TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold one content line at 75 octets (continuations start with a space), CRLF-ended."""
    out: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, MAX_OCTETS
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out) + "\r\n"


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return None


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _details(doc: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    plan = doc.get("body", {}).get("plan") or {}
    return {str(s.get("key")): s for s in plan.get("steps", []) if isinstance(s, Mapping)}


def to_ics(doc: Mapping[str, Any], *, now: datetime | None = None) -> str:
    """The plan's dated steps as an iCalendar file (text with CRLF line ends)."""
    stamp = _stamp(now or datetime.now(UTC))
    plan_id = str(doc.get("id", "plan"))
    target = str(doc.get("target_title") or doc.get("target") or "")
    details = _details(doc)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text('CareerPivot plan: ' + target)}",
    ]
    for step in doc.get("steps", []):
        due = _date(step.get("due"))
        if due is None:
            continue
        key = str(step["key"])
        summary = escape_text(str(step["title"]))
        detail = details.get(key, {})
        text = str(detail.get("detail") or "")
        phase = str(detail.get("phase") or "")
        description = escape_text(f"{phase}: {text}".strip(": ") if phase else text)
        done = step.get("status") == "done"
        day = due.strftime("%Y%m%d")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{plan_id}-{key}-event@{UID_DOMAIN}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day}",
            f"DTEND;VALUE=DATE:{(due + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{summary}",
            f"DESCRIPTION:{description}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
            "BEGIN:VTODO",
            f"UID:{plan_id}-{key}-todo@{UID_DOMAIN}",
            f"DTSTAMP:{stamp}",
            f"DUE;VALUE=DATE:{day}",
            f"SUMMARY:{summary}",
            f"DESCRIPTION:{description}",
            f"STATUS:{'COMPLETED' if done else 'NEEDS-ACTION'}",
            "END:VTODO",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def to_markdown(doc: Mapping[str, Any]) -> str:
    """The plan as a Markdown checklist with routes, resources, outreach and progress."""
    body = doc.get("body", {})
    plan = body.get("plan") or {}
    details = _details(doc)
    target = doc.get("target_title") or doc.get("target")
    out = [f"# Plan: {target}", ""]
    if plan.get("start"):
        out.append(
            f"From {plan['start']} to {plan.get('end', '')} at "
            f"{plan.get('hours_per_week', '?')} hours a week. Plan id: `{doc.get('id', '')}`."
        )
    routes = body.get("routes") or []
    if routes:
        out += ["", "## Routes", ""]
        for r in routes[:TOP_SHOWN]:
            out.append(
                f"{r['rank']}. **{r['title']}** — {r['score']}/100 "
                f"(confidence {r['confidence_label']}): {r['why']}"
            )
    out += ["", "## Steps", ""]
    phase = None
    for step in doc.get("steps", []):
        info = details.get(str(step["key"]), {})
        if info.get("phase") and info.get("phase") != phase:
            phase = info["phase"]
            out += ["", f"### {phase}", ""]
        box = "x" if step.get("status") == "done" else " "
        due = f"{step['due']} " if step.get("due") else ""
        out.append(f"- [{box}] {due}**{step['title']}** (`{step['key']}`)")
        if info.get("detail"):
            out.append(f"  {info['detail']}")
    resources = plan.get("resources") or []
    if resources:
        out += ["", "## Recommended resources", ""]
        for res in resources:
            link = f" <{res['url']}>" if res.get("url") else ""
            out.append(
                f"- **{res['title']}** ({res['type'].replace('_', ' ')}, cost {res['cost']}, "
                f"{res['time']}){link} — builds {', '.join(res.get('builds', []))}"
            )
    notes = plan.get("outreach") or []
    if notes:
        out += ["", "## Outreach notes (drafts: fill the [[…]] parts before sending)", ""]
        for note in notes:
            out += [f"### {note['title']}", "", f"> {note['text']}", ""]
    history = doc.get("readiness") or []
    if history:
        out += ["", "## Readiness over time", ""]
        for p in history:
            out.append(f"- {str(p['at'])[:16].replace('T', ' ')}: {float(p['readiness']):.0f}%")
    checkins = doc.get("checkins") or []
    if checkins:
        out += ["", "## Check-ins", ""]
        for c in checkins:
            step = f" `{c['step_key']}`" if c.get("step_key") else ""
            text = f": {c['text']}" if c.get("text") else ""
            out.append(f"- {str(c['at'])[:16].replace('T', ' ')} {c['kind']}{step}{text}")
    return "\n".join(out).rstrip() + "\n"


TOP_SHOWN = 7
