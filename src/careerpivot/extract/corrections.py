"""User corrections to a Profile: accept, reject or add skills, fix job titles.

The Profile JSON is the interchange format: a user may edit ``status`` fields by hand, or
use these functions (the CLI's ``--accept/--reject/--add/--title`` options and the web app
do). Every function returns a new Profile and never drops evidence the user did not touch.

Data contract: skills are addressed by ESCO URI or by label (case-insensitive, preferred
label of the skill as shown in the profile); titles by the 1-based position of the job in
the profile, as printed by ``careerpivot profile``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from careerpivot.errors import ProfileError
from careerpivot.profile.models import Evidence, Profile, SkillEvidence, SkillStatus

#: Resolves a free-text skill name to ``(uri, preferred label)``, or None when unknown.
SkillResolver = Callable[[str], tuple[str, str] | None]


def _find(profile: Profile, key: str) -> int | None:
    k = key.strip().lower()
    for i, skill in enumerate(profile.skills):
        if skill.uri.lower() == k or skill.label.lower() == k:
            return i
    return None


def set_status(profile: Profile, keys: Iterable[str], status: SkillStatus) -> Profile:
    """Mark the skills named by ``keys`` (URI or label) as ``accepted`` or ``rejected``.

    Raises:
        ProfileError: CP-PRF001 when a key names no skill of the profile.
    """
    skills = list(profile.skills)
    for key in keys:
        found = _find(profile.model_copy(update={"skills": skills}), key)
        if found is None:
            known = ", ".join(s.label for s in skills[:8]) or "none yet"
            raise ProfileError(
                "CP-PRF001",
                f"the profile has no skill {key!r}",
                f"use a URI or label listed by `careerpivot profile` (e.g. {known})",
            )
        skills[found] = skills[found].model_copy(update={"status": status})
    return profile.model_copy(update={"skills": skills})


def add_skills(profile: Profile, names: Iterable[str], resolve: SkillResolver) -> Profile:
    """Add skills the extractor missed (status ``added``), resolved to ESCO skills.

    A skill that is already in the profile becomes ``accepted`` instead.

    Raises:
        ProfileError: CP-PRF002 when a name matches no ESCO skill label.
    """
    current = profile
    for name in names:
        hit = resolve(name)
        if hit is None:
            raise ProfileError(
                "CP-PRF002",
                f"no ESCO skill is called {name!r}",
                "use the exact ESCO label or URI (try `careerpivot skills extract -` to find one)",
            )
        uri, label = hit
        if _find(current, uri) is not None:
            current = set_status(current, [uri], "accepted")
            continue
        added = SkillEvidence(
            uri=uri,
            label=label,
            score=1.0,
            status="added",
            evidence=[Evidence(text=name, sentence=f"added by the user: {name}")],
            extractor="user",
        )
        current = current.model_copy(update={"skills": [*current.skills, added]})
    return current


def fix_titles(profile: Profile, fixes: Iterable[tuple[int, str]]) -> Profile:
    """Replace job titles (1-based job position → new title); suggestions for them are reset.

    Raises:
        ProfileError: CP-PRF003 when a position names no job of the profile.
    """
    jobs = list(profile.experiences)
    for position, title in fixes:
        if not 1 <= position <= len(jobs) or not title.strip():
            raise ProfileError(
                "CP-PRF003",
                f"cannot set the title of job {position} to {title!r}",
                f"give a job number from 1 to {len(jobs)} and a non-empty title, e.g. 1='PM'",
            )
        job = jobs[position - 1]
        jobs[position - 1] = job.model_copy(update={"title": title.strip(), "title_matches": []})
    return profile.model_copy(update={"experiences": jobs})


def parse_title_fix(text: str) -> tuple[int, str]:
    """Parse ``"2=Product Operations Analyst"`` into ``(2, "Product Operations Analyst")``.

    Raises:
        ProfileError: CP-PRF003 when the text is not ``N=TITLE``.
    """
    number, sep, title = text.partition("=")
    if not sep or not number.strip().isdigit():
        raise ProfileError(
            "CP-PRF003",
            f"cannot read the title fix {text!r}",
            "write it as N=TITLE, e.g. --title '2=Product Operations Analyst'",
        )
    return int(number), title
