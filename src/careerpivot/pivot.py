"""The main job: a CV (or edited profile) and a target role in, a :class:`PivotReport` out.

This module is the adapter around the pure analysis: it reads the profile (honouring the
user's corrections), resolves the target (pack role id or alias, ESCO URI/code or title),
loads what the analysis needs from the taxonomy store and the embedding cache, and assembles
the report. It never invents content: every sentence in the report comes from the person's
CV, the taxonomy or the authored pack.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from careerpivot.analysis.competencies import CompetencyScore, score_competencies
from careerpivot.analysis.gaps import (
    NEAR_CREDIT,
    Gap,
    competency_gaps,
    essential_skill_gaps,
    transition_months,
)
from careerpivot.analysis.readiness import readiness
from careerpivot.analysis.strengths import Strength, skill_strengths, transferable_strengths
from careerpivot.errors import InputError, NotFoundError
from careerpivot.packs.schema import FeederRole, Pack, PmRole
from careerpivot.profile.models import Experience, Profile, SkillEvidence
from careerpivot.report.model import Job, PersonSummary, PivotReport, Summary, TargetSummary
from careerpivot.settings import Settings

#: Person skills count toward a competency when their description embedding is this close
#: to one of the competency's ESCO skills (cosine); the link strength is the cosine.
SOFT_LINK_MIN = 0.72
PHRASE_LINK = 0.9
#: The optional report sections :func:`build_report` computes by default.
SECTIONS = ("fit", "opportunity_cost", "transitions", "routes")
#: Sections computed from the person's CV and answers before the routes and plan.
_ANALYSIS_SECTIONS = ("fit", "opportunity_cost", "transitions")


def resolve_target(target: str, pack: Pack, settings: Settings | None = None) -> TargetSummary:
    """Resolve ``--to TARGET`` to a pack role or an ESCO occupation.

    Raises:
        NotFoundError: CP-OCC001 with suggestions when nothing matches well.
    """
    from careerpivot.occupations import show

    role = pack.get_role(target)
    if role is None:
        try:
            role = pack.find_role(target)
        except NotFoundError:  # not a pack role: fall back to the taxonomy search
            role = None
    if role is None:
        view = show(_clear_title(target, settings), settings=settings)
        if view.role is not None:
            role = pack.get_role(str(view.role["id"]))
        elif view.occupation is not None:
            occ = view.occupation
            return TargetSummary(
                id=occ.uri,
                title=occ.preferred_label,
                kind="esco",
                summary=occ.description or "",
                esco_occupations=[occ.uri],
            )
    assert role is not None
    if isinstance(role, PmRole):
        return TargetSummary(
            id=role.id,
            title=role.title,
            kind="pack",
            summary=role.summary,
            responsibilities=list(role.responsibilities),
            expected_levels=dict(role.expected_levels),
            esco_occupations=[r.uri for r in role.esco_occupations],
            esco_note=role.esco_note,
        )
    return TargetSummary(
        id=role.id,
        title=role.title,
        kind="pack",
        summary=role.summary,
        esco_occupations=[r.uri for r in role.esco_occupations],
    )


def _clear_title(target: str, settings: Settings | None) -> str:
    """``target`` itself when it is an ESCO URI or code, else the id of the one occupation or
    role the title names (:func:`careerpivot.occupations.resolve`).

    Raises:
        NotFoundError: CP-OCC001 when nothing matches well, CP-OCC003 with the closest titles
            when several match about equally ("manager", "nurse" are not guessed).
    """
    from careerpivot.occupations import resolve

    key = " ".join(target.lower().split())
    if key.startswith("http") or any(ch.isdigit() for ch in key):
        return target  # an ESCO URI or code: looked up as such
    return resolve(target, settings=settings).id


def _current_job(profile: Profile) -> Experience | None:
    """The job marked current, else the first listed (CVs list the latest first)."""
    return next((j for j in profile.experiences if j.current), None) or next(
        iter(profile.experiences), None
    )


def detect_feeder(
    profile: Profile, pack: Pack, settings: Settings | None = None
) -> FeederRole | None:
    """The pack feeder role of the person's current (or latest) job, if its title matches one."""
    job = _current_job(profile)
    if job is None:
        return None
    feeders = {f.id: f for f in pack.feeders}
    for match in job.title_matches:
        if match.uri in feeders and match.status != "rejected":
            return feeders[match.uri]
    from careerpivot.occupations import search

    # the title ranker's matches were tried above; this is the fuzzy fallback for the
    # pack's own feeder titles and aliases ("support agent", "CSM")
    for hit in search(job.title, limit=5, settings=settings, semantic=False).hits:
        if hit.source == "pack" and hit.id in feeders and hit.score >= 70:
            return feeders[hit.id]
    return None


