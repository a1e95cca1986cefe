"""Pandoc Markdown manuscripts: citations, inline and block quotations, prose references.

Code, comments, links and front matter are blanked (not cut) before anything
is looked for, so every offset found is the manuscript's own.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from provenance.domain.locators import parse_locator, split_suffix
from provenance.inputs.manuscripts.model import (
    Citation,
    LineIndex,
    ManuscriptExtract,
    MarkupProblem,
    blank_out,
)
from provenance.inputs.manuscripts.prose import division_references
from provenance.inputs.manuscripts.quotes import Candidate, Marks, bind, drop_nested, inline_candidates, pair_marks
from provenance.text.paragraphs import PARAGRAPH_BREAK, Paragraphs

MARKS = Marks({"“": "”", "«": "»", "「": "」", "『": "』"}, straight='"')

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_CITES = re.compile(r"^cites[ \t]*:[ \t]*(?P<inline>[^\n]*)\n?(?P<items>(?:[ \t]+-[^\n]*\n?)*)", re.MULTILINE)
_FRONT_KEY = re.compile(r"[^\s,\[\]'\"@-][^\s,\[\]'\"]*|(?<=@)[^\s,\[\]'\"]+")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)]|#\.)[ \t]+")
# Only a closed comment hides text: pandoc prints an unclosed "<!--" as text, so what follows is still read.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Link targets, keeping the "](" that tells a link from a citation group.
_LINKS = re.compile(
    r"(?<=\]\()[^)\s]*(?:\s+\"[^\"]*\")?(?=\))"
    r"|<[A-Za-z][A-Za-z0-9+.-]*:[^>\s]*>|\b(?:https?|ftp)://[^\s<>]+"
)
_UNCLOSED_COMMENT = re.compile(r"<!--")
_TICKS = re.compile(r"`+")

_KEY = r"\w(?:[:.#$%&\-+?<>~/]*\w)*|\{[^{}\n]*\}"
_GROUP = re.compile(r"\[(?P<body>[^\[\]]*@[^\[\]]*)\](?P<link>\()?")
_ITEM_KEY = re.compile(rf"(?<![\w.%+\-@])(?P<dash>-)?@(?P<key>{_KEY})")
_IN_TEXT = re.compile(rf"(?<![\w.%+\-@/])@(?P<key>{_KEY})(?:[ ]\[(?P<body>[^\[\]@\n]*)\](?!\())?")
_BLOCK_LINE = re.compile(r"^[ ]{0,3}>(?:[ ]?>)*[ ]?", re.MULTILINE)
_HEADING = re.compile(r"^[ ]{0,3}#{1,6}(?:[ \t][^\n]*)?$", re.MULTILINE)


def front_matter(text: str) -> tuple[dict[str, Any] | None, int]:
    """The YAML front matter's mapping (``yaml.safe_load``) and where the text after it starts.

    ``(None, 0)`` when the text opens with no front matter, or with one that is
    not a YAML mapping (a hand edit can leave it so): the text is still read,
    as a text without front matter.
    """
    match = FRONT_MATTER.match(text)
    if not match:
        return None, 0
    try:
        fields = yaml.safe_load(match.group("body") or "")
    except yaml.YAMLError:
        return None, 0
    return (fields, match.end()) if isinstance(fields, dict) else (None, 0)


def _front_matter(text: str) -> tuple[tuple[int, int] | None, list[tuple[str, int]]]:
    """The front matter's span and its ``cites`` keys with their offsets.

    The keys are found in the text, not in the YAML: each needs its offset, and
    ``@key``, pandoc's way of writing one, is not YAML (``@`` is reserved).
    """
    match = FRONT_MATTER.match(text)
    if not match or match.group("body") is None:
        return None, []
    body_start = match.start("body")
    cites = _CITES.search(match.group("body"))
    if not cites:
        return match.span(), []
    keys = []
    for group in ("inline", "items"):
        for key in _FRONT_KEY.finditer(cites.group(group)):
            keys.append((key.group(), body_start + cites.start(group) + key.start()))
    return match.span(), keys


def _code_blocks(text: str) -> list[tuple[int, int]]:
    """Spans of fenced and indented code blocks (an indented block must follow a blank line outside a list)."""
    scan = _CodeScan()
    for line in re.finditer(r"[^\n]*(?:\n|\Z)", text):
        if not line.group():
            break
        scan.line(line.start(), line.end(), line.group().rstrip("\n"))
    if scan.start >= 0:
        scan.spans.append((scan.start, len(text)))
    return scan.spans


@dataclass
class _CodeScan:
    """Code blocks found so far, line by line, and the one open: fenced when ``fence`` is set, else indented."""

    spans: list[tuple[int, int]] = field(default_factory=list)
    start: int = -1
    fence: re.Pattern[str] | None = None
    previous_blank: bool = True
    in_list: bool = False

    def line(self, start: int, end: int, content: str) -> None:
        if self.fence:
            if self.fence.match(content):
                self.spans.append((self.start, end))
                self.start, self.fence = -1, None
            return
        blank, indented = not content.strip(), content.startswith(("    ", "\t"))
        if self.start >= 0 and not blank and not indented:
            self.spans.append((self.start, start))
            self.start = -1
        if self.start < 0:
            self.fence = _closing_fence(content)
            if self.fence or (indented and not blank and self.previous_blank and not self.in_list):
                self.start = start
        if not blank and not indented:
            self.in_list = bool(_LIST_ITEM.match(content))
        self.previous_blank = blank


def _closing_fence(line: str) -> re.Pattern[str] | None:
    """For a line opening a fenced block, the line that closes it: the same character, at least as many."""
    opening = _FENCE.match(line)
    if not opening:
        return None
    fence = opening.group(1)
    return re.compile(rf"^[ ]{{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Inline code: a run of backticks up to the next run as long, within the paragraph."""
    runs = list(_TICKS.finditer(text))
    by_length: dict[int, list[int]] = {}
    for index, run in enumerate(runs):
        by_length.setdefault(len(run.group()), []).append(index)
    paragraphs = Paragraphs(text)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        opening = runs[index]
        same = by_length[len(opening.group())]
        following = bisect.bisect_right(same, index)
        closing = same[following] if following < len(same) else None
        if closing is not None and runs[closing].start() < paragraphs.end(opening.end()):
            spans.append((opening.start(), runs[closing].end()))
            index = closing + 1
        else:
            index += 1
    return spans


