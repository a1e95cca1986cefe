"""The pairs worth comparing, found by blocking, never by comparing every pair.

Entries sharing a DOI, ISBN, URL, normalised title or main title, or (for
short or missing titles) every field that describes the work, fall into one
block. A sorted-neighbourhood pass over three orderings of the titles (as
written, reversed, words sorted) brings together titles with a typo at
either end or their words reordered. Each entry meets a bounded number of
others, so the cost grows linearly with the bibliography.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from itertools import combinations

from provenance.check.duplicate_entries.record import Record
from provenance.check.duplicate_entries.titles import CJK_THRESHOLD, similarity

WINDOW = 8
"""Neighbours each entry meets in every sorted pass."""
FULL_BLOCK = 64
"""A block up to this size compares all its pairs; a larger one is windowed, to stay linear."""

_ORDERINGS: tuple[Callable[[Record], str], ...] = (
    lambda record: record.title,
    lambda record: record.title[::-1],
    lambda record: record.sorted_title,
)


def candidates(records: list[Record]) -> set[tuple[int, int]]:
    """Index pairs worth comparing: shared identifiers or titles, and sorted-title neighbours."""
    found: set[tuple[int, int]] = set()
    for members in _blocks(records).values():
        if len(members) <= FULL_BLOCK:
            found.update(_all_pairs(members))
        else:
            members.sort(key=lambda index: (sorted(records[index].surnames), records[index].year or 0))
            found.update(_window_pairs(members))
    _add_title_neighbours(records, found)
    return found


def _blocks(records: list[Record]) -> dict[tuple[str, str], list[int]]:
    """Indexes of the records under each key they share with others: an identifier, a title."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for record in records:
        for key in _block_keys(record):
            blocks[key].append(record.index)
    return blocks


def _block_keys(record: Record) -> Iterator[tuple[str, str]]:
    for doi in record.dois:
        yield "doi", doi
    for isbn in record.isbns:
        yield "isbn", isbn
    if record.url_has_path:
        yield "url", record.url
    if record.title:
        yield "title", record.cjk if record.cjk_title else record.title
    if record.main_title:
        yield "title", record.main_title
    if record.signature:
        yield "signature", repr(record.signature)


def _add_title_neighbours(records: list[Record], found: set[tuple[int, int]]) -> None:
    """Add the records near each other in a sorted ordering of the titles whose titles could match."""
    titled = [record for record in records if record.title]
    for key in _ORDERINGS:
        ordered = sorted(titled, key=key)
        # Neighbours share nothing but a sort position: keep only those whose
        # titles could match, so the candidates stay few. A pair already found
        # (in a block, or in another ordering) needs no second look.
        for position, a in enumerate(ordered):
            for b in ordered[position + 1 : position + WINDOW]:
                pair = (a.index, b.index) if a.index < b.index else (b.index, a.index)
                if pair not in found and similarity(a, b, CJK_THRESHOLD) >= CJK_THRESHOLD:
                    found.add(pair)


def _all_pairs(members: list[int]) -> Iterator[tuple[int, int]]:
    for first, second in combinations(members, 2):
        yield (first, second) if first < second else (second, first)


def _window_pairs(members: list[int]) -> Iterator[tuple[int, int]]:
    for position, first in enumerate(members):
        for second in members[position + 1 : position + WINDOW]:
            yield (first, second) if first < second else (second, first)
