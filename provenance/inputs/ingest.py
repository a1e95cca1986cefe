"""Bringing the project's files into the store, incrementally.

Every input is read and hashed; a file whose hash the store already holds is
not parsed again, its data comes back from the store. All writes of one ingest
happen in one transaction: a failure leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bibliography.bibtex import DUPLICATE_KEY, BibEntry, BibFile, BibProblem, merge_files, parse_bibtex
from bibliography.importing import from_biblatex
from provenance.errors import ConfigError, InputError
from provenance.inputs.config import Config
from provenance.inputs.fingerprint import ENTRY_SOURCE, OUTSIDE, code_signature, fingerprint_of
from provenance.inputs.manuscripts import document_date, extract, syntax_for
from provenance.inputs.manuscripts.model import LineIndex
from provenance.inputs.manuscripts.storage import extract_to_rows, load_extracts
from provenance.inputs.project import EntryRecord, ManuscriptRecord, OutsidePath, ProjectInputs, SourceRecord
from provenance.inputs.structure import Division as StructureDivision
from provenance.inputs.structure import Structure, parse_structure
from provenance.store.database import Store
from provenance.store.model import Division, InputFile, Manuscript, Passage, Source, StoreState, Work
from provenance.text.files import content_hash, decode_text, read_bytes
from provenance.text.matching import NormalizedText, OffsetMap, SourceMatcher
from provenance.text.paragraphs import paragraph_spans
from provenance.text.scripts import text_language

Progress = Callable[[str], None]
#: Source texts the tool reads; an entry's `file` list may also name PDFs and the like.
TEXT_SUFFIXES = (".md", ".markdown", ".txt")
#: StoreState name of the code that read the stored inputs.
READER_CODE = "ingest-code"


@dataclass(frozen=True)
class InputText:
    """One input file read from disk: its project-relative path, bytes' hash and text."""

    path: str
    absolute: Path
    kind: str
    digest: str
    data: bytes

    @property
    def text(self) -> str:
        return decode_text(self.data, shown_as=self.path)


def ingest(
    store: Store, config: Config, progress: Progress | None = None, *, session: Session | None = None
) -> ProjectInputs:
    """Sync the store with the files the config names and return the project.

    Given *session*, the writes join that transaction instead of committing on their own.
    """
    if session is None:
        with store.transaction() as own:
            return ingest(store, config, progress, session=own)
    note = progress or (lambda _message: None)
    bibliographies = [_read(config, path, "bibliography") for path in config.bibliography_files()]
    manuscripts = [_read(config, path, "manuscript") for path in config.manuscript_files()]
    known = _reusable_inputs(session)
    entries, bibliography_problems = _ingest_bibliographies(session, bibliographies, known, note)
    outside = [_configured_outside(config, escape) for escape in config.escapes()]
    entries = {key: _located(config, entry, outside) for key, entry in entries.items()}
    library = _ingest_zotero_library(session, config, entries, known)
    configured_sources = {config.relative(path): None for path in config.source_files()}
    source_paths = dict(configured_sources)
    for entry in entries.values():
        if entry.source_path:
            source_paths.setdefault(entry.source_path, None)
    sources_read = [_read_source(config, path, entries) for path in source_paths]
    _refuse_double_roles(config, [*bibliographies, *sources_read, *manuscripts])
    sources = _ingest_sources(session, sources_read, known, note)
    for entry in entries.values():
        if entry.source_path in sources:
            sources[entry.source_path].entry_keys.append(entry.key)
    records = _ingest_manuscripts(session, manuscripts, known, note)
    current = {item.path for item in [*bibliographies, *library, *sources_read, *manuscripts]}
    removed = set(known) - current
    if removed:
        session.execute(sa.delete(InputFile).where(InputFile.path.in_(removed)))
    # A source only an entry's `file` names is told apart, so that a warm lint can tell
    # it from a source the config stopped naming.
    inputs = tuple(
        (
            ENTRY_SOURCE if item.kind == "source" and item.path not in configured_sources else item.kind,
            item.path,
            item.digest,
        )
        for item in [*bibliographies, *library, *sources_read, *manuscripts]
    )
    # Configured paths that lead outside count as inputs: a warm lint must notice one appear or go.
    inputs += tuple((OUTSIDE, escape.shown, str(escape.target)) for escape in config.escapes())
    return ProjectInputs(
        entries=entries,
        sources=sources,
        manuscripts=records,
        fingerprint=fingerprint_of(inputs),
        inputs=inputs,
        outside=outside,
        bibliography_problems=tuple(bibliography_problems),
    )


