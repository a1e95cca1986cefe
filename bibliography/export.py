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

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bibliography.bibtex import BibEntry, split_names, strip_latex
from bibliography.bibtex_writer import MONTH_MACROS, write_entries
from bibliography.dates import DateError, DateRange, PartialDate, parse_bibtex_year_month, parse_date
from bibliography.languages import language_tag
from bibliography.names import csl_name, format_name

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
# biblatex fields BibTeX has no field for, said in the note after this text.
_BIBTEX_NOTE_FIELDS = (
    ("origtitle", "Original title: "),
    ("origdate", "Originally published "),
    ("urldate", "Accessed "),
)

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
_CSL_NAME_FIELDS = (("author", "author"), ("editor", "editor"), ("translator", "translator"))
_CSL_DATE_FIELDS = (("urldate", "accessed"), ("origdate", "original-date"))
_CSL_VERBATIM_FIELDS = (("url", "URL"), ("doi", "DOI"))
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
    return write_entries(
        (entry.entry_type, entry.key, conform_to_datamodel(entry.entry_type, entry.fields)) for entry in entries
    )


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
    return write_entries(map(_bibtex_entry, entries), bare=MONTH_MACROS)


def to_csl_json(entries: Sequence[BibEntry]) -> list[dict[str, Any]]:
    """CSL-JSON items for ``entries``: plain text, names split, dates at the precision written."""
    return [_csl_item(entry) for entry in entries]


def _sentences(*pieces: str) -> str:
    """Join note-like pieces into sentences, each ending in one full stop."""
    kept = [piece.strip() for piece in pieces if piece.strip()]
    return " ".join(piece if piece[-1] in ".!?" else piece + "." for piece in kept)


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


def _bibtex_entry(entry: BibEntry) -> tuple[str, str, dict[str, str]]:
    """The BibTeX type, key and fields for one entry; mapped biblatex fields are dropped, others kept."""
    fields = dict(entry.fields)
    entry_type = _bibtex_type(entry.entry_type, fields)
    for old, new in _BIBTEX_RENAMES.items():
        if old in fields and new not in fields:
            fields[new] = fields.pop(old)
    if "subtitle" in fields and "title" in fields:
        fields["title"] = f"{fields['title']}: {fields.pop('subtitle')}"
    if entry.entry_type == "online" and "url" in fields and "howpublished" not in fields:
        fields["howpublished"] = "\\url{" + fields.pop("url") + "}"
    note = _sentences(*_bibtex_notes(fields))
    if note:
        fields["note"] = note
    return entry_type, entry.key, fields


def _bibtex_notes(fields: dict[str, str]) -> list[str]:
    """The note's pieces, taken out of *fields*: its own text, then what BibTeX has no field for."""
    notes = [fields.pop("note", "")]
    if "date" in fields and "year" not in fields:
        notes.append(_move_date_to_year(fields))
    if "translator" in fields:
        names = split_names(fields.pop("translator"))
        notes.append("Translated by " + " and ".join(format_name(name) for name in names))
    notes += [prefix + fields.pop(name) for name, prefix in _BIBTEX_NOTE_FIELDS if name in fields]
    return notes


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
        fields["month"] = MONTH_MACROS[date.month - 1]
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
    item.update(_csl_names(fields))
    item.update(_csl_dates(fields))
    item.update((target, strip_latex(fields[source])) for source, target in _CSL_TEXT_FIELDS if source in fields)
    item.update(_csl_places(entry))
    language = language_tag(fields.get("langid", ""))
    if language:
        item["language"] = language
    # Identifiers are copied verbatim: LaTeX decoding would turn ``~`` in a URL into a space.
    item.update((target, fields[source]) for source, target in _CSL_VERBATIM_FIELDS if source in fields)
    if "pages" in fields:
        item["page"] = strip_latex(fields["pages"].replace("--", "-"))
    return item


def _csl_names(fields: Mapping[str, str]) -> dict[str, list[dict[str, str]]]:
    """Author, editor and translator; an editor whose role is translator is the translator."""
    translating_editor = fields.get("editortype") == TRANSLATOR_ROLE
    sources = {source: target for source, target in _CSL_NAME_FIELDS if source in fields}
    if translating_editor and "editor" in sources:
        del sources["editor"]
        if "translator" not in fields:
            sources["editor"] = "translator"
    return {target: [csl_name(name) for name in split_names(fields[source])] for source, target in sources.items()}


def _csl_dates(fields: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Issued, accessed and original dates; one that cannot be read is kept as ``raw`` text."""
    dates: dict[str, dict[str, Any]] = {}
    issued = _entry_date(fields)
    if issued is not None:
        dates["issued"] = csl_date(issued)
    elif "date" in fields or "year" in fields:
        dates["issued"] = {"raw": fields.get("date") or fields["year"]}
    for source, target in _CSL_DATE_FIELDS:
        if source in fields:
            try:
                dates[target] = csl_date(parse_date(fields[source]))
            except DateError:
                dates[target] = {"raw": fields[source]}
    return dates


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
