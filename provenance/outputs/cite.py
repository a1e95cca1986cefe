"""Formatted citations built from the project's own facts.

A citation of a quotation is built from where the passage really is (the
division path its words sit in), not from the locator the manuscript wrote, so
`cite_quote` prints the citation the manuscript should carry. The cited entries
go to pandoc as biblatex with what the project knows written in (translator,
the linked original work, title translations, whole publisher names: see
:mod:`bibliography.pandoc_entries`), and pandoc's citeproc formats them in one run,
in the locale of the manuscript's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bibliography.bibtex import BibEntry
from bibliography.csl import DEFAULT_STYLE, Citation, OutputFormat, Rendered, render_biblatex
from bibliography.errors import FormatError
from bibliography.pandoc_entries import pandoc_biblatex
from provenance.check.resolve import Resolution
from provenance.domain.locators import Locator, corrected_locator
from provenance.errors import InputError
from provenance.inputs.config import Config
from provenance.inputs.manuscripts import syntax_for
from provenance.inputs.manuscripts.markdown import front_matter
from provenance.outputs.library import select_entries
from provenance.text.files import decode_text, read_bytes

#: A BCP 47 language tag, the form pandoc's ``lang`` takes.
_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class FormattedCitation:
    """A note or in-text citation, the work's bibliography entry, and the locator used."""

    citation: str
    entry: str
    locator: str | None


def cite_key(
    entries: list[BibEntry],
    key: str,
    locator: str | None = None,
    style: str = DEFAULT_STYLE,
    fmt: OutputFormat = "text",
    lang: str | None = None,
) -> FormattedCitation:
    """The citation of ``key`` at ``locator`` and its bibliography entry."""
    if not any(entry.key == key for entry in entries):
        raise InputError(f"unknown key: {key}")
    return _formatted(entries, key, locator, style, fmt, lang)


def cite_quote(
    entries: list[BibEntry],
    resolution: Resolution,
    where: tuple[str, int],
    style: str = DEFAULT_STYLE,
    fmt: OutputFormat = "text",
    lang: str | None = None,
) -> FormattedCitation:
    """The citation a resolved quotation should carry: its cited work, at the division it is in.

    *where* is the quotation's place as the user named it (path, line), for the messages.
    """
    citation = resolution.citation
    located = resolution.primary
    path, line = where
    if citation is None or resolution.entry is None:
        raise InputError("the quotation cites no known work", path=path, line=line)
    if located is None:
        raise InputError(f"the quotation was not found in the text of @{citation.key}", path=path, line=line)
    written = citation.locator or Locator((), "")
    locator = corrected_locator(written, located.division_path) or None
    return _formatted(entries, citation.key, locator, style, fmt, lang)


def manuscript_bibliography(
    entries: list[BibEntry],
    keys: list[str],
    style: str = DEFAULT_STYLE,
    fmt: OutputFormat = "text",
    lang: str | None = None,
) -> list[str]:
    """The bibliography of the works of *keys* (those a manuscript cites), in the style's order."""
    select_entries(entries, keys)  # an unknown key is an input error, named
    return _rendered(entries, [Citation(key) for key in keys], style, fmt, lang).bibliography


def manuscript_lang(config: Config, manuscript: str) -> str | None:
    """The ``lang`` of a Markdown manuscript's front matter, pandoc's variable for the document's language."""
    path = config.root / manuscript if not Path(manuscript).is_absolute() else Path(manuscript)
    text = decode_text(read_bytes(path, shown_as=manuscript), shown_as=manuscript)
    fields, _ = front_matter(text) if syntax_for(manuscript) == "markdown" else (None, 0)
    lang = fields.get("lang") if fields else None
    return lang if isinstance(lang, str) and _TAG.fullmatch(lang) else None


def _formatted(
    entries: list[BibEntry], key: str, locator: str | None, style: str, fmt: OutputFormat, lang: str | None
) -> FormattedCitation:
    rendered = _rendered(entries, [Citation(key, locator)], style, fmt, lang)
    return FormattedCitation(citation=rendered.citations[0], entry=" ".join(rendered.bibliography), locator=locator)


def _rendered(
    entries: list[BibEntry], citations: list[Citation], style: str, fmt: OutputFormat, lang: str | None
) -> Rendered:
    """One pandoc run reads the cited entries (as biblatex with the project's knowledge written in)
    and formats citations and bibliography."""
    try:
        biblatex = pandoc_biblatex(entries, [citation.key for citation in citations])
        return render_biblatex(biblatex, citations, style, lang, fmt)
    except FormatError as error:
        raise InputError(str(error)) from error