def _ignored(text: str, front: tuple[int, int] | None) -> str:
    """*text* with front matter, code, comments and link targets blanked."""
    masked = blank_out(text, ([front] if front else []) + _code_blocks(text))
    masked = blank_out(masked, [m.span() for m in _COMMENT.finditer(masked)])
    masked = blank_out(masked, _code_spans(masked))
    return blank_out(masked, [m.span() for m in _LINKS.finditer(masked)])


def _unclosed_comments(masked: str, lines: LineIndex) -> tuple[MarkupProblem, ...]:
    """Every ``<!--`` left in *masked* (closed comments and code already blanked) is never closed."""
    problems = []
    for match in _UNCLOSED_COMMENT.finditer(masked):
        where = lines.position(match.start())
        problems.append(
            MarkupProblem(
                where.line,
                where.column,
                (
                    "`<!--` opens a comment that is never closed; pandoc prints it and what follows as text, "
                    "so the quotations after it are checked as text (close it with `-->` to hide it)"
                ),
            )
        )
    return tuple(problems)


def _citation(
    text: str, key: re.Match, after: tuple[int, int], group: tuple[int, int], prefix: str | None, lines: LineIndex
) -> Citation:
    """A citation for *key*, its locator read from the text in *after* (what follows the key)."""
    locator_span, suffix = split_suffix(text[after[0] : after[1]])
    span = (after[0] + locator_span[0], after[0] + locator_span[1]) if locator_span else None
    name = key.group("key")
    return Citation(
        name[1:-1] if name.startswith("{") else name,
        parse_locator(text[span[0] : span[1]]) if span else None,
        prefix,
        suffix,
        lines.position(group[0]),
        group[1],
        lines.position(key.start("key") - 1),
        span,
    )


def _bracketed(text: str, lines: LineIndex) -> list[tuple[Citation, ...]]:
    """Citation groups in brackets; every ``;``-separated item must cite a key."""
    groups = []
    for match in _GROUP.finditer(text):
        if match.group("link") or PARAGRAPH_BREAK.search(match.group("body")):
            continue
        citations = []
        item_start = match.start("body")
        for item in match.group("body").split(";"):
            key = _ITEM_KEY.search(text, item_start, item_start + len(item))
            if not key:
                break
            prefix = text[item_start : key.start()].strip() or None
            citations.append(_citation(text, key, (key.end(), item_start + len(item)), match.span(), prefix, lines))
            item_start += len(item) + 1
        else:
            groups.append(tuple(citations))
    return groups


def _in_text(text: str, lines: LineIndex) -> list[tuple[Citation, ...]]:
    """In-text citations, ``@key`` or ``@key [p. 33]``, each a group of its own."""
    groups: list[tuple[Citation, ...]] = []
    for match in _IN_TEXT.finditer(text):
        after = match.span("body") if match.group("body") is not None else (match.end(), match.end())
        groups.append((_citation(text, match, after, match.span(), None, lines),))
    return groups


