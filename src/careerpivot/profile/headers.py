"""Read a job header line into title, employer, location and dates.

Job headers come in many shapes; all of these are understood::

    Senior Customer Success Manager — Acme Analytics (Berlin)
    Customer Support Lead, Brightdesk | 2017 to 2021
    Support Team Lead, Penny App Ltd (consumer fintech, 60 people), Manchester — 2021 to now
    Key Account Manager, Stackline Logistics BV — Amsterdam (Sept 2019 – present)
    Manager, Customer Success at Example Corp
    Support Specialist            <- title line
    Acme Corp, Leeds              <- employer line (employer first is detected by role words)
    Jan 2019 - Present            <- date line

The header is split on strong separators (dashes with spaces, ``|``, ``·``, ``@``, `` at ``)
and then on commas, never inside parentheses. The first part is the title, the next the
employer and the rest the location. A parenthetical after the employer is a location when it
looks like one (``(Berlin)``, ``(Remote)``) and a description otherwise (dropped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from careerpivot.profile.dates import DateRange, find_date_range
from careerpivot.profile.language import word_set

ROLE_WORDS: frozenset[str] = word_set(
    """
    manager lead leader specialist engineer assistant advisor adviser representative rep
    director head officer analyst consultant associate coordinator executive agent intern
    developer designer owner founder co-founder cofounder architect administrator supervisor
    president vp partner researcher scientist teacher nurse technician clerk operator
    accountant marketer writer editor strategist principal trainee apprentice cashier waiter
    waitress receptionist programmer tester chief ceo cto coo cfo cpo ambassador
    """
)
_DEPARTMENT_WORDS = word_set(
    """
    customer customers success sales support product products operations marketing
    engineering finance people hr partnerships partner accounts account management service
    services experience growth strategy emea apac americas dach nordics global enterprise
    mid-market smb digital technical it data analytics business development care onboarding
    solutions retail commercial and & of
    """
)
CORP_SUFFIXES: frozenset[str] = word_set(
    """
    inc inc. ltd ltd. llc plc gmbh ag bv b.v. nv n.v. sa s.a. sas sarl srl spa s.p.a. oy ab
    as aps pty co co. corp corp. corporation limited company kg se sl llp lp
    """
)
_STRONG_SPLIT = re.compile(r"\s+[—–-]{1,2}\s+|\s*[|·•—]\s*|\s+@\s+|\s+at\s+|\s+–|–\s+")
_MARKUP = re.compile(r"\*\*|__|`")
_EMPTY_BRACKETS = re.compile(r"\(\s*[,;]?\s*\)|\[\s*\]")
_EDGE = " \t—–-|,;:·•/*_"


@dataclass(frozen=True)
class Header:
    """What a job header says. Any part can be missing except the title."""

    title: str
    employer: str | None
    location: str | None
    dates: DateRange | None


def clean_markup(text: str) -> str:
    """Remove Markdown emphasis and heading marks from a line."""
    text = re.sub(r"^\s*#{1,6}\s+", "", text)
    return _MARKUP.sub("", text).strip()


def split_outside_parens(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split ``text`` on ``pattern`` except inside ``(…)``/``[…]``; parts are stripped."""
    depth = 0
    mask = []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        mask.append("x" if depth and ch not in "([" else ch)
    masked = "".join(mask)
    parts, last = [], 0
    for match in pattern.finditer(masked):
        parts.append(text[last : match.start()])
        last = match.end()
    parts.append(text[last:])
    return [p.strip(_EDGE).strip() for p in parts if p.strip(_EDGE)]


def remove_dates(text: str) -> tuple[str, DateRange | None]:
    """Take the date range out of a header line.

    Returns:
        The line without the range (and without the brackets or separators around it), and
        the range or None.
    """
    found = find_date_range(text)
    if found is None:
        return text, None
    start, end = found.span
    rest = text[:start] + " " + text[end:]
    rest = _EMPTY_BRACKETS.sub(" ", rest)
    rest = re.sub(r"\s{2,}", " ", rest)
    return rest.strip(_EDGE).strip(), found


