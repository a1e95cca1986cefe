"""A PDF's text page by page, with the page labels people cite and its outline.

The page numbers printed in a book are not the PDF's page indexes: front matter
counts i, ii, iii, the body starts again at 1. The PDF says so in its
``/PageLabels`` tree, which pypdf reads; those labels are what a citation's
``p. xii`` means. The outline (bookmarks) gives chapters and sections.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import version

from provenance.errors import InputError


@dataclass(frozen=True)
class OutlineEntry:
    """A bookmark: its nesting level (0 = top), title, and the 1-based page it points to."""

    level: int
    title: str
    page: int


@dataclass(frozen=True)
class PdfText:
    pages: tuple[str, ...]
    labels: tuple[str, ...]  # one per page: "i", "ii", "1", …
    outline: tuple[OutlineEntry, ...]
    title: str | None
    author: str | None
    extractor: str


def extractor_name() -> str:
    return f"pypdf {version('pypdf')}"


def read_pdf(data: bytes, *, shown_as: str) -> PdfText:
    """The text of each page, its labels and outline; an unusable PDF is an InputError."""
    import pypdf  # on use: about 100 ms of start-up for every command otherwise
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    if not data.rstrip().endswith(b"%%EOF"):
        # pypdf would rebuild a cut file from what is left and miss its last pages.
        raise InputError("the PDF is truncated (no %%EOF at its end): an incomplete download?", path=shown_as)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its recoverable-damage warnings are not ours to show
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("the PDF is encrypted with a password; save an unencrypted copy", path=shown_as)
        pages = tuple(_page_text(page) for page in reader.pages)
        labels = tuple(reader.page_labels)
        outline = tuple(_outline(reader, reader.outline, 0))
        metadata: Mapping[str, object] = reader.metadata or {}
    except FileNotDecryptedError:
        raise InputError("the PDF is encrypted with a password; save an unencrypted copy", path=shown_as) from None
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise InputError(f"not a readable PDF: {error}", path=shown_as) from None
    except NotImplementedError as error:  # an encryption algorithm pypdf cannot open without extras
        raise InputError(f"the PDF cannot be opened: {error}", path=shown_as) from None
    if not any(page.strip() for page in pages):
        raise InputError(
            f"the PDF has no text layer in any of its {len(pages)} page(s) (a scan?); run OCR on it first",
            path=shown_as,
        )
    return PdfText(
        pages=pages,
        labels=labels,
        outline=outline,
        title=_string(metadata.get("/Title")),
        author=_string(metadata.get("/Author")),
        extractor=extractor_name(),
    )


def _page_text(page) -> str:
    # A form feed or NUL inside a page would split it or make the text file binary.
    return page.extract_text().replace("\f", " ").replace("\x00", "").strip()


def _outline(reader, items, level: int):
    for item in items:
        if isinstance(item, list):
            yield from _outline(reader, item, level + 1)
            continue
        page = reader.get_destination_page_number(item)
        if page is not None and page >= 0 and item.title:
            yield OutlineEntry(level=level, title=" ".join(str(item.title).split()), page=page + 1)


def _string(value) -> str | None:
    text = str(value).strip() if value else ""
    return text or None
