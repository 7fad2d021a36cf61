"""Skills of a Profile: link every sentence of a CV to ESCO skills, keep the user's corrections.

The CV text is split into sentences (:func:`~careerpivot.extract.sentences.split_sentences`);
each sentence is tied to the job whose span contains it, so evidence carries
``experience_index``. Job header lines, date lines, contact lines and job-ad boilerplate are
skipped. Items of the listed-skills section are linked one by one (evidence ``kind="listed"``,
weaker than a described activity). Per skill, the evidence is gathered and the total length
and the recency of the jobs that show it are derived (``months``, ``last_used``).

The pack's CV phrases (``packs/<pack>/cv_phrases.yaml``) are evidence too, and they settle
what their words mean: an embedding link that rests on nothing but a phrase's words ("tickets
a day" → *sell tickets*, where the pack reads support tickets) is dropped when it scores
below the phrase's own evidence (:func:`explained_by_phrase`), and a phrase's ``rules_out``
skills are not linked in its sentence at all, nor guessed by the embedding linker anywhere
else in the CV (:func:`document_senses`: one sense per document). The name of a school or an
employer is no evidence either: "BA English Language — University of Example" does not show
*university procedures* (:func:`named_only`).

Corrections: a Profile JSON is the interchange format. When a profile is analysed again,
skills the user ``accepted``, ``rejected`` or ``added`` keep that status (rejected skills are
never suggested again), and only ``suggested`` entries are replaced by the new extraction.

Everything here is pure except that a linker (an object with ``link(texts)``) is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol, cast

from careerpivot.extract.boilerplate import Reason, boilerplate_reason
from careerpivot.extract.lexicon import STOP, stem, tokens
from careerpivot.extract.linker import Link
from careerpivot.extract.sentences import split_sentences
from careerpivot.packs.phrases import PhraseHit, PhraseMatcher, phrase_matcher
from careerpivot.profile.dates import YearMonth
from careerpivot.profile.models import Evidence, Experience, Profile, SkillEvidence, Span
from careerpivot.profile.sections import heading_kind

Section = Literal["summary", "experience", "skills", "other"]
#: Evidence score of a pack CV phrase ("ran customer interviews" → conduct research interview).
PHRASE_SCORE = 0.9
#: Whole CVs are linked with a stricter threshold than single job-ad sentences: the pack's
#: phrases recover the customer-facing wording, so the embedding linker can be precise.
#: The margin is added to the extractor's own sentence threshold (0.62 + 0.06 for v1/v2).
CV_MARGIN = 0.06
CV_THRESHOLD = 0.68
#: The summary is the person's self-description ("I turn customer feedback into product
#: changes"): an embedding guess from it needs this score, not the CV threshold (0.72).
SUMMARY_THRESHOLD = 0.82
#: Listed-only skills are weaker evidence than a described activity: their score is scaled.
LISTED_WEIGHT = 0.85


class Linker(Protocol):
    """What the profile analysis needs from an extractor."""

    name: str

    def link(
        self, texts: Sequence[str], *, limit: int | Sequence[int] | None = None
    ) -> list[list[Link]]:
        """Thresholded skills of each text (at most ``limit`` per text)."""
        ...


def sentence_limit(text: str) -> int:
    """How many skills one CV sentence may evidence: 2, plus 1 per 10 words, at most 5."""
    return min(5, 2 + len(text.split()) // 10)


@dataclass(frozen=True)
class Unit:
    """One piece of profile text sent to the linker, with where it sits in the profile."""

    text: str
    start: int | None
    end: int | None
    experience_index: int | None
    section: Section


@dataclass(frozen=True)
class Skipped:
    """A sentence left out of the analysis and why (``header``, ``name``, ``section heading``
    or a boilerplate reason)."""

    text: str
    reason: Reason | Literal["header", "name", "section heading"]


def _experience_at(profile: Profile, start: int) -> int | None:
    for i, job in enumerate(profile.experiences):
        if job.span is not None and job.span.start <= start < job.span.end:
            return i
    return None


def _is_header(sentence: str, job: Experience) -> bool:
    low = sentence.lower()
    if job.title.lower() not in low:
        return False
    return bool(job.employer and job.employer.lower() in low) or len(sentence.split()) <= 10


def _listed_items(profile: Profile, sentence: str) -> list[str]:
    low = sentence.lower()
    return [item for item in profile.listed_skills if item.lower() in low]


def profile_units(profile: Profile) -> tuple[list[Unit], list[Skipped]]:
    """The texts of ``profile`` worth linking, and the ones skipped with their reason.

    Profiles without extracted text (e.g. built from JSON) fall back to the summary and the
    bullets and descriptions of each job, without spans.
    """
    if not profile.text.strip():
        return _units_without_text(profile), []
    units: list[Unit] = []
    skipped: list[Skipped] = []
    listed_seen: set[str] = set()
    for start, end, sentence in split_sentences(profile.text):
        job_index = _experience_at(profile, start)
        reason = boilerplate_reason(sentence)
        if reason is not None:
            skipped.append(Skipped(sentence, reason))
            continue
        if heading_kind(sentence.strip("#*_ ")) is not None:  # "WORK HISTORY" is no skill
            skipped.append(Skipped(sentence, "section heading"))
            continue
        if profile.contact.name and sentence.strip("# ") == profile.contact.name:
            skipped.append(Skipped(sentence, "name"))
            continue
        if job_index is not None and _is_header(sentence, profile.experiences[job_index]):
            skipped.append(Skipped(sentence, "header"))
            continue
        items = _listed_items(profile, sentence)
        if job_index is None and len(items) >= 2:
            for item in items:
                if item.lower() in listed_seen:
                    continue
                listed_seen.add(item.lower())
                offset = sentence.lower().find(item.lower())
                s = start + offset
                units.append(Unit(item, s, s + len(item), None, "skills"))
            continue
        section: Section = "experience" if job_index is not None else "other"
        if job_index is None and profile.summary and _words(sentence) in _words(profile.summary):
            section = "summary"  # compared word by word: the sentence may wrap over lines
        units.append(Unit(sentence, start, end, job_index, section))
    for item in profile.listed_skills:
        if item.lower() not in listed_seen:
            listed_seen.add(item.lower())
            units.append(Unit(item, None, None, None, "skills"))
    return units, skipped


def _words(text: str) -> str:
    return " ".join(text.split())


def _units_without_text(profile: Profile) -> list[Unit]:
    units = [Unit(s, None, None, None, "summary") for _, _, s in split_sentences(profile.summary)]
    for i, job in enumerate(profile.experiences):
        for text in [*job.bullets, job.description]:
            units += [Unit(s, None, None, i, "experience") for _, _, s in split_sentences(text)]
    units += [Unit(item, None, None, None, "skills") for item in profile.listed_skills]
    return units


def _evidence(unit: Unit, link: Link) -> Evidence:
    span = None
    if unit.start is not None and unit.end is not None:
        offset = unit.text.find(link.chunk)
        span = (
            Span(start=unit.start + offset, end=unit.start + offset + len(link.chunk))
            if offset >= 0
            else Span(start=unit.start, end=unit.end)
        )
    listed = unit.section == "skills"
    score = round(link.score * (LISTED_WEIGHT if listed else 1.0), 4)
    terms = {"label_sim": link.label_sim, "desc_sim": link.desc_sim, "bm25": link.bm25}
    terms["exact"] = link.exact_weight if link.exact else 0.0
    terms["prior"] = link.prior
    terms["context"] = link.context
    if link.coverage:
        terms["coverage"] = link.coverage
    if listed:
        terms["listed_weight"] = LISTED_WEIGHT
    return Evidence(
        text=link.chunk if not listed else unit.text,
        sentence=unit.text,
        experience_index=unit.experience_index,
        span=span,
        kind="listed" if listed else "sentence",
        score=min(score, 1.5),
        terms=terms,
    )


def content_words(text: str) -> frozenset[str]:
    """The light stems of ``text``'s words, without stop words and numbers."""
    return frozenset(
        stem(w) for _, _, w in tokens(text) if w.lower() not in STOP and not w[0].isdigit()
    )


