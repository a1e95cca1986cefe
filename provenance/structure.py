"""The divisions of a source text: which chapter, section or article holds a passage.

A source's structure comes from its own headings: ``Chapter 7: Adhere to …``,
``Section III. Safeguard Technological Security``, ``# Part 2``, ``Article 12``,
``第七章 …``, ``第三节 …``, ``第十二条 …``. A division runs from its heading to
the next heading of the same or a higher rank, so every offset of the text has a
path (Chapter 7 › Section III) that locators can be checked against.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from provenance.manuscripts.model import LineIndex
from provenance.numbers import CJK_NUMERAL_CHARS, parse_number

#: Nesting rank of each kind of division: a smaller rank contains a larger one.
RANKS = {"part": 0, "book": 0, "chapter": 1, "section": 2, "subsection": 3, "article": 4}

_NUMBER = r"(?:\d+|[IVXLCDM]+|[A-Za-z]+(?:-[a-z]+)?)"
# An English heading: the kind word, a number, then a title after ":", "." or a dash.
_ENGLISH = re.compile(
    rf"^(?:#{{1,6}}[ \t]+)?(?P<kind>Part|Book|Chapter|Section|Subsection|Article)[ \t]+"
    rf"(?P<label>{_NUMBER})\b[ \t]*(?:[:.\-–—][ \t]*)?(?P<title>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE)
_CHINESE_KINDS = {"编": "part", "章": "chapter", "节": "section", "条": "article"}
_CHINESE = re.compile(
    rf"^(?:#{{1,6}}[ \t]+)?第(?P<label>[\d{CJK_NUMERAL_CHARS}]+)(?P<kind>[编章节条])[ \t\u3000]*(?P<title>[^\n]*)$",
    re.MULTILINE)
# "三、维护科技安全": an enumerated heading, a section unless 第N节 headings already are.
_CHINESE_ENUMERATED = re.compile(rf"^(?P<label>[{CJK_NUMERAL_CHARS}]+)、[ \t\u3000]*(?P<title>[^\n]*)$", re.MULTILINE)
#: Longest line read as a heading; articles may carry their body on the heading line.
MAX_HEADING = 120


@dataclass(frozen=True)
class Division:
    kind: str
    number: int | None
    label: str            # the number as the heading writes it: "7", "III", "Six", "七"
    title: str | None
    start: int            # offset of the heading
    end: int              # offset where the division ends
    line: int             # 1-based line of the heading
    depth: int            # RANKS[kind]


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
        return next((d for d in self.divisions if d.kind == kind and d.number == number), None)

    @property
    def kinds(self) -> set[str]:
        return {d.kind for d in self.divisions}

    def by_title(self, title: str) -> list[Division]:
        """Divisions whose title is *title*, ignoring case, spacing and final punctuation."""
        wanted = _title_key(title)
        return [d for d in self.divisions if d.title and _title_key(d.title) == wanted]


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split()).strip(" .:;,。")


def parse_structure(text: str) -> Structure:
    """Read the headings of *text* into divisions with their spans."""
    headings = sorted(_headings(text), key=lambda h: h[0])
    lines = LineIndex(text)
    divisions = []
    for index, (start, kind, label, title) in enumerate(headings):
        rank = RANKS[kind]
        end = next((h[0] for h in headings[index + 1:] if RANKS[h[1]] <= rank), len(text))
        divisions.append(Division(kind=kind, number=parse_number(label), label=label, title=title,
                                  start=start, end=end, line=lines.position(start).line,
                                  depth=rank))
    from provenance.sources.pages import captured_divisions  # here: that module builds on this one
    return Structure(divisions=tuple(divisions + captured_divisions(text, divisions, lines)))


def _headings(text: str):
    for match in _ENGLISH.finditer(text):
        kind = match["kind"].lower()
        if parse_number(match["label"]) is None or not _stands_alone(text, match, kind):
            continue
        yield match.start(), kind, match["label"], _clean_title(match["title"], kind)
    for match in _CHINESE.finditer(text):
        kind = _CHINESE_KINDS[match["kind"]]
        if not _stands_alone(text, match, kind):
            continue
        yield match.start(), kind, match["label"], _clean_title(match["title"], kind)
    enumerated_kind = "subsection" if "节" in {m["kind"] for m in _CHINESE.finditer(text)} else "section"
    for match in _CHINESE_ENUMERATED.finditer(text):
        if _stands_alone(text, match, enumerated_kind):
            yield match.start(), enumerated_kind, match["label"], _clean_title(match["title"], enumerated_kind)


def _stands_alone(text: str, match: re.Match, kind: str) -> bool:
    """A heading is a short line opening a paragraph; an article may go on with its body."""
    opens_paragraph = match.start() == 0 or text.startswith("\n", match.start() - 1) and (
        match.start() < 2 or text[match.start() - 2] == "\n" or kind == "article")
    return opens_paragraph and (kind == "article" or len(match.group()) <= MAX_HEADING)


def _clean_title(title: str, kind: str) -> str | None:
    """The heading's title; an article's heading line may be its body, which is no title."""
    title = title.strip().strip("#").strip()
    if kind == "article" and (len(title) > 80 or title.endswith((".", "。", ";", "；"))):
        return None
    return title or None


def format_path(path: tuple[Division, ...]) -> str:
    """``Chapter 7 › Section III``: the path as a reader would say it."""
    return " › ".join(f"{d.kind.capitalize()} {d.label}" for d in path)
