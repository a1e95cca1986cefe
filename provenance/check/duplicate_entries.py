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
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from urllib.parse import unquote

from rapidfuzz import fuzz
from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import ValidationError

from bibliography.bibtex import BibEntry, split_names
from provenance.text.scripts import CJK_TEXT_CHAR

TITLE_THRESHOLD = 93.0
"""Minimum rapidfuzz ``token_sort_ratio`` (or plain ``ratio``) of two normalised titles."""
CJK_THRESHOLD = 90.0
"""Minimum ``ratio`` of two CJK titles: one character missing from ten still matches."""
WINDOW = 8
"""Neighbours each entry meets in every sorted pass."""
FULL_BLOCK = 64
"""A block up to this size compares all its pairs; a larger one is windowed, to stay linear."""

# Fields whose differences say nothing about the work: where a copy is kept,
# when it was read, how it is filed.
_IGNORED = frozenset(
    {
        "abstract",
        "annotation",
        "comment",
        "comments",
        "file",
        "groups",
        "keywords",
        "owner",
        "timestamp",
        "urldate",
        "lastchecked",
        "readstatus",
        "ranking",
    }
)
# Fields a second copy of a record often lacks: notes, links and the cataloguer's own marks.
_BOOKKEEPING = frozenset(
    {"note", "url", "bibdate", "bibsource", "acknowledgement", "annote", "remark", "keywords", "key"}
)
_NAME_FIELDS = frozenset(
    {
        "author",
        "editor",
        "translator",
        "bookauthor",
        "editora",
        "editorb",
        "editorc",
        "annotator",
        "commentator",
        "introduction",
        "foreword",
        "afterword",
        "holder",
    }
)
_DATE_FIELDS = frozenset({"date", "year", "origdate", "eventdate", "month"})
# Types whose ISBN names the whole work; a chapter shares its book's ISBN.
_BOOK_TYPES = frozenset(
    {
        "book",
        "mvbook",
        "collection",
        "mvcollection",
        "proceedings",
        "mvproceedings",
        "reference",
        "mvreference",
        "booklet",
        "manual",
    }
)
_THESIS_TYPES = frozenset({"thesis", "phdthesis", "mastersthesis"})
_REPORT_TYPES = frozenset({"report", "techreport"})
# Types of a publication with an editor's or a journal's imprint: a report of the same title is
# the preprint or the later write-up, another publication.
_PUBLISHED_TYPES = frozenset(
    {"article", "inproceedings", "conference", "incollection", "inbook", "book", "collection", "proceedings"}
)
# Fields naming the whole an entry is part of: a collection, a proceedings volume, a series.
_CONTAINER_FIELDS = ("booktitle", "maintitle", "series")
_TRANSLATION_TYPES = frozenset({"translationof", "translatedas"})
# Words after which "a" names a part ("Teil A", "Part A"), not an indefinite article.
_PART_WORDS = frozenset({"part", "teil", "vol", "volume", "band", "bd", "book", "tome", "tomo", "section", "series"})
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_LANGUAGES = {
    "en": "english",
    "eng": "english",
    "american": "english",
    "british": "english",
    "zh": "chinese",
    "chi": "chinese",
    "zho": "chinese",
    "de": "german",
    "ger": "german",
    "deu": "german",
    "ngerman": "german",
    "fr": "french",
    "fre": "french",
    "fra": "french",
    "ja": "japanese",
    "jpn": "japanese",
    "ru": "russian",
    "rus": "russian",
    "es": "spanish",
    "spa": "spanish",
}

