"""Dates as bibliographies write them: partial, uncertain, and sometimes ranges.

A source is often dated only to the year or the month (``2025``, ``2025-01``),
and a provenance check must not invent the missing day: a translation dated
``2025-01`` may well be earlier than, or the same day as, an original dated
``2025-01-02``. :class:`PartialDate` therefore keeps exactly the precision that
was written, and :func:`may_precede` / :func:`definitely_precedes` compare
dates without pretending to know more.

:func:`parse_date` reads the biblatex ``date`` field, which is ISO 8601 as
profiled by EDTF levels 0 and 1: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, the
qualifiers ``?`` (uncertain), ``~`` (approximate) and ``%`` (both), and
ranges ``start/end`` whose ends may be open (``..``) or unknown (empty).
:func:`parse_bibtex_year_month` reads the classic BibTeX ``year`` / ``month``
pair. Anything else raises :class:`DateError` naming what is wrong, because a
date quietly misread is worse than a date rejected.

The edtf package reads the same dates (``tests/test_dates_edtf.py`` holds the
two to the same answers) but is not used here: its pyparsing grammar takes a
thousand times as long per date (11 to 21 ms against 0.01 to 0.02 ms here,
measured with edtf 5.0.2), which a bibliography of a few thousand dates would
wait a minute for; it takes most of a second to import; and it accepts
29 February in every year.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass

from bibliography.errors import FormatError

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_DATE = re.compile(r"^(?P<year>-?\d+)(?:-(?P<month>\d+)(?:-(?P<day>\d+))?)?(?P<qualifier>[?~%])?$")
_OPEN = ".."


class DateError(FormatError, ValueError):
    """A date that cannot be read; the message says what is wrong with it."""


def days_in_month(year: int, month: int) -> int:
    """Days in ``month`` of ``year`` (proleptic Gregorian, any year, unlike ``calendar.monthrange``)."""
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    Sorting puts a less precise date before the more precise dates it
    contains (``2025`` < ``2025-01`` < ``2025-01-01``), which keeps sorted
    lists stable and readable; whether one date can be earlier than another
    is :func:`may_precede`'s question, not ``<``'s.
    """

    year: int
    month: int | None = None
    day: int | None = None
    uncertain: bool = False
    approximate: bool = False

    def __post_init__(self) -> None:
        if self.month is None:
            if self.day is not None:
                raise DateError(f"day {self.day} given without a month")
            return
        if not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} is not a month (01-12)")
        if self.day is not None:
            last = days_in_month(self.year, self.month)
            if not 1 <= self.day <= last:
                raise DateError(f"{_year_text(self.year)}-{self.month:02d} has no day {self.day} (it has {last} days)")

    def iso(self) -> str:
        """The EDTF / biblatex spelling, qualifier included: ``2025-01``, ``2004-06-11?``."""
        text = _year_text(self.year)
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.uncertain and self.approximate:
            return text + "%"
        if self.uncertain:
            return text + "?"
        if self.approximate:
            return text + "~"
        return text

    def date_parts(self) -> list[int]:
        """CSL-JSON ``date-parts`` for this date: ``[2025, 1]``; CSL carries precision by length."""
        parts = [self.year]
        if self.month is not None:
            parts.append(self.month)
        if self.day is not None:
            parts.append(self.day)
        return parts

    def earliest(self) -> tuple[int, int, int]:
        """The first day this date may mean, as ``(year, month, day)``."""
        return (self.year, self.month or 1, self.day or 1)

    def latest(self) -> tuple[int, int, int]:
        """The last day this date may mean, as ``(year, month, day)``."""
        month = self.month or 12
        return (self.year, month, self.day or days_in_month(self.year, month))

    def _sort_key(self) -> tuple[int, int, int, bool, bool]:
        return (self.year, self.month or 0, self.day or 0, self.uncertain, self.approximate)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class DateRange:
    """An interval ``start/end``; ``None`` is an open or unknown end (``2022/..``)."""

    start: PartialDate | None
    end: PartialDate | None

    def __post_init__(self) -> None:
        if self.start is None and self.end is None:
            raise DateError("a date range needs at least one end")
        if self.start is not None and self.end is not None and not may_precede(self.start, self.end):
            raise DateError(f"range ends ({self.end.iso()}) before it starts ({self.start.iso()})")

    def iso(self) -> str:
        """The EDTF spelling, with ``..`` for an open end: ``2022-04-14/2022-05``, ``2022/..``."""
        start = self.start.iso() if self.start is not None else _OPEN
        end = self.end.iso() if self.end is not None else _OPEN
        return f"{start}/{end}"

    def __str__(self) -> str:
        return self.iso()


