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

#: Regex character class (without brackets) of Han, kana, hangul and CJK punctuation.
CJK_CHAR_CLASS = (
    "\u1100-\u11ff\u2e80-\u2fdf\u2ff0-\u2fff\u3000-\u303f\u3040-\u309f\u30a0-\u30ff"
    "\u3100-\u312f\u3130-\u318f\u3190-\u31ff\u3200-\u32ff\u3300-\u33ff\u3400-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff\ufe10-\ufe1f"
    "\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
_CJK = re.compile(f"[{CJK_CHAR_CLASS}]")


def is_cjk(ch: str) -> bool:
    """Whether *ch* is a Han, kana or hangul character or CJK (full-width) punctuation."""
    return _CJK.match(ch) is not None


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text and, per normalised character, its index in the original.

    ``offsets`` has ``len(text) + 1`` entries; the last is ``len(original)``.
    Several normalised characters share an offset when one original character
    expanded (``ﬁ`` → ``fi``); consecutive offsets jump when original
    characters collapsed or vanished (a run of spaces, ``e`` + accent, U+200B).
    """

    text: str
    offsets: array.array = field(hash=False)

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
        return self.text[bisect.bisect_left(self.offsets, start):bisect.bisect_left(self.offsets, end)].strip(" ")


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
    mapped, mapped_offsets = _map_characters(original)
    text, offsets = _collapse_runs(mapped, mapped_offsets)
    offsets.append(len(original))
    return NormalizedText(text, offsets)


@functools.cache
def _map(cluster: str) -> str:
    """What one cluster becomes: NFKC, then the style table."""
    return unicodedata.normalize("NFKC", cluster).translate(_STYLE)


def _is_joiner(ch: str) -> bool:
    """Whether *ch* can merge with the character before it under NFKC."""
    return unicodedata.category(ch)[0] == "M" or "\u1160" <= ch <= "\u11ff"


def _identity(length: int) -> array.array:
    """``array(OFFSET_TYPE, range(length))``, built the fastest way the stdlib offers."""
    result = array.array(OFFSET_TYPE)
    result.fromlist(list(range(length)))
    return result


def _map_characters(original: str) -> tuple[str, array.array]:
    """Pass one: per-character and per-cluster mapping.

    Characters that map to exactly one character are replaced in bulk with
    ``str.replace`` (one C-speed pass per distinct character); only clusters and
    characters that vanish or expand are visited one by one.
    """
    distinct = set(original)
    one_to_one = [(ch, _map(ch)) for ch in distinct if len(_map(ch)) == 1 and _map(ch) != ch]
    irregular = [ch for ch in distinct if len(_map(ch)) != 1]
    joiners = [ch for ch in distinct if _is_joiner(ch)]
    identity = _identity(len(original))
    if irregular or joiners:
        alternatives = []
        if joiners:
            alternatives.append(".[" + "".join(map(re.escape, joiners)) + "]+")
        if irregular:
            alternatives.append("[" + "".join(map(re.escape, irregular)) + "]")
        pattern = re.compile("|".join(alternatives), re.DOTALL)
        pieces: list[str] = []
        offsets = array.array(OFFSET_TYPE)
        position = 0
        for match in pattern.finditer(original):
            start = match.start()
            pieces.append(original[position:start])
            offsets.extend(identity[position:start])
            replacement = _map(match.group())
            pieces.append(replacement)
            offsets.extend([start] * len(replacement))
            position = match.end()
        pieces.append(original[position:])
        offsets.extend(identity[position:])
        mapped = "".join(pieces)
    else:
        mapped, offsets = original, identity
    # Safe in bulk: every mapped character maps to itself, so replacements never chain.
    for ch, replacement in one_to_one:
        mapped = mapped.replace(ch, replacement)
    return mapped, offsets


def _collapse_runs(mapped: str, offsets: array.array) -> tuple[str, array.array]:
    """Pass two: one space, dash or quotation mark per run, and no space at either end."""
    pieces: list[str] = []
    result = array.array(OFFSET_TYPE)
    position = 0
    for match in _RUNS.finditer(mapped):
        start = match.start()
        pieces.append(mapped[position:start + 1])
        result.extend(offsets[position:start + 1])
        position = match.end()
    pieces.append(mapped[position:])
    result.extend(offsets[position:])
    text = "".join(pieces)
    if text.endswith(" "):
        text = text[:-1]
        del result[-1]
    if text.startswith(" "):
        text = text[1:]
        del result[0]
    return text, result
