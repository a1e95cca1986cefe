"""biber's data model: how it reads a BibTeX entry as biblatex, and which fields each type must have.

Taken from the data model and source map biber applies in tool mode
(``biber-tool.conf``, biber 2.18), so that an entry is judged as biber judges
it (``biber --tool --tool-resolve --validate-datamodel``):

- BibTeX names are read as their biblatex names: ``journal`` is
  ``journaltitle``, ``address`` is ``location``, ``school`` is
  ``institution``; ``@phdthesis`` is a ``thesis`` of type ``phdthesis``;
- a ``crossref`` parent lends its fields to the child, a book's ``title``
  becoming the chapter's ``booktitle`` and so on;
- each type has mandatory fields, a tuple standing for "one of these".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

#: ``@conference`` is an ``@inproceedings`` and so on; the ``type`` field the alias implies.
TYPE_ALIASES: dict[str, tuple[str, str | None]] = {
    "conference": ("inproceedings", None),
    "electronic": ("online", None),
    "www": ("online", None),
    "mastersthesis": ("thesis", "mathesis"),
    "phdthesis": ("thesis", "phdthesis"),
    "techreport": ("report", "techreport"),
}
FIELD_ALIASES: dict[str, str] = {
    "address": "location",
    "school": "institution",
    "annote": "annotation",
    "archiveprefix": "eprinttype",
    "journal": "journaltitle",
    "primaryclass": "eprintclass",
    "key": "sortkey",
    "pdf": "file",
}

_DATED = (
    "article",
    "book",
    "inbook",
    "bookinbook",
    "suppbook",
    "booklet",
    "collection",
    "incollection",
    "suppcollection",
    "manual",
    "misc",
    "mvbook",
    "mvcollection",
    "online",
    "patent",
    "periodical",
    "suppperiodical",
    "proceedings",
    "inproceedings",
    "reference",
    "inreference",
    "report",
    "set",
    "thesis",
    "unpublished",
)
_MANDATORY: dict[tuple[str, ...], tuple] = {
    ("set",): ("entryset",),
    ("article",): ("author", "journaltitle", "title"),
    ("book", "mvbook"): ("author", "title"),
    ("inbook", "bookinbook", "suppbook"): ("author", "title", "booktitle"),
    ("booklet",): (("author", "editor"), "title"),
    ("collection", "reference", "mvcollection", "mvreference"): ("editor", "title"),
    ("incollection", "suppcollection", "inreference"): ("author", "editor", "title", "booktitle"),
    ("dataset",): ("title",),
    ("manual",): ("title",),
    ("misc", "software"): ("title",),
    ("online",): ("title", ("url", "doi", "eprint")),
    ("patent",): ("author", "title", "number"),
    ("periodical",): ("editor", "title"),
    ("proceedings", "mvproceedings"): ("title",),
    ("inproceedings",): ("author", "title", "booktitle"),
    ("report",): ("author", "title", "type", "institution"),
    ("thesis",): ("author", "title", "type", "institution"),
    ("unpublished",): ("author", "title"),
}
#: Mandatory fields per type; a tuple means "one of these".
REQUIRED_FIELDS: dict[str, tuple] = {}
for _types, _fields in _MANDATORY.items():
    for _type in _types:
        REQUIRED_FIELDS[_type] = _fields + ((("date", "year"),) if _type in _DATED else ())
for _type in _DATED:
    REQUIRED_FIELDS.setdefault(_type, (("date", "year"),))

_TITLES = {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"}
_BOOK_TITLES = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}
# (parent type, child type) -> parent field -> the child fields it fills (biber's <inheritance>).
_INHERIT: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}


def _inherit(pairs: str, mapping: Mapping[str, str | tuple[str, ...]]) -> None:
    for pair in pairs.split():
        source, target = pair.split(">")
        rules = _INHERIT.setdefault((source, target), {})
        for name, into in mapping.items():
            rules[name] = rules.get(name, ()) + ((into,) if isinstance(into, str) else into)


_inherit(
    "mvbook>inbook mvbook>bookinbook mvbook>suppbook book>inbook book>bookinbook book>suppbook",
    {"author": ("author", "bookauthor")},
)
_inherit(
    "mvbook>book mvbook>inbook mvbook>bookinbook mvbook>suppbook mvcollection>collection "
    "mvcollection>incollection mvcollection>suppcollection mvproceedings>proceedings "
    "mvproceedings>inproceedings mvreference>reference mvreference>inreference",
    _TITLES,
)
_inherit(
    "book>inbook book>bookinbook book>suppbook collection>incollection collection>suppcollection "
    "reference>inreference proceedings>inproceedings",
    _BOOK_TITLES,
)
_inherit("periodical>article periodical>suppperiodical", {"title": "journaltitle", "subtitle": "journalsubtitle"})

# A value nobody filled in: "????", "19??", "??--??".
_PLACEHOLDER = re.compile(r"[\s{}]*[\d\s.-]*\?\?[\d\s?.-]*[\s{}]*")


def biblatex_type(entry_type: str) -> str:
    """The biblatex type biber reads a (lower-case) BibTeX type as."""
    return TYPE_ALIASES.get(entry_type, (entry_type, None))[0]


def biblatex_fields(entry_type: str, fields: Mapping[str, str]) -> dict[str, str]:
    """Fields under their biblatex names; a field already given under that name is not overwritten."""
    result = {name: value for name, value in fields.items() if name not in FIELD_ALIASES}
    for name, value in fields.items():
        if name in FIELD_ALIASES:
            result.setdefault(FIELD_ALIASES[name], value)
    implied = TYPE_ALIASES.get(entry_type, (entry_type, None))[1]
    if implied:
        result.setdefault("type", implied)
    return result


class _Entry(Protocol):
    """What the data model reads of an entry (the reader's BibEntry, or a stored record)."""

    entry_type: str
    fields: Mapping[str, str]


def resolved_fields(entry: _Entry, entries: Mapping[str, _Entry]) -> dict[str, str]:
    """An entry's biblatex fields with what its ``crossref`` parent lends it (one level, as biber).

    The parent is looked up by its exact key, as biber does; a missing parent lends nothing.
    """
    own_type = biblatex_type(entry.entry_type)
    fields = biblatex_fields(entry.entry_type, entry.fields)
    parent = entries.get(fields.get("crossref", "").strip())
    if parent is None or parent is entry:
        return fields
    parent_type = biblatex_type(parent.entry_type)
    special = _INHERIT.get((parent_type, own_type), {})
    for name, value in biblatex_fields(parent.entry_type, parent.fields).items():
        for target in special.get(name, (name,)):
            fields.setdefault(target, value)
    return fields


def missing_fields(entry_type: str, fields: Mapping[str, str]) -> list[tuple[str, ...]]:
    """Each mandatory field (or group of alternatives) the biblatex *fields* lack, in biber's order."""
    required = REQUIRED_FIELDS.get(biblatex_type(entry_type))
    if required is None:
        return []
    present = {name for name, value in fields.items() if value.strip()}
    return [
        options
        for options in (need if isinstance(need, tuple) else (need,) for need in required)
        if not present.intersection(options)
    ]


def placeholders(fields: Mapping[str, str]) -> list[str]:
    """Fields whose value is a placeholder such as ``????`` or ``19??``."""
    # Every placeholder holds "??": looking for it first spares the pattern nearly every value.
    return [name for name, value in fields.items() if "??" in value and _PLACEHOLDER.fullmatch(value)]