@functools.lru_cache(maxsize=1)
def _phrase_competencies() -> dict[str, set[str]]:
    from careerpivot.packs.phrases import load_cv_phrases

    out: dict[str, set[str]] = {}
    for entry in load_cv_phrases().phrases:
        for ref in entry.skills:
            out.setdefault(ref.uri, set()).update(entry.competencies)
    return out


def competency_links(
    pack: Pack,
    skills: Sequence[SkillEvidence],
    desc_vec: Mapping[str, np.ndarray[Any, Any]] | None = None,
) -> dict[str, dict[str, float]]:
    """For each competency, the person's skills that bear on it and how strongly (0–1).

    1.0 for the competency's own ESCO skills; :data:`PHRASE_LINK` for skills the pack's CV
    phrases tie to the competency; otherwise the best description-embedding cosine with one
    of the competency's skills when it reaches :data:`SOFT_LINK_MIN`, except for skills the
    phrases tie to other competencies: the phrases say what such a skill shows (*lead a
    team*, from ``team_leadership``, shows execution and communication, and is not also
    influencing without authority because it resembles *lead others*). A phrase that names a
    skill without competencies (``support_channels``) leaves it to the likeness.
    """
    phrase = _phrase_competencies()
    links: dict[str, dict[str, float]] = {}
    for comp in pack.competencies:
        own = {r.uri for r in comp.esco_skills}
        comp_vecs = [desc_vec[u] for u in own if desc_vec and u in desc_vec]
        out: dict[str, float] = {}
        for skill in skills:
            if skill.uri in own:
                out[skill.uri] = 1.0
                continue
            if comp.id in phrase.get(skill.uri, ()):
                out[skill.uri] = PHRASE_LINK
                continue
            if phrase.get(skill.uri):  # the phrases that name it say which competencies it shows
                continue
            if desc_vec and comp_vecs and skill.uri in desc_vec:
                sim = max(float(desc_vec[skill.uri] @ v) for v in comp_vecs)
                if sim >= SOFT_LINK_MIN:
                    out[skill.uri] = round(sim, 4)
        links[comp.id] = out
    return links


def phrase_gated_evidence(
    pack: Pack, skills: Sequence[SkillEvidence]
) -> dict[str, list[SkillEvidence]]:
    """Per competency, the skills whose evidence may count for it, for :func:`score_competencies`.

    A skill tied to a competency only by the pack's CV phrases (:data:`PHRASE_LINK`; not one
    of the competency's own ESCO skills) counts through the sentences where such a phrase
    names both: *maintain relationship with customers* shows execution where "onboarded 60
    customers" says it (phrase ``onboarding``: execution, user empathy), not where "own a
    book of 40 accounts" does (``book_of_business``: commercial orientation, stakeholders).
    Other skills keep all their evidence.
    """
    from careerpivot.packs.phrases import phrase_matcher

    matcher = phrase_matcher()
    if matcher is None:
        return {}
    phrase = _phrase_competencies()
    found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}

    def named(sentence: str) -> list[tuple[str, tuple[str, ...]]]:
        """(skill URI, competencies) of every phrase found in ``sentence``."""
        if sentence not in found:
            found[sentence] = [
                (ref.uri, hit.competencies) for hit in matcher.find(sentence) for ref in hit.skills
            ]
        return found[sentence]

    out: dict[str, list[SkillEvidence]] = {}
    for comp in pack.competencies:
        own = {r.uri for r in comp.esco_skills}
        kept: list[SkillEvidence] = []
        for skill in skills:
            if skill.uri in own or comp.id not in phrase.get(skill.uri, ()):
                kept.append(skill)
                continue
            evidence = [
                ev
                for ev in skill.evidence
                if any(u == skill.uri and comp.id in c for u, c in named(ev.sentence))
            ]
            if evidence:
                kept.append(skill.model_copy(update={"evidence": evidence}))
        out[comp.id] = kept
    return out


