"""Occupation search over ESCO labels, O*NET titles (through the crosswalk) and pack roles.

Scoring, per label: ``rapidfuzz.fuzz.ratio`` of the word-sorted query against the word-sorted
label (tolerates typos and word order), or — when every query word is a word of a longer
label — 90 less 2 per extra word, whichever is higher. The label score is multiplied by the
label's weight (ESCO preferred 1.0, alternative 0.95, hidden 0.85, pack title/alias 1.0/0.97,
O*NET title 0.85, O*NET alternate title 0.8). An O*NET title reaches every ESCO occupation
the crosswalk maps its O*NET code to, its weight scaled by 0.7 + 0.3 × how close the query is to
that ESCO occupation's own title, so the fitting one of a broad O*NET group ranks first. An
occupation's score is its best label's.
Every hit carries the label, kind and weight it was scored by.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from careerpivot.errors import InputError
from careerpivot.taxonomy.text import normalise

#: Label weights by kind; O*NET weights are further scaled per ESCO target (module docstring).
WEIGHTS = {
    "preferred": 1.0,
    "alt": 0.95,
    "hidden": 0.85,
    "pack_title": 1.0,
    "pack_alias": 0.97,
    "onet_title": 0.85,
    "onet_alt": 0.8,
}
#: Tie-break order when scores are equal: ESCO preferred labels first, then pack titles.
_KIND_ORDER = {k: i for i, k in enumerate(WEIGHTS)}
_CANDIDATES = 200


class SearchHit(BaseModel):
    """One ranked occupation or pack role.

    ``id`` is an ESCO URI (``source == "esco"``) or a pack role id (``source == "pack"``).
    ``score`` (0–100) = ``label_score`` × ``weight``; ``matched_label``/``match_kind`` say
    which label produced it; ``via`` is the O*NET-SOC code for O*NET titles. Hits of the
    semantic search (:mod:`careerpivot.occupations`) have ``match_kind == "semantic"``,
    ``score`` = 100 × the title ranker's total, ``label_score`` = 100 × its closest-label
    cosine, ``weight`` 1 and every term of the total in ``terms``.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    source: str
    title: str
    score: float
    matched_label: str
    match_kind: str
    label_score: float
    weight: float
    via: str | None = None
    code: str | None = None
    terms: dict[str, float] | None = None


@dataclass(frozen=True)
class PackEntry:
    """A pack role offered to the search: id, title, aliases and its pack-level kind."""

    id: str
    title: str
    aliases: tuple[str, ...] = ()
    group: str = "role"


@dataclass(frozen=True)
class _Label:
    target: str
    kind: str
    weight: float
    label: str


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


