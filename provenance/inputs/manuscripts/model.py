"""What a manuscript yields to the checker: quotations, citations, division references.

Every item carries manuscript offsets so that findings point at the exact
characters (and fixes can replace them); positions add the line and column
people see in an editor.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from provenance.domain.locators import Locator


@dataclass(frozen=True)
class Position:
    """An offset with its 1-based line and 1-based column, counted in characters."""

    offset: int
    line: int
    column: int


class LineIndex:
    """Offsets of line starts, so any offset becomes a line and column in O(log n)."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = [0] + [match.end() for match in re.finditer("\n", text)]

    @classmethod
    def from_starts(cls, starts: list[int]) -> LineIndex:
        """An index rebuilt from stored line starts, without the text."""
        index = cls.__new__(cls)
        index.starts = list(starts)
        return index

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.starts, offset) - 1
        return Position(offset, line + 1, offset - self.starts[line] + 1)


@dataclass(frozen=True)
class Citation:
    """One cited key, with the group it belongs to and its locator's exact span."""

    key: str
    locator: Locator | None
    prefix: str | None
    suffix: str | None
    start: Position  # the group's opening "[" (the "@" of an in-text citation)
    end: int  # offset after the group
    key_start: Position  # the "@" (or where the key is written)
    locator_span: tuple[int, int] | None  # manuscript offsets of the locator text


@dataclass(frozen=True)
class Quotation:
    """Quoted words, where they stand, and the citations that vouch for them."""

    text: str
    start: Position  # where text[0] stands
    end: int  # offset after the last quoted character
    block: bool
    citations: tuple[Citation, ...]
    # None when text is the manuscript's own slice; else the offset of each character.
    text_offsets: tuple[int, ...] | None


@dataclass(frozen=True)
class DivisionReference:
    """A division named in the prose ("chapter 6", the chapter "Title", 第七章)."""

    kind: str
    number: int | None
    title: str | None
    start: Position
    end: int
    citation_key: str | None


@dataclass(frozen=True)
class MarkupProblem:
    """Markup opened and never closed (``<!--`` with no ``-->``), where it opens and what it did."""

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class ManuscriptExtract:
    quotations: tuple[Quotation, ...]
    citations: tuple[Citation, ...]
    division_references: tuple[DivisionReference, ...]
    markup_problems: tuple[MarkupProblem, ...] = ()


def blank_out(text: str, spans: list[tuple[int, int]]) -> str:
    """*text* with each span's characters turned to spaces, newlines kept.

    Code, comments and markup are blanked rather than cut so that every offset
    found in the result is an offset in the manuscript.
    """
    pieces: list[str] = []
    position = 0
    for start, end in sorted(spans):
        start = max(start, position)
        if start >= end:
            continue
        pieces.append(text[position:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start:end]))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
