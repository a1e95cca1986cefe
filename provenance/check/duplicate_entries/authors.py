"""How far the people of two entries agree."""

from __future__ import annotations

from provenance.check.duplicate_entries.record import Record


def author_overlap(a: Record, b: Record) -> float | None:
    """Share of the shorter author list found in the other; None if either entry names nobody.

    Over the shorter list, so "Jin, Emily and others" still covers the full
    list; a person counts as found when the surname agrees and the initials
    do not contradict ("Brown, O." is not "Brown, Chloé").
    """
    if not (a.surnames and b.surnames):
        return None
    shorter, longer = (a.names, b.names) if len(a.names) <= len(b.names) else (b.names, a.names)
    found = sum(
        any(
            surname == other and (not initial or not other_initial or initial == other_initial)
            for other, other_initial in longer
        )
        for surname, initial in shorter
    )
    return found / len(shorter)


def author_phrase(a: Record, b: Record, overlap: float | None) -> str:
    """How the authors agree, in words, for a pair's reason."""
    if overlap is None:
        return "no authors on one side"
    if a.names == b.names:
        return "same authors"
    if sorted(a.names) == sorted(b.names):
        return "authors differ only in order"
    if a.surnames == b.surnames:
        return "same author surnames"
    return "authors overlap"
