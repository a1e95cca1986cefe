"""Bibliographies read from BibTeX/biblatex files or CSL-JSON into :class:`BibEntry` values.

Whatever the source, the checker sees one shape: biblatex fields as a writer
would type them (``translator``, ``origlanguage``, ``date`` in ISO form,
corporate authors in braces). CSL-JSON is mapped field by field, the inverse
of :func:`bibliography.export.to_csl_json`; biblatex written to fit biber's
data model (a translator spelled as an editor with ``editortype =
{translator}``) is read back as the plain field, the inverse of
:func:`bibliography.export.conform_to_datamodel`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bibliography.bibtex import BibEntry, BibliographyError, read_bibtex
from bibliography.dates import DateError, DateRange, PartialDate
from bibliography.export import ORIGLANGUAGE_MARKER, TRANSLATION_TYPES, TRANSLATOR_ROLE
from bibliography.languages import biblatex_language

_BIBLATEX_TYPES = {
    "article": "article",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "collection": "collection",
    "chapter": "incollection",
    "entry": "inreference",
    "entry-dictionary": "inreference",
    "entry-encyclopedia": "inreference",
    "paper-conference": "inproceedings",
    "webpage": "online",
    "post": "online",
    "post-weblog": "online",
    "report": "report",
    "thesis": "thesis",
    "pamphlet": "booklet",
    "manuscript": "unpublished",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
    "periodical": "periodical",
    "document": "misc",
}
_TEXT_FIELDS = (
    ("original-title", "origtitle"),
    ("ISBN", "isbn"),
    ("ISSN", "issn"),
    ("edition", "edition"),
    ("volume", "volume"),
    ("collection-title", "series"),
    ("note", "note"),
    ("abstract", "abstract"),
    ("publisher-place", "location"),
)
_VERBATIM_FIELDS = (("URL", "url"), ("DOI", "doi"))
_DATE_FIELDS = (("issued", "date"), ("accessed", "urldate"), ("original-date", "origdate"))
_NAME_FIELDS = (("author", "author"), ("editor", "editor"), ("translator", "translator"))
# LaTeX's special characters, escaped so that plain CSL text means the same in BibTeX.
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# The first character of a TeX ligature, when the second follows: "--", "``", "''", "?`", "!`".
_LIGATURE = re.compile(r"-(?=-)|`(?=`)|'(?=')|[?!](?=`)")
_SPECIAL = re.compile("|".join(re.escape(char) for char in _LATEX_SPECIALS))
_MARKED_LANGUAGE = re.compile(rf"(?:^|\s){re.escape(ORIGLANGUAGE_MARKER)}(?P<language>[^{{}}]+?)\.$")


def read_library(path: Path) -> list[BibEntry]:
    """Entries of a ``.bib`` or CSL ``.json`` file; any unreadable part is an error naming the file.

    Unlike :func:`read_bibtex`, which reports problems beside the usable
    entries, an import must not quietly drop an entry, so the first problem is
    raised (with how many there are).
    """
    suffix = path.suffix.lower()
    if suffix == ".bib":
        bib = read_bibtex(path)
        if bib.problems:
            first = bib.problems[0]
            more = f" (and {len(bib.problems) - 1} more problems)" if len(bib.problems) > 1 else ""
            raise BibliographyError(first.message + more, path=str(path), line=first.line)
        return from_biblatex(bib.entries)
    if suffix == ".json":
        return _read_csl_json(path)
    raise BibliographyError(
        f"unsupported bibliography format '{path.suffix or '(no extension)'}'; "
        "use .bib (BibTeX/biblatex) or .json (CSL-JSON)",
        path=str(path),
    )


def from_biblatex(entries: Sequence[BibEntry]) -> list[BibEntry]:
    """Entries with the data-model spellings of :func:`conform_to_datamodel` turned back into fields."""
    return [_restore_fields(entry) for entry in entries]


def from_csl_json(items: list[dict[str, Any]], path: str, lines: Sequence[int] | None = None) -> list[BibEntry]:
    """CSL-JSON items as entries; ``lines`` gives each item's 1-based line, else lines are 0 (unknown).

    An item without an ``id``, with a repeated one or that is not an object
    raises :class:`BibliographyError`: there would be no key to cite it by.
    """
    entries: list[BibEntry] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        line = lines[index] if lines is not None else 0
        if not isinstance(item, dict):
            raise BibliographyError(f"CSL item {index + 1} is not an object", path=path, line=line or None)
        key = item.get("id")
        if not isinstance(key, (str, int)) or isinstance(key, bool) or str(key) == "":
            raise BibliographyError(f"CSL item {index + 1} has no id", path=path, line=line or None)
        key = str(key)
        if key in seen:
            raise BibliographyError(
                f"duplicate id '{key}' (first is item {seen[key] + 1})", path=path, line=line or None
            )
        seen[key] = index
        entry_type = _entry_type(item)
        try:
            fields = _csl_fields(item, entry_type)
        except (DateError, TypeError, ValueError) as error:
            raise BibliographyError(f"CSL item '{key}': {error}", path=path, line=line or None) from None
        field_lines = {name: line for name in fields} if line else {}
        entries.append(BibEntry(key, entry_type, fields, path, line, field_lines))
    return entries


def _read_csl_json(path: Path) -> list[BibEntry]:
    """Parse a CSL-JSON array item by item, so each entry knows the line it starts on."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BibliographyError("bibliography file not found", path=str(path)) from None
    except UnicodeDecodeError as error:
        raise BibliographyError(f"not valid UTF-8: {error.reason}", path=str(path)) from None
    except OSError as error:
        raise BibliographyError(f"cannot read bibliography file: {error.strerror}", path=str(path)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BibliographyError(
            f"invalid JSON: {error.msg} (column {error.colno})", path=str(path), line=error.lineno
        ) from None
    if not isinstance(data, list):
        raise BibliographyError("CSL-JSON must be an array of items", path=str(path), line=1)
    return from_csl_json(data, str(path), _item_lines(text))


def _item_lines(text: str) -> list[int]:
    """1-based line where each element of the (valid) top-level JSON array starts."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    position = text.index("[") + 1
    while True:
        position = _skip_json_space(text, position)
        if text[position] == "]":
            return lines
        lines.append(text.count("\n", 0, position) + 1)
        _, position = decoder.raw_decode(text, position)
        position = _skip_json_space(text, position)
        if text[position] == ",":
            position += 1


def _skip_json_space(text: str, position: int) -> int:
    while text[position] in " \t\r\n":
        position += 1
    return position


def _entry_type(item: Mapping[str, Any]) -> str:
    csl_type = item.get("type", "document")
    if csl_type == "chapter" and "editor" not in item and "container-author" not in item:
        return "inbook"
    return _BIBLATEX_TYPES.get(csl_type, "misc")


def _csl_fields(item: Mapping[str, Any], entry_type: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for source, target in _NAME_FIELDS:
        if source in item:
            fields[target] = " and ".join(_bibtex_name(name) for name in item[source])
    if "title" in item:
        fields["title"] = escape_latex(str(item["title"]))
    if "container-title" in item:
        container = escape_latex(str(item["container-title"]))
        fields["journaltitle" if entry_type == "article" else "booktitle"] = container
    if "publisher" in item:
        fields[_publisher_field(entry_type)] = escape_latex(str(item["publisher"]))
    fields.update((target, escape_latex(str(item[source]))) for source, target in _TEXT_FIELDS if source in item)
    fields.update((target, str(item[source])) for source, target in _VERBATIM_FIELDS if source in item)
    fields.update((target, _iso_date(item[source])) for source, target in _DATE_FIELDS if source in item)
    fields.update(_numbers(item))
    if "language" in item:
        fields["langid"] = biblatex_language(str(item["language"]))
    return fields


def _numbers(item: Mapping[str, Any]) -> dict[str, str]:
    """Pages with BibTeX's en dash, and the issue (or, in other types, the number)."""
    fields = {}
    if "page" in item:
        fields["pages"] = escape_latex(str(item["page"])).replace("-", "--")
    number = item.get("issue", item.get("number"))
    if number is not None:
        fields["number"] = escape_latex(str(number))
    return fields


def _publisher_field(entry_type: str) -> str:
    """Where biblatex keeps the body that issued the work, which CSL calls publisher throughout."""
    if entry_type in ("report", "thesis"):
        return "institution"
    if entry_type in ("online", "misc", "software", "dataset"):
        return "organization"
    return "publisher"


def _bibtex_name(name: Mapping[str, Any]) -> str:
    """``{literal}`` braced as one corporate name; a person as ``particle Family, Suffix, Given``."""
    if "literal" in name:
        return "{" + escape_latex(str(name["literal"])) + "}"
    family = " ".join(str(name[part]) for part in ("non-dropping-particle", "family") if name.get(part))
    if name.get("dropping-particle"):
        family = f"{name['dropping-particle']} {family}"
    if not family:
        raise ValueError(f"name {dict(name)!r} has neither family nor literal")
    parts = [escape_latex(family)]
    if name.get("suffix"):
        parts.append(escape_latex(str(name["suffix"])))
    if name.get("given"):
        parts.append(escape_latex(str(name["given"])))
    if len(parts) == 1 and " " in family:
        # "van Gogh" alone would read as given name "van", family "Gogh".
        return parts[0] + ","
    return ", ".join(parts)


def _iso_date(value: Mapping[str, Any]) -> str:
    """A CSL date as biblatex writes it: ``[[2025, 1]]`` → ``2025-01``, two parts → a range."""
    if "date-parts" not in value:
        if "raw" in value:
            return str(value["raw"])
        raise ValueError(f"date {dict(value)!r} has neither date-parts nor raw")
    if "raw" in value and "/" in str(value["raw"]):
        return str(value["raw"])
    circa = bool(value.get("circa"))
    ends = [_partial_date([int(part) for part in parts], circa) for parts in value["date-parts"]]
    if len(ends) == 1:
        return ends[0].iso()
    if len(ends) == 2:
        return DateRange(ends[0], ends[1]).iso()
    raise ValueError(f"date-parts {value['date-parts']!r} has more than two dates")


def escape_latex(text: str) -> str:
    """Plain text as a BibTeX value that LaTeX prints as the same text.

    Besides the special characters, ligatures are broken with an empty group:
    TeX would print "--" as an en dash, "``" as an opening quote, "?`" as "¿".
    """
    escaped = _SPECIAL.sub(lambda match: _LATEX_SPECIALS[match.group(0)], text)
    return _LIGATURE.sub(lambda match: match.group() + "{}", escaped)


def _restore_fields(entry: BibEntry) -> BibEntry:
    if entry.entry_type in TRANSLATION_TYPES:
        return entry
    fields = dict(entry.fields)
    places = (dict(entry.field_lines), dict(entry.field_columns))
    if fields.get("editortype") == TRANSLATOR_ROLE and "editor" in fields and "translator" not in fields:
        del fields["editortype"]
        fields["translator"] = fields.pop("editor")
        for place in places:
            place.pop("editortype", None)
            if "editor" in place:
                place["translator"] = place.pop("editor")
    marked = _MARKED_LANGUAGE.search(fields.get("addendum", ""))
    if marked and "origlanguage" not in fields:
        fields["origlanguage"] = marked["language"]
        rest = fields["addendum"][: marked.start()].strip()
        for place in places:
            if "addendum" in place:
                place["origlanguage"] = place["addendum"]
        if rest:
            fields["addendum"] = rest
        else:
            del fields["addendum"]
            for place in places:
                place.pop("addendum", None)
    if fields == entry.fields:
        return entry
    return replace(entry, fields=fields, field_lines=places[0], field_columns=places[1])


def _partial_date(numbers: list[int], approximate: bool) -> PartialDate:
    """A CSL ``date-parts`` item: [year], [year, month] or [year, month, day]."""
    month = numbers[1] if len(numbers) > 1 else None
    day = numbers[2] if len(numbers) > 2 else None
    return PartialDate(numbers[0], month, day, approximate=approximate)
