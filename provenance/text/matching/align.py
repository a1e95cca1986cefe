"""Finding a quotation in its source and saying how faithfully it was quoted.

A checker must tell apart a quotation that is word for word, one that only
differs in typography, one that marks its cuts, one that cuts silently and
one that changes words. :meth:`SourceMatcher.find` tries those readings from
the most to the least faithful and reports the first that fits, with spans in
the original source so a reader can be pointed at the exact passage.

Sources can be megabytes long and are searched for thousands of quotations,
so every whole-source search is a C-speed ``str.find`` on the normalised text;
the fuzzy comparison only ever runs on a small region chosen by anchors. When
many quotations are to be found in one source, :meth:`SourceMatcher.index`
looks up every piece they may search the whole source for in one pass, and
the searches read their answers from it.
"""

from __future__ import annotations

import bisect
import difflib
from collections import defaultdict
from collections.abc import Iterable

import ahocorasick_rs
from rapidfuzz import fuzz

from provenance.text.paragraphs import PARAGRAPH_BREAK
from provenance.text.spans import trim_span

from .anchors import anchor_regions
from .match import Difference, Match, MatchKind
from .normalize import NormalizedText, normalize
from .pieces import OMISSION_REACH, marked_fragments, opening_piece, searched_pieces, sentences_of
from .tokens import TOKEN, common_prefix, long_enough, opening_tokens, substantial, token_span, without_final_stop

#: Score (0–100) from which an approximate match counts as the quoted passage.
FUZZY_THRESHOLD = 85.0
#: Original characters searched either side of a ``near`` hint.
NEAR_MARGIN = 3000
#: Quotations from which indexing a source costs less than their scans of it (about three's).
MIN_INDEXED = 4
#: How many occurrences of a first piece are tried as the start of a chain.
MAX_CHAIN_STARTS = 50


