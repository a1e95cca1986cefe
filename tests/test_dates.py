"""Partial dates keep the precision written; bad dates are rejected with a reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibliography.dates import (
    DateError,
    DateRange,
    PartialDate,
    days_in_month,
    definitely_precedes,
    may_precede,
    parse_bibtex_year_month,
    parse_date,
)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(min_value=0, max_value=9999))
    month = draw(st.none() | st.integers(min_value=1, max_value=12))
    day = None
    if month is not None:
        day = draw(st.none() | st.integers(min_value=1, max_value=days_in_month(year, month)))
    return PartialDate(year, month, day, uncertain=draw(st.booleans()), approximate=draw(st.booleans()))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025", PartialDate(2025)),
        ("2025-01", PartialDate(2025, 1)),
        ("2025-01-02", PartialDate(2025, 1, 2)),
        ("2024-02-29", PartialDate(2024, 2, 29)),
        (" 2025-01 ", PartialDate(2025, 1)),
        ("2004?", PartialDate(2004, uncertain=True)),
        ("2004-06~", PartialDate(2004, 6, approximate=True)),
        ("2004-06-11%", PartialDate(2004, 6, 11, uncertain=True, approximate=True)),
    ],
)
def test_single_dates(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected


def test_partial_date_outputs() -> None:
    date = PartialDate(2025, 1)
    assert date.iso() == "2025-01"
    assert date.date_parts() == [2025, 1]
    assert PartialDate(2025).date_parts() == [2025]
    assert PartialDate(2004, 6, 11, uncertain=True).iso() == "2004-06-11?"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2022-04-14/2022-05", PartialDate(2022, 4, 14), PartialDate(2022, 5)),
        ("2022/..", PartialDate(2022), None),
        ("2022/", PartialDate(2022), None),
        ("../2022-05", None, PartialDate(2022, 5)),
        ("2025-01/2025-01-02", PartialDate(2025, 1), PartialDate(2025, 1, 2)),
    ],
)
def test_ranges(text: str, start: PartialDate | None, end: PartialDate | None) -> None:
    assert parse_date(text) == DateRange(start, end)


def test_open_range_is_written_with_two_dots() -> None:
    assert parse_date("2022/").iso() == "2022/.."


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("May 3", "no year"),
        ("2025-13", "month 13 is not a month"),
        ("2025-00", "month 0 is not a month"),
        ("2025-02-30", "no day 30"),
        ("2023-02-29", "no day 29"),
        ("25-01", "four digits"),
        ("2025-1-5", "two digits"),
        ("2022-05/2022-04-14", "before it starts"),
        ("../..", "at least one end"),
        ("2022/2023/2024", "more than one"),
        ("2025-01-01T10:00", "time of day"),
    ],
)
def test_bad_dates_say_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        parse_date(text)


def test_date_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_date("2025-13")


def test_precision_aware_comparison() -> None:
    month, day = PartialDate(2025, 1), PartialDate(2025, 1, 2)
    assert may_precede(month, day)
    assert may_precede(day, month)
    assert not definitely_precedes(month, day)
    assert not may_precede(PartialDate(2025, 2), PartialDate(2025, 1, 31))
    assert definitely_precedes(PartialDate(2024), PartialDate(2025, 1))
    assert may_precede(PartialDate(2025), PartialDate(2025, 12, 31))
    assert sorted([day, PartialDate(2025), month, PartialDate(2024, 12, 31)]) == [
        PartialDate(2024, 12, 31),
        PartialDate(2025),
        month,
        day,
    ]


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        ("2025", "jan", PartialDate(2025, 1)),
        ("2025", "January", PartialDate(2025, 1)),
        ("2025", "1", PartialDate(2025, 1)),
        ("2025", "09", PartialDate(2025, 9)),
        ("2025", "Sept.", PartialDate(2025, 9)),
        ("2025", None, PartialDate(2025)),
        (" 2025 ", "", PartialDate(2025)),
    ],
)
def test_bibtex_year_month(year: str, month: str | None, expected: PartialDate) -> None:
    assert parse_bibtex_year_month(year, month) == expected


@pytest.mark.parametrize(
    ("year", "month", "reason"),
    [
        (None, "jan", "no year"),
        ("25", None, "four digits"),
        ("2025a", None, "not a number"),
        ("2025", "13", "month 13 is not a month"),
        ("2025", "ja", "not a month name"),
        ("2025", "Brumaire", "not a month name"),
    ],
)
def test_bad_bibtex_year_month(year: str | None, month: str | None, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        parse_bibtex_year_month(year, month)


@given(partial_dates())
def test_iso_round_trip(date: PartialDate) -> None:
    assert parse_date(date.iso()) == date


@given(partial_dates(), partial_dates())
def test_range_round_trip(a: PartialDate, b: PartialDate) -> None:
    start, end = sorted((a, b), key=PartialDate.earliest)
    date_range = DateRange(start, end)
    assert parse_date(date_range.iso()) == date_range


@given(partial_dates(), partial_dates())
def test_may_precede_is_total_and_definitely_is_strict(a: PartialDate, b: PartialDate) -> None:
    assert may_precede(a, b) or may_precede(b, a)
    assert not (definitely_precedes(a, b) and may_precede(b, a))
