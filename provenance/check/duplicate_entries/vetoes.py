"""Differences that make two entries two works, however alike the rest looks.

Each veto is a small test of a pair, named in :data:`VETOES`; the first that
holds is the reason the pair is not one work. The order is the table's: a
cheap test or a telling one first.
"""

from __future__ import annotations

from collections.abc import Callable

from provenance.check.duplicate_entries.entry_types import BOOK_TYPES, PUBLISHED_TYPES, REPORT_TYPES, THESIS_TYPES
from provenance.check.duplicate_entries.record import Record


def _related(a: Record, b: Record) -> bool:
    """Linked on purpose with `related`: a translation, a reprint, a review."""
    return a.entry.key in b.related or b.entry.key in a.related


def _translation(a: Record, b: Record) -> bool:
    """One is a translation whose original title is the other entry's title."""
    return (
        a.translation != b.translation
        and bool(a.title and b.title)
        and (a.origtitle == b.title or b.origtitle == a.title)
    )


def _language(a: Record, b: Record) -> bool:
    """Written in two languages."""
    return bool(a.language and b.language) and a.language != b.language


def _doi(a: Record, b: Record) -> bool:
    """DOIs on both sides, none in common."""
    return bool(a.dois and b.dois) and not a.dois & b.dois


def _isbn(a: Record, b: Record) -> bool:
    """ISBNs on both sides, none in common."""
    return bool(a.isbns and b.isbns) and not a.isbns & b.isbns


def _thesis(a: Record, b: Record) -> bool:
    """A thesis and the report or book made of it are two publications."""
    return (a.entry.entry_type in THESIS_TYPES) != (b.entry.entry_type in THESIS_TYPES)


def _report(a: Record, b: Record) -> bool:
    """A report and the paper or book made of it, likewise."""
    return _one_each(a, b, REPORT_TYPES, PUBLISHED_TYPES)


def _shorthand(a: Record, b: Record) -> bool:
    """Two shorthands: a shorthand is chosen to tell one work from another."""
    return _conflict(a.shorthand, b.shorthand)


def _derivative(a: Record, b: Record) -> bool:
    """An erratum, a corrected reprint or a retraction is a work of its own."""
    return a.derivative != b.derivative


def _printing(a: Record, b: Record) -> bool:
    """A later printing, with corrections, and the first one."""
    return a.printing != b.printing


def _container(a: Record, b: Record) -> bool:
    """A chapter and its collection, a volume and its set: one's title is the other's container."""
    return (a.title in b.containers and a.title != b.title) or (b.title in a.containers and b.title != a.title)


def _publisher(a: Record, b: Record) -> bool:
    """Another publisher in another year: another edition (a US and a UK one)."""
    return bool(a.publisher and b.publisher) and not a.publisher & b.publisher and a.year != b.year


def _edition(a: Record, b: Record) -> bool:
    """Two editions."""
    return _conflict(a.edition, b.edition)


def _chapter(a: Record, b: Record) -> bool:
    """Two chapters of one book."""
    return _conflict(a.chapter, b.chapter)


def _pages(a: Record, b: Record) -> bool:
    """Parts that start on other pages.

    A book's `pages` is its page count, which catalogues give differently
    ("384", "xl + 368"): with the ISBN shared it says nothing; without,
    another count is the sign of another edition.
    """
    if a.isbns & b.isbns and _one_each(a, b, BOOK_TYPES, BOOK_TYPES):
        return False
    return _conflict(a.first_page, b.first_page)


def _volume(a: Record, b: Record) -> bool:
    """Two volumes of one work."""
    return _conflict(a.volume, b.volume)


def _number(a: Record, b: Record) -> bool:
    """Two numbers (issues) of one series."""
    return _conflict(a.number, b.number)


def _part(a: Record, b: Record) -> bool:
    """Two parts of one work."""
    return _conflict(a.part, b.part)


def _years(a: Record, b: Record) -> bool:
    """Years more than one apart."""
    return a.year is not None and b.year is not None and abs(a.year - b.year) > 1


VETOES: tuple[tuple[str, Callable[[Record, Record], bool]], ...] = (
    ("related", _related),
    ("translation", _translation),
    ("language", _language),
    ("doi", _doi),
    ("isbn", _isbn),
    ("thesis", _thesis),
    ("report", _report),
    ("shorthand", _shorthand),
    ("derivative", _derivative),
    ("printing", _printing),
    ("container", _container),
    ("publisher", _publisher),
    ("edition", _edition),
    ("chapter", _chapter),
    ("pages", _pages),
    ("volume", _volume),
    ("number", _number),
    ("part", _part),
    ("years", _years),
)
"""Each veto's name and its test of a pair, in the order they are tried."""


def veto(a: Record, b: Record) -> str | None:
    """Why the two cannot be one work, however alike the rest looks; None when nothing forbids it."""
    for name, forbids in VETOES:
        if forbids(a, b):
            return name
    return None


def _conflict(mine: str, theirs: str) -> bool:
    """Both given, and different."""
    return bool(mine and theirs) and mine != theirs


def _one_each(a: Record, b: Record, first: frozenset[str], second: frozenset[str]) -> bool:
    """One entry's type is in *first* and the other's in *second*."""
    kinds = a.entry.entry_type, b.entry.entry_type
    return (kinds[0] in first and kinds[1] in second) or (kinds[1] in first and kinds[0] in second)