def _desc_vectors(uris: Sequence[str], settings: Settings | None) -> dict[str, Any] | None:
    from careerpivot.extract.service import load_extractor

    linker = load_extractor(settings=settings)
    index = getattr(linker, "index", None)
    if index is None:
        return None
    return {u: index.desc_vecs[index.position[u]] for u in uris if u in index.position}


def _not_the_current_role(profile: Profile, feeder: FeederRole | None, tgt: TargetSummary) -> None:
    """Raise CP-TRN003 when ``tgt`` is the occupation of the person's current (or latest) job:
    its pack feeder role or its title match. Staying is the baseline a report compares with,
    not a move (the opportunity cost would compare a path with itself)."""
    from careerpivot.pivot_sections import job_occupation

    current = {feeder.id} if feeder else set()
    job = _current_job(profile)
    if job is not None:
        current.add(job_occupation(job) or "")
    if tgt.id in current:
        raise InputError(
            "CP-TRN003",
            f"{tgt.title} is the occupation of your current job: a pivot report compares "
            "staying in it with a move",
            "choose the role you want to move into (e.g. --to pm); if your job title was "
            "matched wrongly, fix it with `careerpivot profile --title N=…`",
        )


def _essential_gaps(
    tgt: TargetSummary,
    transitions: Any,
    active: Sequence[SkillEvidence],
    settings: Settings | None,
) -> list[Gap]:
    """Skill gaps from the essential skills of a target without competency levels (see
    :func:`careerpivot.analysis.gaps.essential_skill_gaps`); none without a transition."""
    if not isinstance(transitions, dict) or not isinstance(transitions.get("direct"), dict):
        return []
    from careerpivot.settings import load as load_settings
    from careerpivot.taxonomy.store import TaxonomyStore

    direct = transitions["direct"]
    evidence = _sentences_by_skill(active)
    with TaxonomyStore.open((settings or load_settings()).store_path) as store:
        types = store.skill_types(str(m["uri"]) for m in direct["missing_essentials"])
    knowledge = {uri for uri, kind in types.items() if kind == "knowledge"}
    return essential_skill_gaps(
        tgt.title, direct["matched_pairs"], direct["missing_essentials"], evidence, knowledge
    )


def _sentences_by_skill(active: Sequence[SkillEvidence]) -> dict[str, list[str]]:
    """Each active skill's URI → the CV sentences it was found in (empty when only listed)."""
    return {s.uri: [e.sentence for e in s.evidence if e.kind == "sentence"] for s in active}


def _skill_strengths(
    tgt: TargetSummary, transitions: object, active: Sequence[SkillEvidence]
) -> list[Strength]:
    """For a target without competency levels: the CV's skills that bear on its ESCO skills
    (:func:`careerpivot.analysis.strengths.skill_strengths`); none for a pack role with
    levels or without a transition."""
    if tgt.product_role or not isinstance(transitions, dict):
        return []
    direct = transitions.get("direct")
    if not isinstance(direct, dict):
        return []
    evidence = _sentences_by_skill(active)
    return skill_strengths(
        tgt.title, direct["matched_pairs"], direct["missing_essentials"], evidence, NEAR_CREDIT
    )


