"""Dates as written on CVs: ranges, partial dates, current jobs and durations."""

from __future__ import annotations

from datetime import date

import pytest

from careerpivot.profile.dates import (
    YearMonth,
    duration_months,
    find_date_range,
    parse_date,
    parse_date_range,
)

# text, start, end, current
RANGES = [
    ("Mar 2022 – present", "2022-03", None, True),
    ("March 2022 - Present", "2022-03", None, True),
    ("Sept 2019 – now", "2019-09", None, True),
    ("Jan 2020 - Current", "2020-01", None, True),
    ("2017 to 2021", "2017", "2021", False),
    ("01/2019 – 06/2021", "2019-01", "2021-06", False),
    ("2019–2021", "2019", "2021", False),
    ("2019—2021", "2019", "2021", False),
    ("2019 - 2021", "2019", "2021", False),
    ("Aug 2018 – Dec 2019", "2018-08", "2019-12", False),
    ("June 2017 – December 2019", "2017-06", "2019-12", False),
    ("Mar. 2020 – Dec. 2021", "2020-03", "2021-12", False),
    ("2019-03 – 2021-11-30", "2019-03", "2021-11", False),
    ("03.2018 - 11.2020", "2018-03", "2020-11", False),
    ("since 2021", "2021", None, True),
    ("2021 –", "2021", None, True),
    ("2020 until today", "2020", None, True),
    ("Feb 2015 to date", "2015-02", None, True),
    ("2018", "2018", "2018", False),
]


@pytest.mark.parametrize(("text", "start", "end", "current"), RANGES)
def test_date_ranges_are_read_with_partial_dates_and_current_flag(
    text: str, start: str, end: str | None, current: bool
) -> None:
    found = parse_date_range(text)
    assert found is not None, text
    assert str(found.start) == start
    assert (str(found.end) if found.end else None) == end
    assert found.current is current


@pytest.mark.parametrize(
    ("line", "matched"),
    [
        ("Support Team Lead, Penny Ltd, Manchester — 2021 to now", "2021 to now"),
        ("Key Account Manager — Amsterdam (Sept 2019 – present)", "Sept 2019 – present"),
        ("Customer Support Lead, Brightdesk | 2017 to 2021", "2017 to 2021"),
        ("BA Communication Studies — Uppsala University, 2018", "2018"),
    ],
)
def test_find_date_range_locates_the_range_inside_a_header(line: str, matched: str) -> None:
    found = find_date_range(line)
    assert found is not None
    assert line[found.span[0] : found.span[1]] == matched


def test_a_range_wins_over_a_lone_year_in_the_same_line() -> None:
    found = find_date_range("Won an award in 2018, Acme 2019 - 2021")
    assert found is not None and found.is_range
    assert (str(found.start), str(found.end)) == ("2019", "2021")


@pytest.mark.parametrize(
    "text",
    ["Resolved 40–60 tickets a day", "top-10 issues", "2021 - 2019", "the 1990s", "EUR 3.1M"],
)
def test_numbers_that_are_not_dates_give_no_range(text: str) -> None:
    assert find_date_range(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar 2022", YearMonth(2022, 3)),
        ("03/2022", YearMonth(2022, 3)),
        ("2022-03-15", YearMonth(2022, 3)),
        ("2022", YearMonth(2022)),
        ("not a date", None),
        ("Mar 2022 – present", None),
    ],
)
def test_parse_date_reads_one_date_only(text: str, expected: YearMonth | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("start", "end", "current", "months"),
    [
        (YearMonth(2020, 1), YearMonth(2022, 2), False, 26),
        (YearMonth(2018, 8), YearMonth(2019, 12), False, 17),
        (YearMonth(2017), YearMonth(2021), False, 48),
        (YearMonth(2016), YearMonth(2017), False, 12),
        (YearMonth(2019), YearMonth(2019), False, 1),
        (YearMonth(2022, 3), None, True, 34),
        (None, YearMonth(2020), False, None),
        (YearMonth(2020, 1), None, False, None),
    ],
)
def test_duration_in_months_is_inclusive_and_counts_current_jobs_to_today(
    start: YearMonth | None, end: YearMonth | None, current: bool, months: int | None
) -> None:
    as_of = date(2024, 12, 31)
    assert duration_months(start, end, current=current, as_of=as_of) == months


def test_year_month_orders_and_prints_partial_dates() -> None:
    assert YearMonth(2019) < YearMonth(2019, 1) < YearMonth(2019, 12) < YearMonth(2020)
    assert str(YearMonth(2019)) == "2019"
    assert str(YearMonth(2019, 3)) == "2019-03"
    assert YearMonth.parse("2019-03") == YearMonth(2019, 3)
    with pytest.raises(ValueError):
        YearMonth.parse("2019-13")
