"""The judgement on one candidate pair: the evidence that it is one work, the vetoes, the score and reason.

Evidence comes first, as one :class:`Evidence`: an identical DOI, ISBN (of a
whole book) or web address, similar titles, a title that lacks only its
subtitle, or every field that describes the work the same. Most candidates
are mere title neighbours with none of it, and are settled before the
vetoes are tried. A DOI is decisive; after it, other designators in the
titles ("Volume 1", "Volume 2") say two parts; then the ISBN, the URL and
the whole record decide; otherwise the titles, the authors and the years
are weighed together.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from provenance.check.duplicate_entries.authors import author_overlap, author_phrase
from provenance.check.duplicate_entries.entry_types import BOOK_TYPES
from provenance.check.duplicate_entries.pairs import DuplicatePair, pair
from provenance.check.duplicate_entries.record import Record
from provenance.check.duplicate_entries.titles import similar, similarity
from provenance.check.duplicate_entries.vetoes import veto


@dataclass(frozen=True)
class Evidence:
    """What says a pair might be one work; without any of it, the pair is two."""

    similarity: float
    similar: bool
    same_doi: bool
    same_isbn: bool
    same_url: bool
    no_subtitle: bool
    same_record: bool

    @property
    def any(self) -> bool:
        return self.similar or self.same_doi or self.same_isbn or self.same_url or self.no_subtitle or self.same_record


def compare(a: Record, b: Record) -> DuplicatePair | None:
    """The pair if the evidence says one work and nothing vetoes it, else None."""
    evidence = _evidence(a, b)
    # Most candidates are mere title neighbours; settle them before the vetoes.
    if not evidence.any or veto(a, b):
        return None
    if evidence.same_doi:
        return pair(a, b, 1.0, "same DOI")
    if _other_part(a, b, evidence):
        return None  # "Volume 1" and "Volume 2", "Physical Review A" and "B", "Report 2019" and "2020"
    if evidence.same_isbn:
        return pair(a, b, 1.0, "same ISBN")
    if evidence.same_url:
        return pair(a, b, 0.95, "same URL")
    if evidence.same_record:
        # Every field that describes the work agrees: decisive even where the title is too short
        # or missing (an ancient text known by its shorthand) and no year is given.
        return pair(a, b, 0.95, "the same fields and values")
    if evidence.no_subtitle:
        return _shortened_title(a, b)
    return _alike(a, b, evidence.similarity)


def _evidence(a: Record, b: Record) -> Evidence:
    score = similarity(a, b)
    alike = similar(a, b, score)
    return Evidence(
        similarity=score,
        similar=alike,
        same_doi=bool(a.dois & b.dois),
        same_isbn=_same_isbn(a, b, score),
        same_url=_same_url(a, b, score),
        no_subtitle=not alike
        and ((bool(b.main_title) and a.title == b.main_title) or (bool(a.main_title) and b.title == a.main_title)),
        same_record=bool(a.signature) and a.signature == b.signature,
    )


def _same_isbn(a: Record, b: Record, score: float) -> bool:
    """One book's ISBN on both sides.

    A set's record lists the ISBNs of its volumes too: the titles must have something in common.
    Words in common suffice, so a title cut after its first words still counts ("Raster Imaging and
    Digital Typography" and the same with ": Proceedings of the International Conference ...").
    """
    return (
        bool(a.isbns & b.isbns)
        and a.entry.entry_type in BOOK_TYPES
        and b.entry.entry_type in BOOK_TYPES
        and (score >= 50 or fuzz.token_set_ratio(a.title, b.title) >= 50)
    )


def _same_url(a: Record, b: Record, score: float) -> bool:
    """One page, two records.

    The URL decides when the titles disagree but the authors overlap (a page's header and its own
    "Cite This Article" block give different titles). Several articles of one issue often share the
    issue's page or PDF: there, other pages, other authors or another title say two works, and a
    journal article's URL proves nothing.
    """
    if not (a.url_has_path and a.url == b.url):
        return False
    overlap = author_overlap(a, b)
    return (
        overlap != 0
        and not (a.pages and b.pages and a.pages != b.pages)
        and "article" not in (a.entry.entry_type, b.entry.entry_type)
        and (score >= 50 or not (a.title and b.title) or bool(overlap))
    )


def _other_part(a: Record, b: Record, evidence: Evidence) -> bool:
    """The titles' designators differ: another volume, part or year of one series.

    Under one ISBN only a conflict counts: parts catalogued under their set's ISBN ("Teil A",
    "Teil B"); a title that adds its conference's dates ("... Exeter, August 1988") is detail.
    """
    mine, theirs = a.title_numbers, b.title_numbers
    return (
        mine != theirs
        and not (evidence.same_doi or evidence.no_subtitle)
        and not (evidence.same_isbn and (mine <= theirs or theirs <= mine))
    )


def _shortened_title(a: Record, b: Record) -> DuplicatePair | None:
    """A shortened title is common and weak evidence: every author and the year must agree."""
    if author_overlap(a, b) != 1.0 or a.year is None or a.year != b.year:
        return None
    return pair(a, b, 0.9, f"one title lacks the subtitle, same year, {author_phrase(a, b, 1.0)}")


def _alike(a: Record, b: Record, score: float) -> DuplicatePair | None:
    """Similar titles, weighed with the authors and the years."""
    overlap = author_overlap(a, b)
    if overlap is not None and overlap < 0.5:
        return None
    if overlap is None and a.title != b.title:
        # Nobody named on one side: the title is all the evidence, so it must be the same words in the
        # same order ("Current Opinion in Cardiology" is not "... in Radiology").
        return None
    if a.weak_title and not _weak_title_confirmed(a, b, overlap):
        return None
    same_year = a.year is not None and a.year == b.year
    weight = 0.7 * score / 100 + 0.2 * (1.0 if overlap is None else overlap) + 0.1 * same_year
    title_part = "same title" if score == 100 else f"similar title ({score:.0f}%)"
    year_part = "same year" if same_year else ("years one apart" if a.year and b.year else "year missing")
    return pair(a, b, round(weight, 3), f"{title_part}, {year_part}, {author_phrase(a, b, overlap)}")


def _weak_title_confirmed(a: Record, b: Record, overlap: float | None) -> bool:
    """A title too short to identify a work needs the same year, and the same place where nobody is named."""
    return a.year is not None and a.year == b.year and (overlap is not None or _same_place(a, b))


def _same_place(a: Record, b: Record) -> bool:
    """The same pages of the same volume: a short title with nobody named ("Calendar") is one item."""
    return bool(a.pages) and a.pages == b.pages and a.volume == b.volume and a.number == b.number
