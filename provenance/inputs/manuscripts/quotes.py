"""Quotation marks paired into quotations, and quotations tied to their citations.

Markdown and LaTeX differ in how they write marks and citations but not in
what makes a quotation: marks that pair up (even when one nested mark is left
unpaired), enough words to be worth checking, not a title, not inside another
quotation, and vouched for by the citation that follows it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from provenance.inputs.manuscripts.model import Citation, LineIndex, Quotation
from provenance.text.paragraphs import CLOSES_PARAGRAPH, PARAGRAPH_END, Paragraphs
from provenance.text.scripts import CJK_TEXT_CHAR, is_cjk_text_char

MIN_WORDS = 4
MIN_CJK = 12

_WORD = re.compile(r"[^\W\d_]+")
_CITATION_FOLLOWS = re.compile(r"[ \t]*(?:\[[^\]\n]*@|\\\w*cite)")
_OPENING_CONTEXT = "([{<—–-/"


@dataclass(frozen=True)
class Marks:
    """The quotation marks of a syntax: opening → closing, and the symmetric mark if any."""

    pairs: dict[str, str]
    straight: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A quotation found in the text, before it is tied to citations.

    Its citation is looked for from ``window[0]`` up to ``window[1]``.
    """

    text: str
    start: int
    end: int
    block: bool
    text_offsets: tuple[int, ...] | None
    window: tuple[int, int]


@dataclass
class _Open:
    closing: str
    content_start: int
    spanning: bool
    paragraph: int
    #: Opened after a lead-in: closes a later paragraph only where a citation follows the mark.
    cited_close: bool = False


