"""A pair of entries judged to be one work, with the fields a merge would have to reconcile."""

from __future__ import annotations

from dataclasses import dataclass

from bibliography.bibtex import BibEntry
from provenance.check.duplicate_entries.fields import IGNORED, normalised
from provenance.check.duplicate_entries.record import Record


@dataclass(frozen=True)
class DuplicatePair:
    """Two entries judged to be one work, and what a merge would have to reconcile.

    ``differing`` names the fields both entries carry whose normalised values
    disagree; a field only one of them has is a gap to fill, not a conflict.
    """

    first: BibEntry
    second: BibEntry
    score: float
    differing: tuple[str, ...]
    reason: str


def pair(a: Record, b: Record, score: float, reason: str) -> DuplicatePair:
    """The two records' entries as a pair, with the fields in which they differ."""
    return DuplicatePair(a.entry, b.entry, score, differing(a, b), reason)


def differing(a: Record, b: Record) -> tuple[str, ...]:
    """Fields both entries carry whose normalised values disagree, in the first entry's order."""
    first, second = a.entry.fields, b.entry.fields
    return tuple(
        name
        for name in first
        if name in second
        and name not in IGNORED
        and first[name] != second[name]
        and normalised(name, first, a.normalised) != normalised(name, second, b.normalised)
    )