class SourceMatcher:
    """A source normalised once, then searched for many quotations."""

    def __init__(self, text: str, normalized: NormalizedText | None = None):
        """*normalized*, when given, is ``normalize(text)`` as stored earlier."""
        self.text = text
        self.normalized: NormalizedText = normalized if normalized is not None else normalize(text)
        #: Piece → every start of it in the normalised text, for the pieces :meth:`index` looked up.
        self._occurrences: dict[str, list[int]] = {}

    def index(self, quotes: Iterable[NormalizedText]) -> None:
        """Find, in one pass over the source, every piece that :meth:`find` may look for in all of it.

        A quotation that is not word for word where its citation points is
        looked for in the whole source, piece by piece (the quotation, its
        first sentence or fragment, its opening words, its anchors). Each of
        those searches is a scan of the source; for thousands of quotations of
        a long source, the scans grow with both. One Aho–Corasick pass finds
        all the pieces of all *quotes* (normalised) instead, and the searches read it.
        """
        quotes = list(quotes)
        if len(quotes) < MIN_INDEXED:
            return
        pieces = {piece for quote in quotes for piece in searched_pieces(quote.text)}
        wanted = [piece for piece in pieces if piece not in self._occurrences]
        if not wanted:
            return
        starts: dict[int, list[int]] = defaultdict(list)
        automaton = ahocorasick_rs.AhoCorasick(wanted)
        for number, start, _end in automaton.find_matches_as_indexes(self.normalized.text, overlapping=True):
            starts[number].append(start)
        for number, piece in enumerate(wanted):
            self._occurrences[piece] = starts.get(number, [])

    def holds(self, quote: NormalizedText, span: tuple[int, int]) -> bool:
        """Whether the normalised quotation is in the original *span*, word for word."""
        core = without_final_stop(quote.text)
        window = self._window(span, margin=0)
        return bool(core) and window is not None and self.normalized.text.find(core, *window) != -1

    def _find(self, piece: str, start: int, end: int) -> int:
        """``normalized.text.find(piece, start, end)``, read from the index when the piece is in it."""
        starts = self._occurrences.get(piece)
        if starts is None:
            return self.normalized.text.find(piece, start, end)
        index = bisect.bisect_left(starts, start)
        return starts[index] if index < len(starts) and starts[index] + len(piece) <= end else -1

    def find(
        self,
        raw_quote: str,
        near: tuple[int, int] | None = None,
        prefer: tuple[int, int] | None = None,
        normalized: NormalizedText | None = None,
    ) -> Match:
        """Locate *raw_quote*, trying the most faithful reading first.

        *near* is an original-source span where the quotation probably is; it
        bounds the fuzzy search, and exact hits inside it win over hits elsewhere.
        *prefer* is the span of the division a citation names: a hit inside it
        wins over an earlier one elsewhere, and an approximate place inside it
        over one elsewhere that matches no better. A long source repeats
        sentences; the copy quoted is the one cited. *normalized* is
        ``normalize(raw_quote)``, when the caller has it already.
        """
        quote = normalized if normalized is not None else normalize(raw_quote)
        if not quote.text:
            return Match(MatchKind.NOT_FOUND, 0, 0, 0.0)
        cited = self._window(prefer, margin=0)
        if prefer is not None:
            inside = self._exact(raw_quote, quote.text, cited)
            if inside is not None and prefer[0] <= inside.source_start < prefer[1]:
                return inside
        window = self._window(near)
        exact = self._exact(raw_quote, quote.text, window)
        if exact is not None:
            return exact
        if prefer is not None and window is None:
            inside = self._cut_reading(quote.text, cited)
            if inside is not None and prefer[0] <= inside.source_start < prefer[1]:
                return inside
        cut = self._cut_reading(quote.text, window)
        if cut is not None:
            return cut
        return self._fuzzy(raw_quote, quote, window, None if window is not None else cited)

    def _cut_reading(self, quote: str, window: tuple[int, int] | None) -> Match | None:
        """The quotation read with marked cuts, then silent ones (whole sentences, then clauses)."""
        return (
            self._marked_omission(quote, window)
            or self._unmarked_omission(quote, window)
            or self._cut_pieces(quote, window)
        )

    def _window(self, near: tuple[int, int] | None, margin: int = NEAR_MARGIN) -> tuple[int, int] | None:
        """The normalised span covering *near* (original offsets) plus a margin either side."""
        if near is None:
            return None
        offsets = self.normalized.offsets
        last = len(offsets) - 1
        start = min(offsets.index_of(max(near[0] - margin, 0)), last)
        end = min(offsets.index_of(near[1] + margin), last)
        return start, max(end, start)

    # -- exact -------------------------------------------------------------

    def _exact(self, raw_quote: str, quote: str, window: tuple[int, int] | None) -> Match | None:
        """The normalised quotation as a substring, forgiving its final punctuation.

        VERBATIM needs the raw quotation itself in the raw source; anything
        normalisation or the final-punctuation allowance forgave makes it
        NORMALISED.
        """
        found = self._locate(quote, 0, window)
        if found is None:
            return None
        start, end = self._original(*found)
        verbatim = self.text[start:end] == raw_quote.strip()
        return Match(MatchKind.VERBATIM if verbatim else MatchKind.NORMALISED, start, end, 100.0)

    def _locate(
        self, piece: str, start: int, window: tuple[int, int] | None = None, reach: int | None = None
    ) -> tuple[int, int] | None:
        """Normalised span of *piece* at or after *start* (and within *reach* of it).

        A final full stop or comma may be missing from the source, so the
        piece is searched without it first: a miss then costs one scan of the
        source, not two. With a *window*, an occurrence inside it wins over an
        earlier one elsewhere.
        """
        core = without_final_stop(piece)
        if not core:
            return None
        text = self.normalized.text
        position = -1
        if window is not None:
            position = text.find(core, max(start, window[0]), window[1])
        if position == -1:
            limit = len(text) if reach is None else start + reach + len(core)
            position = self._find(core, start, limit)
        if position == -1:
            return None
        if core != piece and text.startswith(piece, position):
            return position, position + len(piece)
        return position, position + len(core)

    # -- omissions ---------------------------------------------------------

    def _marked_omission(self, quote: str, window: tuple[int, int] | None) -> Match | None:
        """Fragments between ellipses and ``[interpolations]``, found in order."""
        marked = marked_fragments(quote)
        if marked is None:
            return None
        fragments, reaches = marked
        spans = self._chain(fragments, reaches, window)
        if spans is None:
            return None
        return Match(MatchKind.NORMALISED, *self._outer(spans), 100.0)

    def _unmarked_omission(self, quote: str, window: tuple[int, int] | None) -> Match | None:
        """Two or more sentences found in order, with source text silently left out between them."""
        sentences = sentences_of(quote)
        if len(sentences) < 2:
            return None
        spans = self._chain(sentences, [OMISSION_REACH] * (len(sentences) - 1), window)
        if spans is None:
            return None
        text = self.normalized.text
        gaps = []
        for previous, following in zip(spans, spans[1:]):
            if text[previous[1] : following[0]].strip():
                gap_start = self._original(*previous)[1]
                gap_end = self._original(*following)[0]
                gaps.append(trim_span(self.text, gap_start, gap_end))
        kind = MatchKind.OMISSION if gaps else MatchKind.NORMALISED
        return Match(kind, *self._outer(spans), 100.0, gaps=tuple(gaps))

    def _cut_pieces(self, quote: str, window: tuple[int, int] | None) -> Match | None:
        """The quotation as long pieces of the source, in order, with clauses left out between them.

        Each piece is the longest run of the quotation's tokens that the source
        has from where a piece's opening words are found: its first occurrence
        (several are tried for the first piece), then the next within reach.
        Pieces that end mid-way through a quotation token are cut back to it.
        """
        tokens = [(m.start(), m.end()) for m in TOKEN.finditer(quote)]
        seed = opening_piece(quote, tokens)
        if seed is None:
            return None
        search_from = 0
        best: tuple[int, list[tuple[int, int]]] | None = None
        for attempt in range(MAX_CHAIN_STARTS):
            first = self._locate(seed, search_from, window if attempt == 0 else None)
            if first is None:
                break
            spans = self._pieces_from(quote, tokens, first[0])
            if spans is not None:
                # A common opening ("Everyone has the right to") also begins other paragraphs: of the
                # chains found, the one leaving out least is the passage quoted.
                left_out = sum(following[0] - previous[1] for previous, following in zip(spans, spans[1:]))
                if best is None or left_out < best[0]:
                    best = (left_out, spans)
            search_from = first[0] + 1
        if best is None:
            return None
        spans = best[1]
        gaps = [self._original(previous[1], following[0]) for previous, following in zip(spans, spans[1:])]
        return Match(
            MatchKind.OMISSION, *self._outer(spans), 100.0, gaps=tuple(trim_span(self.text, *gap) for gap in gaps)
        )

    def _pieces_from(self, quote: str, tokens: list[tuple[int, int]], position: int) -> list[tuple[int, int]] | None:
        """Normalised source spans of the quotation's pieces, the first starting at *position*."""
        text = self.normalized.text
        spans: list[tuple[int, int]] = []
        index = 0  # first quotation token of the current piece
        while index < len(tokens):
            length = common_prefix(quote, tokens[index][0], text, position)
            # The piece ends with the last quotation token the source has in full.
            end_token = bisect.bisect_right([end for _, end in tokens], tokens[index][0] + length) - 1
            if end_token < index or not substantial(quote[tokens[index][0] : tokens[end_token][1]]):
                return None
            piece_end = position + tokens[end_token][1] - tokens[index][0]
            spans.append((position, piece_end))
            index = end_token + 1
            if index == len(tokens):
                break
            opening = opening_tokens(quote, tokens, index)
            if opening is None:
                return None
            seed = quote[tokens[index][0] : tokens[opening - 1][1]]
            found = text.find(seed, piece_end, piece_end + OMISSION_REACH + len(seed))
            if found == -1 or not substantial(text[piece_end:found]):
                return None
            if PARAGRAPH_BREAK.search(self.text, *self._original(piece_end, found)):
                return None  # pieces of one passage: a silent cut does not leap over a paragraph
            position = found
        return spans if len(spans) > 1 else None

    def _chain(
        self, pieces: list[str], reaches: list[int], window: tuple[int, int] | None
    ) -> list[tuple[int, int]] | None:
        """Normalised spans of *pieces* in order, each within its reach of the one before.

        Several occurrences of the first piece are tried, since a common
        opening phrase may occur long before the rest of the quotation.
        """
        search_from = 0
        best: list[tuple[int, int]] | None = None
        for attempt in range(MAX_CHAIN_STARTS):
            first = self._locate(pieces[0], search_from, window if attempt == 0 else None)
            if first is None:
                break
            spans = [first]
            for piece, reach in zip(pieces[1:], reaches):
                found = self._locate(piece, spans[-1][1], reach=reach)
                if found is None:
                    break
                spans.append(found)
            else:
                # The tightest chain is the passage quoted: a later start of the opening piece may
                # stand right before the rest ("公民的…" opens several articles).
                if best is None or spans[-1][1] - spans[0][0] < best[-1][1] - best[0][0]:
                    best = spans
                if len(spans) == 1:
                    break
            search_from = first[0] + 1
        return best

    def _outer(self, spans: list[tuple[int, int]]) -> tuple[int, int]:
        """Original span from the start of the first normalised span to the end of the last."""
        return self._original(spans[0][0], spans[-1][1])

    def _original(self, start: int, end: int) -> tuple[int, int]:
        """Original span of a normalised one, without the whitespace normalisation stripped at the ends."""
        return trim_span(self.text, *self.normalized.to_original(start, end))

    # -- fuzzy -------------------------------------------------------------

    def _fuzzy(
        self,
        raw_quote: str,
        quote: NormalizedText,
        window: tuple[int, int] | None,
        cited: tuple[int, int] | None = None,
    ) -> Match:
        """The best approximate passage in a few candidate regions, with token differences.

        Without a *window*, the regions are where the quotation's anchors cluster, in the
        whole source and in the *cited* division (normalised span) on its own: a passage a
        long source repeats may have more places than the whole-source search keeps. Of
        places that match equally well, one in the cited division wins.
        """
        needle, text = quote.text, self.normalized.text
        regions = [window] if window is not None else anchor_regions(text, needle, self._find)
        if window is None and cited is not None:
            regions += [(cited[0] + s, cited[0] + e) for s, e in anchor_regions(text[cited[0] : cited[1]], needle)]
        best = (0.0, False, 0, 0)
        for region_start, region_end in regions:
            alignment = fuzz.partial_ratio_alignment(needle, text[region_start:region_end])
            if alignment is None:
                continue
            start = region_start + alignment.dest_start
            inside = cited is not None and cited[0] <= start < cited[1]
            if (alignment.score, inside) > best[:2]:
                best = (alignment.score, inside, start, region_start + alignment.dest_end)
        score, _inside, start, end = best
        if score < FUZZY_THRESHOLD or not long_enough(needle):
            return Match(MatchKind.NOT_FOUND, 0, 0, float(score))
        return self._compare(raw_quote, quote, start, end)

    def _compare(self, raw_quote: str, quote: NormalizedText, start: int, end: int) -> Match:
        """Token differences between the quotation and the source around ``[start, end)``.

        The fuzzy window has the quotation's length, which is wrong whenever
        words were added or dropped, so it is widened and then trimmed to the
        first and last source tokens that match the quotation.
        """
        text = self.normalized.text
        slack = len(quote.text) // 5 + 10
        region_start, region_end = max(start - slack, 0), min(end + slack, len(text))
        source_tokens = [(m.start(), m.end()) for m in TOKEN.finditer(text, region_start, region_end)]
        quote_tokens = [(m.start(), m.end()) for m in TOKEN.finditer(quote.text)]
        matcher = difflib.SequenceMatcher(
            None, [text[s:e] for s, e in source_tokens], [quote.text[s:e] for s, e in quote_tokens], autojunk=False
        )
        blocks = [block for block in matcher.get_matching_blocks() if block.size]
        if not blocks:
            return Match(MatchKind.NOT_FOUND, 0, 0, 0.0)
        source_tokens = source_tokens[blocks[0].a : blocks[-1].a + blocks[-1].size]
        matcher.set_seq1([text[s:e] for s, e in source_tokens])
        span_start, span_end = source_tokens[0][0], source_tokens[-1][1]
        score = float(fuzz.ratio(quote.text, text[span_start:span_end]))
        if score < FUZZY_THRESHOLD:
            return Match(MatchKind.NOT_FOUND, 0, 0, score)
        differences = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            source_start, source_end = self._original(*token_span(source_tokens, i1, i2))
            quote_start, quote_end = trim_span(raw_quote, *quote.to_original(*token_span(quote_tokens, j1, j2)))
            differences.append(
                Difference(
                    op,
                    raw_quote[quote_start:quote_end],
                    self.text[source_start:source_end],
                    quote_start,
                    quote_end,
                    source_start,
                    source_end,
                )
            )
        original_start, original_end = self._original(span_start, span_end)
        kind = MatchKind.ALTERED if differences else MatchKind.NORMALISED
        return Match(kind, original_start, original_end, score, differences=tuple(differences))