def _configured_outside(config: Config, escape) -> OutsidePath:
    shown = config.relative(config.path) if config.path else str(config.root)
    text = config.path.read_text(encoding="utf-8") if config.path else ""
    at = max(text.find(f'"{escape.pattern}"'), text.find(f"'{escape.pattern}'"))
    return OutsidePath(
        path=shown,
        line=text.count("\n", 0, at) + 1 if at >= 0 else 1,
        message=f"`{escape.key}` entry {escape.pattern!r} matches {escape.shown}, which resolves "
        f"to {escape.target}, outside the project: not read",
    )


def _located(config: Config, entry: EntryRecord, outside: list[OutsidePath]) -> EntryRecord:
    """*entry* with its `file` path as the config's folder sees it, or none if it leads outside the project.

    ``sources/../sources/x.md``, an absolute path inside the project and a symlink all name
    the file by the same path the config's `sources` give it, so the entry links to that source.
    """
    if not entry.source_path:
        return entry
    named = config.root / entry.source_path  # an absolute path replaces the root
    if config.contains(named):
        return replace(entry, source_path=config.relative(named.resolve()))
    outside.append(
        OutsidePath(
            path=entry.path,
            line=entry.field_line("file"),
            message=f"entry {entry.key!r}: `file` names {entry.source_path[:200]!r}, "
            "which resolves outside the project: not read",
        )
    )
    return replace(entry, source_path=None)


def _refuse_double_roles(config: Config, items: list[InputText]) -> None:
    """A file is a bibliography, a source or a manuscript: checked against itself, a quotation proves nothing."""
    roles: dict[str, str] = {}
    for item in items:
        if roles.setdefault(item.path, item.kind) != item.kind:
            raise ConfigError(
                f"{item.path} is both a {roles[item.path]} and a {item.kind}; a file can only be one of them",
                path=str(config.path or config.root),
            )


def _read(config: Config, absolute: Path, kind: str) -> InputText:
    shown = config.relative(absolute)
    data = read_bytes(absolute, shown_as=shown)
    return InputText(path=shown, absolute=absolute, kind=kind, digest=content_hash(data), data=data)


def _read_source(config: Config, path: str, entries: dict[str, EntryRecord]) -> InputText:
    absolute = config.root / path
    try:
        problem = (
            None
            if absolute.is_file()
            else ("a folder, not a text file" if absolute.is_dir() else "which does not exist")
        )
    except OSError as error:  # a name too long for the file system
        problem = f"which cannot be opened ({error.strerror})"
    citing = next((e for e in entries.values() if e.source_path == path), None) if problem else None
    if citing is not None:
        raise InputError(
            f"entry {citing.key!r}: `file` names {path[:200]!r}, {problem}",
            path=citing.path,
            line=citing.field_line("file"),
        )
    return _read(config, absolute, "source")


def _reusable_inputs(session: Session) -> dict[str, InputFile]:
    """The stored inputs by path; none counts as unchanged when other code read them.

    Another version of the readers may take other things from the same bytes (a
    new heading shape, a new form of quotation), so what it stored is read again.
    """
    known = {row.path: row for row in session.scalars(sa.select(InputFile))}
    signature = code_signature()
    state = session.scalar(sa.select(StoreState).where(StoreState.name == READER_CODE))
    if state is None or state.value != signature:
        for row in known.values():
            row.content_hash = ""
        if state is None:
            session.add(StoreState(name=READER_CODE, value=signature))
        else:
            state.value = signature
    return known


def _unchanged(item: InputText, known: dict[str, InputFile]) -> InputFile | None:
    row = known.get(item.path)
    return row if row is not None and row.content_hash == item.digest else None


