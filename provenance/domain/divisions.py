"""A division of a source text (chapter, section, article, page) and how divisions nest.

Its own module so that both readers of divisions build on it: headings
(:mod:`provenance.inputs.structure`) and a captured PDF's pages and outline
(:mod:`provenance.inputs.sources.pages`).
"""

from __future__ import annotations

from typing import NamedTuple

#: Nesting rank of each kind of division: a smaller rank contains a larger one. Steps of ten
#: leave room for title-only headings between kinds.
RANKS = {"part": 0, "book": 0, "chapter": 10, "section": 20, "subsection": 30, "article": 40}


class Division(NamedTuple):
    """A division of a source, immutable.

    A tuple rather than a frozen dataclass: a lint that re-checks one manuscript of a
    large book makes every source's divisions again from the store (60,000 for 100 MB
    of text), and a frozen dataclass took five times as long to make.
    """

    kind: str
    number: int | None
    label: str  # the number as the heading writes it: "7", "III", "Six", "七"
    title: str | None
    start: int  # offset of the heading
    end: int  # offset where the division ends
    line: int  # 1-based line of the heading
    depth: int  # rank: RANKS[kind], or between ranks for a title-only heading
