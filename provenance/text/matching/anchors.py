"""Where in a long source an approximate match is worth looking for.

The fuzzy comparison is slow, so it only runs on a few regions: those where
short pieces of the quotation, found by exact search, agree on where the
quotation would start.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from provenance.text.scripts import CJK_LETTER

#: ``find(piece, start, end)``: where *piece* first occurs in ``text[start:end]``, as ``str.find`` says.
Finder = Callable[[str, int, int], int]

#: Anchor pieces looked up per quotation, and occurrences after which a piece is too common.
ANCHOR_COUNT = 6
ANCHOR_MAX_HITS = 20
#: Regions returned at most.
MAX_REGIONS = 3


def anchor_regions(text: str, needle: str, find: Finder | None = None) -> list[tuple[int, int]]:
    """Up to three regions of *text* where distinct pieces of *needle* cluster (both normalised).

    Each hit of a piece implies where the quotation would start there;
    regions are built around the estimates backed by the most pieces.
    Pieces too common to point anywhere are ignored. *find* searches *text*
    (``text.find`` unless given: an index answers without a scan).
    """
    pieces = anchor_pieces(needle)
    estimates = _estimates(find or text.find, len(text), pieces)
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


def anchor_pieces(needle: str) -> list[tuple[int, str]]:
    """Up to ANCHOR_COUNT evenly spread pieces of *needle*, with their offsets in it."""
    width = 4 if CJK_LETTER.search(needle) else 8
    if len(needle) <= width:
        return [(0, needle)]
    step = max((len(needle) - width) // (ANCHOR_COUNT - 1), 1)
    return [(i, needle[i : i + width]) for i in range(0, len(needle) - width + 1, step)][:ANCHOR_COUNT]


def _estimates(find: Finder, length: int, pieces: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Sorted (where the quotation would start, piece number) for each hit of a piece not too common."""
    estimates: list[tuple[int, int]] = []
    for index, (offset, piece) in enumerate(pieces):
        hits: list[int] = []
        position = find(piece, 0, length)
        while position != -1 and len(hits) <= ANCHOR_MAX_HITS:
            hits.append(position)
            position = find(piece, position + 1, length)
        if len(hits) <= ANCHOR_MAX_HITS:
            estimates.extend((hit - offset, index) for hit in hits)
    estimates.sort()
    return estimates
