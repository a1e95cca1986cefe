"""Candidate retrieval across every registered source, in one pass over their text.

A quotation that is not in the source it cites (or cites nothing) has to be
looked for everywhere. Asking an index once per quotation and keeping its best
few answers loses the right source as the corpus grows; instead, the pieces of
every quotation to look for go into one Aho–Corasick automaton
(``ahocorasick-rs``), which reads each source's normalised text once. The cost
is a pass over the sources plus the hits, and every occurrence of every piece
is seen, so what is found does not depend on how many other sources there are.

Each quotation contributes its whole normalised text (a hit locates it
exactly) and *seeds*: consecutive runs of whole words (or CJK characters) spread
over it. Where several distinct seeds of one quotation agree on where it would
start, that region is a candidate for the fuzzy matcher. A seed hit too often
in one source (a stock phrase) says nothing about where in that source the
quotation is, and is ignored there; that limit is per source, so adding sources
never silences a seed in the others.

Where the patterns are few for the text they are looked for in (a lint that
re-checks one manuscript), the automaton is a DFA, and it reads bytes: each
source encoded at one fixed width a character (Latin-1, UTF-16 or UTF-32, the
narrowest that holds it), so that a byte offset divided by the width is a
character offset. Given a ``str``, the automaton would first map every byte of
its UTF-8 form back to a character, half as long again as the search.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ahocorasick_rs

from provenance.text.matching import NormalizedText
from provenance.text.matching.tokens import TOKEN, without_final_stop
from provenance.text.scripts import CJK_LETTER

#: Seed length in normalised characters: long enough to be rare in prose.
SEED_CHARS = 16
SEED_CJK_CHARS = 6
#: Seeds per quotation, spread over it.
MAX_SEEDS = 12
#: A seed with more hits than this in one source does not point anywhere in it.
MAX_SEED_HITS = 20
#: Exact hits kept per quotation (a sentence some sources share).
MAX_EXACT = 50
#: Fuzzy candidates kept per quotation, best supported first.
MAX_CANDIDATES = 4
#: A DFA reads text two to three times faster than the default NFA, but takes a time and memory
#: to build that grow with the patterns (0.3 s and 80 MB for 2,000): it is built for at most this
#: many patterns, where the texts hold enough characters a pattern for the reading to pay for it.
DFA_PATTERNS = 2000
DFA_CHARS_PER_PATTERN = 20_000


@dataclass(frozen=True)
class Candidate:
    """A normalised span of source ``source`` (an index into the searched texts)."""

    source: int
    start: int
    end: int
    exact: bool
    support: int = 0


@dataclass
class _Votes:
    exact: list[Candidate] = field(default_factory=list)
    #: source index → (estimated start, seed number) of each seed hit
    seeds: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))


def find_candidates(
    queries: Sequence[str], texts: Sequence[NormalizedText], approximate: Sequence[bool] | None = None
) -> list[list[Candidate]]:
    """For each normalised query, where in *texts* it (or most of it) may be: exact hits first.

    Where ``approximate[i]`` is false, only exact hits of query ``i`` are looked for: its seeds
    are not searched (they only find approximate places), which spares a hit for each place
    every seed of it occurs.
    """
    patterns: dict[str, int] = {}
    # pattern → (query, offset of the seed in the query, seed number); the whole query is seed -1,
    # its "offset" the length of the hit.
    owners: list[list[tuple[int, int, int]]] = []

    def add(pattern: str, query: int, offset: int, seed: int) -> None:
        number = patterns.setdefault(pattern, len(patterns))
        if number == len(owners):
            owners.append([])
        owners[number].append((query, offset, seed))

    for query, text in enumerate(queries):
        core = without_final_stop(text)
        if core:
            add(core, query, len(core), -1)
        if approximate is None or approximate[query]:
            for seed, (offset, piece) in enumerate(seeds_of(text)):
                add(piece, query, offset, seed)
    votes: dict[int, _Votes] = defaultdict(_Votes)
    if patterns:
        chars = sum(len(normalized.text) for normalized in texts)
        dfa = len(patterns) <= min(DFA_PATTERNS, chars // DFA_CHARS_PER_PATTERN)
        automata = _Automata(list(patterns), owners, dfa)
        for source, normalized in enumerate(texts):
            _scan(*automata.hits(normalized.text), source, votes)
    return [_ranked(votes[query], len(queries[query])) if query in votes else [] for query in range(len(queries))]


class _Automata:
    """The patterns as automata, each built when first needed: with a DFA, one per character width
    the texts need (see the module docstring); else one NFA that reads ``str``, as an NFA gains less
    from reading bytes than building it once per width costs."""

    def __init__(self, patterns: list[str], owners: list[list[tuple[int, int, int]]], dfa: bool):
        self.patterns = patterns
        self.owners = owners
        self.fixed_width = dfa
        #: width (0: the automaton that reads ``str``) → the automaton and the owners of each of its patterns
        self._built: dict[int, tuple[Any, list[list[tuple[int, int, int]]]]] = {}

    def hits(self, text: str) -> tuple[dict[int, list[int]], list[list[tuple[int, int, int]]]]:
        """Pattern → start of each occurrence in *text* (in characters, in order), and the patterns' owners."""
        found: dict[int, list[int]] = defaultdict(list)
        if not self.fixed_width:
            automaton, owners = self._automaton(0)
            for number, start, _end in automaton.find_matches_as_indexes(text, overlapping=True):
                found[number].append(start)
            return found, owners
        width, data = _fixed_width(text)
        automaton, owners = self._automaton(width)
        matches = automaton.find_matches_as_indexes(data, overlapping=True)
        if width == 1:
            for number, start, _end in matches:
                found[number].append(start)
        else:
            for number, start, _end in matches:
                if not start % width:  # else it starts inside a character: the bytes of two, not an occurrence
                    found[number].append(start // width)
        return found, owners

    def _automaton(self, width: int) -> tuple[Any, list[list[tuple[int, int, int]]]]:
        if width not in self._built:
            if width == 0:
                self._built[width] = (ahocorasick_rs.AhoCorasick(self.patterns), self.owners)
                return self._built[width]
            # A pattern wider than the text's characters cannot occur in it.
            encoded = [
                (number, data) for number, pattern in enumerate(self.patterns) if (data := _encoded(pattern, width))
            ]
            automaton = ahocorasick_rs.BytesAhoCorasick(
                [data for _, data in encoded], implementation=ahocorasick_rs.Implementation.DFA
            )
            self._built[width] = (automaton, [self.owners[number] for number, _ in encoded])
        return self._built[width]


def _fixed_width(text: str) -> tuple[int, bytes]:
    """*text* in the narrowest encoding with one width for every character, and that width."""
    for width in (1, 2):
        if (data := _encoded(text, width)) is not None:
            return width, data
    return 4, text.encode("utf-32-le", "surrogatepass")


def _encoded(text: str, width: int) -> bytes | None:
    """*text* in *width* bytes a character, or None if some character needs more."""
    if width == 1:
        if text.isascii():
            return text.encode("ascii")
        try:
            return text.encode("latin-1")
        except UnicodeEncodeError:
            return None
    if width == 2:
        data = text.encode("utf-16-le", "surrogatepass")
        return data if len(data) == 2 * len(text) else None  # else some character took a surrogate pair
    return text.encode("utf-32-le", "surrogatepass")


def _scan(hits: dict[int, list[int]], owners, source: int, votes: dict[int, _Votes]) -> None:
    for number, starts in hits.items():
        for query, offset, seed in owners[number]:
            entry = votes[query]
            if seed == -1:
                entry.exact.extend(
                    Candidate(source, start, start + offset, True)
                    for start in starts[: max(MAX_EXACT - len(entry.exact), 0)]
                )
            elif len(starts) <= MAX_SEED_HITS:
                entry.seeds[source].extend((start - offset, seed) for start in starts)


def _ranked(votes: _Votes, length: int) -> list[Candidate]:
    """Exact hits, then the regions most seeds agree on (at least two, unless there is one seed)."""
    spread = length // 2 + 20
    clusters: list[Candidate] = []
    for source, estimates in votes.seeds.items():
        estimates.sort()
        best: tuple[int, int, int] | None = None
        high = 0
        for low in range(len(estimates)):
            high = max(high, low)
            while high + 1 < len(estimates) and estimates[high + 1][0] <= estimates[low][0] + spread:
                high += 1
            support = len({seed for _, seed in estimates[low : high + 1]})
            if best is None or support > best[0]:
                best = (support, estimates[low][0], estimates[high][0])
        if best is not None:
            support, first, last = best
            clusters.append(Candidate(source, max(first, 0), last + length, False, support))
    total_seeds = 1 + max((seed for estimates in votes.seeds.values() for _, seed in estimates), default=0)
    needed = min(2, total_seeds)
    clusters = [c for c in clusters if c.support >= needed]
    clusters.sort(key=lambda c: (-c.support, c.source, c.start))
    return votes.exact + clusters[:MAX_CANDIDATES]


def seeds_of(text: str) -> list[tuple[int, str]]:
    """Consecutive runs of whole tokens of *text*, each at least a seed long, spread over it."""
    width = SEED_CJK_CHARS if CJK_LETTER.search(text) else SEED_CHARS
    runs: list[tuple[int, str]] = []
    start = None
    for token in TOKEN.finditer(text):
        if start is None:
            start = token.start()
        if token.end() - start >= width:
            runs.append((start, text[start : token.end()]))
            start = None
    if len(runs) <= MAX_SEEDS:
        return runs
    step = len(runs) / MAX_SEEDS
    return [runs[int(i * step)] for i in range(MAX_SEEDS)]
