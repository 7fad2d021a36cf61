"""Typo repair for job titles against the taxonomy's own vocabulary (pure, no I/O).

Job-ad titles are typed in a hurry: ``HOUSEKEEPING ASISTANT``, ``Kichen Helper``,
``ACCOUTING``, ``Java Fullstack Developer``. The embedder reads a misspelt word as unrelated
word pieces, and BM25 does not match it at all. :class:`TitleSpeller` replaces a word that
is not in the vocabulary of the occupation labels and O*NET titles by the most frequent
vocabulary word at Damerau–Levenshtein distance 1 (one letter inserted, deleted, replaced or
two neighbours swapped), or else splits it into two known words (``fullstack`` → ``full
stack``).

To keep real words that the vocabulary lacks (names, places, brands), only words of five or
more letters are touched, a word whose stem is in the vocabulary is kept (``costing`` stays,
``cost`` is known), and a candidate must occur at least twice in the vocabulary texts.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from careerpivot.extract.lexicon import stem

__all__ = ["TitleSpeller", "within_one_edit"]

_WORD = re.compile(r"[A-Za-z]+")
MIN_WORD = 5  # shorter words are left alone (abbreviations, codes, short names)
MIN_COUNT = 2  # a correction must occur at least this often in the vocabulary texts
MIN_SPLIT_COUNT = 3  # each half of a split word must occur at least this often


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion, substitution or
    swap of two neighbouring letters (Damerau–Levenshtein distance ≤ 1)."""
    if a == b:
        return True
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        i, j = diff[0], diff[-1]
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(long_) - len(short) != 1:
        return False
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class TitleSpeller:
    """Repair misspelt words of a title against a vocabulary (module docstring).

    Args:
        texts: the vocabulary texts (occupation labels, O*NET titles); words are lower-cased.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self.counts: Counter[str] = Counter(w for t in texts for w in _WORD.findall(t.lower()))
        self._stems = {stem(w) for w in self.counts}
        self._by_delete: dict[str, list[str]] = defaultdict(list)
        for word, n in self.counts.items():
            if len(word) >= MIN_WORD - 1 and n >= MIN_COUNT:
                for key in _deletes(word) | {word}:
                    self._by_delete[key].append(word)
        self._fixed: dict[str, str] = {}

    def fix_word(self, word: str) -> str:
        """``word`` itself when it is known or short, else its repair (lower-cased)."""
        low = word.lower()
        if len(low) < MIN_WORD or low in self.counts or stem(low) in self._stems:
            return word
        if low not in self._fixed:
            self._fixed[low] = self._repair(low) or word
        return self._fixed[low]

    def _repair(self, low: str) -> str | None:
        candidates = {
            c for key in _deletes(low) | {low} for c in self._by_delete.get(key, ())
            if within_one_edit(low, c)
        }  # fmt: skip
        if candidates:
            return max(sorted(candidates), key=lambda c: self.counts[c])
        for cut in range(3, len(low) - 2):
            head, tail = low[:cut], low[cut:]
            if min(self.counts.get(head, 0), self.counts.get(tail, 0)) >= MIN_SPLIT_COUNT:
                return f"{head} {tail}"
        return None

    def __call__(self, text: str) -> str:
        """``text`` with every misspelt word repaired (other characters untouched)."""
        return _WORD.sub(lambda m: self.fix_word(m.group(0)), text)
