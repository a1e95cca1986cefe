"""Blocks of paragraphs a source text holds more than once.

A page captured from the web often carries its article several times (print
view, related-article teaser, cached copy). Paragraphs are compared by their
whitespace-collapsed text; a run of paragraphs that repeats an earlier run in
the same order is one duplicated block. Linear in the number of paragraphs:
each paragraph is hashed once, every repeat run is walked once, and lines
come from one index of line starts.
"""

from __future__ import annotations

from dataclasses import dataclass

from provenance.inputs.manuscripts.model import LineIndex
from provenance.text.files import paragraph_spans


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    key: str


@dataclass(frozen=True)
class DuplicatedBlock:
    first_start: int
    first_end: int
    repeat_start: int
    repeat_end: int
    first_line: int
    first_end_line: int
    repeat_line: int
    repeat_end_line: int
    paragraphs: int
    characters: int


def paragraphs_of(text: str) -> list[Paragraph]:
    """The blank-line separated paragraphs of *text*, with a comparison key each."""
    return [Paragraph(start, end, " ".join(text[start:end].split())) for start, end in paragraph_spans(text)]


def find_duplicated_blocks(text: str, min_chars: int = 200) -> list[DuplicatedBlock]:
    """Runs of paragraphs (at least *min_chars* long) that repeat an earlier run."""
    paragraphs = paragraphs_of(text)
    lines = LineIndex(text)
    first_seen: dict[str, int] = {}
    blocks = []
    index = 0
    while index < len(paragraphs):
        earlier = first_seen.get(paragraphs[index].key)
        if earlier is None:
            first_seen[paragraphs[index].key] = index
            index += 1
            continue
        length = 1
        while (
            index + length < len(paragraphs)
            and earlier + length < index
            and paragraphs[earlier + length].key == paragraphs[index + length].key
        ):
            length += 1
        repeat = paragraphs[index : index + length]
        characters = sum(len(p.key) for p in repeat)
        if characters >= min_chars:
            first = paragraphs[earlier : earlier + length]
            blocks.append(
                DuplicatedBlock(
                    first_start=first[0].start,
                    first_end=first[-1].end,
                    repeat_start=repeat[0].start,
                    repeat_end=repeat[-1].end,
                    first_line=_line(lines, first[0].start),
                    first_end_line=_line(lines, first[-1].end),
                    repeat_line=_line(lines, repeat[0].start),
                    repeat_end_line=_line(lines, repeat[-1].end),
                    paragraphs=length,
                    characters=characters,
                )
            )
        index += length
    return blocks


def _line(lines: LineIndex, offset: int) -> int:
    # A line index, not counting newlines from the start: a page may hold thousands of blocks.
    return lines.position(offset).line