def _replace_input(session: Session, item: InputText, known: dict[str, InputFile]) -> InputFile:
    """A fresh InputFile row for *item*, dropping whatever the old one carried."""
    old = known.get(item.path)
    if old is not None:
        session.delete(old)
        session.flush()
    row = InputFile(path=item.path, kind=item.kind, content_hash=item.digest)
    session.add(row)
    session.flush()
    return row


# Bibliographies ---------------------------------------------------------------------------


def _ingest_bibliographies(
    session: Session, files: list[InputText], known: dict[str, InputFile], note: Progress
) -> tuple[dict[str, EntryRecord], list[BibProblem]]:
    """The entries biber would read from *files*, and each problem in them (findings B006-B008).

    A file with a problem is not stored, so that it is read, and its problems reported, again.
    """
    parsed_files: list[BibFile] = []
    fresh: list[tuple[InputText, BibFile]] = []
    for item in files:
        row = _unchanged(item, known)
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
            _store_entries(session, _replace_input(session, item, known), cast(list[EntryRecord], list(parsed.entries)))
    # Every file above holds EntryRecords: the reader's BibFile names only their base class.
    return cast(dict[str, EntryRecord], entries), problems


def _ingest_zotero_library(
    session: Session, config: Config, entries: dict[str, EntryRecord], known: dict[str, InputFile]
) -> list[InputText]:
    """Add the items pulled from the configured Zotero library to *entries*.

    The library stands as one input whose digest covers its items' versions,
    so a pull that changed them makes the next lint recheck the entries.
    """
    if config.zotero is None:
        return []
    from provenance.inputs.zotero import library_records

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
    if _unchanged(item, known) is None:
        _replace_input(session, item, known)
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
                "title": r.fields.get("title"),
                "original_title": r.fields.get("origtitle"),
                "language": r.fields.get("langid") or r.fields.get("language"),
                "issued": r.fields.get("date") or r.fields.get("year"),
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


# Sources ---------------------------------------------------------------------------------


def _ingest_sources(
    session: Session, files: list[InputText], known: dict[str, InputFile], note: Progress
) -> dict[str, SourceRecord]:
    unchanged = {item.path: row.id for item in files if (row := _unchanged(item, known)) is not None}
    stored = _stored_sources(session, list(unchanged.values()))
    sources: dict[str, SourceRecord] = {}
    for item in files:
        if item.path in unchanged:
            sources[item.path] = stored[unchanged[item.path]]
        else:
            note(f"reading {item.path}")
            text = item.text
            record = SourceRecord(
                path=item.path, text=text, language=text_language(text), structure=parse_structure(text)
            )
            record.store_id = _store_source(session, _replace_input(session, item, known), item, record)
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
    for d in session.execute(
        sa.select(parts)
        .where(parts.c.source_id.in_(list(divisions)))
        .order_by(parts.c.source_id, parts.c.start, parts.c.id)
    ):
        divisions[d.source_id].append(
            StructureDivision(
                kind=d.kind,
                number=d.number,
                label=d.label,
                title=d.title,
                start=d.start,
                end=d.end,
                line=d.line,
                depth=d.depth,
            )
        )
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


# Manuscripts -----------------------------------------------------------------------------


def _ingest_manuscripts(
    session: Session, files: list[InputText], known: dict[str, InputFile], note: Progress
) -> list[ManuscriptRecord]:
    unchanged = {item.path: row for item in files if (row := _unchanged(item, known)) is not None}
    stored = (
        {
            m.input_file_id: m
            for m in session.scalars(
                sa.select(Manuscript).where(Manuscript.input_file_id.in_([row.id for row in unchanged.values()]))
            )
        }
        if unchanged
        else {}
    )
    extracts = load_extracts(session, list(stored.values())) if stored else {}
    records = []
    for item in files:
        syntax = syntax_for(item.path)
        if item.path in unchanged:
            manuscript = stored[unchanged[item.path].id]
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
            input_file_id=_replace_input(session, item, known).id,
            path=item.path,
            syntax=syntax,
            line_starts=lines.starts,
        )
        extract_to_rows(session, manuscript, found)
        records.append(ManuscriptRecord(item.path, syntax, found, lines, document_date(text, syntax)))
    return records