def explained_by_phrase(text: str, link: Link, hits: Sequence[PhraseHit]) -> bool:
    """True when a pack CV phrase, not the embedding linker, should read ``link``'s words.

    That is: the link is an embedding guess (no label found verbatim) scoring below a
    phrase's evidence (:data:`PHRASE_SCORE`), its evidence chunk overlaps a phrase found in
    ``text``, the chunk has no content word beyond that phrase's, and the phrase does not
    name the link's skill. "Resolve 30 tickets a day" then evidences the pack's *use ICT
    ticketing system*, not *sell tickets*; "Negotiate annual contracts" keeps *negotiate
    sales contracts* (0.91), and "new escalation process" keeps *perform escalation
    procedure* ("new" is a word the phrase "escalation process" does not have).
    """
    if link.exact or link.score >= PHRASE_SCORE or not hits:
        return False
    start = text.find(link.chunk)
    if start < 0:
        return False
    end = start + len(link.chunk)
    words = content_words(link.chunk)
    if not words:
        return False
    return any(
        hit.start < end
        and start < hit.end
        and words <= content_words(hit.surface)
        and link.uri not in {ref.uri for ref in hit.skills}
        for hit in hits
    )


def borrows_a_phrase_word(link: Link, hits: Sequence[PhraseHit]) -> bool:
    """True when an embedding guess needs a word that belongs to a pack phrase of another sense.

    The guess's label shares a content word with a phrase found in the sentence, that word is
    not in the guess's own evidence chunk, and the phrase does not name the guess's skill: the
    phrase has already settled what its words mean. Daniel's "escalation process for payment
    disputes" then evidences *perform escalation procedure* (phrase ``escalation``) and no
    longer *process payments*, whose "process" came from the phrase and "payment" from the
    chunk "payment disputes". A label written out verbatim is never dropped this way.
    """
    if link.exact or not hits:
        return False
    own = content_words(link.chunk)
    needed = content_words(link.label) - own
    return any(
        needed & content_words(hit.surface) and link.uri not in {ref.uri for ref in hit.skills}
        for hit in hits
    )