def may_precede(a: PartialDate, b: PartialDate) -> bool:
    """Whether ``a`` can be the same day as or earlier than ``b``, given what is known of both.

    ``2025-01`` may precede ``2025-01-02`` (it may be 1 or 2 January), and
    ``2025-02`` may not precede ``2025-01-31``.
    """
    return a.earliest() <= b.latest()


def definitely_precedes(a: PartialDate, b: PartialDate) -> bool:
    """Whether ``a`` is strictly earlier than ``b`` whatever the unknown parts turn out to be."""
    return a.latest() < b.earliest()


def parse_date(value: str) -> PartialDate | DateRange:
    """Read a biblatex / EDTF level 0-1 date or range; raise :class:`DateError` when it is not one."""
    text = value.strip()
    if not text:
        raise DateError("empty date")
    if "/" in text:
        if text.count("/") > 1:
            raise DateError(f"{value!r} has more than one '/'; a range is start/end")
        start_text, end_text = (part.strip() for part in text.split("/"))
        return DateRange(_range_end(start_text, value), _range_end(end_text, value))
    return _parse_single(text, value)


def parse_bibtex_year_month(year: str | None, month: str | None) -> PartialDate:
    """Read classic BibTeX ``year`` and ``month`` fields (``month`` = ``jan``, ``January``, ``1``...)."""
    if year is None or not year.strip():
        raise DateError("no year")
    year_text = year.strip()
    if not re.fullmatch(r"-?\d+", year_text):
        raise DateError(f"year {year_text!r} is not a number")
    if len(year_text.lstrip("-")) != 4:
        raise DateError(_short_year_message(year_text))
    if month is None or not month.strip():
        return PartialDate(int(year_text))
    return PartialDate(int(year_text), _month_number(month.strip()))


def _range_end(text: str, whole: str) -> PartialDate | None:
    if text in ("", _OPEN):
        return None
    return _parse_single(text, whole)


def _parse_single(text: str, whole: str) -> PartialDate:
    match = _DATE.match(text)
    if match is None:
        raise DateError(_unreadable_message(text, whole))
    year_text, month_text, day_text = match["year"], match["month"], match["day"]
    if len(year_text.lstrip("-")) != 4:
        raise DateError(_short_year_message(year_text))
    for name, part in (("month", month_text), ("day", day_text)):
        if part is not None and len(part) != 2:
            raise DateError(f"{name} {part!r} in {whole!r} must have two digits (e.g. 2025-01-05)")
    qualifier = match["qualifier"]
    return PartialDate(
        int(year_text),
        int(month_text) if month_text is not None else None,
        int(day_text) if day_text is not None else None,
        uncertain=qualifier in ("?", "%"),
        approximate=qualifier in ("~", "%"),
    )


def _unreadable_message(text: str, whole: str) -> str:
    if not re.search(r"\d{3,}", text):
        return f"{whole!r} has no year; write dates as YYYY, YYYY-MM or YYYY-MM-DD"
    if "T" in text or ":" in text:
        return f"{whole!r} has a time of day, which is not supported; give the date alone (YYYY-MM-DD)"
    return f"{whole!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"


def _year_text(year: int) -> str:
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def _short_year_message(year_text: str) -> str:
    return f"year {year_text!r} must have four digits; a shorter year does not say its century"


def _month_number(text: str) -> int:
    if text.isdigit():
        number = int(text)
        if not 1 <= number <= 12:
            raise DateError(f"month {number} is not a month (1-12)")
        return number
    name = text.rstrip(".").lower()
    if len(name) >= 3:
        for number, full in enumerate(_MONTH_NAMES, start=1):
            if full.startswith(name) or (name == "sept" and number == 9):
                return number
    raise DateError(f"month {text!r} is not a month name, abbreviation or number")
