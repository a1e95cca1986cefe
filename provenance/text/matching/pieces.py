"""The pieces of a quotation the matcher looks for: fragments between cuts, sentences, opening words.

:func:`searched_pieces` lists those a search may look for in a whole source,
so that they can be found for many quotations in one pass.
"""

from __future__ import annotations

import re

from provenance.text.sentences import split_sentences

from .anchors import anchor_pieces
from .tokens import TOKEN, opening_tokens, without_final_stop

#: Ellipses and [interpolations]: where a quotation marks a cut.
MARKERS = re.compile(r"\[\.\.\.\]|\.\.\.|\[[^\]]*\]")
#: How far (normalised characters) the next piece of a cut quotation may lie: an
#: ellipsis or a silent cut may skip paragraphs, an interpolation a few words.
OMISSION_REACH = 5000
INTERPOLATION_REACH = 200


def searched_pieces(quote: str) -> set[str]:
    """What :meth:`SourceMatcher.find` may look for in the whole source for the normalised *quote*.

    The pieces as searched: without a final stop where ``_locate`` drops it.
    Only the searches of a whole source are listed; those within a reach of
    a piece already found scan little.
    """
    located = [quote, *sentences_of(quote)[:1]]
    marked = marked_fragments(quote)
    if marked is not None:
        located.append(marked[0][0])
    seed = opening_piece(quote, [(m.start(), m.end()) for m in TOKEN.finditer(quote)])
    if seed is not None:
        located.append(seed)
    pieces = {without_final_stop(piece) for piece in located}
    pieces.update(piece for _offset, piece in anchor_pieces(quote))
    pieces.discard("")
    return pieces


def marked_fragments(quote: str) -> tuple[list[str], list[int]] | None:
    """The fragments between a quotation's ellipses and ``[interpolations]``, and how far each may follow the last.

    None when the quotation marks no cut. An interpolation stands for a few
    source words, so the fragment after it must follow closely; an ellipsis
    may stand for paragraphs.
    """
    fragments: list[str] = []
    reaches: list[int] = []
    reach = 0
    position = 0
    for marker in MARKERS.finditer(quote):
        fragment = quote[position : marker.start()].strip()
        if fragment:
            fragments.append(fragment)
            reaches.append(reach)
            reach = 0
        is_ellipsis = not marker.group().strip("[.]")
        reach += OMISSION_REACH if is_ellipsis else INTERPOLATION_REACH
        position = marker.end()
    if position == 0:
        return None
    fragment = quote[position:].strip()
    if fragment:
        fragments.append(fragment)
        reaches.append(reach)
    if not fragments:
        return None
    return fragments, reaches[1:]


def sentences_of(quote: str) -> list[str]:
    return [quote[start:end] for start, end in split_sentences(quote)]


def opening_piece(quote: str, tokens: list[tuple[int, int]]) -> str | None:
    """The fewest opening tokens of the quotation that make a substantial piece, if any."""
    opening = opening_tokens(quote, tokens)
    return None if opening is None else quote[tokens[0][0] : tokens[opening - 1][1]]
