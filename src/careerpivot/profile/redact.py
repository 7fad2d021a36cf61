"""Find and remove contact details (e-mail, phone, street address, URLs) from CV text.

Each found item is replaced by a placeholder naming its kind, so the structure of the text is
kept::

    "Leeds · jordan@example.com · +44 113 496 0000"
    -> "Leeds · [email] · [phone]"      counts {"email": 1, "phone": 1}

What counts as what:

- **email**: ``local@domain.tld``.
- **url**: anything starting with ``http(s)://`` or ``www.``, and bare links to profile sites
  (``linkedin.com/in/…``, ``github.com/…``, …).
- **phone**: a number with a ``+`` country code, or 9–15 digits in groups (``0113 496 0000``,
  ``(555) 123-4567``), or any number after a label such as ``Phone:``/``Tel:``/``Mobile:``.
  Runs of years (``2018 2019 2020``) are never phones.
- **address**: a house number and street (``12 Example Road``, ``Musterstraße 12``) with an
  optional following postcode, and UK postcodes on their own.

City and country names are kept: they are useful (relocation, labour market) and not contact
details. The name of the person is not touched here.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from careerpivot.profile.dates import find_date_range
from careerpivot.profile.models import Contact, Redaction, RedactionKind

KINDS: tuple[RedactionKind, ...] = ("email", "url", "phone", "address")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}")
_PROFILE_HOSTS = (
    r"linkedin\.com|github\.com|gitlab\.com|twitter\.com|x\.com|facebook\.com|instagram\.com"
    r"|medium\.com|behance\.net|dribbble\.com|stackoverflow\.com|about\.me|xing\.com"
)
_URL = re.compile(
    rf"(?:https?://|www\.)[^\s<>()\[\]\"'|,;·•]{{1,300}}"
    rf"|(?<![\w.@/])(?:[\w-]{{1,63}}\.)?(?:{_PROFILE_HOSTS})/[^\s<>()\[\]\"'|,;·•]{{1,300}}",
    re.IGNORECASE,
)
_LABELLED_PHONE = re.compile(
    r"(?P<label>\b(?:phone|tel(?:ephone)?|mobile|mob|cell)\b\.?\s{0,3}:?\s{0,3})"
    r"(?P<number>\+?[\d(][\d ()./-]{4,22}\d)",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w+])(?:\+\s?\d|\(\d|\d)[\d ()./-]{6,22}\d(?![\w])")
_YEAR_ONLY = re.compile(r"^(?:(?:19|20)\d\d[\s./-]*)+$")
_STREET_WORDS = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl"
    r"|square|sq|close|crescent|terrace|parkway|gardens|grove|row|hill|mews"
)
_POSTCODE = (
    r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"  # UK
    r"|\d{4}\s?[A-Z]{2}"  # NL
    r"|\d{4,5}(?:-\d{4})?)"  # DE, FR, US ZIP, …
)
_ADDRESS = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?,?\s(?:[A-Z][\w'-]{{1,30}}\s){{1,4}}(?i:{_STREET_WORDS})\b\.?"
    rf"(?:,?\s{{1,3}}(?:[A-Z][\w'-]{{1,30}}\s{{1,3}}){{0,2}}{_POSTCODE}\b)?"
    rf"|\b[A-ZÄÖÜ][\wäöüß-]{{1,40}}(?:straße|strasse|str\.|weg|gasse|platz|allee|damm"
    rf"|laan|straat|gracht|plein|gatan|vägen|gade|vej)\s{{1,3}}\d{{1,4}}[a-z]?\b"
    rf"(?:,?\s{{1,3}}{_POSTCODE}\b)?"
    rf"|\b[A-Z]{{1,2}}\d[A-Z\d]?\s\d[A-Z]{{2}}\b",
)

_PLACEHOLDER: dict[str, str] = {kind: f"[{kind}]" for kind in KINDS}


@dataclass
class RedactionResult:
    """The text after redaction, how many items of each kind were found, and the items."""

    text: str
    counts: dict[str, int] = field(default_factory=dict)
    found: dict[str, list[str]] = field(default_factory=dict)


def redact(text: str, *, replace: bool = True) -> RedactionResult:
    """Find contact details in ``text`` and (by default) replace them with placeholders.

    Args:
        text: any text.
        replace: when False the text is returned unchanged and only ``found`` is filled.

    Returns:
        A :class:`RedactionResult`; ``counts`` holds only kinds with at least one item, in the
        order e-mail, url, phone, address.
    """
    result = RedactionResult(text=text)
    current = text
    for kind, finder in (
        ("email", _find_emails),
        ("url", _find_urls),
        ("phone", _find_phones),
        ("address", _find_addresses),
    ):
        spans = list(finder(current))
        if not spans:
            continue
        result.counts[kind] = len(spans)
        result.found[kind] = [current[a:b] for a, b in spans]
        if replace:
            current = _replace(current, spans, _PLACEHOLDER[kind])
    result.text = current
    return result


def _replace(text: str, spans: list[tuple[int, int]], placeholder: str) -> str:
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(placeholder)
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _find_emails(text: str) -> Iterable[tuple[int, int]]:
    return (m.span() for m in _EMAIL.finditer(text))


def _find_urls(text: str) -> Iterable[tuple[int, int]]:
    for match in _URL.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in ".:!?":
            end -= 1
        yield start, end


def _find_phones(text: str) -> Iterable[tuple[int, int]]:
    labelled = [m.span("number") for m in _LABELLED_PHONE.finditer(text)]
    spans = list(labelled)
    for match in _PHONE.finditer(text):
        if _looks_like_phone(match.group(0)) and not _overlaps(match.span(), labelled):
            spans.append(match.span())
    return sorted(spans)


def _looks_like_phone(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    if _YEAR_ONLY.match(candidate.strip()):
        return False
    dates = find_date_range(candidate)
    if dates is not None and dates.is_range:  # "01/2019 - 02/2021", "2019-03 - 2021-11"
        return False
    if candidate.startswith("+"):
        return 8 <= digits <= 15
    groups = [g for g in re.split(r"[\s()./-]+", candidate) if g]
    single_digit_groups = sum(1 for g in groups if len(g) == 1)
    return (
        9 <= digits <= 15
        and len(groups) >= 2
        and single_digit_groups <= 1
        and not re.search(r"\d\.\d", candidate)
    )


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps one of ``spans`` (sorted, not overlapping each other)."""
    index = bisect.bisect_left(spans, (span[1],))  # first span starting at or after our end
    return index > 0 and spans[index - 1][1] > span[0]


def _find_addresses(text: str) -> Iterable[tuple[int, int]]:
    return (m.span() for m in _ADDRESS.finditer(text))


def redactions(counts: dict[str, int]) -> list[Redaction]:
    """The ``Profile.redactions`` entries for ``counts``, in the order of :data:`KINDS`."""
    return [Redaction(kind=kind, count=counts[kind]) for kind in KINDS if counts.get(kind)]


def with_contact_details(contact: Contact, found: dict[str, list[str]]) -> Contact:
    """``contact`` plus the e-mails, phones, URLs and first address in ``found`` (used when
    the user asked to keep contact details)."""
    addresses = found.get("address", [])
    return Contact(
        name=contact.name,
        location=contact.location,
        emails=list(dict.fromkeys(found.get("email", []))),
        phones=list(dict.fromkeys(found.get("phone", []))),
        urls=list(dict.fromkeys(found.get("url", []))),
        address=addresses[0] if addresses else None,
    )