def _person(profile: Profile, feeder: FeederRole | None, as_of: date) -> PersonSummary:
    jobs = [
        Job(
            title=j.title,
            employer=j.employer,
            start=j.start,
            end=j.end,
            current=j.current,
            months=j.duration_months(as_of),
        )
        for j in profile.experiences
    ]
    months = sum(j.months or 0 for j in jobs)
    current = next((j for j in profile.experiences if j.current), None)
    latest = current or (profile.experiences[0] if profile.experiences else None)
    return PersonSummary(
        name=profile.contact.name,
        headline=profile.headline,
        current_title=latest.title if latest else None,
        feeder_role=feeder.id if feeder else None,
        feeder_title=feeder.title if feeder else None,
        years_experience=round(months / 12, 1) if months else None,
        jobs=jobs,
        skills_found=sum(s.status != "rejected" for s in profile.skills),
        source_format=profile.source.format,
    )


def _summary(
    target: TargetSummary,
    scores: Sequence[CompetencyScore],
    gaps: Sequence[Gap],
    hours_per_week: float,
) -> Summary:
    ready, ready_terms = readiness(scores)
    months, month_terms = transition_months(gaps, hours_per_week)
    comp = [g for g in gaps if g.kind == "competency"]
    have = [g.name for g in comp if g.status == "have"]
    missing = [g.name for g in gaps if g.status == "missing"]
    unknown = [g.name for g in gaps if g.status == "not_enough_information"]
    reasons = []
    if have:
        reasons.append(f"Your CV already shows what the role expects in: {', '.join(have)}.")
    skills = [g for g in gaps if g.kind == "skill"]
    if skills:
        shown = sum(g.status == "have" for g in skills)
        part = sum(g.status == "partial" for g in skills)
        reasons.append(
            f"Your CV shows {shown} of the {len(skills)} essential ESCO skills of "
            f"{target.title} ({part} more in part)."
        )
    if missing:
        reasons.append(f"The largest gaps: {', '.join(missing[:4])}.")
    if unknown:
        reasons.append(f"Not enough information in the CV about: {', '.join(unknown[:4])}.")
    reasons.append(
        f"Closing the gaps is estimated at about {months} month(s) at {hours_per_week:g} "
        f"hours a week ({month_terms['hours']:g} hours of work in total)."
    )
    if ready is None:
        headline = f"What it would take to move into {target.title.lower()}."
    else:
        headline = f"Your CV shows {ready}% of the competency profile of a {target.title.lower()}."
    return Summary(
        headline=headline,
        reasons=reasons,
        readiness=ready,
        readiness_terms=ready_terms,
        transition_months=months,
        transition_terms=month_terms,
    )


