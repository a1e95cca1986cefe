"""The same passage published in two sources with different wording.

A glossary entry embedded in a translation page and the glossary's own page
should say the same thing; when they differ, one of them was edited and a
quotation of either may be "wrong" against the other. Passages are paired
across sources through sampled shingles (word 4-grams, or character 6-grams in
Chinese), so the work grows with the amount of text, not with the number of
paragraph pairs; each candidate pair is then aligned by the source matcher,
which reports the differing words.
"""

from __future__ import annotations

import operator
import re
import zlib
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, compress

from rapidfuzz import fuzz

from provenance.inputs.project import SourceRecord
from provenance.text.matching import Match, MatchKind
from provenance.text.paragraphs import paragraph_spans

#: Paragraphs shorter than this are headings, captions or list items: too short to compare.
MIN_CHARS = 120
#: Keep one shingle in SAMPLE (chosen by hash, so both sides keep the same ones).
SAMPLE = 4
#: Shingles shared by more paragraphs than this are boilerplate, not evidence.
MAX_POSTINGS = 40
#: Sampled shingles two paragraphs must share to be compared.
MIN_SHARED = 3

#: Similarity (0-100) of two paragraphs' normalised texts from which they are aligned word by
#: word: variant passages are near-identical, while paragraphs that merely share a sentence or a
#: stock phrase (quotation collections, boilerplate) are not worth an alignment each.
MIN_SIMILARITY = 80

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SourceParagraph:
    """A paragraph of a source, by its offsets in the source's text."""

    source: SourceRecord
    start: int
    end: int


@dataclass(frozen=True)
class VariantPassage:
    """*passage* of one source is *match* in another source, with different wording."""

    passage: SourceParagraph
    other: SourceRecord
    match: Match


def find_variant_passages(sources: Iterable[SourceRecord]) -> list[VariantPassage]:
    ordered = sorted(sources, key=lambda s: s.path)
    paragraphs = [p for source in ordered for p in _paragraphs(source)]
    normalized = [_normalized(p) for p in paragraphs]
    shingles = [_sampled_shingles(p, text) for p, text in zip(paragraphs, normalized)]
    postings: dict[int, list[int]] = defaultdict(list)
    for index, keys in enumerate(shingles):
        for key in keys:
            postings[key].append(index)
    # Paragraphs come source by source, in path order: a later source's are those past the end of its own.
    later = _source_ends(paragraphs)
    variants = []
    compared: set[tuple[int, str]] = set()
    for index, keys in enumerate(shingles):
        for other in _sharing(keys, later[index], postings):
            target = paragraphs[other]
            if (index, target.source.path) in compared:
                continue
            compared.add((index, target.source.path))
            variant = _variant(paragraphs[index], target, normalized[index], normalized[other])
            if variant is not None:
                variants.append(variant)
    return variants


def _source_ends(paragraphs: list[SourceParagraph]) -> list[int]:
    """For each paragraph, the index just past its source's last paragraph."""
    ends = [len(paragraphs)] * len(paragraphs)
    for index in range(len(paragraphs) - 2, -1, -1):
        same = paragraphs[index].source is paragraphs[index + 1].source
        ends[index] = ends[index + 1] if same else index + 1
    return ends


def _sharing(keys: set[int], later: int, postings: dict[int, list[int]]) -> list[int]:
    """Paragraphs from index *later* on sharing at least MIN_SHARED of the shingles *keys*, most first.

    A posting list holds its paragraphs in order, so those of later sources are its tail.
    """
    lists = (postings[key] for key in keys)
    shared = Counter(
        chain.from_iterable(found[bisect_left(found, later) :] for found in lists if len(found) <= MAX_POSTINGS)
    )
    # Ties in the order of the paragraphs: the hashes' order is salted per process, and of a source's
    # paragraphs only the first is compared.
    return sorted(
        (other for other, count in shared.items() if count >= MIN_SHARED), key=lambda other: (-shared[other], other)
    )


def _variant(
    paragraph: SourceParagraph, target: SourceParagraph, normalized: str, target_normalized: str
) -> VariantPassage | None:
    """*paragraph* as a variant of *target* (both *normalized*), when the matcher finds it there with words changed."""
    if fuzz.ratio(normalized, target_normalized, score_cutoff=MIN_SIMILARITY) == 0:
        return None  # one long shared sentence, not the same paragraph: not worth an alignment
    text = paragraph.source.text[paragraph.start : paragraph.end]
    match = target.source.matcher.find(text, near=(target.start, target.end))
    return VariantPassage(paragraph, target.source, match) if match.kind is MatchKind.ALTERED else None


def _paragraphs(source: SourceRecord) -> list[SourceParagraph]:
    return [
        SourceParagraph(source, start, end) for start, end in paragraph_spans(source.text) if end - start >= MIN_CHARS
    ]


def _normalized(paragraph: SourceParagraph) -> str:
    # The whole source's normalisation, computed once, sliced per paragraph.
    return paragraph.source.matcher.normalized.of_span(paragraph.start, paragraph.end)


def _sampled_shingles(paragraph: SourceParagraph, normalized: str) -> set[int]:
    """Hashes of the paragraph's shingles that start on a sampled word (or character).

    Sampling by the first unit's hash keeps the same shingles on both sides of
    a pair while building only a quarter of them. The shingles' own ``hash`` is
    salted per process, which is fine: the sets are compared within one run.
    """
    text = normalized.casefold()
    if paragraph.source.language == "zh":
        units = "".join(text.split())
        return {hash(units[i : i + 6]) for i in _sampled(units, len(units) - 5)}
    words = _WORD.findall(text)
    return {hash(" ".join(words[i : i + 4])) for i in _sampled(words, len(words) - 3)}


def _sampled(units, count: int):
    """Indices below *count* of the units whose CRC-32 is 0 modulo SAMPLE.

    Which units are sampled must not depend on the process: with the salted
    ``hash``, two paragraphs shared enough sampled shingles in some runs and
    not in others, so B002 came and went between lints of the same files.
    Built from C-level iterators (``map``, ``compress``): this runs once per
    word of every source, so it must not run Python bytecode per word.
    """
    remainders = map(SAMPLE.__rmod__, map(zlib.crc32, map(str.encode, units)))
    return compress(range(max(count, 0)), map(operator.not_, remainders))