# Letters Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "þ": "th",
        "ð": "d",
    }
)
_NONE: frozenset[str] = frozenset()
_SUBTITLE = re.compile(r"\s*(?::|\s--?-?\s|\s[\u2013\u2014]\s|[.?!]\s)")
_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_ROMAN = re.compile(r"(?=[ivxlc]{2,})c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
# LaTeX's accent commands as Unicode combining marks, and its letter commands as letters.
_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "c": "\u0327",
    "v": "\u030c",
    "u": "\u0306",
    "H": "\u030b",
    "k": "\u0328",
}
_ACCENT = re.compile(r"\\(?P<accent>[\"'`^~=.]|[cvuHk](?![A-Za-z]))\s*\{?\s*(?P<letter>\\?[A-Za-z])\}?")
_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "i",
    "j": "j",
}
_FORMATTING = frozenset(
    {
        "emph",
        "textit",
        "textbf",
        "textsl",
        "textsc",
        "texttt",
        "textrm",
        "textsf",
        "it",
        "bf",
        "sl",
        "sc",
        "tt",
        "rm",
        "sf",
        "em",
        "mbox",
        "hbox",
        "url",
        "relax",
        "protect",
        "noopsort",
        "booktitle",
        "pkg",
        "acro",
        "slash",
        "Dash",
        "bgroup",
        "egroup",
        "ensuremath",
        "mathrm",
    }
)
_COMMAND = re.compile(r"\\(?:(?P<name>[A-Za-z]+)\s*|(?P<symbol>[^A-Za-z]))")
_VERSION = re.compile(r"\b(?:v|version|release|rel)\b")
_YEAR = re.compile(r"\d{4}")
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>{}]+", re.IGNORECASE)
_ISBN_CHUNK = re.compile(r"[0-9Xx][0-9Xx\-\u2010-\u2015 ]{8,}[0-9Xx]")
# Words that make an entry a work about another one with the same title.
_DERIVATIVE = re.compile(r"\b(?:errat(?:um|a)|corrigend(?:um|a)|reprint(?:ed)?|retraction|retracted)\b")
_DERIVATIVE_NOTES = ("note", "addendum", "howpublished", "pubstate", "titleaddon")
# A later printing, revised or "with corrections", keeps the ISBN but not the first printing's text.
# Read in the title and the edition only: a note often tells a book's whole printing history.
_PRINTING = re.compile(
    r"\b(?:(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r" printing|with corrections|reprint(?:ed)?)\b"
)
# Words that name no publisher in particular.
_PUBLISHER_NOISE = frozenset(
    {
        "press",
        "publishing",
        "publishers",
        "publisher",
        "verlag",
        "inc",
        "ltd",
        "co",
        "company",
        "corp",
        "corporation",
        "and",
        "the",
        "of",
        "books",
        "gmbh",
        "sons",
    }
)
# Author lists that name nobody in particular.
_NOBODY = frozenset({"anonymous", "anon", "unknown", "n a"})
_URL = re.compile(r"^(?:[a-z]+://)?(?:www\d?\.)?([^/?#]+)([^#]*)", re.IGNORECASE)


@dataclass(frozen=True)
class DuplicatePair:
    """Two entries judged to be one work, and what a merge would have to reconcile.

    ``differing`` names the fields both entries carry whose normalised values
    disagree; a field only one of them has is a gap to fill, not a conflict.
    """

    first: BibEntry
    second: BibEntry
    score: float
    differing: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class _Record:
    """An entry reduced once to the normalised values every comparison uses."""

    index: int
    entry: BibEntry
    title: str
    main_title: str
    sorted_title: str
    cjk: str
    cjk_title: bool
    #: Too short to identify a work alone ("Introduction", "Preface").
    weak_title: bool
    title_numbers: frozenset[str]
    names: tuple[tuple[str, str], ...]
    surnames: frozenset[str]
    year: int | None
    dois: frozenset[str]
    isbns: frozenset[str]
    url: str
    url_has_path: bool
    edition: str
    chapter: str
    first_page: str
    pages: str
    volume: str
    number: str
    part: str
    derivative: bool
    printing: bool
    shorthand: str
    signature: tuple
    #: Normalised field values, filled as comparisons need them.
    normalised: dict[str, object]
    language: str
    origtitle: str
    related: frozenset[str]
    translation: bool
    containers: frozenset[str]
    publisher: frozenset[str]


def find_duplicates(entries: Sequence[BibEntry]) -> list[DuplicatePair]:
    """Every pair of entries judged to be the same work, in the order the entries are given."""
    records = [_record(index, entry) for index, entry in enumerate(entries)]
    found = []
    for i, j in _candidates(records):
        pair = _compare(records[i], records[j])
        if pair is not None:
            found.append((i, j, pair))
    return [pair for _, _, pair in sorted(found, key=lambda item: item[:2])]


# --- candidates ------------------------------------------------------------