def _straight_role(text: str, start: int, end: int, open_already: bool) -> str | None:
    """Whether a symmetric mark opens, closes, or is neither (an inch sign, a stray mark)."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    can_open, can_close = _can_open(before, after), _can_close(before, after)
    if can_open and can_close:
        return "close" if open_already else "open"
    return "open" if can_open else "close" if can_close else None


def _can_open(before: str, after: str) -> bool:
    """A symmetric mark may open after a space, an opening bracket or dash, or CJK text, and before a word."""
    opens_after = not before or before.isspace() or before in _OPENING_CONTEXT or is_cjk_text_char(before)
    return opens_after and bool(after) and not after.isspace()


def _can_close(before: str, after: str) -> bool:
    """A symmetric mark may close after a word, and before anything but a Latin word."""
    return bool(before) and not before.isspace() and (not after or not after.isalnum() or is_cjk_text_char(after))


def pair_marks(text: str, marks: Marks) -> list[tuple[int, int, int]]:
    """Spans between paired marks, as (content start, content end, closing mark's end).

    Marks pair within a paragraph, except that a mark opening a paragraph may
    be closed by a mark ending a later one (a quotation of several paragraphs).
    A closing mark pairs with the nearest open mark it closes; marks opened
    after that one and still open are unpaired and dropped, so a stray
    “牛鼻子“ does not keep the quotation around it from closing.
    """
    symbols = set(marks.pairs) | set(marks.pairs.values()) | ({marks.straight} if marks.straight else set())
    alternatives = "|".join(re.escape(symbol) for symbol in sorted(symbols, key=len, reverse=True))
    pattern = re.compile(rf"(?P<brk>{PARAGRAPH_END.pattern})|{alternatives}")
    pairing = _Pairing(text, marks)
    for match in pattern.finditer(text):
        if match.group("brk"):
            pairing.paragraph_break(match)
        else:
            pairing.mark(match)
    return pairing.pairs


class _Pairing:
    """The marks of a text met in order: those still open, and the pairs closed so far."""

    def __init__(self, text: str, marks: Marks) -> None:
        self.text, self.marks = text, marks
        self.stack: list[_Open] = []
        self.open_count: Counter[str] = Counter()  # open marks by closing mark, so a hopeless search is skipped
        self.pairs: list[tuple[int, int, int]] = []
        self.paragraph, self.paragraph_start, self.seen_mark = 0, 0, False

    def paragraph_break(self, match: re.Match[str]) -> None:
        if self.stack:
            # A quotation of several paragraphs opens its first one, or opens after a lead-in
            # ("Quotation 4: “…") as the last mark of a paragraph that ends inside it.
            last = self.stack[-1]
            self.stack = [opened for opened in self.stack if opened.spanning]
            if (
                not last.spanning
                and last.paragraph == self.paragraph
                and self.text[last.content_start : match.start()].strip()
            ):
                self.stack.append(_Open(last.closing, last.content_start, False, self.paragraph, cited_close=True))
            self.open_count = Counter(opened.closing for opened in self.stack)
        self.paragraph, self.paragraph_start, self.seen_mark = self.paragraph + 1, match.end(), False

    def mark(self, match: re.Match[str]) -> None:
        mark = match.group()
        at_start = not self.seen_mark and not self.text[self.paragraph_start : match.start()].strip()
        self.seen_mark = True
        if mark == self.marks.straight:
            role = _straight_role(self.text, match.start(), match.end(), self.open_count[mark] > 0)
        else:
            role = "open" if mark in self.marks.pairs else "close"
        if role == "open":
            self._open(self.marks.pairs.get(mark, mark), match.end(), at_start)
        elif role == "close" and self.open_count[mark]:
            self._close(mark, match)

    def _open(self, closing: str, content_start: int, at_start: bool) -> None:
        if at_start and self.open_count[closing]:
            self.stack = [o for o in self.stack if not (o.spanning and o.closing == closing)]
            self.open_count = Counter(opened.closing for opened in self.stack)
        self.stack.append(_Open(closing, content_start, at_start, self.paragraph))
        self.open_count[closing] += 1

    def _close(self, mark: str, match: re.Match[str]) -> None:
        depth = next(i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].closing == mark)
        opened = self.stack[depth]
        self.open_count.subtract(o.closing for o in self.stack[depth:])
        del self.stack[depth:]
        if (
            opened.paragraph == self.paragraph
            or CLOSES_PARAGRAPH.match(self.text, match.end())
            or (opened.cited_close and _CITATION_FOLLOWS.match(self.text, match.end()))
        ):
            self.pairs.append((opened.content_start, match.start(), match.end()))


def is_title(text: str) -> bool:
    """Whether every word of four letters or more is capitalised, as in a title."""
    long_words = [word for word in _WORD.findall(text) if len(word) >= 4 and word.lower() != word.upper()]
    return bool(long_words) and all(word[0].isupper() for word in long_words)


def is_quotation(text: str) -> bool:
    """Whether quoted text is worth checking: long enough, and not a title."""
    words = sum(1 for token in text.split() if any(char.isalnum() for char in token))
    long_enough = words >= MIN_WORDS or len(CJK_TEXT_CHAR.findall(text)) >= MIN_CJK
    return long_enough and not is_title(text)


def inline_candidates(text: str, spans: list[tuple[int, int, int]], paragraphs: Paragraphs) -> list[Candidate]:
    """Candidates for paired spans that read as quotations, trimmed of inner spaces.

    Their citation is looked for from the closing mark to the paragraph's end.
    """
    found = []
    for content_start, content_end, after in spans:
        quoted = text[content_start:content_end]
        stripped = quoted.strip()
        if not stripped or not is_quotation(stripped):
            continue
        start = content_start + (len(quoted) - len(quoted.lstrip()))
        found.append(Candidate(stripped, start, start + len(stripped), False, None, (after, paragraphs.end(after))))
    return found


def drop_nested(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates not inside another one, in manuscript order."""
    kept: list[Candidate] = []
    reach = -1
    for candidate in sorted(candidates, key=lambda c: (c.start, -c.end)):
        if candidate.end <= reach:
            continue
        kept.append(candidate)
        reach = candidate.end
    return kept


def bind(
    candidates: list[Candidate],
    groups: list[tuple[Citation, ...]],
    fallback: tuple[Citation, ...],
    lines: LineIndex,
    text: str,
) -> tuple[Quotation, ...]:
    """Quotations with their citations.

    A quotation is vouched for by the first group in its window after it (``“…”
    [@key, chap. 7]``, ``“…,” writes @key``), counted only if no other quotation
    starts before it. Failing that, by the nearest group before it in its
    paragraph that no quotation took as its own (``@key [chap. 7] puts it
    plainly: “…”``); for a block quotation, the paragraph that introduces it.
    A quotation left without either is vouched for by *fallback* (the front
    matter's key). *text* is the manuscript with its citations still in it.
    """
    paragraphs = Paragraphs(text)
    group_starts = [group[0].start.offset for group in groups]
    quote_starts = [candidate.start for candidate in candidates]
    following_groups: list[int | None] = []
    for candidate in candidates:
        following = bisect.bisect_left(quote_starts, candidate.end)
        limit = candidate.window[1]
        if following < len(quote_starts):
            limit = min(limit, quote_starts[following])
        index = bisect.bisect_left(group_starts, candidate.window[0])
        following_groups.append(index if index < len(groups) and group_starts[index] < limit else None)
    taken = {index for index in following_groups if index is not None}
    quotations = []
    for number, candidate in enumerate(candidates):
        group = following_groups[number]
        if group is None:
            group = _preceding_group(candidates, number, group_starts, groups, taken, paragraphs, text)
        citations = groups[group] if group is not None else fallback
        quotations.append(
            Quotation(
                candidate.text,
                lines.position(candidate.start),
                candidate.end,
                candidate.block,
                citations,
                candidate.text_offsets,
            )
        )
    return tuple(quotations)


def _preceding_group(
    candidates: list[Candidate],
    number: int,
    group_starts: list[int],
    groups: list[tuple[Citation, ...]],
    taken: set[int],
    paragraphs: Paragraphs,
    text: str,
) -> int | None:
    """The nearest group before candidate *number*, in its lead-in and after the previous quotation."""
    candidate = candidates[number]
    lead_in = candidate.start
    if candidate.block:
        # A block quotation is introduced by the text before its first line ("As @key writes:"):
        # step back over the blank lines to its last character.
        position = text.rfind("\n", 0, candidate.start) + 1
        while position > 0 and text[position - 1].isspace():
            position -= 1
        lead_in = position - 1
    lead_start = paragraphs.start(max(lead_in, 0))
    if number:
        lead_start = max(lead_start, candidates[number - 1].end)
    index = bisect.bisect_left(group_starts, candidate.start) - 1
    while index >= 0 and group_starts[index] >= lead_start:
        if index not in taken and groups[index][0].end <= candidate.start:
            return index
        index -= 1
    return None
