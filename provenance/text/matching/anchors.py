"""Where in a long source an approximate match is worth looking for.

The fuzzy comparison is slow, so it only runs on a few regions: those where
short pieces of the quotation, found by exact search, agree on where the
quotation would start.
"""

from __future__ import annotations

import bisect

from provenance.text.scripts import CJK_LETTER

#: Anchor pieces looked up per quotation, and occurrences after which a piece is too common.
ANCHOR_COUNT = 6
ANCHOR_MAX_HITS = 20
#: Regions returned at most.
MAX_REGIONS = 3


def anchor_regions(text: str, needle: str) -> list[tuple[int, int]]:
    """Up to three regions of *text* where distinct pieces of *needle* cluster (both normalised).

    Each hit of a piece implies where the quotation would start there;
    regions are built around the estimates backed by the most pieces.
    Pieces too common to point anywhere are ignored.
    """
    pieces = _pieces(needle)
    estimates = _estimates(text, pieces)
    spread = len(needle) // 2 + 20
    clusters = []
    for i, (estimate, _) in enumerate(estimates):
        j = bisect.bisect_right(estimates, (estimate + spread, len(pieces)))
        support = len({index for _, index in estimates[i:j]})
        clusters.append((-support, estimate, estimates[j - 1][0]))
    clusters.sort()
    regions: list[tuple[int, int]] = []
    for _, low, high in clusters:
        region = (max(low - len(needle) // 2 - 50, 0), min(high + len(needle) * 3 // 2 + 50, len(text)))
        if all(region[1] <= other[0] or region[0] >= other[1] for other in regions):
            regions.append(region)
        if len(regions) == MAX_REGIONS:
            break
    return regions


def _pieces(needle: str) -> list[tuple[int, str]]:
    """Up to ANCHOR_COUNT evenly spread pieces of *needle*, with their offsets in it."""
    width = 4 if CJK_LETTER.search(needle) else 8
    if len(needle) <= width:
        return [(0, needle)]
    step = max((len(needle) - width) // (ANCHOR_COUNT - 1), 1)
    return [(i, needle[i : i + width]) for i in range(0, len(needle) - width + 1, step)][:ANCHOR_COUNT]


def _estimates(text: str, pieces: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Sorted (where the quotation would start, piece number) for each hit of a piece not too common."""
    estimates: list[tuple[int, int]] = []
    for index, (offset, piece) in enumerate(pieces):
        hits: list[int] = []
        position = text.find(piece)
        while position != -1 and len(hits) <= ANCHOR_MAX_HITS:
            hits.append(position)
            position = text.find(piece, position + 1)
        if len(hits) <= ANCHOR_MAX_HITS:
            estimates.extend((hit - offset, index) for hit in hits)
    estimates.sort()
    return estimates
