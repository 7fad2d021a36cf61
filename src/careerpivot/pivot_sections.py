"""The pivot report's optional sections: fit check, opportunity cost and transitions.

Adapter (I/O): each function opens what it needs (pack, taxonomy store, transition model),
calls the pure analysis, and returns a JSON-ready dict plus the notes the report shows about
it. A section that cannot be computed (no answers, no wage data for an occupation, no known
origin occupation) comes back as ``None`` with a note that says why, never as a guess.

Data contracts:

- ``fit``: :class:`careerpivot.analysis.fit.FitResult` as JSON.
- ``opportunity_cost``: :class:`careerpivot.analysis.opportunity_models.OpportunityCost` as
  JSON, plus ``origin_query`` (what stood for the person's current occupation).
- ``transitions``: ``{"origin", "scorer", "thresholds", "direct", "occupation_direct",
  "ranked", "steps", "implied_from", "implied_skills", "person_skills"}`` where ``direct`` is
  the person (their CV's skills, weighted, plus their occupations' skills at
  :data:`~careerpivot.transitions_service.IMPLIED_FACTOR`) → target
  :class:`~careerpivot.analysis.transition_models.Transition` (each matched pair also has
  ``from``: ``cv`` or ``role`` — implied by an occupation only), ``occupation_direct`` the same
  move for their current occupation alone, ``ranked`` the person's best distinct targets and
  ``person_skills`` the weights used with their terms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from careerpivot.errors import CareerPivotError
from careerpivot.packs.schema import FeederRole
from careerpivot.profile.models import Experience, Profile
from careerpivot.report.model import Summary, TargetSummary
from careerpivot.settings import Settings

#: Blocks of an answers file that are not fit-check items.
ANSWER_BLOCKS = ("situation", "opportunity")
#: Overrides an ``opportunity:`` block may set (see ``careerpivot opportunity --help``).
OPPORTUNITY_KEYS = ("salary", "currency", "region", "offer", "title_reset", "unpaid_months")
#: Jobs whose occupations are taken as implied skills (most recent first).
IMPLIED_JOBS = 3
RANKED_LIMIT = 10

Section = tuple[dict[str, Any] | None, list[str]]


def split_answers(raw: Mapping[str, object]) -> tuple[dict[str, object], dict[str, Any]]:
    """Fit-check items and the other blocks (``situation``, ``opportunity``) of an answers file."""
    items = {k: v for k, v in raw.items() if k not in ANSWER_BLOCKS}
    blocks = {k: dict(v) for k, v in raw.items() if k in ANSWER_BLOCKS and isinstance(v, dict)}
    return items, blocks


def fit_section(items: Mapping[str, object] | None, target: TargetSummary) -> Section:
    """The fit check scored from the answers (None without answers)."""
    if items is None:
        return None, [
            "The fit check was not computed: answer it with `careerpivot fit` and pass the "
            "answers with --answers FILE."
        ]
    from careerpivot.analysis.fit import score_fit
    from careerpivot.packs.extras import load_fit_questionnaire

    result = score_fit(load_fit_questionnaire(), items)
    notes = []
    if target.kind != "pack":
        notes.append(
            "The fit check asks about product management; read it with that in mind for "
            f"{target.title}."
        )
    return result.model_dump(mode="json"), notes


def job_occupation(job: Experience) -> str | None:
    """The occupation a job stands for: its accepted title match, else its best one not
    rejected (an ESCO URI or a pack role id); None without a match."""
    matches = [m for m in job.title_matches if m.status != "rejected"]
    matches.sort(key=lambda m: (m.status != "accepted", -m.score))
    return matches[0].uri if matches else None


def origin_occupations(profile: Profile, feeder: FeederRole | None) -> list[str]:
    """The occupations the person held, current first: the feeder role, then title matches."""
    out: list[str] = [feeder.id] if feeder else []
    jobs = sorted(profile.experiences, key=lambda j: not j.current)
    for job in jobs[:IMPLIED_JOBS]:
        occ = job_occupation(job)
        if occ and occ not in out:
            out.append(occ)
    return out


def years_in_track(profile: Profile, origin: str, feeder: FeederRole | None, as_of: date) -> float:
    """Years in the jobs that stand for ``origin``: the current job when ``origin`` is its
    feeder role, and every job whose title matched ``origin``."""
    months = 0
    for job in profile.experiences:
        same = job_occupation(job) == origin or (
            feeder is not None and origin == feeder.id and job.current
        )
        if same:
            months += job.duration_months(as_of) or 0
    return round(months / 12, 1)


def opportunity_section(
    origins: Sequence[str],
    target: TargetSummary,
    years_in_track: float | None,
    summary: Summary,
    overrides: Mapping[str, Any],
    settings: Settings | None,
) -> Section:
    """Staying vs pivoting, from the person's current occupation to the target."""
    from careerpivot.opportunity_service import compare

    if not origins:
        return None, [
            "The opportunity cost was not computed: no job title in the CV matched an "
            "occupation. Fix the title with `careerpivot profile --title N=…`."
        ]
    unknown = sorted(set(overrides) - set(OPPORTUNITY_KEYS))
    notes = [f"Ignored unknown opportunity setting(s): {', '.join(unknown)}."] * bool(unknown)
    given = {k: v for k, v in overrides.items() if k in OPPORTUNITY_KEYS and v is not None}
    if years_in_track is not None:
        given.setdefault("years_experience", min(50.0, years_in_track))
    if summary.transition_months is not None:
        given.setdefault("transition_months", min(120, summary.transition_months))
    errors = []
    for origin in origins:
        try:
            result = compare(origin, target.id, settings=settings, **given)
        except CareerPivotError as exc:
            errors.append(f"{origin}: {exc.code} {exc.message}")
            continue
        data = result.model_dump(mode="json")
        data["origin_query"] = origin
        return data, notes
    return None, [*notes, "The opportunity cost was not computed: " + "; ".join(errors)]


