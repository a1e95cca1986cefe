"""Pairs of bibliography entries that describe the same work.

A bibliography assembled over months collects the same work twice: once
typed by hand, once pasted from a publisher's "Cite this" box, with the
authors abbreviated, the DOI as a link, the accents as LaTeX escapes. Every
such pair splits a work's citations across two keys, so the provenance of a
quotation can be traced through one entry and silently missed through the
other.

Matching follows JabRef's and Zotero's duplicate finders: an identical DOI
(or ISBN, for whole books) is decisive, and so is an identical web address
unless the titles have nothing in common. Otherwise the titles must agree,
the authors overlap and the years lie at most one apart; a title that lacks
only its subtitle needs every author and the same year. Some differences
mean two distinct works however alike they look, and veto a match outright:
another edition, printing, volume, number, part, chapter or pages of one
book, conflicting DOIs or ISBNs, years more than one apart, different
languages, one entry being a translation, an erratum or a reprint of the
other, a chapter and its collection or a volume and its set (one's title is
the other's `booktitle` or `series`), a report and the paper made of it,
another publisher in another year. Where neither side names anybody, the
title is the only evidence and must be the same words in the same order.

Comparing every pair is quadratic, so candidates come from blocking only:
entries sharing a DOI, ISBN, URL, normalised title or main title, plus a
sorted-neighbourhood pass over three orderings of the titles (as written,
reversed, words sorted) so that a typo at either end or reordered words
still bring two entries next to each other. Each entry meets a bounded
number of others, so the cost grows linearly with the bibliography.

The modules, in the order a bibliography goes through them: ``record``
reduces each entry once to what comparisons read (with ``folding``,
``names``, ``identifiers``, ``fields`` and ``titles``); ``candidates``
finds the pairs worth comparing; ``compare`` weighs each one's evidence
(``titles``, ``authors``) against the ``vetoes``; ``pairs`` is the result.
"""

from __future__ import annotations

from collections.abc import Sequence

from bibliography.bibtex import BibEntry
from bibliography.collection import no_cycle_collection
from provenance.check.duplicate_entries.candidates import candidates
from provenance.check.duplicate_entries.compare import compare
from provenance.check.duplicate_entries.pairs import DuplicatePair
from provenance.check.duplicate_entries.record import Record, record

__all__ = ["DuplicatePair", "find_duplicates", "find_twins"]


def find_duplicates(entries: Sequence[BibEntry]) -> list[DuplicatePair]:
    """Every pair of entries judged to be the same work, in the order the entries are given."""
    with no_cycle_collection():
        records = [record(index, entry) for index, entry in enumerate(entries)]
        found = []
        for i, j in sorted(candidates(records)):
            pair = compare(records[i], records[j])
            if pair is not None:
                found.append(pair)
    return found


def find_twins(entries: Sequence[BibEntry]) -> list[DuplicatePair]:
    """For each entry that describes the same work as an earlier one, the pair with the earliest.

    Five copies of one work are four mistakes, not ten: each later copy is
    paired with the earliest entry among its candidates that it matches, and
    its other pairs are not compared. That is the first copy unless the
    copies are too many to compare all pairs (see ``candidates``) or the
    first copy is vetoed where a later one is not (matching is not
    transitive). An exact copy (the same type, fields and values under
    another key) is paired with its first copy without a search.
    """
    with no_cycle_collection():
        records, found = _distinct(entries)
        by_index = {record.index: record for record in records}
        paired = -1
        for j, i in sorted((j, i) for i, j in candidates(records)):
            if j == paired:
                continue
            pair = compare(by_index[i], by_index[j])
            if pair is not None:
                found.append((j, pair))
                paired = j
    found.sort(key=lambda item: item[0])
    return [pair for _, pair in found]


def _distinct(entries: Sequence[BibEntry]) -> tuple[list[Record], list[tuple[int, DuplicatePair]]]:
    """Records of the entries to search among, and each exact copy already paired with its first copy.

    A bibliography merged from others repeats entries field for field; they
    need no record, no candidates and no comparison: their first copy's
    verdict on itself is theirs. A copy whose first copy is no work by
    itself (a title too short, say) is searched like any entry, and so is
    one that links entries by key (``related``), the only thing a
    comparison reads that is not among the fields.
    """
    earliest: dict[tuple, int] = {}
    records: dict[int, Record] = {}
    verdicts: dict[int, DuplicatePair | None] = {}
    copies: list[tuple[int, DuplicatePair]] = []
    for index, entry in enumerate(entries):
        first = index
        if "related" not in entry.fields:
            first = earliest.setdefault((entry.entry_type, tuple(sorted(entry.fields.items()))), index)
        if first != index:
            if first not in verdicts:
                verdicts[first] = compare(records[first], records[first])
            verdict = verdicts[first]
            if verdict is not None:
                copies.append((index, DuplicatePair(entries[first], entry, 1.0, (), "an identical copy")))
                continue
        records[index] = record(index, entry)
    return list(records.values()), copies
