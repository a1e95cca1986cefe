"""Page locators checked against the pages of a captured PDF (part of L001 and L003).

``p. 23``, ``pp. 23–25``, ``23f.``, ``23ff.``, ``p. xii``: each names page labels
as the PDF prints them. A locator is right when the pages it names cover every
page the passage runs over; a label the document does not have is L003.
Sources without page divisions (texts with no PDF behind them) are not checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provenance.check.rules.registry import Problem
from provenance.domain.findings import Evidence, Fix
from provenance.domain.locators import Locator, LocatorPart
from provenance.inputs.sources.pages import Pages
from provenance.inputs.structure import format_path

# "23", "23–25", "23-5", "xii–xiv", "23f.", "23 ff."
_RANGE = re.compile(r"^(?P<first>[^\s–—-]+?)\s*(?:(?P<following>ff?)\.?|[-–—]+\s*(?P<last>\S+))?$")


@dataclass(frozen=True)
class CitedPages:
    """The page indexes a page locator part names, or the labels the document lacks."""

    first: int | None
    last: int | None
    missing: tuple[str, ...] = ()


def page_parts(locator: Locator | None) -> list[LocatorPart]:
    return [p for p in locator.parts if p.label == "page"] if locator else []


def cited_pages(part: LocatorPart, pages: Pages) -> CitedPages | None:
    """Read a page part against the document's labels; None when it is not a page reference."""
    value = part.value.strip()
    if pages.indexes_of(value):  # a label with a hyphen of its own ("T-1") before any range
        index = pages.indexes_of(value)[0]
        return CitedPages(index, index)
    match = _RANGE.match(value)
    if not match:
        return None
    first_label, last_label = match["first"], _full_last_label(match["first"], match["last"])
    missing = tuple(label for label in (first_label, last_label) if label and not pages.indexes_of(label))
    if missing:
        return CitedPages(None, None, missing)
    first = pages.indexes_of(first_label)[0]
    return CitedPages(first, _last_page(pages, first, match["following"], last_label))


def _full_last_label(first: str, last: str | None) -> str | None:
    """The range's last page written out: "123–25" is 123–125."""
    if last and first.isdigit() and last.isdigit() and len(last) < len(first):
        return first[: len(first) - len(last)] + last
    return last


def _last_page(pages: Pages, first: int, following: str | None, last_label: str | None) -> int:
    """The index of the last page cited: the next with "f.", the end of the document with "ff."."""
    if following == "f":
        return min(first + 1, len(pages.divisions) - 1)
    if following == "ff":
        return len(pages.divisions) - 1
    if last_label:
        return next((i for i in pages.indexes_of(last_label) if i >= first), first)
    return first


def page_locator_text(pages: Pages, first: int, last: int, latex: bool) -> str:
    """``p. 24`` or ``pp. 23–24`` (LaTeX: ``p.~24``, ``pp.~23--24``)."""
    if first == last:
        text = f"p. {pages.label(first)}"
    else:
        text = f"pp. {pages.label(first)}{'--' if latex else '–'}{pages.label(last)}"
    return text.replace(". ", ".~") if latex else text


@dataclass(frozen=True)
class PageCheck:
    """A page part of a citation that misses the pages its passage is on, and the right locator."""

    part: LocatorPart
    first: int
    last: int
    right: str
    pages: Pages


def wrong_pages(locator: Locator | None, located, latex: bool = False) -> list[PageCheck]:
    """The page parts of *locator* that do not cover the pages of the passage *located* spans."""
    pages = located.source.structure.pages if located is not None else None
    if not pages or not pages.divisions:
        return []
    first = pages.index_at(located.match.source_start)
    last = pages.index_at(max(located.match.source_end - 1, located.match.source_start))
    checks = []
    for part in page_parts(locator):
        cited = cited_pages(part, pages)
        if cited is None or cited.missing or cited.first is None or cited.last is None:
            continue  # unreadable, or a page the document lacks (L003)
        if cited.first <= first and last <= cited.last:
            continue  # right
        checks.append(PageCheck(part, first, last, page_locator_text(pages, first, last, latex), pages))
    return checks


def with_right_pages(locator: Locator, located) -> Locator:
    """*locator* with every wrong page part replaced by the pages the passage is on."""
    replaced = {id(check.part): check.right for check in wrong_pages(locator, located)}
    if not replaced:
        return locator
    parts = tuple(
        LocatorPart("page", replaced[id(p)], p.number, replaced[id(p)]) if id(p) in replaced else p
        for p in locator.parts
    )
    return Locator(parts, ", ".join(p.raw for p in parts))


def page_mismatches(resolution):
    """L001 for page locators: the passage is on other pages than the ones cited."""
    located, citation = resolution.primary, resolution.citation
    if located is None or citation is None:
        return
    for check in wrong_pages(citation.locator, located, resolution.manuscript.syntax == "latex"):
        pages, first, last = check.pages, check.first, check.last
        where = (
            f"on page {pages.label(first)}" if first == last else f"on pages {pages.label(first)}–{pages.label(last)}"
        )
        path = located.division_path
        fix = _fix(resolution, check.part, check.right)
        yield Problem(
            message=f"cites {check.part.raw}, but the passage is {where}: {format_path(path)}",
            path=resolution.manuscript.path,
            line=citation.start.line,
            column=citation.start.column,
            citation_key=citation.key,
            fix=fix,
            evidence=Evidence(
                expected=check.right,
                found=check.part.raw,
                source_path=located.source.path,
                source_line=located.line,
                source_end_line=located.end_line,
                division=format_path(path),
                extra={"suggested_locator": fix.replacement} if fix else {},
            ),
        )


def _fix(resolution, part: LocatorPart, right: str) -> Fix | None:
    citation = resolution.citation
    if citation.locator_span is None:
        return None
    replacement = ", ".join(right if p is part else p.raw for p in citation.locator.parts)
    start, end = citation.locator_span
    return Fix(
        path=resolution.manuscript.path,
        start=start,
        end=end,
        replacement=replacement,
        description=f"cite {replacement}",
    )


def pages_out_of_range(subject, project):
    """L003 for page locators: the cited page label is not in the document."""
    manuscript, citation = subject
    for source in project.sources_of(citation.key):
        pages = source.structure.pages
        if not pages.divisions:
            continue
        for part in page_parts(citation.locator):
            cited = cited_pages(part, pages)
            if cited is None or not cited.missing:
                continue
            yield Problem(
                message=f"cites {part.raw}, but {source.path} has no page {', '.join(cited.missing)} "
                f"(its pages are {pages.describe()})",
                path=manuscript.path,
                line=citation.start.line,
                column=citation.start.column,
                citation_key=citation.key,
                evidence=Evidence(found=part.raw, source_path=source.path),
            )