def _candidates(records: list[_Record]) -> set[tuple[int, int]]:
    """Index pairs worth comparing: shared identifiers or titles, and sorted-title neighbours."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for record in records:
        for doi in record.dois:
            blocks["doi", doi].append(record.index)
        for isbn in record.isbns:
            blocks["isbn", isbn].append(record.index)
        if record.url_has_path:
            blocks["url", record.url].append(record.index)
        if record.title:
            blocks["title", record.cjk if record.cjk_title else record.title].append(record.index)
        if record.main_title:
            blocks["title", record.main_title].append(record.index)
        if record.signature:
            blocks["signature", repr(record.signature)].append(record.index)
    found: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) <= FULL_BLOCK:
            found.update(_all_pairs(members))
        else:
            members.sort(key=lambda index: (sorted(records[index].surnames), records[index].year or 0))
            found.update(_window_pairs(members))
    titled = [record for record in records if record.title]
    orderings = (lambda r: r.title, lambda r: r.title[::-1], lambda r: r.sorted_title)
    for key in orderings:
        ordered = sorted(titled, key=key)
        # Neighbours share nothing but a sort position: keep only those whose
        # titles could match, so the candidates stay few.
        for position, a in enumerate(ordered):
            for b in ordered[position + 1 : position + WINDOW]:
                if _title_similarity(a, b, CJK_THRESHOLD) >= CJK_THRESHOLD:
                    found.add((a.index, b.index) if a.index < b.index else (b.index, a.index))
    return found


def _all_pairs(members: list[int]) -> Iterator[tuple[int, int]]:
    for first, second in combinations(members, 2):
        yield (first, second) if first < second else (second, first)


def _window_pairs(members: list[int]) -> Iterator[tuple[int, int]]:
    for position, first in enumerate(members):
        for second in members[position + 1 : position + WINDOW]:
            yield (first, second) if first < second else (second, first)


# --- comparison ------------------------------------------------------------


def _compare(a: _Record, b: _Record) -> DuplicatePair | None:
    """The pair if the evidence says one work and nothing vetoes it, else None."""
    similarity = _title_similarity(a, b)
    similar = similarity >= (CJK_THRESHOLD if a.cjk_title and b.cjk_title else TITLE_THRESHOLD)
    same_doi = bool(a.dois & b.dois)
    # A set's record lists the ISBNs of its volumes too: the titles must have something in common.
    # Words in common suffice, so a title cut after its first words still counts ("Raster Imaging and
    # Digital Typography" and the same with ": Proceedings of the International Conference ...").
    same_isbn = (
        bool(a.isbns & b.isbns)
        and a.entry.entry_type in _BOOK_TYPES
        and b.entry.entry_type in _BOOK_TYPES
        and (similarity >= 50 or fuzz.token_set_ratio(a.title, b.title) >= 50)
    )
    # One page, two records: the URL decides when the titles disagree but the authors overlap
    # (a page's header and its own "Cite This Article" block give different titles).
    # Several articles of one issue often share the page or PDF: there, other pages,
    # other authors or another title say two works.
    overlap = _author_overlap(a, b) if a.url_has_path and a.url == b.url else None
    # A journal's articles often link their issue's page or PDF: there a URL proves nothing.
    same_url = (
        a.url_has_path
        and a.url == b.url
        and overlap != 0
        and not (a.pages and b.pages and a.pages != b.pages)
        and "article" not in (a.entry.entry_type, b.entry.entry_type)
        and (similarity >= 50 or not (a.title and b.title) or bool(overlap))
    )
    no_subtitle = not similar and (
        (bool(b.main_title) and a.title == b.main_title) or (bool(a.main_title) and b.title == a.main_title)
    )
    same_record = bool(a.signature) and a.signature == b.signature
    # Most candidates are mere title neighbours; settle them before the vetoes.
    if not (similar or same_doi or same_isbn or same_url or no_subtitle or same_record) or veto(a, b):
        return None
    if same_doi:
        return _pair(a, b, 1.0, "same DOI")
    if (
        a.title_numbers != b.title_numbers
        and not (same_doi or no_subtitle)
        and not (
            # Under one ISBN only a conflict counts: parts catalogued under their set's ISBN ("Teil A",
            # "Teil B"); a title that adds its conference's dates ("... Exeter, August 1988") is detail.
            same_isbn and (a.title_numbers <= b.title_numbers or b.title_numbers <= a.title_numbers)
        )
    ):
        return None  # "Volume 1" and "Volume 2", "Physical Review A" and "B", "Report 2019" and "2020"
    if same_isbn:
        return _pair(a, b, 1.0, "same ISBN")
    if same_url:
        return _pair(a, b, 0.95, "same URL")
    if same_record:
        # Every field that describes the work agrees: decisive even where the title is too short
        # or missing (an ancient text known by its shorthand) and no year is given.
        return _pair(a, b, 0.95, "the same fields and values")
    if no_subtitle:
        # A shortened title is common and weak evidence: every author and the year must agree.
        if _author_overlap(a, b) != 1.0 or a.year is None or a.year != b.year:
            return None
        return _pair(a, b, 0.9, f"one title lacks the subtitle, same year, {_author_phrase(a, b, 1.0)}")
    overlap = _author_overlap(a, b)
    if overlap is not None and overlap < 0.5:
        return None
    if overlap is None and a.title != b.title:
        # Nobody named on one side: the title is all the evidence, so it must be the same words in the
        # same order ("Current Opinion in Cardiology" is not "... in Radiology").
        return None
    if a.weak_title and (a.year is None or a.year != b.year or (overlap is None and not _same_place(a, b))):
        return None
    same_year = a.year is not None and a.year == b.year
    score = 0.7 * similarity / 100 + 0.2 * (1.0 if overlap is None else overlap) + 0.1 * same_year
    title_part = "same title" if similarity == 100 else f"similar title ({similarity:.0f}%)"
    year_part = "same year" if same_year else ("years one apart" if a.year and b.year else "year missing")
    return _pair(a, b, round(score, 3), f"{title_part}, {year_part}, {_author_phrase(a, b, overlap)}")


def veto(a: _Record, b: _Record) -> str | None:
    """Why the two cannot be one work, however alike the rest looks; None when nothing forbids it."""
    if a.entry.key in b.related or b.entry.key in a.related:
        return "related"  # linked on purpose: a translation, a reprint, a review
    if a.translation != b.translation and a.title and b.title and (a.origtitle == b.title or b.origtitle == a.title):
        return "translation"  # the translation's original title is the other entry's title
    if a.language and b.language and a.language != b.language:
        return "language"
    if a.dois and b.dois and not a.dois & b.dois:
        return "doi"
    if a.isbns and b.isbns and not a.isbns & b.isbns:
        return "isbn"
    if (a.entry.entry_type in _THESIS_TYPES) != (b.entry.entry_type in _THESIS_TYPES):
        return "thesis"  # a thesis and the report or book made of it are two publications
    if _one_each(a, b, _REPORT_TYPES, _PUBLISHED_TYPES):
        return "report"  # a report and the paper or book made of it, likewise
    if a.shorthand and b.shorthand and a.shorthand != b.shorthand:
        return "shorthand"  # a shorthand is chosen to tell one work from another
    if a.derivative != b.derivative:
        return "derivative"  # an erratum, a corrected reprint or a retraction is a work of its own
    if a.printing != b.printing:
        return "printing"
    if (a.title in b.containers and a.title != b.title) or (b.title in a.containers and b.title != a.title):
        return "container"  # a chapter and its collection, a volume and its set
    if a.publisher and b.publisher and not a.publisher & b.publisher and a.year != b.year:
        return "publisher"  # another publisher in another year: another edition (a US and a UK one)
    # A book's `pages` is its page count, which catalogues give differently ("384", "xl + 368"): with
    # the ISBN shared it says nothing; without, another count is the sign of another edition.
    book_isbn = bool(a.isbns & b.isbns) and _one_each(a, b, _BOOK_TYPES, _BOOK_TYPES)
    for name, mine, theirs in (
        ("edition", a.edition, b.edition),
        ("chapter", a.chapter, b.chapter),
        ("pages", "" if book_isbn else a.first_page, b.first_page),
        ("volume", a.volume, b.volume),
        ("number", a.number, b.number),
        ("part", a.part, b.part),
    ):
        if mine and theirs and mine != theirs:
            return name
    if a.year is not None and b.year is not None and abs(a.year - b.year) > 1:
        return "years"
    return None


def _one_each(a: _Record, b: _Record, first: frozenset[str], second: frozenset[str]) -> bool:
    """One entry's type is in *first* and the other's in *second*."""
    kinds = a.entry.entry_type, b.entry.entry_type
    return (kinds[0] in first and kinds[1] in second) or (kinds[1] in first and kinds[0] in second)


def _title_similarity(a: _Record, b: _Record, cutoff: float = 0.0) -> float:
    """0-100; below *cutoff* any score may come back as 0, which is faster."""
    if not (a.title and b.title):
        return 0.0
    if a.title == b.title:
        return 100.0
    if a.cjk_title and b.cjk_title:
        return fuzz.ratio(a.cjk, b.cjk, score_cutoff=cutoff)
    # Words sorted (rapidfuzz's token_sort_ratio) forgive reordering; the
    # plain ratio forgives a typo that splits or joins words.
    return max(
        fuzz.ratio(a.sorted_title, b.sorted_title, score_cutoff=cutoff),
        fuzz.ratio(a.title, b.title, score_cutoff=cutoff),
    )


def _designators(title: str) -> frozenset[str]:
    """The numbers, roman numerals and letters that tell parts of one title apart.

    "Symbols library type fonts II", "Physical Review B", "Report 2019": a
    different designator is another volume, part or series, however alike the rest.
    """
    words = title.split()
    found = {word for word in words if word.isdigit() or _ROMAN.fullmatch(word) or (len(word) == 1 and word != "a")}
    if words and words[-1] == "a":
        found.add("a")  # "a" is an article except at the end: "Nuclear Physics A"
    found.update(word for previous, word in zip(words, words[1:]) if word == "a" and previous in _PART_WORDS)
    found.update(_DIGITS.findall(title))
    return frozenset(found)


def _signature(fields: dict[str, str], normalised: dict[str, object]) -> tuple:
    """What describes the work, normalised, when that is at least two fields: else empty."""
    described = tuple(
        sorted(
            (name, repr(_normalised(name, fields, normalised)))
            for name, value in fields.items()
            if name not in _IGNORED and name not in _BOOKKEEPING and value.strip()
        )
    )
    return described if len(described) >= 2 else ()


def _normalised(name: str, fields: dict[str, str], cache: dict[str, object]) -> object:
    """A field's :func:`_field_value`, computed once per entry however many pairs it is in."""
    if name not in cache:
        cache[name] = _field_value(name, fields[name])
    return cache[name]


