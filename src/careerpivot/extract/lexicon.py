"""Exact and inflection-tolerant matching of ESCO skill labels in free text.

Each label (preferred, alternative; hidden labels only when multi-word) becomes a sequence of
lightly stemmed (:func:`stem`), lower-cased words with light stop words removed, so "manage
staff" also matches "managed our staff" (only stop words are skipped, never content words).
Between two matched words the text may skip determiners and possessives freely, but a linking
word (``for``, ``of``, ``and``, ``with`` …) only where the label has it too: "escalation process
for payment disputes" is no mention of "process payments", while "liaise with managers" still
matches "liaise with managers". A text is
scanned for every n-gram of stems (n ≤ :data:`MAX_WORDS`) on word boundaries, so "prioritise"
is never found inside another word and "prioritised", "prioritising" match "prioritise".

Single-word labels are risky ("gold", "guide"): acronyms and capitalised names (``SQL``,
``Haskell``) must match case-sensitively, and lower-case single words must be at least six
letters and not hidden labels.

Data contract: :meth:`Lexicon.find` returns :class:`Mention` objects with character offsets
into the given text (``text[start:end]`` is the matched surface form).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

MAX_WORDS = 6
#: A word; two single characters joined by a slash ("A/B", "R/3", "B/L") are one word, so
#: "A/B tests" is never read as the determiner "A" and "B tests".
_WORD = re.compile(
    r"(?<![\w/])[A-Za-z0-9]/[A-Za-z0-9](?![\w/+#])"
    r"|[A-Za-z0-9][A-Za-z0-9+#]*(?:[.'’-][A-Za-z0-9+#]+)*"
)
#: Words skipped on both sides: "manage the budget" matches the label "manage budget".
STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "for",
        "and",
        "or",
        "in",
        "on",
        "with",
        "our",
        "their",
        "his",
        "her",
        "my",
        "your",
        "its",
        "at",
        "by",
        "as",
        "from",
    ]
)

#: Stop words a text may skip between two label words where the label has none.
DETERMINERS = frozenset(["a", "an", "the", "our", "their", "his", "her", "my", "your", "its"])
_LINKING = STOP - DETERMINERS


@dataclass(frozen=True)
class Mention:
    """A label found in a text: ``[start, end)`` character offsets, the label and its kind."""

    start: int
    end: int
    surface: str
    uri: str
    label: str
    kind: str


@dataclass(frozen=True)
class _Entry:
    uri: str
    label: str
    kind: str
    #: the surface form required (acronyms and names: exactly; a lower-case form, for the
    #: one-word fields in -ics, in any case)
    case_sensitive: str | None
    #: linking words (stop words that are no determiner) between consecutive kept words;
    #: None when the label has none at all (the common case, checked fastest)
    links: tuple[frozenset[str], ...] | None = None


@lru_cache(maxsize=200_000)
def plural(word: str) -> str:
    """Lower-case ``word`` with a plural ending folded: ``accounts`` → ``account``.

    An acronym's lower-case plural folds too (``KPIs`` → ``kpi``, ``APIs`` → ``api``).
    """
    w = word.lower().replace("’", "'")
    if len(word) > 2 and word[-1] == "s" and word[:-1].isupper():
        return w[:-1]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light inflection stem for words inside multi-word labels.

    Folds plurals, ``-ed``, ``-ing``, a final ``-e`` and British ``-ise`` spellings, so
    "prioritised", "prioritizing" and "prioritise" share one stem. Deliberately weaker than
    Porter/Snowball, which merge "experience" with "experiment".
    """
    w = plural(word)
    if len(w) > 6:
        w = re.sub(r"([iy])s(e|ed|ing|ation)$", r"\1z\2", w)
    for suffix in ("ing", "ed", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]  # planned -> plann -> plan
    return w


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Words of ``text`` as ``(start, end, word)``; punctuation and spaces are boundaries."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _linking_before(words: Iterable[str]) -> list[frozenset[str]]:
    """For each non-stop word of ``words``, the linking words (stop words that are no
    determiner, lower-cased) between it and the previous non-stop word."""
    before: list[frozenset[str]] = []
    current: set[str] = set()
    for w in words:
        low = w.lower()
        if low not in STOP:
            before.append(frozenset(current))
            current = set()
        elif low in _LINKING:
            current.add(low)
    return before