def document_senses(profile: Profile, matcher: PhraseMatcher | None) -> frozenset[str]:
    """Skills the CV's own wording rules out everywhere in it: one sense per document.

    The ``rules_out`` skills of every pack CV phrase found anywhere in the profile's text,
    job titles included. A key account manager's CV ("Key Account Manager", "account
    management") uses "account" in its customer sense throughout, so "coordinate finance and
    IT for each account" is no evidence for ESCO's bookkeeping *manage accounts*. Only
    embedding guesses are dropped this way; a skill whose label the CV writes verbatim is
    still linked (the sentence-level ``rules_out`` of :func:`extract_profile_skills` is
    stricter: there the phrase itself gives the word its sense).
    """
    if matcher is None:
        return frozenset()
    texts = [profile.text] if profile.text.strip() else []
    texts += [job.title for job in profile.experiences]
    return frozenset(ref.uri for t in texts for hit in matcher.find(t) for ref in hit.rules_out)


def _name_spans(text: str, names: Sequence[str]) -> list[tuple[int, int, frozenset[str]]]:
    low = text.lower()
    out = []
    for name in names:
        key = name.lower().strip()
        start = low.find(key) if len(key) >= 3 else -1
        while start >= 0:
            out.append((start, start + len(key), content_words(name)))
            start = low.find(key, start + len(key))
    return out


def named_only(text: str, link: Link, names: Sequence[str]) -> bool:
    """True when ``link`` rests on the name of a school or employer found in ``text``.

    ``names`` are the profile's institutions and employers. The link's evidence chunk must
    overlap one of them, and either lie inside it or share with the skill's label only words
    of that name: "University of Example" is no evidence for *university procedures*, nor
    "Example Analytics Ltd" for *analytics*. A degree beside the name ("BA English
    Language") still evidences *English*, whose label shares a word outside the name.
    """
    spans = _name_spans(text, names) if names else []
    start = text.find(link.chunk)
    if not spans or start < 0:
        return False
    end = start + len(link.chunk)
    hit = [(a, b, words) for a, b, words in spans if a < end and start < b]
    if not hit:
        return False
    if any(a <= start and end <= b for a, b, _ in hit):
        return True
    shared = content_words(link.label) & content_words(link.chunk)
    name_words = frozenset().union(*(words for _, _, words in hit))
    return bool(shared) and shared <= name_words


#: Head nouns of software artefacts. In "a shipment-tracking API", "the reporting module" or
#: "the billing database" the words before the head say what the artefact is for, not what
#: the person does.
ARTEFACT_HEADS = frozenset(
    [
        "api",
        "apis",
        "module",
        "modules",
        "feature",
        "features",
        "integration",
        "integrations",
        "sdk",
        "endpoint",
        "endpoints",
        "app",
        "apps",
        "plugin",
        "plugins",
        "widget",
        "widgets",
        "database",
        "databases",
    ]
)
#: Label words of skills about the artefact itself (building, designing or using software).
ARTEFACT_SKILL_WORDS = frozenset(
    [
        "api",
        "apis",
        "interface",
        "interfaces",
        "software",
        "application",
        "applications",
        "app",
        "apps",
        "program",
        "programming",
        "module",
        "modules",
        "feature",
        "features",
        "integration",
        "integrate",
        "ict",
        "system",
        "systems",
        "develop",
        "design",
        "test",
        "database",
        "databases",
        "data",
    ]
)


