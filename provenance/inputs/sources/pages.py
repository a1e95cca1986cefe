"""Pages and outline of a captured PDF as divisions, read from its source file.

``source add`` writes a PDF's text one page after another, separated by a form
feed (as ``pdftotext`` does), and lists the pages' labels and the outline in
the file's front matter. This module turns them back into divisions: a page
division per label (``p. xii`` is the page labelled ``xii``, wherever it sits),
and chapters and sections from the outline. Form feeds are whitespace to the
matcher, so a quotation running over a page break is still found.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from provenance.domain.divisions import RANKS, Division
from provenance.domain.numbers import roman_to_int
from provenance.inputs.manuscripts.model import LineIndex
from provenance.inputs.sources.front_matter import capture_metadata

PAGE_BREAK = "\f"
#: Pages nest inside every other division kind.
PAGE_DEPTH = max(RANKS.values()) + 1
#: Outline level → division kind (deeper bookmarks are not divisions citations name).
OUTLINE_KINDS = ("chapter", "section", "subsection")
_OUTLINE_NUMBER = re.compile(r"^(?P<label>\d+(?:\.\d+)*|[A-Z])\.?[ \t]+(?P<title>\S.*)$")


def page_starts(text: str, body_start: int, count: int) -> list[int]:
    """Offsets where each of *count* pages begins: the body's start, then after each form feed."""
    starts = [body_start]
    position = body_start
    while len(starts) < count:
        position = text.find(PAGE_BREAK, position)
        if position < 0:
            break
        position += 1
        starts.append(position + 1 if text.startswith("\n", position) else position)
    return starts


def captured_divisions(text: str, headings: list[Division], lines: LineIndex) -> list[Division]:
    """Page and outline divisions of a captured PDF (none for other texts).

    Outline kinds the text's own headings already give are left to the headings.
    """
    metadata, body_start = capture_metadata(text)
    labels = [str(label) for label in metadata.get("page-labels") or []]
    if not labels:
        return []
    starts = page_starts(text, body_start, len(labels))
    ends = [start - 1 for start in starts[1:]] + [len(text)]
    pages = [
        Division(
            kind="page",
            number=page_number(label),
            label=label[:64],
            title=None,
            start=start,
            end=end,
            line=lines.position(start).line,
            depth=PAGE_DEPTH,
        )
        for label, start, end in zip(labels, starts, ends)
    ]
    taken = {d.kind for d in headings}
    outline = [d for d in _outline(text, metadata.get("outline") or [], starts, ends, lines) if d.kind not in taken]
    return sorted(pages + outline, key=lambda d: (d.start, d.depth))


def page_number(label: str) -> int | None:
    """The number a page label counts: ``23`` → 23, ``xii`` → 12, ``T-1`` → None."""
    return int(label) if label.isdigit() else roman_to_int(label)


def _outline(text: str, entries: list, starts: list[int], ends: list[int], lines: LineIndex) -> list[Division]:
    placed = []
    for entry in entries:
        level, page = entry.get("level", 0), entry.get("page", 0)
        if not isinstance(level, int) or level >= len(OUTLINE_KINDS) or not 1 <= page <= len(starts):
            continue
        title = " ".join(str(entry.get("title", "")).split())
        numbered = _OUTLINE_NUMBER.match(title)
        label, name = (numbered["label"], numbered["title"]) if numbered else (None, title)
        start, printed = _heading_on_page(text, name, starts[page - 1], ends[page - 1])
        placed.append((start, level, label or printed, name))
    divisions = []
    for index, (start, level, label, name) in enumerate(placed):
        end = next((s for s, lv, _, _ in placed[index + 1 :] if lv <= level), len(text))
        number = int(label.rsplit(".", 1)[-1]) if label and label[0].isdigit() else None
        kind = OUTLINE_KINDS[level]
        divisions.append(
            Division(
                kind=kind,
                number=number,
                label=(label or name)[:64],
                title=name,
                start=start,
                end=max(end, start),
                line=lines.position(start).line,
                depth=RANKS[kind],
            )
        )
    return divisions


def _heading_on_page(text: str, title: str, start: int, end: int) -> tuple[int, str | None]:
    """Where a bookmark's title is printed on its page, and the number printed before it.

    Bookmarks often leave out the number the heading prints (``ASN.1 syntax`` for
    ``2.1 ASN.1 syntax``); the page's start stands in when the title is not found.
    """
    words = title.split()
    if not words:
        return start, None
    pattern = re.compile(
        r"(?:^(?P<number>\d+(?:\.\d+)*|[A-Z](?:\.\d+)*)\.?[ \t]+)?" + r"\s+".join(map(re.escape, words)), re.MULTILINE
    )
    found = pattern.search(text, start, end)
    if not found:
        return start, None
    return found.start(), found["number"]


@dataclass(frozen=True)
class Pages:
    """The page divisions of one source, for answering “which pages does this span cover”."""

    divisions: tuple[Division, ...]

    @cached_property
    def _indexes(self) -> dict[str, list[int]]:
        indexes: dict[str, list[int]] = {}
        for index, division in enumerate(self.divisions):
            indexes.setdefault(division.label.casefold(), []).append(index)
        return indexes

    def indexes_of(self, label: str) -> list[int]:
        return self._indexes.get(label.strip().casefold(), [])

    @cached_property
    def _starts(self) -> list[int]:
        return [d.start for d in self.divisions]

    def index_at(self, offset: int) -> int:
        """The page holding *offset* (the first page for text before it, such as front matter)."""
        return max(bisect.bisect_right(self._starts, offset) - 1, 0)

    def label(self, index: int) -> str:
        return self.divisions[index].label

    def describe(self) -> str:
        """The labels as runs: ``T-1, T-2, i, 1–33``."""
        runs: list[list[str]] = []
        previous = None
        for division in self.divisions:
            number = page_number(division.label)
            continues = (
                previous is not None
                and number is not None
                and number == previous + 1
                and division.label.isdigit() == runs[-1][-1].isdigit()
            )
            if continues:
                runs[-1].append(division.label)
            else:
                runs.append([division.label])
            previous = number
        return ", ".join(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)
