"""Formatted citations built from the project's own facts.

A citation of a quotation is built from where the passage really is (the
division path its words sit in), not from the locator the manuscript wrote, so
`cite_quote` prints the citation the manuscript should carry. Entries become
CSL-JSON through :func:`bibliography.export.to_csl_json`; a title in Chinese or
Japanese script gains its English translation in brackets (the entry's
``titleaddon``, or for an original title the ``titleaddon`` of the original's
own entry), as Chicago and APA ask for titles in other scripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bibliography.bibtex import BibEntry, strip_latex
from bibliography.csl import DEFAULT_STYLE, CslError, OutputFormat, format_bibliography, format_citation
from bibliography.export import to_csl_json
from provenance.config import Config
from provenance.errors import InputError
from provenance.library import cited_keys, library_entries, select_entries
from provenance.locators import Locator
from provenance.resolve import Resolution

# Han, kana and hangul: scripts whose titles a English reader needs translated.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(frozen=True)
class FormattedCitation:
    """A note or in-text citation, the work's bibliography entry, and the locator used."""

    citation: str
    entry: str
    locator: str | None


def cite_key(config: Config, key: str, locator: str | None = None, style: str = DEFAULT_STYLE,
             fmt: OutputFormat = "text") -> FormattedCitation:
    """The citation of ``key`` at ``locator`` and its bibliography entry."""
    items = csl_items(library_entries(config))
    if not any(item["id"] == key for item in items):
        raise InputError(f"unknown key: {key}")
    return _formatted(items, key, locator, style, fmt)


def cite_quote(config: Config, path: str, line: int, style: str = DEFAULT_STYLE,
               fmt: OutputFormat = "text") -> FormattedCitation:
    """The citation the quotation at ``path:line`` should carry: its cited work, at the division it is in."""
    resolution = _resolution(config, path, line)
    citation = resolution.citation
    located = resolution.primary
    if citation is None or resolution.entry is None:
        raise InputError("the quotation cites no known work", path=path, line=line)
    if located is None:
        raise InputError(f"the quotation was not found in the text of @{citation.key}", path=path, line=line)
    from provenance.rules.locators import corrected_locator

    written = citation.locator or Locator((), "")
    locator = corrected_locator(written, located.division_path) or None
    return _formatted(csl_items(library_entries(config)), citation.key, locator, style, fmt)


def manuscript_bibliography(config: Config, manuscript: str, style: str = DEFAULT_STYLE,
                            fmt: OutputFormat = "text") -> list[str]:
    """The bibliography of every work ``manuscript`` cites, in the style's order."""
    entries = library_entries(config)
    keys = cited_keys(config, manuscript)
    select_entries(entries, keys)  # an unknown key is an input error, named
    try:
        return format_bibliography(csl_items(entries), keys, style, fmt)
    except CslError as error:
        raise InputError(str(error)) from error


def csl_items(entries: list[BibEntry]) -> list[dict[str, Any]]:
    """CSL-JSON items of ``entries``, titles in CJK script followed by their English translation."""
    by_key = {entry.key: entry for entry in entries}
    items = to_csl_json(entries)
    for entry, item in zip(entries, items):
        addon = _field(entry, "titleaddon")
        if addon and _CJK.search(item.get("title", "")):
            item["title"] = f"{item['title']} [{addon}]"
        original = _translated_from(entry, by_key)
        original_addon = _field(original, "titleaddon") if original else None
        if original_addon and _CJK.search(item.get("original-title", "")):
            item["original-title"] = f"{item['original-title']} [{original_addon}]"
    return items


def _formatted(items: list[dict[str, Any]], key: str, locator: str | None, style: str,
               fmt: OutputFormat) -> FormattedCitation:
    try:
        citation = format_citation(items, key, locator, style, fmt)
        entry = " ".join(format_bibliography(items, [key], style, fmt))
    except CslError as error:
        raise InputError(str(error)) from error
    return FormattedCitation(citation=citation, entry=entry, locator=locator)


def _translated_from(entry: BibEntry, by_key: dict[str, BibEntry]) -> BibEntry | None:
    """The entry of the work ``entry`` translates (biblatex ``related`` + ``translationof``)."""
    if entry.fields.get("relatedtype", "").lower() != "translationof":
        return None
    return by_key.get(entry.fields.get("related", "").split(",")[0].strip())


def _field(entry: BibEntry | None, name: str) -> str | None:
    value = entry.fields.get(name) if entry else None
    return strip_latex(value) if value else None


def _resolution(config: Config, path: str, line: int) -> Resolution:
    """The resolved quotation that starts on or spans ``line`` of manuscript ``path`` (the first of several)."""
    from provenance.trace import resolutions_at

    return resolutions_at(config, path, line)[1][0]
