"""Entry types grouped by what they say about a work's identity."""

from __future__ import annotations

# Types whose ISBN names the whole work; a chapter shares its book's ISBN.
BOOK_TYPES = frozenset(
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
THESIS_TYPES = frozenset({"thesis", "phdthesis", "mastersthesis"})
REPORT_TYPES = frozenset({"report", "techreport"})
# Types of a publication with an editor's or a journal's imprint: a report of the same title is
# the preprint or the later write-up, another publication.
PUBLISHED_TYPES = frozenset(
    {"article", "inproceedings", "conference", "incollection", "inbook", "book", "collection", "proceedings"}
)