def _blocks(text: str, masked: str, groups: list[tuple[Citation, ...]]) -> list[Candidate]:
    """Block quotations: runs of ``>`` lines, their text without the markers or a closing citation."""
    group_ends = {group[0].end: group[0].start.offset for group in groups}
    candidates = []
    lines = list(re.finditer(r"[^\n]*(?:\n|\Z)", masked))
    for first, after in _quote_runs(lines):
        offsets = [offset for line in lines[first:after] for offset in _quoted_line(text, masked, line, group_ends)]
        quoted = "".join(text[offset] for offset in offsets)
        lead = len(quoted) - len(quoted.lstrip())
        body = quoted.strip()
        offsets = offsets[lead : lead + len(body)]
        if not offsets:
            continue
        start, end = offsets[0], offsets[-1] + 1
        window_end = (
            lines[after].end()
            if after < len(lines) and lines[after].group().strip()
            else lines[after + 1].end()
            if after + 1 < len(lines)
            else len(text)
        )
        candidates.append(
            Candidate(
                body,
                start,
                end,
                True,
                None if text[start:end] == body else tuple(offsets),
                (lines[after - 1].start(), window_end),
            )
        )
    return candidates


def _quote_runs(lines: list[re.Match[str]]) -> list[tuple[int, int]]:
    """(first, after) indexes of each run of consecutive lines opening with ``>``."""
    runs = []
    index = 0
    while index < len(lines):
        if not _BLOCK_LINE.match(lines[index].group()):
            index += 1
            continue
        first = index
        while index < len(lines) and _BLOCK_LINE.match(lines[index].group()):
            index += 1
        runs.append((first, index))
    return runs


def _quoted_line(text: str, masked: str, line: re.Match[str], group_ends: dict[int, int]) -> list[int]:
    """Offsets of one ``>`` line's quoted text, without its marker or a citation closing it, and its line break."""
    marker = _BLOCK_LINE.match(masked, line.start())
    assert marker is not None  # only lines that open with a marker are in a run
    content_start = marker.end()
    content_end = line.end() - (1 if masked[line.end() - 1 : line.end()] == "\n" else 0)
    cut = max(
        (
            group_ends[end]
            for end in range(content_start, content_end + 1)
            if end in group_ends and not masked[end:content_end].strip(" \t.")
        ),
        default=content_end,
    )
    offsets = list(range(content_start, max(content_start, min(cut, content_end))))
    if content_end < len(text):
        offsets.append(content_end)  # the line break
    return offsets


def extract_markdown(text: str) -> ManuscriptExtract:
    """Quotations (inline and block), citation groups and division references of a Markdown text."""
    lines = LineIndex(text)
    front, cites = _front_matter(text)
    masked = _ignored(text, front)
    bracketed = _bracketed(masked, lines)
    links = [match.span() for match in _GROUP.finditer(masked) if match.group("link")]
    without_groups = blank_out(masked, [(g[0].start.offset, g[0].end) for g in bracketed] + links)
    in_text = _in_text(without_groups, lines)
    groups = sorted(bracketed + in_text, key=lambda group: group[0].start.offset)
    front_citations = tuple(
        Citation(key, None, None, None, lines.position(offset), offset + len(key), lines.position(offset), None)
        for key, offset in cites
    )
    prose = blank_out(without_groups, [(g[0].start.offset, g[0].end) for g in in_text])
    blocks = _blocks(text, masked, groups)
    inline_text = blank_out(
        prose,
        [(line.start(), line.end()) for line in _BLOCK_LINE.finditer(prose)]
        + [(block.start, block.end) for block in blocks],
    )
    pairs = pair_marks(inline_text, MARKS)
    candidates = drop_nested(blocks + inline_candidates(text, pairs, Paragraphs(inline_text)))
    quotations = bind(candidates, groups, front_citations[:1], lines, masked)
    # Headings name the manuscript's own divisions, not the source's.
    headings = [match.span() for match in _HEADING.finditer(prose)]
    quoted = [(c.start, c.end) for c in candidates] + [(start, end) for start, end, _ in pairs]
    references = division_references(
        blank_out(prose, headings), quoted, groups, cites[0][0] if cites else None, Paragraphs(prose), lines
    )
    return ManuscriptExtract(
        quotations,
        front_citations + tuple(c for group in groups for c in group),
        references,
        _unclosed_comments(masked, lines),
    )