def names_an_artefact(link: Link) -> bool:
    """True when ``link`` is an embedding guess read off the name of a software artefact.

    The evidence chunk is a noun phrase of two or more words whose last word is a software
    artefact (:data:`ARTEFACT_HEADS`), and the skill's label has no word about building or
    using software (:data:`ARTEFACT_SKILL_WORDS`). "Gathered requirements … for a
    shipment-tracking API" is no evidence that the person tracks shipments, nor "joined
    sprint reviews for the reporting module" that they write routine reports; the sentence's
    other phrases ("Gathered requirements") are still read. A label written out verbatim is
    never dropped this way.
    """
    if link.exact:
        return False
    words = [w for _, _, w in tokens(link.chunk)]
    if len(words) < 2 or words[-1].lower() not in ARTEFACT_HEADS:
        return False
    return not {w.lower() for _, _, w in tokens(link.label)} & ARTEFACT_SKILL_WORDS


def _recency(profile: Profile, indexes: set[int], as_of: date) -> tuple[int | None, str | None]:
    jobs = [profile.experiences[i] for i in sorted(indexes)]
    if not jobs:
        return None, None
    months = [m for m in (j.duration_months(as_of) for j in jobs) if m is not None]
    if any(j.current for j in jobs):
        last: str | None = "present"
    else:
        ends = [j.end for j in jobs if j.end]
        last = max(ends, key=YearMonth.parse) if ends else None
    return (sum(months) if months else None), last


def _phrase_evidence(unit: Unit, hit: PhraseHit) -> Evidence:
    listed = unit.section == "skills"
    span = None
    if unit.start is not None:
        span = Span(start=unit.start + hit.start, end=unit.start + hit.end)
    score = PHRASE_SCORE * (LISTED_WEIGHT if listed else 1.0)
    terms = {"pack_phrase": PHRASE_SCORE}
    if listed:
        terms["listed_weight"] = LISTED_WEIGHT
    return Evidence(
        text=hit.surface,
        sentence=unit.text,
        experience_index=unit.experience_index,
        span=span,
        kind="listed" if listed else "sentence",
        score=round(score, 4),
        terms=terms,
    )


def extract_profile_skills(
    profile: Profile,
    linker: Linker,
    *,
    as_of: date | None = None,
    phrases: bool = True,
) -> tuple[list[SkillEvidence], list[Skipped]]:
    """Link the profile's text to ESCO skills; one :class:`SkillEvidence` per skill.

    Args:
        profile: a parsed profile (its ``skills`` are ignored here; see
            :func:`merge_corrections`).
        linker: a registered extractor, e.g. ``extract.hybrid.v1``.
        as_of: the date current jobs are counted to (default: today).
        phrases: also match the pack's CV phrases (``packs/product/cv_phrases.yaml``).

    Returns:
        Skills sorted by score (best first; ties by label) with their evidence, and the
        sentences that were skipped.
    """
    units, skipped = profile_units(profile)
    found: dict[str, tuple[str, list[Evidence]]] = {}
    texts = [u.text for u in units]
    limits = [sentence_limit(t) for t in texts]
    contextual = getattr(linker, "document_context", None)
    if contextual is not None and texts:
        # whole-document linking: one skill per phrase, and a bonus for the CV's own topic
        recipe = getattr(linker, "recipe", None)
        threshold = recipe.threshold + CV_MARGIN if recipe is not None else CV_THRESHOLD
        linked = cast(Any, linker).link(
            texts, limit=limits, per_chunk=1, context=contextual(texts), threshold=threshold
        )
    else:
        linked = linker.link(texts, limit=limits)
    matcher = phrase_matcher() if phrases else None
    names = [e.institution for e in profile.education if e.institution]
    names += [j.employer for j in profile.experiences if j.employer]
    in_cv = document_senses(profile, matcher)
    for unit, links in zip(units, linked, strict=True):
        hits = matcher.find(unit.text) if matcher else []
        ruled_out = {ref.uri for hit in hits for ref in hit.rules_out}
        for link in links:
            if (
                link.uri in ruled_out
                or (link.uri in in_cv and not link.exact)
                or (unit.section == "summary" and not link.exact and link.score < SUMMARY_THRESHOLD)
                or explained_by_phrase(unit.text, link, hits)
                or borrows_a_phrase_word(link, hits)
                or named_only(unit.text, link, names)
                or names_an_artefact(link)
            ):
                continue
            found.setdefault(link.uri, (link.label, []))[1].append(_evidence(unit, link))
        for hit in hits:
            for ref in hit.skills:
                entry = found.setdefault(ref.uri, (ref.label, []))[1]
                if not any(e.sentence == unit.text for e in entry):
                    entry.append(_phrase_evidence(unit, hit))
    today = as_of or date.today()
    skills = []
    for uri, (label, evidence) in found.items():
        evidence.sort(key=lambda e: -(e.score or 0.0))
        jobs = {e.experience_index for e in evidence if e.experience_index is not None}
        months, last = _recency(profile, jobs, today)
        skills.append(
            SkillEvidence(
                uri=uri,
                label=label,
                score=min(1.0, max(e.score or 0.0 for e in evidence)),
                evidence=evidence,
                extractor=linker.name
                if any("pack_phrase" not in e.terms for e in evidence)
                else "pack.cv_phrases",
                months=months,
                last_used=last,
            )
        )
    skills.sort(key=lambda s: (-s.score, s.label))
    return skills, skipped