def build_report(
    profile: Profile,
    target: str,
    *,
    settings: Settings | None = None,
    as_of: date | None = None,
    hours_per_week: float = 5.0,
    extras: Mapping[str, Any] | None = None,
    answers: Mapping[str, object] | None = None,
    sections: Sequence[str] = SECTIONS,
) -> PivotReport:
    """Analyse an (already analysed) profile against ``target`` and assemble the report.

    Args:
        profile: a profile whose ``skills`` were filled by
            :func:`careerpivot.intake.analyse_profile`.
        target: pack role id/alias, ESCO URI/code or occupation title.
        settings: where the taxonomy and caches live.
        as_of: the date recency and durations are computed for (default: today).
        hours_per_week: time the person can give to closing gaps.
        extras: already computed sections (``fit``, ``opportunity_cost``, ``transitions``);
            they are used as given instead of being computed.
        answers: the raw answers file: fit-check items plus optional ``situation`` and
            ``opportunity`` blocks (see :mod:`careerpivot.pivot_sections`).
        sections: which of :data:`SECTIONS` to compute (others stay null, with a note).

    Raises:
        NotFoundError: CP-OCC001/CP-OCC003 for an unknown or ambiguous target.
        FitAnswersError: CP-FIT002/CP-FIT003 for unknown items or invalid answers.
    """
    from careerpivot.packs.loader import load_pack

    today = as_of or date.today()
    pack = load_pack()
    tgt = resolve_target(target, pack, settings)
    role = pack.get_role(tgt.id) if tgt.kind == "pack" else None
    feeder = detect_feeder(profile, pack, settings)
    _not_the_current_role(profile, feeder, tgt)
    active = [s for s in profile.skills if s.status != "rejected"]
    comp_uris = {r.uri for c in pack.competencies for r in c.esco_skills}
    vectors = _desc_vectors([s.uri for s in active] + sorted(comp_uris), settings)
    links = competency_links(pack, active, vectors)
    scores = score_competencies(
        pack,
        active,
        links,
        feeder=feeder,
        target=role if isinstance(role, PmRole) else None,
        as_of=today,
        evidence_for=phrase_gated_evidence(pack, active),
    )
    gaps = competency_gaps(scores, pack.competencies)
    notes = [
        "Scores come from your CV's wording; correct them with `careerpivot profile "
        "--accept/--reject/--add` and run the report again.",
    ]
    if not profile.skills:
        notes.append("No skill was found in the CV: every score below is thin evidence.")
    person = _person(profile, feeder, today)
    extra = dict(extras or {})
    wanted = list(sections)
    if not tgt.product_role and "transitions" in sections:
        # no competency levels to compare: the target's essential skills are its
        # requirements, read off the person → target transition
        if extra.get("transitions") is None:
            from careerpivot import pivot_sections as ps

            origins = ps.origin_occupations(profile, feeder)
            section, tr_notes = ps.transitions_section(profile, tgt, origins, today, settings)
            extra["transitions"] = section
            notes.extend(tr_notes)
            wanted.remove("transitions")
        gaps = [*gaps, *_essential_gaps(tgt, extra.get("transitions"), active, settings)]
    strengths = transferable_strengths(scores, feeder)
    summary = _summary(tgt, scores, gaps, hours_per_week)
    computed, section_notes = _sections(
        profile, tgt, feeder, person, summary, answers, wanted, extra, today, settings
    )
    extra.update(computed)
    notes.extend(section_notes)
    for key in _ANALYSIS_SECTIONS:
        if extra.get(key) is None and not any(key.replace("_", " ") in n for n in notes):
            notes.append(f"The {key.replace('_', ' ')} section was not computed.")
    report = PivotReport(
        generated_on=today,
        person=person,
        target=tgt,
        summary=_with_section_reasons(summary, extra),
        strengths=[*_skill_strengths(tgt, extra.get("transitions"), active), *strengths],
        competencies=scores,
        gaps=gaps,
        fit=extra.get("fit"),
        opportunity_cost=extra.get("opportunity_cost"),
        transitions=extra.get("transitions"),
        notes=notes,
    )
    if "routes" not in sections:
        return report
    if not tgt.product_role:
        note = (
            "Routes and the dated plan are written for moves into the product roles of "
            f"CareerPivot's product pack; {tgt.title} is not one of them, so the report "
            "stops at the gaps and the adjacent roles."
        )
        return report.model_copy(update={"notes": [*report.notes, note]})
    return _with_routes_and_plan(report, answers, today, hours_per_week)


def _with_routes_and_plan(
    report: PivotReport, answers: Mapping[str, object] | None, start: date, hours: float
) -> PivotReport:
    """Add the scored routes and the dated plan (see :mod:`careerpivot.planning.service`)."""
    from careerpivot.analysis.fit import FitResult
    from careerpivot.pivot_sections import split_answers
    from careerpivot.planning.service import routes_and_plan
    from careerpivot.planning.situation import situation_from_block

    blocks = split_answers(answers)[1] if answers is not None else {}
    situation = situation_from_block(blocks.get("situation"))
    fit = FitResult.model_validate(report.fit) if report.fit else None
    routes, plan = routes_and_plan(report, situation, fit=fit, start=start, hours_per_week=hours)
    notes = list(report.notes)
    if not situation.known():
        notes.append(
            "Routes were scored without your situation (product team, advocate, company): "
            "add a `situation:` block to the answers file to make them personal."
        )
    return report.model_copy(update={"routes": routes, "plan": plan, "notes": notes})


