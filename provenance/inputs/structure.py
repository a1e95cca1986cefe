"""The divisions of a source text: which chapter, section or article holds a passage.

A source's structure comes from its own headings: ``Chapter 7: Adhere to …``,
``Section III. Safeguard Technological Security``, ``# Part 2``, ``Article 12``,
``第七章 …``, ``第三节 …``, ``第十二条 …``, as plain lines, Markdown ``#``
headings or setext (underlined) headings. A division runs from its heading to
the next heading of the same or a higher rank, so every offset of the text has a
path (Chapter 7 › Section III) that locators can be checked against.

A Markdown heading with a title only (``## Preamble``, ``# 宪法``) is a
division of kind "heading": it ranks with the numbered headings written at its
Markdown level, or just above those written deeper (just below those written
shallower), so ``## Preamble`` ends where ``## Article 1`` begins.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from provenance.domain.divisions import RANKS, Division
from provenance.domain.numbers import CJK_NUMERAL_CHARS, parse_number
from provenance.inputs.manuscripts.model import LineIndex
from provenance.inputs.sources.pages import Pages, captured_divisions

#: The kind of a heading that has a title and no number.
TITLE_ONLY = "heading"
_BETWEEN = 5
# Markdown heading marks: "## Title", or a line underlined with "=" (level 1) or "-" (level 2).
_ATX = re.compile(r"^(?P<marks>#{1,6})[ \t]+(?P<title>[^\n]*?)[ \t#]*$", re.MULTILINE)
# The title is a line with something on it; its first non-space character is matched where it
# stands (not found by backtracking through the line), so a long line costs one pass, not its square.
_SETEXT = re.compile(r"^(?P<title>[^\S\n]*\S[^\n]*)\n(?P<rule>=+|-+)[ \t]*$", re.MULTILINE)

# A number as headings write it: 7, 5a (an inserted article), VII, Seven.
_NUMBER = r"(?:\d+[a-z]?|[IVXLCDM]+|[A-Za-z]+(?:-[a-z]+)?)"
# An English heading: the kind word, a number, then a title after ":", "." or a dash.
# Markdown ATX marks may open it; a setext underline on the next line needs nothing more.
_ENGLISH = re.compile(
    rf"^(?:#{{1,6}}[ \t]+)?(?P<kind>Part|Book|Chapter|Section|Subsection|Article)[ \t]+"
    rf"(?P<label>{_NUMBER})\b[ \t]*(?:[:.\-–—][ \t]*)?(?P<title>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
_CHINESE_KINDS = {"编": "part", "章": "chapter", "节": "section", "条": "article"}
_CHINESE = re.compile(
    rf"^(?:#{{1,6}}[ \t]+)?第(?P<label>[\d{CJK_NUMERAL_CHARS}]+)(?P<kind>[编章节条])[ \t\u3000]*(?P<title>[^\n]*)$",
    re.MULTILINE,
)
# "三、维护科技安全": an enumerated heading, a section unless 第N节 headings already are.
_CHINESE_ENUMERATED = re.compile(rf"^(?P<label>[{CJK_NUMERAL_CHARS}]+)、[ \t\u3000]*(?P<title>[^\n]*)$", re.MULTILINE)
#: Longest label kept: the store holds 64 characters, and no real heading needs more.
MAX_LABEL = 32
#: Longest line read as a heading; articles may carry their body on the heading line.
MAX_HEADING = 120


@dataclass(frozen=True)
class Structure:
    divisions: tuple[Division, ...]

    @cached_property
    def _by_depth(self) -> dict[int, tuple[list[int], list[Division]]]:
        """Per depth, the divisions and their starts: divisions of one depth never overlap."""
        levels: dict[int, tuple[list[int], list[Division]]] = {}
        for division in self.divisions:
            starts, divisions = levels.setdefault(division.depth, ([], []))
            starts.append(division.start)
            divisions.append(division)
        return levels

    def path_at(self, offset: int) -> tuple[Division, ...]:
        """The divisions that hold *offset*, outermost first."""
        path = []
        for depth in sorted(self._by_depth):
            starts, divisions = self._by_depth[depth]
            index = bisect.bisect_right(starts, offset) - 1
            if index >= 0 and offset < divisions[index].end:
                path.append(divisions[index])
        return tuple(path)

    def find(self, kind: str, number: int) -> Division | None:
        return next(iter(self.numbered(kind, number)), None)

    def numbered(self, kind: str, number: int) -> list[Division]:
        """The divisions of *kind* numbered *number*, in text order (a section III in each chapter)."""
        return self._by_number.get((kind, number), [])

    def numbered_within(self, kind: str, number: int, start: int, end: int) -> list[Division]:
        """The divisions of *kind* numbered *number* that start in ``[start, end)``, in text order."""
        divisions = self.numbered(kind, number)
        starts = self._number_starts.get((kind, number), [])
        return divisions[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    @cached_property
    def _by_number(self) -> dict[tuple[str, int | None], list[Division]]:
        index: dict[tuple[str, int | None], list[Division]] = {}
        for division in sorted(self.divisions, key=lambda d: d.start):
            index.setdefault((division.kind, division.number), []).append(division)
        return index

    @cached_property
    def _number_starts(self) -> dict[tuple[str, int | None], list[int]]:
        return {key: [d.start for d in divisions] for key, divisions in self._by_number.items()}

    def numbers(self, kind: str) -> frozenset[int]:
        """The numbers the divisions of *kind* carry."""
        return self._numbers.get(kind, frozenset())

    @cached_property
    def _numbers(self) -> dict[str, frozenset[int]]:
        numbers: dict[str, set[int]] = {}
        for kind, number in self._by_number:
            if number is not None:
                numbers.setdefault(kind, set()).add(number)
        return {kind: frozenset(found) for kind, found in numbers.items()}

    @cached_property
    def pages(self) -> Pages:
        """The page divisions, for answering which pages a span covers."""
        return Pages(tuple(d for d in self.divisions if d.kind == "page"))

    @property
    def kinds(self) -> set[str]:
        return {d.kind for d in self.divisions}

    def by_title(self, title: str) -> list[Division]:
        """Divisions whose title is *title*, ignoring case, spacing and final punctuation."""
        wanted = _title_key(title)
        return [d for d in self.divisions if d.title and d.kind != TITLE_ONLY and _title_key(d.title) == wanted]


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split()).strip(" .:;,。")


def body_start(text: str, division: Division) -> int:
    """Offset after a division's heading line (and its setext underline): where its own words begin."""
    underlined = _SETEXT.match(text, division.start)
    if underlined:
        return underlined.end()
    line_end = text.find("\n", division.start)
    return len(text) if line_end == -1 else line_end


