"""CV phrases of the authored pack: customer-facing wording that is evidence for ESCO skills.

``packs/<name>/cv_phrases.yaml`` lists, per entry, the phrases (``match``) and the ESCO
skills they evidence (``skills``: URI + preferred label), and optionally ESCO skills the wording
rules out in the same sentence (``rules_out``: "account management" is never ESCO's
bookkeeping *manage accounts*). :func:`load_cv_phrases` validates
the file; :class:`PhraseMatcher` finds the phrases in a text (word-boundary safe, inflection
tolerant, acronyms case-sensitive) using the same :class:`~careerpivot.extract.lexicon.Lexicon`
as the ESCO label matcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from careerpivot.errors import CareerPivotError, ConfigError
from careerpivot.extract.lexicon import Lexicon
from careerpivot.loading import safe_yaml
from careerpivot.packs.schema import EscoSkillRef


class CvPhrase(BaseModel):
    """Phrases that are evidence for the listed ESCO skills, or that only rule senses out.

    An entry names at least one skill (``skills``) or one sense its wording never means
    (``rules_out``): "B2B SaaS" says which industry someone works in and evidences no skill,
    but it is never ESCO's *SaaS (service-oriented modelling)*.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    match: tuple[str, ...] = Field(min_length=1)
    competencies: tuple[str, ...] = ()
    skills: tuple[EscoSkillRef, ...] = ()
    rules_out: tuple[EscoSkillRef, ...] = ()

    @model_validator(mode="after")
    def _names_something(self) -> CvPhrase:
        if not self.skills and not self.rules_out:
            raise ValueError(f"phrase {self.id!r} names no skill and rules none out")
        return self


class CvPhrases(BaseModel):
    """The whole file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    phrases: tuple[CvPhrase, ...]


@lru_cache(maxsize=4)
def load_cv_phrases(pack: str = "product") -> CvPhrases:
    """The validated CV phrases of a shipped pack.

    Raises:
        ConfigError: CP-PAK001 when the file does not validate.
    """
    resource = files("careerpivot.packs").joinpath(pack, "cv_phrases.yaml")
    try:
        data = safe_yaml(resource.read_text(encoding="utf-8"))
        phrases = CvPhrases.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(
            "CP-PAK001", f"{pack}/cv_phrases.yaml does not validate: {exc}", "fix the pack file"
        ) from exc
    ids = [p.id for p in phrases.phrases]
    if len(ids) != len(set(ids)):
        raise ConfigError("CP-PAK001", f"{pack}/cv_phrases.yaml repeats an id", "make ids unique")
    return phrases


@dataclass(frozen=True)
class PhraseHit:
    """One phrase found in a text: the surface text, its offsets, the entry, its skills, the
    skills it rules out in that text and the competencies such work shows."""

    start: int
    end: int
    surface: str
    phrase_id: str
    skills: tuple[EscoSkillRef, ...]
    rules_out: tuple[EscoSkillRef, ...] = ()
    competencies: tuple[str, ...] = ()


class PhraseMatcher:
    """Finds the pack's CV phrases in texts."""

    def __init__(self, phrases: CvPhrases) -> None:
        self._by_id = {p.id: p for p in phrases.phrases}
        self._lexicon = Lexicon(
            (p.id, phrase, "preferred") for p in phrases.phrases for phrase in p.match
        )

    def find(self, text: str) -> list[PhraseHit]:
        """Every phrase occurrence in ``text`` (longest match wins)."""
        out = []
        for m in self._lexicon.find(text):
            entry = self._by_id[m.uri]
            out.append(
                PhraseHit(
                    m.start,
                    m.end,
                    m.surface,
                    m.uri,
                    entry.skills,
                    entry.rules_out,
                    entry.competencies,
                )
            )
        return out


def phrase_matcher(pack: str = "product") -> PhraseMatcher | None:
    """A matcher for the pack's CV phrases, or None when the pack ships none."""
    try:
        return PhraseMatcher(load_cv_phrases(pack))
    except CareerPivotError:
        raise
    except FileNotFoundError:  # pragma: no cover - packs without phrases
        return None
