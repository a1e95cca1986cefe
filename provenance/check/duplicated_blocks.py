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
from provenance.text.paragraphs import paragraph_spans


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


def find_duplicated_blocks(text: str, min_chars: int = 200) -> list[DuplicatedBlock]:
    """Runs of paragraphs (at least *min_chars* long) that repeat an earlier run."""
    spans = list(paragraph_spans(text))
    # Paragraphs are compared by their whitespace-collapsed text.
    keys = [" ".join(text[start:end].split()) for start, end in spans]
    lines = LineIndex(text)
    first_seen: dict[str, int] = {}
    blocks = []
    index = 0
    while index < len(keys):
        earlier = first_seen.get(keys[index])
        if earlier is None:
            first_seen[keys[index]] = index
            index += 1
            continue
        length = 1
        while (
            index + length < len(keys) and earlier + length < index and keys[earlier + length] == keys[index + length]
        ):
            length += 1
        characters = sum(map(len, keys[index : index + length]))
        if characters >= min_chars:
            (first_start, _), (_, first_end) = spans[earlier], spans[earlier + length - 1]
            (repeat_start, _), (_, repeat_end) = spans[index], spans[index + length - 1]
            blocks.append(
                DuplicatedBlock(
                    first_start=first_start,
                    first_end=first_end,
                    repeat_start=repeat_start,
                    repeat_end=repeat_end,
                    first_line=_line(lines, first_start),
                    first_end_line=_line(lines, first_end),
                    repeat_line=_line(lines, repeat_start),
                    repeat_end_line=_line(lines, repeat_end),
                    paragraphs=length,
                    characters=characters,
                )
            )
        index += length
    return blocks


def _line(lines: LineIndex, offset: int) -> int:
    # A line index, not counting newlines from the start: a page may hold thousands of blocks.
    return lines.position(offset).line