def transitions_section(
    profile: Profile,
    target: TargetSummary,
    origins: Sequence[str],
    as_of: date,
    settings: Settings | None,
) -> Section:
    """The person → target move, their current occupation's move, and adjacent roles."""
    from careerpivot.analysis.person_skills import person_skill_weights
    from careerpivot.transitions_service import IMPLIED_FACTOR, score_person, transition

    weights = person_skill_weights(profile.skills, as_of)
    skills = {w.uri: w.weight for w in weights}
    try:
        scored = score_person(
            target.id, skills, implied_from=origins, limit=RANKED_LIMIT, settings=settings
        )
    except CareerPivotError as exc:
        return None, [f"Transitions were not computed: {exc.code} {exc.message}"]
    notes = []
    occupation_direct = None
    if scored.implied_from:
        origin = scored.implied_from[0]
        try:
            occupation_direct = transition(origin.id, target.id, settings=settings)
        except CareerPivotError as exc:  # e.g. origin and target are the same role
            notes.append(f"The move from {origin.label} was not scored: {exc.message}")
    else:
        notes.append(
            "No job title matched an occupation, so the transitions use your CV's skills only."
        )
    ranked = scored.ranked
    direct = scored.direct.model_dump(mode="json")
    for pair in direct["matched_pairs"]:
        # "cv": the person's own evidence; "role": only what their occupations usually need
        pair["from"] = "role" if pair["origin_uri"] in scored.implied else "cv"
    data: dict[str, Any] = {
        "origin": ranked.origin.model_dump(mode="json"),
        "scorer": ranked.scorer,
        "thresholds": ranked.thresholds.model_dump(mode="json"),
        "direct": direct,
        "occupation_direct": (
            occupation_direct.model_dump(mode="json") if occupation_direct else None
        ),
        "ranked": [t.model_dump(mode="json") for t in ranked.transitions],
        "steps": [s.model_dump(mode="json") for s in scored.direct.steps],
        "implied_from": [r.model_dump(mode="json") for r in scored.implied_from],
        "implied_factor": IMPLIED_FACTOR,
        "implied_skills": len(scored.implied),
        "person_skills": [w.model_dump(mode="json") for w in weights[:40]],
    }
    return data, notes
