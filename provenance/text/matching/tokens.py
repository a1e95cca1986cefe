"""The units quotations are compared in, and when a run of them is long enough to count."""

from __future__ import annotations

import re

from provenance.text.scripts import CJK_CHAR_CLASS, CJK_LETTER

#: A silent cut inside a sentence joins pieces of at least this many words (CJK
#: letters), and leaves out at least as many: one dropped word is an alteration.
CUT_MIN_WORDS = 3
CUT_MIN_CJK = 4

_FINAL_PUNCTUATION = ".。,，"
#: A word, one CJK character, or one punctuation mark: the unit quotations are compared in.
TOKEN = re.compile(rf"[{CJK_CHAR_CLASS}]|(?:(?![{CJK_CHAR_CLASS}])\w)+|[^\w\s]")
_WORD = re.compile(r"\w+")


def token_span(tokens: list[tuple[int, int]], first: int, last: int) -> tuple[int, int]:
    """Normalised span of ``tokens[first:last]``; empty ranges sit just before the next token."""
    if first < last:
        return tokens[first][0], tokens[last - 1][1]
    position = tokens[first][0] if first < len(tokens) else tokens[-1][1]
    return position, position


def without_final_stop(piece: str) -> str:
    """*piece* without a final full stop or comma, which the source may lack."""
    return piece[:-1].rstrip() if len(piece) > 1 and piece[-1] in _FINAL_PUNCTUATION else piece


def substantial(text: str) -> bool:
    """Whether *text* is long enough to be a piece of a cut quotation, or the clause cut from it."""
    return len(_WORD.findall(text)) >= CUT_MIN_WORDS or len(CJK_LETTER.findall(text)) >= CUT_MIN_CJK


def opening_tokens(quote: str, tokens: list[tuple[int, int]], first: int = 0) -> int | None:
    """The end index of the fewest tokens from *first* that make a substantial piece, if any."""
    for last in range(first, len(tokens)):
        if substantial(quote[tokens[first][0] : tokens[last][1]]):
            return last + 1
    return None


def common_prefix(quote: str, quote_start: int, text: str, text_start: int) -> int:
    """Length of the longest common prefix of ``quote[quote_start:]`` and ``text[text_start:]``."""
    low, high = 0, min(len(quote) - quote_start, len(text) - text_start)
    while low < high:  # slice comparisons run at C speed; the search halves the length each time
        middle = (low + high + 1) // 2
        if quote[quote_start : quote_start + middle] == text[text_start : text_start + middle]:
            low = middle
        else:
            high = middle - 1
    return low


def long_enough(quote: str) -> bool:
    """Whether a quotation is long enough for an approximate match to mean anything."""
    return len(_WORD.findall(quote)) >= 4 or len(CJK_LETTER.findall(quote)) >= 8
