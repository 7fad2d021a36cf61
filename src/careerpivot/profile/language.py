"""Which natural language a CV is written in, and which words name spoken languages.

:func:`guess_language` counts common function words ("stop words") of a few European
languages. CVs are terse, so the English share is lower than in prose; a text is called
non-English only when it has at least :data:`MIN_WORDS` words and another language's stop
words outnumber the English ones, or English stop words are almost absent. This is a
heuristic for a warning, never for an error.
"""

from __future__ import annotations

import re

MIN_WORDS = 25


def word_set(words: str) -> frozenset[str]:
    """A frozen set of the whitespace-separated words in ``words`` (for word lists)."""
    return frozenset(words.split())


_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": word_set(
        "the and of to in a an for with on at by from as is are was were be been i my me we"
        " our it this that which who have has had will would can not or but all into over"
        " across per than their they them its"
    ),
    "de": word_set(
        "der die das und mit für von zu den im ist ein eine einer eines dem des auf als bei"
        " ich sich nicht auch aus nach wir über zur zum sowie durch"
    ),
    "fr": word_set(
        "le la les et des du un une pour avec dans sur au aux est en par je qui que pas ou"
        " ce cette son sa ses mes nous"
    ),
    "es": word_set(
        "el la los las y de del un una para con en por que es al como su sus se mi yo más"
        " entre sobre"
    ),
    "nl": word_set(
        "de het een en van met voor op in te bij als ik zijn aan naar door ook niet wij om uit over"
    ),
    "sv": word_set("och att det som en ett med för på av till är jag inom från har vid under om"),
    "it": word_set(
        "il lo la gli le e di da con per in un una che del della dei nel sono come anche"
    ),
    "pt": word_set("o a os as e de do da dos das um uma para com em por que no na não como mais"),
}

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "nl": "Dutch",
    "sv": "Swedish",
    "it": "Italian",
    "pt": "Portuguese",
}

#: Spoken languages recognised in skills lists (lower case).
SPOKEN_LANGUAGES: frozenset[str] = word_set(
    """
    afrikaans albanian amharic arabic armenian azerbaijani basque belarusian bengali bosnian
    bulgarian burmese cantonese catalan chinese croatian czech danish dutch english estonian
    farsi filipino finnish flemish french galician georgian german greek gujarati hausa hebrew
    hindi hungarian icelandic igbo indonesian irish italian japanese kannada kazakh khmer
    korean kurdish lao latvian lithuanian luxembourgish macedonian malay malayalam maltese
    mandarin marathi mongolian nepali norwegian pashto persian polish portuguese punjabi
    romanian russian serbian sinhala slovak slovenian somali spanish swahili swedish tagalog
    tamil telugu thai tigrinya turkish ukrainian urdu uzbek vietnamese welsh xhosa yiddish
    yoruba zulu
    """
)

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def guess_language(text: str) -> tuple[str | None, dict[str, int]]:
    """Guess the language of ``text`` from stop-word counts.

    Args:
        text: any text.

    Returns:
        ``(code, counts)``: ``code`` is an ISO 639-1 code from :data:`LANGUAGE_NAMES`, or None
        when the text is too short to tell; ``counts`` maps each code to its stop-word hits
        plus ``"words"`` to the number of words.
    """
    words = [w.lower() for w in _WORD.findall(text)]
    counts = {code: sum(1 for w in words if w in stops) for code, stops in _STOP_WORDS.items()}
    counts["words"] = len(words)
    if len(words) < MIN_WORDS:
        return None, counts
    best = max(_STOP_WORDS, key=lambda code: counts[code])
    english = counts["en"]
    if best != "en" and counts[best] > 1.5 * english:
        return best, counts
    if english < 0.02 * len(words):
        return (best if counts[best] > english else None), counts
    return "en", counts


def is_spoken_language(name: str) -> bool:
    """True when ``name`` (e.g. ``"German"``, ``"Mandarin Chinese"``) names a spoken language."""
    words = name.lower().split()
    return bool(words) and len(words) <= 2 and all(w in SPOKEN_LANGUAGES for w in words)
