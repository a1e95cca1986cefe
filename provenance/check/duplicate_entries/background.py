"""The twin search run in a process of its own, beside the other rules.

On a large bibliography the search for duplicates (B001) is the longest of
the rules, and it needs nothing the others make: started in a forked
process before they run (:mod:`provenance.forked`), it costs the lint
little more than its wait. The process sends back only the pairs'
positions; the parent puts its own entries back in. For a bibliography too
small to be worth a process, where forking is not safe, or if the process
fails, the search runs here when it is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from bibliography.bibtex import BibEntry
from provenance.check.duplicate_entries import find_twins
from provenance.check.duplicate_entries.pairs import DuplicatePair
from provenance.forked import start_forked

MIN_ENTRIES = 5_000
"""Entries a bibliography must hold for its search to be worth a process (a fork costs tens of ms)."""

#: A pair as it crosses the pipe: (first's position, second's position, score, differing fields, reason).
_Sent = tuple[int, int, float, tuple[str, ...], str]


def search_twins(entries: Sequence[BibEntry]) -> Callable[[], list[DuplicatePair]]:
    """Start ``find_twins(entries)``; the function returned waits for its pairs (or finds them itself)."""
    here = partial(find_twins, entries)
    if len(entries) < MIN_ENTRIES:
        return here
    return start_forked(partial(_search, entries), partial(_pairs, entries), here)


def _search(entries: Sequence[BibEntry]) -> list[_Sent]:
    position = {id(entry): index for index, entry in enumerate(entries)}
    return [
        (position[id(pair.first)], position[id(pair.second)], pair.score, pair.differing, pair.reason)
        for pair in find_twins(entries)
    ]


def _pairs(entries: Sequence[BibEntry], sent: list[_Sent]) -> list[DuplicatePair]:
    return [DuplicatePair(entries[i], entries[j], score, differing, reason) for i, j, score, differing, reason in sent]
