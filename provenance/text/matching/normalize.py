"""Style-insensitive text with an exact map back to the original.

A quotation is faithful when it differs from its source only in what
typography forgives: compatibility forms (full-width letters, ligatures),
line breaks and runs of spaces, the kind of quotation mark or dash, and
invisible characters. :func:`normalize` erases exactly those differences and
nothing else (case, words and punctuation stay), and records for every
character it produces the index of the original character it came from, so a
match found in normalised text can be reported as a span of the real text.

Normalisation works on *clusters* (a character with the combining marks or
conjoining jamo that follow it) so that composing ``e`` + U+0301 into ``é``
happens inside one unit; every other character is mapped on its own. Because
the mapping never looks across a cluster, normalising any slice of the
original that starts and ends on cluster boundaries yields the matching slice
of the normalised text.
"""

from __future__ import annotations

import array
import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

#: The one character every quotation mark becomes.
QUOTE = "'"
#: The one character every dash becomes.
DASH = "-"

_QUOTE_MARKS = "\"'`“”„‟«»‹›「」『』‘’‚‛〝〞〟"
_DASHES = "‐‑‒–—―−⸺⸻﹘"
#: Characters dropped outright: they are invisible and never part of the wording.
REMOVED_CHARS = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"
# Every whitespace character lies below U+3001 (U+3000 is the last).
_WHITESPACE = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace())

_STYLE = {ord(ch): QUOTE for ch in _QUOTE_MARKS}
_STYLE.update({ord(ch): DASH for ch in _DASHES})
_STYLE.update({ord(ch): "" for ch in REMOVED_CHARS})
_STYLE.update({ord(ch): " " for ch in _WHITESPACE})

#: Offsets are 32-bit: half the memory of 64-bit ones for the largest arrays the linter keeps,
#: and no text it reads has two billion characters.
OFFSET_TYPE = "i"

# After characters are mapped, runs of one kind of forgiven mark collapse to one.
_RUNS = re.compile(r" {2,}|-{2,}|'{2,}")


class OffsetMap:
    """Per normalised character, its index in the original, stored as runs.

    Normalisation leaves long stretches of text as they were, so the map is a
    few runs (a paragraph break, an expanded ligature start one) rather than one
    integer per character: index ``i`` of run ``k`` (``starts[k] <= i <
    starts[k + 1]``) maps to ``i + shifts[k]``. A sequence of ``length`` ints to
    its readers; its runs are what a store keeps (:meth:`to_bytes`).
    """

    __slots__ = ("starts", "shifts", "length", "_lasts")

    def __init__(self, starts: array.array, shifts: array.array, length: int):
        self.starts, self.shifts, self.length = starts, shifts, length
        # The last original index of each run: non-decreasing, so a value's position is a bisection.
        bounds = list(starts[1:]) + [length]
        self._lasts = [bound - 1 + shift for bound, shift in zip(bounds, shifts)]

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: int) -> int:
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError("offset map index out of range")
        return index + self.shifts[bisect.bisect_right(self.starts, index) - 1]

    def index_of(self, value: int) -> int:
        """The first index whose offset is at least *value* (``bisect_left`` on the map)."""
        run = bisect.bisect_left(self._lasts, value)
        if run == len(self._lasts):
            return self.length
        return max(self.starts[run], value - self.shifts[run])

    def to_bytes(self) -> bytes:
        return array.array(OFFSET_TYPE, [self.length]).tobytes() + self.starts.tobytes() + self.shifts.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> OffsetMap:
        values = array.array(OFFSET_TYPE)
        values.frombytes(data)
        runs = (len(values) - 1) // 2
        return cls(values[1 : 1 + runs], values[1 + runs :], values[0])


