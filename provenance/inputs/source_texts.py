"""Source texts into the store and back: text, structure, paragraphs and normalisation.

A source the store holds unchanged comes back with its divisions and its
normalised text, so a lint whose sources did not change never parses or
normalises them again.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from provenance.inputs.input_files import InputText, Progress, replace_input, unchanged
from provenance.inputs.project import SourceRecord
from provenance.inputs.structure import Division as StructureDivision
from provenance.inputs.structure import Structure, parse_structure
from provenance.store.model import Division, InputFile, Passage, Source
from provenance.text.matching import NormalizedText, OffsetMap, SourceMatcher
from provenance.text.paragraphs import paragraph_spans
from provenance.text.scripts import text_language


def ingest_sources(
    session: Session, files: list[InputText], known: dict[str, InputFile], note: Progress
) -> dict[str, SourceRecord]:
    kept = {item.path: row.id for item in files if (row := unchanged(item, known)) is not None}
    stored = _stored_sources(session, list(kept.values()))
    sources: dict[str, SourceRecord] = {}
    for item in files:
        if item.path in kept:
            sources[item.path] = stored[kept[item.path]]
        else:
            note(f"reading {item.path}")
            text = item.text
            record = SourceRecord(
                path=item.path, text=text, language=text_language(text), structure=parse_structure(text)
            )
            record.store_id = _store_source(session, replace_input(session, item, known), item, record)
            sources[item.path] = record
    return sources


def _store_source(session: Session, row: InputFile, item: InputText, record: SourceRecord) -> int:
    normalized = record.matcher.normalized
    source = Source(
        input_file_id=row.id,
        path=item.path,
        text=record.text,
        content_hash=item.digest,
        language=record.language,
        normalized=normalized.text,
        offset_runs=normalized.offsets.to_bytes(),
    )
    session.add(source)
    session.flush()
    divisions = [
        {
            "source_id": source.id,
            "kind": d.kind,
            "number": d.number,
            "label": d.label,
            "title": d.title,
            "start": d.start,
            "end": d.end,
            "line": d.line,
            "depth": d.depth,
        }
        for d in record.structure.divisions
    ]
    if divisions:
        session.execute(sa.insert(Division), divisions)
    # Slices of the whole text's normalisation: normalisation never looks across a
    # paragraph break, so a slice equals the paragraph normalised alone.
    passages = [
        {
            "source_id": source.id,
            "start": start,
            "end": end,
            "line": record.line_of(start),
            "normalized": normalized.of_span(start, end),
        }
        for start, end in paragraph_spans(record.text)
    ]
    if passages:
        session.execute(sa.insert(Passage), passages)
    return source.id


def _stored_sources(session: Session, input_ids: list[int]) -> dict[int, SourceRecord]:
    """The sources stored for these input files, by input file id, with their normalisation.

    Two queries on the tables (not one per source through the ORM): a lint where
    only manuscripts changed loads every source this way.
    """
    if not input_ids:
        return {}
    table, parts = Source.__table__, Division.__table__
    rows = session.execute(
        sa.select(
            table.c.id,
            table.c.input_file_id,
            table.c.path,
            table.c.text,
            table.c.language,
            table.c.normalized,
            table.c.offset_runs,
        ).where(table.c.input_file_id.in_(input_ids))
    ).all()
    divisions: dict[int, list[StructureDivision]] = {row.id: [] for row in rows}
    # Columns in the order of the division's fields, each row made one as it comes: sources of
    # 100 MB have some 60,000 divisions, and reading each column by name cost twice the query.
    fields = [parts.c[name] for name in StructureDivision._fields]
    make = StructureDivision._make
    for row in session.execute(
        sa.select(parts.c.source_id, *fields)
        .where(parts.c.source_id.in_(list(divisions)))
        .order_by(parts.c.source_id, parts.c.start, parts.c.id)
    ).all():
        divisions[row[0]].append(make(row[1:]))
    records = {}
    for row in rows:
        record = SourceRecord(
            path=row.path,
            text=row.text,
            language=row.language or "en",
            structure=Structure(divisions=tuple(divisions[row.id])),
            store_id=row.id,
        )
        record.matcher = SourceMatcher(row.text, NormalizedText(row.normalized, OffsetMap.from_bytes(row.offset_runs)))
        records[row.input_file_id] = record
    return records