class OccupationIndex:
    """In-memory index for :meth:`search`; build with :meth:`from_store` or :meth:`pack_only`.

    Args:
        labels: normalised label → the labelled targets.
        titles: target id → (display title, source, code).
        onet_fanout: O*NET code → ESCO occupation URIs it maps to.
    """

    def __init__(
        self,
        labels: dict[str, list[_Label]],
        titles: dict[str, tuple[str, str, str | None]],
        onet_fanout: dict[str, list[str]],
    ) -> None:
        self._labels = labels
        self._titles = titles
        self._fanout = onet_fanout
        self._norms = list(labels)
        self._sorted = [_sorted_words(n) for n in self._norms]

    @classmethod
    def pack_only(cls, entries: Iterable[PackEntry]) -> OccupationIndex:
        """An index over pack roles alone (used before any taxonomy is imported)."""
        return cls.from_rows([], {}, {}, entries)

    @classmethod
    def from_store(
        cls, conn: sqlite3.Connection, entries: Iterable[PackEntry] = ()
    ) -> OccupationIndex:
        """Load the ``search_labels`` table of an open store plus pack entries."""
        rows = conn.execute("SELECT label, norm, target, kind, weight FROM search_labels")
        titles = {
            uri: (label, "esco", code)
            for uri, label, code in conn.execute(
                "SELECT uri, preferred_label, code FROM esco_occupations"
            )
        }
        fanout: dict[str, list[str]] = defaultdict(list)
        for code, uri in conn.execute(
            """SELECT c.onet_code, o.uri FROM crosswalk_esco_onet c
               JOIN esco_occupations o ON o.code = c.esco_code"""
        ):
            fanout[code].append(uri)
        return cls.from_rows(list(rows), titles, dict(fanout), entries)

    @classmethod
    def from_rows(
        cls,
        rows: list[tuple[str, str, str, str, float]],
        titles: dict[str, tuple[str, str, str | None]],
        fanout: dict[str, list[str]],
        entries: Iterable[PackEntry],
    ) -> OccupationIndex:
        """Build from ``(label, norm, target, kind, weight)`` rows and pack entries."""
        labels: dict[str, list[_Label]] = defaultdict(list)
        for label, norm, target, kind, weight in rows:
            labels[norm].append(_Label(target, kind, weight, label))
        titles = dict(titles)
        for entry in entries:
            titles[entry.id] = (entry.title, "pack", entry.group)
            labels[normalise(entry.title)].append(
                _Label(entry.id, "pack_title", WEIGHTS["pack_title"], entry.title)
            )
            for alias in entry.aliases:
                labels[normalise(alias)].append(
                    _Label(entry.id, "pack_alias", WEIGHTS["pack_alias"], alias)
                )
        return cls(dict(labels), titles, fanout)

    def __len__(self) -> int:
        return len(self._norms)

    def code(self, target: str) -> str | None:
        """The ESCO code of an occupation URI (None for pack roles and unknown ids)."""
        meta = self._titles.get(target)
        return meta[2] if meta is not None and meta[1] == "esco" else None

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Rank occupations and pack roles for ``query``; best first, at most ``limit``.

        Raises:
            InputError: CP-OCC002 when the query has no letters or digits.
        """
        from rapidfuzz import fuzz, process

        norm = normalise(query)
        if not norm:
            raise InputError("CP-OCC002", "the search query is empty", "type a job title")
        q_sorted = _sorted_words(norm)
        q_words = frozenset(norm.split())
        candidates = process.extract(
            q_sorted, self._sorted, scorer=fuzz.ratio, limit=_CANDIDATES, score_cutoff=40
        )
        best: dict[str, SearchHit] = {}
        for _, ratio, idx in candidates:
            text = self._norms[idx]
            label_score = max(float(ratio), _containment(q_words, text))
            for lab in self._labels[text]:
                for target, weight in self._expand(lab, norm):
                    hit = self._hit(target, lab, label_score, weight)
                    if hit and (target not in best or _better(hit, best[target])):
                        best[target] = hit
        ranked = sorted(best.values(), key=lambda h: (-h.score, _KIND_ORDER[h.match_kind], h.title))
        return ranked[:limit]

    def _expand(self, lab: _Label, norm: str) -> list[tuple[str, float]]:
        if not lab.kind.startswith("onet"):
            return [(lab.target, lab.weight)]
        from rapidfuzz import fuzz

        out = []
        for uri in self._fanout.get(lab.target, []):
            title = self._titles.get(uri, ("", "", None))[0]
            closeness = fuzz.token_set_ratio(norm, normalise(title)) / 100.0
            out.append((uri, lab.weight * (0.7 + 0.3 * closeness)))
        return out

    def _hit(self, target: str, lab: _Label, label_score: float, weight: float) -> SearchHit | None:
        meta = self._titles.get(target)
        if meta is None:
            return None
        title, source, code = meta
        return SearchHit(
            id=target,
            source=source,
            title=title,
            score=round(label_score * weight, 2),
            matched_label=lab.label,
            match_kind=lab.kind,
            label_score=round(label_score, 2),
            weight=round(weight, 3),
            via=lab.target if lab.kind.startswith("onet") else None,
            code=code if source == "esco" else None,
        )


def _containment(q_words: frozenset[str], label: str) -> float:
    """90, less 2 per extra word, when every query word is a word of ``label``; else 0."""
    words = label.split()
    if not q_words.issubset(words):
        return 0.0
    return max(0.0, 90.0 - 2.0 * (len(words) - len(q_words)))


def _better(a: SearchHit, b: SearchHit) -> bool:
    return (a.score, -_KIND_ORDER[a.match_kind]) > (b.score, -_KIND_ORDER[b.match_kind])