def _sections(
    profile: Profile,
    tgt: TargetSummary,
    feeder: FeederRole | None,
    person: PersonSummary,
    summary: Summary,
    answers: Mapping[str, object] | None,
    wanted: Sequence[str],
    given: Mapping[str, Any],
    as_of: date,
    settings: Settings | None,
) -> tuple[dict[str, Any], list[str]]:
    from careerpivot import pivot_sections as ps

    items, blocks = ps.split_answers(answers) if answers is not None else (None, {})
    out: dict[str, Any] = {}
    notes: list[str] = []
    todo = [k for k in wanted if k in _ANALYSIS_SECTIONS and given.get(k) is None]
    origins = ps.origin_occupations(profile, feeder) if todo else []
    for key in todo:
        if key == "fit":
            section, extra_notes = ps.fit_section(items, tgt)
        elif key == "opportunity_cost":
            overrides = blocks.get("opportunity", {})
            years = (
                ps.years_in_track(profile, origins[0], feeder, as_of) or person.years_experience
                if origins
                else None
            )
            section, extra_notes = ps.opportunity_section(
                origins, tgt, years, summary, overrides, settings
            )
        elif key == "transitions":
            section, extra_notes = ps.transitions_section(profile, tgt, origins, as_of, settings)
        else:
            raise ValueError(f"unknown report section {key!r}")
        out[key] = section
        notes.extend(extra_notes)
    return out, notes


def _with_section_reasons(summary: Summary, extra: Mapping[str, Any]) -> Summary:
    """Add the headline facts of the fit, opportunity and transition sections to the reasons."""
    reasons = list(summary.reasons)
    tr = extra.get("transitions")
    if isinstance(tr, dict) and isinstance(tr.get("direct"), dict):
        d = tr["direct"]
        viability = str(d["viability"]).replace("_", " ")
        reasons.append(
            f"Skill-wise the move scores {d['score']:.2f} ({viability}; "
            f"viable from {tr['thresholds']['viable']:.2f})."
        )
    oc = extra.get("opportunity_cost")
    if isinstance(oc, dict) and oc.get("break_even"):
        reasons.append(f"Pay: {oc['break_even']} (assumptions in the opportunity-cost section).")
    fit = extra.get("fit")
    if isinstance(fit, dict):
        weigh = [str(t) for t in fit.get("things_to_weigh", [])][:2]
        if weigh:
            reasons.append("From your fit answers, weigh this: " + " ".join(weigh))
    return summary.model_copy(update={"reasons": reasons})


def pivot(
    source: Path,
    target: str,
    *,
    answers: Path | None = None,
    settings: Settings | None = None,
    as_of: date | None = None,
    hours_per_week: float = 5.0,
    sections: Sequence[str] = SECTIONS,
) -> PivotReport:
    """Read ``source`` (CV or profile JSON), analyse it, and build the report for ``target``.

    Args:
        source: a CV in any supported format, or a saved (possibly edited) profile JSON.
        target: pack role id/alias, ESCO URI/code or occupation title.
        answers: the answers file (YAML/JSON): fit-check items, optionally ``situation:``
            and ``opportunity:`` blocks; without it the fit section is empty.
        settings: where the taxonomy and caches live.
        as_of: the date recency, durations and plan dates are computed for.
        hours_per_week: time the person can give to closing gaps.
        sections: which optional sections to compute.
    """
    from careerpivot.fit_service import load_answers
    from careerpivot.intake import read_profile

    raw = load_answers(answers) if answers is not None else None
    profile = read_profile(source, settings=settings)
    return build_report(
        profile,
        target,
        settings=settings,
        as_of=as_of,
        hours_per_week=hours_per_week,
        answers=raw,
        sections=sections,
    )
