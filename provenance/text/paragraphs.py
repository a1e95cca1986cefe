"""Paragraphs: text between blank lines.

A blank line is CommonMark's: a line holding nothing but spaces and tabs.
Manuscripts, sources and the matching engine all split paragraphs there; only
a quotation split into its languages also breaks at a line of other spaces.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from provenance.text.spans import trim_span

#: A blank line, with the newline before it: where one paragraph ends and the next begins.
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
#: The newline ending a paragraph's last line, matched once per blank line that follows it
#: (the blank line is only looked at), so that scanning for it does not swallow the next match.
PARAGRAPH_END = re.compile(r"\n[ \t]*(?=\n)")
#: What may follow the last character of a paragraph: spaces, then a blank line or the end of the text.
CLOSES_PARAGRAPH = re.compile(r"[ \t]*(?:\n[ \t]*(?:\n|\Z)|\Z)")
#: A line holding only whitespace of any kind, the ideographic space (U+3000) included, with what
#: follows it. A quotation is split into its languages here: Chinese text indents with U+3000.
LOOSE_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def paragraph_spans(text: str, breaks: re.Pattern[str] = PARAGRAPH_BREAK) -> Iterator[tuple[int, int]]:
    """Spans of the paragraphs of *text* between *breaks*, without surrounding space, none empty."""
    start = 0
    for gap in [*breaks.finditer(text), None]:
        span = trim_span(text, start, gap.start() if gap else len(text))
        if span[1] > span[0]:
            yield span
        if gap:
            start = gap.end()


class Paragraphs:
    """Where paragraphs end (blank lines), so "the same paragraph" is a bisect away."""

    def __init__(self, text: str) -> None:
        breaks = list(PARAGRAPH_END.finditer(text))
        self._ends = [match.start() for match in breaks] + [len(text)]
        self._starts = [0] + [match.end() for match in breaks]
        self._length = len(text)

    def start(self, offset: int) -> int:
        """Offset where the paragraph holding *offset* begins."""
        return self._starts[min(self.index(offset), len(self._starts) - 1)]

    def end(self, offset: int) -> int:
        """Offset where the paragraph holding *offset* ends (its closing newline, or the text's end)."""
        index = bisect.bisect_left(self._ends, offset)
        return self._ends[index] if index < len(self._ends) else self._length

    def index(self, offset: int) -> int:
        """Ordinal of the paragraph holding *offset*; equal ordinals share a paragraph."""
        return bisect.bisect_left(self._ends, offset)
