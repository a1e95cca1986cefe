"""A quotation's parts (one per script) and the places they cite, before they are looked for.

Each part is looked for in the sources its citations name, first within the
division the locator names there. Those it is not word for word in are looked
for in the whole source: such sources are indexed first, for all those parts
at once (see :meth:`SourceMatcher.index`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from provenance.inputs.manuscripts.model import Citation, Quotation
from provenance.inputs.project import ProjectInputs, SourceRecord
from provenance.inputs.structure import Structure
from provenance.text.matching import (
    NormalizedText,
    RepeatedSentence,
    ScriptPart,
    find_repeated_sentences,
    normalize,
    split_by_script,
)


@dataclass(frozen=True)
class CitedPart:
    """A part of a quotation, to be looked for in the sources it cites."""

    part: ScriptPart
    #: The part with the second occurrence of each *repeated* sentence cut out.
    text: str
    normalized: NormalizedText
    repeated: tuple[RepeatedSentence, ...]
    sources: list[SourceRecord]
    #: Source path → original span of the division the citation names there.
    spans: dict[str, tuple[int, int]]


def index_where_not_held(parts: Iterable[CitedPart]) -> None:
    """Index each cited source for the parts it does not hold word for word where they are cited.

    Only those are looked for in the whole source (see :meth:`SourceMatcher.index`).
    """
    texts: dict[str, list[NormalizedText]] = defaultdict(list)
    sources: dict[str, SourceRecord] = {}
    for part in parts:
        for source in part.sources:
            span = part.spans.get(source.path)
            if span is None or not source.matcher.holds(part.normalized, span):
                texts[source.path].append(part.normalized)
                sources[source.path] = source
    for path, quotes in texts.items():
        sources[path].matcher.index(quotes)


def cited_parts(quotation: Quotation, project: ProjectInputs) -> list[CitedPart]:
    """Each part of the quotation, with the sources it cites and the divisions cited in them."""
    citations = [c for c in quotation.citations if c.key in project.entries]
    sources = list({s.path: s for c in citations for s in project.sources_of(c.key)}.values())
    spans = {s.path: span for s in sources if (span := _cited_span(citations, s.structure)) is not None}
    parts = []
    for part in split_by_script(quotation.text):
        repeated = tuple(find_repeated_sentences(part.text))
        text = without_repeats(part.text, repeated)
        parts.append(CitedPart(part, text, normalize(text), repeated, sources, spans))
    return parts


def _cited_span(citations: list[Citation], structure: Structure) -> tuple[int, int] | None:
    """The span of the innermost division the first locator names, each part within the one before."""
    locator = next((c.locator for c in citations if c.locator is not None), None)
    if locator is None:
        return None
    span = None
    for part in locator.parts:
        if part.label is None or part.number is None:
            continue
        numbered = (
            structure.numbered(part.label, part.number)
            if span is None
            else structure.numbered_within(part.label, part.number, *span)
        )
        division = next(
            (d for d in numbered if d.kind != "page" or d.label.casefold() == part.value.casefold()),
            None,
        )
        if division is None:
            break
        span = (division.start, division.end)
    return span


def without_repeats(text: str, repeated: tuple[RepeatedSentence, ...]) -> str:
    """The text with each repeated sentence's second occurrence cut out, so the rest can match."""
    for repeat in sorted(repeated, key=lambda r: r.repeat[0], reverse=True):
        text = text[: repeat.repeat[0]] + text[repeat.repeat[1] :]
    return text
