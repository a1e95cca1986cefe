"""What each field means to a duplicate finder, and its value with every difference of form removed.

Some fields say nothing about the work (where a copy is kept, when it was
read); some a second copy of a record often lacks (a note, a link). The rest
describe the work, and are compared after :func:`field_value` has reduced
them to their content: names to people, identifiers to one form, pages and
dates to their numbers, an edition to its number.
"""

from __future__ import annotations

import re

from bibliography.languages import base_language
from provenance.check.duplicate_entries.folding import fold, folded
from provenance.check.duplicate_entries.identifiers import dois, isbns, url
from provenance.check.duplicate_entries.names import names

# Fields whose differences say nothing about the work: where a copy is kept,
# when it was read, how it is filed.
IGNORED = frozenset(
    {
        "abstract",
        "annotation",
        "comment",
        "comments",
        "file",
        "groups",
        "keywords",
        "owner",
        "timestamp",
        "urldate",
        "lastchecked",
        "readstatus",
        "ranking",
    }
)
# Fields a second copy of a record often lacks: notes, links and the cataloguer's own marks.
BOOKKEEPING = frozenset(
    {"note", "url", "bibdate", "bibsource", "acknowledgement", "annote", "remark", "keywords", "key"}
)
_NAME_FIELDS = frozenset(
    {
        "author",
        "editor",
        "translator",
        "bookauthor",
        "editora",
        "editorb",
        "editorc",
        "annotator",
        "commentator",
        "introduction",
        "foreword",
        "afterword",
        "holder",
    }
)
_DATE_FIELDS = frozenset({"date", "year", "origdate", "eventdate", "month"})
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
DIGITS = re.compile(r"\d+")
_VERSION = re.compile(r"\b(?:v|version|release|rel)\b")
_YEAR = re.compile(r"\d{4}")


def field_value(name: str, value: str) -> object:
    """A field's value with every difference of form (not of content) removed."""
    if name in _NAME_FIELDS:
        return names(value)
    if name == "doi":
        return dois(value)
    if name == "isbn":
        return isbns(value)
    if name == "url":
        return url(value)
    if name == "pages" or name in _DATE_FIELDS:
        return numbers(value)
    if name == "edition":
        return edition(value)
    if name in ("language", "langid"):
        return language(value)
    return folded(value)


def normalised(name: str, fields: dict[str, str], cache: dict[str, object]) -> object:
    """A field's :func:`field_value`, computed once per entry however many pairs it is in."""
    if name not in cache:
        cache[name] = field_value(name, fields[name])
    return cache[name]


def numbers(value: str) -> str:
    """The numbers of a value joined by hyphens: "12--19" and "pp. 12-19" are both "12-19"."""
    return "-".join(DIGITS.findall(value))


def first_number(value: str) -> str:
    """The first number in a value ("vol. 3" gives "3"), or empty."""
    found = DIGITS.search(value)
    return found.group(0) if found else ""


def year(value: str) -> int | None:
    """The first four-digit number of a `year` or `date` ("2025-01" gives 2025), or None."""
    found = _YEAR.search(value)
    return int(found.group(0)) if found else None


def edition(value: str) -> str:
    """ "2nd", "Second", "2" and "second edition" all become "2"; other wording is kept."""
    text = folded(value)
    if _VERSION.search(text):
        # "Version 2.7" and "Version 2.7.1" are two releases; folding turned the dots into spaces.
        return ".".join(str(int(number)) for number in DIGITS.findall(text))
    number = DIGITS.search(text)
    if number:
        return str(int(number.group(0)))
    for word in text.split():
        if word in _ORDINALS:
            return str(_ORDINALS[word])
    return text


def language(value: str) -> str:
    """A language as its ISO 639-1 code, whether given as a code ("de", "ger") or a babel name ("ngerman").

    A value that names no language langcodes knows is compared as written, folded.
    """
    return base_language(value) or fold(value)
