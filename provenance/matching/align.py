"""Finding a quotation in its source and saying how faithfully it was quoted.

A checker must tell apart a quotation that is word for word, one that only
differs in typography, one that marks its cuts, one that cuts silently and
one that changes words. :meth:`SourceMatcher.find` tries those readings from
the most to the least faithful and reports the first that fits, with spans in
the original source so a reader can be pointed at the exact passage.

Sources can be megabytes long and are searched for thousands of quotations,
so every whole-source search is a C-speed ``str.find`` on the normalised text;
the fuzzy comparison only ever runs on a small region chosen by anchors.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from enum import Enum

from rapidfuzz import fuzz

from .normalize import CJK_CHAR_CLASS, NormalizedText, is_cjk, normalize


class MatchKind(Enum):
    """How faithfully a quotation reproduces its source, most faithful first."""

    VERBATIM = "verbatim"
    NORMALISED = "normalised"
    ALTERED = "altered"
    OMISSION = "omission"
    NOT_FOUND = "not-found"


@dataclass(frozen=True)
class Difference:
    """One change the quotation makes to its source.

    ``op`` reads as an edit of the source into the quotation: ``replace``
    swaps source words for quotation words, ``delete`` drops source words the
    quotation lacks, ``insert`` adds quotation words the source lacks. Offsets
    are into the raw quotation and the raw source.
    """

    op: str
    quote_text: str
    source_text: str
    quote_start: int
    quote_end: int
    source_start: int
    source_end: int


@dataclass(frozen=True)
class Match:
    """Where a quotation was found in the original source, and how well it matches.

    ``gaps`` are source spans an unmarked omission skipped over.
    """

    kind: MatchKind
    source_start: int
    source_end: int
    score: float
    differences: tuple[Difference, ...] = ()
    gaps: tuple[tuple[int, int], ...] = ()


#: Score (0–100) from which an approximate match counts as the quoted passage.
FUZZY_THRESHOLD = 85.0
#: Original characters searched either side of a ``near`` hint.
NEAR_MARGIN = 3000
#: How far (normalised characters) the next piece of a split quotation may lie.
ELLIPSIS_REACH = 5000
INTERPOLATION_REACH = 200
SENTENCE_REACH = 20000
#: How many occurrences of a first piece are tried as the start of a chain.
MAX_CHAIN_STARTS = 50
#: Anchor pieces looked up per quotation, and occurrences after which a piece is too common.
ANCHOR_COUNT = 8
ANCHOR_MAX_HITS = 20

_FINAL_PUNCTUATION = ".。,，"
_MARKERS = re.compile(r"\[\.\.\.\]|\.\.\.|\[[^\]]*\]")
_TOKEN = re.compile(rf"[{CJK_CHAR_CLASS}]|(?:(?![{CJK_CHAR_CLASS}])\w)+|[^\w\s]")
_CJK_LETTER = re.compile(rf"(?:(?![\u3000-\u303f\uff00-\uffef])[{CJK_CHAR_CLASS}])")
_WORD = re.compile(r"\w+")


class SourceMatcher:
    """A source normalised once, then searched for many quotations."""

    def __init__(self, text: str):
        self.text = text
        self.normalized: NormalizedText = normalize(text)

