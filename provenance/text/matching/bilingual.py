"""Bilingual quotations: splitting them by script and aligning their sentences.

Manuscripts often quote a Chinese original and an English translation side by
side. Each half has to be checked against a source in its own language, and
their sentences paired up, so that a sentence present in one half only (or
taken from beyond the quoted passage) can be pointed out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from provenance.text.paragraphs import LOOSE_PARAGRAPH_BREAK, paragraph_spans
from provenance.text.scripts import CJK_LETTER, paragraph_language
from provenance.text.sentences import split_sentences

from .normalize import normalize


@dataclass(frozen=True)
class ScriptPart:
    """A run of paragraphs in one language; ``start``/``end`` index the whole text."""

    language: str
    start: int
    end: int
    text: str


def split_by_script(text: str) -> list[ScriptPart]:
    """Paragraph runs of one language each: ``"zh"`` where most letters are CJK, else ``"en"``.

    Paragraphs without letters (a lone number, a dash) join the run before them.
    """
    parts: list[ScriptPart] = []
    for start, end in paragraph_spans(text, LOOSE_PARAGRAPH_BREAK):
        language = paragraph_language(text[start:end], parts[-1].language if parts else "en")
        if parts and parts[-1].language == language:
            start = parts.pop().start
        parts.append(ScriptPart(language, start, end, text[start:end]))
    return parts


@dataclass(frozen=True)
class RepeatedSentence:
    """A sentence quoted again within the same quotation (often a copy-paste slip)."""

    text: str
    first: tuple[int, int]
    repeat: tuple[int, int]


#: Shortest sentences (normalised characters) whose repetition is worth reporting.
MIN_REPEAT_CHARS = 20
MIN_REPEAT_CJK_CHARS = 10


def find_repeated_sentences(text: str) -> list[RepeatedSentence]:
    """Sentences whose normalised wording equals an earlier sentence's.

    Short sentences ("Yes.", "是。") recur legitimately and are ignored.
    """
    sentences = split_sentences(text)
    if len(sentences) < 2:
        return []
    first_seen: dict[str, tuple[int, int]] = {}
    repeats = []
    for start, end in sentences:
        key = normalize(text[start:end]).text
        if len(key) < MIN_REPEAT_CHARS and len(CJK_LETTER.findall(key)) < MIN_REPEAT_CJK_CHARS:
            continue
        if key in first_seen:
            repeats.append(RepeatedSentence(text[start:end], first_seen[key], (start, end)))
        else:
            first_seen[key] = (start, end)
    return repeats


@dataclass(frozen=True)
class Bead:
    """Sentences of the two sides that translate each other.

    ``left`` indexes the quoted left sentences only; ``left_context`` says the
    bead also took in source sentences just outside the quoted passage.
    """

    left: tuple[int, ...]
    right: tuple[int, ...]
    left_context: bool = False


#: Gale–Church bead categories (left count, right count) and their prior probabilities.
PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}
#: Variance of the right length per unit of left length.
VARIANCE = 6.8


def align_sentences(
    left: Sequence[str], right: Sequence[str], left_before: Sequence[str] = (), left_after: Sequence[str] = ()
) -> list[Bead]:
    """Gale–Church alignment of *right* with *left* and its source context.

    The context sentences (the source just before and after the quoted
    passage) let a right-hand sentence that translates beyond the quotation
    pair with its true counterpart instead of being forced onto a quoted one.

    Two departures from the original method. A sentence with no counterpart
    (1-0, 0-1) pays its prior only: Gale and Church also charge it a length
    penalty, which always makes merging it into a neighbour (1-2, 2-1) cheaper,
    so an added or missing sentence could never be reported as such. And a
    context sentence with no counterpart costs nothing, since most of the
    context is expected to be untranslated; otherwise it would be merged
    into the first or last bead and wrongly flag it as reaching beyond the
    quotation.
    """
    sentences = [*left_before, *left, *left_after]
    quoted_range = range(len(left_before), len(left_before) + len(left))
    table = _BeadCosts([len(s) for s in sentences], [len(s) for s in right], quoted_range, _length_ratio(left, right))
    step = table.best_steps()
    beads = []
    i, j = len(sentences), len(right)
    while i or j:
        di, dj = step[i][j]
        indices = range(i - di, i)
        quoted = tuple(k - len(left_before) for k in indices if k in quoted_range)
        if quoted or dj:
            beads.append(Bead(quoted, tuple(range(j - dj, j)), any(k not in quoted_range for k in indices)))
        i, j = i - di, j - dj
    return beads[::-1]


@dataclass(frozen=True)
class _BeadCosts:
    """The costs of aligning sentences of these lengths, *quoted* (a range of the left ones) quoted."""

    left_lengths: list[int]
    right_lengths: list[int]
    quoted: range
    ratio: float

    def best_steps(self) -> list[list[tuple[int, int]]]:
        """Per (left, right) sentences aligned, the bead ending the cheapest alignment of them."""
        rows, columns = len(self.left_lengths), len(self.right_lengths)
        cost = [[math.inf] * (columns + 1) for _ in range(rows + 1)]
        step: list[list[tuple[int, int]]] = [[(0, 0)] * (columns + 1) for _ in range(rows + 1)]
        cost[0][0] = 0.0
        for i in range(rows + 1):
            for j in range(columns + 1):
                for (di, dj), prior in PRIORS.items():
                    if di > i or dj > j or cost[i - di][j - dj] == math.inf:
                        continue
                    total = cost[i - di][j - dj] + self.bead_cost(i, j, di, dj, prior)
                    if total < cost[i][j]:
                        cost[i][j], step[i][j] = total, (di, dj)
        return step

    def bead_cost(self, i: int, j: int, di: int, dj: int, prior: float) -> float:
        """The cost of a bead of *di* left and *dj* right sentences ending at (i, j)."""
        if di and dj:
            left = sum(self.left_lengths[i - di : i])
            return -math.log(prior) + _length_cost(left, sum(self.right_lengths[j - dj : j]), self.ratio)
        if dj == 0 and i - 1 not in self.quoted:
            return 0.0
        return -math.log(prior)


def _length_ratio(left: Sequence[str], right: Sequence[str]) -> float:
    """Right characters per left character, estimated from the quotation itself."""
    left_total = sum(map(len, left))
    right_total = sum(map(len, right))
    return right_total / left_total if left_total and right_total else 1.0


def _length_cost(left_length: int, right_length: int, ratio: float) -> float:
    """``-log`` of the two-tailed probability of this length pair under the length model."""
    mean = (left_length + right_length / ratio) / 2
    if mean == 0:
        return 0.0
    z = (ratio * mean - right_length) / math.sqrt(VARIANCE * mean)
    return -math.log(max(math.erfc(abs(z) / math.sqrt(2)), 1e-300))
