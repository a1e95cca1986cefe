"""A manuscript's quotations and citations to and from the store.

Lets an unchanged manuscript be checked again without reading it: its
citations, quotations and prose division references come back from their rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from provenance.domain.locators import parse_locator
from provenance.inputs.manuscripts.model import (
    Citation,
    DivisionReference,
    LineIndex,
    ManuscriptExtract,
    MarkupProblem,
    Quotation,
)
from provenance.store.model import Citation as CitationRow
from provenance.store.model import Manuscript
from provenance.store.model import Quotation as QuotationRow


def extract_to_rows(session: Session, manuscript: Manuscript, found: ManuscriptExtract) -> None:
    ordinal = {id(citation): index for index, citation in enumerate(found.citations)}
    manuscript.division_references = [
        {
            "kind": r.kind,
            "number": r.number,
            "title": r.title,
            "start": r.start.offset,
            "end": r.end,
            "citation_key": r.citation_key,
        }
        for r in found.division_references
    ]
    manuscript.markup_problems = [[p.line, p.column, p.message] for p in found.markup_problems]
    session.add(manuscript)
    session.flush()
    if found.citations:
        session.execute(
            sa.insert(CitationRow),
            [
                {
                    "manuscript_id": manuscript.id,
                    "ordinal": index,
                    "key": c.key,
                    "locator": c.locator.raw if c.locator else None,
                    "locator_start": c.locator_span[0] if c.locator_span else None,
                    "locator_end": c.locator_span[1] if c.locator_span else None,
                    "key_start": c.key_start.offset,
                    "prefix": c.prefix,
                    "suffix": c.suffix,
                    "start": c.start.offset,
                    "end": c.end,
                    "line": c.start.line,
                    "column": c.start.column,
                }
                for index, c in enumerate(found.citations)
            ],
        )
    if found.quotations:
        session.execute(
            sa.insert(QuotationRow),
            [
                {
                    "manuscript_id": manuscript.id,
                    "text": q.text,
                    "start": q.start.offset,
                    "end": q.end,
                    "line": q.start.line,
                    "column": q.start.column,
                    "block": q.block,
                    "text_offsets": list(q.text_offsets) if q.text_offsets else None,
                    "citation_ordinals": [_ordinal(ordinal, found.citations, c) for c in q.citations],
                }
                for q in found.quotations
            ],
        )


def _ordinal(ordinal: dict[int, int], citations, citation: Citation) -> int:
    """Position of *citation* in the manuscript's list (by identity, else by place)."""
    if id(citation) in ordinal:
        return ordinal[id(citation)]
    return next(i for i, c in enumerate(citations) if c.start.offset == citation.start.offset and c.key == citation.key)


def extract_counts(session: Session, ids: list[int]) -> dict[int, tuple[int, int]]:
    """(quotations, citations) of each stored manuscript, by manuscript id, counted by the database."""
    counts = {i: [0, 0] for i in ids}
    for slot, table in enumerate((QuotationRow.__table__, CitationRow.__table__)):
        column = table.c.manuscript_id
        for manuscript_id, count in session.execute(
            sa.select(column, sa.func.count()).where(column.in_(ids)).group_by(column)
        ):
            counts[manuscript_id][slot] = count
    return {i: (quotations, citations) for i, (quotations, citations) in counts.items()}


def load_extracts(session: Session, manuscripts: list[Manuscript]) -> dict[int, ManuscriptExtract]:
    """Extracts of stored manuscripts, by manuscript id, read with three plain queries.

    Core rows, not ORM objects: an unchanged project of 10,000 quotations is
    read back in a fraction of the time object loading would take.
    """
    ids = [m.id for m in manuscripts]
    citations: dict[int, list] = {i: [] for i in ids}
    quotations: dict[int, list] = {i: [] for i in ids}
    c, q = CitationRow.__table__.c, QuotationRow.__table__.c
    for row in session.execute(
        sa.select(
            c.manuscript_id,
            c.key,
            c.locator,
            c.prefix,
            c.suffix,
            c.start,
            c.end,
            c.key_start,
            c.locator_start,
            c.locator_end,
        )
        .where(c.manuscript_id.in_(ids))
        .order_by(c.manuscript_id, c.ordinal)
    ):
        citations[row.manuscript_id].append(row)
    for quoted in session.execute(
        sa.select(q.manuscript_id, q.text, q.start, q.end, q.block, q.citation_ordinals, q.text_offsets)
        .where(q.manuscript_id.in_(ids))
        .order_by(q.manuscript_id, q.id)
    ):
        quotations[quoted.manuscript_id].append(quoted)
    return {
        m.id: _extract(m, citations[m.id], quotations[m.id], LineIndex.from_starts(m.line_starts)) for m in manuscripts
    }


def _extract(manuscript: Manuscript, citation_rows, quotation_rows, lines: LineIndex) -> ManuscriptExtract:
    citations = tuple(
        Citation(
            key=row.key,
            locator=parse_locator(row.locator) if row.locator else None,
            prefix=row.prefix or None,  # stored as "" (the column default); read as None, as parsed
            suffix=row.suffix or None,
            start=lines.position(row.start),
            end=row.end,
            key_start=lines.position(row.key_start),
            locator_span=(row.locator_start, row.locator_end) if row.locator_start is not None else None,
        )
        for row in citation_rows
    )
    quotations = tuple(
        Quotation(
            text=row.text,
            start=lines.position(row.start),
            end=row.end,
            block=row.block,
            citations=tuple(citations[i] for i in row.citation_ordinals),
            text_offsets=tuple(row.text_offsets) if row.text_offsets else None,
        )
        for row in quotation_rows
    )
    references = tuple(
        DivisionReference(
            kind=r["kind"],
            number=r["number"],
            title=r["title"],
            start=lines.position(r["start"]),
            end=r["end"],
            citation_key=r["citation_key"],
        )
        for r in manuscript.division_references
    )
    problems = tuple(MarkupProblem(line, column, message) for line, column, message in manuscript.markup_problems or ())
    return ManuscriptExtract(
        quotations=quotations, citations=citations, division_references=references, markup_problems=problems
    )
