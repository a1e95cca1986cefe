"""An entry reduced once to the normalised values every comparison of it uses.

An entry meets a few dozen others; folding its title, reading its names and
identifiers once, not once per pair, is what keeps a bibliography of 50,000
entries to seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bibliography.bibtex import BibEntry
from provenance.check.duplicate_entries.fields import (
    BOOKKEEPING,
    IGNORED,
    edition,
    first_number,
    language,
    normalised,
    numbers,
    year,
)
from provenance.check.duplicate_entries.folding import folded
from provenance.check.duplicate_entries.identifiers import dois, isbns, url
from provenance.check.duplicate_entries.names import Person, names
from provenance.check.duplicate_entries.titles import cjk_letters, designators, is_cjk, main_title

# Fields naming the whole an entry is part of: a collection, a proceedings volume, a series.
_CONTAINER_FIELDS = ("booktitle", "maintitle", "series")
_TRANSLATION_TYPES = frozenset({"translationof", "translatedas"})
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


@dataclass(frozen=True)
class Record:
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
    names: tuple[Person, ...]
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


def record(index: int, entry: BibEntry) -> Record:
    """The entry at *index* of the bibliography as a :class:`Record`."""
    fields = entry.fields
    written_title = fields.get("title"), fields.get("subtitle")
    title = folded(" ".join(filter(None, written_title)))
    people = names(fields.get("author") or fields.get("editor") or "")
    address = url(fields.get("url", ""))
    cjk = cjk_letters(title)
    cjk_title = is_cjk(title, cjk)
    weak_title = not cjk_title and len(title.split()) < 3
    cache: dict[str, object] = {}
    return Record(
        index=index,
        entry=entry,
        title=title,
        main_title=main_title(": ".join(filter(None, written_title))),
        sorted_title=" ".join(sorted(title.split())),
        cjk=cjk,
        cjk_title=cjk_title,
        weak_title=weak_title,
        title_numbers=designators(title),
        names=people,
        surnames=frozenset(surname for surname, _ in people if surname),
        year=year(fields.get("year") or fields.get("date") or ""),
        dois=_dois(fields),
        isbns=isbns(fields.get("isbn", "")),
        url=address,
        url_has_path="/" in address.strip("/"),
        edition=edition(fields.get("edition", "")),
        chapter=folded(fields.get("chapter", "")),
        first_page=first_number(fields.get("pages", "")),
        pages=numbers(fields.get("pages", "")),
        volume=first_number(fields.get("volume", "")),
        number=folded(fields.get("number") or fields.get("issue") or ""),
        part=folded(fields.get("part", "")),
        shorthand=folded(fields.get("shorthand", "")),
        # A title that identifies the work finds its twins through the title: the signature, a
        # quarter of the cost of a record, is for the short or missing titles it rescues.
        signature=_signature(fields, cache) if weak_title else (),
        normalised=cache,
        derivative=_derivative(title, fields),
        printing=_printing(title, fields),
        language=language(fields.get("language") or fields.get("langid") or ""),
        origtitle=folded(fields.get("origtitle", "")),
        related=_related(fields),
        translation=fields.get("relatedtype", "").strip().lower() in _TRANSLATION_TYPES,
        containers=_containers(fields),
        publisher=frozenset(folded(fields.get("publisher", "")).split()) - _PUBLISHER_NOISE,
    )


def _dois(fields: dict[str, str]) -> frozenset[str]:
    """The `doi` field's DOIs, else those of a `url` at doi.org."""
    found = dois(fields.get("doi", ""))
    if not found and "doi.org/" in fields.get("url", "").lower():
        return dois(fields["url"])
    return found


def _derivative(title: str, fields: dict[str, str]) -> bool:
    """An erratum, a reprint or a retraction, by its title or its notes."""
    return bool(_DERIVATIVE.search(title)) or any(
        _DERIVATIVE.search(folded(fields[name])) for name in _DERIVATIVE_NOTES if name in fields
    )


def _printing(title: str, fields: dict[str, str]) -> bool:
    """A later printing, by its title or its edition."""
    return bool(_PRINTING.search(title) or _PRINTING.search(folded(fields.get("edition", ""))))


def _related(fields: dict[str, str]) -> frozenset[str]:
    """The keys of the entries this one is linked to with `related`."""
    return frozenset(key.strip() for key in fields.get("related", "").split(",") if key.strip())


def _containers(fields: dict[str, str]) -> frozenset[str]:
    """The folded titles of the wholes this entry is part of."""
    return frozenset(filter(None, (folded(fields.get(name, "")) for name in _CONTAINER_FIELDS)))


def _signature(fields: dict[str, str], cache: dict[str, object]) -> tuple:
    """What describes the work, normalised, when that is at least two fields: else empty."""
    described = tuple(
        sorted(
            (name, repr(normalised(name, fields, cache)))
            for name, value in fields.items()
            if name not in IGNORED and name not in BOOKKEEPING and value.strip()
        )
    )
    return described if len(described) >= 2 else ()
