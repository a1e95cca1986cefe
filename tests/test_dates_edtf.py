"""bibliography.dates read against the edtf package: the same dates, and only the known differences.

parse_date reads the part of EDTF that biblatex's ``date`` field allows. It is
not built on edtf because edtf's pyparsing grammar takes a thousand times as
long per date and most of a second to import; this test holds the two to the same
answers, so that the hand parser stays a faithful reading of the standard.
"""

from __future__ import annotations

import calendar
import itertools
import re

from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

from bibliography.dates import DateError, parse_date

_YEARS = ("2024", "2025", "-0044", "-0000", "25")
_MONTHS = ("", "-02", "-12", "-13", "-00", "-21")
_DAYS = ("", "-29", "-31", "-1")
_QUALIFIERS = ("", "?", "%")
_SINGLES = [
    year + month + (day if month else "") + qualifier
    for year, month, day, qualifier in itertools.product(_YEARS, _MONTHS, _DAYS, _QUALIFIERS)
    if month or not day
]
_ENDS = ("2024", "2025-02", "2025-01-02?", "1990~", "..", "", "2025-13", "25")
_RANGES = [f"{start}/{end}" for start, end in itertools.product(_ENDS, repeat=2)]
_SEASON = re.compile(r"-?\d{4}-(2[1-9]|[34]\d)[?~%]?")
_FEBRUARY_29 = re.compile(r"(?P<year>-?\d{4})-02-29[?~%]?")


def _edtf(text: str) -> str | None:
    """edtf's reading of *text* in our spelling (``..`` for an open or unknown end); None if it rejects it."""
    try:
        parsed = str(parse_edtf(text))
    except EDTFParseException:
        return None
    except TypeError:
        # edtf 5.0.2 fails this way, rather than rejecting the range, when one end is ".." and it cannot read the other.
        assert ".." in text.split("/")
        return None
    if "/" not in parsed:
        return parsed
    start, end = parsed.split("/")
    return f"{start or '..'}/{end or '..'}"


def _known_difference(text: str, ours: str | None, theirs: str | None) -> bool:
    """Where parse_date and edtf differ on purpose, or edtf is wrong."""
    if theirs is not None and ours is None:
        # edtf's grammar allows 29 February in every year; a season (2025-21), which biblatex's
        # date field does not take here; a range with no end at all; a range that ends before it starts.
        ends = [end for end in text.split("/") if end not in ("", "..")]
        seasonal = any(_SEASON.fullmatch(end) for end in ends)
        february_29 = any(
            (match := _FEBRUARY_29.fullmatch(end)) and not calendar.isleap(int(match["year"])) for end in ends
        )
        return february_29 or seasonal or not ends or _reversed(text)
    # EDTF has no negative zero; parse_date reads "-0000" as the year 0.
    return theirs is None and ours is not None and text.startswith("-0000")


def _reversed(text: str) -> bool:
    try:
        parse_date(text)
    except DateError as error:
        return "before it starts" in str(error)
    return False


def _ours(text: str) -> str | None:
    try:
        return parse_date(text).iso()
    except DateError:
        return None


def test_parse_date_reads_what_edtf_reads():
    differences = []
    for text in _SINGLES + _RANGES:
        ours, theirs = _ours(text), _edtf(text)
        if ours != theirs and not _known_difference(text, ours, theirs):
            differences.append((text, ours, theirs))
    assert differences == []


def test_the_known_differences_are_there():
    """Each difference allowed above is one edtf really makes, so none is excused for nothing."""
    assert _edtf("2025-02-29") == "2025-02-29" and _ours("2025-02-29") is None
    assert _edtf("2025-21") == "2025-21" and _ours("2025-21") is None
    assert _edtf("../..") == "../.." and _ours("../..") is None
    assert _edtf("2025/2024") == "2025/2024" and _ours("2025/2024") is None
    assert _edtf("-0000") is None and _ours("-0000") == "0000"
