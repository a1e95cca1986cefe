"""The main text of a web page: trafilatura drops navigation and boilerplate.

Trafilatura's XML output keeps headings apart from paragraphs; it is written
out here as Markdown-style text (``## Heading``, blank-line paragraphs) so the
headings stay structure and the words stay as the page has them (its Markdown
output escapes ``_`` and ``*``, which would make quotations miss).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version

from provenance.errors import InputError

_HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


@dataclass(frozen=True)
class PageText:
    text: str
    title: str | None
    author: str | None
    date: str | None
    site: str | None
    extractor: str


def extractor_name() -> str:
    return f"trafilatura {version('trafilatura')}"


def read_html(data: bytes, *, shown_as: str, url: str | None = None) -> PageText:
    import trafilatura  # on use: about 300 ms of start-up for every command otherwise
    from lxml import etree

    extracted = trafilatura.extract(
        data,
        url=url,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        deduplicate=False,
        with_metadata=True,
    )
    if not extracted:
        raise InputError("the page has no main text to extract (empty, or only navigation)", path=shown_as)
    document = etree.fromstring(extracted.encode("utf-8"))
    body = document.find("main")
    text = "\n\n".join(block for block in map(_block, body if body is not None else []) if block)
    if not text.strip():
        raise InputError("the page has no main text to extract (empty, or only navigation)", path=shown_as)
    return PageText(
        text=text + "\n",
        title=_attribute(document, "title"),
        author=_attribute(document, "author"),
        date=_attribute(document, "date"),
        site=_attribute(document, "sitename"),
        extractor=extractor_name(),
    )


def _block(element) -> str:
    """One block of the main text: a heading becomes ``#``-prefixed, a list one item a line."""
    if element.tag == "code":
        # Indented as Markdown code, so a C "#define" line is not read as a heading.
        return "\n".join(f"    {line}" for line in "".join(element.itertext()).splitlines())
    words = " ".join("".join(element.itertext()).split())
    if element.tag == "head":
        level = _HEADING_LEVELS.get(element.get("rend", ""), 2)
        return f"{'#' * level} {words}" if words else ""
    if element.tag == "list":
        return "\n".join(f"- {' '.join(''.join(item.itertext()).split())}" for item in element.iter("item"))
    if element.tag == "table":
        return "\n".join(
            " | ".join(" ".join("".join(cell.itertext()).split()) for cell in row) for row in element.iter("row")
        )
    return words


def _attribute(document, name: str) -> str | None:
    value = (document.get(name) or "").strip()
    return value or None
