"""Manuscripts into the store and back: their citations, quotations and line index."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from provenance.errors import InputError
from provenance.inputs.input_files import InputText, Progress, replace_input, unchanged
from provenance.inputs.manuscripts import document_date, extract, syntax_for
from provenance.inputs.manuscripts.model import LineIndex
from provenance.inputs.manuscripts.storage import extract_to_rows, load_extracts
from provenance.inputs.project import ManuscriptRecord
from provenance.store.model import InputFile, Manuscript


def ingest_manuscripts(
    session: Session, files: list[InputText], known: dict[str, InputFile], note: Progress
) -> list[ManuscriptRecord]:
    kept = {item.path: row for item in files if (row := unchanged(item, known)) is not None}
    stored = (
        {
            m.input_file_id: m
            for m in session.scalars(
                sa.select(Manuscript).where(Manuscript.input_file_id.in_([row.id for row in kept.values()]))
            )
        }
        if kept
        else {}
    )
    extracts = load_extracts(session, list(stored.values())) if stored else {}
    records = []
    for item in files:
        syntax = syntax_for(item.path)
        if item.path in kept:
            manuscript = stored[kept[item.path].id]
            lines = LineIndex.from_starts(manuscript.line_starts)
            records.append(
                ManuscriptRecord(item.path, syntax, extracts[manuscript.id], lines, document_date(item.text, syntax))
            )
            continue
        note(f"reading {item.path}")
        text = item.text
        if not text.strip():
            raise InputError("empty manuscript: nothing to check", path=item.path, line=1)
        found = extract(text, syntax)
        lines = LineIndex(text)
        manuscript = Manuscript(
            input_file_id=replace_input(session, item, known).id,
            path=item.path,
            syntax=syntax,
            line_starts=lines.starts,
        )
        extract_to_rows(session, manuscript, found)
        records.append(ManuscriptRecord(item.path, syntax, found, lines, document_date(text, syntax)))
    return records
