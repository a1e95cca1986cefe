"""B002's search for variant passages run in a process of its own, beside the other rules.

The search pairs every source's paragraphs with the other sources' and
needs nothing the other rules make; on a large project it is a fifth of a
cold lint. Started in a forked process before the quotations are resolved
(:mod:`provenance.forked`), it runs on another processor while they
are. The process sends back each passage as positions (its source's, its
paragraph's start and end, the other source's) with its match, a value of
plain fields; the parent puts its own sources back in, in the same order.
For sources too small to be worth a process, where forking is not safe, or
if the process fails, the search runs here when it is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from provenance.check.variant_texts import SourceParagraph, VariantPassage, find_variant_passages
from provenance.forked import start_forked
from provenance.inputs.project import SourceRecord
from provenance.text.matching import Match

MIN_TEXT = 2_000_000
"""Characters the sources must hold together for their search to be worth a process.

About 0.7 s of search (6 s was measured for 17 million characters), against
tens of ms for a fork.
"""

#: A passage as it crosses the pipe: (its source's position, start, end, the other source's position, match).
_Sent = tuple[int, int, int, int, Match]


def search_variants(sources: Sequence[SourceRecord]) -> Callable[[], list[VariantPassage]]:
    """Start ``find_variant_passages(sources)``; the function returned waits for its passages (or finds them itself)."""
    here = partial(find_variant_passages, sources)
    if sum(len(source.text) for source in sources) < MIN_TEXT:
        return here
    return start_forked(partial(_search, sources), partial(_passages, sources), here)


def _search(sources: Sequence[SourceRecord]) -> list[_Sent]:
    position = {id(source): index for index, source in enumerate(sources)}
    return [
        (
            position[id(found.passage.source)],
            found.passage.start,
            found.passage.end,
            position[id(found.other)],
            found.match,
        )
        for found in find_variant_passages(sources)
    ]


def _passages(sources: Sequence[SourceRecord], sent: list[_Sent]) -> list[VariantPassage]:
    return [
        VariantPassage(SourceParagraph(sources[source], start, end), sources[other], match)
        for source, start, end, other, match in sent
    ]
