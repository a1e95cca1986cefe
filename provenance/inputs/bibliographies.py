"""Bibliography entries into the store and back: .bib files and the pulled Zotero library.

A file the store holds unchanged comes back from its stored works, not parsed
again; a file with a problem is not stored, so that it is read, and its
problems reported, again.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bibliography.bibtex import DUPLICATE_KEY, BibEntry, BibFile, BibProblem, merge_files, parse_bibtex
from bibliography.importing import from_biblatex
from provenance.errors import InputError
from provenance.inputs.config import Config
from provenance.inputs.input_files import InputText, Progress, replace_input, unchanged
from provenance.inputs.project import EntryRecord
from provenance.inputs.zotero import library_records
from provenance.store.model import InputFile, Work
from provenance.text.files import content_hash

#: Source texts the tool reads; an entry's `file` list may also name PDFs and the like.
TEXT_SUFFIXES = (".md", ".markdown", ".txt")


def ingest_bibliographies(
    session: Session, files: list[InputText], known: dict[str, InputFile], note: Progress
) -> tuple[dict[str, EntryRecord], list[BibProblem]]:
    """The entries biber would read from *files*, and each problem in them (findings B006-B008).

    A file with a problem is not stored, so that it is read, and its problems reported, again.
    """
    parsed_files: list[BibFile] = []
    fresh: list[tuple[InputText, BibFile]] = []
    for item in files:
        row = unchanged(item, known)
        if row is not None:
            records = [
                _entry_from_work(work, item.path)
                for work in session.scalars(sa.select(Work).where(Work.bibliography_id == row.id))
            ]
            parsed_files.append(BibFile(item.path, tuple(records), ()))
        else:
            note(f"reading {item.path}")
            parsed = parse_bibtex(item.text, item.path)
            # What an export wrote to fit biber's data model reads back as the fields the rules know.
            read = from_biblatex(parsed.entries)
            parsed_files.append(BibFile(item.path, tuple(_entry_record(e, item) for e in read), parsed.problems))
            fresh.append((item, parsed_files[-1]))
    entries, problems = merge_files(parsed_files)
    # The store holds one work per key: a key defined twice is stored from neither file.
    troubled = {p.path for p in problems}
    twice = {p.key for p in problems if p.kind == DUPLICATE_KEY}
    for item, parsed in fresh:
        if item.path not in troubled and twice.isdisjoint(e.key for e in parsed.entries):
            _store_entries(session, replace_input(session, item, known), cast(list[EntryRecord], list(parsed.entries)))
    # Every file above holds EntryRecords: the reader's BibFile names only their base class.
    return cast(dict[str, EntryRecord], entries), problems


def ingest_zotero_library(
    session: Session, config: Config, entries: dict[str, EntryRecord], known: dict[str, InputFile]
) -> list[InputText]:
    """Add the items pulled from the configured Zotero library to *entries*.

    The library stands as one input whose digest covers its items' versions,
    so a pull that changed them makes the next lint recheck the entries.
    """
    if config.zotero is None:
        return []
    records, versions = library_records(session, config)
    for record in records:
        if record.key in entries:
            first = entries[record.key]
            raise InputError(
                f"Zotero item key {record.key!r} is also defined in {first.path}:{first.line}", path=record.path
            )
        entries[record.key] = record
    marker = f"zotero:{config.zotero.library}"
    data = versions.encode()
    item = InputText(path=marker, absolute=config.root, kind="zotero", digest=content_hash(data), data=data)
    if unchanged(item, known) is None:
        replace_input(session, item, known)
    return [item]


def _entry_record(entry: BibEntry, item: InputText) -> EntryRecord:
    return EntryRecord(
        key=entry.key,
        entry_type=entry.entry_type,
        fields=dict(entry.fields),
        path=item.path,
        line=entry.line,
        field_lines=dict(entry.field_lines),
        column=entry.column,
        field_columns=dict(entry.field_columns),
        source_path=_file_field_path(entry.fields.get("file"), item.path),
    )


def _file_field_path(value: str | None, bib_path: str) -> str | None:
    """The source path an entry's `file` field names, relative to the config.

    Accepts a plain path and the JabRef / Better BibTeX form ``Description:path:Type``
    (several files separated by ``;``): the first text file (.md, .txt) wins, else the first file.
    """
    if not value:
        return None
    paths = []
    for candidate in value.split(";"):
        parts = candidate.split(":")
        # Description:path:Type, where a Windows path brings its own colon (Desc:C:\x.md:Type).
        path = ":".join(parts[1:-1]) if len(parts) >= 3 else candidate
        path = path.strip().replace("\\:", ":")
        if path:
            paths.append(Path(path).as_posix())
    text_files = [p for p in paths if Path(p).suffix.lower() in TEXT_SUFFIXES]
    chosen = text_files or paths
    return chosen[0] if chosen else None


def _store_entries(session: Session, row: InputFile, records: list[EntryRecord]) -> None:
    if not records:
        return  # a file without entries (an executemany of nothing would insert one empty row)
    imported = set(session.scalars(sa.select(Work.key).where(Work.bibliography_id.is_(None))))
    if imported:
        clash = next((r for r in records if r.key in imported), None)
    if imported and clash is not None:
        raise InputError(
            f"key {clash.key!r} is also in the imported library; rename one of them", path=clash.path, line=clash.line
        )
    session.execute(
        sa.insert(Work),
        [
            {
                "key": r.key,
                "entry_type": r.entry_type,
                "fields": r.fields,
                "field_lines": r.field_lines,
                "source_path": r.source_path,
                "bibliography_id": row.id,
                "line": r.line,
            }
            for r in records
        ],
    )


def _entry_from_work(work: Work, path: str) -> EntryRecord:
    return EntryRecord(
        key=work.key,
        entry_type=work.entry_type,
        fields=dict(work.fields),
        path=path,
        line=work.line or 1,
        field_lines=dict(work.field_lines),
        source_path=work.source_path,
    )
