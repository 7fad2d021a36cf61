"""Text normalisation shared by the index builder and the search (so both agree)."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z+#]+")


def normalise(text: str) -> str:
    """Lower-case, strip accents, turn punctuation into spaces, collapse whitespace.

    >>> normalise("  Customer-Success Manager (m/w/d) ")
    'customer success manager m w d'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub(" ", folded.lower()).strip()
