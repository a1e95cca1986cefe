"""Short pieces of text shown to a reader: cut where a word ends, the cut marked with an ellipsis.

A snippet that stops at "contents plea" or starts at "ion of" makes the reader
guess the word; these helpers only ever cut between words. Chinese and Japanese
have no spaces between words and no word boundaries a regular expression can
find, so there a cut falls between two characters, after a punctuation mark
when one is near.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"

_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
#: Marks after which an unspaced (CJK) text reads as whole.
_PAUSES = frozenset(",.;:!?，。、；：！？")


def collapse(text: str) -> str:
    """*text* on one line: every run of whitespace (a manuscript's hard line breaks too) as one space."""
    return _SPACES.sub(" ", text)


def shorten(text: str, limit: int) -> str:
    """*text* on one line, at most *limit* characters: cut after the last whole word that fits, then "…"."""
    return cut(collapse(text).strip(), limit)


def cut(text: str, limit: int) -> str:
    """*text* as it is (its lines kept), at most *limit* characters, cut after a whole word, then "…"."""
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    # One word longer than half the limit (a URL, a hash): cut it rather than show almost nothing.
    end = next((at for at in range(room, room // 2, -1) if _between_words(text, at)), room)
    return text[:end].rstrip() + ELLIPSIS


def _between_words(text: str, at: int) -> bool:
    before, after = text[at - 1], text[at]
    return after.isspace() or before.isspace() or bool(_CJK.match(before) or _CJK.match(after))


def leading_words(text: str, count: int) -> str:
    """The start of *text*, up to the end of its *count*-th word, with "…" if more follows."""
    text = collapse(text)
    if _is_spaced(text):
        ends = [match.end() for match in re.finditer(r"\S+", text)]
        return text if len(ends) <= count else text[: ends[count - 1]] + ELLIPSIS
    width = 2 * count  # characters: about as many Chinese words
    if len(text) <= width:
        return text
    pauses = [at + 1 for at in range(width // 2, width) if text[at] in _PAUSES]
    return text[: pauses[-1] if pauses else width] + ELLIPSIS


def trailing_words(text: str, count: int) -> str:
    """The end of *text*, from the start of its *count*-th word from the end, with "…" if more precedes."""
    text = collapse(text)
    if _is_spaced(text):
        starts = [match.start() for match in re.finditer(r"\S+", text)]
        return text if len(starts) <= count else ELLIPSIS + text[starts[-count] :]
    width = 2 * count
    if len(text) <= width:
        return text
    start = len(text) - width
    pauses = [at + 1 for at in range(start, len(text) - width // 2) if text[at] in _PAUSES]
    return ELLIPSIS + text[pauses[0] if pauses else start :]


def _is_spaced(text: str) -> bool:
    """Words separated by spaces (any alphabetic text), not a run of CJK characters."""
    return " " in text.strip() or not _CJK.search(text)