def _words(text: str) -> list[str]:
    return re.findall(r"[\w&.'-]+", text.lower())


def has_role_word(text: str) -> bool:
    """True when a word of ``text`` is a typical job-title word (manager, lead, …)."""
    return any(w.strip(".") in ROLE_WORDS for w in _words(text))


def _is_department(parts: list[str]) -> bool:
    words = [w for part in parts for w in _words(part)]
    return bool(words) and len(words) <= 4 and all(w in _DEPARTMENT_WORDS for w in words)


def looks_like_location(text: str) -> bool:
    """True for short place names such as ``Berlin``, ``Leeds, UK`` or ``Remote``."""
    if re.search(r"\d|@|\[", text):
        return False
    words = text.replace(",", " ").split()
    if not words or len(words) > 4:
        return False
    if any(w.lower() in ("remote", "hybrid", "on-site", "onsite") for w in words):
        return True
    return all(w[:1].isupper() for w in words) and not has_role_word(text)


def _split_employer(part: str) -> tuple[str, str | None]:
    """``"Acme (Berlin)"`` -> ``("Acme", "Berlin")``; descriptions in brackets are dropped."""
    match = re.search(r"\s*\(([^()]*)\)\s*$", part)
    if not match:
        return part, None
    name = part[: match.start()].strip()
    inner = match.group(1).strip()
    if not name:
        return part, None
    return name, (inner if looks_like_location(inner) else None)


def _assign(groups: list[list[str]]) -> tuple[str, str | None, str | None]:
    first = groups[0]
    if len(first) > 1 and len(groups) > 1 and _is_department(first[1:]):
        title, rest = ", ".join(first), groups[1:]
    else:
        title, rest = first[0], [first[1:], *groups[1:]]
    parts = [p for group in rest for p in group]
    while len(parts) > 1 and parts[1].lower().strip() in CORP_SUFFIXES:
        parts[0:2] = [f"{parts[0]}, {parts[1]}"]
    if not parts:
        return title, None, None
    if has_role_word(parts[0]) and not has_role_word(title):  # "Acme Corp | Support Lead"
        title, parts[0] = parts[0], title
    employer, paren_location = _split_employer(parts[0])
    location = ", ".join(parts[1:]) or paren_location
    return title, employer or None, location or None


def _groups(text: str) -> list[list[str]]:
    strong = split_outside_parens(text, _STRONG_SPLIT)
    comma = re.compile(r"\s*,\s*")
    return [g for g in (split_outside_parens(s, comma) for s in strong) if g]


def parse_header(lines: list[str]) -> Header | None:
    """Read the header lines of one job (see module docstring).

    Args:
        lines: the non-bullet lines that open a job entry, in order.

    Returns:
        The header, or None when no title can be found.
    """
    texts: list[str] = []
    dates: DateRange | None = None
    for raw in lines:
        text, found = remove_dates(clean_markup(raw))
        if found is not None and (dates is None or (found.is_range and not dates.is_range)):
            dates = found
        if text:
            texts.append(text)
    if not texts:
        return None
    groups = _groups(texts[0])
    if not groups:
        return None
    if len(texts) > 1 and len(groups) == 1 and len(groups[0]) == 1:
        return _title_on_own_line(texts, dates)
    title, employer, location = _assign(groups)
    if len(texts) > 1:
        extra = texts[1]
        if employer is None:
            employer, paren_location = _split_employer(extra)
            location = location or paren_location
        elif location is None and looks_like_location(extra):
            location = extra
    return Header(title, employer, location, dates)


def _title_on_own_line(texts: list[str], dates: DateRange | None) -> Header:
    """A title line followed by an employer line (in either order) and maybe a location."""
    first, second = texts[0], texts[1]
    if has_role_word(second) and not has_role_word(first):
        first, second = second, first
    parts = [p for g in _groups(second) for p in g] or [second]
    employer, paren_location = _split_employer(parts[0])
    location = ", ".join(parts[1:]) or paren_location
    if not location and len(texts) > 2 and looks_like_location(texts[2]):
        location = texts[2]
    return Header(first, employer, location or None, dates)