def _same_place(a: _Record, b: _Record) -> bool:
    """The same pages of the same volume: a short title with nobody named ("Calendar") is one item."""
    return bool(a.pages) and a.pages == b.pages and a.volume == b.volume and a.number == b.number


def _author_overlap(a: _Record, b: _Record) -> float | None:
    """Share of the shorter author list found in the other; None if either entry names nobody.

    Over the shorter list, so "Jin, Emily and others" still covers the full
    list; a person counts as found when the surname agrees and the initials
    do not contradict ("Brown, O." is not "Brown, Chloé").
    """
    if not (a.surnames and b.surnames):
        return None
    shorter, longer = (a.names, b.names) if len(a.names) <= len(b.names) else (b.names, a.names)
    found = sum(
        any(
            surname == other and (not initial or not other_initial or initial == other_initial)
            for other, other_initial in longer
        )
        for surname, initial in shorter
    )
    return found / len(shorter)


def _author_phrase(a: _Record, b: _Record, overlap: float | None) -> str:
    if overlap is None:
        return "no authors on one side"
    if a.names == b.names:
        return "same authors"
    if sorted(a.names) == sorted(b.names):
        return "authors differ only in order"
    if a.surnames == b.surnames:
        return "same author surnames"
    return "authors overlap"


def _pair(a: _Record, b: _Record, score: float, reason: str) -> DuplicatePair:
    return DuplicatePair(a.entry, b.entry, score, _differing(a, b), reason)


