"""Identifiers read in every form they are written: DOIs, ISBNs and web addresses.

An identical DOI (or ISBN, for whole books) is decisive, two different ones
veto a match, and an identical web address counts for much: so each is
reduced to one canonical form first. A DOI may come as a link, with a
``doi:`` prefix or with escaped underscores; an ISBN as ISBN-10 or ISBN-13,
with hyphens, spaces or other dashes, several to a field; a URL with or
without its scheme, ``www.`` or a trailing slash.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import ValidationError

NONE: frozenset[str] = frozenset()
"""No identifier: shared by every entry without one, rather than a new empty set each."""

_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>{}]+", re.IGNORECASE)
_ISBN_SEPARATOR = re.compile(r"[,;/]")
_ISBN_CHUNK = re.compile(r"[0-9Xx][0-9Xx\-\u2010-\u2015 ]{8,}[0-9Xx]")
_NOT_ISBN_DIGIT = re.compile(r"[^0-9X]")
_URL = re.compile(r"^(?:[a-z]+://)?(?:www\d?\.)?([^/?#]+)([^#]*)", re.IGNORECASE)


def dois(value: str) -> frozenset[str]:
    """DOIs in any written form (link, ``doi:`` prefix, escaped underscores), lower case."""
    if not value:
        return NONE
    text = unquote(value.replace("\\_", "_").replace("\\%", "%"))
    return frozenset(found.rstrip("/.,;").lower() for found in _DOI.findall(text))


def isbns(value: str) -> frozenset[str]:
    """Valid ISBNs as ISBN-13 digits, so 0-306-40615-2 and 978-0-306-40615-7 agree."""
    if not value:
        return NONE
    found = set()
    for chunk in _ISBN_SEPARATOR.split(value):
        for match in _ISBN_CHUNK.findall(chunk):
            # A field may hold several ISBNs separated by spaces only, as well as one written with spaces.
            for candidate in (match, *match.split()):
                isbn = _valid_isbn(candidate)
                if isbn:
                    found.add(isbn)
    return frozenset(found)


def _valid_isbn(candidate: str) -> str | None:
    """The candidate as ISBN-13 digits if it is a valid ISBN-10 or ISBN-13, else None."""
    # stdnum removes spaces and hyphens only; the chunk may hold other dashes.
    digits = _NOT_ISBN_DIGIT.sub("", candidate.upper())
    if len(digits) not in (10, 13):
        # stdnum also reads nine digits as an old SBN; here they are more likely part of another number.
        return None
    try:
        return stdnum_isbn.validate(digits, convert=True)
    except ValidationError:
        return None


def url(value: str) -> str:
    """Host and path without scheme, ``www.``, fragment or trailing slash; host in lower case."""
    text = value.strip().replace("\\_", "_").replace("\\%", "%").replace("\\#", "#").replace("\\&", "&")
    found = _URL.match(text)
    if not text or found is None:
        return ""
    return found.group(1).lower() + found.group(2).rstrip("/")
