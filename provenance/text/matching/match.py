"""What the matcher reports: where a quotation is in its source and how faithful it is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class MatchKind(Enum):
    """How faithfully a quotation reproduces its source, most faithful first."""

    VERBATIM = "verbatim"
    NORMALISED = "normalised"
    ALTERED = "altered"
    OMISSION = "omission"
    NOT_FOUND = "not-found"


@dataclass(frozen=True)
class Difference:
    """One change the quotation makes to its source.

    ``op`` reads as an edit of the source into the quotation: ``replace``
    swaps source words for quotation words, ``delete`` drops source words the
    quotation lacks, ``insert`` adds quotation words the source lacks. Offsets
    are into the raw quotation and the raw source.
    """

    op: str
    quote_text: str
    source_text: str
    quote_start: int
    quote_end: int
    source_start: int
    source_end: int


@dataclass(frozen=True)
class Match:
    """Where a quotation was found in the original source, and how well it matches.

    ``gaps`` are source spans an unmarked omission skipped over.
    """

    kind: MatchKind
    source_start: int
    source_end: int
    score: float
    differences: tuple[Difference, ...] = ()
    gaps: tuple[tuple[int, int], ...] = ()
