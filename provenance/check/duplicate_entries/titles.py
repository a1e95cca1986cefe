"""Titles: what of a title tells one work from another, and how alike two titles are.

A title is compared folded (:mod:`~provenance.check.duplicate_entries.folding`),
with its words sorted too so that reordered words still agree, and character
by character when it is written in Chinese, Japanese or Korean, which put no
spaces between words. Its main title (before the subtitle) finds a copy that
dropped the subtitle; its designators (numbers, roman numerals, single
letters) tell "Volume 1" from "Volume 2" however alike the rest.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from provenance.check.duplicate_entries.fields import DIGITS
from provenance.check.duplicate_entries.folding import fold, plain
from provenance.text.scripts import CJK_TEXT_CHAR

if TYPE_CHECKING:  # the record is built with this module's functions: a type-only import, no cycle
    from provenance.check.duplicate_entries.record import Record

TITLE_THRESHOLD = 93.0
"""Minimum rapidfuzz ``token_sort_ratio`` (or plain ``ratio``) of two normalised titles."""
CJK_THRESHOLD = 90.0
"""Minimum ``ratio`` of two CJK titles: one character missing from ten still matches."""

_SUBTITLE = re.compile(r"\s*(?::|\s--?-?\s|\s[\u2013\u2014]\s|[.?!]\s)")
_ROMAN = re.compile(r"(?=[ivxlc]{2,})c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
# Words after which "a" names a part ("Teil A", "Part A"), not an indefinite article.
_PART_WORDS = frozenset({"part", "teil", "vol", "volume", "band", "bd", "book", "tome", "tomo", "section", "series"})


def main_title(title: str) -> str:
    """The title before its subtitle ("Strategy: A History" gives "strategy"), if at least three words.

    Empty when there is no separate subtitle or the main title is too short
    to identify a work by itself.
    """
    main = _SUBTITLE.split(plain(title), maxsplit=1)[0]
    folded = fold(main)
    return folded if len(folded.split()) >= 3 and folded != fold(plain(title)) else ""


def cjk_letters(title: str) -> str:
    """The Chinese, Japanese and Korean characters of a title, in order."""
    return "".join(CJK_TEXT_CHAR.findall(title))


def is_cjk(title: str, cjk: str) -> bool:
    """Mostly CJK characters: compared character by character, for there are no spaces to split words on."""
    return len(cjk) >= 4 and 2 * len(cjk) >= len(title.replace(" ", ""))


def designators(title: str) -> frozenset[str]:
    """The numbers, roman numerals and letters that tell parts of one title apart.

    "Symbols library type fonts II", "Physical Review B", "Report 2019": a
    different designator is another volume, part or series, however alike the rest.
    """
    words = title.split()
    found = {word for word in words if _designator(word)}
    if words and words[-1] == "a":
        found.add("a")  # "a" is an article except at the end: "Nuclear Physics A"
    found.update(word for previous, word in zip(words, words[1:]) if word == "a" and previous in _PART_WORDS)
    found.update(DIGITS.findall(title))
    return frozenset(found)


@lru_cache(maxsize=65536)
def _designator(word: str) -> bool:
    """A word that tells one part from another by itself: a number, a roman numeral, a letter other than "a"."""
    return word.isdigit() or bool(_ROMAN.fullmatch(word)) or (len(word) == 1 and word != "a")


def similarity(a: Record, b: Record, cutoff: float = 0.0) -> float:
    """0-100; below *cutoff* any score may come back as 0, which is faster."""
    if not (a.title and b.title):
        return 0.0
    if a.title == b.title:
        return 100.0
    if a.cjk_title and b.cjk_title:
        return fuzz.ratio(a.cjk, b.cjk, score_cutoff=cutoff)
    # Words sorted (rapidfuzz's token_sort_ratio) forgive reordering; the
    # plain ratio forgives a typo that splits or joins words.
    return max(
        fuzz.ratio(a.sorted_title, b.sorted_title, score_cutoff=cutoff),
        fuzz.ratio(a.title, b.title, score_cutoff=cutoff),
    )


def similar(a: Record, b: Record, score: float) -> bool:
    """A *score* of :func:`similarity` high enough for the two titles to be one."""
    return score >= (CJK_THRESHOLD if a.cjk_title and b.cjk_title else TITLE_THRESHOLD)
