"""Job-title clean-up for the title ranker (pure string functions, no I/O).

Job-ad and CV titles carry words that say nothing about the occupation: gender markers
(``(m/w/d)``, ``(f/m/x)``), hiring noise (``urgent``, ``vacancy``, ``full-time``), language
requirements (``Mandarin speaker``), locations after ``@`` or ``based in``, hashtags and
numbers. :func:`clean_title` drops them; :func:`title_parts` also splits a title at the
separators that join several roles or a role and its team (``/``, ``|``, ``,``, `` - ``,
``cum``) and keeps bracketed text as a part of its own, because brackets often name the real
occupation (``Contract Executive (Quantity Surveyor)``).

Seniority words (``junior``, ``intern``, ``trainee``, ``senior``) are kept on purpose: they
tell an assistant-level occupation from a professional or managerial one.

:func:`drop_grade_words` (used by ``titles.hybrid.v3``) removes ``executive`` where it follows
another word: in job-ad English outside the US, ``Marketing Executive`` or ``Account
Executive`` is a staff grade within a field, not a chief executive, and the field names the
occupation.
"""

from __future__ import annotations

import re

_BRACKETS = re.compile(r"\(([^)]*)\)?|\[([^\]]*)\]?")
_SEPARATORS = re.compile(
    r"\s+[-–—|:]+\s+|\s*[|–—]\s*|\s*,\s*|\s+-|-\s+|\s*/\s*|\s+cum\s+|\s+and/or\s+|\s*;\s*",
    re.IGNORECASE,
)
_NOISE = re.compile(
    r"\b(?:urgent(?:ly)?|hiring|immediate(?:ly)?|vacanc(?:y|ies)|wanted|needed|required|"
    r"full[- ]?time|part[- ]?time|temporary|permanent|remote|hybrid|freelance|"
    r"m/[fw]/[dx]|[fw]/m/[dx]|[mfwdx]/[mfwdx]/[mfwdx]|all genders?|male|female|"
    r"[ivx]{1,4}|\d+(?:st|nd|rd|th|k)?)\b\.?",
    re.IGNORECASE,
)
_SPEAKER = re.compile(
    r"\b(?:native\s+)?[a-z]+\s+(?:speaker|speaking)s?\b|\b(?:speakers?|speaking)\b", re.IGNORECASE
)
_TAIL = re.compile(r"\s*@.*$|\bbased\s+(?:in|at)\b.*$", re.IGNORECASE)
_MANAGERIAL = re.compile(
    r"\b(?:managers?|mgr|head|directors?|chief|ceo|cfo|cto|coo|cio|cmo|vp|vice president|"
    r"president|gm|lead|leader|principal|owner|founder)\b",
    re.IGNORECASE,
)


def _tidy(text: str) -> str:
    text = re.sub(r"[^\w&+#./' -]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" -./&").lower()


def _strip_context(title: str) -> str:
    title = _TAIL.sub(" ", title)
    title = re.sub(r"#\S+", " ", title)
    return _SPEAKER.sub(" ", title)


def _has_word(text: str) -> bool:
    return re.search(r"[^\W\d_]{2,}", text) is not None


def clean_title(title: str) -> str:
    """``title`` lower-cased without noise words, brackets or separators (see module doc).

    Falls back to the lower-cased title when nothing with letters is left.
    """
    text = _BRACKETS.sub(lambda m: f" {m.group(1) or m.group(2) or ''} ", _strip_context(title))
    text = _tidy(_SEPARATORS.sub(" ", _NOISE.sub(" ", text)))
    return text if _has_word(text) else " ".join(title.split()).lower()


def title_parts(title: str) -> list[str]:
    """The distinct cleaned segments of ``title``: split at separators, bracketed text apart.

    Example: ``"Admin cum Account Executive (Penang)"`` → ``["admin", "account executive",
    "penang"]``. Never empty: falls back to ``[clean_title(title)]``.
    """
    text = _strip_context(title)
    inner = [a or b for a, b in _BRACKETS.findall(text)]
    outer = _BRACKETS.sub(" , ", text)
    segments = [
        _tidy(p) for chunk in (outer, *inner) for p in _SEPARATORS.split(_NOISE.sub(" ", chunk))
    ]
    kept = [s for s in segments if _has_word(s)]
    return list(dict.fromkeys(kept)) or [clean_title(title)]


_GRADE = re.compile(r"(?<=[a-z])\s+(?:executive|exec)s?\b", re.IGNORECASE)


def drop_grade_words(text: str) -> str:
    """``text`` without ``executive`` after another word (module docstring).

    ``"marketing executive"`` → ``"marketing"``; ``"executive chef"`` and ``"executive"``
    stay as they are, and so does a text that would have no word left.
    """
    out = _GRADE.sub("", text)
    return out if _has_word(out) else text


def has_managerial_cue(title: str) -> bool:
    """True when the title names a managing or leading role (manager, head, director, lead …)."""
    return _MANAGERIAL.search(title) is not None
