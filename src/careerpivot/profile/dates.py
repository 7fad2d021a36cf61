"""Partial dates and date ranges as written on CVs.

Understood forms (case-insensitive; dashes may be ``-``, ``–``, ``—`` or ``−``)::

    Mar 2022 – present        -> 2022-03 .. current
    March 2022 - Present      -> 2022-03 .. current
    Sept 2019 – now           -> 2019-09 .. current
    2017 to 2021              -> 2017 .. 2021
    01/2019 – 06/2021         -> 2019-01 .. 2021-06
    2019-03 – 2021-11-30      -> 2019-03 .. 2021-11   (ISO, day dropped)
    since 2021 / 2021 –       -> 2021 .. current
    2018                      -> 2018 .. 2018          (a single date)

A :class:`YearMonth` with ``month=None`` is a year-only (partial) date. Durations are counted
in whole months, inclusive; a missing month counts as July for a start and June for an end,
so ``2017 to 2021`` is 48 months.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_MM = r"(?:0?[1-9]|1[0-2])"
_DATE = (
    rf"(?:{_MONTH}\s{{0,3}},?\s{{0,3}}{_YEAR}"
    rf"|{_MM}\s?[/.]\s?{_YEAR}"
    rf"|{_YEAR}[-/.](?:0[1-9]|1[0-2])(?:[-/.](?:0[1-9]|[12]\d|3[01]))?(?![\d])"
    rf"|{_YEAR})"
)
_PRESENT = r"(?:present|current(?:ly)?|now|today|ongoing|(?:till\s+)?date)"
_SEP = r"(?:\s{0,3}[-–—−‒―~→]{1,2}\s{0,3}|\s{1,3}(?:to|until|till|through|thru)\s{1,3})"

_RANGE_RE = re.compile(
    rf"(?<![\w/.])(?:(?P<since>since|from)\s{{1,3}})?(?P<start>{_DATE})"
    rf"(?:(?P<sep>{_SEP})(?P<end>{_DATE}|{_PRESENT})?)?(?![\w/])",
    re.IGNORECASE,
)
_DATE_RE = re.compile(rf"^\s*{_DATE}\s*$", re.IGNORECASE)
_PRESENT_RE = re.compile(rf"^\s*{_PRESENT}\s*$", re.IGNORECASE)


@functools.total_ordering
@dataclass(frozen=True)
class YearMonth:
    """A year with an optional month. Orders year-only dates before months of that year."""

    year: int
    month: int | None = None

    def __str__(self) -> str:
        return f"{self.year:04d}" if self.month is None else f"{self.year:04d}-{self.month:02d}"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, YearMonth):
            return NotImplemented
        return (self.year, self.month or 0) < (other.year, other.month or 0)

    @classmethod
    def parse(cls, value: str) -> YearMonth:
        """Parse the stored form ``YYYY`` or ``YYYY-MM``.

        Raises:
            ValueError: when ``value`` is not in that form.
        """
        match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value)
        if not match:
            raise ValueError(f"not a YYYY or YYYY-MM date: {value!r}")
        month = int(match.group(2)) if match.group(2) else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month out of range: {value!r}")
        return cls(int(match.group(1)), month)


@dataclass(frozen=True)
class DateRange:
    """A range found in a text. ``span`` is the ``(start, end)`` of the match in that text."""

    start: YearMonth | None
    end: YearMonth | None
    current: bool
    span: tuple[int, int]
    is_range: bool


def parse_date(text: str) -> YearMonth | None:
    """Parse one written date (``Mar 2022``, ``03/2022``, ``2022-03-01``, ``2022``).

    Returns:
        The date, or None when ``text`` is not a date on its own.
    """
    if not _DATE_RE.match(text):
        return None
    return _to_year_month(text.strip())


def _to_year_month(token: str) -> YearMonth:
    token = token.lower().replace(",", " ")
    years = re.findall(r"(?:19|20)\d\d", token)
    year = int(years[0])
    word = re.match(r"[a-z]{3}", token)
    if word:
        return YearMonth(year, _MONTHS[word.group(0)])
    numbers = [int(n) for n in re.findall(r"\d+", token)]
    if len(numbers) == 1:
        return YearMonth(year)
    month = numbers[0] if numbers[0] != year else numbers[1]
    return YearMonth(year, month)


def find_date_range(text: str) -> DateRange | None:
    """Find the most range-like date expression in a line of text.

    A real range (two dates, or a date and "present") wins over a lone date; among equals the
    first one wins. A lone date is returned with ``start == end``; ``since 2021`` and a
    trailing dash (``2021 –``) mean a current job.

    Returns:
        The range, or None when the text holds no date.
    """
    best: DateRange | None = None
    for match in _RANGE_RE.finditer(text):
        found = _range_from_match(match)
        if found is None:
            continue
        if found.is_range:
            return found
        if best is None:
            best = found
    return best


def _range_from_match(match: re.Match[str]) -> DateRange | None:
    start = _to_year_month(match.group("start"))
    end_text = match.group("end")
    span = match.span()
    if end_text is None:
        open_ended = bool(match.group("since")) and match.group("since").lower() == "since"
        open_ended = open_ended or (
            match.group("sep") is not None and match.end() == len(match.string.rstrip())
        )
        if open_ended:
            return DateRange(start, None, True, span, True)
        if match.group("sep") is not None:  # "2019 - " followed by something else
            span = (span[0], match.start("sep"))
        return DateRange(start, start, False, span, False)
    if _PRESENT_RE.match(end_text):
        return DateRange(start, None, True, span, True)
    end = _to_year_month(end_text)
    if end < start:
        return None
    return DateRange(start, end, False, span, True)


def parse_date_range(text: str) -> DateRange | None:
    """Parse a text that is only a date range (surrounding brackets and spaces allowed).

    Returns:
        The range, or None when the text holds anything besides one range.
    """
    stripped = text.strip().strip("()[]").strip()
    found = find_date_range(stripped)
    if found is None or found.span != (0, len(stripped)):
        return None
    return found


def duration_months(
    start: YearMonth | None, end: YearMonth | None, *, current: bool, as_of: date
) -> int | None:
    """Inclusive length of a job in months.

    Args:
        start: first month (a year-only start counts from July).
        end: last month (a year-only end counts to June); ignored when ``current``.
        current: the job is ongoing and counts up to ``as_of``.
        as_of: today's date for current jobs.

    Returns:
        At least 1, or None when the start or the end is unknown.

    Example:
        >>> duration_months(YearMonth(2020, 1), YearMonth(2022, 2), current=False,
        ...                 as_of=date(2025, 1, 1))
        26
    """
    if start is None:
        return None
    if current:
        end = YearMonth(as_of.year, as_of.month)
    if end is None:
        return None
    first = start.year * 12 + (start.month or 7)
    last = end.year * 12 + (end.month or 6)
    return max(1, last - first + 1)