#: A skill ESCO marks sector- or occupation-specific and that at most this many ESCO
#: occupations need is *niche* (see :func:`off_sector`).
NICHE_OCCUPATIONS = 5


def is_guess(skill: SkillEvidence) -> bool:
    """True when every piece of evidence is an embedding guess scoring below
    :data:`PHRASE_SCORE` (a listed skill's score after :data:`LISTED_WEIGHT`): no label
    written out (``exact`` term 0), no pack phrase."""
    return all(
        "pack_phrase" not in e.terms
        and not e.terms.get("exact")
        and (e.score or 0.0) < PHRASE_SCORE
        for e in skill.evidence
    )


def off_sector(
    skills: Sequence[SkillEvidence],
    sectors: dict[str, tuple[str, int, frozenset[str]]],
    person_groups: frozenset[str],
) -> tuple[list[SkillEvidence], list[SkillEvidence]]:
    """Split ``skills`` into those kept and the niche guesses outside the person's sectors.

    ``sectors`` maps a skill URI to its ESCO reuse level, the number of ESCO occupations
    that need it and their ISCO-08 sub-major groups (2 digits; ``TaxonomyStore.skill_sectors``);
    ``person_groups`` holds the sub-major groups of the occupations the CV's job titles
    matched. A skill is dropped when all hold: it is *niche* (not transversal in ESCO and
    needed by 1 to :data:`NICHE_OCCUPATIONS` occupations — ESCO calls *stay up-to-date with
    music and video releases*, needed by 4, cross-sector; a skill no occupation needs gives no
    sector to judge by);
    its evidence is only embedding guesses (:func:`is_guess`); and no occupation that needs
    it shares a sub-major group with the person's (sports coaches, 34, are not customer
    services clerks, 42). "Coaching" in a support lead's skills list is then no evidence for
    the sports skill *collaborate with coaching team*; a nurse's "Dressed post-operative
    wounds" keeps *apply wound dressings*, which ESCO asks of podiatry assistants (2269), a
    health professional group (22) like the nurse's own. Without matched titles
    (``person_groups`` empty) nothing is dropped.
    """
    if not person_groups:
        return list(skills), []
    kept: list[SkillEvidence] = []
    dropped: list[SkillEvidence] = []
    for skill in skills:
        reuse, count, groups = sectors.get(skill.uri, ("", 0, frozenset()))
        judged = reuse != "transversal" and 1 <= count <= NICHE_OCCUPATIONS
        if judged and not groups & person_groups and is_guess(skill):
            dropped.append(skill)
            continue
        kept.append(skill)
    return kept, dropped


def merge_corrections(
    previous: Sequence[SkillEvidence], extracted: Sequence[SkillEvidence]
) -> list[SkillEvidence]:
    """Combine a new extraction with the user's earlier decisions.

    Accepted skills keep their status and take the fresh evidence when the new extraction
    still finds them; rejected skills stay rejected and are not suggested again; added skills
    are kept as the user wrote them; earlier suggestions are replaced.
    """
    decided = {s.uri: s for s in previous if s.status != "suggested"}
    out: list[SkillEvidence] = []
    for skill in extracted:
        mine = decided.pop(skill.uri, None)
        if mine is None:
            out.append(skill)
        elif mine.status == "accepted":
            out.append(skill.model_copy(update={"status": "accepted"}))
        else:
            out.append(mine)
    out.extend(decided.values())
    order = {"accepted": 0, "added": 0, "suggested": 1, "rejected": 2}
    out.sort(key=lambda s: (order[s.status], -s.score, s.label))
    return out


def active_skills(profile: Profile) -> list[SkillEvidence]:
    """The skills later analysis may use: everything except what the user rejected."""
    return [s for s in profile.skills if s.status != "rejected"]
