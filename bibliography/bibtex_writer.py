"""BibTeX text written with bibtexparser: fields in a reader's order, every value braced.

The values arrive as the writer means them, already in BibTeX's syntax, so
bibtexparser's enclosing middleware is left out; the layout is fixed (two
spaces of indent, values aligned, a trailing comma, one blank line between
entries) so that written files diff cleanly.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat

# Fields in the order a reader scans an entry: who, what, where, when, then
# identifiers and links; anything not listed follows alphabetically.
_FIELD_ORDER = (
    "author",
    "editor",
    "editortype",
    "translator",
    "title",
    "subtitle",
    "titleaddon",
    "booktitle",
    "journaltitle",
    "journal",
    "edition",
    "volume",
    "number",
    "issue",
    "series",
    "type",
    "institution",
    "school",
    "organization",
    "publisher",
    "location",
    "address",
    "howpublished",
    "date",
    "year",
    "month",
    "origdate",
    "origtitle",
    "origlanguage",
    "pages",
    "isbn",
    "issn",
    "doi",
    "url",
    "urldate",
    "related",
    "relatedtype",
    "langid",
    "note",
    "addendum",
)
_FIELD_RANK = {name: rank for rank, name in enumerate(_FIELD_ORDER)}

# bibtexparser starts a new block at any line that begins "@name{" or
# "@name(", even inside a braced value; BibTeX reads the line break before it
# as one space, so writing a space instead keeps the value's meaning.
_LINE_BLOCK_START = re.compile(r"\s*\n\s*(?=@\w*[ \t]*[{(])")


#: BibTeX's month macros, January first: a month written bare (``month = jan``) is one of these.
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def write_entries(entries: Iterable[tuple[str, str, Mapping[str, str]]], *, bare: Collection[str] = ()) -> str:
    """BibTeX text of (type, key, fields) in order; a ``month`` whose value is in *bare* is written as a macro."""
    library = Library()
    for entry_type, key, fields in entries:
        ordered = sorted(fields.items(), key=lambda item: (_FIELD_RANK.get(item[0], len(_FIELD_RANK)), item[0]))
        library.add(
            Entry(
                entry_type,
                key,
                [
                    Field(name, value if name == "month" and value in bare else _braced(value))
                    for name, value in ordered
                ],
            )
        )
    layout = BibtexFormat()
    layout.indent = "  "
    layout.value_column = "auto"
    layout.trailing_comma = True
    layout.block_separator = "\n"
    return bibtexparser.write_string(library, unparse_stack=[], bibtex_format=layout)


def _braced(value: str) -> str:
    return "{" + _LINE_BLOCK_START.sub(" ", value) + "}"
