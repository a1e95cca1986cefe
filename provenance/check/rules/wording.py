"""How rules tell the differences between two wordings of a text.

A message names each change as a reader would say it: the text "drops ‘to’",
"adds ‘that’", "has ‘has’ for ‘had’". The evidence's diff gives each change
with a few words of the text around it (``before`` and ``after``), so that a
reader sees "channeled [-to-] technologies {+that+} where" rather than two
loose words. Two changes a few words apart share their context: the words
between them are the first one's ``after`` and the second one's ``before`` is
empty; farther apart, each has its own, cut at a word with "…".
"""

from __future__ import annotations

from collections.abc import Sequence

from provenance.text.matching import Difference
from provenance.text.snippets import collapse, leading_words, shorten, trailing_words

#: Changes named in a message (the diff in the evidence has them all).
NAMED = 3
#: Words of context either side of a change.
CONTEXT_WORDS = 4


def describe(differences: Sequence[Difference]) -> str:
    """The first few *differences* in words: "drops ‘to’; adds ‘that’ (+2 more)"."""
    shown = "; ".join(_describe(d) for d in differences[:NAMED])
    return shown + (f" (+{len(differences) - NAMED} more)" if len(differences) > NAMED else "")


def _describe(difference: Difference) -> str:
    if difference.op == "delete":
        return f"drops {_quoted(difference.source_text)}"
    if difference.op == "insert":
        return f"adds {_quoted(difference.quote_text)}"
    return f"has {_quoted(difference.quote_text)} for {_quoted(difference.source_text)}"


def _quoted(text: str) -> str:
    return f"‘{shorten(text, 30)}’"


def diff_in_context(differences: Sequence[Difference], text: str) -> tuple[dict[str, str], ...]:
    """The evidence's diff: each difference's op, quote and source text, and the words of *text*
    (the quoting side, whose offsets the differences hold) before and after it."""
    entries = []
    previous_end = 0
    for index, difference in enumerate(differences):
        following = differences[index + 1].quote_start if index + 1 < len(differences) else len(text)
        gap_before = text[previous_end : difference.quote_start]
        gap_after = text[difference.quote_end : following]
        shared_before = index > 0 and _is_short(gap_before)
        before = "" if shared_before else trailing_words(gap_before, CONTEXT_WORDS)
        last = index + 1 == len(differences)
        after = leading_words(gap_after, CONTEXT_WORDS) if last or not _is_short(gap_after) else collapse(gap_after)
        changed = difference.quote_text or difference.source_text
        entries.append(
            {
                "op": difference.op,
                "quote": difference.quote_text,
                "source": difference.source_text,
                "before": _space_before(before, changed),
                "after": _space_after(changed, after),
            }
        )
        previous_end = difference.quote_end
    return tuple(entries)


def _is_short(gap: str) -> bool:
    """A gap whose words are all shown as context: the changes either side read as one passage."""
    return leading_words(gap, 2 * CONTEXT_WORDS) == collapse(gap)


def _space_before(before: str, changed: str) -> str:
    """*before*, with the space a dropped or added word needs ("channeled" + "to" → "channeled ")."""
    return before + " " if _words_meet(before[-1:], changed.lstrip()[:1]) else before


def _space_after(changed: str, after: str) -> str:
    return " " + after if _words_meet(changed.rstrip()[-1:], after[:1]) else after


def _words_meet(left: str, right: str) -> bool:
    """Two characters of alphabetic words with no space between them (CJK needs none)."""
    return all(c.isalnum() and not "\u2e80" <= c <= "\u9fff" for c in (left, right))