def parse_structure(text: str) -> Structure:
    """Read the headings of *text* into divisions with their spans."""
    levels = _markdown_levels(text)
    numbered = sorted(_headings(text), key=lambda h: h[0])
    starts = {h[0] for h in numbered}
    titled = [(start, title, level) for start, title, level in _title_only(text, levels) if start not in starts]
    ranked = [(start, kind, label, title, RANKS[kind]) for start, kind, label, title in numbered]
    ranked += [
        (start, TITLE_ONLY, "", title, rank)
        for (start, title, _), rank in zip(titled, _title_ranks(titled, numbered, levels))
    ]
    headings = sorted(ranked, key=lambda h: h[0])
    ends = _ends(headings, len(text))
    lines = LineIndex(text)
    divisions = [
        Division(
            kind=kind,
            number=_number(label) if label else None,
            label=label,
            title=title,
            start=start,
            end=end,
            line=lines.position(start).line,
            depth=rank,
        )
        for (start, kind, label, title, rank), end in zip(headings, ends)
    ]
    return Structure(divisions=tuple(divisions + captured_divisions(text, divisions, lines)))


def _markdown_levels(text: str) -> dict[int, int]:
    """Offset of each Markdown heading line → its level (``##`` → 2, ``===`` underline → 1)."""
    levels = {match.start(): len(match["marks"]) for match in _ATX.finditer(text)}
    for match in _SETEXT.finditer(text):
        opens_paragraph = match.start() == 0 or text[max(match.start() - 2, 0) : match.start()] == "\n\n"
        if opens_paragraph and not match["title"].lstrip().startswith(("#", ">", "|", "-", "*", "+")):
            levels.setdefault(match.start(), 1 if match["rule"][0] == "=" else 2)
    return levels


