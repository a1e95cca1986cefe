"""Entries written out for other tools: biblatex, classic BibTeX and CSL-JSON.

A provenance checker's bibliography must survive the trip into a manuscript's
toolchain without losing the facts it checks (translator, original title and
date, the related original), so each writer keeps everything its target can
hold and says in a documented place what it cannot:

- :func:`to_biblatex` keeps every field and value as written, except where
  biber's default data model has no room for a field on the entry's type; then
  it uses the data model's own spelling of the same fact (see
  :func:`conform_to_datamodel`), which :func:`bibliography.importing.from_biblatex`
  reads back, so export then import is the identity;
- :func:`to_bibtex` maps biblatex-only types and fields onto what classic
  BibTeX styles print (``year``/``month``, ``journal``, ``address``, ``note``);
- :func:`to_csl_json` writes plain-text CSL items for citeproc processors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat

from bibliography.bibtex import BibEntry, split_names, strip_latex
from bibliography.dates import DateError, DateRange, PartialDate, parse_bibtex_year_month, parse_date

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

# Entry types that biber's default data model (biber-tool.conf, the same as
# biblatex's blx-dm.def) gives a ``translator`` and an ``origlanguage``. On any
# other type, ``biber --validate-datamodel`` warns about both fields, and the
# standard styles never print them there.
TRANSLATION_TYPES = frozenset(
    {
        "article",
        "book",
        "mvbook",
        "inbook",
        "bookinbook",
        "suppbook",
        "collection",
        "reference",
        "mvcollection",
        "mvreference",
        "incollection",
        "suppcollection",
        "inreference",
    }
)
# Where the data model has an exact spelling for a translator on other types:
# the generic editor with its role, which the standard styles print as
# "translated by". ``origlanguage`` has no structured home there, so it goes to
# the end of ``addendum`` behind this marker, printed with the entry.
TRANSLATOR_ROLE = "translator"
ORIGLANGUAGE_MARKER = "Original language: "

# bibtexparser starts a new block at any line that begins "@name{" or
# "@name(", even inside a braced value; BibTeX reads the line break before it
# as one space, so writing a space instead keeps the value's meaning.
_LINE_BLOCK_START = re.compile(r"\s*\n\s*(?=@\w*[ \t]*[{(])")

_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# biblatex types that classic BibTeX lacks, as the nearest type its styles know.
_BIBTEX_TYPES = {
    "online": "misc",
    "report": "techreport",
    "collection": "book",
    "mvbook": "book",
    "mvcollection": "book",
    "reference": "book",
    "mvreference": "book",
    "bookinbook": "inbook",
    "suppbook": "inbook",
    "inreference": "incollection",
    "suppcollection": "incollection",
    "mvproceedings": "proceedings",
}
_BIBTEX_NATIVE = frozenset(
    {
        "article",
        "book",
        "booklet",
        "conference",
        "inbook",
        "incollection",
        "inproceedings",
        "manual",
        "mastersthesis",
        "misc",
        "phdthesis",
        "proceedings",
        "techreport",
        "unpublished",
    }
)
_BIBTEX_RENAMES = {"location": "address", "journaltitle": "journal"}

_CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "incollection": "chapter",
    "inreference": "entry",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "online": "webpage",
    "www": "webpage",
    "report": "report",
    "techreport": "report",
    "manual": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "booklet": "pamphlet",
    "unpublished": "manuscript",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
    "periodical": "periodical",
    "misc": "document",
}
# biblatex language names (babel / polyglossia) as BCP 47 tags.
LANGUAGE_TAGS = {
    "english": "en",
    "american": "en-US",
    "british": "en-GB",
    "chinese": "zh",
    "japanese": "ja",
    "korean": "ko",
    "german": "de",
    "french": "fr",
    "spanish": "es",
    "italian": "it",
    "russian": "ru",
    "portuguese": "pt",
    "dutch": "nl",
    "arabic": "ar",
}
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_CSL_NAME_FIELDS = (("author", "author"), ("editor", "editor"), ("translator", "translator"))
_CSL_DATE_FIELDS = (("urldate", "accessed"), ("origdate", "original-date"))
_CSL_TEXT_FIELDS = (
    ("origtitle", "original-title"),
    ("isbn", "ISBN"),
    ("issn", "ISSN"),
    ("edition", "edition"),
    ("volume", "volume"),
    ("series", "collection-title"),
    ("note", "note"),
    ("abstract", "abstract"),
)


def to_biblatex(entries: Sequence[BibEntry]) -> str:
    """biblatex text of ``entries`` in input order, every value braced and fields aligned."""
    library = Library()
    for entry in entries:
        fields = conform_to_datamodel(entry.entry_type, entry.fields)
        library.add(
            Entry(entry.entry_type, entry.key, [Field(name, _braced(value)) for name, value in _ordered(fields)])
        )
    return _write(library)


def conform_to_datamodel(entry_type: str, fields: Mapping[str, str]) -> dict[str, str]:
    """``fields`` with ``translator`` and ``origlanguage`` moved where biber's data model allows them.

    Nothing moves on a type that has both fields, nor when the target is taken
    (an entry with its own editor keeps its translator, and biber's warning).
    """
    result = dict(fields)
    if entry_type in TRANSLATION_TYPES:
        return result
    if "translator" in result and "editor" not in result and "editortype" not in result:
        result["editor"] = result.pop("translator")
        result["editortype"] = TRANSLATOR_ROLE
    if "origlanguage" in result:
        language = result.pop("origlanguage")
        addendum = result.get("addendum", "").rstrip()
        result["addendum"] = _sentences(addendum, f"{ORIGLANGUAGE_MARKER}{language}.")
    return result


def to_bibtex(entries: Sequence[BibEntry]) -> str:
    """Classic BibTeX text of ``entries``, biblatex types and fields mapped onto BibTeX's own."""
    library = Library()
    for entry in entries:
        entry_type, fields = _bibtex_fields(entry)
        library.add(
            Entry(
                entry_type,
                entry.key,
                [
                    Field(name, value if name == "month" and value in _MONTH_MACROS else _braced(value))
                    for name, value in _ordered(fields)
                ],
            )
        )
    return _write(library)


def to_csl_json(entries: Sequence[BibEntry]) -> list[dict[str, Any]]:
    """CSL-JSON items for ``entries``: plain text, names split, dates at the precision written."""
    return [_csl_item(entry) for entry in entries]


def format_name(name: str) -> str:
    """A BibTeX name as it reads in running text: ``Jin, Emily`` → ``Emily Jin``."""
    parts = _top_level_commas(name)
    if len(parts) == 2:
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3:
        return f"{parts[2]} {parts[0]}, {parts[1]}"
    return name


def _write(library: Library) -> str:
    """Serialise without bibtexparser's enclosing middleware: values arrive already enclosed."""
    layout = BibtexFormat()
    layout.indent = "  "
    layout.value_column = "auto"
    layout.trailing_comma = True
    layout.block_separator = "\n"
    return bibtexparser.write_string(library, unparse_stack=[], bibtex_format=layout)


def _braced(value: str) -> str:
    return "{" + _LINE_BLOCK_START.sub(" ", value) + "}"


def _ordered(fields: Mapping[str, str]) -> list[tuple[str, str]]:
    return sorted(fields.items(), key=lambda item: (_FIELD_RANK.get(item[0], len(_FIELD_RANK)), item[0]))


def _sentences(*pieces: str) -> str:
    """Join note-like pieces into sentences, each ending in one full stop."""
    kept = [piece.strip() for piece in pieces if piece.strip()]
    return " ".join(piece if piece[-1] in ".!?" else piece + "." for piece in kept)


def _top_level_commas(name: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for index, depth in _brace_depths(name):
        if name[index] == "," and depth == 0:
            parts.append(name[start:index].strip())
            start = index + 1
    parts.append(name[start:].strip())
    return parts


def _brace_depths(text: str) -> list[tuple[int, int]]:
    """Each character's index with the brace depth after it; ``\\{`` and ``\\}`` are text, not groups."""
    depths: list[tuple[int, int]] = []
    depth = 0
    for index, char in enumerate(text):
        escaped = index > 0 and text[index - 1] == "\\"
        if char == "{" and not escaped:
            depth += 1
        elif char == "}" and not escaped:
            depth = max(depth - 1, 0)
        depths.append((index, depth))
    return depths


def _entry_date(fields: Mapping[str, str]) -> PartialDate | DateRange | None:
    """The entry's date from ``date`` or ``year``/``month``; None when absent or unreadable."""
    try:
        if "date" in fields:
            return parse_date(fields["date"])
        if "year" in fields:
            return parse_bibtex_year_month(fields["year"], fields.get("month"))
    except DateError:
        return None
    return None


def _bibtex_fields(entry: BibEntry) -> tuple[str, dict[str, str]]:
    """The BibTeX type and fields for one entry; mapped biblatex fields are dropped, others kept."""
    fields = dict(entry.fields)
    entry_type = _bibtex_type(entry.entry_type, fields)
    for old, new in _BIBTEX_RENAMES.items():
        if old in fields and new not in fields:
            fields[new] = fields.pop(old)
    if "subtitle" in fields and "title" in fields:
        fields["title"] = f"{fields['title']}: {fields.pop('subtitle')}"
    notes: list[str] = [fields.pop("note", "")]
    if "date" in fields and "year" not in fields:
        notes.append(_move_date_to_year(fields))
    if "translator" in fields:
        names = split_names(fields.pop("translator"))
        notes.append("Translated by " + " and ".join(format_name(name) for name in names))
    if "origtitle" in fields:
        notes.append(f"Original title: {fields.pop('origtitle')}")
    if "origdate" in fields:
        notes.append(f"Originally published {fields.pop('origdate')}")
    if entry.entry_type == "online" and "url" in fields and "howpublished" not in fields:
        fields["howpublished"] = "\\url{" + fields.pop("url") + "}"
    if "urldate" in fields:
        notes.append(f"Accessed {fields.pop('urldate')}")
    note = _sentences(*notes)
    if note:
        fields["note"] = note
    return entry_type, fields


def _bibtex_type(entry_type: str, fields: dict[str, str]) -> str:
    if entry_type == "thesis":
        kind = fields.get("type", "").lower()
        if kind in ("mathesis", "mastersthesis", "master's thesis", "masters thesis"):
            fields.pop("type")
            result = "mastersthesis"
        else:
            if kind in ("phdthesis", "phd thesis", "phd"):
                fields.pop("type")
            result = "phdthesis"
        if "institution" in fields and "school" not in fields:
            fields["school"] = fields.pop("institution")
        return result
    mapped = _BIBTEX_TYPES.get(entry_type, entry_type)
    return mapped if mapped in _BIBTEX_NATIVE else "misc"


def _move_date_to_year(fields: dict[str, str]) -> str:
    """Replace ``date`` by ``year``/``month``; return what they cannot say, for the note.

    BibTeX styles print no day, so a day is dropped; an uncertain date or a
    range keeps its full text in the note. An unreadable date stays in
    ``date`` (ignored by BibTeX, kept for the reader).
    """
    try:
        date = parse_date(fields["date"])
    except DateError:
        return ""
    written = fields.pop("date")
    if isinstance(date, DateRange):
        start, end = date.start, date.end
        fields["year"] = "--".join(str(part.year) if part else "" for part in (start, end))
        return "" if start and end and not _qualified(start) and not _qualified(end) else f"Date {written}"
    fields["year"] = str(date.year)
    if date.month is not None:
        fields["month"] = _MONTH_MACROS[date.month - 1]
    return f"Date {written}" if _qualified(date) else ""


def _qualified(date: PartialDate) -> bool:
    return date.uncertain or date.approximate


def _csl_item(entry: BibEntry) -> dict[str, Any]:
    fields = entry.fields
    item: dict[str, Any] = {"id": entry.key, "type": _CSL_TYPES.get(entry.entry_type, "document")}
    if "title" in fields:
        title = strip_latex(fields["title"])
        if "subtitle" in fields:
            title = f"{title}: {strip_latex(fields['subtitle'])}"
        item["title"] = title
    for source, target in _CSL_NAME_FIELDS:
        if source in fields and not (source == "editor" and fields.get("editortype") == TRANSLATOR_ROLE):
            item[target] = [csl_name(name) for name in split_names(fields[source])]
    if fields.get("editortype") == TRANSLATOR_ROLE and "editor" in fields and "translator" not in fields:
        item["translator"] = [csl_name(name) for name in split_names(fields["editor"])]
    issued = _entry_date(fields)
    if issued is not None:
        item["issued"] = csl_date(issued)
    elif "date" in fields or "year" in fields:
        item["issued"] = {"raw": fields.get("date") or fields["year"]}
    for source, target in _CSL_DATE_FIELDS:
        if source in fields:
            try:
                item[target] = csl_date(parse_date(fields[source]))
            except DateError:
                item[target] = {"raw": fields[source]}
    for source, target in _CSL_TEXT_FIELDS:
        if source in fields:
            item[target] = strip_latex(fields[source])
    item.update(_csl_places(entry))
    language = csl_language(fields.get("langid", ""))
    if language:
        item["language"] = language
    # Identifiers are copied verbatim: LaTeX decoding would turn ``~`` in a URL into a space.
    if "url" in fields:
        item["URL"] = fields["url"]
    if "doi" in fields:
        item["DOI"] = fields["doi"]
    if "pages" in fields:
        item["page"] = strip_latex(fields["pages"].replace("--", "-"))
    return item


def _csl_places(entry: BibEntry) -> dict[str, str]:
    """Container, publisher, place and number: where each lives depends on the entry type."""
    fields = entry.fields
    item: dict[str, str] = {}
    container = _first(fields, ("journaltitle", "journal", "booktitle"))
    if container:
        item["container-title"] = strip_latex(container)
    publisher = _first(fields, ("publisher", "institution", "school", "organization"))
    if publisher:
        item["publisher"] = strip_latex(publisher)
    place = _first(fields, ("location", "address"))
    if place:
        item["publisher-place"] = strip_latex(place)
    number = _first(fields, ("issue", "number"))
    if number:
        is_article = entry.entry_type == "article"
        item["issue" if is_article else "number"] = strip_latex(number)
    return item


def _first(fields: Mapping[str, str], names: Iterable[str]) -> str | None:
    return next((fields[name] for name in names if name in fields), None)


def csl_name(name: str) -> dict[str, str]:
    """One BibTeX name as CSL: a wholly braced name is a ``literal`` (an institution), not a person.

    Lower-case words leading the family part are BibTeX's "von" part, CSL's
    ``non-dropping-particle``.
    """
    if name.startswith("{") and name.endswith("}") and _closes_at_end(name):
        return {"literal": strip_latex(name[1:-1])}
    parts = _top_level_commas(name)
    if len(parts) == 1:
        words = name.split()
        if len(words) == 1:
            return {"family": strip_latex(name)}
        parts = [words[-1], " ".join(words[:-1])]
    family_words = parts[0].split()
    particle = []
    while len(family_words) > 1 and family_words[0][:1].islower():
        particle.append(family_words.pop(0))
    result = {"family": strip_latex(" ".join(family_words))}
    if particle:
        result["non-dropping-particle"] = strip_latex(" ".join(particle))
    if len(parts) == 3:
        result["suffix"] = strip_latex(parts[1])
    if len(parts) > 1 and parts[-1]:
        result["given"] = strip_latex(parts[-1])
    return result


def _closes_at_end(name: str) -> bool:
    """Whether the brace opening ``name`` is the one closing it, so ``{A} and {B}`` is not one group."""
    return next(index for index, depth in _brace_depths(name) if depth == 0) == len(name) - 1


def csl_date(date: PartialDate | DateRange) -> dict[str, Any]:
    """CSL date: ``date-parts`` only as long as the date is precise; ``circa`` for ``?`` and ``~``."""
    if isinstance(date, DateRange):
        ends = [end for end in (date.start, date.end) if end is not None]
        result: dict[str, Any] = {"date-parts": [end.date_parts() for end in ends]}
        if date.start is None or date.end is None:
            # CSL cannot say "open" or "unknown"; keep the EDTF text beside the known end.
            result["raw"] = date.iso()
    else:
        ends = [date]
        result = {"date-parts": [date.date_parts()]}
    if any(_qualified(end) for end in ends):
        result["circa"] = True
    return result


def csl_language(langid: str) -> str | None:
    """BCP 47 tag for a biblatex language name or tag; None when it is neither."""
    name = langid.strip()
    if name.lower() in LANGUAGE_TAGS:
        return LANGUAGE_TAGS[name.lower()]
    return name if _LANGUAGE_TAG.fullmatch(name) else None