def _differing(a: _Record, b: _Record) -> tuple[str, ...]:
    """Fields both entries carry whose normalised values disagree, in the first entry's order."""
    first, second = a.entry.fields, b.entry.fields
    return tuple(
        name
        for name in first
        if name in second
        and name not in _IGNORED
        and first[name] != second[name]
        and _normalised(name, first, a.normalised) != _normalised(name, second, b.normalised)
    )


def _field_value(name: str, value: str) -> object:
    """A field's value with every difference of form (not of content) removed."""
    if name in _NAME_FIELDS:
        return _names(value)
    if name == "doi":
        return _dois(value)
    if name == "isbn":
        return _isbns(value)
    if name == "url":
        return _url(value)
    if name == "pages":
        return "-".join(_DIGITS.findall(value))
    if name == "edition":
        return _edition(value)
    if name in ("language", "langid"):
        return _language(value)
    if name in _DATE_FIELDS:
        return "-".join(_DIGITS.findall(value))
    return _fold(_plain(value))


# --- normalisation ---------------------------------------------------------


def _record(index: int, entry: BibEntry) -> _Record:
    fields = entry.fields
    title = _fold(_plain(" ".join(filter(None, (fields.get("title"), fields.get("subtitle"))))))
    names = _names(fields.get("author") or fields.get("editor") or "")
    url = _url(fields.get("url", ""))
    dois = _dois(fields.get("doi", ""))
    if not dois and "doi.org/" in fields.get("url", "").lower():
        dois = _dois(fields["url"])
    related_type = fields.get("relatedtype", "").strip().lower()
    cjk = "".join(CJK_TEXT_CHAR.findall(title))
    # Compared character by character: CJK titles carry no spaces to split words on.
    cjk_title = len(cjk) >= 4 and 2 * len(cjk) >= len(title.replace(" ", ""))
    weak_title = not cjk_title and len(title.split()) < 3
    normalised: dict[str, object] = {}
    return _Record(
        index=index,
        entry=entry,
        title=title,
        main_title=_main_title(": ".join(filter(None, (fields.get("title"), fields.get("subtitle"))))),
        sorted_title=" ".join(sorted(title.split())),
        cjk=cjk,
        cjk_title=cjk_title,
        weak_title=weak_title,
        title_numbers=_designators(title),
        names=names,
        surnames=frozenset(surname for surname, _ in names if surname),
        year=_year(fields.get("year") or fields.get("date") or ""),
        dois=dois,
        isbns=_isbns(fields.get("isbn", "")),
        url=url,
        url_has_path="/" in url.strip("/"),
        edition=_edition(fields.get("edition", "")),
        chapter=_fold(_plain(fields.get("chapter", ""))),
        first_page=next(iter(_DIGITS.findall(fields.get("pages", ""))), ""),
        pages="-".join(_DIGITS.findall(fields.get("pages", ""))),
        volume=next(iter(_DIGITS.findall(fields.get("volume", ""))), ""),
        number=_fold(_plain(fields.get("number") or fields.get("issue") or "")),
        part=_fold(_plain(fields.get("part", ""))),
        shorthand=_fold(_plain(fields.get("shorthand", ""))),
        # A title that identifies the work finds its twins through the title: the signature, a
        # quarter of the cost of a record, is for the short or missing titles it rescues.
        signature=_signature(fields, normalised) if weak_title else (),
        normalised=normalised,
        derivative=bool(_DERIVATIVE.search(title))
        or any(_DERIVATIVE.search(_fold(_plain(fields.get(name, "")))) for name in _DERIVATIVE_NOTES),
        printing=bool(_PRINTING.search(title) or _PRINTING.search(_fold(_plain(fields.get("edition", ""))))),
        language=_language(fields.get("language") or fields.get("langid") or ""),
        origtitle=_fold(_plain(fields.get("origtitle", ""))),
        related=frozenset(key.strip() for key in fields.get("related", "").split(",") if key.strip()),
        translation=related_type in _TRANSLATION_TYPES,
        containers=frozenset(filter(None, (_fold(_plain(fields.get(name, ""))) for name in _CONTAINER_FIELDS))),
        publisher=frozenset(_fold(_plain(fields.get("publisher", ""))).split()) - _PUBLISHER_NOISE,
    )