class _Runs:
    """An OffsetMap being built: runs appended in index order, equal shifts merged."""

    def __init__(self) -> None:
        self.starts = array.array(OFFSET_TYPE)
        self.shifts = array.array(OFFSET_TYPE)

    def add(self, start: int, shift: int) -> None:
        if self.shifts and self.shifts[-1] == shift:
            return
        if self.starts and self.starts[-1] == start:  # an empty run before this one
            self.shifts[-1] = shift
            if len(self.shifts) > 1 and self.shifts[-2] == shift:
                del self.starts[-1], self.shifts[-1]
            return
        self.starts.append(start)
        self.shifts.append(shift)

    def shift_at(self, index: int) -> tuple[int, int]:
        """(run number, shift) of the run holding *index*."""
        run = bisect.bisect_right(self.starts, index) - 1
        return run, self.shifts[run]


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text and, per normalised character, its index in the original.

    ``offsets`` has ``len(text) + 1`` entries; the last is ``len(original)``.
    Several normalised characters share an offset when one original character
    expanded (``ﬁ`` → ``fi``); consecutive offsets jump when original
    characters collapsed or vanished (a run of spaces, ``e`` + accent, U+200B).
    """

    text: str
    offsets: OffsetMap = field(hash=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span that normalises to ``text[start:end]``.

        The end runs to where the next original cluster begins, so the span
        covers the whole last cluster, collapsed run or expanded character; it
        may also take in invisible characters that normalisation dropped.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside normalised text of length {len(self.text)}")
        return span_to_original(self.offsets, start, end)

    def of_span(self, start: int, end: int) -> str:
        """The normalised text of the original span ``[start, end)`` (which must lie on cluster
        boundaries, as paragraph breaks do), as normalising that span alone would give it."""
        return self.text[self.offsets.index_of(start) : self.offsets.index_of(end)].strip(" ")


def span_to_original(offsets, start: int, end: int) -> tuple[int, int]:
    """Map ``[start, end)`` through an offsets table (see :class:`NormalizedText`)."""
    if start == end:
        return offsets[start], offsets[start]
    return offsets[start], piece_end(offsets, end)


def piece_end(offsets, end: int) -> int:
    """Original index just past the cluster that produced normalised char ``end - 1``."""
    last = offsets[end - 1]
    while end < len(offsets) - 1 and offsets[end] == last:
        end += 1
    return offsets[end]


def normalize(original: str) -> NormalizedText:
    """Normalise *original* for comparison, keeping an exact offset map.

    Two passes, each doing Python-level work only where something changes:
    first every character (or cluster) is mapped through NFKC and the style
    table; then runs of spaces, dashes and quotation marks collapse to one and
    the ends are stripped.
    """
    mapped, mapped_runs = _map_characters(original)
    text, runs = _collapse_runs(mapped, mapped_runs)
    runs.add(len(text), len(original) - len(text))
    return NormalizedText(text, OffsetMap(runs.starts, runs.shifts, len(text) + 1))


@functools.cache
def _map(cluster: str) -> str:
    """What one cluster becomes: NFKC, then the style table."""
    return unicodedata.normalize("NFKC", cluster).translate(_STYLE)


@functools.cache
def _character(ch: str) -> tuple[str, bool]:
    """What *ch* alone becomes, and whether it can merge with the character before it under NFKC."""
    return _map(ch), unicodedata.category(ch)[0] == "M" or "\u1160" <= ch <= "\u11ff"


def _map_characters(original: str) -> tuple[str, _Runs]:
    """Pass one: per-character and per-cluster mapping.

    Characters that map to exactly one character are replaced in bulk with
    ``str.replace`` (one C-speed pass per distinct character); only clusters and
    characters that vanish or expand are visited one by one.
    """
    one_to_one, irregular, joiners = [], [], []
    for ch in set(original):
        mapped, joiner = _character(ch)
        if joiner:
            joiners.append(ch)
        if len(mapped) != 1:
            irregular.append(ch)
        elif mapped != ch:
            one_to_one.append((ch, mapped))
    runs = _Runs()
    runs.add(0, 0)
    if irregular or joiners:
        alternatives = []
        if joiners:
            alternatives.append(".[" + "".join(map(re.escape, joiners)) + "]+")
        if irregular:
            alternatives.append("[" + "".join(map(re.escape, irregular)) + "]")
        pattern = re.compile("|".join(alternatives), re.DOTALL)
        pieces: list[str] = []
        position = produced = 0
        for match in pattern.finditer(original):
            start = match.start()
            pieces.append(original[position:start])
            produced += start - position
            replacement = _map(match.group())
            pieces.append(replacement)
            # Every character of the replacement comes from the cluster's first character.
            for index in range(produced, produced + len(replacement)):
                runs.add(index, start - index)
            produced += len(replacement)
            position = match.end()
            runs.add(produced, position - produced)
        pieces.append(original[position:])
        mapped = "".join(pieces)
    else:
        mapped = original
    # Safe in bulk: every mapped character maps to itself, so replacements never chain.
    for ch, replacement in one_to_one:
        mapped = mapped.replace(ch, replacement)
    return mapped, runs


def _collapse_runs(mapped: str, mapped_runs: _Runs) -> tuple[str, _Runs]:
    """Pass two: one space, dash or quotation mark per run, and no space at either end."""
    kept = _kept_spans(mapped)
    runs = _Runs()
    starts, shifts = mapped_runs.starts, mapped_runs.shifts
    produced = 0
    for begin, end in kept:
        if end <= begin:
            continue
        # Each mapped run met inside the kept span becomes an output run, moved by what was dropped.
        run, shift = mapped_runs.shift_at(begin)
        runs.add(produced, begin - produced + shift)
        run += 1
        while run < len(starts) and starts[run] < end:
            runs.add(produced + starts[run] - begin, begin - produced + shifts[run])
            run += 1
        produced += end - begin
    if not runs.starts:
        runs.add(0, 0)
    text = "".join(mapped[begin:end] for begin, end in kept if end > begin)
    return text, runs


def _kept_spans(mapped: str) -> list[tuple[int, int]]:
    """Spans of *mapped* that stay, in order: the first mark of each run, no space at either end."""
    kept: list[tuple[int, int]] = []
    position = 0
    for match in _RUNS.finditer(mapped):
        kept.append((position, match.start() + 1))
        position = match.end()
    kept.append((position, len(mapped)))
    if kept[0][1] > kept[0][0] and mapped[kept[0][0]] == " ":
        kept[0] = (kept[0][0] + 1, kept[0][1])
    if kept[-1][1] > kept[-1][0] and mapped[kept[-1][1] - 1] == " ":
        kept[-1] = (kept[-1][0], kept[-1][1] - 1)
    elif len(kept) > 1 and kept[-1][1] == kept[-1][0] and mapped[kept[-2][1] - 1] == " ":
        kept[-2] = (kept[-2][0], kept[-2][1] - 1)  # the text ended in a run of spaces
    return kept
