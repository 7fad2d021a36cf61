"""Split free text (a job ad, a CV section) into sentences with character offsets."""

from __future__ import annotations

import re

#: Sentence ends, bullets, blank lines and line ends — except a line break followed by a
#: lower-case word, which continues a wrapped sentence ("ran 14 customer\n  interviews").
_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9•*\-])|\n\s*[-*•]\s*|\n[ \t]*\n\s*|\n(?![ \t]*[a-z(])")
_MIN_WORDS = 2


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, sentence)`` for each sentence or bullet of ``text`` with ≥ 2 words."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for match in [*_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[pos:end]
        stripped = piece.strip(" \t-*•#")
        if len(stripped.split()) >= _MIN_WORDS:
            start = pos + piece.index(stripped)
            out.append((start, start + len(stripped), stripped))
        if match:
            pos = match.end()
    return out