@lru_cache(maxsize=65536)
def _plain(value: str) -> str:
    """A value as words to compare, LaTeX reduced to text.

    Not a LaTeX renderer (a full decoder costs a millisecond a value, too slow
    for a bibliography of 50,000 entries): accents become combining marks
    (``{\\"u}`` is "ü"), a letter macro its letter (``\\ss`` "ß"), a
    formatting command vanishes (``\\emph``), any other command stays as its
    name (``{\\TeX}`` is "TeX", where a renderer would drop the word).
    """
    if "\\" in value or "$" in value:
        value = _ACCENT.sub(lambda m: m["letter"] + _ACCENTS[m["accent"]], value)
        value = _COMMAND.sub(_command_text, value)
        value = unicodedata.normalize("NFC", value.replace("$", ""))
    return " ".join(value.replace("{", "").replace("}", "").replace("~", " ").split())


def _command_text(match: re.Match) -> str:
    name = match["name"]
    if name is None:
        # An escaped character (\\& is "&"); a discretionary hyphen or an italic correction is none.
        return "" if match["symbol"] in "-/" else match["symbol"]
    if name in _LETTERS:
        return _LETTERS[name]
    # A space where the command was: words on either side stay apart.
    return " " if name in _FORMATTING else f" {name} "


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Lower case, accents and punctuation gone, one space between words."""
    if text.isascii():
        return " ".join(_NON_WORD.sub(" ", text.lower()).split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NON_WORD.sub(" ", bare.casefold()).split())


@lru_cache(maxsize=65536)
def _names(value: str) -> tuple[tuple[str, str], ...]:
    """Each person as (surname, first initial): "Jin, Emily", "Emily Jin" and "Jin, E." agree."""
    people = []
    for raw in split_names(value):
        person = _person(raw)
        if person is not None:
            people.append(person)
    return tuple(people)


def _person(raw: str) -> tuple[str, str] | None:
    if raw.lower() in ("others", "et al.", "et al") or _fold(_plain(raw)) in _NOBODY:
        return None
    if _is_literal(raw):
        return _fold(_plain(raw[1:-1])), ""  # an organisation, named in full
    text = _plain(raw)
    parts = [part.strip() for part in text.split(",")]
    if len(parts) >= 2:
        last, first = parts[0], parts[-1]
    else:
        words = text.split()
        last, first = (words[-1], " ".join(words[:-1])) if words else ("", "")
    surname = _fold(last).split()
    given = _fold(first).split()
    if not surname:
        return None
    return surname[-1], given[0][0] if given else ""


def _is_literal(raw: str) -> bool:
    """Wholly enclosed in one pair of braces, as BibTeX writes a corporate name."""
    if not (raw.startswith("{") and raw.endswith("}")):
        return False
    depth = 0
    for position, char in enumerate(raw):
        depth += (char == "{") - (char == "}")
        if depth == 0 and position < len(raw) - 1:
            return False
    return True


def _main_title(title: str) -> str:
    """The title before its subtitle ("Strategy: A History" gives "strategy"), if at least three words.

    Empty when there is no separate subtitle or the main title is too short
    to identify a work by itself.
    """
    main = _SUBTITLE.split(_plain(title), maxsplit=1)[0]
    folded = _fold(main)
    return folded if len(folded.split()) >= 3 and folded != _fold(_plain(title)) else ""


def _year(value: str) -> int | None:
    found = _YEAR.search(value)
    return int(found.group(0)) if found else None


def _dois(value: str) -> frozenset[str]:
    """DOIs in any written form (link, ``doi:`` prefix, escaped underscores), lower case."""
    if not value:
        return _NONE
    text = unquote(value.replace("\\_", "_").replace("\\%", "%"))
    return frozenset(found.rstrip("/.,;").lower() for found in _DOI.findall(text))


def _isbns(value: str) -> frozenset[str]:
    """Valid ISBNs as ISBN-13 digits, so 0-306-40615-2 and 978-0-306-40615-7 agree."""
    if not value:
        return _NONE
    found = set()
    for chunk in re.split(r"[,;/]", value):
        for match in _ISBN_CHUNK.findall(chunk):
            # A field may hold several ISBNs separated by spaces only, as well as one written with spaces.
            for candidate in (match, *match.split()):
                # stdnum removes spaces and hyphens only; the chunk may hold other dashes.
                digits = re.sub(r"[^0-9X]", "", candidate.upper())
                if len(digits) not in (10, 13):
                    # stdnum also reads nine digits as an old SBN; here they are more likely part of another number.
                    continue
                try:
                    found.add(stdnum_isbn.validate(digits, convert=True))
                except ValidationError:
                    pass
    return frozenset(found)


def _url(value: str) -> str:
    """Host and path without scheme, ``www.``, fragment or trailing slash; host in lower case."""
    text = value.strip().replace("\\_", "_").replace("\\%", "%").replace("\\#", "#").replace("\\&", "&")
    found = _URL.match(text)
    if not text or found is None:
        return ""
    return found.group(1).lower() + found.group(2).rstrip("/")


def _edition(value: str) -> str:
    """ "2nd", "Second", "2" and "second edition" all become "2"; other wording is kept."""
    text = _fold(_plain(value))
    if _VERSION.search(text):
        # "Version 2.7" and "Version 2.7.1" are two releases; _fold turned the dots into spaces.
        return ".".join(str(int(number)) for number in _DIGITS.findall(text))
    number = _DIGITS.search(text)
    if number:
        return str(int(number.group(0)))
    for word in text.split():
        if word in _ORDINALS:
            return str(_ORDINALS[word])
    return text


def _language(value: str) -> str:
    text = _fold(value)
    return _LANGUAGES.get(text, text)