def _title_only(text: str, levels: dict[int, int]):
    """Markdown headings that carry a title: (offset, title, level).

    A lone level-1 heading is the document's title, not one of its divisions.
    """
    lone_title = [start for start, level in levels.items() if level == 1]
    for start, level in sorted(levels.items()):
        if level == 1 and len(lone_title) == 1:
            continue
        line_end = text.find("\n", start)
        line = text[start : line_end if line_end >= 0 else len(text)]
        title = line.strip().strip("#").strip()
        if title and len(line) <= MAX_HEADING:
            yield start, title, level


def _title_ranks(titled, numbered, levels: dict[int, int]) -> list[int]:
    """The rank of each title-only heading, from the numbered headings written at, above and below its level."""
    by_level: dict[int, set[int]] = {}
    for start, kind, _label, _title in numbered:
        if start in levels:
            by_level.setdefault(levels[start], set()).add(RANKS[kind])
    ranks = []
    for _start, _title, level in titled:
        same = by_level.get(level)
        deeper = [rank for other, found in by_level.items() if other > level for rank in found]
        shallower = [rank for other, found in by_level.items() if other < level for rank in found]
        if same:
            ranks.append(min(same))
        elif deeper:
            ranks.append(min(deeper) - _BETWEEN)
        elif shallower:
            ranks.append(max(shallower) + _BETWEEN)
        else:
            ranks.append(max(RANKS.values()) + _BETWEEN + level)  # an outline of titles only
    return ranks


def _ends(headings: list[tuple[int, str, str, str | None, int]], text_end: int) -> list[int]:
    """Where each division ends: at the next heading of the same or a higher rank.

    One pass with a stack of open divisions, so that 200,000 headings cost no
    more than reading them.
    """
    ends = [text_end] * len(headings)
    open_divisions: list[int] = []
    for index, (start, _kind, _label, _title, rank) in enumerate(headings):
        while open_divisions and headings[open_divisions[-1]][4] >= rank:
            ends[open_divisions.pop()] = start
        open_divisions.append(index)
    return ends


def _number(label: str) -> int | None:
    """The number of a label; ``5a`` (inserted after article 5) is numbered 5."""
    number = parse_number(label)
    if number is None and label[:-1].isdigit() and label[-1].isalpha():
        number = parse_number(label[:-1])
    return number


def _headings(text: str):
    for match in _ENGLISH.finditer(text):
        kind = match["kind"].lower()
        if _number(match["label"]) is None or not _stands_alone(text, match, kind):
            continue
        yield match.start(), kind, match["label"], _clean_title(match["title"], kind)
    for match in _CHINESE.finditer(text):
        kind = _CHINESE_KINDS[match["kind"]]
        if _number(match["label"]) is None or not _stands_alone(text, match, kind):
            continue
        yield match.start(), kind, match["label"], _clean_title(match["title"], kind)
    enumerated_kind = "subsection" if "节" in {m["kind"] for m in _CHINESE.finditer(text)} else "section"
    for match in _CHINESE_ENUMERATED.finditer(text):
        if _number(match["label"]) is not None and _stands_alone(text, match, enumerated_kind):
            yield match.start(), enumerated_kind, match["label"], _clean_title(match["title"], enumerated_kind)


def _stands_alone(text: str, match: re.Match, kind: str) -> bool:
    """A heading is a short line opening a paragraph; an article may go on with its body."""
    opens_paragraph = (
        match.start() == 0
        or text.startswith("\n", match.start() - 1)
        and (match.start() < 2 or text[match.start() - 2] == "\n" or kind == "article")
    )
    return (
        opens_paragraph
        and len(match["label"]) <= MAX_LABEL
        and (kind == "article" or len(match.group()) <= MAX_HEADING)
    )


def _clean_title(title: str, kind: str) -> str | None:
    """The heading's title; an article's heading line may be its body, which is no title."""
    title = title.strip().strip("#").strip()
    if kind == "article" and (len(title) > 80 or title.endswith((".", "。", ";", "；"))):
        return None
    return title or None


def format_path(path: tuple[Division, ...]) -> str:
    """``Chapter 7 › Section III``: the path as a reader would say it (a title-only heading by its title)."""
    return " › ".join(d.title or "" if d.kind == TITLE_ONLY else f"{d.kind.capitalize()} {d.label}" for d in path)