def _links(words: list[str]) -> tuple[frozenset[str], ...] | None:
    """The linking words between consecutive non-stop words of ``words``, or None when the
    label has none at all (the common case, checked fastest)."""
    if _LINKING.isdisjoint(w.lower() for w in words):
        return None
    return tuple(_linking_before(words)[1:])


def _key(words: Iterable[str]) -> tuple[str, ...]:
    kept = [w for w in words if w.lower() not in STOP]
    if len(kept) == 1:  # single words: plural folding only ("accounting" is not "accounts")
        return (plural(kept[0]),)
    return tuple(stem(w) for w in kept)


class Lexicon:
    """Label index over ``(uri, label, kind)`` triples; kind is preferred|alt|hidden."""

    def __init__(self, labels: Iterable[tuple[str, str, str]]) -> None:
        self._index: dict[tuple[str, ...], list[_Entry]] = defaultdict(list)
        for uri, label, kind in labels:
            words = [w for _, _, w in tokens(label)]
            if not words or len(words) > MAX_WORDS + 2:
                continue
            key = _key(words)
            if not key or len(key) > MAX_WORDS:
                continue
            case_sensitive = None
            if len(key) == 1:
                word = words[0]
                if any(c.isupper() for c in word) or any(c.isdigit() for c in word):
                    case_sensitive = word
                elif kind == "hidden" or len(word) < 6:
                    continue
                elif word.lower().endswith("ics"):
                    # a field, not a plural: "electronics" is no mention in "electronic
                    # patient record", "logistics" none in "logistic regression"
                    case_sensitive = word.lower()
            self._index[key].append(_Entry(uri, label, kind, case_sensitive, _links(words)))

    def __len__(self) -> int:
        return len(self._index)

    def find(self, text: str) -> list[Mention]:
        """Every label occurrence in ``text``; longer matches hide those nested inside them."""
        every = tokens(text)
        words = [(s, e, w) for s, e, w in every if w.lower() not in STOP]
        before = _linking_before(w for _, _, w in every)
        stems = [stem(w) for _, _, w in words]
        singles = [plural(w) for _, _, w in words]
        found: list[Mention] = []
        for i in range(len(words)):
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                key = (singles[i],) if n == 1 else tuple(stems[i : i + n])
                entries = self._index.get(key)
                if not entries:
                    continue
                start, end = words[i][0], words[i + n - 1][1]
                surface = text[start:end]
                gaps = before[i + 1 : i + n]
                for entry in entries:
                    required = entry.case_sensitive
                    if required and required not in (surface, surface.lower()):
                        continue
                    if entry.links is None:
                        if any(gaps):
                            continue  # the text links these words; the label does not
                    elif any(g - allowed for g, allowed in zip(gaps, entry.links, strict=False)):
                        continue  # the text links these words with a word the label lacks
                    found.append(Mention(start, end, surface, entry.uri, entry.label, entry.kind))
        return _drop_nested(found)


def _drop_nested(mentions: list[Mention]) -> list[Mention]:
    """Remove mentions strictly inside a longer mention; keep one per (uri, span)."""
    spans = {(m.start, m.end) for m in mentions}
    keep: dict[tuple[str, int, int], Mention] = {}
    for m in mentions:
        inside = any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in spans)
        if not inside:
            keep.setdefault((m.uri, m.start, m.end), m)
    return sorted(keep.values(), key=lambda m: (m.start, -m.end, m.uri))
